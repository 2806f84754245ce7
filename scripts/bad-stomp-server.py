#!/usr/bin/env python3
"""A deliberately broken STOMP-over-WebSocket server on 127.0.0.1, for browser tests of how the
client copes with bad input. No real broker sends these, so they are scripted here.

The URL path picks the misbehaviour; every connection to it gets the same treatment:
  /malformed   CONNECTED, then a frame with an unknown command
  /badutf8     CONNECTED, then (binary message) a MESSAGE whose header is not UTF-8
  /midframe    CONNECTED, then half a MESSAGE, then the socket closes
  /badtext     CONNECTED, then a *text* WebSocket message that is not UTF-8 (the browser fails it)
  /error       an ERROR frame after CONNECTED, then the socket stays open
  /closecode   CONNECTED, then a WebSocket close with code 4001 and reason "scripted close"
  /garbage     CONNECTED, then 2 KB of binary noise with newlines but no blank line
  /unsolicited CONNECTED, then a MESSAGE for a subscription the client never made and a
               RECEIPT the client never asked for (receipt-id: unsolicited-1)
Usage: bad-stomp-server.py PORT_FILE   (writes the chosen port to PORT_FILE)
"""
import os
import socketserver
import struct
import sys
import time

from wsframe import accept_key, unmask, ws_frame

CONNECTED = b"CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:bad-stomp/1\n\n\0"


class Handler(socketserver.BaseRequestHandler):
    def recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.request.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("peer closed")
            buf += chunk
        return buf

    def read_message(self) -> bytes:
        return self.read_frame()[1]

    def read_frame(self) -> tuple:
        b1, b2 = self.recv_exact(2)
        n = b2 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", self.recv_exact(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", self.recv_exact(8))
        mask = self.recv_exact(4) if b2 & 0x80 else b"\0\0\0\0"
        data = self.recv_exact(n)
        return b1 & 0x0F, unmask(mask, data)

    def handle(self):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        lines = head.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1]
        headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
        accept = accept_key(headers["sec-websocket-key"])
        self.request.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept + b"\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n"
        )
        try:
            self.read_message()  # CONNECT
            send = lambda data, opcode=2: self.request.sendall(ws_frame(opcode, data))
            send(CONNECTED, 1)
            time.sleep(0.05)
            if path == "/malformed":
                send(b"BOGUS\nfoo:bar\n\n\0")
            elif path == "/badutf8":
                send(b"MESSAGE\ndestination:/x\nsubscription:sub-0\nmessage-id:\xff\xfe\n\nhi\0")
            elif path == "/midframe":
                send(b"MESSAGE\ndestination:/x\nsubscription:sub-0\ncontent-length:100\n\nabc")
                time.sleep(0.05)
                self.request.sendall(ws_frame(8, struct.pack("!H", 1000)))
                # Finish the closing handshake before closing TCP, as RFC 6455 asks: Firefox
                # reports a close whose TCP connection ended first as not clean (Chromium does not).
                self.request.settimeout(5)
                while self.read_frame()[0] != 8:
                    pass
                return
            elif path == "/closecode":
                self.request.sendall(ws_frame(8, struct.pack("!H", 4001) + b"scripted close"))
                self.request.settimeout(5)
                while self.read_frame()[0] != 8:
                    pass
                return
            elif path == "/badtext":
                send(b"MESSAGE\ndestination:/x\n\n\xff\0", 1)
            elif path == "/garbage":
                # Deterministic noise: bytes that are not a command, a newline every 64 bytes
                # (so no line is over-long) but never two in a row (so no frame ever ends).
                noise = bytearray((i * 37 + 11) % 251 + 1 for i in range(2048))
                for i in range(63, len(noise), 64):
                    noise[i] = 0x0A
                send(bytes(noise))
            elif path == "/unsolicited":
                send(b"MESSAGE\ndestination:/topic/x\nsubscription:server-made\nmessage-id:m-1\n\nnobody asked\0")
                send(b"RECEIPT\nreceipt-id:unsolicited-1\n\n\0")
            elif path == "/error":
                send(b"ERROR\nmessage:scripted failure\ncontent-length:3\n\nbad\0")
            # Keep the socket open until the client goes away.
            while True:
                self.read_message()
        except (ConnectionError, OSError):
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
port_file = sys.argv[1]
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
