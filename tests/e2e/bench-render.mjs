// Benchmark (prints figures, asserts nothing about speed): a page in a room receives 10,000
// chat messages published over RabbitMQ's plain STOMP port as fast as a script can, then a
// person sends one more. Shows whether the windowed list keeps the page responsive.
// RabbitMQ is the source because it fans out far faster than the page can consume.
//
//   TOOLS_NODE_MODULES=... node tests/e2e/bench-render.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launch, startBroker, openApp, connectAs, joinRoom, say } from './helpers.mjs';

const N = Number(process.env.BENCH_MESSAGES || 10000);
const script = join(ROOT, 'scripts', 'rabbitmq.sh');
const dir = join(mkdtempSync(join(tmpdir(), 'bench-rabbit-')), 'node');
const server = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
const host = await startBroker();
const browser = await launch();
const ms = (x) => `${x.toFixed(0)} ms`;
try {
  const page = await openApp(browser, host.url);
  await connectAs(page, 'reader', { profile: 'plain', server, login: 'guest', passcode: 'guest' });
  await joinRoom(page, 'bench');
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask' });
  });

  const port = Number(/STOMP_PORT=(\d+)/.exec(readFileSync(join(dir, 'ports'), 'utf8'))[1]);
  const sock = tcp(port, '127.0.0.1');
  await new Promise((ok, fail) => { sock.once('connect', ok); sock.once('error', fail); });
  let got = '';
  sock.on('data', (d) => { got += d; });
  const until = async (text) => { while (!got.includes(text)) await new Promise((r) => setTimeout(r, 5)); };
  sock.write('CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0');
  await until('CONNECTED');
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
  const t0 = performance.now();
  let batch = '';
  for (let i = 0; i < N; i++) {
    const body = JSON.stringify({
      type: 'CHAT', id: `b${i}`, room: 'bench', sender: i % 7 ? 'pub' : 'pub2',
      content: `message ${i} 🙂`, timestamp: Date.now(), clientId: `b${i}`,
    });
    batch += `SEND\ndestination:/topic/chat.bench\ncontent-type:application/json\n\n${body}\0`;
    if (i % 500 === 499 || i === N - 1) { sock.write(batch); batch = ''; }
  }
  sock.write('SEND\ndestination:/queue/bench-done\nreceipt:done\n\n\0');
  await until('receipt-id:done');
  const published = performance.now() - t0;
  await page.locator('.msg__text', { hasText: `message ${N - 1} ` }).waitFor({ timeout: 120000 });
  const received = performance.now() - t0;
  const long = await page.evaluate(() => window.__long.splice(0));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = profile.timeDeltas;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}`;
      self.set(k, (self.get(k) || 0) + (dt[i] || 0) / 1000);
    });
    [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
      .forEach(([k, v]) => console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`));
  }
  const rows = await page.locator('.msg').count();
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);

  const t1 = performance.now();
  await say(page, 'one more, by hand');
  await page.locator('.msg--own', { hasText: 'one more, by hand' }).waitFor();
  const shown = performance.now() - t1;
  await page.locator('.msg--own[data-status="delivered"]', { hasText: 'one more, by hand' }).waitFor();
  const delivered = performance.now() - t1;
  const longAfter = await page.evaluate(() => window.__long.splice(0));
  sock.end('DISCONNECT\n\n\0');

  console.log(`published ${N} messages over STOMP/TCP in ${ms(published)}`);
  console.log(`page: all ${N} received, the last one on screen after ${ms(received)} (${(N / received * 1000).toFixed(0)} msgs/s)`);
  console.log(`long tasks (>50 ms) while receiving: ${long.length}, longest ${ms(Math.max(0, ...long))}`);
  console.log(`message rows in the DOM: ${rows} (window), elements in the page: ${elements}`);
  console.log(`with ${N} messages in the room: own message on screen ${ms(shown)} after Enter, delivered ${ms(delivered)}; long tasks ${longAfter.length}`);
} finally {
  await browser.close();
  await host.stop();
  execFileSync('bash', [script, 'stop', dir]);
}
