// Two or more builds of the app, measured back to back under the same load: runs load.mjs on
// each dist in turn, round after round (alternating, so a change in the machine's load hits
// all of them alike), and prints each one's medians with the load average of its runs. With
// `--trace`, each run is traced too and the main thread's CPU time (which a busy machine
// disturbs far less than frame times) is added: benches/ui/trace.mjs.
//
//   node benches/ui/ab.mjs --rounds 3 [--trace [--keep DIR]] DIST_A DIST_B [-- load.mjs options, e.g. --rate 250 --throttle 4]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './trace.mjs';
import { frameCosts } from './frames.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const pass = dash >= 0 ? argv.slice(dash + 1) : [];
const ri = own.indexOf('--rounds');
const rounds = ri >= 0 ? Number(own[ri + 1]) : 3;
const trace = own.includes('--trace');
// --keep DIR: each run's trace kept there as NAME-rN.json (for tasks.mjs and frames.mjs).
const ki = own.indexOf('--keep');
const keep = ki >= 0 ? own[ki + 1] : null;
const dists = own.filter((a, i) => !a.startsWith('--') && own[i - 1] !== '--rounds' && own[i - 1] !== '--keep');
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const runs = new Map(dists.map((d) => [d, []]));
const tmp = path.join(os.tmpdir(), `ui-ab-${process.pid}.json`);
const tmpTrace = path.join(os.tmpdir(), `ui-ab-${process.pid}.trace.json`);
for (let r = 0; r < rounds; r++) {
  for (const d of dists) {
    const load = os.loadavg()[0];
    try {
      execFileSync('node', [path.join(here, 'load.mjs'), '--out', tmp, ...(trace ? ['--trace', tmpTrace] : []), ...pass], { env: { ...process.env, DIST_DIR: d }, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch { console.error(`[ab] ${d} round ${r + 1} failed`); continue; }
    const u = JSON.parse(fs.readFileSync(tmp, 'utf8'));
    const tr = trace ? JSON.parse(fs.readFileSync(tmpTrace, 'utf8')) : null;
    if (tr && keep) fs.copyFileSync(tmpTrace, path.join(keep, `${path.basename(d)}-r${r + 1}.json`));
    const cpu = tr ? summarise(tr) : null;
    const f = tr ? frameCosts(tr) : null;
    runs.get(d).push({
      ...u.underLoad, catchUpMs: u.catchUpMs, load, cpuMs: cpu ? cpu.cpuMs : NaN, tasks: cpu ? cpu.tasks : NaN,
      frames: f ? f.frames : NaN, frameTotalMs: f ? f.cpuMs : NaN, frameCpuMs: f ? f.perFrameMs : NaN, layoutMs: f ? f.Layout : NaN,
      paintSideMs: f ? f.PrePaint + f.Paint + f.Layerize + f.Commit : NaN,
    });
    const x = u.underLoad;
    console.error(`[ab] ${path.basename(d)} r${r + 1}: p95 ${x.p95FrameMs.toFixed(1)} ms, ${x.longTasks} long (max ${Math.round(x.longestTaskMs)}), worst key ${Math.round(x.worstInputMs)} ms, catch-up ${u.catchUpMs} ms, load ${load.toFixed(2)}${cpu ? `, main thread ${Math.round(cpu.cpuMs)} ms CPU in ${cpu.tasks} tasks; ${f.frames} frames, ${f.perFrameMs.toFixed(2)} ms CPU each (Layout ${f.Layout.toFixed(2)}, PrePaint+Paint+Layerize+Commit ${(f.PrePaint + f.Paint + f.Layerize + f.Commit).toFixed(2)})` : ''}`);
  }
}
for (const [d, rs] of runs) {
  if (!rs.length) continue;
  const m = (k) => med(rs.map((x) => x[k]));
  console.log(`${path.basename(d).padEnd(16)} p95 frame ${m('p95FrameMs').toFixed(1)} ms | p50 ${m('p50FrameMs').toFixed(1)} | long tasks ${m('longTasks')} (longest ${Math.round(m('longestTaskMs'))} ms) | worst key ${Math.round(m('worstInputMs'))} ms | catch-up ${Math.round(m('catchUpMs'))} ms | ${trace ? `main thread ${Math.round(m('cpuMs'))} ms CPU, ${Math.round(m('tasks'))} tasks | frames ${Math.round(m('frameTotalMs'))} ms CPU in all, ${m('frameCpuMs').toFixed(2)} each (Layout ${m('layoutMs').toFixed(2)}, PrePaint..Commit ${m('paintSideMs').toFixed(2)}) in ${Math.round(m('frames'))} frames | ` : ''}load avg ${m('load').toFixed(2)} (median of ${rs.length})`);
}
