// The connect screen, the keyboard, and the tab while away, in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, startBroker, freePort, openApp, openServer, connectAs, joinRoom, say, shot,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
let browser, broker;
const pages = [];

before(async () => {
  // Its own broker: one test stops it to see the reconnect countdown.
  broker = await startBroker();
  browser = await launch();
});

after(async () => {
  const errors = pages.flatMap((p) => p.errors.map(String));
  await browser?.close();
  await broker?.stop();
  assert.deepEqual(errors, [], 'no page errors');
});

/** Closes a page whose test is over, checking it logged no errors. */
async function done(page) {
  assert.deepEqual(page.errors.map(String), [], 'no page errors');
  pages.splice(pages.indexOf(page), 1);
  await page.context().close();
}

async function open(opts) {
  const page = await openApp(browser, broker.url, opts);
  pages.push(page);
  return page;
}

const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className);

/** Pretends the tab was hidden or shown: headless Chromium never hides a page by itself. */
async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('connect screen: nickname first and focused, the server folded with its choice shown', async () => {
  const page = await open();
  assert.equal(await focused(page), 'nickname');
  assert.equal(await page.locator('#server-url').isVisible(), false, 'server section starts closed');
  const choice = page.locator('#server-choice');
  assert.equal(await choice.innerText(), `ws://127.0.0.1:${broker.port}/ws · Dev broker`);
  assert.equal(await page.locator('#connect-joins').innerText(), 'You will join #general');
  await shot(page, 'ux-connect-desktop-light');
  await openServer(page);
  await page.selectOption('#profile', 'spring-tutorial');
  assert.match(await choice.innerText(), / · Spring tutorial$/);
  assert.equal(await page.locator('#connect-joins').innerText(), 'You will join #public',
    'a one-room server joins its room');
  await page.fill('#server-url', 'ws://example.test/ws');
  assert.match(await choice.innerText(), /^ws:\/\/example\.test\/ws · /);
  await shot(page, 'ux-connect-desktop-light-open');

  for (const [locale, colorScheme, name] of [
    ['en-US', 'dark', 'ux-connect-phone-dark'], ['ru-RU', 'light', 'ux-connect-phone-ru'],
    ['ru-RU', 'dark', 'ux-connect-desktop-ru-dark'],
  ]) {
    const view = name.includes('phone') ? PHONE : { width: 1280, height: 800 };
    const p = await open({ ...view, locale, colorScheme });
    if (locale === 'ru-RU') {
      assert.equal(await p.locator('#connect-joins').innerText(), 'Вы войдёте в #general');
      assert.match(await p.locator('#server-choice').innerText(), / · Dev-брокер$/);
    }
    await shot(p, name);
    await done(p);
  }
});

test('a failed connection opens the server section with the error', async () => {
  const page = await open();
  const nowhere = `ws://127.0.0.1:${await freePort()}/ws`;
  await openServer(page);
  await page.fill('#server-url', nowhere);
  await page.locator('.connect__summary').click();
  assert.equal(await page.locator('#server-url').isVisible(), false, 'closed again on demand');
  await page.fill('#nickname', 'ann');
  await page.click('#connect');
  // Nothing listens there: the app retries; disconnecting returns to the form.
  await page.locator('.status--warn').waitFor({ timeout: 20000 });
  await page.click('#disconnect');
  await page.locator('#nickname').waitFor();
  assert.equal(await page.inputValue('#server-url'), nowhere);
  assert.equal(await page.locator('#server-url').isVisible(), true,
    'a URL other than this page\'s own shows the server section open');
  page.errors = page.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(String(e)));
  await done(page);
});

