//! An arbitrary config and an arbitrary sequence of user commands, transport events, server
//! frames (well-formed, cut or garbage) and time passing, fed to `stomp::session::Session`.
//!
//! Checks after every step (the promises of the session module, as in
//! `crates/stomp/tests/session_proptest.rs`): no panic; the outbox never exceeds its limit;
//! after `handle_timeout` at the deadline, the next deadline is strictly later; every
//! `StateChanged` matches `state()`; bytes go out only while a socket is open; everything
//! written on one socket decodes as client STOMP frames without error; every send held for a
//! receipt is settled exactly once, and by the end of a graceful disconnect all of them are.
#![no_main]

use std::collections::HashMap;

use arbitrary::{Arbitrary, Unstructured};
use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use stomp::session::{
    AckMode, AckToken, ConnectionState, Event, HeartBeat, ReceiptFor, ReconnectPolicy, SendId,
    SendRequest, Session, SessionConfig, SubscribeOptions, SubscriptionId, TransactionId, Transmit,
};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Limits, Version};

#[derive(Debug, Arbitrary)]
enum Op {
    Connect,
    Disconnect,
    ReconnectNow,
    Subscribe {
        dest: u8,
        ack: u8,
        receipt: bool,
    },
    Unsubscribe(u8),
    Send {
        receipt: bool,
        tx: Option<u8>,
        len: u16,
        dest: u8,
    },
    Ack(u8),
    Nack(u8),
    Begin,
    Commit(u8),
    Abort(u8),
    Open,
    Close(u16),
    Advance(u32),
    FireTimeout,
    Connected {
        version: Option<u8>,
        sx: u16,
        sy: u16,
    },
    Message {
        sub: u8,
        id: u8,
    },
    Receipt(u8),
    Error(Option<u8>),
    HeartBeat,
    Raw(Vec<u8>),
    Partial(u8),
}

/// Destinations, including ones some versions cannot carry (colon, line break, non-ASCII).
const DESTINATIONS: [&str; 6] = [
    "/topic/0",
    "/topic/1",
    "/user/queue/x",
    "/topic/a:b",
    "/queue/\nbad",
    "/topic/é",
];

/// A float that is usually one of the troublesome values.
#[derive(Debug, Arbitrary)]
enum Float {
    Nan,
    Inf,
    NegInf,
    Zero,
    Small(u8),
    Any(f64),
}

impl Float {
    fn get(self) -> f64 {
        match self {
            Float::Nan => f64::NAN,
            Float::Inf => f64::INFINITY,
            Float::NegInf => f64::NEG_INFINITY,
            Float::Zero => 0.0,
            Float::Small(n) => f64::from(n) / 64.0,
            Float::Any(f) => f,
        }
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzConfig {
    /// Bit i offers `Version::ALL[i]`; 0 offers all three.
    versions: u8,
    host: Option<String>,
    login: Option<String>,
    passcode: Option<String>,
    connect_headers: Vec<(String, String)>,
    use_stomp_command: bool,
    hb_out: u16,
    hb_in: u16,
    tolerance: Float,
    connect_timeout: u16,
    receipt_timeout: u16,
    disconnect_timeout: u16,
    reconnect: bool,
    initial_delay: u16,
    max_delay: u16,
    multiplier: Float,
    jitter: Float,
    max_attempts: Option<u8>,
    healthy_after: u16,
    outbox_limit: u8,
    max_send_attempts: u8,
    tiny_limits: bool,
    max_ws_message: u8,
    tap_frames: bool,
    seed: u64,
}

impl FuzzConfig {
    fn build(self) -> SessionConfig {
        let accept_versions = Version::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.versions & (1 << i) != 0)
            .map(|(_, v)| *v)
            .collect();
        let limits = if self.tiny_limits {
            Limits {
                max_headers: 4,
                max_header_line: 32,
                max_body: 64,
                max_frame: 128,
            }
        } else {
            Limits::default()
        };
        SessionConfig {
            accept_versions,
            host: self.host,
            login: self.login,
            passcode: self.passcode,
            connect_headers: self.connect_headers.into_iter().take(3).collect(),
            use_stomp_command: self.use_stomp_command,
            heart_beat: HeartBeat {
                outgoing_ms: u32::from(self.hb_out),
                incoming_ms: u32::from(self.hb_in),
            },
            heart_beat_tolerance: self.tolerance.get(),
            connect_timeout_ms: u64::from(self.connect_timeout),
            receipt_timeout_ms: u64::from(self.receipt_timeout),
            disconnect_timeout_ms: u64::from(self.disconnect_timeout),
            reconnect: ReconnectPolicy {
                enabled: self.reconnect,
                initial_delay_ms: u64::from(self.initial_delay),
                max_delay_ms: u64::from(self.max_delay),
                multiplier: self.multiplier.get(),
                jitter: self.jitter.get(),
                max_attempts: self.max_attempts.map(|n| u32::from(n % 5)),
                healthy_after_ms: u64::from(self.healthy_after),
            },
            outbox_limit: usize::from(self.outbox_limit % 6),
            max_send_attempts: u32::from(self.max_send_attempts % 5),
            limits,
            max_ws_message: usize::from(self.max_ws_message % 64),
            tap_frames: self.tap_frames,
            seed: self.seed,
        }
    }
}

/// Carries out transmits like a browser driver would and checks the session after every step.
struct Driver {
    s: Session,
    now: u64,
    limit: usize,
    /// `Transmit::Open` asked for a socket that has not opened yet.
    opening: bool,
    socket_open: bool,
    /// Decodes what the client wrote on the current socket, as the server would.
    decoder: Decoder,
    buf: BytesMut,
    receipts_seen: Vec<String>,
    tokens: Vec<AckToken>,
    subs: Vec<SubscriptionId>,
    txs: Vec<TransactionId>,
    /// Receipt-sends and how many terminal events each got.
    receipt_sends: HashMap<SendId, u32>,
    last_state: ConnectionState,
}

impl Driver {
    fn new(config: SessionConfig) -> Driver {
        Driver {
            limit: config.outbox_limit,
            s: Session::new(config),
            now: 0,
            opening: false,
            socket_open: false,
            decoder: Decoder::default(),
            buf: BytesMut::new(),
            receipts_seen: Vec::new(),
            tokens: Vec::new(),
            subs: Vec::new(),
            txs: Vec::new(),
            receipt_sends: HashMap::new(),
            last_state: ConnectionState::Idle,
        }
    }

