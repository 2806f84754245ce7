// Joins the browser figures, the sizes and the native criterion output into ONE table, prints
// it, and writes the benchmark report (BENCHMARKS.md for a full run).
//
//   node benches/compose.mjs --dir target/bench [--md BENCHMARKS.md]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from './browser/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dir = opt('--dir', 'target/bench');
const md = opt('--md', null);
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : null);

const browser = JSON.parse(read('browser.json'));
const size = read('size.json') && JSON.parse(read('size.json'));

// Sizes join the table as rows of their own, brotli bytes as the figure.
const rows = [...browser.rows];
if (size) {
  const stompjs = size.rows.find((r) => r.what.startsWith('stompjs'));
  for (const r of size.rows.filter((x) => x.kind === 'total' || x.what === 'app')) {
    rows.push({
      bench: 'size', case: `${r.what}${r.kind === 'total' ? '' : ' ' + r.kind}`, side: r.what.startsWith('stompjs') ? 'stompjs' : 'ours',
      unit: 'KiB brotli', median: r.brotli / 1024, rangeText: `raw ${(r.raw / 1024).toFixed(1)} / gzip ${(r.gzip / 1024).toFixed(1)} KiB`,
      ratios: r.what === 'stomp-only page' && r.kind === 'total'
        ? [{ ref: 'stompjs (smaller is better)', median: r.brotli / stompjs.brotli, min: r.brotli / stompjs.brotli, max: r.brotli / stompjs.brotli }]
        : [],
    });
  }
}
// The UI under load: one row per phase; the figure is the p95 frame time. The throttled run
// (CPU 4x slower) adds its load phase only.
const uiRows = (ui, phases) => {
  const cpu = ui.throttle > 1 ? `, CPU ${ui.throttle}x slower` : '';
  ui.underLoad.note = `; last message shown ${(ui.catchUpMs / 1000).toFixed(1)} s after the publisher stopped`
    + (ui.loadAverage ? `; load average ${ui.loadAverage[0]}` : '');
  for (const [key, label] of phases) {
    const m = ui[key];
    rows.push({
      bench: 'ui', case: label + cpu, side: 'app', unit: 'ms p95 frame', median: m.p95FrameMs,
      rangeText: `p50 ${m.p50FrameMs.toFixed(1)} / max ${m.maxFrameMs.toFixed(1)} ms`,
      secondary: { unit: '', median: NaN },
      alsoText: `${m.longTasks} long tasks (max ${Math.round(m.longestTaskMs)} ms); ${m.inputsOver16ms ? `worst key ${Math.round(m.worstInputMs)} ms` : 'no key event over 16 ms'}; heap ${m.jsHeapMiB.toFixed(1)} MiB, wasm ${m.wasmMemoryMiB.toFixed(1)} MiB${m.note || ''}`,
      ratios: [],
    });
  }
};
const ui = read('ui.json') && JSON.parse(read('ui.json'));
if (ui) {
  uiRows(ui, [['idleBefore', 'idle, empty room'], ['underLoad', `${ui.rate.toLocaleString('en')} msg/s for ${ui.seconds} s`],
    ['afterLoad', `idle, ${(ui.rate * ui.seconds).toLocaleString('en')} messages in the room`]]);
}
const uiSlow = read('ui-throttled.json') && JSON.parse(read('ui-throttled.json'));
if (uiSlow) uiRows(uiSlow, [['underLoad', `${uiSlow.rate.toLocaleString('en')} msg/s for ${uiSlow.seconds} s`]]);
// First paint, cold, CPU 4x slower and Slow 4G: index.html's connect form painted and usable,
// then the app started (from then on Connect connects).
const fp = read('first-paint.json') && JSON.parse(read('first-paint.json'));
if (fp) {
  const range = (r) => `min ${Math.round(r[0])} / max ${Math.round(r[1])} ms`;
  const where = `html ${Math.round(fp.htmlEndMs)}, ${fp.cssFiles ? `${fp.cssFiles} css by ${Math.round(fp.cssEndMs)}` : 'css inline'}, `
    + `wasm ${fp.wasmKiB.toFixed(0)} KiB ${fp.encoding['.wasm']} ${Math.round(fp.wasmStartMs)}–${Math.round(fp.wasmEndMs)}, `
    + `then ${Math.round(fp.startMs)} ms to the app's start (compile + start)`;
  for (const [label, median, r, also] of [
    ['first contentful paint (the connect form)', fp.fcpMs, fp.fcpRange, `goal 500 ms; ${fp.loads} cold loads`],
    ['connect form usable (visible, focused, takes keys)', fp.usableMs, fp.usableRange, 'goal 1,500 ms'],
    ['app started (Connect connects)', fp.appStartedMs, fp.appStartedRange, where],
  ]) {
    rows.push({
      bench: 'first paint', case: `${label}, CPU ${fp.cpuThrottle}x, Slow 4G`, side: 'app', unit: 'ms', median,
      rangeText: range(r), secondary: { unit: '', median: NaN }, alsoText: also, ratios: [],
    });
  }
}
// Everything from the first section heading after the table up to the criterion block.
function readNotes(file) {
  const text = fs.readFileSync(path.join(here, '..', file), 'utf8');
  const start = text.indexOf('\n## ');
  if (start < 0) throw new Error(`${file}: no notes section (## ...) below the table`);
  const end = text.indexOf('\n## Native codec (criterion');
  return text.slice(start + 1, end < 0 ? undefined : end);
}

const table = renderTable(rows);
console.log(table);

if (md) {
  const m = browser.machine;
  const criterion = read('criterion.txt');
  // The notes live in BENCHMARKS.md itself, below the table: a run replaces the header and the
  // table (and the criterion block it appends) and keeps every word written by hand.
  const notes = readNotes('BENCHMARKS.md');
  const text = [
    '# Benchmarks: our STOMP client vs @stomp/stompjs 7.5.0 and the raw WebSocket',
    '',
    `Measured ${m.date} by \`scripts/bench.sh\` on ${m.cores} cores (${m.cpu}), ${m.chromium}, Node ${m.node};`,
    `load average at the end ${m.load} (the machine is shared: read the ranges, not just the medians).`,
    `Each comparison ran its sides back to back in the same page, ${browser.plan.rounds} rounds, the side going first`,
    'rotating each round; figures are medians with the min–max over rounds, and each ratio is the',
    'median (min–max) of the per-round ratios. The page runs in a Chromium started directly on its',
    'URL, with no DevTools client attached, and POSTs its figures to the driver.',
    '',
    table,
    '',
    notes.trim(),
    '',
    ...(criterion ? ['## Native codec (criterion, for reference)', '', '```', criterion.trim(), '```', ''] : []),
  ].join('\n');
  fs.writeFileSync(md, text);
  console.error('[bench] wrote', md);
}
