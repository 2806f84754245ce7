// The chat against a throw-away Apache ActiveMQ 5.17 broker, with the "Plain broker" profile.
// Debian's ActiveMQ has no ws:// transport, so scripts/activemq.sh puts a bridge in front of its
// STOMP TCP connector that frames like ActiveMQ's own ws transport (text messages only, one
// frame per message); that is the URL the app gets. scripts/test-e2e.sh starts the broker and
// passes E2E_AMQ_WS_URL and E2E_AMQ_STOMP_PORT; run on its own, this file starts one itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ROOT, launch, sharedBroker, openApp, openServer, connectAs, joinRoom, say, messages, shot,
} from './helpers.mjs';

const script = join(ROOT, 'scripts', 'activemq.sh');
const given = process.env.E2E_AMQ_WS_URL;
const available = Boolean(given) || existsSync('/usr/share/activemq/bin/activemq.jar');
const skip = !available && 'ActiveMQ is not installed (scripts/install-tools.sh activemq)';
const own = given ? null : join(mkdtempSync(join(tmpdir(), 'e2e-amq-')), 'broker');
const login = { login: 'stomp', passcode: 'secret' };
let browser, host, server, stompPort;

before(async () => {
  if (!available) return;
  if (given) {
    server = given;
    stompPort = Number(process.env.E2E_AMQ_STOMP_PORT);
  } else {
    const urls = execFileSync('bash', [script, 'start', own], { encoding: 'utf8' });
    server = urls.trim().split('\n')[0]; // the ws-transport-like bridge, not the raw one
    stompPort = Number(/STOMP_PORT=(\d+)/.exec(readFileSync(join(own, 'ports'), 'utf8'))[1]);
  }
  host = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (own && available) execFileSync('bash', [script, 'stop', own], { stdio: 'inherit' });
  if (own) rmSync(dirname(own), { recursive: true, force: true });
});

const once = (list, text) => list.filter((t) => t === text).length;

