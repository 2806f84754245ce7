// Does Chromium's CPU throttling (CDP `Emulation.setCPUThrottlingRate`, what `load.mjs
// --throttle` uses) slow a dedicated Worker as it slows the page? Times the same fixed loop on
// the page's main thread and in a Worker started from a Blob URL (as the socket's worker is),
// without throttling and at each rate given, several rounds, and prints the medians.
//
//   node benches/ui/worker-throttle.mjs [--rates 4] [--rounds 5] [--also-workers]
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(process.env.TOOLS_NODE_MODULES || path.join(root, 'tools/node_modules'), 'playwright-core'));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const rates = opt('--rates', '4').split(',').map(Number);
const rounds = Number(opt('--rounds', 5));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

// The loop: integer work that no engine folds away (its result is returned).
const LOOP = 'function spin(n){let x=0;for(let i=0;i<n;i++){x=(x*31+i)|0;}return x;}';
const N = 20_000_000;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.setContent('<!doctype html><title>throttle</title>');
const cdp = await page.context().newCDPSession(page);
await page.addScriptTag({ content: `${LOOP}
window.mainMs = (n) => { const t = performance.now(); spin(n); return performance.now() - t; };
const src = ${JSON.stringify(LOOP)} + 'onmessage=(e)=>{const t=performance.now();spin(e.data);postMessage(performance.now()-t);};';
window.w = new Worker(URL.createObjectURL(new Blob([src], { type: 'application/javascript' })));
window.workerMs = (n) => new Promise((res) => { w.onmessage = (e) => res(e.data); w.postMessage(n); });` });
// Warm both (JIT tiers).
await page.evaluate(`Promise.all([mainMs(${N}), workerMs(${N})])`);
// With --also-workers, the same rate is also set on the worker's own DevTools target
// (attached from the browser session): does the Emulation domain throttle a worker at all?
const alsoWorkers = args.includes('--also-workers');
let throttleWorker = async () => {};
if (alsoWorkers) {
  const bs = await browser.newBrowserCDPSession();
  const { targetInfos } = await bs.send('Target.getTargets');
  const wt = targetInfos.find((t) => t.type === 'worker');
  if (!wt) throw new Error('no worker target');
  const { sessionId } = await bs.send('Target.attachToTarget', { targetId: wt.targetId, flatten: false });
  let id = 0;
  const pending = new Map();
  bs.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
  });
  throttleWorker = (rate) => new Promise((res) => {
    const mid = ++id;
    pending.set(mid, (m) => { if (m.error) console.error('worker target:', JSON.stringify(m.error)); res(m); });
    bs.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mid, method: 'Emulation.setCPUThrottlingRate', params: { rate } }) });
  });
}
const out = {};
for (const rate of [1, ...rates]) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await throttleWorker(rate);
  const main = [], worker = [];
  for (let r = 0; r < rounds; r++) {
    main.push(await page.evaluate(`mainMs(${N})`));
    worker.push(await page.evaluate(`workerMs(${N})`));
  }
  out[`${rate}x`] = { mainMs: +med(main).toFixed(1), workerMs: +med(worker).toFixed(1) };
}
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
await browser.close();
const base = out['1x'];
for (const [k, v] of Object.entries(out)) {
  v.mainSlowdown = +(v.mainMs / base.mainMs).toFixed(2);
  v.workerSlowdown = +(v.workerMs / base.workerMs).toFixed(2);
}
console.log(JSON.stringify({ alsoWorkers, loop: `${N} iterations`, rounds, loadavg: os.loadavg().map((x) => +x.toFixed(2)), ...out }, null, 2));
