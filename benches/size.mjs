// Bundle sizes: the app's release bundle (what Trunk put in dist/), a minimal page that uses
// only our STOMP client (crates/bench-min), and stompjs' own minified bundle for reference —
// raw, gzip -9 and brotli q11 per kind of file. With --check, fails when the app bundle is over
// its budget (benches/size-budget.json) by more than 10 %.
//
//   node benches/size.mjs --app dist --min target/bench-min [--check] [--out FILE]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const TOLERANCE = 1.10;

function sizes(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kindOf = (f) => ({ '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html' })[path.extname(f)];

// Sums per kind of file (and a total) over a directory's files, recursively.
function bundle(dir) {
  const kinds = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      const kind = kindOf(e.name);
      if (!kind) continue;
      const s = sizes(fs.readFileSync(p));
      for (const k of [kind, 'total']) {
        kinds[k] ||= { raw: 0, gzip: 0, brotli: 0 };
        for (const m of ['raw', 'gzip', 'brotli']) kinds[k][m] += s[m];
      }
    }
  };
  walk(dir);
  if (!kinds.wasm) throw new Error(`no .wasm under ${dir}: build it first`);
  const order = ['wasm', 'js', 'css', 'html', 'total'];
  return Object.fromEntries(order.filter((k) => kinds[k]).map((k) => [k, kinds[k]]));
}

const report = {
  app: bundle(path.resolve(root, opt('--app', 'dist'))),
  'stomp-only page': bundle(path.resolve(root, opt('--min', 'target/bench-min'))),
  'stompjs 7.5.0 (stomp.umd.min.js)': {
    total: sizes(fs.readFileSync(path.join(root, 'tools/node_modules/@stomp/stompjs/bundles/stomp.umd.min.js'))),
  },
};

const rows = [];
for (const [what, kinds] of Object.entries(report)) {
  for (const [kind, s] of Object.entries(kinds)) rows.push({ what, kind, ...s });
}

const failures = [];
if (args.includes('--check')) {
  const budget = JSON.parse(fs.readFileSync(path.join(here, 'size-budget.json'), 'utf8')).app;
  for (const [kind, limits] of Object.entries(budget)) {
    for (const [m, limit] of Object.entries(limits)) {
      const got = report.app[kind] && report.app[kind][m];
      if (got === undefined) failures.push(`app ${kind} missing`);
      else if (got > limit * TOLERANCE) failures.push(`app ${kind} ${m}: ${got} B > budget ${limit} B + 10 %`);
    }
  }
}

const out = ['| bundle | files | raw | gzip | brotli |', '|---|---|---:|---:|---:|'];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const r of rows) out.push(`| ${r.what} | ${r.kind} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
console.log(out.join('\n'));
const file = opt('--out', null);
if (file) fs.writeFileSync(file, JSON.stringify({ rows, failures }, null, 2));
if (failures.length) {
  console.error('[size] OVER BUDGET:\n  ' + failures.join('\n  '));
  process.exit(1);
}
