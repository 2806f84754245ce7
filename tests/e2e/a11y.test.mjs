// The accessibility gate: axe-core (pinned in tools/package.json) on the connect page and the chat
// page, inspector closed and open, light and dark, phone and desktop, English and Russian.
// Any serious or critical violation fails the test, printed with the elements it concerns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import {
  launch, sharedBroker, openApp, connectAs, joinRoom, say, shot, ENGINE, ROOT,
} from './helpers.mjs';

const tools = process.env.TOOLS_NODE_MODULES || join(ROOT, 'tools', 'node_modules');
const AXE = join(tools, 'axe-core', 'axe.min.js');
const VIEWS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
let browser, broker;
const minor = new Set();

before(async () => {
  assert.ok(existsSync(AXE), `axe-core not installed at ${AXE}: run scripts/install-tools.sh app`);
  broker = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await broker?.stop();
});

/** Runs axe on the page as it is now; returns the serious and critical violations, readably. */
async function audit(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // Animations and transitions off, so colours are measured as they settle.
    const style = document.createElement('style');
    style.textContent = '*,*::before,*::after{transition:none!important;animation:none!important}';
    document.head.append(style);
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    style.remove();
    return result.violations;
  });
  // Moderate and minor ones are reported, not failed on.
  for (const v of violations.filter((x) => x.impact !== 'serious' && x.impact !== 'critical')) {
    minor.add(`${v.impact} ${v.id}: ${v.help}`);
  }
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) =>
      `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')}`
      + (v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : ''));
}

const combos = [];
for (const locale of ['en-US', 'ru-RU']) {
  for (const colorScheme of ['light', 'dark']) {
    for (const view of Object.keys(VIEWS)) combos.push({ locale, colorScheme, view });
  }
}

test('axe: no serious or critical violation on the connect and chat pages', { skip: ENGINE !== 'chromium' }, async () => {
  const found = [];
  const room = `a11y-${Date.now().toString(36)}`;
  // Someone else in the room, so others' messages and a private one are on the page too.
  const peer = await openApp(browser, broker.url);
  await connectAs(peer, 'a11y-peer');
  await joinRoom(peer, room);
  for (const { locale, colorScheme, view } of combos) {
    const name = `${view}-${colorScheme}-${locale.slice(0, 2)}`;
    const page = await openApp(browser, broker.url, { ...VIEWS[view], locale, colorScheme, bypassCSP: true });
    const check = async (where) => {
      for (const v of await audit(page)) found.push(`[${where} ${name}] ${v}`);
    };
    await check('connect');
    // The nickname's error message, shown when Connect is pressed without one.
    await page.click('#connect');
    await page.locator('#nick-error').waitFor();
    await check('connect+error');

    const nick = `a11y-${name}`;
    await connectAs(page, nick);
    await joinRoom(page, room);
    // Messages of every kind that draws differently: own, another's, with links in both.
    await say(page, `hello from ${nick}, see https://example.test/docs`);
    await say(peer, `hi ${nick}, read https://example.test/faq`);
    await page.locator('.msg__text', { hasText: `hi ${nick}` }).waitFor();
    if (view === 'phone' && await page.locator('#join-room').isVisible()) {
      await page.keyboard.press('Escape');
    }
    await check('chat');
    await shot(page, `a11y-chat-${name}`);

    await page.click('#toggle-inspector');
    await page.locator('.inspector').waitFor();
    await check('chat+inspector');
    await page.context().close();
  }
  await peer.context().close();
  if (minor.size) console.log(`axe, below the gate:\n  ${[...minor].join('\n  ')}`);
  assert.deepEqual(found, [], `axe found serious/critical violations:\n${found.join('\n')}`);
});

test('axe: no serious or critical violation on the form drawn before the app starts', { skip: ENGINE !== 'chromium' }, async () => {
  const found = [];
  for (const { locale, colorScheme, view } of combos) {
    const name = `${view}-${colorScheme}-${locale.slice(0, 2)}`;
    const context = await browser.newContext({ viewport: VIEWS[view], locale, colorScheme, bypassCSP: true });
    // The app never starts here: index.html's own form (boot/boot.js) is what is audited.
    await context.route('**/*.wasm', () => {});
    const page = await context.newPage();
    await page.goto(broker.url, { waitUntil: 'domcontentloaded' });
    await page.locator('#boot #nickname').waitFor();
    for (const v of await audit(page)) found.push(`[early ${name}] ${v}`);
    await page.click('.connect__summary');
    await page.locator('#boot #server-url').waitFor();
    for (const v of await audit(page)) found.push(`[early+server ${name}] ${v}`);
    await context.close();
  }
  if (minor.size) console.log(`axe, below the gate:\n  ${[...minor].join('\n  ')}`);
  assert.deepEqual(found, [], `axe found serious/critical violations:\n${found.join('\n')}`);
});