    fn drain(&mut self) {
        while let Some(t) = self.s.poll_transmit() {
            match t {
                Transmit::Open => {
                    self.opening = true;
                    self.socket_open = false;
                    self.decoder = Decoder::default();
                    self.buf.clear();
                }
                Transmit::Bytes(b) => {
                    assert!(self.socket_open, "bytes for a socket not open");
                    assert!(!b.is_empty(), "empty message");
                    // Frames after CONNECTED are written in the negotiated version.
                    if let Some(v) = self.s.version() {
                        self.decoder.set_version(v);
                    }
                    self.buf.extend_from_slice(&b);
                    loop {
                        match self.decoder.decode(&mut self.buf) {
                            Ok(None) => break,
                            Ok(Some(Item::HeartBeat)) => {}
                            Ok(Some(Item::Frame(f))) => {
                                assert!(f.command.is_client(), "{f:?}");
                                if let Some(r) = f.get("receipt") {
                                    self.receipts_seen.push(r.to_owned());
                                }
                            }
                            Err(e) => panic!("client wrote invalid STOMP: {e}"),
                        }
                    }
                }
                Transmit::Close => {
                    self.opening = false;
                    self.socket_open = false;
                }
            }
        }
        while let Some(e) = self.s.poll_event() {
            match e {
                Event::StateChanged(st) => self.last_state = st,
                Event::Message(m) => self.tokens.extend(m.ack),
                Event::Receipt(ReceiptFor::Send(id))
                | Event::ReceiptTimeout(ReceiptFor::Send(id))
                | Event::SendFailed { id, .. } => {
                    if let Some(n) = self.receipt_sends.get_mut(&id) {
                        *n += 1;
                        assert_eq!(*n, 1, "{id} settled twice");
                    }
                }
                _ => {}
            }
        }
        assert!(
            self.s.outbox_len() <= self.limit,
            "outbox {} over limit {}",
            self.s.outbox_len(),
            self.limit
        );
        assert_eq!(&self.last_state, self.s.state());
    }

    fn server(&mut self, f: Frame) {
        let bytes = encode_to_vec(&f, Version::V1_2).unwrap();
        self.s.handle_bytes(self.now, &bytes);
    }

    fn pick<T: Clone>(list: &[T], i: u8) -> Option<T> {
        (!list.is_empty()).then(|| list[i as usize % list.len()].clone())
    }