/** SENDs one frame over ActiveMQ's STOMP TCP connector, as any other program would. */
async function publishRaw(destination, body) {
  const sock = tcp(stompPort, '127.0.0.1');
  await new Promise((ok, fail) => { sock.once('connect', ok); sock.once('error', fail); });
  let got = '';
  const until = (text) => new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${text} in ${JSON.stringify(got)}`)), 10000);
    const check = () => {
      if (got.includes(text)) { clearTimeout(timer); sock.off('data', on); ok(); }
    };
    const on = (d) => { got += d; check(); };
    sock.on('data', on);
    check();
  });
  sock.write('CONNECT\naccept-version:1.2\nhost:localhost\nlogin:stomp\npasscode:secret\n\n\0');
  await until('CONNECTED');
  sock.write(`SEND\ndestination:${destination}\ncontent-type:text/plain\nreceipt:r1\n\n${body}\0`);
  await until('receipt-id:r1');
  sock.end('DISCONNECT\n\n\0');
}

test('two pages chat through ActiveMQ with the Plain broker profile', { skip }, async () => {
  const opts = { profile: 'plain', server, ...login };
  const ann = await openApp(browser, host.url);
  const bob = await openApp(browser, host.url);
  await connectAs(ann, 'ann', opts);
  await connectAs(bob, 'bob', opts);
  assert.match(await ann.locator('.status__detail').innerText(), /STOMP 1\.2/);
  const room = `amq-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  await joinRoom(bob, room);
  // Join announcements travel on the room topic itself (the Plain profile has no server side).
  await ann.locator('.msg-system', { hasText: 'bob joined' }).waitFor();
  await bob.locator('.msg-system', { hasText: 'bob joined' }).waitFor();

  const hello = 'Привет через ActiveMQ 🪶 — ünïcödé';
  await say(ann, hello);
  await bob.locator('.msg__text', { hasText: 'Привет через ActiveMQ' }).waitFor();
  // "delivered": ann's own message came back on the room topic (after ActiveMQ's RECEIPT).
  await ann.locator('.msg--own[data-status="delivered"]', { hasText: 'Привет через ActiveMQ' })
    .waitFor();
  await say(bob, 'got it, ann\nsecond line');
  await ann.locator('.msg__text', { hasText: 'second line' }).waitFor();
  await bob.locator('.msg--own[data-status="delivered"]', { hasText: 'got it, ann' }).waitFor();

  // Presence and typing are announced on the topic too.
  const people = bob.locator('.presence__name');
  await people.filter({ hasText: 'ann' }).waitFor();
  assert.deepEqual((await people.allInnerTexts()).map((s) => s.split(' ')[0]).sort(), ['ann', 'bob']);
  await ann.type('#composer-text', 'typing over ActiveMQ');
  await bob.locator('.messages__typing', { hasText: 'ann is typing' }).waitFor();
  await ann.fill('#composer-text', '');

  // A private message goes to /topic/private.ann, which only ann subscribes to.
  await bob.click('.presence__dm[aria-label$=": ann"]');
  await bob.locator('.chat__title', { hasText: '@ann' }).waitFor();
  await say(bob, 'private via ActiveMQ');
  const dm = ann.locator('.rooms__item', { hasText: '@bob' });
  await dm.locator('.badge').waitFor();
  await dm.locator('.rooms__select').click();
  await ann.locator('.msg__text', { hasText: 'private via ActiveMQ' }).waitFor();
  // bob does not subscribe to ann's private topic, so no echo comes back: "delivered" here
  // is ActiveMQ's RECEIPT for the SEND and nothing else.
  await bob.locator('.msg--own[data-status="delivered"]', { hasText: 'private via ActiveMQ' })
    .waitFor();
  for (const page of [ann, bob]) {
    assert.equal(once(await messages(page), 'private via ActiveMQ'), 1);
  }

  for (const page of [ann, bob]) await page.locator('.rooms__select', { hasText: `#${room}` }).click();
  for (const page of [ann, bob]) {
    const list = await messages(page);
    assert.equal(once(list, hello), 1, JSON.stringify(list));
    assert.equal(once(list, 'got it, ann\nsecond line'), 1, JSON.stringify(list));
    assert.equal(once(list, 'private via ActiveMQ'), 0, 'not in the public room');
  }

  // Any STOMP publisher, not just this app: a plain-text body shows as text, not as HTML.
  await publishRaw(`/topic/chat.${room}`, 'plain text from a script <b>not bold</b>');
  for (const page of [ann, bob]) {
    await page.locator('.msg--plain .msg__text', { hasText: 'plain text from a script' }).waitFor();
    assert.equal(await page.locator('.msg--plain b').count(), 0);
  }
  for (const page of [ann, bob]) assert.deepEqual(page.errors.map(String), []);
  assert.equal(await ann.locator('.notice').count(), 0, 'no error notices');
  await shot(ann, 'desktop-activemq');
  await shot(bob, 'desktop-activemq-bob');
});

test('a wrong ActiveMQ password is reported in plain words', { skip }, async () => {
  const page = await openApp(browser, host.url);
  await openServer(page);
  await page.selectOption('#profile', 'plain');
  await page.fill('#server-url', server);
  await page.fill('#nickname', 'mallory');
  await page.fill('#login', 'stomp');
  await page.fill('#passcode', 'wrong');
  await page.click('#connect');
  // ActiveMQ: ERROR "User name [stomp] or password is invalid." — no retrying, back to the form.
  const error = page.locator('.connect__error');
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.innerText(), /refused the login or passcode/);
  assert.equal(await page.locator('#connect').count(), 1, 'the connect form is shown again');
  await shot(page, 'desktop-activemq-bad-password');
});

// ActiveMQ says "not authorized" about a destination ("User stomp is not authorized to read
// from: queue:///user/queue/private") after accepting the login; its bad login is "User name
// [stomp] or password is invalid.". The app must tell the two apart.
test('the Spring profile against ActiveMQ names the refused destination, not the password', {
  skip,
}, async () => {
  const page = await openApp(browser, host.url);
  await openServer(page);
  await page.fill('#server-url', server);
  await page.fill('#nickname', 'spring-fan');
  await page.fill('#login', login.login);
  await page.fill('#passcode', login.passcode);
  await page.click('#connect');
  // The Spring profile subscribes to /user/queue/private, which the broker's authorisation
  // (chat.> and private.> only) refuses; the client then reconnects and the status says why.
  const why = page.locator('.status--warn .status__detail');
  await why.waitFor({ timeout: 15000 });
  await shot(page, 'desktop-activemq-refused-destination');
  assert.doesNotMatch(await why.innerText(), /login or passcode/);
  await page.locator('.notice', { hasText: 'not authorized' }).waitFor({ timeout: 5000 });
});
