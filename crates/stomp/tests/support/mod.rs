//! A fake broker and a fake clock around a `Session`, so every rule can be checked natively
//! in microseconds. The harness plays the driver: it carries out what the session transmits,
//! decodes the client's frames as a server would, answers them as its `Broker` mode says,
//! and moves time forward only through `poll_timeout` deadlines.

#![allow(dead_code)] // each test file uses a different part of the harness

pub mod session_model;

use bytes::BytesMut;
use stomp::session::{
    Confirm, ConnectionState, DisconnectReason, Event, SendId, SendRequest, SendState, Session,
    SessionConfig, Transmit,
};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

/// How the fake broker behaves when the client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broker {
    /// Accepts the socket and answers CONNECT with CONNECTED carrying these headers.
    Up(Vec<(String, String)>),
    /// The socket fails to open (close code 1006).
    Down,
    /// Accepts the socket, then never answers CONNECT.
    Silent,
    /// Answers CONNECT with ERROR `message:<this>`.
    Reject(String),
}

impl Broker {
    /// CONNECTED `version:1.2`, `heart-beat:<sx>,<sy>`.
    pub fn v12(sx: u32, sy: u32) -> Broker {
        Broker::Up(vec![
            ("version".into(), "1.2".into()),
            ("heart-beat".into(), format!("{sx},{sy}")),
            ("server".into(), "fake/1.0".into()),
            ("session".into(), "sess-1".into()),
        ])
    }

    pub fn version(v: Option<&str>) -> Broker {
        Broker::Up(
            v.map(|v| vec![("version".to_string(), v.to_string())])
                .unwrap_or_default(),
        )
    }
}

pub struct Harness {
    pub session: Session,
    pub now: u64,
    pub broker: Broker,
    /// Answer every frame carrying `receipt` with a RECEIPT.
    pub auto_receipt: bool,
    /// Frames the broker received, in order, since the last `take_frames`.
    pub frames: Vec<Frame>,
    /// Heart-beat EOLs the broker received since the last `take_pings`, with their times.
    pub pings: Vec<u64>,
    /// Every WebSocket message, by size, since the last `take_messages`.
    pub messages: Vec<usize>,
    pub opens: Vec<u64>,
    /// The session's endpoint URL at each open (`None`: it names none).
    pub opened_urls: Vec<Option<String>>,
    /// Per-endpoint brokers: an open of a URL listed here makes that one `broker` first.
    pub brokers_by_url: Vec<(String, Broker)>,
    pub closes: Vec<u64>,
    pub events: Vec<Event>,
    socket_open: bool,
    decoder: Decoder,
    buf: BytesMut,
    server_version: Version,
}

impl Harness {
    pub fn new(config: SessionConfig, broker: Broker) -> Harness {
        Harness {
            session: Session::new(config),
            now: 1_000,
            broker,
            auto_receipt: false,
            frames: Vec::new(),
            pings: Vec::new(),
            messages: Vec::new(),
            opens: Vec::new(),
            opened_urls: Vec::new(),
            brokers_by_url: Vec::new(),
            closes: Vec::new(),
            events: Vec::new(),
            socket_open: false,
            decoder: Decoder::default(),
            buf: BytesMut::new(),
            server_version: Version::V1_2,
        }
    }

    /// Default config with heart-beats off, so only the rule under test drives time.
    pub fn quiet_config() -> SessionConfig {
        SessionConfig {
            heart_beat: stomp::session::HeartBeat::NONE,
            ..SessionConfig::default()
        }
    }

    /// A connected session (1.2, no heart-beats).
    pub fn connected() -> Harness {
        Harness::connected_with(Harness::quiet_config())
    }

    pub fn connected_with(config: SessionConfig) -> Harness {
        let mut h = Harness::new(config, Broker::v12(0, 0));
        h.connect();
        assert_eq!(h.session.state(), &ConnectionState::Connected);
        h.take_frames();
        h.take_events();
        h
    }

    pub fn connect(&mut self) {
        self.session.connect(self.now);
        self.pump();
    }

    /// Carries out everything the session asked for, including the broker's answers, until
    /// the session has nothing more to say.
    pub fn pump(&mut self) {
        loop {
            let mut progressed = false;
            while let Some(ev) = self.session.poll_event() {
                self.events.push(ev);
                progressed = true;
            }
            if let Some(t) = self.session.poll_transmit() {
                progressed = true;
                match t {
                    Transmit::Open => self.on_open(),
                    Transmit::Bytes(b) => self.on_bytes(&b),
                    Transmit::Close => {
                        self.closes.push(self.now);
                        self.socket_open = false;
                    }
                }
            }
            if !progressed {
                return;
            }
        }
    }

