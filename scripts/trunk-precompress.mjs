// Trunk post-build hook, after the CSP hash: writes name.br and name.gz beside each text or
// wasm file of the build, which the dev broker serves to browsers that accept them. Done
// once at build time at the highest levels, so serving costs nothing per request.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('run me as a Trunk hook (TRUNK_STAGING_DIR unset) or give a directory');
const kinds = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.txt']);
let before = 0, br = 0, gz = 0;
for (const name of readdirSync(dir)) {
  const file = join(dir, name);
  if (!statSync(file).isFile() || !kinds.has(extname(name))) continue;
  const data = readFileSync(file);
  const b = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const g = gzipSync(data, { level: 9 });
  writeFileSync(`${file}.br`, b);
  writeFileSync(`${file}.gz`, g);
  before += data.length; br += b.length; gz += g.length;
}
console.log(`precompressed: ${before} bytes -> brotli ${br}, gzip ${gz}`);
