// Trunk post-build hook, first of the chain: puts the build's stylesheets (one per component
// in the sources, about 5 KiB brotli together) inline into one <style> in <head>, allowed by
// its hash in the page's Content-Security-Policy. Every linked stylesheet holds back the first
// paint by at least a round trip, and over HTTP/1.1 a dozen of them take several and delay the
// wasm's request behind them (benches/ui/first-paint.mjs); inline, the placeholder paints as
// soon as the page has arrived. (A link at the end of <body> would not do: the app mounts on
// <body> and replaces what is there.)
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
if (css.includes('</style')) throw new Error('a stylesheet contains "</style"');

const hash = `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
const before = html;
html = html.replace(/style-src 'self'/, `style-src 'self' ${hash}`);
if (html === before) throw new Error("CSP meta with \"style-src 'self'\" not found");
html = html.replace(links[0].tag, `<style>${css}</style>\n    `);
for (const l of links.slice(1)) html = html.replace(l.tag, '');
for (const l of links) unlinkSync(join(dir, l.file));
writeFileSync(page, html);
console.log(`css: ${links.length} stylesheets inline (${css.length} bytes)`);
