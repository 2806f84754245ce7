// Where the time of a CPU profile went (Chromium's `Profiler.stop` over the DevTools protocol,
// as `load.mjs --profile` writes it): self and total time per function, heaviest first. Wasm
// functions carry their Rust names only in a build that keeps the name section
// (`scripts/ui-names-build.sh`); in the release bundle they are `$func123`.
//
//   node benches/ui/profile.mjs FILE.cpuprofile [--top 40] [--match REGEX]
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const file = args[0];
const top = Number(opt('--top', 40));
const match = opt('--match', null);
// --raw: full Rust names (generic arguments name the component: `<…::MessageRows as …>::run`).
const raw = args.includes('--raw');
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) || 0) + (profile.timeDeltas[i] || 0)));

// Long Rust names are shortened to their last path segments: `yew::html::component::…::run`.
const short = (name) => {
  if (raw) return name.replace(/::h[0-9a-f]{16}$/, '');
  const clean = name.replace(/::h[0-9a-f]{16}$/, '').replace(/<.*>/g, '<…>');
  const parts = clean.split('::');
  return parts.length > 4 ? `${parts[0]}::…::${parts.slice(-3).join('::')}` : clean;
};
const label = (n) => {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (f.url && f.url.endsWith('.wasm')) return `wasm ${short(name)}`;
  if (!f.url) return name;
  return `js ${name} (${f.url.split('/').pop()}:${f.lineNumber + 1})`;
};

const self = new Map();
const total = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const l = label(n);
  self.set(l, (self.get(l) || 0) + us);
  // Each function counts once per sample however often it is on the stack (recursion).
  const onStack = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) onStack.add(label(byId.get(at)));
  for (const s of onStack) total.set(s, (total.get(s) || 0) + us);
}
const all = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = self.get('(idle)') || 0;
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const pct = (us) => `${((100 * us) / (all - idle)).toFixed(1).padStart(5)} %`;
console.log(`profile: ${ms(all)} ms sampled, ${ms(all - idle)} ms busy (percentages of busy time)`);
const show = (title, m) => {
  console.log(`\n${title}`);
  [...m].filter(([l]) => l !== '(idle)' && l !== '(root)' && (!match || new RegExp(match).test(l)))
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .forEach(([l, us]) => console.log(`${ms(us)} ms ${pct(us)}  ${l}`));
};
// --callees REGEX: where the time under the (outermost) function matching REGEX went, by its
// direct callee.
const calleesOf = opt('--callees', null);
if (calleesOf) {
  const re = new RegExp(calleesOf);
  const under = new Map();
  for (const [id, us] of selfUs) {
    const chain = [];
    for (let at = id; at !== undefined; at = parent.get(at)) chain.push(byId.get(at));
    const i = chain.map(label).findLastIndex((l) => re.test(l));
    if (i < 0) continue;
    const l = i === 0 ? '(self)' : label(chain[i - 1]);
    under.set(l, (under.get(l) || 0) + us);
  }
  console.log(`\ncallees of /${calleesOf}/`);
  [...under].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([l, us]) => console.log(`${ms(us)} ms ${pct(us)}  ${l}`));
  process.exit(0);
}
show('self time', self);
show('total time (self + callees)', total);
