#!/usr/bin/env bash
# A throw-away real Spring STOMP server (shared/spring-server: Spring's own STOMP stack from
# Debian's packages) on 127.0.0.1 only, living in DIR.
#
#   scripts/spring.sh start DIR [run.sh options]   build once if needed, start, print ws://127.0.0.1:PORT/ws
#                                                  (on a free port, or on $SPRING_PORT)
#   scripts/spring.sh stop  DIR                    stop it (by PID) and wait until it is gone
#   scripts/spring.sh build                        only (re)build the server
#
# shared/ is read-only in CI, so the build goes to a cache dir outside git that survives between
# runs: $SPRING_BUILD_DIR, default target/spring-server. It is rebuilt when it is missing or when
# shared/spring-server's sources changed (a hash of them is kept beside the build).
# shared/ is found beside the repo ($ROOT/../shared), as in CI's fresh clone; override with
# SPRING_SERVER_DIR. DIR holds spring.pid, port and spring.log. Scripts there run through bash, so a
# copy of shared/ that lost its exec bits still works.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SERVER=${SPRING_SERVER_DIR:-$ROOT/../shared/spring-server}
export BUILD_DIR=${SPRING_BUILD_DIR:-$ROOT/target/spring-server}
log() { printf 'spring.sh: %s\n' "$*" >&2; }
now() { date +%s.%N; }
since() { awk "BEGIN{printf \"%.1f\", $(now) - $1}"; }

cmd=${1:-}
[[ -d "$SERVER" ]] || { log "no Spring server sources at $SERVER"; exit 1; }
SERVER="$(cd "$SERVER" && pwd)"

sources_hash() {
  (cd "$SERVER" && find build.sh run.sh src -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

build() {
  mkdir -p "$BUILD_DIR"
  # Several test runs on one machine may start at once: one builds, the others wait for it.
  exec 9>"$BUILD_DIR.lock"
  flock 9
  local want have=
  want=$(sources_hash)
  [[ -f "$BUILD_DIR/.sources-hash" ]] && have=$(cat "$BUILD_DIR/.sources-hash")
  if [[ -f "$BUILD_DIR/classpath.txt" && "$want" == "$have" ]]; then
    exec 9>&-; return 0
  fi
  local t0; t0=$(now)
  log "building the Spring server into $BUILD_DIR"
  rm -f "$BUILD_DIR/classpath.txt" "$BUILD_DIR/.sources-hash"
  bash "$SERVER/build.sh" >&2
  echo "$want" >"$BUILD_DIR/.sources-hash"
  log "built in $(since "$t0") s"
  exec 9>&-
}

is_ours() {
  # A PID from an old file may since belong to another process: only kill our own server.
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'com.example.chat.ChatApplication'
}

stop() {
  local pid
  [[ -f "$DIR/spring.pid" ]] || return 0
  pid=$(cat "$DIR/spring.pid")
  if is_ours "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "PID $pid ignored SIGTERM for 10 s: SIGKILL"; kill -9 "$pid" 2>/dev/null || true; fi
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$DIR/spring.pid" "$DIR/port"
}

case "$cmd" in
  build) build ;;
  start)
    DIR=${2:?usage: $0 start DIR [run.sh options]}
    shift 2
    if [[ -f "$DIR/spring.pid" ]]; then log "$DIR already holds a server; stop it first"; exit 1; fi
    mkdir -p "$DIR"
    # shellcheck source=scripts/ports.sh
    source "$ROOT/scripts/ports.sh"
    build
    # SPRING_PORT: a restart on the same port, for tests that stop the server mid-chat.
    port=${SPRING_PORT:-$(pick_port)}
    t0=$(now)
    bash "$SERVER/run.sh" "$port" --server.address=127.0.0.1 "$@" </dev/null >"$DIR/spring.log" 2>&1 &
    pid=$!
    echo "$pid" >"$DIR/spring.pid"
    echo "$port" >"$DIR/port"
    # The port is bound only once the Spring context is up, so an open port means ready.
    for _ in $(seq 1 600); do
      (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "server did not start; last lines of $DIR/spring.log:"; tail -n 30 "$DIR/spring.log" >&2 || true
      stop; exit 1
    fi
    log "ready on 127.0.0.1:$port in $(since "$t0") s (pid $pid, log $DIR/spring.log)"
    echo "ws://127.0.0.1:$port/ws"
    ;;
  stop)
    DIR=${2:?usage: $0 stop DIR}
    stop
    ;;
  *) echo "usage: $0 start DIR [run.sh options] | stop DIR | build" >&2; exit 2 ;;
esac
