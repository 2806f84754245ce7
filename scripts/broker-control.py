#!/usr/bin/env python3
"""A tiny HTTP server on 127.0.0.1 that lets browser tests stop and start the test broker.

GET /down  -> stops the node (returns once it is gone)
GET /up    -> starts it again on the same ports (returns once it accepts connections)
Usage: broker-control.py PORT_FILE RABBIT_DIR   (writes the chosen port to PORT_FILE)
"""
import http.server
import os
import subprocess
import sys

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rabbitmq.sh")
port_file, rabbit_dir = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        action = self.path.strip("/")
        if action not in ("down", "up"):
            self.send_response(404)
            self.end_headers()
            return
        r = subprocess.run([SCRIPT, action, rabbit_dir], capture_output=True, text=True)
        body = (r.stdout + r.stderr).encode()
        self.send_response(200 if r.returncode == 0 else 500)
        # The tests run on another origin (the wasm-bindgen-test-runner's server).
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("broker-control: " + (fmt % args) + "\n")


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
