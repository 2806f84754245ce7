#!/usr/bin/env bash
# A throw-away Apache ActiveMQ (Classic, Debian's 5.17 package) on 127.0.0.1 only, living in DIR.
#
#   scripts/activemq.sh start [DIR]   generate a config in DIR, start the broker, print two ws:// URLs
#   scripts/activemq.sh stop  [DIR]   stop it (and its bridge), remove DIR
#
# DIR defaults to $ACTIVEMQ_TEST_DIR or /tmp/stomp-activemq-$UID. Never the system service: own
# config, own data dir, own JVM (-Xmx256m), no JMX, no openwire/amqp/mqtt, no web console.
#
# Debian's package has no `ws://` transport (activemq-http and Jetty are not packaged), so the
# broker gets a single STOMP TCP connector on a free 127.0.0.1 port and scripts/ws-tcp-bridge.py
# puts WebSocket framing in front of it. `start` prints two URLs, one a line:
#   1. a bridge that behaves like ActiveMQ's own ws transport (text messages only, one frame
#      per message; binary messages ignored): what a browser meets on a real ActiveMQ;
#   2. a raw bridge (bytes unchanged, binary messages): ActiveMQ's STOMP with any framing.
#
# Users (simpleAuthenticationPlugin): stomp/secret in group `users`, which may read, write and
# create destinations under `chat.>` only (plus topics under `private.>`, where the app's "Plain
# broker" profile sends private messages, the dead-letter queue ActiveMQ.DLQ, where a NACKed
# persistent message goes, and advisories); anything else is refused by the
# authorizationPlugin, which gives the tests a real ERROR for a forbidden destination.
set -euo pipefail

cmd=${1:-}
DIR=${2:-${ACTIVEMQ_TEST_DIR:-/tmp/stomp-activemq-$(id -u)}}
AMQ_HOME=/usr/share/activemq
log() { printf 'activemq.sh: %s\n' "$*" >&2; }

# shellcheck source=scripts/ports.sh
source "$(dirname "$0")/ports.sh"

configure() {
  mkdir -p "$DIR/conf" "$DIR/data" "$DIR/log"
  : >"$DIR/ports.used"
  {
    echo "STOMP_PORT=$(pick_port)"
    echo "WS_PORT=$(pick_port)"
    echo "RAW_WS_PORT=$(pick_port)"
  } >"$DIR/ports"
  # shellcheck disable=SC1091
  . "$DIR/ports"
  # Non-persistent and no advisories: a test broker starts faster and leaves no store behind.
  cat >"$DIR/conf/activemq.xml" <<EOF
<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="stomptest$WS_PORT"
          useJmx="false" persistent="false" advisorySupport="false" schedulerSupport="false"
          dataDirectory="$DIR/data">
    <managementContext><managementContext createConnector="false"/></managementContext>
    <plugins>
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users>
          <authenticationUser username="stomp" password="secret" groups="users"/>
        </users>
      </simpleAuthenticationPlugin>
      <authorizationPlugin><map><authorizationMap><authorizationEntries>
        <authorizationEntry queue="chat.>" read="users" write="users" admin="users"/>
        <authorizationEntry topic="chat.>" read="users" write="users" admin="users"/>
        <authorizationEntry topic="private.>" read="users" write="users" admin="users"/>
        <authorizationEntry queue="ActiveMQ.DLQ" read="users" write="users" admin="users"/>
        <authorizationEntry topic="ActiveMQ.Advisory.>" read="users" write="users" admin="users"/>
      </authorizationEntries></authorizationMap></map></authorizationPlugin>
    </plugins>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:$STOMP_PORT"/>
    </transportConnectors>
  </broker>
</beans>
EOF
}

stop_pid() {
  local f=$1 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

case "$cmd" in
  start)
    if [ -f "$DIR/ports" ]; then log "$DIR already holds a broker; stop it first"; exit 1; fi
    [ -f "$AMQ_HOME/bin/activemq.jar" ] || { log "activemq is not installed (scripts/install-tools.sh activemq)"; exit 1; }
    mkdir -p "$DIR"
    configure
    # The launcher jar reads these properties; everything points into DIR, never /var/lib.
    java -Xms64m -Xmx256m -XX:+UseSerialGC \
      -Dactivemq.home="$AMQ_HOME" -Dactivemq.base="$DIR" -Dactivemq.conf="$DIR/conf" \
      -Dactivemq.data="$DIR/data" -Dactivemq.tmp="$DIR/data/tmp" \
      -Djava.io.tmpdir="$DIR/data/tmp" \
      -jar "$AMQ_HOME/bin/activemq.jar" start "xbean:file:$DIR/conf/activemq.xml" \
      </dev/null >"$DIR/log/broker.out" 2>&1 &
    echo $! >"$DIR/broker.pid"
    python3 "$(dirname "$0")/ws-tcp-bridge.py" "$WS_PORT" "$STOMP_PORT" activemq \
      </dev/null >"$DIR/log/bridge.out" 2>&1 &
    echo $! >"$DIR/bridge.pid"
    python3 "$(dirname "$0")/ws-tcp-bridge.py" "$RAW_WS_PORT" "$STOMP_PORT" raw \
      </dev/null >"$DIR/log/raw-bridge.out" 2>&1 &
    echo $! >"$DIR/raw-bridge.pid"
    for _ in $(seq 1 300); do
      listening "$STOMP_PORT" && listening "$WS_PORT" && listening "$RAW_WS_PORT" && break
      kill -0 "$(cat "$DIR/broker.pid")" 2>/dev/null || break
      sleep 0.1
    done
    if ! listening "$STOMP_PORT" || ! listening "$WS_PORT" || ! listening "$RAW_WS_PORT"; then
      log "broker did not start; see $DIR/log"; tail -n 30 "$DIR/log/broker.out" >&2 || true
      stop_pid "$DIR/bridge.pid"; stop_pid "$DIR/raw-bridge.pid"; stop_pid "$DIR/broker.pid"
      exit 1
    fi
    echo "ws://127.0.0.1:$WS_PORT/stomp"
    echo "ws://127.0.0.1:$RAW_WS_PORT/stomp"
    ;;
  stop)
    [ -f "$DIR/ports" ] || exit 0
    stop_pid "$DIR/bridge.pid"
    stop_pid "$DIR/raw-bridge.pid"
    stop_pid "$DIR/broker.pid"
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
