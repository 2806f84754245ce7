// What the app page's main thread did in a Chromium trace (`load.mjs --trace`): time per kind of
// work as the DevTools performance panel names it (script, style, layout, paint, GC), as self
// time so nested events are not counted twice. Thread time (`tdur`, CPU actually used) is the
// figure that holds on a busy machine; wall time there includes waiting for a core, and with
// CPU throttling on, the pauses the throttle adds.
//
//   node benches/ui/trace.mjs FILE.json [--top 25] [--json]
import fs from 'node:fs';

// The complete events of the renderer's main thread (the thread with the most task time), in
// start order, an enclosing event before the ones it contains.
export function mainThreadEvents(trace) {
  const events = trace.traceEvents || trace;
  const work = new Map();
  for (const e of events) {
    if (e.ph === 'X' && e.name === 'RunTask') work.set(`${e.pid}:${e.tid}`, (work.get(`${e.pid}:${e.tid}`) || 0) + e.dur);
  }
  const main = [...work].sort((a, b) => b[1] - a[1])[0][0];
  return events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

export function summarise(trace) {
  const mine = mainThreadEvents(trace);
  const self = new Map();
  const tasks = [];
  const stack = [];
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    const t = e.tdur ?? e.dur;
    const s = self.get(e.name) || { wall: 0, cpu: 0, n: 0 };
    s.wall += e.dur; s.cpu += t; s.n += 1;
    self.set(e.name, s);
    if (parent) {
      const p = self.get(parent.name);
      p.wall -= Math.min(e.dur, parent.ts + parent.dur - e.ts);
      p.cpu -= Math.min(t, parent.tdur ?? parent.dur);
    }
    if (!parent) tasks.push({ wall: e.dur, cpu: t });
    stack.push(e);
  }
  const sum = (xs, k) => xs.reduce((a, b) => a + b[k], 0) / 1000;
  return {
    tracedMs: (mine[mine.length - 1].ts + mine[mine.length - 1].dur - mine[0].ts) / 1000,
    tasks: tasks.length, busyMs: sum(tasks, 'wall'), cpuMs: sum(tasks, 'cpu'),
    tasksOver50ms: tasks.filter((t) => t.wall > 50000).length,
    byKind: [...self].map(([name, s]) => ({ name, count: s.n, wallMs: s.wall / 1000, cpuMs: s.cpu / 1000 })).sort((a, b) => b.cpuMs - a.cpuMs),
  };
}

if (process.argv[1] && process.argv[1].endsWith('trace.mjs')) {
  const args = process.argv.slice(2);
  const top = Number(args.includes('--top') ? args[args.indexOf('--top') + 1] : 25);
  const s = summarise(JSON.parse(fs.readFileSync(args[0], 'utf8')));
  if (args.includes('--json')) {
    console.log(JSON.stringify(s));
  } else {
    console.log(`main thread: ${s.tracedMs.toFixed(0)} ms traced, ${s.tasks} tasks, ${s.busyMs.toFixed(0)} ms busy (wall), ${s.cpuMs.toFixed(0)} ms CPU; ${s.tasksOver50ms} tasks over 50 ms`);
    console.log('      CPU ms    wall ms   count  CPU µs each');
    for (const k of s.byKind.slice(0, top)) {
      console.log(`${k.cpuMs.toFixed(1).padStart(12)} ${k.wallMs.toFixed(1).padStart(10)} ${String(k.count).padStart(7)} ${(1000 * k.cpuMs / k.count).toFixed(0).padStart(10)}   ${k.name}`);
    }
  }
}
