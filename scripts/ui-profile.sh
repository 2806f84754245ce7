#!/usr/bin/env bash
# Where the chat UI's time goes under load: the release app with its wasm names kept (the same
# cargo release build, wasm-bindgen and wasm-opt -Oz as Trunk, plus -g), served from a copy of
# dist/, through benches/ui/load.mjs with Chromium's CPU profiler on for the load phase; then
# the heaviest functions (benches/ui/profile.mjs). Needs `trunk build --release` done first
# (dist/ and the cargo release wasm are taken from it).
#
#   scripts/ui-profile.sh [load.mjs options, e.g. --rate 250 --throttle 4]
#   writes target/ui-profile/{dist/,load.cpuprofile,load.json,profile.txt}
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=target/ui-profile
rm -rf "$out/dist" "$out/bg"
mkdir -p "$out/bg"
cp -r dist "$out/dist"
wasm-bindgen --target web --out-dir "$out/bg" target/wasm32-unknown-unknown/release/stomp-chat.wasm
shipped=$(ls "$out"/dist/stomp-chat-*_bg.wasm)
# Same module as shipped, names kept; the precompressed copies would be served instead.
wasm-opt -Oz --low-memory-unused -Oz -g "$out/bg/stomp-chat_bg.wasm" -o "$shipped"
rm -f "$shipped.br" "$shipped.gz"

DIST_DIR="$out/dist" node benches/ui/load.mjs --profile "$out/load.cpuprofile" --out "$out/load.json" "$@"
node benches/ui/profile.mjs "$out/load.cpuprofile" --top 40 | tee "$out/profile.txt"
