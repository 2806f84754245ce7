#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, native unit/property/integration tests,
# the wasm32 build of the core with its docs, example and a publish dry run, the browser tests
# in headless Chromium (against a throw-away RabbitMQ node, ActiveMQ broker and Spring server) and
# in headless Firefox ESR (RabbitMQ, ActiveMQ), the app's component tests, the end-to-end tests
# (all of them in Chromium, the core scenarios in Firefox ESR and WebKitGTK), and benchmark smoke
# runs.
# Installs whatever a fresh machine lacks first (scripts/install-tools.sh; skipped when present).
#
# Usage: scripts/test.sh [stage...]   (default: all, in this order)
#   stages: native wasm web web-firefox app e2e e2e-firefox e2e-webkit bench
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(native wasm web web-firefox app e2e e2e-firefox e2e-webkit bench)
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
# Each step says how long the one before it took, and the end lists them all.
times=()
step_name=""; step_started=0
step_done() {
  [ -n "$step_name" ] && times+=("$(printf '%5d s  %s' $(( $(date +%s) - step_started )) "$step_name")")
  step_name=""
}
step() { step_done; step_name="$*"; step_started=$(date +%s); printf '\n\033[1m=== %s\033[0m\n' "$*"; }
started=$(date +%s)

if want web || want app || want e2e || want bench; then
  step "install tools (skips what is present)"
  scripts/install-tools.sh all
elif want web-firefox || want e2e-firefox || want e2e-webkit; then
  step "install tools (skips what is present)"
  want web-firefox && scripts/install-tools.sh firefox
  want e2e-firefox && { scripts/install-tools.sh app; scripts/install-tools.sh firefox; }
  want e2e-webkit && { scripts/install-tools.sh app; scripts/install-tools.sh webkit; }
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

if want web-firefox; then
  step "browser client in headless Firefox ESR against RabbitMQ"
  BROWSER=firefox scripts/test-web.sh
  step "browser client in headless Firefox ESR against ActiveMQ"
  BROWSER=firefox scripts/test-activemq.sh
fi

if want app && [ -x scripts/test-app-wasm.sh ]; then
  step "app components in headless Chromium"
  scripts/test-app-wasm.sh
fi

# The first e2e stage builds the bundle and the dev broker; the others reuse them.
built=""
if want e2e; then
  step "end to end: the release bundle in Chromium"
  E2E_ENGINES=chromium scripts/test-e2e.sh
  built=1
fi
if want e2e-firefox; then
  step "end to end: the core scenarios in Firefox ESR"
  E2E_ENGINES=firefox SKIP_BUILD=$built scripts/test-e2e.sh
  built=1
fi
if want e2e-webkit; then
  step "end to end: the core scenarios in WebKitGTK"
  E2E_ENGINES=webkit SKIP_BUILD=$built scripts/test-e2e.sh
fi

if want bench && [ -x scripts/bench-smoke.sh ]; then
  step "benchmark smoke run (tiny sizes; figures not judged)"
  scripts/bench-smoke.sh
fi

step_done
printf '\n\033[1m=== all stages passed in %d s\033[0m\n' $(( $(date +%s) - started ))
printf '%s\n' "${times[@]}"
