// Trunk post-build hook, first of the chain: puts the connect form's stylesheets inline and
// joins the others (one per component in the sources) into one hashed file, in the page's
// order, where the first was.
// Every stylesheet in <head> holds back the first paint, and over HTTP/1.1 (six connections)
// a dozen of them take several round trips and delay the wasm's request behind them
// (benches/ui/first-paint.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset) or give a directory');
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
// Quotes optional: with Trunk's minify on (Trunk.toml) the page's attributes come unquoted.
const links = [...html.matchAll(/<link\b[^>]*\brel="?stylesheet"?[^>]*>\s*/g)]
  .map(([tag]) => [tag, tag.match(/\bhref="?\/([^"\s>]+\.css)/)[1]])
  .map(([tag, file]) => ({ tag, file, css: readFileSync(join(dir, file), 'utf8').trim() }));
if (links.length === 0) throw new Error('no stylesheet links found in index.html');
const label = (f) => f.replace(/-[0-9a-f]{12,}\.css$/, '.css');
// What the connect form needs, index.html's own included: inline in <head>, so the first paint
// waits for no request but the page itself (the stylesheet's round trip and its share of the
// link with the wasm cost ~400 ms on Slow 4G). Allowed by hash (scripts/trunk-csp-hash.mjs).
const CRITICAL = new Set(['index.css', 'boot.css', 'connect_form.css']);
const join_ = (ls) => ls.map((l) => `/* ${label(l.file)} */\n${l.css}\n`).join('');
const critical = links.filter((l) => CRITICAL.has(label(l.file)));
if (critical.length !== CRITICAL.size) throw new Error(`critical stylesheets missing: ${[...CRITICAL]}`);
const css = join_(links.filter((l) => !CRITICAL.has(label(l.file))));
// Trunk's naming: a hash of 16 hex digits, which the dev broker caches as immutable.
const name = `app-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
writeFileSync(join(dir, name), css);
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
// The rest (the chat screen's) does not hold back the first paint: media="print" until it has
// loaded, then boot/boot.js switches it on; it is tiny beside the wasm the chat waits for.
html = html.replace(links[0].tag, `<style>\n${join_(critical)}</style>\n    `
  + `<link rel="stylesheet" href="/${name}" integrity="${integrity}" media="print" id="app-css"/>\n    `);
for (const l of links.slice(1)) html = html.replace(l.tag, '');
for (const l of links) unlinkSync(join(dir, l.file));
writeFileSync(page, html);
console.log(`css: ${critical.length} stylesheets inline (${join_(critical).length} bytes), ${links.length - critical.length} joined into ${name} (${css.length} bytes)`);
