// The chat UI under load: the release app open in a room of the dev broker while 1,000
// messages/s arrive for 10 s (so the room then holds 10,000), then idle with those 10,000.
// `--rate`, `--seconds` and `--throttle` (Chromium's CPU slowed N times over the DevTools
// protocol, for the app's page only: a phone-class CPU) change that.
// Meanwhile a key is typed into the composer every 250 ms. Reports long tasks, frame times,
// input latency (Event Timing), JS heap and wasm memory per phase, and how long after the
// publisher stopped the last message appeared (the backlog). The idle phase with 10,000
// messages starts only once the page has caught up.
//
// This one runs through Playwright: a DevTools client IS attached (it halves raw WebSocket
// rates, see BENCHMARKS.md), which only makes the figures here pessimistic.
//
//   node benches/ui/load.mjs [--smoke] [--rate N] [--seconds N] [--throttle N] [--out FILE]
//                            [--profile FILE.cpuprofile]   (the load phase, see profile.mjs)
//                            [--trace FILE.json]   (a Chromium trace of the load phase, see trace.mjs)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker, openApp, connectAs, joinRoom } from '../../tests/e2e/helpers.mjs';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(process.env.TOOLS_NODE_MODULES || path.join(root, 'tools/node_modules'), 'playwright-core'));
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const outFile = opt('--out', null);
const profileFile = opt('--profile', null);
const traceFile = opt('--trace', null);
const THROTTLE = Number(opt('--throttle', 1));
const RATE = Number(opt('--rate', smoke ? 100 : 1000));
const SECONDS = Number(opt('--seconds', smoke ? 2 : 10));
if (!(RATE > 0 && SECONDS > 0 && THROTTLE >= 1)) throw new Error('bad --rate, --seconds or --throttle');
const ROOM = 'loadtest';

const pct = (xs, p) => { if (!xs.length) return 0; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
function summary(m) {
  return {
    longTasks: m.longTasks.length, longestTaskMs: Math.max(0, ...m.longTasks),
    frames: m.frames.length, p50FrameMs: pct(m.frames, 50), p95FrameMs: pct(m.frames, 95), maxFrameMs: Math.max(0, ...m.frames),
    inputsOver16ms: m.inputs.length, worstInputMs: Math.max(0, ...m.inputs),
    jsHeapMiB: m.jsHeap / 2 ** 20, wasmMemoryMiB: m.wasmMemory / 2 ** 20, messagesInDom: m.messagesInDom,
  };
}

// Runs in a blank page of the same browser: a raw STOMP publisher at `rate` msgs/s.
async function publish({ url, room, rate, seconds }) {
  const ws = new WebSocket(url, ['v12.stomp']);
  await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = () => fail(new Error('publisher socket')); });
  ws.send('CONNECT\naccept-version:1.2\nhost:/\nheart-beat:0,0\n\n\0');
  await new Promise((ok) => { ws.onmessage = ok; });
  const frame = (i) => {
    const body = JSON.stringify({ type: 'CHAT', id: `load-${i}`, room, sender: 'loadbot', content: `load message ${i} with a few words of text`, timestamp: Date.now() });
    return `SEND\ndestination:/topic/chat/${room}\ncontent-type:application/json\n\n${body}\0`;
  };
  const start = performance.now();
  let sent = 0;
  for (let tick = 0; tick < seconds * 100; tick++) {
    // Every 10 ms, whatever the rate says is due by then (rates that are not a multiple of 100 too).
    const due = Math.round((rate * (tick + 1)) / 100);
    while (sent < due) ws.send(frame(sent++));
    const next = start + (tick + 1) * 10;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const receipt = new Promise((ok) => { ws.onmessage = (e) => { if (String(e.data).startsWith('RECEIPT')) ok(); }; });
  ws.send('DISCONNECT\nreceipt:bye\n\n\0');
  await Promise.race([receipt, new Promise((r) => setTimeout(r, 2000))]);
  return { sent, ms: performance.now() - start };
}

async function typeFor(page, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await page.keyboard.type('a');
    await page.waitForTimeout(250);
  }
}

const broker = await startBroker({ args: ['--receipts', 'all', '--heart-beat', '0,0'] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
});
let failed = false;
try {
  const page = await openApp(browser, broker.url);
  // A page that falls too far behind is disconnected by the broker (its outbox is bounded) and
  // loses what was published meanwhile: counted, so a run that never sees its last message says why.
  let socketsClosed = 0;
  page.on('websocket', (ws) => ws.on('close', () => { socketsClosed += 1; }));
  await page.addInitScript({ path: path.join(here, 'probe.js') });
  await page.reload();
  await page.locator('#nickname').waitFor();
  await connectAs(page, 'watcher');
  await joinRoom(page, ROOM);
  await page.click('#composer-text');
  const cdp = await page.context().newCDPSession(page);
  if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.waitForTimeout(1000);
  const before = await page.evaluate(() => window.__ui.take());
  // Renders per component in the load phase, in a build with `--features render-counts`.
  const rendersNow = () => page.evaluate(() => ({ ...(window.__renders || {}) }));
  const rendersBefore = await rendersNow();

  // Its own context, so the app's throttle does not slow the publisher down too.
  const pub = await (await browser.newContext()).newPage();
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (traceFile) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
  const publishing = pub.evaluate(publish, { url: broker.url.replace('http', 'ws') + '/ws', room: ROOM, rate: RATE, seconds: SECONDS });
  await typeFor(page, SECONDS * 1000);
  const published = await publishing;
  // The room has caught up when the last message is on screen; how long that takes after the
  // publisher stopped is the backlog the page built up.
  const last = `load message ${RATE * SECONDS - 1} `;
  const stopped = Date.now();
  const closedBefore = socketsClosed;
  await page.locator('.msg .msg__text', { hasText: last }).waitFor({ timeout: 120000 }).catch((e) => {
    throw new Error(`${e.message.split('\n')[0]} (the app's socket closed ${socketsClosed - closedBefore} times while waiting, ${closedBefore} before)`);
  });
  const catchUpMs = Date.now() - stopped;
  const load = await page.evaluate(() => window.__ui.take());
  const rendersAfter = await rendersNow();
  const renders = Object.keys(rendersAfter).length
    ? Object.fromEntries(Object.entries(rendersAfter).map(([k, n]) => [k, n - (rendersBefore[k] || 0)]))
    : null;
  if (profileFile) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(profileFile, JSON.stringify(profile));
  }
  if (traceFile) fs.writeFileSync(traceFile, await browser.stopTracing());

  await typeFor(page, 5000);
  const after = await page.evaluate(() => window.__ui.take());
  const result = {
    rate: RATE, seconds: SECONDS, throttle: THROTTLE, loadAverage: os.loadavg().map((x) => +x.toFixed(2)), published, catchUpMs,
    socketsClosed, idleBefore: summary(before), underLoad: summary(load), afterLoad: summary(after),
    renders,
    errors: page.errors.map(String),
  };
  console.log(JSON.stringify(result, null, 2));
  if (outFile) fs.writeFileSync(outFile, JSON.stringify(result, null, 2));
  if (published.sent !== RATE * SECONDS) throw new Error(`published ${published.sent} of ${RATE * SECONDS}`);
  if (page.errors.length) throw new Error('page errors: ' + page.errors.join('; '));
} catch (e) {
  failed = true;
  console.error('[ui] FAILED:', e.message);
} finally {
  await browser.close();
  await broker.stop();
}
process.exit(failed ? 1 : 0);
