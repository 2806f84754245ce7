#!/usr/bin/env bash
# Where the app's wasm bytes go: builds the app's release wasm exactly as Trunk does (cargo
# release profile and pinned nightly of scripts/release-toolchain.sh, wasm-bindgen 0.2.130, wasm-opt -Oz --low-memory-unused -Oz) but keeps the name section through
# wasm-opt (-g), then prints twiggy's top items, its dominator tree and a table by crate
# (benches/size-crates.mjs). The shipped module is the same minus its names, so the sizes
# printed first match dist/'s .wasm. Needs twiggy: scripts/install-tools.sh size.
#
#   scripts/size-report.sh [app|min]   (default app; min = crates/bench-min, the STOMP-only page)
#   writes target/size/<what>/{names.wasm,report.md}
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

what=${1:-app}
case "$what" in
  app) pkg=stomp-chat; art=stomp-chat ;;
  min) pkg=bench-min; art=bench_min ;;
  *) echo "usage: $0 [app|min]" >&2; exit 2 ;;
esac
command -v twiggy >/dev/null || { echo "twiggy missing: scripts/install-tools.sh size" >&2; exit 1; }

out=target/size/$what
mkdir -p "$out/bg"
. scripts/release-toolchain.sh
if [ "$what" = app ]; then
  release_build cargo build --release --target wasm32-unknown-unknown --bin stomp-chat >&2
else
  release_build cargo build --release --target wasm32-unknown-unknown -p bench-min >&2
fi
wasm-bindgen --target web --out-dir "$out/bg" "target/wasm32-unknown-unknown/release/$art.wasm"
# -g keeps the name section through the optimiser; the shipped module is the same without it.
wasm-opt -Oz --low-memory-unused -Oz -g "$out/bg/${art}_bg.wasm" -o "$out/names.wasm"
wasm-opt -Oz --low-memory-unused -Oz "$out/bg/${art}_bg.wasm" -o "$out/shipped.wasm"

sizes=$(node -e '
  const z = require("zlib"), b = require("fs").readFileSync(process.argv[1]);
  const br = z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${b.length} B raw, ${z.gzipSync(b, { level: 9 }).length} B gzip -9, ${br} B brotli q11`);
' "$out/shipped.wasm")

{
  echo "# Where the bytes go: $pkg ($(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F))"
  echo
  echo "Shipped wasm (wasm-opt -Oz, no names): $sizes."
  echo
  echo "## By crate (shallow bytes of the optimised module, name section left out)"
  echo
  twiggy top --format csv "$out/names.wasm" | node benches/size-crates.mjs --rows 25
  echo
  echo "## twiggy top -n 30"
  echo
  echo '```'
  twiggy top -n 30 "$out/names.wasm"
  echo '```'
  echo
  echo "## twiggy dominators (retained bytes, 3 levels, 12 rows each)"
  echo
  echo '```'
  twiggy dominators -d 3 -r 12 "$out/names.wasm"
  echo '```'
} >"$out/report.md"
cat "$out/report.md"
