#!/usr/bin/env bash
# Browser tests of the STOMP client: headless Chromium against a throw-away RabbitMQ node.
# Starts the node and a control server (so a test can restart the broker), runs the wasm tests,
# stops both on exit, and exits with the tests' status.
# Extra arguments go to the test binaries' filter, e.g. `scripts/test-web.sh restart`.
set -euo pipefail
cd "$(dirname "$0")/.."

# On a fresh machine, install what these tests need (idempotent, version-pinned).
if ! command -v wasm-bindgen-test-runner >/dev/null || ! command -v chromedriver >/dev/null \
  || [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  scripts/install-tools.sh browser
fi

WORK=$(mktemp -d -t stomp-web-test.XXXXXX)
RABBIT_DIR="$WORK/rabbit"
CONTROL_PID=""
BAD_PID=""
cleanup() {
  [ -n "$CONTROL_PID" ] && kill "$CONTROL_PID" 2>/dev/null || true
  [ -n "$BAD_PID" ] && kill "$BAD_PID" 2>/dev/null || true
  scripts/rabbitmq.sh stop "$RABBIT_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Signals exit through the EXIT trap too, so the broker never outlives an interrupted run.
trap 'exit 130' INT TERM

echo "==> starting RabbitMQ (Web STOMP) in $RABBIT_DIR" >&2
WS_URL=$(scripts/rabbitmq.sh start "$RABBIT_DIR")
echo "==> broker at $WS_URL" >&2

# The control server also runs a TCP relay to the node: a second "node" the failover tests
# can lose mid-session (relay-down), next to a port nothing listens on (a dead node).
WS_PORT=${WS_URL#ws://127.0.0.1:}; WS_PORT=${WS_PORT%%/*}
RELAY_TARGET_PORT=$WS_PORT RELAY_PORT_FILE="$WORK/relay.port" \
  python3 scripts/broker-control.py "$WORK/control.port" "$RABBIT_DIR" 2>"$WORK/control.log" &
CONTROL_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/control.port" ] && break; sleep 0.1; done
CONTROL_URL="http://127.0.0.1:$(cat "$WORK/control.port")"
for _ in $(seq 1 50); do [ -s "$WORK/relay.port" ] && break; sleep 0.1; done
export STOMP_RELAY_URL="ws://127.0.0.1:$(cat "$WORK/relay.port")/ws"
# shellcheck source=scripts/ports.sh
DIR="$WORK" source scripts/ports.sh
log() { echo "test-web: $*" >&2; }
export STOMP_DEAD_URL="ws://127.0.0.1:$(DIR="$WORK" pick_port)/ws"

# A scripted misbehaving STOMP server, for the bad-input tests.
python3 scripts/bad-stomp-server.py "$WORK/bad.port" 2>"$WORK/bad.log" &
BAD_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/bad.port" ] && break; sleep 0.1; done
export STOMP_BAD_URL="ws://127.0.0.1:$(cat "$WORK/bad.port")"

export STOMP_WS_URL="$WS_URL"
export STOMP_CONTROL_URL="$CONTROL_URL"
. scripts/wasm-browser.sh
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
set +e
# WEB_TEST_RELEASE=1 builds optimised (for web_throughput's figures).
# --no-fail-fast: one failing suite does not hide the others' results.
cargo test -p stomp-sansio --features web --target wasm32-unknown-unknown --test 'web_*' --no-fail-fast \
  ${WEB_TEST_RELEASE:+--release} -- "$@"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "==> broker control log:" >&2; cat "$WORK/control.log" >&2 || true
fi
exit $status
