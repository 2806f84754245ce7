# Sourced by the throw-away broker scripts: free loopback ports, remembered in $DIR/ports.used so
# one broker's ports are never handed out twice. Needs DIR and a `log` function.

listening() { ss -Hltn "sport = :$1" | grep -q .; }

# Ports the kernel hands out for port 0 are free right now; check again with ss to be sure.
pick_port() {
  local p
  for _ in $(seq 1 20); do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    if ! listening "$p" && ! grep -qx "$p" "$DIR/ports.used" 2>/dev/null; then
      echo "$p" >>"$DIR/ports.used"
      echo "$p"
      return
    fi
  done
  log "no free port found"; exit 1
}
