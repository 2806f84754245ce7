// The core scenarios, run in every engine (E2E_ENGINE=chromium|firefox|webkit): connecting,
// two pages chatting (Cyrillic included), the frame inspector, phone and desktop screenshots,
// reconnecting after the broker restarts, and a message queued offline surviving a reload.
// Chromium's own suite (chat.test.mjs and the others) covers the rest in Chromium only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ENGINE, launch, sharedBroker, startBroker, openApp, connectAs, joinRoom, say, messages, shot,
  pageErrors,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
let browser, shared, ann, bob;
const room = `core-${ENGINE}-${Date.now().toString(36)}`;
const once = (list, text) => list.filter((t) => t === text).length;
const name = (what) => `${ENGINE}-${what}`;

before(async () => {
  shared = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await shared?.stop();
});

test(`${ENGINE}: connects to the dev broker`, async () => {
  ann = await openApp(browser, shared.url, DESKTOP);
  assert.deepEqual(await ann.evaluate(() => [innerWidth, innerHeight]), [1280, 800], 'viewport');
  assert.equal(await ann.inputValue('#profile'), 'devbroker', 'the dev broker profile is the default');
  await shot(ann, name('desktop-connect'));
  await connectAs(ann, 'ann', { login: 'ann', passcode: 's3cret-pass' });
  assert.match(await ann.locator('.status__text').innerText(), /\S/);
  await joinRoom(ann, room);
  assert.deepEqual(await pageErrors(ann), []);
});

test(`${ENGINE}: two pages chat both ways, Cyrillic included, each message once`, async () => {
  bob = await openApp(browser, shared.url, DESKTOP);
  await connectAs(bob, 'боб');
  await joinRoom(bob, room);
  const hello = 'Привет, боб 🙂 — ünïcödé';
  const reply = 'Здравствуй, ann!\nвторая строка';
  await say(ann, hello);
  await bob.locator('.msg__text', { hasText: 'Привет, боб' }).waitFor();
  await say(bob, reply);
  await ann.locator('.msg__text', { hasText: 'вторая строка' }).waitFor();
  await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'Привет, боб' }).waitFor();
  await bob.locator('.msg--own[data-status="delivered"]', { hasText: 'вторая строка' }).waitFor();
  for (const page of [ann, bob]) {
    const list = await messages(page);
    assert.equal(once(list, hello), 1, 'Cyrillic and emoji arrive exactly, once');
    assert.equal(once(list, reply), 1, 'multi-line Cyrillic keeps its lines');
  }
  // Typed key by key (not filled), then sent with the Enter key.
  await ann.type('#composer-text', 'набрано с клавиатуры');
  await ann.press('#composer-text', 'Enter');
  await bob.locator('.msg__text', { hasText: 'набрано с клавиатуры' }).waitFor();
  assert.equal(await ann.inputValue('#composer-text'), '', 'the composer empties after a send');
  await shot(bob, name('desktop-chat'));
  for (const page of [ann, bob]) assert.deepEqual(await pageErrors(page), []);
});

test(`${ENGINE}: the frame inspector opens and masks the passcode`, async () => {
  await ann.click('#toggle-inspector');
  await ann.locator('.frame__cmd', { hasText: 'MESSAGE' }).first().waitFor();
  await ann.fill('#frame-filter', 'CONNECT');
  const connect = ann.locator('.frame', { has: ann.locator('.frame__cmd', { hasText: /^CONNECT$/ }) });
  await connect.first().locator('.frame__row').click();
  const detail = await connect.first().locator('.frame__detail').innerText();
  assert.match(detail, /passcode\s+••••••/);
  assert.doesNotMatch(detail, /s3cret/);
  await shot(ann, name('desktop-chat-inspector'));
  await ann.fill('#frame-filter', '');
  await ann.click('#toggle-inspector');
  await ann.locator('#frame-filter').waitFor({ state: 'detached' });
});

test(`${ENGINE}: phone size: connect form, chat and the sidebar drawer`, async () => {
  const phone = await openApp(browser, shared.url, PHONE);
  assert.deepEqual(await phone.evaluate(() => [innerWidth, innerHeight]), [390, 844], 'viewport');
  await shot(phone, name('phone-connect'));
  await connectAs(phone, 'жора');
  await joinRoom(phone, room);
  await say(phone, 'Всем привет с телефона! https://example.org');
  await phone.locator('.msg--own[data-status="delivered"]', { hasText: 'с телефона' }).waitFor();
  await ann.locator('.msg__text', { hasText: 'с телефона' }).waitFor();
  await shot(phone, name('phone-chat'));
  await phone.click('.status__menu');
  await phone.waitForTimeout(400); // the drawer slides in
  await phone.locator('.rooms__select', { hasText: `#${room}` }).waitFor();
  await shot(phone, name('phone-sidebar'));
  assert.deepEqual(await pageErrors(phone), []);
  await phone.context().close();
  for (const p of [ann, bob]) await p.context().close();
});

