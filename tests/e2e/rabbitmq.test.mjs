// The same chat against a throw-away RabbitMQ node, with the "Plain broker" profile: the
// clients publish and subscribe on the room topic themselves; receipts give "sent" ticks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, launch, sharedBroker, openApp, connectAs, joinRoom, say, messages, shot,
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
    await shot(ann, 'desktop-rabbitmq');
  });

test('a wrong RabbitMQ password is reported in plain words',
  { skip: !available && 'rabbitmq-server is not installed' }, async () => {
    const page = await openApp(browser, host.url);
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
