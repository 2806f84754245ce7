//! A tiny STOMP test client over a real loopback WebSocket, using the project's codec.
#![allow(dead_code)] // each test file uses a different part of it

use std::time::Duration;

use bytes::BytesMut;
use chat_proto::ChatMessage;
use devbroker::{Config, HeartBeat, ReceiptMode, ServerHandle};
use futures_util::{SinkExt, StreamExt};
use stomp::{Command, Decoder, Frame, Item, Limits, Version};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const WAIT: Duration = Duration::from_secs(3);

pub fn config() -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    }
}

pub async fn start() -> ServerHandle {
    start_with(config()).await
}

pub async fn start_with(config: Config) -> ServerHandle {
    devbroker::serve(config).await.expect("server starts")
}

pub fn receipts_all() -> Config {
    Config {
        receipts: ReceiptMode::All,
        ..config()
    }
}

pub fn heart_beat(send_ms: u64, recv_ms: u64) -> Config {
    Config {
        heart_beat: HeartBeat { send_ms, recv_ms },
        ..config()
    }
}

/// What arrives from the server.
#[derive(Debug)]
pub enum Event {
    Frame(Frame),
    HeartBeat,
    /// The close frame's code (None for a close without a frame, or a dropped socket).
    Closed(Option<u16>),
}

pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    decoder: Decoder,
    buf: BytesMut,
    /// The subprotocol the server selected.
    pub protocol: Option<String>,
    /// Whether the last data message was binary.
    pub last_was_binary: bool,
    closed: bool,
    barriers: u32,
}

impl Client {
    pub async fn open(server: &ServerHandle) -> Client {
        Client::open_with(server, Some("v10.stomp, v11.stomp, v12.stomp")).await
    }

    pub async fn open_with(server: &ServerHandle, protocols: Option<&str>) -> Client {
        let stream = TcpStream::connect(server.local_addr())
            .await
            .expect("tcp connects");
        Client::open_on(server, stream, protocols).await
    }

    /// Opens and CONNECTs over a socket whose receive buffer is fixed at about `bytes`, so
    /// that a client that does not read stops the server's writes early instead of letting
    /// the kernel absorb megabytes.
    pub async fn connected_with_small_window(server: &ServerHandle, bytes: u32) -> Client {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(bytes).unwrap();
        let stream = socket
            .connect(server.local_addr())
            .await
            .expect("tcp connects");
        let mut c = Client::open_on(server, stream, Some("v12.stomp")).await;
        c.connect(&[("accept-version", "1.2"), ("heart-beat", "0,0")])
            .await;
        c
    }

