#!/usr/bin/env python3
"""One origin for a static bundle and a WebSocket endpoint, on 127.0.0.1 (stdlib only).

Why: Spring's STOMP endpoint accepts same-origin handshakes only (HTTP 403 otherwise, which the
page sees as a bare close 1006). A deployment serves the app's bundle and /ws from one origin (the
bundle in the Spring app's static resources, or a reverse proxy). This proxy reproduces that for
tests, without touching the server's origin rules:

  * GET/HEAD of a file that exists under --static is served from there (`/` -> index.html);
  * every other request -- above all any request carrying `Upgrade: websocket` -- is forwarded byte
    for byte to --upstream, so the browser's Origin matches the Host the server sees and Spring
    answers 101 (or its own 404/400 for a wrong path or a plain GET).

--rewrite-origin is for the library's browser tests only: their page is served by
wasm-bindgen-test-runner on another port, so its Origin can never match. With the flag the Host and
Origin headers of forwarded upgrade requests are replaced by the upstream's `host:port` and
`http://host:port`. That is the test harness posing as a same-origin page; the server and its
origin check are unchanged.

Usage: same-origin-proxy.py --upstream 127.0.0.1:PORT [--static DIR] [--port N] [--port-file F]
       [--rewrite-origin]
--port 0 (the default) takes a free port; the chosen one is printed as `http://127.0.0.1:N` on
stdout once the proxy accepts connections, and written to --port-file if given. SIGTERM or SIGINT
stops it cleanly.
"""
import argparse
import asyncio
import mimetypes
import os
import signal
import sys
import urllib.parse

MAX_HEAD = 64 * 1024
TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}


def content_type(path):
    ext = os.path.splitext(path)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = (lines[0].split(" ", 2) + ["", ""])[:3]
    headers = []
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers.append((k.strip(), v.strip()))
    return method, target, headers


def header(headers, name):
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), None)


def is_upgrade(headers):
    return "websocket" in (header(headers, "upgrade") or "").lower()


def replace_headers(head, replacements):
    """The head with the named headers replaced (or added); other bytes as they came."""
    lines = head[:-4].split(b"\r\n")
    wanted = {k.lower(): v for k, v in replacements.items()}
    out = [lines[0]]
    for line in lines[1:]:
        name = line.split(b":", 1)[0].strip().decode("latin-1").lower()
        if name in wanted:
            continue
        out.append(line)
    for k, v in replacements.items():
        out.append(f"{k}: {v}".encode("latin-1"))
    return b"\r\n".join(out) + b"\r\n\r\n"


class Proxy:
    def __init__(self, args):
        self.static = os.path.realpath(args.static) if args.static else None
        host, _, port = args.upstream.rpartition(":")
        self.up_host, self.up_port = host or "127.0.0.1", int(port)
        self.rewrite_origin = args.rewrite_origin

    def static_file(self, target):
        if not self.static:
            return None
        path = urllib.parse.unquote(urllib.parse.urlsplit(target).path)
        if path.endswith("/"):
            path += "index.html"
        full = os.path.realpath(os.path.join(self.static, path.lstrip("/")))
        # realpath plus this prefix check keeps `..` and symlinks from leaving the static dir
        if not full.startswith(self.static + os.sep) or not os.path.isfile(full):
            return None
        return full

    async def handle(self, reader, writer):
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except asyncio.LimitOverrunError:
                    await respond(writer, 431, b"request head too large\n", close=True)
                    return
                method, target, headers = parse_head(head)
                if not is_upgrade(headers) and method in ("GET", "HEAD"):
                    path = self.static_file(target)
                    if path:
                        await self.serve_file(writer, method, path)
                        continue
                await self.forward(reader, writer, head, headers)
                return
        finally:
            writer.close()

    async def serve_file(self, writer, method, path):
        with open(path, "rb") as f:
            body = f.read()
        writer.write(
            (
                "HTTP/1.1 200 OK\r\n"
                f"Content-Type: {content_type(path)}\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Cache-Control: no-cache\r\n\r\n"
            ).encode("latin-1")
        )
        if method == "GET":
            writer.write(body)
        await writer.drain()

    async def forward(self, reader, writer, head, headers):
        upstream = f"{self.up_host}:{self.up_port}"
        if is_upgrade(headers):
            if self.rewrite_origin:
                head = replace_headers(head, {"Host": upstream, "Origin": f"http://{upstream}"})
        else:
            # One forwarded request per connection, so later requests on a kept-alive browser
            # connection still get the static files.
            head = replace_headers(head, {"Connection": "close"})
        try:
            up_reader, up_writer = await asyncio.open_connection(self.up_host, self.up_port)
        except OSError as e:
            await respond(writer, 502, f"upstream {upstream}: {e}\n".encode(), close=True)
            return
        up_writer.write(head)
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
            else:
                writer.close()
        except (OSError, RuntimeError):
            writer.close()


async def respond(writer, status, body, close=False):
    reason = {431: "Request Header Fields Too Large", 502: "Bad Gateway"}.get(status, "")
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n"
        f"{'Connection: close' + chr(13) + chr(10) if close else ''}\r\n".encode("latin-1") + body
    )
    await writer.drain()


async def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--upstream", required=True, help="127.0.0.1:PORT of the WebSocket server")
    ap.add_argument("--static", help="directory served for ordinary GETs")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--rewrite-origin", action="store_true")
    args = ap.parse_args()
    host = args.upstream.rpartition(":")[0]
    if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        sys.exit("same-origin-proxy: --upstream must be a loopback address")
    proxy = Proxy(args)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.port, limit=MAX_HEAD)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    print(f"http://127.0.0.1:{port}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
        server.close()
        # Open tunnels would otherwise keep wait_closed() waiting for the browser to hang up.
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
