// Trunk post-build hook, first of the chain: joins the build's stylesheets (one per component
// in the sources) into one hashed file, in the page's order, linked where the first was.
// Every stylesheet in <head> holds back the first paint, and over HTTP/1.1 (six connections)
// a dozen of them take several round trips and delay the wasm's request behind them
// (benches/ui/first-paint.mjs). Inline styles would save that one request too, but then the
// page could not be cached apart from them and would outgrow its size budget; a link at the
// end of <body> would not do either: the app mounts on <body> and replaces what is there.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset) or give a directory');
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
const links = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+\.css)"[^>]*\/?>\s*/g)]
  .map(([tag, file]) => ({ tag, file, css: readFileSync(join(dir, file), 'utf8').trim() }));
if (links.length === 0) throw new Error('no stylesheet links found in index.html');
const label = (f) => f.replace(/-[0-9a-f]{12,}\.css$/, '.css');
const css = links.map((l) => `/* ${label(l.file)} */\n${l.css}\n`).join('');
// Trunk's naming: a hash of 16 hex digits, which the dev broker caches as immutable.
const name = `app-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
writeFileSync(join(dir, name), css);
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
html = html.replace(links[0].tag, `<link rel="stylesheet" href="/${name}" integrity="${integrity}"/>\n    `);
for (const l of links.slice(1)) html = html.replace(l.tag, '');
for (const l of links) unlinkSync(join(dir, l.file));
writeFileSync(page, html);
console.log(`css: ${links.length} stylesheets joined into ${name} (${css.length} bytes)`);