test(`${ENGINE}: messages sent while the broker is down arrive once after it restarts`, async () => {
  let broker = await startBroker();
  const { port } = broker;
  try {
    const ann = await openApp(browser, broker.url, DESKTOP);
    const bob = await openApp(browser, broker.url, DESKTOP);
    await connectAs(ann, 'ann');
    await connectAs(bob, 'bob');
    const room = `restart-${Date.now().toString(36)}`;
    await joinRoom(ann, room);
    await joinRoom(bob, room);
    await say(ann, 'before the crash');
    await bob.locator('.msg__text', { hasText: 'before the crash' }).waitFor();

    await broker.stop();
    await ann.locator('.status--warn').waitFor({ timeout: 20000 });
    // The live region says it once; the countdown ticks outside it.
    assert.match(await ann.locator('.status__text').innerText(), /^Connection lost\.$/);
    assert.match(await ann.locator('.status__countdown').innerText(), /Retrying in \d+ second/);
    assert.equal(await ann.locator('#retry-now').count(), 1);
    const offline = ['while down 1', 'while down 2', 'пока лежал 3'];
    for (const text of offline) await say(ann, text);
    await ann.locator('.composer__offline').waitFor();
    await ann.locator('.msg--own[data-status="queued"]', { hasText: 'пока лежал 3' }).waitFor();
    await shot(ann, name('desktop-reconnecting'));

    broker = await startBroker({ port });
    await ann.click('#retry-now').catch(() => {});
    await bob.click('#retry-now').catch(() => {});
    await ann.locator('.status--ok').waitFor({ timeout: 30000 });
    await bob.locator('.status--ok').waitFor({ timeout: 30000 });
    for (const text of offline) {
      await bob.locator('.msg__text', { hasText: text }).waitFor({ timeout: 20000 });
      await ann.locator('.msg--own[data-status="delivered"]', { hasText: text }).waitFor();
    }
    await say(ann, 'after the restart');
    await bob.locator('.msg__text', { hasText: 'after the restart' }).waitFor();
    for (const page of [ann, bob]) {
      const list = await messages(page);
      for (const text of [...offline, 'before the crash', 'after the restart']) {
        assert.equal(once(list, text), 1, `${text} once`);
      }
      assert.deepEqual(await pageErrors(page), []);
    }
    const order = (await messages(bob)).filter((t) => offline.includes(t));
    assert.deepEqual(order, offline, 'in the order they were written');
    for (const p of [ann, bob]) await p.context().close();
  } finally {
    await broker.stop();
  }
});

test(`${ENGINE}: a message queued offline survives a reload and is sent once`, async () => {
  // The page comes from another server, so it can be reloaded while the chat server is down.
  const host = await startBroker();
  let broker = await startBroker();
  const { port } = broker;
  const server = `ws://127.0.0.1:${port}/ws`;
  try {
    const ann = await openApp(browser, host.url, DESKTOP);
    await connectAs(ann, 'ann2', { server });
    const room = `reload-${Date.now().toString(36)}`;
    await joinRoom(ann, room);
    await broker.stop();
    await ann.locator('.status--warn').waitFor({ timeout: 20000 });
    await say(ann, 'написано без связи, потом перезагрузка');
    await ann.locator('.msg--own[data-status="queued"]').waitFor();
    await ann.reload();
    // The reload connects again by itself and retries while the server is down; the outbox
    // shows the message at once.
    await ann.locator('.status--warn').waitFor({ timeout: 20000 });
    await ann.locator('.msg--own', { hasText: 'написано без связи' }).waitFor();
    broker = await startBroker({ port });
    await ann.click('#retry-now').catch(() => {});
    await ann.locator('.status--ok').waitFor({ timeout: 20000 });
    await ann.locator('.rooms__select', { hasText: `#${room}` }).click();
    await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'написано без связи' }).waitFor();
    assert.match(await ann.locator('.msg--own .msg__sender').last().innerText(), /^ann2/);
    const bob = await openApp(browser, `${host.url}/?server=${encodeURIComponent(server)}`, DESKTOP);
    assert.equal(await bob.inputValue('#server-url'), server, '?server= fills in the URL');
    await connectAs(bob, 'bob2');
    await joinRoom(bob, room);
    await bob.locator('.msg__text', { hasText: 'написано без связи' }).waitFor();
    await bob.waitForTimeout(500);
    for (const p of [ann, bob]) {
      assert.equal(once(await messages(p), 'написано без связи, потом перезагрузка'), 1);
    }
    assert.equal(await ann.evaluate(() => localStorage.getItem('stomp-chat.outbox')), null);
    for (const p of [ann, bob]) await p.context().close();
  } finally {
    await broker.stop();
    await host.stop();
  }
});
