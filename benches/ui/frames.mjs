// What each rendered frame cost the app page's main thread, from a Chromium trace
// (`load.mjs --trace`): the frame tasks (those that ran PrePaint/Commit, as tasks.mjs counts
// them), their CPU per frame, and the CPU per frame of each rendering step. CPU is thread time,
// which a busy machine disturbs far less than wall time; a change in what the DOM holds shows
// here through load noise that swamps frame times.
//
//   node benches/ui/frames.mjs FILE.json
import fs from 'node:fs';
import { mainThreadTasks, kindOf } from './tasks.mjs';

export const STEPS = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

export function frameCosts(trace) {
  const frames = mainThreadTasks(trace).tasks.filter((t) => kindOf(t) === 'frame');
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  // Each step's own events, nested ones included once (a step does not nest in itself).
  const step = (t, name) => t.inner.filter((e) => e.name === name).reduce((a, e) => a + cpu(e), 0);
  const total = frames.reduce((a, t) => a + cpu(t), 0);
  const out = { frames: frames.length, cpuMs: total, perFrameMs: total / frames.length, medianFrameMs: median(frames.map(cpu)) };
  for (const s of STEPS) out[s] = frames.reduce((a, t) => a + step(t, s), 0) / frames.length;
  return out;
}

if (process.argv[1] && process.argv[1].endsWith('frames.mjs')) {
  const f = frameCosts(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
  console.log(`${f.frames} frames, ${f.cpuMs.toFixed(0)} ms CPU: ${f.perFrameMs.toFixed(2)} ms per frame (median ${f.medianFrameMs.toFixed(2)})`);
  console.log(STEPS.map((s) => `${s} ${f[s].toFixed(2)}`).join(', '), '(ms CPU per frame)');
}
