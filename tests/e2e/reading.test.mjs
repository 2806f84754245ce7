// Reading a room, in real Chromium with two people: the "New messages" divider and opening at
// the first unread message, day separators, @mentions and nickname completion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedBroker, openApp, connectAs, joinRoom, say, shot } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;
let browser, broker;
const pages = [];

before(async () => {
  broker = await sharedBroker();
  browser = await launch();
});

after(async () => {
  const errors = pages.flatMap((p) => p.errors.map(String));
  await browser?.close();
  await broker?.stop();
  assert.deepEqual(errors, [], 'no page errors');
});

async function open(opts = {}) {
  const page = await openApp(browser, broker.url, opts);
  pages.push(page);
  return page;
}

/** Opens the app with the browser's clock at `time` (it runs on from there). */
async function openAt(time, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'en-US', colorScheme: opts.colorScheme ?? 'light',
  });
  await context.clock.install({ time });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(new Error(m.text())); });
  await page.goto(broker.url);
  await page.locator('#nickname').waitFor();
  pages.push(page);
  return page;
}

const unique = (name) => `${name}-${Date.now().toString(36)}`;
const roomButton = (page, room) => page.locator('.rooms__select', { hasText: `#${room}` });
const dividers = (page) => page.locator('.msg-divider');

/** Publishes chat messages straight to a room's topic over STOMP, as any publisher may,
 *  with the timestamps given; returns once the broker has receipted the last. */
async function publish(page, room, messages) {
  const url = `${broker.url.replace(/^http/, 'ws')}/ws`;
  await page.evaluate(async ({ url, room, messages }) => {
    const ws = new WebSocket(url, ['v12.stomp']);
    const inbox = [];
    let wake = () => {};
    ws.onmessage = (e) => { inbox.push(String(e.data)); wake(); };
    const until = async (pred) => {
      while (!inbox.some(pred)) await new Promise((ok) => { wake = ok; });
    };
    await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
    ws.send('CONNECT\naccept-version:1.2\nhost:localhost\n\n\0');
    await until((f) => f.startsWith('CONNECTED'));
    messages.forEach((m, i) => {
      const body = JSON.stringify({ type: 'CHAT', room, ...m });
      ws.send(`SEND\ndestination:/topic/chat/${room}\ncontent-type:application/json\nreceipt:r${i}\n\n${body}\0`);
    });
    await until((f) => f.includes(`receipt-id:r${messages.length - 1}`));
    ws.close();
  }, { url, room, messages });
}

test('a room with unread messages opens at a "New messages" divider above the first of them', async () => {
  const ann = await open();
  const bob = await open();
  await connectAs(ann, 'ann');
  await connectAs(bob, 'bob');
  const room = unique('div');
  await joinRoom(bob, room);
  await joinRoom(ann, room);
  for (let i = 1; i <= 8; i++) await say(bob, `already read ${i}`);
  await ann.locator('.msg__text', { hasText: 'already read 8' }).waitFor();
  assert.equal(await dividers(ann).count(), 0, 'read as they arrive: no divider');

  await roomButton(ann, 'general').click();
  for (let i = 1; i <= 30; i++) await say(bob, `unread ${i}`);
  await roomButton(ann, room).locator('.badge', { hasText: '30' }).waitFor();

  await roomButton(ann, room).click();
  await dividers(ann).waitFor();
  assert.equal(await dividers(ann).innerText(), 'NEW MESSAGES');
  // The divider sits right above the first unread message.
  const next = await dividers(ann).evaluate((d) => d.nextElementSibling.querySelector('.msg__text').textContent);
  assert.equal(next, 'unread 1');
  await ann.waitForTimeout(300);
  const view = await ann.evaluate(() => {
    const list = document.querySelector('.messages__scroll');
    const d = document.querySelector('.msg-divider').getBoundingClientRect();
    const box = list.getBoundingClientRect();
    return {
      dividerTop: d.top - box.top, height: box.height,
      fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight,
    };
  });
  assert.ok(view.dividerTop >= 0 && view.dividerTop < view.height / 3,
    `the divider is near the top of the list (${JSON.stringify(view)})`);
  assert.ok(view.fromBottom > 100, 'not opened at the bottom');
  assert.equal(await roomButton(ann, room).locator('.badge').count(), 0, 'opened: read');
  await shot(ann, 'reading-divider-desktop-light');

  // Messages arriving now are read as they come: the divider stays where it was.
  await say(bob, 'while reading');
  await ann.locator('.msg__text', { hasText: 'while reading' }).waitFor();
  assert.equal(await dividers(ann).count(), 1);

  // Leaving the room reads it: back there, no divider.
  await roomButton(ann, 'general').click();
  await roomButton(ann, room).click();
  await ann.locator('.chat__title', { hasText: `#${room}` }).waitFor();
  assert.equal(await dividers(ann).count(), 0, 'gone once left');

  // The same on a phone, in Russian, dark.
  const vera = await open({ ...PHONE, locale: 'ru-RU', colorScheme: 'dark' });
  await connectAs(vera, 'вера');
  await joinRoom(vera, room);
  await vera.click('.status__menu');
  await roomButton(vera, 'general').click();
  for (let i = 1; i <= 3; i++) await say(bob, `пропущено ${i}`);
  await vera.click('.status__menu');
  await roomButton(vera, room).locator('.badge', { hasText: '3' }).waitFor();
  await roomButton(vera, room).click();
  await dividers(vera).waitFor();
  assert.equal(await dividers(vera).innerText(), 'НОВЫЕ СООБЩЕНИЯ');
  await vera.waitForTimeout(400);
  await shot(vera, 'reading-divider-phone-ru-dark');
  await vera.context().close();
  await ann.context().close();
  await bob.context().close();
  pages.length = 0;
});

