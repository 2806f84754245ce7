// Trunk post-build hook: Trunk starts the app with an inline module script, which a strict
// Content-Security-Policy blocks. Rather than allow 'unsafe-inline', add that exact script's
// sha256 to the policy's script-src in the built index.html.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset)');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
if (hashes.length === 0) throw new Error('no inline module script found in index.html');
const before = html;
html = html.replace(/script-src 'self'/, `script-src 'self' ${hashes.join(' ')}`);
if (html === before) throw new Error("CSP meta with \"script-src 'self'\" not found");
writeFileSync(file, html);
console.log(`CSP: allowed ${hashes.length} inline script(s) by hash`);
