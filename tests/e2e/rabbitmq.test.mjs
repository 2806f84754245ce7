// The same chat against a throw-away RabbitMQ node, with the "Plain broker" profile: the
// clients publish and subscribe on the room topic themselves; receipts give "sent" ticks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, launch, sharedBroker, openApp, openServer, connectAs, joinRoom, say, messages, shot,
} from './helpers.mjs';

const script = join(ROOT, 'scripts', 'rabbitmq.sh');
const available = existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server');
const dir = mkdtempSync(join(tmpdir(), 'e2e-rabbit-'));
let browser, host, server;

before(async () => {
  if (!available) return;
  server = execFileSync('bash', [script, 'start', join(dir, 'node')], { encoding: 'utf8' }).trim();
  host = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (available) execFileSync('bash', [script, 'stop', join(dir, 'node')], { stdio: 'inherit' });
});

/** SENDs one frame over RabbitMQ's plain STOMP TCP port, as any other program would. */
async function publishRaw(destination, body) {
  const ports = readFileSync(join(dir, 'node', 'ports'), 'utf8');
  const port = Number(/STOMP_PORT=(\d+)/.exec(ports)[1]);
  const sock = tcp(port, '127.0.0.1');
  await new Promise((ok, fail) => { sock.once('connect', ok); sock.once('error', fail); });
  let got = '';
  const until = (text) => new Promise((ok) => {
    const check = () => { if (got.includes(text)) { sock.off('data', on); ok(); } };
    const on = (d) => { got += d; check(); };
    sock.on('data', on);
    check();
  });
  sock.write('CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0');
  await until('CONNECTED');
  sock.write(`SEND\ndestination:${destination}\ncontent-type:text/plain\nreceipt:r1\n\n${body}\0`);
  await until('receipt-id:r1');
  sock.end('DISCONNECT\n\n\0');
}

test('two pages chat through RabbitMQ Web STOMP with the Plain broker profile',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const opts = { profile: 'plain', server, login: 'guest', passcode: 'guest' };
    const ann = await openApp(browser, host.url);
    const bob = await openApp(browser, host.url);
    await connectAs(ann, 'ann', opts);
    await connectAs(bob, 'bob', opts);
    assert.match(await ann.locator('.status__detail').innerText(), /STOMP 1\.2/);
    const room = `rmq-${Date.now().toString(36)}`;
    await joinRoom(ann, room);
    await joinRoom(bob, room);
    await bob.locator('.msg-system', { hasText: 'bob joined' }).waitFor();
    await ann.locator('.msg-system', { hasText: 'bob joined' }).waitFor();
    await say(ann, 'Привет через RabbitMQ 🐇');
    await bob.locator('.msg__text', { hasText: 'Привет через RabbitMQ' }).waitFor();
    await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'RabbitMQ' }).waitFor();
    await say(bob, 'got it, ann');
    await ann.locator('.msg__text', { hasText: 'got it, ann' }).waitFor();
    await ann.type('#composer-text', 'typing over rabbit');
    await bob.locator('.messages__typing', { hasText: 'ann is typing' }).waitFor();
    await ann.fill('#composer-text', '');
    await bob.click('.presence__dm[aria-label$=": ann"]');
    await say(bob, 'private via topic');
    await ann.locator('.rooms__item', { hasText: '@bob' }).locator('.rooms__select').click();
    await ann.locator('.msg__text', { hasText: 'private via topic' }).waitFor();
    for (const page of [ann, bob]) {
      const list = await messages(page);
      assert.equal(list.filter((t) => t === 'private via topic').length, 1, JSON.stringify(list));
      assert.deepEqual(page.errors.map(String), []);
    }
    for (const page of [ann, bob]) await page.locator('.rooms__select', { hasText: `#${room}` }).click();
    for (const page of [ann, bob]) {
      const list = await messages(page);
      assert.equal(list.filter((t) => t === 'Привет через RabbitMQ 🐇').length, 1);
      assert.equal(list.filter((t) => t === 'got it, ann').length, 1);
    }
    // Any STOMP publisher, not just this app: a plain-text body shows as text.
    await publishRaw(`/topic/chat.${room}`, 'plain text from a script <b>not bold</b>');
    for (const page of [ann, bob]) {
      await page.locator('.msg--plain .msg__text', { hasText: 'plain text from a script' }).waitFor();
      assert.equal(await page.locator('.msg--plain b').count(), 0);
    }
    await shot(ann, 'desktop-rabbitmq');
  });

test('a wrong RabbitMQ password is reported in plain words',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const page = await openApp(browser, host.url);
    await openServer(page);
    await page.selectOption('#profile', 'plain');
    await page.fill('#server-url', server);
    await page.fill('#nickname', 'mallory');
    await page.fill('#login', 'guest');
    await page.fill('#passcode', 'wrong');
    await page.click('#connect');
    const error = page.locator('.connect__error');
    await error.waitFor({ timeout: 15000 });
    assert.match(await error.innerText(), /refused the login or passcode/);
    await shot(page, 'desktop-bad-password');
  });

