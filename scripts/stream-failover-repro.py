#!/usr/bin/env python3
"""RabbitMQ 3.10.8 losing confirmed stream writes across a leader change, over plain STOMP.

    scripts/rabbitmq-cluster.sh start DIR
    scripts/stream-failover-repro.py DIR receipts      # SENDs with receipt (confirm mode)
    scripts/stream-failover-repro.py DIR none          # SENDs without receipt
    (then `scripts/rabbitmq-cluster.sh up DIR 1` to bring node 1 back, and `stop DIR`)

Declares a stream on node 1 (its leader), makes node 1 lead the stream coordinator too (as on
a fresh cluster), publishes from node 2 (a topic SEND before each stream SEND, as a chat's
typing notices do), kills node 1 (kill -9), keeps publishing through the election, then reads
the stream back and prints, per SEND, whether it got a RECEIPT and whether it is in the stream.
Seen with `receipts` (2026-11-28): SENDs with a RECEIPT that are in no stream, and SENDs in the
stream that never got one (see README, "Beyond one machine"). Loopback only; stdlib only.
"""
import os, socket, subprocess, sys, threading, time

DIR, MODE = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "receipts")
PORTS = dict(line.strip().split("=", 1) for line in open(os.path.join(DIR, "ports")) if "=" in line)


def ctl(node, *args):
    env = dict(os.environ, HOME=os.path.join(DIR, "home"), ERL_EPMD_PORT=PORTS["EPMD_PORT"],
               ERL_EPMD_ADDRESS="127.0.0.1")
    name = f"c{PORTS['CLUSTER_ID']}n{node}@localhost"
    return subprocess.run(["/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", name, *args], env=env,
                          capture_output=True, text=True).stdout


class Stomp:
    """Just enough STOMP 1.2: frames in a list, filled by a reader thread."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.frames, self.cv = [], threading.Condition()
        self.write("CONNECT", {"accept-version": "1.2", "host": "/", "login": "guest",
                               "passcode": "guest", "heart-beat": "0,0"})
        threading.Thread(target=self.read, daemon=True).start()
        self.wait(lambda f: f[0] == "CONNECTED")

    def write(self, cmd, headers, body=b""):
        head = "".join(f"{k}:{v}\n" for k, v in headers.items())
        self.sock.sendall(f"{cmd}\n{head}\n".encode() + body + b"\0")

    def read(self):
        buf = b""
        while chunk := self.sock.recv(65536):
            buf += chunk
            while True:
                buf = buf.lstrip(b"\r\n")
                end = buf.find(b"\n\n")
                if end < 0:
                    break
                lines = buf[:end].decode().split("\n")
                headers = dict(l.split(":", 1) for l in reversed(lines[1:]))
                size = int(headers.get("content-length", -1))
                stop = end + 2 + size if size >= 0 else buf.find(b"\0", end)
                if stop < 0 or len(buf) <= stop:
                    break
                with self.cv:
                    self.frames.append((lines[0], headers, buf[end + 2:stop]))
                    self.cv.notify_all()
                buf = buf[stop + 1:]

    def wait(self, pred, timeout=10):
        with self.cv:
            self.cv.wait_for(lambda: any(pred(f) for f in self.frames), timeout)


def main():
    name = f"repro-{int(time.time())}"
    ctl(2, "eval", "ra:transfer_leadership({rabbit_stream_coordinator, node()}, "
        f"{{rabbit_stream_coordinator, 'c{PORTS['CLUSTER_ID']}n1@localhost'}}).")
    a = Stomp(int(PORTS["STOMP_1"]))
    a.write("SUBSCRIBE", {"id": "d", "destination": f"/queue/{name}", "x-queue-type": "stream",
                          "durable": "true", "auto-delete": "false", "ack": "client",
                          "prefetch-count": "1", "receipt": "declared"})
    a.wait(lambda f: f[1].get("receipt-id") == "declared")
    b = Stomp(int(PORTS["STOMP_2"]))
    sent = []

    def publish(tag):
        n = len(sent) + 1
        b.write("SEND", {"destination": f"/topic/{name}"}, b"typing")
        headers = {"destination": f"/amq/queue/{name}"}
        if MODE == "receipts":
            headers["receipt"] = f"p{n}"
        b.write("SEND", headers, f"{tag} #{n}".encode())
        sent.append(f"{tag} #{n}")

    for _ in range(2):
        publish("before")
    time.sleep(0.5)
    pid = open(os.path.join(DIR, "n1", "rabbit.pid")).read().strip()
    subprocess.run(["kill", "-9", pid], check=True)
    for _ in range(10):
        time.sleep(0.15)
        publish("during")
    time.sleep(2.5)
    for _ in range(4):
        publish("after")
        time.sleep(0.5)
    time.sleep(2)
    r = Stomp(int(PORTS["STOMP_3"]))
    r.write("SUBSCRIBE", {"id": "r", "destination": f"/amq/queue/{name}", "ack": "client",
                          "prefetch-count": "100", "x-stream-offset": "first"})
    time.sleep(3)
    stored = {m[2].decode() for m in r.frames if m[0] == "MESSAGE"}
    receipts = {f[1]["receipt-id"] for f in b.frames if f[0] == "RECEIPT"}
    for n, text in enumerate(sent, 1):
        got = ("RECEIPT" if f"p{n}" in receipts else "no receipt") if MODE == "receipts" else "-"
        print(f"{text:12} {got:10} {'in the stream' if text in stored else 'NOT IN THE STREAM'}")
    confirmed_lost = sum(1 for n, t in enumerate(sent, 1) if f"p{n}" in receipts and t not in stored)
    print(f"{len(sent)} sent, {len(stored)} in the stream, {len(receipts)} receipts, "
          f"{confirmed_lost} confirmed but not in the stream")


main()
