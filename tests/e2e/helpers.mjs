// Shared pieces of the end-to-end tests: the browser engine, the dev broker, and driving the app.
// E2E_ENGINE picks the engine: chromium (playwright-core, the default), firefox or webkit
// (WebDriver, through webdriver.mjs, which gives those pages the same API).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { launchWebDriver } from './webdriver.mjs';

const require = createRequire(import.meta.url);
const root = resolve(new URL('../..', import.meta.url).pathname);
const tools = process.env.TOOLS_NODE_MODULES || join(root, 'tools', 'node_modules');
const { chromium } = require(join(tools, 'playwright-core'));

export const ROOT = root;
export const ENGINE = process.env.E2E_ENGINE || 'chromium';
export const ARTIFACTS = process.env.E2E_ARTIFACTS || join(root, 'e2e-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch(engine = ENGINE) {
  if (engine !== 'chromium') return launchWebDriver(engine, { root, freePort, waitListening });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function waitListening(port, ms = 15000) {
  const until = Date.now() + ms;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); ok(); });
      c.once('error', () => {
        c.destroy();
        if (Date.now() > until) fail(new Error(`nothing listens on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** Starts the dev broker serving the built app; `stop()` kills it. */
export async function startBroker({ port, args = [] } = {}) {
  port ??= await freePort();
  const bin = process.env.DEVBROKER_BIN || join(root, 'target', 'release', 'devbroker');
  const dist = process.env.DIST_DIR || join(root, 'dist');
  const child = spawn(bin, ['--addr', `127.0.0.1:${port}`, '--static-dir', dist, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitListening(port);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGKILL');
    }),
  };
}

/** The broker the test script started, or a fresh one for this test file. */
export async function sharedBroker() {
  if (process.env.E2E_BASE_URL) return { url: process.env.E2E_BASE_URL, stop: async () => {} };
  return startBroker({ args: ['--receipts', 'all'] });
}

/**
 * One broker and one browser around a test file: started before its tests; after them both are
 * stopped, and the file fails if a page opened with `suite.open` (and not taken off
 * `suite.pages`) logged an error.
 */
export function appSuite({ start = sharedBroker } = {}) {
  const suite = { browser: null, broker: null, pages: [] };
  before(async () => {
    suite.broker = await start();
    suite.browser = await launch();
  });
  after(async () => {
    const errors = suite.pages.flatMap((p) => p.errors.map(String));
    await suite.browser?.close();
    await suite.broker?.stop();
    assert.deepEqual(errors, [], 'no page errors');
  });
  suite.open = async (opts) => {
    const page = await openApp(suite.browser, suite.broker.url, opts);
    suite.pages.push(page);
    return page;
  };
  return suite;
}

/** Opens the app in a fresh context (own localStorage) at the given viewport. */
export async function openApp(
  browser, url,
  { width = 1280, height = 800, locale = 'en-US', colorScheme = 'light', bypassCSP = false } = {},
) {
  // bypassCSP: for tests that inject a script of their own (axe-core); the page's CSP forbids it.
  const context = await browser.newContext({ viewport: { width, height }, locale, colorScheme, bypassCSP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(new Error(m.text())); });
  page.errors = errors;
  await page.goto(url);
  // index.html draws a connect form of its own before the app starts (boot/boot.js); tests
  // act on the app's, once it has replaced that one (tests/e2e/first-paint.test.mjs tests
  // the early form).
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.locator('#nickname').waitFor();
  return page;
}

/** Opens the connect screen's "Server" section (URL, profile, login) unless it is open. */
export async function openServer(page) {
  if (!(await page.locator('#server-url').isVisible())) await page.click('.connect__summary');
  await page.locator('#server-url').waitFor();
}

/** Fills the connect form and waits for the chat screen to say "Connected". */
export async function connectAs(page, nickname, { profile = 'devbroker', server, login, passcode } = {}) {
  await openServer(page);
  if (server) await page.fill('#server-url', server);
  await page.selectOption('#profile', profile);
  await page.fill('#nickname', nickname);
  if (login !== undefined) await page.fill('#login', login);
  if (passcode !== undefined) await page.fill('#passcode', passcode);
  await page.click('#connect');
  await page.locator('.status--ok').waitFor({ timeout: 15000 });
}

export async function joinRoom(page, room) {
  // On a phone the join field is in the drawer, hidden until ☰ opens it.
  if (!(await page.locator('#join-room').isVisible()) && await page.locator('.status__menu').isVisible()) {
    await page.click('.status__menu');
  }
  await page.fill('#join-room', room);
  await page.press('#join-room', 'Enter');
  await page.locator('.chat__title', { hasText: `#${room}` }).waitFor();
}

export async function say(page, text) {
  await page.fill('#composer-text', text);
  await page.press('#composer-text', 'Enter');
}

/** The text of every message in view, in order. */
export async function messages(page) {
  return page.locator('.msg .msg__text').allInnerTexts();
}

/** Errors the page reported so far (uncaught, or logged with console.error). */
export async function pageErrors(page) {
  return (page.drainErrors ? await page.drainErrors() : page.errors).map(String);
}

export async function shot(page, name) {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