test('the Spring profile against a plain broker explains the unknown destination',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const page = await openApp(browser, host.url);
    await openServer(page);
    await page.fill('#server-url', server);
    await page.fill('#nickname', 'spring-fan');
    await page.fill('#login', 'guest');
    await page.fill('#passcode', 'guest');
    await page.click('#connect');
    // RabbitMQ answers SEND to /app/... with ERROR; the client reconnects, the app explains.
    await page.locator('.notice', { hasText: 'Unknown destination' }).waitFor({ timeout: 15000 });
    await page.locator('.status__detail', { hasText: 'does not know a destination' })
      .waitFor({ timeout: 15000 });
    await page.waitForTimeout(2000);
    assert.equal(await page.locator('.notice').count(), 1, 'a repeated error is one notice');
    await shot(page, 'desktop-unknown-destination');
  });

/** Ann and Bob on the plain profile as guest, both in a fresh room named after `prefix`. */
async function annAndBob(prefix) {
  const opts = { profile: 'plain', server, login: 'guest', passcode: 'guest' };
  const ann = await openApp(browser, host.url);
  const bob = await openApp(browser, host.url);
  await connectAs(ann, 'ann', opts);
  await connectAs(bob, 'bob', opts);
  const room = `${prefix}-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  await joinRoom(bob, room);
  return { ann, bob, room };
}

// RabbitMQ gives receipts: a message is delivered by its RECEIPT, re-sent after a reconnect
// only if it was never confirmed, and receivers de-duplicate it by client id. A plain topic
// keeps nothing: what ann sends before bob has re-subscribed never reaches bob (no history on
// a plain broker), so bob is only required to show each message at most once.
test('RabbitMQ restarted mid-chat: messages typed meanwhile are delivered once',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const { ann, bob, room } = await annAndBob('rmq-restart');
    await say(ann, 'before the restart');
    await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'before the restart' }).waitFor();
    await bob.locator('.msg__text', { hasText: 'before the restart' }).waitFor();
    execFileSync('bash', [script, 'down', join(dir, 'node')], { stdio: 'inherit' });
    await ann.locator('.status--warn').waitFor({ timeout: 20000 });
    const during = ['while rabbit is down 1', 'пока кролик спит 2'];
    for (const t of during) await say(ann, t);
    await ann.locator('.msg--own[data-status="queued"]', { hasText: during[1] }).waitFor();
    execFileSync('bash', [script, 'up', join(dir, 'node')], { stdio: 'inherit' });
    for (const p of [bob, ann]) {
      if (await p.locator('#retry-now').count()) await p.click('#retry-now').catch(() => {});
      await p.locator('.status--ok').waitFor({ timeout: 40000 });
    }
    for (const t of during) {
      await ann.locator('.msg--own[data-status="delivered"]', { hasText: t }).waitFor({ timeout: 20000 });
    }
    await say(ann, 'after the restart');
    await bob.locator('.msg__text', { hasText: 'after the restart' }).waitFor({ timeout: 20000 });
    const all = ['before the restart', ...during, 'after the restart'];
    const annList = await messages(ann);
    for (const t of all) assert.equal(annList.filter((x) => x === t).length, 1, `ann: ${t} once`);
    const bobList = await messages(bob);
    for (const t of all) assert.ok(bobList.filter((x) => x === t).length <= 1, `bob: ${t} at most once`);
    for (const p of [ann, bob]) await p.context().close();
  });

// A reload connects again by itself, with the passcode kept for the tab (sessionStorage):
// RabbitMQ refuses a CONNECT without it, so this proves the whole login came back.
test('RabbitMQ: a reload connects again without a click and keeps the room being read',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const { ann, bob, room } = await annAndBob('rmq-reload');
    await ann.locator('.rooms__select', { hasText: '#general' }).click();
    await ann.locator('.rooms__select', { hasText: `#${room}` }).click();
    await ann.reload();
    await ann.locator('.status--ok').waitFor({ timeout: 20000 });
    assert.equal(await ann.locator('#connect').count(), 0, 'no connect form');
    await ann.locator('.chat__title', { hasText: `#${room}` }).waitFor();
    await say(bob, 'after ann reloaded');
    await ann.locator('.msg__text', { hasText: 'after ann reloaded' }).waitFor({ timeout: 20000 });
    await say(ann, 'back on rabbit');
    await bob.locator('.msg__text', { hasText: 'back on rabbit' }).waitFor({ timeout: 20000 });
    await shot(ann, 'desktop-rabbitmq-reloaded');
    assert.deepEqual(ann.errors.map(String), []);
    for (const p of [ann, bob]) await p.context().close();
  });
