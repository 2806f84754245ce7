#!/usr/bin/env bash
# Browser tests of the STOMP client against Apache ActiveMQ 5.17 (Debian's package): starts a
# throw-away broker (scripts/activemq.sh), runs crates/stomp/tests/activemq_web.rs in headless
# Chromium, stops the broker on exit, and exits with the tests' status. (The file is not named
# web_*: scripts/test-web.sh runs every web_* test against RabbitMQ.)
# Extra arguments go to the test binary's filter, e.g. `scripts/test-activemq.sh nack`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wasm-bindgen-test-runner >/dev/null || ! command -v chromedriver >/dev/null; then
  scripts/install-tools.sh browser
fi
if [ ! -f /usr/share/activemq/bin/activemq.jar ]; then
  scripts/install-tools.sh activemq
fi

WORK=$(mktemp -d -t stomp-activemq-test.XXXXXX)
AMQ_DIR="$WORK/activemq"
cleanup() {
  scripts/activemq.sh stop "$AMQ_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> starting ActiveMQ in $AMQ_DIR" >&2
started=$EPOCHREALTIME
URLS=$(scripts/activemq.sh start "$AMQ_DIR")
AMQ_WS_URL=$(sed -n 1p <<<"$URLS")   # behaves like ActiveMQ's own ws transport
RAW_WS_URL=$(sed -n 2p <<<"$URLS")   # the same broker, bytes passed unchanged
echo "==> broker at $AMQ_WS_URL and $RAW_WS_URL (started in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $started}") s)" >&2

# Most tests check ActiveMQ's STOMP semantics through the raw bridge; the `ws_transport` ones
# use the bridge that frames like ActiveMQ's ws transport.
export STOMP_WS_URL="$RAW_WS_URL"
export STOMP_AMQ_WS_URL="$AMQ_WS_URL"
. scripts/wasm-browser.sh
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
set +e
cargo test -p stomp-sansio --features web --target wasm32-unknown-unknown --no-fail-fast --test activemq_web --test activemq_delivery -- "$@"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "==> broker log:" >&2; tail -n 40 "$AMQ_DIR/log/broker.out" >&2 || true
fi
exit $status
