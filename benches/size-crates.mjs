// Where a wasm module's bytes go, by crate: reads `twiggy top --format csv` of a module that
// still has its name section (wasm-opt -g keeps it), sums the shallow size of every function
// by the crate its demangled name starts with, and prints a Markdown table.
//
//   twiggy top --format csv target/size/names.wasm | node benches/size-crates.mjs [--rows N]
//
// Attribution is by name, so it is approximate in the usual ways: a generic function is
// counted in the crate that defines it (serde's `Deserialize for Option<T>` goes to serde_core
// even when T is ours), except `drop_in_place<T>`, which is counted in T's crate because the
// glue is there only because T is; functions LTO merged keep one name; data segments cannot
// be split by crate and form their own row, as do wasm-bindgen's unnamed shims.
import fs from 'node:fs';

const args = process.argv.slice(2);
const rowsWanted = Number(args[args.indexOf('--rows') + 1]) || 25;

function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    // Name is the only field that can be quoted (it may hold commas and doubled quotes).
    let name, rest;
    if (line.startsWith('"')) {
      let i = 1;
      name = '';
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { name += '"'; i += 2; continue; }
        if (line[i] === '"') break;
        name += line[i++];
      }
      rest = line.slice(i + 2);
    } else {
      const c = line.indexOf(',');
      name = line.slice(0, c);
      rest = line.slice(c + 1);
    }
    rows.push({ name, size: Number(rest.split(',')[0]) });
  }
  return rows;
}

// The crate a demangled Rust name belongs to: its first path segment, looking through `<`,
// `&`, `mut`, `dyn` and `impl` so that `<yew::X as core::Y>::f` counts for yew.
function crateOf(name) {
  if (name.includes('"function names" subsection') || name.includes('"data names"')) return null;
  if (name.startsWith('data segment') || name.startsWith('"data segment')) return '(data: strings, tables)';
  if (name.startsWith('custom section') || name.startsWith('elem[') || name.startsWith('table[')) return '(wasm sections)';
  if (name.startsWith('import ')) return 'wasm-bindgen (imports)';
  if (/^code\[\d+\]$/.test(name) || /^__wbg|^__wbindgen|^__externref|^wasm_bindgen::__rt/.test(name)) return 'wasm-bindgen (glue, shims)';
  const drop = name.match(/^core::ptr::drop_in_place<(.*)>::h[0-9a-f]+$/);
  if (drop) return crateOf(drop[1]);
  // std's own symbols carry a disambiguator: `core[c5930c85a12de822]::str::from_utf8`.
  const path = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/;
  let m = name.replace(/^[<&\s]*(?:(?:mut|dyn|impl|const)\s+)*[<&\s]*/, '').match(new RegExp('^' + path.source));
  // `<str>::to_lowercase`, `<T as alloc::string::ToString>::to_string`: the first path named.
  if (!m) m = name.match(path);
  if (!m) return '(other: unmangled, imports, types)';
  const crate = m[1];
  if (['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc', 'panic_abort', '__rustc'].includes(crate)) return `std (${crate})`;
  return crate;
}

const rows = parseCsv(fs.readFileSync(0, 'utf8'));
const byCrate = new Map();
let total = 0;
for (const { name, size } of rows) {
  const crate = crateOf(name);
  if (crate === null) continue; // the name section itself: stripped from the shipped module
  total += size;
  const e = byCrate.get(crate) || { size: 0, items: 0 };
  e.size += size;
  e.items += 1;
  byCrate.set(crate, e);
}
const sorted = [...byCrate.entries()].sort((a, b) => b[1].size - a[1].size);
const out = ['| crate | bytes | share | items |', '|---|---:|---:|---:|'];
const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
let shown = 0;
for (const [crate, e] of sorted.slice(0, rowsWanted)) {
  out.push(`| ${crate} | ${e.size.toLocaleString('en')} | ${pct(e.size)} | ${e.items} |`);
  shown += e.size;
}
if (sorted.length > rowsWanted) {
  const rest = sorted.slice(rowsWanted);
  out.push(`| ${rest.length} more crates | ${(total - shown).toLocaleString('en')} | ${pct(total - shown)} | ${rest.reduce((s, [, e]) => s + e.items, 0)} |`);
}
out.push(`| **total (without the name section)** | **${total.toLocaleString('en')}** | 100 % | ${rows.length} |`);
console.log(out.join('\n'));