test('day separators: Today, Yesterday, else the weekday and date in the page\'s language', async () => {
  const bob = await open();
  await connectAs(bob, 'bob');
  const room = unique('days');
  await joinRoom(bob, room);
  await say(bob, 'said two days before');
  // Ann's clock is two days ahead: the broker-stamped history is two days old for her.
  const now = Date.now() + 2 * DAY;
  const ann = await openAt(now);
  await connectAs(ann, 'ann');
  await joinRoom(ann, room);
  await ann.locator('.msg__text', { hasText: 'said two days before' }).waitFor();
  await publish(bob, room, [
    { sender: 'cat', content: 'said yesterday', timestamp: now - DAY, id: unique('y') },
    { sender: 'cat', content: 'said today', timestamp: now, id: unique('t') },
  ]);
  await ann.locator('.msg__text', { hasText: 'said today' }).waitFor();
  const seps = await ann.locator('.msg-day').allInnerTexts();
  const old = await ann.evaluate((t) => new Date(t).toLocaleDateString('en-GB',
    { weekday: 'long', day: 'numeric', month: 'long' }), now - 2 * DAY);
  assert.match(old, /^[A-Z][a-z]+day,? \d{1,2} [A-Z][a-z]+$/);
  assert.deepEqual(seps, [old, 'Yesterday', 'Today']);
  // The old message keeps its time beside its date, not the time alone.
  const first = ann.locator('.msg-day').first();
  assert.equal(await first.evaluate((d) => d.nextElementSibling.querySelector('.msg__text').textContent),
    'said two days before');
  await shot(ann, 'reading-days-desktop-light');

  for (const [locale, colorScheme, view, name] of [
    ['ru-RU', 'dark', PHONE, 'reading-days-phone-ru-dark'],
    ['en-US', 'dark', { width: 1280, height: 800 }, 'reading-days-desktop-dark'],
  ]) {
    const p = await openAt(now, { ...view, locale, colorScheme });
    await connectAs(p, locale === 'ru-RU' ? 'ваня' : 'dan');
    await joinRoom(p, room);
    await p.locator('.msg__text', { hasText: 'said two days before' }).waitFor();
    const label = await p.locator('.msg-day').first().innerText();
    if (locale === 'ru-RU') assert.match(label, /^[а-я]+, \d{1,2} [а-я]+$/, label);
    await shot(p, name);
    await p.context().close();
  }
  await ann.context().close();
  await bob.context().close();
  pages.length = 0;
});

test('at midnight "Today" turns into "Yesterday" without any new message', async () => {
  // Twenty seconds before a UTC midnight, in a page whose zone is UTC.
  const midnight = Math.ceil((Date.now() + 3 * DAY) / DAY) * DAY;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  await context.clock.install({ time: midnight - 20_000 });
  const ann = await context.newPage();
  ann.errors = [];
  ann.on('pageerror', (e) => ann.errors.push(e));
  pages.push(ann);
  try {
    await ann.goto(broker.url);
    await connectAs(ann, 'ann');
    const room = unique('midnight');
    await joinRoom(ann, room);
    await publish(ann, room, [{ sender: 'cat', content: 'said before midnight', timestamp: midnight - 15_000, id: unique('m') }]);
    await ann.locator('.msg__text', { hasText: 'said before midnight' }).waitFor();
    // The separator above the message (the room's own "joined" line is stamped by the broker's
    // real clock, days earlier than this page's).
    const label = () => ann.locator('.msg-day').last().innerText();
    assert.equal(await label(), 'Today');
    await context.clock.fastForward(30_000);
    await ann.locator('.msg-day', { hasText: 'Yesterday' }).waitFor({ timeout: 5_000 });
    assert.equal(await label(), 'Yesterday');
    assert.deepEqual(ann.errors.map(String), [], 'no page errors');
  } finally {
    await context.close();
    pages.length = 0;
  }
});

