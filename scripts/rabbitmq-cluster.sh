#!/usr/bin/env bash
# A throw-away cluster of three RabbitMQ nodes with Web STOMP, on 127.0.0.1 only, in a temp dir.
#
#   scripts/rabbitmq-cluster.sh start DIR     start 3 nodes, join them, print their 3 ws:// URLs
#                                              (one per line, node 1 first)
#   scripts/rabbitmq-cluster.sh stop  DIR     stop every node, the cluster's epmd, remove DIR
#   scripts/rabbitmq-cluster.sh kill  DIR N   kill -9 node N's Erlang VM (a node lost for a test)
#   scripts/rabbitmq-cluster.sh up    DIR N   start node N again (it rejoins the cluster)
#   scripts/rabbitmq-cluster.sh urls  DIR     the 3 ws:// URLs again
#   scripts/rabbitmq-cluster.sh pid   DIR N   node N's Erlang VM pid
#
# What a cluster needs beyond scripts/rabbitmq.sh's single node (see ../shared/BROKERS.md): one
# epmd port shared by the nodes (they find each other through it), bound to loopback and
# started by the first node, so `stop` ends exactly that one by its port; one Erlang cookie
# (a shared HOME); per node its own name, distribution, AMQP, STOMP and Web STOMP ports, mnesia
# and log dirs and pid file. Nothing is ever stopped by name.
set -euo pipefail

cmd=${1:-}
DIR=${2:-}
RABBIT_BIN=/usr/lib/rabbitmq/bin
NODES=(1 2 3)
log() { printf 'rabbitmq-cluster.sh: %s\n' "$*" >&2; }
[ -n "$DIR" ] || { echo "usage: $0 start|stop|kill|up|urls|pid DIR [N]" >&2; exit 2; }

# shellcheck source=scripts/ports.sh
source "$(dirname "$0")/ports.sh"

# Environment of node $1, in a subshell's exports.
node_env() {
  local n=$1
  # shellcheck disable=SC1091
  . "$DIR/ports"
  local amqp="AMQP_$n" dist="DIST_$n" ws="WS_$n"
  export HOME="$DIR/home"
  export RABBITMQ_NODENAME="c${CLUSTER_ID}n$n@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=${!amqp}
  export RABBITMQ_DIST_PORT=${!dist}
  export ERL_EPMD_PORT=$EPMD_PORT
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
  export RABBITMQ_CONFIG_FILE="$DIR/n$n/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$DIR/n$n/mnesia"
  export RABBITMQ_LOG_BASE="$DIR/n$n/log"
  export RABBITMQ_PID_FILE="$DIR/n$n/rabbit.pid"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  WS_PORT=${!ws}
}

configure() {
  mkdir -p "$DIR/home"
  : >"$DIR/ports.used"
  {
    echo "EPMD_PORT=$(pick_port)"
    for n in "${NODES[@]}"; do
      echo "AMQP_$n=$(pick_port)"
      echo "DIST_$n=$(pick_port)"
      echo "STOMP_$n=$(pick_port)"
      echo "WS_$n=$(pick_port)"
    done
  } >"$DIR/ports"
  # shellcheck disable=SC1091
  . "$DIR/ports"
  echo "CLUSTER_ID=$WS_1" >>"$DIR/ports"
  : >"$DIR/rabbitmq-env.conf"
  echo '[rabbitmq_web_stomp].' >"$DIR/enabled_plugins"
  # One cookie for all nodes: they share this HOME.
  python3 -c 'import secrets; print(secrets.token_hex(16).upper(), end="")' >"$DIR/home/.erlang.cookie"
  chmod 400 "$DIR/home/.erlang.cookie"
  for n in "${NODES[@]}"; do
    mkdir -p "$DIR/n$n/mnesia" "$DIR/n$n/log"
    local amqp="AMQP_$n" stomp="STOMP_$n" ws="WS_$n"
    cat >"$DIR/n$n/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:${!amqp}
stomp.listeners.tcp.1 = 127.0.0.1:${!stomp}
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = ${!ws}
loopback_users.guest = true
EOF
  done
}

ctl() { "$RABBIT_BIN/rabbitmqctl" "$@"; }

# Starts node $1 detached (returns at once).
launch() (
  node_env "$1"
  rm -f "$RABBITMQ_PID_FILE"
  "$RABBIT_BIN/rabbitmq-server" -detached >>"$DIR/n$1/log/start.out" 2>&1
)

# Waits until node $1 runs and its Web STOMP port listens.
await_node() (
  node_env "$1"
  if ! ctl wait "$RABBITMQ_PID_FILE" --timeout 120 >>"$DIR/n$1/log/start.out" 2>&1; then
    log "node $1 did not start; see $DIR/n$1/log"; tail -n 30 "$DIR/n$1/log/start.out" >&2 || true
    exit 1
  fi
  for _ in $(seq 1 100); do listening "$WS_PORT" && break; sleep 0.1; done
  listening "$WS_PORT" || { log "node $1: web stomp not listening on $WS_PORT"; exit 1; }
)

join() (
  node_env "$1"
  {
    ctl stop_app
    ctl join_cluster "c${CLUSTER_ID}n1@localhost"
    ctl start_app
  } >>"$DIR/n$1/log/join.out" 2>&1 || { log "node $1 could not join; see $DIR/n$1/log/join.out"; exit 1; }
)

urls() {
  # shellcheck disable=SC1091
  . "$DIR/ports"
  for n in "${NODES[@]}"; do
    local ws="WS_$n"
    echo "ws://127.0.0.1:${!ws}/ws"
  done
}

vm_pid() { cat "$DIR/n$1/rabbit.pid" 2>/dev/null || true; }

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Stops node $1 and waits for its VM to exit; a killed node is already gone.
halt() (
  node_env "$1"
  local pid
  pid=$(vm_pid "$1")
  alive "$pid" || exit 0
  ctl shutdown >>"$DIR/n$1/log/stop.out" 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || exit 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
)

case "$cmd" in
  start)
    if [ -f "$DIR/ports" ]; then log "$DIR already holds a cluster; stop it first"; exit 1; fi
    mkdir -p "$DIR"
    configure
    # Node 1 first: it starts the cluster's epmd. Nodes 2 and 3 boot while it does.
    launch 1
    for _ in $(seq 1 50); do listening "$EPMD_PORT" && break; sleep 0.1; done
    launch 2
    launch 3
    for n in "${NODES[@]}"; do await_node "$n"; done
    join 2
    join 3
    urls
    ;;
  stop)
    [ -f "$DIR/ports" ] || exit 0
    # shellcheck disable=SC1091
    . "$DIR/ports"
    pids=()
    for n in "${NODES[@]}"; do halt "$n" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || true; done
    # The epmd on the cluster's own port was started by node 1: ask exactly that one to exit.
    epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  kill)
    n=${3:?node number}
    pid=$(vm_pid "$n")
    alive "$pid" || { log "node $n is not running"; exit 1; }
    kill -9 "$pid"
    echo "$pid"
    ;;
  up)
    n=${3:?node number}
    launch "$n"
    await_node "$n"
    ;;
  urls) urls ;;
  pid) echo "$(vm_pid "${3:?node number}")" ;;
  *) echo "usage: $0 start|stop|kill|up|urls|pid DIR [N]" >&2; exit 2 ;;
esac
