#!/usr/bin/env python3
"""A tiny HTTP server on 127.0.0.1 that lets browser tests stop and start the test broker.

GET /down  -> stops the node (returns once it is gone)
GET /up    -> starts it again on the same ports (returns once it accepts connections)
GET /relay-down, /relay-up -> with RELAY_TARGET_PORT and RELAY_PORT_FILE set: a TCP relay to
           the node (a second "node" for failover tests) drops every connection at once and
           stops listening, as a node whose VM is killed does; relay-up listens again.
Usage: broker-control.py PORT_FILE RABBIT_DIR   (writes the chosen port to PORT_FILE)
"""
import http.server
import os
import socket
import subprocess
import sys
import threading

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rabbitmq.sh")
port_file, rabbit_dir = sys.argv[1], sys.argv[2]


class Relay:
    """Byte-for-byte TCP relay on a fixed loopback port; `down` closes everything."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.lock = threading.Lock()
        self.listener = None
        self.conns = []
        self.port = 0

    def up(self):
        with self.lock:
            if self.listener:
                return
            ls = socket.socket()
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ls.bind(("127.0.0.1", self.port))
            ls.listen(64)
            self.port = ls.getsockname()[1]
            self.listener = ls
        threading.Thread(target=self.accept, args=(ls,), daemon=True).start()

    def down(self):
        with self.lock:
            ls, self.listener = self.listener, None
            conns, self.conns = self.conns, []
        for s in ([ls] if ls else []) + conns:
            # shutdown() wakes the relay threads blocked in recv() (close() alone would not,
            # and the connection would linger); the kernel then closes it as it does for a
            # killed process.
            for step in (lambda: s.shutdown(socket.SHUT_RDWR), s.close):
                try:
                    step()
                except OSError:
                    pass

    def accept(self, ls):
        while True:
            try:
                client, _ = ls.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


relay = None
if os.environ.get("RELAY_TARGET_PORT"):
    relay = Relay(int(os.environ["RELAY_TARGET_PORT"]))
    relay.up()
    relay_file = os.environ["RELAY_PORT_FILE"]
    with open(relay_file + ".tmp", "w") as f:
        f.write(str(relay.port))
    os.replace(relay_file + ".tmp", relay_file)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        action = self.path.strip("/")
        if relay and action in ("relay-down", "relay-up"):
            (relay.down if action == "relay-down" else relay.up)()
            self.reply(200, action.encode())
            return
        if action not in ("down", "up"):
            self.send_response(404)
            self.end_headers()
            return
        r = subprocess.run([SCRIPT, action, rabbit_dir], capture_output=True, text=True)
        self.reply(200 if r.returncode == 0 else 500, (r.stdout + r.stderr).encode())

    def reply(self, status, body):
        self.send_response(status)
        # The tests run on another origin (the wasm-bindgen-test-runner's server).
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("broker-control: " + (fmt % args) + "\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
