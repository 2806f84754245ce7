// The frame inspector in real Chromium: pretty JSON bodies, byte sizes, export as JSON Lines,
// Escape, and a phone-sized sheet with a way out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, sharedBroker, openApp, connectAs, say, shot } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
let browser, broker;

before(async () => {
  broker = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await broker?.stop();
});

async function openInspector(page) {
  await page.click('#toggle-inspector');
  await page.locator('.inspector').waitFor();
}

test('JSON bodies pretty-printed, sizes shown, the log exported as JSON Lines, Escape closes', async () => {
  const page = await openApp(browser, broker.url);
  await connectAs(page, 'ins');
  await say(page, 'look at my frame');
  await page.locator('.msg[data-status="delivered"]').waitFor();
  await openInspector(page);
  await page.fill('#frame-filter', 'SEND');
  const send = page.locator('.frame--out')
    .filter({ has: page.locator('.frame__summary', { hasText: /^\/app\/chat\/general$/ }) }).first();
  assert.match(await send.locator('.frame__size').innerText(), /^\d+ B$/);
  await send.locator('.frame__row').click();
  const body = await send.locator('.frame__body').innerText();
  assert.match(body, /^\{\n {2}"type": "CHAT",\n/, 'indented, keys in wire order');
  assert.match(body, /"content": "look at my frame"/);
  await shot(page, 'inspector-desktop-light');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('.inspector__bar button[title^="Download"]'),
  ]);
  assert.equal(download.suggestedFilename(), 'stomp-frames.jsonl');
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const commands = lines.map((l) => l.command).filter(Boolean);
  assert.equal(commands[0], 'CONNECT');
  assert.ok(commands.includes('CONNECTED') && commands.includes('SEND'), commands.join());
  const sent = lines.find((l) => l.command === 'SEND' && l.body.includes('look at my frame'));
  assert.equal(sent.dir, 'out');
  assert.ok(sent.bytes > sent.bodyBytes, 'the frame is bigger than its body');
  assert.ok(!JSON.stringify(lines).includes('passcode":"'), 'no passcode in the export');

  await page.keyboard.press('Escape');
  await page.locator('.inspector').waitFor({ state: 'detached' });
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('on a phone the inspector is a full-screen sheet with a close button; both themes, ru', async () => {
  for (const [locale, colorScheme, name] of [
    ['en-US', 'light', 'inspector-phone-light'], ['en-US', 'dark', 'inspector-phone-dark'],
    ['ru-RU', 'dark', 'inspector-phone-ru-dark'],
  ]) {
    const page = await openApp(browser, broker.url, { ...PHONE, locale, colorScheme });
    await connectAs(page, `ph${colorScheme}`);
    await say(page, '{"json": "from a phone"}');
    await openInspector(page);
    const box = await page.locator('.inspector').boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, PHONE.width, PHONE.height], 'covers the screen');
    const close = page.locator('.inspector__bar .icon-button');
    const c = await close.boundingBox();
    assert.ok(c.x + c.width <= PHONE.width && c.y >= 0 && c.y + c.height < 80, 'close button on screen, at the top');
    await page.locator('.frame--out .frame__row').last().click();
    await shot(page, name);
    await close.click();
    await page.locator('.inspector').waitFor({ state: 'detached' });
    await page.locator('#composer-text').waitFor();
    assert.deepEqual(page.errors.map(String), []);
    await page.context().close();
  }
  const page = await openApp(browser, broker.url, { colorScheme: 'dark', locale: 'ru-RU' });
  await connectAs(page, 'insru');
  await openInspector(page);
  await shot(page, 'inspector-desktop-ru-dark');
  await page.context().close();
});
