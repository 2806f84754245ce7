// Turns per-round figures into medians, spreads and paired ratios. A ratio is computed per
// round (both sides ran back to back in that round) and its median and range reported, which
// cancels most of the drift of a shared, noisy machine.

// For each of our sides, the reference sides it is compared with.
const PAIRS = {
  decode: { 'ours-bytes': ['stompjs-raw'], 'ours-chunk': ['stompjs-raw'], 'ours-view': ['stompjs-raw'], 'ours-text': ['stompjs-frame'] },
  core: {},
  receive: { ours: ['raw', 'stompjs'], 'ours-worker': ['ours', 'raw'] },
  send: { ours: ['raw', 'raw-built', 'stompjs'], 'ours-binary': ['raw-binary'] },
  // µs per send: a ratio above 1 means ours costs more.
  'send-cpu': {
    ours: ['raw', 'raw-built', 'raw-decoded', 'floor'], 'ours-binary': ['raw-binary', 'floor-binary'],
    'raw-decoded': ['raw'], floor: ['raw', 'raw-decoded'], 'floor-binary': ['raw-binary'],
    'ours-b': ['ours', 'raw'], 'ours-binary-b': ['ours-binary', 'raw-binary'],
    'ours-worker': ['ours', 'raw'], 'ours-worker-binary': ['ours-binary', 'raw-binary'],
    'ours-worker-b': ['ours-worker'], 'ours-worker-binary-b': ['ours-worker-binary'],
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function rate(bench, r) {
  const s = Math.max(r.ms, 0.01) / 1000; // a timer tick, so a tiny smoke run never divides by 0
  if (bench === 'decode') return { primary: r.wireBytes / 1e6 / s, secondary: r.frames / s };
  if (bench === 'send-cpu') return { primary: ((r.cpuMs - r.emptyMedian) * 1000) / r.count, secondary: (r.ms * 1000) / r.count };
  if (bench === 'core') return { primary: r.count / s, secondary: (r.ms * 1000) / r.count };
  if (bench === 'receive') return { primary: (r.count - 1) / s, secondary: r.bytes / 1e6 / s };
  return { primary: r.count / s, secondary: (Math.max(r.issueMs, 0) * 1000) / (r.count - 1) };
}

export const UNITS = {
  decode: ['MB/s', 'frames/s'], core: ['msgs/s', 'µs/msg'], receive: ['msgs/s', 'MB/s'], send: ['msgs/s', 'µs/send to socket'],
  'send-cpu': ['µs CPU/send', 'µs/send wall'],
};

export function summarize(plan, results) {
  const rows = [];
  for (const bench of ['decode', 'core', 'receive', 'send', 'send-cpu']) {
    for (const c of plan[bench === 'send-cpu' ? 'sendCpu' : bench] || []) {
      const bySide = {};
      const mine = results.filter((x) => x.bench === bench && x.case === c.label);
      // send-cpu: the median CPU cost of the readings themselves, taken off every burst.
      const emptyMedian = bench === 'send-cpu' ? median(mine.map((x) => x.emptyMs)) : 0;
      for (const r of mine.map((x) => ({ ...x, emptyMedian }))) {
        (bySide[r.side] ||= [])[r.round] = rate(bench, r);
      }
      for (const side of c.sides) {
        const xs = bySide[side].map((x) => x.primary);
        const row = {
          bench, case: c.label, side, unit: UNITS[bench][0],
          median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length,
        };
        if (UNITS[bench][1]) row.secondary = { unit: UNITS[bench][1], median: median(bySide[side].map((x) => x.secondary)) };
        row.ratios = (PAIRS[bench][side] || []).map((ref) => {
          if (!bySide[ref]) return null;
          const ratios = bySide[side].map((x, i) => x.primary / bySide[ref][i].primary);
          return { ref, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
        }).filter(Boolean);
        // Sending: also the CPU per send (time to hand every send to the socket), per round.
        if (bench === 'send') {
          row.cpuRatios = (PAIRS[bench][side] || []).filter((ref) => bySide[ref]).map((ref) => {
            const ratios = bySide[side].map((x, i) => x.secondary / bySide[ref][i].secondary);
            return { ref, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
          });
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en') : x >= 10 ? x.toFixed(1) : x.toFixed(2));

// One Markdown table: figures and, on each of our rows, ours ÷ each reference.
export function renderTable(rows) {
  const out = ['| benchmark | case | side | median | min–max | also | ours ÷ reference: median (min–max of per-round ratios) |',
    '|---|---|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const also = r.alsoText || (r.secondary ? `${fmt(r.secondary.median)} ${r.secondary.unit}` : '');
    const show = (q) => `÷ ${q.ref} **${q.median.toFixed(2)}x** (${q.min.toFixed(2)}–${q.max.toFixed(2)})`;
    let ratio = r.ratios.map(show).join('; ');
    if (r.cpuRatios && r.cpuRatios.length) ratio += `; µs/send ${r.cpuRatios.map(show).join('; ')}`;
    const range = r.rangeText || `${fmt(r.min)}–${fmt(r.max)}`;
    out.push(`| ${r.bench} | ${r.case} | ${r.side} | ${fmt(r.median)} ${r.unit} | ${range} | ${also} | ${ratio} |`);
  }
  return out.join('\n');
}
