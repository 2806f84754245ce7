// Trunk post-build hook: Trunk starts the app with an inline module script, and the page's
// connect form runs boot/boot.js inlined before the first paint; a strict
// Content-Security-Policy blocks both. Rather than allow 'unsafe-inline', add those exact
// scripts' sha256 to the policy's script-src in the built index.html.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset)');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
// Every inline script: no src attribute.
const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
if (hashes.length < 2) throw new Error(`expected Trunk's and the boot script inline in index.html, found ${hashes.length}`);
// And the inline stylesheet of the connect form (scripts/trunk-css-bundle.mjs).
const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
const before = html;
html = html.replace(/script-src 'self'/, `script-src 'self' ${hashes.join(' ')}`);
if (html === before) throw new Error("CSP meta with \"script-src 'self'\" not found");
if (styles.length) {
  const withScripts = html;
  html = html.replace(/style-src 'self'/, `style-src 'self' ${styles.join(' ')}`);
  if (html === withScripts) throw new Error("CSP meta with \"style-src 'self'\" not found");
}
writeFileSync(file, html);
console.log(`CSP: allowed ${hashes.length} inline script(s) and ${styles.length} inline stylesheet(s) by hash`);
