#!/usr/bin/env bash
# End-to-end tests: the release bundle in real browsers, against the dev broker.
# In Chromium (playwright-core) the whole of tests/e2e runs: also, for the "Plain broker" profile,
# against a throw-away RabbitMQ node and a throw-away ActiveMQ broker, and for connecting to
# Spring, against a real Spring STOMP server behind a same-origin proxy. In Firefox ESR and
# WebKitGTK (WebDriver) the core scenarios and the message list's window run: tests/e2e/core.test.mjs,
# tests/e2e/window.test.mjs (WebKit has no scroll anchoring: the list keeps the view itself).
#
#   scripts/test-e2e.sh            build, start the dev broker on a free port, run tests/e2e
#   SKIP_BUILD=1 scripts/test-e2e.sh   reuse dist/ and target/release/devbroker
#   E2E_FILES="tests/e2e/spring.test.mjs" scripts/test-e2e.sh   only these files
#   E2E_ENGINES="firefox webkit" scripts/test-e2e.sh   the engines to run (default: chromium)
#
# Screenshots go to $E2E_ARTIFACTS (default e2e-artifacts/); the path is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# npm tools: the repo's own tools/node_modules (scripts/install-tools.sh), else the main checkout's.
if [[ -z "${TOOLS_NODE_MODULES:-}" ]]; then
  for d in "$ROOT/tools/node_modules" /work/main/tools/node_modules; do
    [[ -d "$d/playwright-core" ]] && TOOLS_NODE_MODULES=$d && break
  done
fi
: "${TOOLS_NODE_MODULES:?playwright-core not found: run scripts/install-tools.sh}"
export TOOLS_NODE_MODULES
export PATH="$TOOLS_NODE_MODULES/.bin:$PATH"
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$ROOT/e2e-artifacts}
export DIST_DIR=$ROOT/dist
export DEVBROKER_BIN=$ROOT/target/release/devbroker

read -r -a engines <<<"${E2E_ENGINES:-chromium}"
want() { local e; for e in "${engines[@]}"; do [[ $e == "$1" ]] && return 0; done; return 1; }
for e in "${engines[@]}"; do
  case $e in
    chromium) ;;
    firefox) command -v firefox-esr >/dev/null && [[ -x ${GECKODRIVER:-$HOME/.cargo/bin/geckodriver} ]] \
      || scripts/install-tools.sh firefox ;;
    webkit) [[ -x /usr/bin/WebKitWebDriver ]] && command -v xvfb-run >/dev/null || scripts/install-tools.sh webkit ;;
    *) echo "E2E_ENGINES: unknown engine '$e' (chromium, firefox, webkit)" >&2; exit 2 ;;
  esac
done
[[ -d "$TOOLS_NODE_MODULES/selenium-webdriver" && -d "$TOOLS_NODE_MODULES/axe-core" ]] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)

if [[ -z "${SKIP_BUILD:-}" ]]; then
  . scripts/release-toolchain.sh
  release_build trunk build --release --offline
  cargo build --release -p devbroker
fi

AMQ_WORK=$(mktemp -d -t e2e-activemq.XXXXXX)
SPRING_WORK=$(mktemp -d -t e2e-spring.XXXXXX)
broker=
proxy=
cleanup() {
  [[ -n "$broker" ]] && { kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; }
  [[ -n "$proxy" ]] && { kill "$proxy" 2>/dev/null || true; wait "$proxy" 2>/dev/null || true; }
  scripts/spring.sh stop "$SPRING_WORK/spring" || true
  scripts/activemq.sh stop "$AMQ_WORK/broker" || true
  rm -rf "$AMQ_WORK" "$SPRING_WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if want chromium; then
  # ActiveMQ for tests/e2e/activemq.test.mjs: its first URL frames like ActiveMQ's own ws transport.
  if [[ ! -f /usr/share/activemq/bin/activemq.jar ]]; then
    scripts/install-tools.sh activemq
  fi
  amq_started=$EPOCHREALTIME
  export E2E_AMQ_WS_URL
  E2E_AMQ_WS_URL=$(scripts/activemq.sh start "$AMQ_WORK/broker" | sed -n 1p)
  export E2E_AMQ_STOMP_PORT
  E2E_AMQ_STOMP_PORT=$(sed -n 's/^STOMP_PORT=//p' "$AMQ_WORK/broker/ports")
  echo "e2e: ActiveMQ at $E2E_AMQ_WS_URL (started in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $amq_started}") s)" >&2

  # A real Spring STOMP server for tests/e2e/spring-connect.test.mjs (built once into
  # target/spring-server), and the same-origin proxy that serves dist/ and forwards /ws to it.
  spring_started=$EPOCHREALTIME
  export E2E_SPRING_WS_URL
  E2E_SPRING_WS_URL=$(scripts/spring.sh start "$SPRING_WORK/spring")
  echo "e2e: Spring at $E2E_SPRING_WS_URL (built if needed and started in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $spring_started}") s)" >&2
  python3 scripts/same-origin-proxy.py --upstream "127.0.0.1:$(cat "$SPRING_WORK/spring/port")" \
    --static "$DIST_DIR" --port-file "$SPRING_WORK/proxy.port" >/dev/null &
  proxy=$!
  for _ in $(seq 1 100); do [[ -s "$SPRING_WORK/proxy.port" ]] && break; sleep 0.1; done
  export E2E_SPRING_PROXY_URL="http://127.0.0.1:$(cat "$SPRING_WORK/proxy.port")"
  echo "e2e: same-origin proxy (dist/ + /ws -> Spring) at $E2E_SPRING_PROXY_URL" >&2
fi

port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"$DEVBROKER_BIN" --addr "127.0.0.1:$port" --static-dir "$DIST_DIR" --receipts all &
broker=$!
for _ in $(seq 1 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
export E2E_BASE_URL="http://127.0.0.1:$port"

status=0
for e in "${engines[@]}"; do
  started=$(date +%s)
  case $e in
    chromium) E2E_ENGINE=chromium node --test --test-concurrency=1 ${E2E_FILES:-tests/e2e/} || status=$? ;;
    firefox) E2E_ENGINE=firefox node --test --test-concurrency=1 tests/e2e/core.test.mjs tests/e2e/window.test.mjs || status=$? ;;
    # WebKitGTK has no headless mode: a virtual X server, large enough for the desktop size.
    webkit) E2E_ENGINE=webkit xvfb-run -a -s '-screen 0 1600x1200x24' \
      node --test --test-concurrency=1 tests/e2e/core.test.mjs tests/e2e/window.test.mjs || status=$? ;;
  esac
  echo "e2e: $e took $(( $(date +%s) - started )) s"
done
echo "e2e: screenshots in $E2E_ARTIFACTS"
exit $status
