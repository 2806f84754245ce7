// The broker dies and comes back while one page keeps sending: the page says it is
// reconnecting, and afterwards every message arrives exactly once, on both pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, startBroker, openApp, connectAs, joinRoom, say, messages, shot,
} from './helpers.mjs';

let browser, broker;
after(async () => {
  await browser?.close();
  await broker?.stop();
});

test('messages sent while the broker is down arrive once after it restarts', async () => {
  broker = await startBroker();
  const { port } = broker;
  browser = await launch();
  const ann = await openApp(browser, broker.url);
  const bob = await openApp(browser, broker.url);
  await connectAs(ann, 'ann');
  await connectAs(bob, 'bob');
  const room = `restart-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  await joinRoom(bob, room);
  await say(ann, 'before the crash');
  await bob.locator('.msg__text', { hasText: 'before the crash' }).waitFor();

  await broker.stop();
  await ann.locator('.status--warn').waitFor({ timeout: 20000 });
  assert.match(await ann.locator('.status__text').innerText(), /^Connection lost\.$/);
  assert.match(await ann.locator('.status__countdown').innerText(), /Retrying in \d+ second/);
  assert.equal(await ann.locator('#retry-now').count(), 1);
  const offline = ['while down 1', 'while down 2', 'while down 3'];
  for (const text of offline) await say(ann, text);
  await ann.locator('.composer__offline').waitFor();
  await ann.locator('.msg--own[data-status="queued"]', { hasText: 'while down 3' }).waitFor();
  await shot(ann, 'desktop-reconnecting');

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
      assert.equal(list.filter((t) => t === text).length, 1, `${text} once`);
    }
    assert.deepEqual(page.errors.map(String), []);
  }
  const order = (await messages(bob)).filter((t) => offline.includes(t));
  assert.deepEqual(order, offline, 'in the order they were written');
});

test('unconfirmed messages survive a reload and are sent once', async () => {
  // The page comes from another server, so it can be reloaded while the chat server is down.
  const host = await startBroker();
  const server = `ws://127.0.0.1:${broker.port}/ws`;
  const ann = await openApp(browser, host.url);
  await connectAs(ann, 'ann2', { server });
  const room = `reload-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  const { port } = broker;
  await broker.stop();
  await ann.locator('.status--warn').waitFor({ timeout: 20000 });
  await say(ann, 'written offline, then reloaded');
  await ann.locator('.msg--own[data-status="queued"]').waitFor();
  await ann.reload();
  // Settings bring back the form filled in; the outbox shows the message at once.
  await ann.locator('#nickname').waitFor();
  broker = await startBroker({ port });
  await ann.click('#connect');
  await ann.locator('.status--ok').waitFor({ timeout: 20000 });
  await ann.locator('.rooms__select', { hasText: `#${room}` }).click();
  await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'written offline' }).waitFor();
  assert.match(await ann.locator('.msg--own .msg__sender').last().innerText(), /^ann2/);
  const bob = await openApp(browser, `${host.url}/?server=${encodeURIComponent(server)}`);
  assert.equal(await bob.inputValue('#server-url'), server, '?server= fills in the URL');
  await connectAs(bob, 'bob2');
  await joinRoom(bob, room);
  await bob.locator('.msg__text', { hasText: 'written offline' }).waitFor();
  await bob.waitForTimeout(500);
  for (const p of [ann, bob]) {
    const n = (await messages(p)).filter((t) => t === 'written offline, then reloaded').length;
    assert.equal(n, 1);
  }
  assert.equal(await ann.evaluate(() => localStorage.getItem('stomp-chat.outbox')), null);
  await host.stop();
});