test('mentions: highlighted for the one mentioned, counted apart, and completed by keyboard', async () => {
  const ann = await open();
  const bob = await open({ colorScheme: 'dark' });
  await connectAs(ann, 'ann');
  await connectAs(bob, 'bob');
  const room = unique('at');
  await joinRoom(ann, room);
  await joinRoom(bob, room);
  await roomButton(ann, 'general').click();
  await say(bob, '@ann could you look at this?');
  await say(bob, 'and @cat too');
  await say(bob, 'mail me at bob@example.com');
  await roomButton(ann, room).locator('.badge', { hasText: '3' }).waitFor();
  const at = roomButton(ann, room).locator('.badge--mention');
  assert.equal(await at.innerText(), '@1', 'one message mentions ann');
  assert.equal(await at.getAttribute('aria-label'), '1 mention of you');
  await shot(ann, 'reading-mention-badge-desktop-light');

  await roomButton(ann, room).click();
  await ann.locator('.msg__text', { hasText: 'bob@example.com' }).waitFor();
  assert.equal(await at.count(), 0, 'read with the room');
  assert.deepEqual(await ann.locator('.mention--me').allInnerTexts(), ['@ann']);
  assert.deepEqual(await ann.locator('.mention:not(.mention--me)').allInnerTexts(), ['@cat'],
    'others\' names styled lightly; an e-mail address is no mention');
  assert.equal(await ann.locator('.msg--mention').count(), 1);

  // Completion: "@b" + Tab completes to "@bob ".
  const box = ann.locator('#composer-text');
  await box.focus();
  await ann.keyboard.type('thanks @b');
  const list = ann.locator('#mention-list[role="listbox"]');
  await list.waitFor();
  assert.deepEqual(await list.locator('[role="option"]').allInnerTexts(), ['@bob']);
  assert.equal(await box.getAttribute('aria-activedescendant'), 'mention-opt-0');
  assert.equal(await list.locator('[aria-selected="true"]').innerText(), '@bob');
  await shot(ann, 'reading-completion-desktop-light');
  await ann.keyboard.press('Tab');
  assert.equal(await box.inputValue(), 'thanks @bob ');
  assert.equal(await list.count(), 0, 'closed once completed');
  assert.equal(await ann.evaluate(() => document.activeElement.id), 'composer-text', 'focus stays');
  // Escape closes the list and nothing else.
  await ann.click('#toggle-inspector');
  await ann.locator('.inspector').waitFor();
  await box.focus();
  await ann.keyboard.type('@');
  await list.waitFor();
  await ann.keyboard.press('Escape');
  assert.equal(await list.count(), 0);
  assert.equal(await ann.locator('.inspector').count(), 1, 'the inspector stays open');
  await ann.keyboard.press('Backspace');
  await ann.keyboard.type('!');
  await ann.keyboard.press('Enter');
  await bob.locator('.msg__text', { hasText: 'thanks @bob !' }).waitFor();
  assert.deepEqual(await bob.locator('.mention--me').allInnerTexts(), ['@bob']);
  await shot(bob, 'reading-mention-desktop-dark');

  for (const [locale, colorScheme, name] of [
    ['ru-RU', 'light', 'reading-completion-phone-ru'], ['en-US', 'dark', 'reading-completion-phone-dark'],
  ]) {
    const p = await open({ ...PHONE, locale, colorScheme });
    await connectAs(p, locale === 'ru-RU' ? 'аня' : 'dora');
    await joinRoom(p, room);
    await p.locator('#composer-text').focus();
    await p.keyboard.type('@');
    await p.locator('#mention-list').waitFor();
    assert.deepEqual(await p.locator('#mention-list [role="option"]').allInnerTexts(), ['@ann', '@bob']);
    await p.keyboard.press('ArrowDown');
    assert.equal(await p.locator('#composer-text').getAttribute('aria-activedescendant'), 'mention-opt-1');
    await shot(p, name);
    await p.keyboard.press('Enter');
    assert.equal(await p.locator('#composer-text').inputValue(), '@bob ');
    // Signed out, not just closed: a closed page stays listed for the dev broker's grace
    // period (a reload is not a departure), and the next page would offer it.
    await p.click('#disconnect');
    await bob.locator('.msg-system', { hasText: `${locale === 'ru-RU' ? 'аня' : 'dora'} left` }).waitFor();
    await p.context().close();
  }
  await ann.context().close();
  await bob.context().close();
  pages.length = 0;
});
