#!/usr/bin/env bash
# The one command: installs what is missing (pinned), builds the app with Trunk in release
# mode, builds the dev broker, and serves both on one origin. Run it again any time: what is
# already installed or built is skipped, so the second run takes seconds.
#
# Usage: scripts/run.sh [devbroker flags...]
#   e.g. scripts/run.sh --port 9000        (or DEVBROKER_PORT=9000 scripts/run.sh)
#        scripts/run.sh --receipts all     (delivery ticks from RECEIPTs)
#        scripts/run.sh --help             (every flag of the dev broker)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> [%s/4] %s\033[0m\n' "$1" "$2" >&2; }
started=$(date +%s)

step 1 "tools: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (skips what is present)"
scripts/install-tools.sh app

. scripts/release-toolchain.sh
step 2 "app: trunk build --release --offline (pinned nightly: scripts/release-toolchain.sh)"
release_build trunk build --release --offline

step 3 "dev broker: cargo build --release -p devbroker"
cargo build --release -p devbroker

step 4 "starting the dev broker (ready in $(( $(date +%s) - started )) s; Ctrl-C stops it)"
exec "${CARGO_TARGET_DIR:-target}/release/devbroker" --static-dir dist "$@"
