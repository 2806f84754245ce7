#!/usr/bin/env bash
# Builds everything in release mode and runs every benchmark: in headless Chromium our wasm
# decoder and StompClient beside @stomp/stompjs and a raw WebSocket (through the dev broker and
# a throw-away RabbitMQ node on loopback), the bundle sizes against their budget, and the
# native criterion benches. Prints one table and writes BENCHMARKS.md.
#
#   scripts/bench.sh           full run (~10 min), writes BENCHMARKS.md
#   scripts/bench.sh --smoke   tiny sizes, < 2 min, writes target/bench/BENCHMARKS.smoke.md;
#                              fails only if something did not run or count right, or the app
#                              bundle is over its size budget by more than 10 %
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

smoke=""
[ "${1:-}" = "--smoke" ] && smoke="--smoke"
out=target/bench
step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

scripts/install-tools.sh all >&2
mkdir -p "$out"

step "native release builds: dev broker, publisher"
cargo build --release -p devbroker -p bench-pub

step "wasm release builds (the app's profile, then wasm-opt -Oz as Trunk does for the app)"
# The throughput benches measure the library as its users build it (stable); the STOMP-only page
# is a shipped size, built as the app is (scripts/release-toolchain.sh).
. scripts/release-toolchain.sh
cargo build --release --target wasm32-unknown-unknown -p bench-wasm
release_build cargo build --release --target wasm32-unknown-unknown -p bench-min
# wasm-bindgen, then wasm-opt as Trunk does for the app (index.html: -Oz --low-memory-unused -Oz;
# features come from the module's target_features section).
bindgen() {
  local crate=$1 dest=$2
  wasm-bindgen --target web --out-dir "$dest" "target/wasm32-unknown-unknown/release/$crate.wasm"
  wasm-opt -Oz --low-memory-unused -Oz "$dest/${crate}_bg.wasm" -o "$dest/${crate}_bg.wasm"
}
bindgen bench_wasm target/bench-web/pkg
bindgen bench_min target/bench-min
cp crates/bench-min/index.html target/bench-min/

step "the app's release bundle (Trunk)"
release_build trunk build --release --offline >&2

step "in-browser benchmarks"
node benches/browser/driver.mjs $smoke --out "$out/browser.json"

step "the chat UI under load (Playwright; a DevTools client is attached here)"
node benches/ui/load.mjs $smoke --out "$out/ui.json"

step "the chat UI under load on a phone-class CPU: Chromium's CPU 4x slower, 250 msg/s"
if [ -n "$smoke" ]; then
  node benches/ui/load.mjs --rate 50 --seconds 2 --throttle 4 --out "$out/ui-throttled.json"
else
  node benches/ui/load.mjs --rate 250 --throttle 4 --out "$out/ui-throttled.json"
fi

step "first paint: cold loads with the CPU 4x slower on Slow 4G (Playwright, DevTools protocol)"
node benches/ui/first-paint.mjs $smoke --out "$out/first-paint.json"

step "bundle sizes (budget: benches/size-budget.json, +10 % allowed)"
node benches/size.mjs --app dist --min target/bench-min --check --out "$out/size.json"

rm -f "$out/criterion.txt" "$out/criterion.raw"
if [ -z "$smoke" ]; then
  step "native criterion benches of the codec and the session"
  for b in codec session; do
    if [ -f "crates/stomp/benches/$b.rs" ]; then
      cargo bench -p stomp-sansio --bench "$b" -- --warm-up-time 1 --measurement-time 2 2>/dev/null | tee -a "$out/criterion.raw" |
        grep -E '^[A-Za-z].*|time:|thrpt:' | grep -vE '^(Benchmarking|Found|Gnuplot|  [0-9]+ \()' >>"$out/criterion.txt" || true
    fi
  done
fi

step "report"
if [ -n "$smoke" ]; then
  node benches/compose.mjs --dir "$out" --md "$out/BENCHMARKS.smoke.md"
else
  node benches/compose.mjs --dir "$out" --md BENCHMARKS.md
fi
