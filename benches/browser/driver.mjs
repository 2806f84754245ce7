// Runs the in-browser benchmarks: serves the bench page on 127.0.0.1, starts the brokers it
// needs (the dev broker and a throw-away RabbitMQ node), launches Chromium straight on the
// page URL — no DevTools client attached, which would halve WebSocket rates — and collects
// the figures the page POSTs back. Prints one table and writes it as Markdown.
//
//   node benches/browser/driver.mjs [--smoke] [--rounds N] [--out FILE]
//        [--only decode,receive,send] [--sides ours,raw]
//        [--pkg-b DIR]                 A/B in one page: a second build of the bench wasm
//                                      (wasm-bindgen output) whose sides ours-b, ours-binary-b
//                                      join send-cpu, alternating with the others
//        [--worker]                    also our client with its socket in a Worker (sides
//                                      ours-worker in receive, ours-worker(-binary) in send-cpu;
//                                      with --pkg-b also ours-worker(-binary)-b)
//        [--profile FILE.cpuprofile]   Chromium's sampling CPU profile of the page over the
//                                      DevTools protocol (Profiler domain only; attribution,
//                                      not figures), with the top self times printed
//
// Never judges speed: it fails only when something did not run or count right.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makePlan } from './plan.mjs';
import { summarize, renderTable } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const smoke = flag('--smoke');
const rounds = Number(opt('--rounds', smoke ? 2 : 5));
const outFile = opt('--out', null);
const only = opt('--only', null); // e.g. "decode", "receive,send", "send-cpu" (send includes it)
const sidesOnly = opt('--sides', null); // e.g. "ours,raw": runs only these sides of each case
const profileFile = opt('--profile', null);
const pkgB = opt('--pkg-b', null);
const worker = args.includes('--worker');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const bin = (name) => path.join(root, 'target/release', name);
const log = (...a) => console.error('[bench]', ...a);

const children = [];
const cleanups = [];
// Once: the run's own end and a signal may both ask for it, and the second must wait for the first.
let cleaning = null;
const cleanup = () => (cleaning ??= stopAll());
async function stopAll() {
  // Wait for each child to exit, so nothing still writes into a directory being removed.
  await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((r) => {
    c.once('exit', r);
    // Chromium runs in its own process group (its helpers too): signal the group.
    const kill = (sig) => { try { if (c.groupLeader) process.kill(-c.pid, sig); else c.kill(sig); } catch { /* gone */ } };
    kill('SIGTERM');
    setTimeout(() => { kill('SIGKILL'); r(); }, 5000).unref();
  })));
  for (const f of cleanups.reverse()) { try { await f(); } catch (e) { log('cleanup:', e.message); } }
}
// A run stopped from outside (Ctrl-C, a CI timeout's SIGTERM) still stops Chromium, the dev
// broker and the RabbitMQ node it started; without this they outlive the driver.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    log(`${sig}: stopping what this run started`);
    cleanup().finally(() => process.exit(128 + os.constants.signals[sig]));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); r(true); });
      c.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${ms} ms`);
}

// Per-subscriber outbound limits for the receive runs. The defaults (1,024 frames, 1 MiB)
// model Spring's bounded send buffer and drop any subscriber more than that behind; a native
// publisher's burst of 50,000 is queued long before a browser has read it, so they are raised
// far enough for the largest burst here (50,000 × ~170 B, 5,000 × ~4.2 KiB on the wire).
const DEVBROKER_OUTBOUND = ['--outbound-queue', '200000', '--outbound-bytes', String(256 * 1024 * 1024)];

async function startDevbroker() {
  const port = await freePort();
  const child = spawn(bin('devbroker'), ['--addr', `127.0.0.1:${port}`, '--receipts', 'all', '--heart-beat', '0,0',
    ...DEVBROKER_OUTBOUND, '--static-dir', path.join(os.tmpdir(), 'bench-no-app')], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A subscriber dropped for falling behind must be explained if a receive run then fails.
  let err = '';
  child.stderr.on('data', (d) => {
    err = (err + d).slice(-4000);
    if (/too slow/.test(String(d))) log('dev broker:', String(d).trim());
  });
  child.on('exit', (code) => { if (code) log(`dev broker exited ${code}: ${err.trim()}`); });
  children.push(child);
  await waitPort(port, 10000);
  // No TCP STOMP listener: the publisher speaks STOMP over the same WebSocket endpoint.
  const url = `ws://127.0.0.1:${port}/ws`;
  return { url, stompAddr: url };
}

