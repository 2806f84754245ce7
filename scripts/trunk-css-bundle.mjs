// Trunk post-build hook, first of the chain: arranges the build's stylesheets (one per
// component in the sources) for a fast first paint (benches/ui/first-paint.mjs):
// - the theme (index.css) and the placeholder's styles (boot.css) go inline into <head>,
//   allowed by their hash in the page's Content-Security-Policy, so the placeholder paints
//   with the page itself, waiting for no other file;
// - all the others are joined, in the page's order, into one file linked at the end of
//   <body>: it holds back no paint of the placeholder, it is one request rather than a dozen
//   (over HTTP/1.1 a dozen take several round trips and delay the wasm's request behind
//   them), and the app's start-up script still waits for it, so the app never shows unstyled.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset) or give a directory');
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
const links = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+\.css)"[^>]*\/?>\s*/g)]
  .map(([tag, file]) => ({ tag, file, css: readFileSync(join(dir, file), 'utf8').trim() }));
const early = links.filter((l) => /^(index|boot)-[0-9a-f]+\.css$/.test(l.file));
const rest = links.filter((l) => !early.includes(l));
if (early.length !== 2 || rest.length === 0) {
  throw new Error(`expected index.css, boot.css and the app's stylesheets in index.html, found ${links.map((l) => l.file)}`);
}
const label = (f) => f.replace(/-[0-9a-f]{12,}\.css$/, '.css');
const join_ = (ls) => ls.map((l) => `/* ${label(l.file)} */\n${l.css}\n`).join('');

const inline = join_(early);
const styleHash = `'sha256-${createHash('sha256').update(inline, 'utf8').digest('base64')}'`;
const before = html;
html = html.replace(/style-src 'self'/, `style-src 'self' ${styleHash}`);
if (html === before) throw new Error("CSP meta with \"style-src 'self'\" not found");

const css = join_(rest);
const name = `app-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
writeFileSync(join(dir, name), css);
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;

html = html.replace(links[0].tag, `<style>${inline}</style>\n    `);
for (const l of links.slice(1)) html = html.replace(l.tag, '');
html = html.replace('</body>', `  <link rel="stylesheet" href="/${name}" integrity="${integrity}"/>\n  </body>`);
for (const l of links) unlinkSync(join(dir, l.file));
writeFileSync(page, html);
console.log(`css: ${early.map((l) => label(l.file))} inline, ${rest.length} stylesheets joined into ${name}`);