test('keyboard: composer focused after connecting and switching rooms; Escape closes panels', async () => {
  const page = await open();
  await connectAs(page, 'kay');
  await page.locator('#composer-text').waitFor();
  assert.equal(await focused(page), 'composer-text', 'after connecting');
  await joinRoom(page, 'kb-side');
  assert.equal(await focused(page), 'composer-text', 'after joining');
  await page.locator('.rooms__select', { hasText: '#general' }).click();
  await page.locator('.chat__title', { hasText: '#general' }).waitFor();
  assert.equal(await focused(page), 'composer-text', 'after switching rooms');

  await page.click('#toggle-inspector');
  await page.locator('.inspector').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.inspector').waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'toggle-inspector', 'focus returns to the button');

  await page.setViewportSize(PHONE);
  const menu = page.locator('.status__menu');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#join-room').isVisible(), false, 'closed drawer is hidden');
  // Tabbing through the whole page never lands in the closed drawer.
  await menu.focus();
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const inDrawer = await page.evaluate(() => Boolean(document.activeElement?.closest('#sidebar')));
    assert.equal(inDrawer, false, `Tab ${i + 1} stays out of the closed drawer`);
  }
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.locator('#join-room').waitFor();
  await page.waitForTimeout(400); // the drawer slides in
  await shot(page, 'ux-drawer-phone');
  await page.keyboard.press('Escape');
  await page.locator('#join-room').waitFor({ state: 'hidden' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await focused(page), 'status__menu icon-button', 'focus returns to ☰');
  await done(page);
});

test('hidden tab: unread count in the title and a badge on the icon, cleared when read', async () => {
  const ann = await open();
  const bob = await open();
  await connectAs(ann, 'ann');
  await connectAs(bob, 'bob');
  const room = `away-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  await joinRoom(bob, room);
  const icon = () => bob.locator('link[rel~="icon"]').getAttribute('href');
  assert.equal(await bob.title(), 'STOMP Chat');
  assert.doesNotMatch(await icon(), /circle/);

  await setHidden(bob, true);
  for (const n of [1, 2, 3]) await say(ann, `while away ${n}`);
  await bob.locator('.msg__text', { hasText: 'while away 3' }).waitFor();
  await bob.waitForFunction(() => document.title === '(3) STOMP Chat');
  assert.match(decodeURIComponent(await icon()), /<circle[^>]*>.*>3<\/text>/);
  await say(bob, 'my own words');
  await ann.locator('.msg__text', { hasText: 'my own words' }).waitFor();
  await bob.waitForTimeout(300);
  assert.equal(await bob.title(), '(3) STOMP Chat', 'own messages never count');

  await setHidden(bob, false);
  await bob.waitForFunction(() => document.title === 'STOMP Chat');
  assert.doesNotMatch(await icon(), /circle/, 'badge cleared when read');

  // A room not in view counts while the tab shows.
  await bob.locator('.rooms__select', { hasText: '#general' }).click();
  await say(ann, 'in the other room');
  await bob.waitForFunction(() => document.title === '(1) STOMP Chat');
  await bob.locator('.rooms__select', { hasText: `#${room}` }).click();
  await bob.waitForFunction(() => document.title === 'STOMP Chat');
  await done(ann);
  await done(bob);
});

test('reconnecting: the live region says "connection lost" once, the countdown ticks outside it', async () => {
  const page = await open();
  await connectAs(page, 'rita');
  await broker.stop();
  await page.locator('.status--warn').waitFor({ timeout: 20000 });
  const live = page.locator('.status [role="status"]');
  const first = await live.innerText();
  assert.match(first, /^Connection lost\./);
  const countdown = page.locator('.status__countdown');
  const before = await countdown.innerText();
  assert.match(before, /^Retrying in \d+ seconds?$/);
  assert.equal(await live.locator('.status__countdown').count(), 0, 'countdown is outside');
  await shot(page, 'ux-reconnecting-desktop');
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(400); // the sidebar slides out as the phone layout applies
  await shot(page, 'ux-reconnecting-phone');
  await page.waitForTimeout(1200);
  if (await page.locator('.status--warn').count()) {
    assert.equal(await live.innerText(), first, 'the live region did not change');
  }
  // Chromium logs each refused reconnect attempt; nothing else may appear.
  page.errors = page.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(String(e)));
  await done(page);
});