// `config`: extra rabbitmq.conf lines; the node is restarted on the same ports to apply them.
function startRabbit(config = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rabbit-'));
  fs.rmSync(dir, { recursive: true });
  const script = path.join(root, 'scripts/rabbitmq.sh');
  const run = (cmd) => execFileSync(script, [cmd, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  cleanups.push(() => execFileSync(script, ['stop', dir], { stdio: 'inherit' }));
  let url = run('start');
  if (config.length) {
    fs.appendFileSync(path.join(dir, 'rabbitmq.conf'), config.join('\n') + '\n');
    run('down');
    url = run('up');
  }
  const ports = Object.fromEntries(fs.readFileSync(path.join(dir, 'ports'), 'utf8').trim().split('\n').map((l) => l.split('=')));
  return { url, login: 'guest', passcode: 'guest', stompAddr: `127.0.0.1:${ports.STOMP_PORT}` };
}

function runPublisher(broker, { destination, n, body }) {
  return new Promise((resolve, reject) => {
    const credentials = broker.login ? [broker.login, broker.passcode] : [];
    const child = spawn(bin('bench-pub'), [broker.stompAddr, destination, String(n), String(body), ...credentials]);
    children.push(child);
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench-pub exited ${code}: ${err.trim()}`))));
  });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
function serveFile(res, file) {
  fs.readFile(file, (e, data) => {
    if (e) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(data);
  });
}

function readBody(req) {
  return new Promise((resolve) => { let b = ''; req.on('data', (d) => { b += d; }); req.on('end', () => resolve(b ? JSON.parse(b) : {})); });
}

async function main() {
  const wantBench = (b) => !only || only.split(',').includes(b);
  const brokers = {};
  if (wantBench('send') || wantBench('send-cpu') || wantBench('receive')) { log('starting the dev broker'); brokers.devbroker = await startDevbroker(); }
  if (wantBench('receive') || wantBench('send') || wantBench('send-cpu')) { log('starting a throw-away RabbitMQ node'); brokers.rabbitmq = startRabbit(); }
  if (wantBench('receive') && !smoke) {
    log('starting a second node: binary frames, no permessage-deflate');
    brokers.rabbitmqBinary = startRabbit(['web_stomp.ws_frame = binary', 'web_stomp.ws_opts.compress = false']);
  }
  const plan = makePlan({ smoke, rounds, brokers, only: wantBench, pkgB: Boolean(pkgB), worker });
  if (sidesOnly) {
    const keep = sidesOnly.split(',');
    for (const c of [...plan.decode, ...plan.receive, ...plan.send, ...plan.sendCpu]) c.sides = c.sides.filter((x) => keep.includes(x));
    plan.expectedResults = [...plan.decode, ...plan.core, ...plan.receive, ...plan.send]
      .reduce((n, c) => n + c.sides.length * rounds, 0)
      + plan.sendCpu.reduce((n, c) => n + c.sides.length * c.rounds, 0);
  }
  // With --profile the page gets its plan only once the profiler runs.
  let profilerReady = Promise.resolve();
  let markProfilerReady = () => {};
  if (profileFile) profilerReady = new Promise((r) => { markProfilerReady = r; });

  let finish;
  const finished = new Promise((resolve, reject) => { finish = { resolve, reject }; });
  const results = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    if (req.method === 'GET') {
      if (p === '/cpu') return res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(String(rendererCpuNs()));
      if (p === '/plan') await profilerReady;
      if (p === '/plan') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(plan));
      if (p === '/' || p === '/index.html') return serveFile(res, path.join(here, 'index.html'));
      // Under /pkg/ also wasm-bindgen's snippets/ (the JS of `inline_js` imports).
      const under = (prefix, dir) => {
        const rel = path.normalize(decodeURIComponent(p.slice(prefix.length)));
        return rel.startsWith('..') || path.isAbsolute(rel) ? null : path.join(dir, rel);
      };
      if (p.startsWith('/pkg/') && under('/pkg/', '.')) return serveFile(res, path.join(root, 'target/bench-web/pkg', under('/pkg/', '.')));
      if (pkgB && p.startsWith('/pkg-b/') && under('/pkg-b/', '.')) return serveFile(res, path.join(path.resolve(pkgB), under('/pkg-b/', '.')));
      if (p.startsWith('/stompjs/')) return serveFile(res, path.join(root, 'tools/node_modules/@stomp/stompjs/bundles', path.basename(p)));
      if (/^\/[\w-]+\.js$/.test(p)) return serveFile(res, path.join(here, p.slice(1)));
      return res.writeHead(404).end();
    }
    const body = await readBody(req);
    if (p === '/publish') {
      try {
        const r = await runPublisher(brokers[body.broker], body);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      } catch (e) {
        return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message }));
      }
    }
    res.writeHead(204).end();
    if (p === '/result') { results.push(body); log(`${body.bench} | ${body.case} | ${body.side} | round ${body.round} | ${body.ms.toFixed(1)} ms`); }
    else if (p === '/log') log('page:', body.msg);
    else if (p === '/done') finish.resolve();
    else if (p === '/error') finish.reject(new Error(`page: ${body.message}\n${body.stack || ''}`));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  const pageUrl = `http://127.0.0.1:${server.address().port}/`;

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
  cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));
  log('launching', chromium, pageUrl);
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-extensions', `--user-data-dir=${profile}`, ...(profileFile ? ['--remote-debugging-port=0'] : []), pageUrl,
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  browser.groupLeader = true;
  browserGroup = browser.pid;
  let browserErr = '';
  browser.stderr.on('data', (d) => { browserErr = (browserErr + d).slice(-4000); });
  browser.on('exit', (code) => finish.reject(new Error(`Chromium exited (${code}) before the page finished:\n${browserErr}`)));
  children.push(browser);

  let profiler = null;
  if (profileFile) {
    profiler = await startProfiler(profile);
    markProfilerReady();
  }

  const limitMs = Number(opt('--timeout', smoke ? 150 : 1200)) * 1000;
  const timer = setTimeout(() => finish.reject(new Error(`the page did not finish within ${limitMs / 1000} s`)), limitMs);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
  }

  if (profiler) await profiler.stop(profileFile);
  const expected = plan.expectedResults;
  if (results.length !== expected) throw new Error(`expected ${expected} results, got ${results.length}`);
  const rows = summarize(plan, results);
  const machine = machineInfo();
  const table = renderTable(rows);
  console.log(table);
  if (outFile) {
    fs.writeFileSync(outFile, JSON.stringify({ machine, plan: { smoke, rounds }, rows, results }, null, 2));
    log('wrote', outFile);
  }
}

// A browser-level DevTools connection, attached to the page with the Profiler domain alone
// (no Network domain, which would copy every WebSocket frame to us).
async function startProfiler(profileDir) {
  const { default: WebSocket } = await import(path.join(root, 'tools/node_modules/ws/index.js'));
  const portFile = path.join(profileDir, 'DevToolsActivePort');
  const until = Date.now() + 20000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (Date.now() > until) throw new Error('no DevToolsActivePort from Chromium');
    await new Promise((r) => setTimeout(r, 100));
  }
  const [port, wsPath] = fs.readFileSync(portFile, 'utf8').trim().split('\n');
  const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  let nextId = 1;
  const waiting = new Map();
  ws.on('message', (d) => {
    const m = JSON.parse(d);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(JSON.stringify(m.error))); else w.resolve(m.result);
  });
  const call = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
  let page;
  while (!page) {
    const { targetInfos } = await call('Target.getTargets');
    page = targetInfos.find((t) => t.type === 'page');
    if (!page) await new Promise((r) => setTimeout(r, 100));
  }
  const { sessionId } = await call('Target.attachToTarget', { targetId: page.targetId, flatten: true });
  await call('Profiler.enable', {}, sessionId);
  await call('Profiler.setSamplingInterval', { interval: 50 }, sessionId);
  await call('Profiler.start', {}, sessionId);
  log('profiler started');
  return {
    async stop(file) {
      const { profile } = await call('Profiler.stop', {}, sessionId);
      fs.writeFileSync(file, JSON.stringify(profile));
      ws.close();
      printProfile(profile);
      log('wrote', file);
    },
  };
}

