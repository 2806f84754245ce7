// The message list's short window at the bottom (src/components/message_list.rs): while the
// reader is at the newest message, a burst keeps 50-99 rows in the DOM and the view on the
// newest; scrolling up brings back the full window (150-199 rows) without moving the row in
// view, "show earlier" adds 150 as before, and back at the bottom the window is short again.
// Runs in any engine (E2E_ENGINE=chromium|firefox|webkit): WebKit has no scroll anchoring,
// so there the app keeps the view itself (src/components/scroll_keep.rs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, launch, sharedBroker, openApp, connectAs, joinRoom, pageErrors } from './helpers.mjs';

const SHORT_MAX = 99; // BOTTOM_WINDOW + STEP - 1
const FULL_MIN = 150; // WINDOW
let browser, broker, page;
const room = `window-${ENGINE}-${Date.now().toString(36)}`;

before(async () => {
  broker = await sharedBroker();
  browser = await launch();
  page = await openApp(browser, broker.url, { width: 1280, height: 800 });
  await connectAs(page, 'reader');
  await joinRoom(page, room);
});

after(async () => {
  await browser?.close();
  await broker?.stop();
});

// In the app's page: a raw STOMP publisher sends `n` messages, `per` every 10 ms, while each
// animation frame notes the rows in the DOM and whether the jump button (shown only when the
// list has let go of the bottom) is there. Returns the counts once the last row is in view.
async function burst({ room, n, per, tag = 'burst' }) {
  const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws`, ['v12.stomp']);
  await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = () => fail(new Error('publisher socket')); });
  ws.send('CONNECT\naccept-version:1.2\nhost:/\nheart-beat:0,0\n\n\0');
  await new Promise((ok) => { ws.onmessage = ok; });
  const samples = [];
  let sampling = true;
  const sample = () => {
    samples.push({
      rows: document.querySelectorAll('.messages__list > .msg').length,
      jump: !!document.querySelector('.messages__jump'),
      top: document.querySelector('.messages__scroll').scrollTop,
      h: document.querySelector('.messages__scroll').scrollHeight,
    });
    if (sampling) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  for (let i = 0; i < n; i += per) {
    for (let j = i; j < Math.min(n, i + per); j++) {
      const body = JSON.stringify({ type: 'CHAT', id: `${tag}-${j}`, room, sender: 'bot', content: `${tag} ${j}`, timestamp: Date.now() });
      ws.send(`SEND\ndestination:/topic/chat/${room}\ncontent-type:application/json\n\n${body}\0`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const last = `${tag} ${n - 1}`;
  const until = performance.now() + 20000;
  const lastRow = () => [...document.querySelectorAll('.msg__text')].at(-1)?.textContent;
  while (lastRow() !== last && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  // Two more frames: the list scrolls to its newest in the frame after the row arrives.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  sampling = false;
  ws.close();
  const list = document.querySelector('.messages__scroll');
  return {
    last: lastRow(),
    samples,
    fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight,
  };
}

const rows = () => page.evaluate(() => document.querySelectorAll('.messages__list > .msg').length);

test(`${ENGINE}: stuck to the bottom, a burst keeps 50-99 rows and the view on the newest`, async () => {
  const r = await page.evaluate(burst, { room, n: 420, per: 6 });
  assert.equal(r.last, 'burst 419', 'the last message arrived');
  const most = Math.max(...r.samples.map((s) => s.rows));
  assert.ok(r.samples.length > 10, `sampled ${r.samples.length} frames`);
  const at = r.samples.findIndex((s) => s.rows > SHORT_MAX);
  assert.ok(most <= SHORT_MAX, `at most ${SHORT_MAX} rows in the DOM during the burst, saw ${most}: ${JSON.stringify(r.samples.slice(Math.max(0, at - 3), at + 3))}`);
  assert.equal(r.samples.filter((s) => s.jump).length, 0, 'never let go of the bottom');
  assert.ok(r.fromBottom < 2, `at the bottom after the burst (${r.fromBottom} px from it)`);
  const now = await rows();
  assert.ok(now >= 50 && now <= SHORT_MAX, `50-${SHORT_MAX} rows at rest, saw ${now}`);
  assert.ok(await page.locator('.messages__earlier').count() === 1, '"show earlier" is there');
  assert.deepEqual(await pageErrors(page), []);
});

test(`${ENGINE}: scrolling up brings the full window back without moving the row in view`, async (t) => {
  const native = await page.evaluate(() => CSS.supports('overflow-anchor', 'auto'));
  t.diagnostic(`scroll anchoring: ${native ? "the browser's" : "the app's (scroll_keep.rs)"}`);
  // Scroll up 300 px and note, in the same task (before the app hears of the scroll), the first
  // row in view and where it is; then let the app grow its window and look again.
  const before = await page.evaluate(() => {
    const list = document.querySelector('.messages__scroll');
    list.scrollTop = list.scrollHeight - list.clientHeight - 300;
    const top = list.getBoundingClientRect().top;
    const row = [...document.querySelectorAll('.messages__list > .msg')]
      .find((r) => r.getBoundingClientRect().bottom > top + 1);
    window.__anchor = row;
    return { text: row.textContent, top: row.getBoundingClientRect().top };
  });
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => ({
    connected: window.__anchor.isConnected,
    top: window.__anchor.getBoundingClientRect().top,
    text: window.__anchor.textContent,
    rows: document.querySelectorAll('.messages__list > .msg').length,
  }));
  assert.ok(after.rows >= FULL_MIN, `the full window is back: ${after.rows} rows`);
  assert.ok(after.connected, 'the row in view is still there');
  assert.equal(after.text, before.text);
  assert.ok(Math.abs(after.top - before.top) <= 1, `the row in view stayed put: ${before.top} -> ${after.top}`);
});

test(`${ENGINE}: "show earlier" adds as before, and back at the bottom the window is short again`, async () => {
  const had = await rows();
  await page.evaluate(() => { document.querySelector('.messages__scroll').scrollTop = 0; });
  await page.locator('.messages__earlier').click();
  await page.waitForTimeout(300);
  const more = await rows();
  assert.ok(more >= had + 100 || more >= 420, `"show earlier" added rows: ${had} -> ${more}`);
  await page.evaluate(() => {
    const list = document.querySelector('.messages__scroll');
    list.scrollTop = list.scrollHeight;
  });
  await page.waitForTimeout(500);
  const back = await rows();
  assert.ok(back <= SHORT_MAX, `short again at the bottom: ${back} rows`);
  assert.ok(await page.evaluate(() => {
    const list = document.querySelector('.messages__scroll');
    return list.scrollHeight - list.scrollTop - list.clientHeight < 2;
  }), 'still at the bottom');
  assert.deepEqual(await pageErrors(page), []);
});

test(`${ENGINE}: the jump to the newest after "show earlier" makes the window short again`, async () => {
  await page.evaluate(() => { document.querySelector('.messages__scroll').scrollTop = 0; });
  await page.waitForTimeout(300);
  await page.locator('.messages__earlier').click();
  await page.waitForTimeout(300);
  assert.ok(await rows() >= FULL_MIN, 'scrolled up, with earlier rows');
  const r = await page.evaluate(burst, { room, n: 1, per: 1, tag: 'late' });
  assert.equal(r.last, 'late 0');
  const jump = page.locator('.messages__jump');
  await jump.waitFor();
  await jump.click();
  await jump.waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
  const back = await rows();
  assert.ok(back <= SHORT_MAX, `short again after the jump: ${back} rows`);
  assert.ok(await page.evaluate(() => {
    const list = document.querySelector('.messages__scroll');
    return list.scrollHeight - list.scrollTop - list.clientHeight < 2;
  }), 'at the bottom');
  assert.deepEqual(await pageErrors(page), []);
});