    fn step(&mut self, op: Op) {
        let now = self.now;
        match op {
            Op::Connect => self.s.connect(now),
            Op::Disconnect => self.s.disconnect(now),
            Op::ReconnectNow => self.s.reconnect_now(now),
            Op::Subscribe { dest, ack, receipt } => {
                let opts = SubscribeOptions {
                    ack: [AckMode::Auto, AckMode::Client, AckMode::ClientIndividual]
                        [ack as usize % 3],
                    receipt,
                    ..Default::default()
                };
                let dest = DESTINATIONS[dest as usize % DESTINATIONS.len()];
                if let Ok(id) = self.s.subscribe(now, dest, opts) {
                    self.subs.push(id);
                }
            }
            Op::Unsubscribe(i) => {
                if let Some(id) = Self::pick(&self.subs, i) {
                    let _ = self.s.unsubscribe(now, &id);
                }
            }
            Op::Send {
                receipt,
                tx,
                len,
                dest,
            } => {
                let dest = DESTINATIONS[dest as usize % DESTINATIONS.len()];
                let mut req = SendRequest::new(dest, vec![b'x'; usize::from(len % 2048)]);
                req.receipt = receipt;
                req.transaction = tx.and_then(|i| Self::pick(&self.txs, i));
                if let Ok(id) = self.s.send(now, req) {
                    if receipt {
                        self.receipt_sends.insert(id, 0);
                    }
                }
            }
            Op::Ack(i) => {
                if let Some(t) = Self::pick(&self.tokens, i) {
                    let _ = self.s.ack(now, &t);
                }
            }
            Op::Nack(i) => {
                if let Some(t) = Self::pick(&self.tokens, i) {
                    let _ = self.s.nack(now, &t);
                }
            }
            Op::Begin => {
                if let Ok(tx) = self.s.begin(now) {
                    self.txs.push(tx);
                }
            }
            Op::Commit(i) => {
                if let Some(tx) = Self::pick(&self.txs, i) {
                    let _ = self.s.commit(now, &tx);
                }
            }
            Op::Abort(i) => {
                if let Some(tx) = Self::pick(&self.txs, i) {
                    let _ = self.s.abort(now, &tx);
                }
            }
            Op::Open => {
                // A real driver reports an open only for a socket it was asked to open.
                if self.opening {
                    self.opening = false;
                    self.socket_open = true;
                    self.s.handle_open(now);
                }
            }
            Op::Close(code) => {
                if self.opening || self.socket_open {
                    self.opening = false;
                    self.socket_open = false;
                    self.s.handle_close(now, code, "closed");
                }
            }
            Op::Advance(ms) => {
                self.now = self.now.saturating_add(u64::from(ms));
                self.s.handle_timeout(self.now);
            }
            Op::FireTimeout => self.fire_timeout(),
            Op::Connected { version, sx, sy } => {
                let mut f =
                    Frame::new(Command::Connected).header("heart-beat", &format!("{sx},{sy}"));
                if let Some(v) = version {
                    let v = ["1.0", "1.1", "1.2", "9.9", "", "1.2,1.1"][v as usize % 6];
                    f.headers.push("version", v);
                }
                self.server(f);
            }
            Op::Message { sub, id } => {
                let sub = Self::pick(&self.subs, sub)
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| "sub-999".into());
                let f = Frame::new(Command::Message)
                    .header("subscription", &sub)
                    .header("destination", "/topic/0")
                    .header("message-id", &id.to_string())
                    .header("ack", &format!("a{id}"))
                    .body("hi");
                self.server(f);
            }
            Op::Receipt(i) => {
                let id = match self.receipts_seen.len() {
                    0 => format!("r-{i}"),
                    n => self.receipts_seen[i as usize % n].clone(),
                };
                self.server(Frame::new(Command::Receipt).header("receipt-id", &id));
            }
            Op::Error(i) => {
                let mut f = Frame::new(Command::Error).header("message", "no");
                if let (Some(i), false) = (i, self.receipts_seen.is_empty()) {
                    let id = self.receipts_seen[i as usize % self.receipts_seen.len()].clone();
                    f.headers.push("receipt-id", &id);
                }
                self.server(f);
            }
            Op::HeartBeat => self.s.handle_bytes(now, b"\n"),
            Op::Raw(bytes) => self.s.handle_bytes(now, &bytes),
            Op::Partial(cut) => {
                let f = Frame::new(Command::Receipt).header("receipt-id", "r-0");
                let bytes = encode_to_vec(&f, Version::V1_2).unwrap();
                let cut = cut as usize % bytes.len();
                self.s.handle_bytes(now, &bytes[..cut]);
                self.drain();
                self.s.handle_bytes(now, &bytes[cut..]);
            }
        }
        self.drain();
    }

    fn fire_timeout(&mut self) {
        if let Some(t) = self.s.poll_timeout() {
            self.now = self.now.max(t);
            self.s.handle_timeout(self.now);
            self.drain();
            if let Some(next) = self.s.poll_timeout() {
                assert!(next > self.now, "deadline {next} not after {}", self.now);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(config) = FuzzConfig::arbitrary(&mut u) else {
        return;
    };
    let mut d = Driver::new(config.build());
    // Arbitrary yields default values once the input runs out: stop there instead.
    while !u.is_empty() {
        let Ok(op) = Op::arbitrary(&mut u) else {
            break;
        };
        d.step(op);
    }
    // However it went, a graceful disconnect (helped along by its timeouts) ends in Closed
    // with every held send settled exactly once: nothing is dropped silently.
    d.step(Op::Disconnect);
    for _ in 0..10 {
        if matches!(d.s.state(), ConnectionState::Closed(_)) {
            break;
        }
        d.fire_timeout();
    }
    assert!(
        matches!(d.s.state(), ConnectionState::Closed(_)),
        "{:?}",
        d.s.state()
    );
    assert_eq!(d.s.outbox_len(), 0);
    for (id, n) in &d.receipt_sends {
        assert_eq!(*n, 1, "{id} settled {n} times");
    }
});
