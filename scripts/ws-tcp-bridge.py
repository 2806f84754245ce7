#!/usr/bin/env python3
"""A WebSocket-to-TCP bridge on 127.0.0.1: every WebSocket connection gets its own TCP
connection to TARGET_PORT (a STOMP broker's plain TCP connector).

Why: Debian's `activemq` package (5.17.2) leaves out activemq-http and Jetty, so its broker has
no `ws://` transport connector; only the plain STOMP TCP connector is there. This bridge puts
WebSocket framing in front of that connector. Two modes:

  raw       bytes pass unchanged both ways; broker bytes go out as binary messages in whatever
            chunks TCP delivers. Tests ActiveMQ's STOMP behaviour with any client framing.
  activemq  behaves like ActiveMQ Classic's own ws transport (AbstractStompSocket and the
            jetty StompSocket in activemq-http): binary messages from the client are ignored,
            each text message must be one whole frame ("\n" alone is a heart-beat; a piece of
            a split frame fails the connection, which is closed), and every
            frame the broker sends goes out as one text message, its bytes read as UTF-8 with
            invalid sequences replaced (Java's new String(bytes, UTF_8)), as ActiveMQ does.

The STOMP subprotocol the browser offers first (v12.stomp, ...) is accepted, as ActiveMQ does.
Usage: ws-tcp-bridge.py LISTEN_PORT TARGET_PORT [raw|activemq]   (127.0.0.1; stdlib only)
"""
import asyncio
import struct
import sys

from wsframe import accept_key, unmask, ws_frame

STOMP_PROTOCOLS = ("v12.stomp", "v11.stomp", "v10.stomp", "stomp")


async def read_ws_frame(reader: asyncio.StreamReader):
    b1, b2 = await reader.readexactly(2)
    n = b2 & 0x7F
    if n == 126:
        (n,) = struct.unpack("!H", await reader.readexactly(2))
    elif n == 127:
        (n,) = struct.unpack("!Q", await reader.readexactly(8))
    mask = await reader.readexactly(4) if b2 & 0x80 else b"\0\0\0\0"
    data = await reader.readexactly(n)
    return b1 & 0x0F, unmask(mask, data)


async def handshake(reader, writer) -> bool:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    key = headers.get("sec-websocket-key")
    if key is None or "websocket" not in headers.get("upgrade", "").lower():
        writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        return False
    accept = accept_key(key)
    offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
    chosen = next((p for p in offered if p in STOMP_PROTOCOLS), None)
    resp = (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + accept + b"\r\n"
    )
    if chosen:
        resp += b"Sec-WebSocket-Protocol: " + chosen.encode() + b"\r\n"
    writer.write(resp + b"\r\n")
    await writer.drain()
    return True


async def client_to_broker(ws_reader, ws_writer, tcp_writer, mode: str):
    """WebSocket messages to the TCP stream."""
    message_opcode = 0x2  # the opcode a continuation frame belongs to
    try:
        while True:
            opcode, data = await read_ws_frame(ws_reader)
            if opcode in (0x1, 0x2):
                message_opcode = opcode
            if opcode in (0x0, 0x1, 0x2):
                if mode == "activemq" and message_opcode != 0x1:
                    continue  # ActiveMQ's onWebSocketBinary does nothing
                if mode == "activemq" and not is_one_frame(data):
                    # StompSocket unmarshals each text message as one whole frame; a piece of a
                    # split frame fails to parse, and the failed transport ends the connection.
                    print(f"ws-tcp-bridge: text message is not one whole frame ({len(data)} bytes): closing",
                          file=sys.stderr)
                    return
                tcp_writer.write(data)
                await tcp_writer.drain()
            elif opcode == 0x9:  # ping
                ws_writer.write(ws_frame(0xA, data))
            elif opcode == 0x8:  # close: answer it, then end both sides
                ws_writer.write(ws_frame(0x8, data[:2]))
                await ws_writer.drain()
                return
    except (asyncio.IncompleteReadError, ConnectionError):
        return


def is_one_frame(data: bytes) -> bool:
    """Whether a client's text message is exactly one STOMP frame (or a heart-beat)."""
    if data in (b"\n", b"\r\n"):
        return True
    rest = bytearray(data)
    frames = split_frames(rest)
    return len(frames) == 1 and not rest


def split_frames(buf: bytearray):
    """Takes whole STOMP frames (with ActiveMQ's newline after the NUL) and lone heart-beat
    newlines off the front of `buf`; leaves an incomplete frame in it."""
    out = []
    while buf:
        if buf[0:1] == b"\n":
            out.append(b"\n")
            del buf[0]
            continue
        end = buf.find(b"\n\n")
        if end < 0:
            break
        length = None
        for line in bytes(buf[:end]).split(b"\n")[1:]:
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
                break
        body_start = end + 2
        if length is not None:
            nul = body_start + length
            if len(buf) <= nul:
                break
        else:
            nul = buf.find(b"\0", body_start)
            if nul < 0:
                break
        stop = nul + 1
        if buf[stop : stop + 1] == b"\n":
            stop += 1
        out.append(bytes(buf[:stop]))
        del buf[:stop]
    return out


async def broker_to_client(tcp_reader, ws_writer, mode: str):
    """TCP bytes to WebSocket messages; a broker close becomes a WebSocket close."""
    pending = bytearray()
    try:
        while True:
            chunk = await tcp_reader.read(65536)
            if not chunk:
                ws_writer.write(ws_frame(0x8, struct.pack("!H", 1000)))
                await ws_writer.drain()
                return
            if mode == "raw":
                ws_writer.write(ws_frame(0x2, chunk))
            else:
                pending += chunk
                for frame in split_frames(pending):
                    text = frame.decode("utf-8", "replace").encode("utf-8")
                    ws_writer.write(ws_frame(0x1, text))
            await ws_writer.drain()
    except ConnectionError:
        return


async def serve(ws_reader, ws_writer, target_port: int, mode: str):
    tcp_writer = None
    try:
        if not await handshake(ws_reader, ws_writer):
            return
        try:
            tcp_reader, tcp_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            ws_writer.write(ws_frame(0x8, struct.pack("!H", 1011) + b"broker unreachable"))
            await ws_writer.drain()
            return
        up = asyncio.ensure_future(client_to_broker(ws_reader, ws_writer, tcp_writer, mode))
        down = asyncio.ensure_future(broker_to_client(tcp_reader, ws_writer, mode))
        # Whichever side ends first ends the pair, like a broker that closes its socket.
        _, pending = await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        for w in (tcp_writer, ws_writer):
            if w is not None:
                w.close()


async def main():
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "raw"
    if mode not in ("raw", "activemq"):
        sys.exit(f"unknown mode {mode!r}")
    server = await asyncio.start_server(
        lambda r, w: serve(r, w, target_port, mode), "127.0.0.1", listen_port
    )
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: ws-tcp-bridge.py LISTEN_PORT TARGET_PORT [raw|activemq]")
    asyncio.run(main())