// Self time by function (samples × interval), the top 30, idle and program excluded.
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`.trim();
    self.set(key, (self.get(key) || 0) + (dt[i + 1] || 0));
  });
  const total = [...self.entries()].filter(([k]) => !/^\((idle|program|garbage collector)\)/.test(k)).reduce((s, [, v]) => s + v, 0);
  console.log(`| self ms | % of busy | function |\n|---:|---:|---|`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`| ${(v / 1000).toFixed(1)} | ${((100 * v) / total).toFixed(1)} | ${k} |`);
  }
}

// CPU time (ns, from the scheduler) of the main thread of every renderer process of our
// Chromium (its process group): the thread the page's JS and wasm run on. Unlike wall time it does not grow while the thread
// waits for a core, so it holds on a loaded machine. Other renderers are idle.
let browserGroup = null;
function rendererCpuNs() {
  if (!browserGroup) return -1;
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== browserGroup) continue;
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      // The main thread is the task whose id is the process id.
      total += Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* gone meanwhile */ }
  }
  return total;
}

function machineInfo() {
  let version = '';
  try { version = execFileSync(chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* reported as unknown */ }
  const cpu = os.cpus();
  return {
    date: new Date().toISOString(),
    cores: cpu.length,
    cpu: cpu[0] ? cpu[0].model : 'unknown',
    chromium: version || 'unknown',
    node: process.version,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error('[bench] FAILED:', e.message);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