    async fn open_on(server: &ServerHandle, stream: TcpStream, protocols: Option<&str>) -> Client {
        let mut req = server.ws_url().into_client_request().unwrap();
        if let Some(p) = protocols {
            req.headers_mut()
                .insert("Sec-WebSocket-Protocol", HeaderValue::from_str(p).unwrap());
        }
        let (ws, resp) = tokio_tungstenite::client_async(req, MaybeTlsStream::Plain(stream))
            .await
            .expect("ws opens");
        let protocol = resp
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.to_str().unwrap().to_owned());
        Client {
            ws,
            decoder: Decoder::new(Limits::unlimited()),
            buf: BytesMut::new(),
            protocol,
            last_was_binary: false,
            closed: false,
            barriers: 0,
        }
    }

    /// Opens and CONNECTs (STOMP 1.2, no heart-beats); returns the CONNECTED frame.
    pub async fn connected(server: &ServerHandle) -> (Client, Frame) {
        let mut c = Client::open(server).await;
        let f = c
            .connect(&[("accept-version", "1.2"), ("heart-beat", "0,0")])
            .await;
        (c, f)
    }

    pub async fn connect(&mut self, headers: &[(&str, &str)]) -> Frame {
        let mut f = Frame::new(Command::Connect);
        for (n, v) in headers {
            f.headers.push(n, v);
        }
        self.send_frame(&f).await;
        let r = self.frame().await;
        assert_eq!(r.command, Command::Connected, "{r:?}");
        r
    }

    pub async fn send_frame(&mut self, f: &Frame) {
        let bytes = stomp::encode_to_vec(f, Version::V1_2).unwrap();
        self.send_text(std::str::from_utf8(&bytes).unwrap()).await;
    }

    pub async fn send_text(&mut self, s: &str) {
        self.ws.send(Message::text(s)).await.expect("ws send");
    }

    pub async fn send_binary(&mut self, b: &[u8]) {
        self.ws
            .send(Message::binary(b.to_vec()))
            .await
            .expect("ws send");
    }

    pub async fn subscribe(&mut self, id: &str, destination: &str) {
        let f = Frame::new(Command::Subscribe)
            .header("id", id)
            .header("destination", destination);
        self.send_frame(&f).await;
    }

    /// Returns once the server has handled everything this client sent before: the history
    /// subscription is answered in order, after the earlier frames took effect.
    pub async fn barrier(&mut self) {
        self.barriers += 1;
        let id = format!("barrier-{}", self.barriers);
        self.subscribe(&id, &chat_proto::dest::history("barrier"))
            .await;
        let f = self.frame().await;
        assert_eq!(
            f.get("subscription"),
            Some(id.as_str()),
            "unexpected frame before the barrier: {f:?}"
        );
    }

    pub async fn send_json(&mut self, destination: &str, json: &str) {
        let f = Frame::new(Command::Send)
            .header("destination", destination)
            .header("content-type", "application/json")
            .body(json.to_owned());
        self.send_frame(&f).await;
    }

    /// Subscribes to a room and joins it under `nick`, and waits for its own JOIN.
    pub async fn join(&mut self, room: &str, nick: &str) -> ChatMessage {
        self.subscribe(&format!("room-{room}"), &chat_proto::dest::room_topic(room))
            .await;
        self.send_json(
            &chat_proto::dest::join(room),
            &format!(r#"{{"type":"JOIN","sender":"{nick}"}}"#),
        )
        .await;
        loop {
            let m = self.chat().await;
            if m.kind == chat_proto::MessageType::Join && m.sender == nick {
                return m;
            }
        }
    }

    /// The next event, or panics after [`WAIT`].
    pub async fn event(&mut self) -> Event {
        self.event_within(WAIT)
            .await
            .expect("nothing arrived in time")
    }

    pub async fn event_within(&mut self, wait: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if self.closed {
                return Some(Event::Closed(None));
            }
            match self
                .decoder
                .decode(&mut self.buf)
                .expect("server sends valid STOMP")
            {
                Some(Item::Frame(f)) => return Some(Event::Frame(f)),
                Some(Item::HeartBeat) => return Some(Event::HeartBeat),
                None => {}
            }
            let msg = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(m) => m,
            };
            match msg {
                Some(Ok(Message::Text(t))) => {
                    self.last_was_binary = false;
                    self.buf.extend_from_slice(t.as_bytes())
                }
                Some(Ok(Message::Binary(b))) => {
                    self.last_was_binary = true;
                    self.buf.extend_from_slice(&b)
                }
                Some(Ok(Message::Close(frame))) => {
                    self.closed = true;
                    return Some(Event::Closed(frame.map(|f| f.code.into())));
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => {
                    self.closed = true;
                    return Some(Event::Closed(None));
                }
            }
        }
    }

    /// The next frame, skipping heart-beats.
    pub async fn frame(&mut self) -> Frame {
        loop {
            match self.event().await {
                Event::Frame(f) => return f,
                Event::HeartBeat => {}
                Event::Closed(code) => panic!("socket closed ({code:?}) while waiting for a frame"),
            }
        }
    }

    /// The next MESSAGE's body as a chat message.
    pub async fn chat(&mut self) -> ChatMessage {
        let f = self.frame().await;
        assert_eq!(f.command, Command::Message, "{f:?}");
        serde_json::from_slice(&f.body).expect("chat JSON")
    }

    /// The next MESSAGE whose chat payload is of this kind, skipping others; with its frame.
    pub async fn chat_of(&mut self, kind: chat_proto::MessageType) -> (Frame, ChatMessage) {
        loop {
            let f = self.frame().await;
            assert_eq!(f.command, Command::Message, "{f:?}");
            let m: ChatMessage = serde_json::from_slice(&f.body).expect("chat JSON");
            if m.kind == kind {
                return (f, m);
            }
        }
    }

    /// Asserts nothing but heart-beats arrives for `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.event_within(left).await {
                None => return,
                Some(Event::HeartBeat) => {}
                Some(other) => panic!("expected silence, got {other:?}"),
            }
        }
    }

    /// Reads the ERROR frame that must come next, then the close; returns the ERROR and the
    /// close code.
    pub async fn error_then_close(&mut self) -> (Frame, Option<u16>) {
        let f = self.frame().await;
        assert_eq!(f.command, Command::Error, "{f:?}");
        let code = self.closed_code().await;
        (f, code)
    }

    /// Waits for the socket to close; returns the close code.
    pub async fn closed_code(&mut self) -> Option<u16> {
        loop {
            match self.event().await {
                Event::Closed(code) => return code,
                Event::HeartBeat => {}
                Event::Frame(f) => panic!("expected close, got {f:?}"),
            }
        }
    }

    /// Closes the TCP connection without a WebSocket close or DISCONNECT.
    pub fn drop_abruptly(self) {
        drop(self.ws);
    }
}
