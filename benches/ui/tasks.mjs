// What each task of the app page's main thread was, from a Chromium trace (`load.mjs --trace`):
// tasks grouped by kind (a rendered frame, a WebSocket message, a worker's message, a timer, an input event), with
// their CPU, and every task over a threshold listed with the events inside it by self time.
// A frame task is one that ran the rendering pipeline (PrePaint/Commit); the others are named
// by the first thing they dispatched.
//
//   node benches/ui/tasks.mjs FILE.json [--over 50]
import fs from 'node:fs';
import { mainThreadEvents } from './trace.mjs';

export function mainThreadTasks(trace) {
  const mine = mainThreadEvents(trace);
  const tasks = [];
  const stack = [];
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    e.self = e.dur;
    if (parent) {
      parent.self -= Math.min(e.dur, parent.ts + parent.dur - e.ts);
      stack[0].inner.push(e);
    } else {
      e.inner = [e];
      tasks.push(e);
    }
    stack.push(e);
  }
  return { tasks, t0: mine[0].ts };
}

export function kindOf(task) {
  const names = new Set(task.inner.map((e) => e.name));
  if (names.has('PrePaint') || names.has('Commit')) return 'frame';
  const ev = task.inner.find((e) => e.name === 'EventDispatch');
  if (ev) return `event ${ev.args?.data?.type}`;
  if (names.has('TimerFire')) return 'timer';
  // A Worker's postMessage to the page: the socket's batches (ClientConfig::socket_in_worker)
  // and the ticker's wakes.
  if (names.has('HandlePostMessage')) return 'worker message (JS)';
  if (names.has('Receive mojo message')) return names.has('FunctionCall') ? 'socket message (JS)' : 'IPC';
  return names.has('FunctionCall') ? 'other JS' : 'other';
}

if (process.argv[1] && process.argv[1].endsWith('tasks.mjs')) {
  const args = process.argv.slice(2);
  const over = Number(args.includes('--over') ? args[args.indexOf('--over') + 1] : 50) * 1000;
  const { tasks, t0 } = mainThreadTasks(JSON.parse(fs.readFileSync(args[0], 'utf8')));
  const kinds = new Map();
  for (const t of tasks) {
    const k = kindOf(t);
    const s = kinds.get(k) || { n: 0, cpu: 0, js: 0, max: 0, over: 0 };
    s.n += 1; s.cpu += (t.tdur ?? t.dur) / 1000; s.max = Math.max(s.max, t.dur / 1000);
    s.js += t.inner.filter((e) => e.name === 'FunctionCall').reduce((a, e) => a + (e.tdur ?? e.dur), 0) / 1000;
    if (t.dur > over) s.over += 1;
    kinds.set(k, s);
  }
  const total = [...kinds.values()].reduce((a, s) => a + s.cpu, 0);
  console.log(`kind                      tasks   CPU ms  share  of it JS ms  CPU µs each  longest ms  over ${over / 1000} ms`);
  for (const [k, s] of [...kinds].sort((a, b) => b[1].cpu - a[1].cpu)) {
    console.log(`${k.padEnd(24)} ${String(s.n).padStart(6)} ${s.cpu.toFixed(0).padStart(8)} ${(100 * s.cpu / total).toFixed(0).padStart(5)} % ${s.js.toFixed(0).padStart(11)} ${(1000 * s.cpu / s.n).toFixed(0).padStart(12)} ${s.max.toFixed(0).padStart(11)} ${String(s.over).padStart(10)}`);
  }
  console.log(`\ntasks over ${over / 1000} ms (wall), with self time by event inside:`);
  for (const t of tasks.filter((x) => x.dur > over)) {
    const by = new Map();
    for (const e of t.inner) by.set(e.name, (by.get(e.name) || 0) + e.self);
    const top = [...by].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 1000).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
    console.log(`  at ${((t.ts - t0) / 1000).toFixed(0)} ms, ${kindOf(t)}: ${(t.dur / 1000).toFixed(1)} ms wall, ${((t.tdur ?? t.dur) / 1000).toFixed(1)} ms CPU | ${top}`);
  }
}
