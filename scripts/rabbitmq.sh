#!/usr/bin/env bash
# A throw-away RabbitMQ node with Web STOMP, on 127.0.0.1 only, living in a temp dir.
#
#   scripts/rabbitmq.sh start   [DIR]   start a node (ports picked free), print its ws:// URL
#   scripts/rabbitmq.sh stop    [DIR]   stop it, stop its epmd, remove DIR
#   scripts/rabbitmq.sh down    [DIR]   stop the node but keep DIR and ports (for restart tests)
#   scripts/rabbitmq.sh up      [DIR]   start it again on the same ports after `down`
#
# DIR defaults to $RABBITMQ_TEST_DIR or /tmp/stomp-rabbitmq-$UID. The node gets its own epmd on
# its own port (ERL_EPMD_PORT), so it never shares or kills anyone else's epmd or node.
set -euo pipefail

cmd=${1:-}
DIR=${2:-${RABBITMQ_TEST_DIR:-/tmp/stomp-rabbitmq-$(id -u)}}
RABBIT_BIN=/usr/lib/rabbitmq/bin
log() { printf 'rabbitmq.sh: %s\n' "$*" >&2; }

# shellcheck source=scripts/ports.sh
source "$(dirname "$0")/ports.sh"

node_env() {
  # shellcheck disable=SC1091
  . "$DIR/ports"
  export HOME="$DIR/home"
  export RABBITMQ_NODENAME="stomptest$WS_PORT@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$AMQP_PORT
  export RABBITMQ_DIST_PORT=$DIST_PORT
  export ERL_EPMD_PORT=$EPMD_PORT
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
  export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
  export RABBITMQ_LOG_BASE="$DIR/log"
  export RABBITMQ_PID_FILE="$DIR/rabbit.pid"
  # Erlang distribution listens on all interfaces unless told otherwise.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

configure() {
  mkdir -p "$DIR/home" "$DIR/mnesia" "$DIR/log"
  : >"$DIR/ports.used"
  {
    echo "AMQP_PORT=$(pick_port)"
    echo "DIST_PORT=$(pick_port)"
    echo "EPMD_PORT=$(pick_port)"
    echo "STOMP_PORT=$(pick_port)"
    echo "WS_PORT=$(pick_port)"
  } >"$DIR/ports"
  # shellcheck disable=SC1091
  . "$DIR/ports"
  : >"$DIR/rabbitmq-env.conf"
  echo '[rabbitmq_web_stomp].' >"$DIR/enabled_plugins"
  cat >"$DIR/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
stomp.listeners.tcp.1 = 127.0.0.1:$STOMP_PORT
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $WS_PORT
loopback_users.guest = true
EOF
}

up() {
  node_env
  for p in "$AMQP_PORT" "$DIST_PORT" "$STOMP_PORT" "$WS_PORT"; do
    if listening "$p"; then log "port $p is already in use"; exit 1; fi
  done
  rm -f "$RABBITMQ_PID_FILE"
  "$RABBIT_BIN/rabbitmq-server" -detached >>"$DIR/log/start.out" 2>&1
  # await_startup fails until the node registers; `wait PIDFILE` waits for the file, then the app.
  if ! "$RABBIT_BIN/rabbitmqctl" wait "$RABBITMQ_PID_FILE" --timeout 120 >>"$DIR/log/start.out" 2>&1; then
    log "node did not start; see $DIR/log"; tail -n 30 "$DIR/log/start.out" >&2 || true; exit 1
  fi
  for _ in $(seq 1 100); do listening "$WS_PORT" && break; sleep 0.1; done
  listening "$WS_PORT" || { log "web stomp not listening on $WS_PORT"; exit 1; }
  echo "ws://127.0.0.1:$WS_PORT/ws"
}

down() {
  node_env
  if [ -f "$RABBITMQ_PID_FILE" ]; then
    # shutdown (unlike stop) returns only once the VM has exited.
    "$RABBIT_BIN/rabbitmqctl" shutdown >>"$DIR/log/stop.out" 2>&1 || {
      pid=$(cat "$RABBITMQ_PID_FILE" 2>/dev/null || true)
      [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    }
    rm -f "$RABBITMQ_PID_FILE"
  fi
  for _ in $(seq 1 50); do listening "$WS_PORT" || break; sleep 0.1; done
}

case "$cmd" in
  start)
    if [ -f "$DIR/ports" ]; then log "$DIR already holds a node; stop it first"; exit 1; fi
    mkdir -p "$DIR"
    configure
    up
    ;;
  up) up ;;
  down) down ;;
  stop)
    [ -f "$DIR/ports" ] || exit 0
    down
    # The epmd on our own port was started by our node: ask exactly that one to exit.
    epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop|down|up [DIR]" >&2; exit 2 ;;
esac
