// The connect form index.html draws before the app has started (boot/boot.js): in the page's
// language and theme, focused, with the saved values; what is typed there and a Connect pressed
// early are carried over by the app (src/components/boot_handoff.rs); a reload with a saved
// session shows "Reconnecting as …" until the chat is back. The app's WebAssembly is held back
// with a Playwright route, as a slow network would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appSuite, connectAs, shot } from './helpers.mjs';

const VIEWS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const suite = appSuite();

/** A page whose wasm is answered only when `release()` is called (never, if it is not). */
async function held(opts = {}) {
  const context = await suite.browser.newContext({ viewport: VIEWS.desktop, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  suite.pages.push(page);
  let release;
  const gate = new Promise((ok) => { release = ok; });
  await context.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  page.release = release;
  return page;
}

const started = (page) => page.locator('#boot').waitFor({ state: 'detached', timeout: 30000 });
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Where the connect form's parts are drawn, to compare the early form with the app's. */
const layout = (page) => page.evaluate(() => Object.fromEntries(
  ['.connect__card', '#connect-title', '#nickname', '#connect-joins', '.connect__summary', '#connect']
    .map((s) => [s, JSON.stringify(document.querySelector(s)?.getBoundingClientRect())])));

test('before the app starts: the connect form, focused, in the page language, where the app draws it', async () => {
  for (const locale of ['en-US', 'ru-RU']) {
    for (const colorScheme of ['light', 'dark']) {
      for (const [view, viewport] of Object.entries(VIEWS)) {
        const page = await held({ viewport, locale, colorScheme });
        await page.goto(suite.broker.url, { waitUntil: 'domcontentloaded' });
        await page.locator('#boot #nickname').waitFor();
        const ru = locale === 'ru-RU';
        assert.equal(await focusedId(page), 'nickname', 'the nickname is focused');
        assert.equal(await page.locator('#connect-title').innerText(), ru ? 'STOMP Чат' : 'STOMP Chat');
        assert.equal(await page.locator('#connect-joins').innerText(), ru ? 'Вы войдёте в #general' : 'You will join #general');
        assert.equal(await page.locator('#connect').innerText(), ru ? 'Подключиться' : 'Connect');
        assert.equal(await page.getAttribute('html', 'lang'), ru ? 'ru' : 'en');
        assert.equal(await page.locator('.connect__server').getAttribute('open'), null, 'Server closed');
        const name = `first-paint-early-${view}-${colorScheme}-${locale.slice(0, 2)}`;
        await shot(page, name);
        const early = await layout(page);
        page.release();
        await started(page);
        await page.locator('#nickname').waitFor();
        // The app's form is drawn where the early one was: no jump when it takes over.
        assert.deepEqual(await layout(page), early, `${name}: same layout as the app's form`);
        assert.equal(await focusedId(page), 'nickname');
        await page.context().close();
      }
    }
  }
});

test('typed before the app starts: the app keeps the text, the focus and the caret', async () => {
  const page = await held();
  await page.goto(suite.broker.url, { waitUntil: 'domcontentloaded' });
  await page.locator('#boot #nickname').waitFor();
  await page.keyboard.type('anna');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // The server section opened and a login typed, too.
  await page.click('.connect__summary');
  await page.fill('#login', 'guest');
  await page.focus('#nickname');
  await page.evaluate(() => document.getElementById('nickname').setSelectionRange(2, 2));
  assert.equal(await page.locator('#boot').count(), 1, 'the app has not started yet');
  page.release();
  await started(page);
  assert.equal(await page.inputValue('#nickname'), 'anna');
  assert.equal(await page.inputValue('#login'), 'guest');
  assert.ok(await page.locator('#server-url').isVisible(), 'the server section stays open');
  assert.equal(await focusedId(page), 'nickname');
  await page.keyboard.type('X');
  assert.equal(await page.inputValue('#nickname'), 'anXna', 'the caret stayed where it was');
  await page.context().close();
});

test('saved values and a language switch before the app starts: the app keeps both', async () => {
  const page = await held({ locale: 'ru-RU' });
  await page.goto(suite.broker.url, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => localStorage.setItem('stomp-chat.settings', JSON.stringify({
    nickname: 'zoe', login: 'guest', rooms: ['rust', 'general'], profile: 'DevBroker', auto_connect: false,
  })));
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('#boot #nickname').waitFor();
  assert.equal(await page.inputValue('#nickname'), 'zoe');
  assert.equal(await page.inputValue('#login'), 'guest');
  assert.equal(await page.locator('#connect-joins').innerText(), 'Вы войдёте в #rust, #general');
  await page.click('#boot-lang');
  assert.equal(await page.locator('#boot-lang').innerText(), 'Русский');
  assert.equal(await page.locator('#connect-joins').innerText(), 'You will join #rust, #general');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  page.release();
  await started(page);
  assert.equal(await page.locator('#connect').innerText(), 'Connect', 'the app speaks the language chosen early');
  assert.equal(await page.locator('#connect-joins').innerText(), 'You will join #rust, #general');
  assert.equal(await page.inputValue('#nickname'), 'zoe');
  await page.context().close();
});

test('Connect pressed before the app starts: "Starting…", then connected as that nickname', async () => {
  const nick = `early-${Date.now().toString(36)}`;
  const page = await held();
  await page.goto(suite.broker.url, { waitUntil: 'domcontentloaded' });
  await page.locator('#boot #nickname').waitFor();
  await page.keyboard.type(nick);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#connect').innerText(), 'Starting…');
  assert.ok(await page.locator('#connect').isEnabled(), 'never a dead button');
  await shot(page, 'first-paint-early-connect');
  page.release();
  await page.locator('.status--ok').waitFor({ timeout: 20000 });
  await page.locator('.presence__name', { hasText: `${nick} (you)` }).waitFor();
  await page.context().close();
});

test('the first frame is the mark alone; an app that starts before any frame still gets the Server fields', async () => {
  // boot.js moves the Server section's fields in from their <template> after the first frame;
  // with no frame at all before the app starts, the app takes them from there itself.
  const page = await held();
  await page.addInitScript(() => { window.requestAnimationFrame = () => 0; });
  await page.goto(suite.broker.url, { waitUntil: 'domcontentloaded' });
  // With no frame, boot.js never shows the card either (the first frame is the mark alone).
  await page.locator('#boot #nickname').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#boot #server-url').count(), 0, 'still in the template');
  assert.ok(await page.locator('#boot .connect__logo').isVisible(), 'the first frame: the mark');
  assert.equal(await page.locator('#boot .connect__card').isVisible(), false, 'the card from the next frame');
  page.release();
  await started(page);
  await page.click('.connect__summary');
  assert.equal(await page.inputValue('#server-url'), suite.broker.url.replace(/^http/, 'ws').replace(/\/?$/, '/ws'));
  await connectAs(page, `noframe-${Date.now().toString(36)}`);
  await page.context().close();
});

test('reload with a saved session: "Reconnecting as …", never the form, then the chat', async () => {
  const nick = `back-${Date.now().toString(36)}`;
  for (const [view, viewport] of Object.entries(VIEWS)) {
    for (const locale of ['en-US', 'ru-RU']) {
      const page = await held({ viewport, locale });
      page.release();
      await page.goto(suite.broker.url);
      await started(page);
      await connectAs(page, `${nick}-${view}-${locale.slice(0, 2)}`);
      const context = page.context();
      let release;
      const gate = new Promise((ok) => { release = ok; });
      await context.unrouteAll();
      await context.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
      await page.reload({ waitUntil: 'domcontentloaded' });
      const placeholder = page.locator('#boot-reconnect');
      await placeholder.waitFor();
      const ru = locale === 'ru-RU';
      assert.equal(await placeholder.locator('.boot__title').innerText(), ru ? 'STOMP Чат' : 'STOMP Chat');
      assert.equal(await placeholder.locator('.boot__text').innerText(),
        `${ru ? 'Снова подключаемся как' : 'Reconnecting as'} ${nick}-${view}-${locale.slice(0, 2)}…`);
      assert.equal(await page.locator('#boot .connect').isVisible(), false, 'no form under it');
      await shot(page, `first-paint-reconnecting-${view}-${locale.slice(0, 2)}`);
      // From here on, no connect form may appear before the chat.
      await page.evaluate(() => {
        window.__formSeen = false;
        new MutationObserver(() => {
          if (document.querySelector('form.connect__card:not(#boot form)')) window.__formSeen = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      release();
      await page.locator('.status--ok').waitFor({ timeout: 20000 });
      assert.equal(await page.evaluate(() => window.__formSeen), false, 'the connect form never flashed');
      await context.close();
    }
  }
});