    fn on_open(&mut self) {
        self.opens.push(self.now);
        let url = self.session.endpoint().map(|(_, u)| u.to_owned());
        if let Some(b) = url
            .as_ref()
            .and_then(|u| self.brokers_by_url.iter().find(|(k, _)| k == u))
        {
            self.broker = b.1.clone();
        }
        self.opened_urls.push(url);
        self.decoder = Decoder::default();
        self.buf.clear();
        match self.broker {
            Broker::Down => self.session.handle_close(self.now, 1006, ""),
            _ => {
                self.socket_open = true;
                self.session.handle_open(self.now);
            }
        }
    }

    fn on_bytes(&mut self, bytes: &[u8]) {
        assert!(
            self.socket_open,
            "bytes written to a socket that is not open"
        );
        self.messages.push(bytes.len());
        self.buf.extend_from_slice(bytes);
        while let Some(item) = self
            .decoder
            .decode(&mut self.buf)
            .expect("client sent bad STOMP")
        {
            match item {
                Item::HeartBeat => self.pings.push(self.now),
                Item::Frame(f) => self.on_frame(f),
            }
        }
    }

    fn on_frame(&mut self, f: Frame) {
        match (f.command, self.broker.clone()) {
            (Command::Connect | Command::Stomp, Broker::Up(headers)) => {
                let mut reply = Frame::new(Command::Connected);
                for (n, v) in &headers {
                    reply.headers.push(n, v);
                }
                self.server_version = reply
                    .get("version")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(Version::V1_0);
                self.decoder.set_version(self.server_version);
                self.server_send(reply);
            }
            (Command::Connect | Command::Stomp, Broker::Reject(message)) => {
                self.server_send(Frame::new(Command::Error).header("message", &message));
            }
            _ => {
                if self.auto_receipt {
                    if let Some(r) = f.get("receipt") {
                        let reply = Frame::new(Command::Receipt).header("receipt-id", r);
                        self.server_send(reply);
                    }
                }
            }
        }
        self.frames.push(f);
    }

    /// The broker sends a frame (encoded in the negotiated version) as one message.
    pub fn server_send(&mut self, f: Frame) {
        let bytes = encode_to_vec(&f, self.server_version).unwrap();
        self.server_bytes(&bytes);
    }

    pub fn server_bytes(&mut self, bytes: &[u8]) {
        self.session.handle_bytes(self.now, bytes);
    }

    /// The broker drops the connection.
    pub fn server_close(&mut self, code: u16) {
        self.socket_open = false;
        self.session.handle_close(self.now, code, "bye");
        self.pump();
    }

    /// A MESSAGE as a 1.2 broker would send it.
    pub fn message(&mut self, sub: &str, dest: &str, id: &str, body: &str) {
        let f = Frame::new(Command::Message)
            .header("subscription", sub)
            .header("destination", dest)
            .header("message-id", id)
            .header("ack", &format!("a-{id}"))
            .body(body.to_owned());
        self.server_send(f);
        self.pump();
    }

    /// Moves the clock to `t`, firing every deadline on the way exactly when it falls due.
    pub fn advance_to(&mut self, t: u64) {
        let mut guard = 0;
        while let Some(d) = self.session.poll_timeout() {
            if d > t {
                break;
            }
            self.now = self.now.max(d);
            self.session.handle_timeout(self.now);
            self.pump();
            guard += 1;
            assert!(guard < 100_000, "timeouts do not make progress");
        }
        self.now = self.now.max(t);
    }

    pub fn advance(&mut self, ms: u64) {
        self.advance_to(self.now + ms);
    }

    pub fn take_frames(&mut self) -> Vec<Frame> {
        std::mem::take(&mut self.frames)
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        self.pump();
        std::mem::take(&mut self.events)
    }

    pub fn take_pings(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.pings)
    }

    /// Frames of one command received by the broker since the last take, kept in `frames`.
    pub fn frames_of(&self, c: Command) -> Vec<&Frame> {
        self.frames.iter().filter(|f| f.command == c).collect()
    }

    /// Sends `body` to `destination` with `confirm` and pumps: the send's id.
    pub fn send_confirmed(&mut self, destination: &str, body: &str, confirm: Confirm) -> SendId {
        let req = SendRequest::new(destination, body.to_owned()).confirm(confirm);
        let id = self.session.send(self.now, req).unwrap();
        self.pump();
        id
    }

    /// The bodies of the SEND frames the broker received, as text, in order.
    pub fn sent_bodies(&self) -> Vec<String> {
        self.frames_of(Command::Send)
            .iter()
            .map(|f| f.body_text().unwrap().to_owned())
            .collect()
    }

    pub fn disconnects(&self) -> Vec<DisconnectReason> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Disconnected(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn states(&self) -> Vec<ConnectionState> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::StateChanged(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The states reported for one send, in order.
pub fn states_of(events: &[Event], id: SendId) -> Vec<SendState> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Send { id: i, state } if *i == id => Some(state.clone()),
            _ => None,
        })
        .collect()
}
