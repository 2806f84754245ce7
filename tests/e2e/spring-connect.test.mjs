// The app against a REAL Spring STOMP server (shared/spring-server: Spring's own STOMP stack),
// where connecting goes wrong the way it does for Spring users, and once where it goes right.
// The browser hides why a handshake failed (the page sees close 1006 before open); the app
// probes the endpoint over HTTP and must say in plain words what to change.
//
// scripts/test-e2e.sh starts Spring (scripts/spring.sh) and scripts/same-origin-proxy.py (dist/
// and /ws on one origin, as a deployment has them) and passes E2E_SPRING_WS_URL (Spring's /ws,
// direct: cross-origin to any page) and E2E_SPRING_PROXY_URL (the proxy's http base). Run on its
// own, this file starts both itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, launch, sharedBroker, openApp, openServer, connectAs, freePort, shot,
} from './helpers.mjs';

const spring = join(ROOT, 'scripts', 'spring.sh');
const sharedServer = join(ROOT, '..', 'shared', 'spring-server', 'run.sh');
const given = process.env.E2E_SPRING_WS_URL && process.env.E2E_SPRING_PROXY_URL;
const available = Boolean(given) || existsSync(process.env.SPRING_SERVER_DIR || sharedServer);
const skip = !available && 'no ../shared/spring-server beside the repo';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
let browser, host, springWs, proxyUrl, ownDir, proxy;

async function startProxy(upstream) {
  const child = spawn('python3', [
    join(ROOT, 'scripts', 'same-origin-proxy.py'), '--upstream', upstream,
    '--static', process.env.DIST_DIR || join(ROOT, 'dist'),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()
    .then((r) => [r.value]);
  return { child, url: line.trim() };
}

before(async () => {
  if (!available) return;
  if (given) {
    springWs = process.env.E2E_SPRING_WS_URL;
    proxyUrl = process.env.E2E_SPRING_PROXY_URL;
  } else {
    ownDir = mkdtempSync(join(tmpdir(), 'e2e-spring-'));
    springWs = execFileSync('bash', [spring, 'start', join(ownDir, 'spring')], { encoding: 'utf8' }).trim();
    const port = readFileSync(join(ownDir, 'spring', 'port'), 'utf8').trim();
    proxy = await startProxy(`127.0.0.1:${port}`);
    proxyUrl = proxy.url;
  }
  host = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (proxy) {
    const exited = new Promise((ok) => proxy.child.once('exit', ok));
    proxy.child.kill('SIGTERM');
    await exited;
  }
  if (ownDir) {
    execFileSync('bash', [spring, 'stop', join(ownDir, 'spring')]);
    rmSync(ownDir, { recursive: true, force: true });
  }
});

/** Opens the app at `pageUrl`, counting the WebSockets it opens, and asks it to connect. */
async function tryConnect(pageUrl, server, view, locale = 'en-US') {
  const page = await openApp(browser, pageUrl, { ...view, locale });
  page.sockets = 0;
  page.on('websocket', () => { page.sockets += 1; });
  await openServer(page);
  await page.fill('#server-url', server);
  await page.selectOption('#profile', 'spring-tutorial');
  await page.fill('#nickname', 'ann');
  await page.click('#connect');
  return page;
}

/** The app gave up and shows why on the connect screen, with a Retry button. */
async function failure(page) {
  const error = page.locator('#connect-failed');
  await error.waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#connect-retry').isVisible(), true);
  return error.innerText();
}

/** Gave up means gave up: no socket is opened for a while after the reason shows. */
async function assertNoMoreAttempts(page, ms = 3000) {
  const before = page.sockets;
  await page.waitForTimeout(ms);
  assert.equal(page.sockets, before, 'the client stopped reconnecting');
}

test('a page from another origin: Spring refuses the handshake and the app names the origin to allow', { skip }, async () => {
  const origin = new URL(host.url).origin;
  const page = await tryConnect(host.url, springWs, DESKTOP);
  const text = await failure(page);
  assert.match(text, /^Could not connect: the server answered HTTP but refused the WebSocket handshake/);
  assert.ok(
    text.includes(`allow ${origin} with setAllowedOriginPatterns("${origin}")`),
    `names the page origin ${origin}: ${text}`,
  );
  await assertNoMoreAttempts(page);
  await shot(page, 'spring-origin-refused-desktop');
  // Chromium logs the failed handshake and probe to the console; anything else is a fault.
  const unexpected = page.errors.map(String).filter((e) => !/WebSocket|net::ERR_|status of 4\d\d/.test(e));
  assert.deepEqual(unexpected, []);

  const ru = await tryConnect(host.url, springWs, PHONE, 'ru-RU');
  const ruText = await failure(ru);
  assert.match(ruText, /^Не удалось подключиться: сервер ответил по HTTP/);
  assert.ok(ruText.includes(`setAllowedOriginPatterns("${origin}")`), ruText);
  await shot(ru, 'spring-origin-refused-phone-ru');
  await ru.context().close();
  await page.context().close();
});

test('through the same-origin proxy, a wrong path is called a wrong path', { skip }, async () => {
  const wsBase = proxyUrl.replace(/^http/, 'ws');
  const page = await tryConnect(proxyUrl, `${wsBase}/nope`, PHONE);
  const text = await failure(page);
  assert.equal(text, 'Could not connect: no WebSocket endpoint at /nope (wrong path?).');
  await assertNoMoreAttempts(page);
  await shot(page, 'spring-wrong-path-phone');
  await page.context().close();
});

test('nothing listening: "could not connect", not "connection lost", and it keeps retrying', { skip }, async () => {
  const port = await freePort();
  const said = `Could not connect: nothing is listening at 127.0.0.1:${port}.`;
  // A fresh page per size: resizing a live page catches the sidebar mid-transition.
  for (const [name, view] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await tryConnect(host.url, `ws://127.0.0.1:${port}/ws`, view);
    // Between attempts the bar says "Connecting…", so wait for the words rather than read once.
    const warn = page.locator('.status--warn', { hasText: said });
    // Both parts at once: under load a render may fall between the words and the countdown.
    await warn.locator('.status__countdown', { hasText: /^Retrying in \d+ seconds?$/ })
      .waitFor({ timeout: 20000 });
    await warn.locator('#retry-now').waitFor({ timeout: 5000 });
    assert.doesNotMatch(await warn.innerText(), /Connection lost|went away/);
    await shot(page, `spring-nothing-listening-${name}`);
    if (name === 'desktop') {
      // Retrying can help here (the server may yet start), so the client keeps at it.
      await Promise.all([page.waitForEvent('websocket', { timeout: 5000 }), page.click('#retry-now')]);
      await warn.waitFor({ timeout: 10000 });
      assert.equal(await page.locator('#connect-failed').count(), 0, 'not given up');
    }
    await page.context().close();
  }
});

test('through the same-origin proxy to /ws, the app connects to Spring', { skip }, async () => {
  const wsUrl = `${proxyUrl.replace(/^http/, 'ws')}/ws`;
  for (const [name, view] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openApp(browser, proxyUrl, view);
    await connectAs(page, `ann-${name}`, { server: wsUrl, profile: 'spring-tutorial' });
    assert.match(await page.locator('.status__text').innerText(), /^Connected$/);
    // Spring's simple broker with a TaskScheduler: heart-beats 10000,10000.
    assert.match(await page.locator('.status__detail').innerText(), /STOMP 1\.2/);
    await shot(page, `spring-connected-${name}`);
    await page.context().close();
  }
});
