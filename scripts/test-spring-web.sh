#!/usr/bin/env bash
# Browser tests of the STOMP client against a real Spring STOMP server (shared/spring-server via
# scripts/spring.sh) with Tomcat's default WebSocket buffers (`--ws-buffer-size=tomcat`: a single
# WebSocket message over 16 KiB text / 8 KiB binary is closed with 1009), in headless Chromium.
# Spring refuses cross-origin handshakes and the test page is served by wasm-bindgen-test-runner
# from its own port, so the tests reach Spring through scripts/same-origin-proxy.py
# --rewrite-origin. Runs crates/stomp/tests/spring_web.rs; extra arguments are its filter.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wasm-bindgen-test-runner >/dev/null || ! command -v chromedriver >/dev/null; then
  scripts/install-tools.sh browser
fi

WORK=$(mktemp -d -t stomp-spring-test.XXXXXX)
SPRING_DIR="$WORK/spring"
PROXY_PID=""
cleanup() {
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  scripts/spring.sh stop "$SPRING_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> starting Spring (Tomcat's default WebSocket buffers) in $SPRING_DIR" >&2
mkdir -p "$SPRING_DIR"
WS_URL=$(scripts/spring.sh start "$SPRING_DIR" --ws-buffer-size=tomcat)
UPSTREAM=${WS_URL#ws://}
UPSTREAM=${UPSTREAM%%/*}

python3 scripts/same-origin-proxy.py --upstream "$UPSTREAM" --rewrite-origin \
  --port-file "$WORK/proxy.port" >"$WORK/proxy.out" 2>"$WORK/proxy.log" &
PROXY_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
[ -s "$WORK/proxy.port" ] || { echo "proxy did not start" >&2; cat "$WORK/proxy.log" >&2; exit 1; }
export STOMP_SPRING_WS_URL="ws://127.0.0.1:$(cat "$WORK/proxy.port")/ws"
echo "==> Spring at $WS_URL, tests use $STOMP_SPRING_WS_URL" >&2

. scripts/wasm-browser.sh
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
set +e
cargo test -p stomp-sansio --features web --target wasm32-unknown-unknown --no-fail-fast --test spring_web -- "$@"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "==> Spring log:" >&2; tail -n 40 "$SPRING_DIR/spring.log" >&2 || true
  echo "==> proxy log:" >&2; tail -n 20 "$WORK/proxy.log" >&2 || true
fi
exit $status
