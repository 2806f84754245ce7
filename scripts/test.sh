#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, native unit/property/integration tests,
# the wasm32 build of the core with its docs, example and a publish dry run, the browser tests
# in headless Chromium against a throw-away RabbitMQ node, ActiveMQ broker and Spring server,
# the app's component tests and the end-to-end tests, and benchmark smoke runs.
# Installs whatever a fresh machine lacks first (scripts/install-tools.sh; skipped when present).
#
# Usage: scripts/test.sh [stage...]   stages: native wasm web app e2e bench (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(native wasm web app e2e bench)
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
step() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
started=$(date +%s)

if want web || want app || want e2e || want bench; then
  step "install tools (skips what is present)"
  scripts/install-tools.sh all
elif want wasm; then
  scripts/install-tools.sh wasm
else
  scripts/install-tools.sh native
fi

if want native; then
  step "cargo fmt --check"
  cargo fmt --all -- --check
  step "cargo clippy -D warnings"
  cargo clippy --workspace --all-targets -- -D warnings
  step "native tests (codec, session, chat-proto, dev broker, app reducer)"
  cargo test --workspace
fi

if want wasm; then
  step "the core builds for wasm32-unknown-unknown"
  cargo build -p stomp-sansio --target wasm32-unknown-unknown
  cargo clippy -p stomp-sansio --features web --target wasm32-unknown-unknown -- -D warnings
  step "the README's browser example builds for wasm32"
  cargo build -p stomp-sansio --example browser_chat --target wasm32-unknown-unknown --features web
  step "the library's docs build without warnings (as docs.rs does: web, wasm32)"
  RUSTDOCFLAGS="-D warnings" cargo doc -p stomp-sansio --features web --no-deps \
    --target wasm32-unknown-unknown
  step "the library packages and builds as crates.io would (needs the registry)"
  cargo publish --dry-run -p stomp-sansio
  cargo publish --dry-run -p stomp-sansio --features web --target wasm32-unknown-unknown
fi

if want web && [ -x scripts/test-web.sh ]; then
  step "browser client in headless Chromium against RabbitMQ"
  scripts/test-web.sh
fi

if want web && [ -x scripts/test-activemq.sh ]; then
  step "browser client in headless Chromium against ActiveMQ"
  scripts/test-activemq.sh
fi

if want web && [ -x scripts/test-spring-web.sh ]; then
  step "browser client in headless Chromium against Spring (Tomcat's default buffers)"
  scripts/test-spring-web.sh
fi

if want app && [ -x scripts/test-app-wasm.sh ]; then
  step "app components in headless Chromium"
  scripts/test-app-wasm.sh
fi

if want e2e && [ -x scripts/test-e2e.sh ]; then
  step "end to end: the release bundle in Chromium"
  scripts/test-e2e.sh
fi

if want bench && [ -x scripts/bench-smoke.sh ]; then
  step "benchmark smoke run (tiny sizes; figures not judged)"
  scripts/bench-smoke.sh
fi

step "all stages passed in $(( $(date +%s) - started )) s"
