//! Random sequences of operations — user commands, transport events, server frames both
//! well-formed and garbage, and time passing — never panic, and keep the session's promises.
#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

use std::collections::HashMap;

use bytes::BytesMut;
use proptest::prelude::*;
use stomp::session::{
    AckMode, AckToken, Event, ReceiptFor, ReconnectPolicy, SendId, SendRequest, Session,
    SessionConfig, SubscribeOptions, SubscriptionId, TransactionId, Transmit,
};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

#[derive(Debug, Clone)]
enum Op {
    Connect,
    /// The socket opens and the server accepts at once (with version 1.0/1.1/1.2).
    Handshake(u8),
    Disconnect,
    ReconnectNow,
    Open,
    Close(u16),
    Advance(u32),
    FireTimeout,
    Subscribe(u8, u8, bool),
    Unsubscribe(u8),
    Send(bool, Option<u8>, u16),
    Ack(u8),
    Nack(u8),
    Begin,
    Commit(u8),
    Abort(u8),
    Connected(Option<u8>, u16, u16),
    Message(u8, u8),
    Receipt(u8),
    Error(Option<u8>),
    HeartBeat,
    Garbage(Vec<u8>),
    /// A valid frame cut at a random point: the rest comes with the next bytes.
    Partial(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Connect),
        6 => (0u8..3).prop_map(Op::Handshake),
        1 => Just(Op::Disconnect),
        1 => Just(Op::ReconnectNow),
        4 => Just(Op::Open),
        2 => prop_oneof![Just(1000u16), Just(1006), any::<u16>()].prop_map(Op::Close),
        4 => prop_oneof![0u32..50, 0u32..5_000, 0u32..100_000].prop_map(Op::Advance),
        4 => Just(Op::FireTimeout),
        3 => (any::<u8>(), 0u8..3, any::<bool>()).prop_map(|(d, a, r)| Op::Subscribe(d, a, r)),
        1 => any::<u8>().prop_map(Op::Unsubscribe),
        5 => (any::<bool>(), proptest::option::of(any::<u8>()), 0u16..300)
            .prop_map(|(r, t, n)| Op::Send(r, t, n)),
        2 => any::<u8>().prop_map(Op::Ack),
        1 => any::<u8>().prop_map(Op::Nack),
        1 => Just(Op::Begin),
        1 => any::<u8>().prop_map(Op::Commit),
        1 => any::<u8>().prop_map(Op::Abort),
        4 => (proptest::option::of(0u8..5), any::<u16>(), any::<u16>())
            .prop_map(|(v, sx, sy)| Op::Connected(v, sx, sy)),
        5 => (any::<u8>(), any::<u8>()).prop_map(|(s, m)| Op::Message(s, m)),
        4 => any::<u8>().prop_map(Op::Receipt),
        1 => proptest::option::of(any::<u8>()).prop_map(Op::Error),
        2 => Just(Op::HeartBeat),
        1 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Op::Garbage),
        1 => any::<u8>().prop_map(Op::Partial),
    ]
}

fn config() -> impl Strategy<Value = SessionConfig> {
    (
        0u32..3_000,
        0u32..3_000,
        prop_oneof![Just(0.0), Just(1.0), Just(2.0), Just(3.0), Just(f64::NAN)],
        0u64..3_000,
        0usize..6,
        prop_oneof![Just(0usize), 1usize..64],
        any::<bool>(),
        proptest::option::of(0u32..4),
        (0u64..2_000, 0.0f64..1.5, any::<u64>(), any::<bool>()),
    )
        .prop_map(
            |(
                hb_out,
                hb_in,
                tolerance,
                timeout,
                outbox,
                max_msg,
                tap,
                max_attempts,
                (initial, jitter, seed, v10),
            )| {
                SessionConfig {
                    heart_beat: stomp::session::HeartBeat {
                        outgoing_ms: hb_out,
                        incoming_ms: hb_in,
                    },
                    heart_beat_tolerance: tolerance,
                    connect_timeout_ms: timeout,
                    receipt_timeout_ms: timeout,
                    disconnect_timeout_ms: timeout,
                    outbox_limit: outbox,
                    max_ws_message: max_msg,
                    tap_frames: tap,
                    reconnect: ReconnectPolicy {
                        initial_delay_ms: initial,
                        max_delay_ms: 5_000,
                        jitter,
                        max_attempts,
                        healthy_after_ms: 1_000,
                        ..ReconnectPolicy::default()
                    },
                    accept_versions: if v10 {
                        vec![Version::V1_0, Version::V1_1, Version::V1_2]
                    } else {
                        vec![Version::V1_2]
                    },
                    seed,
                    ..SessionConfig::default()
                }
            },
        )
}

/// A driver that carries out transmits and checks the session's promises after every step.
struct Driver {
    s: Session,
    now: u64,
    limit: usize,
    socket_open: bool,
    decoder: Decoder,
    buf: BytesMut,
    receipts_seen: Vec<String>,
    tokens: Vec<AckToken>,
    subs: Vec<SubscriptionId>,
    txs: Vec<TransactionId>,
    /// Receipt-sends and how many terminal events (receipt, timeout, failure) each got.
    receipt_sends: HashMap<SendId, u32>,
    last_state: stomp::session::ConnectionState,
}

impl Driver {
    fn drain(&mut self) {
        while let Some(t) = self.s.poll_transmit() {
            match t {
                Transmit::Open => {
                    self.socket_open = false;
                    self.decoder = Decoder::default();
                    self.buf.clear();
                }
                Transmit::Bytes(b) => {
                    assert!(self.socket_open, "bytes for a socket not open");
                    assert!(!b.is_empty());
                    self.buf.extend_from_slice(&b);
                    while let Ok(Some(item)) = self.decoder.decode(&mut self.buf) {
                        if let Item::Frame(f) = item {
                            assert!(f.command.is_client(), "{f:?}");
                            if let Some(r) = f.get("receipt") {
                                self.receipts_seen.push(r.to_owned());
                            }
                        }
                    }
                }
                Transmit::Close => self.socket_open = false,
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
        assert!(self.s.outbox_len() <= self.limit);
        assert_eq!(&self.last_state, self.s.state());
    }

    fn server(&mut self, f: Frame) {
        let bytes = encode_to_vec(&f, Version::V1_2).unwrap();
        self.s.handle_bytes(self.now, &bytes);
    }

    fn pick<T: Copy>(list: &[T], i: u8) -> Option<T> {
        (!list.is_empty()).then(|| list[i as usize % list.len()])
    }

    fn step(&mut self, op: Op) {
        let now = self.now;
        match op {
            Op::Connect => self.s.connect(now),
            Op::Handshake(v) => {
                self.socket_open = true;
                self.s.handle_open(now);
                self.drain();
                let v = ["1.0", "1.1", "1.2"][v as usize % 3];
                let f = Frame::new(Command::Connected).header("version", v);
                self.server(f);
            }
            Op::Disconnect => self.s.disconnect(now),
            Op::ReconnectNow => self.s.reconnect_now(now),
            Op::Open => {
                self.socket_open = true;
                self.s.handle_open(now);
            }
            Op::Close(code) => {
                self.socket_open = false;
                self.s.handle_close(now, code, "closed");
            }
            Op::Advance(ms) => {
                self.now += u64::from(ms);
                self.s.handle_timeout(self.now);
            }
            Op::FireTimeout => {
                if let Some(t) = self.s.poll_timeout() {
                    self.now = self.now.max(t);
                    self.s.handle_timeout(self.now);
                    self.drain();
                    if let Some(next) = self.s.poll_timeout() {
                        assert!(next > self.now, "deadline {next} not after {}", self.now);
                    }
                }
            }
            Op::Subscribe(d, ack, receipt) => {
                let opts = SubscribeOptions {
                    ack: [AckMode::Auto, AckMode::Client, AckMode::ClientIndividual]
                        [ack as usize % 3],
                    receipt,
                    ..Default::default()
                };
                if let Ok(id) = self.s.subscribe(now, &format!("/topic/{}", d % 4), opts) {
                    self.subs.push(id);
                }
            }
            Op::Unsubscribe(i) => {
                if let Some(id) = Self::pick(&self.subs, i) {
                    let _ = self.s.unsubscribe(now, &id);
                }
            }
            Op::Send(receipt, tx, n) => {
                let mut req = SendRequest::new("/app/chat", "x".repeat(n as usize));
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
            Op::Connected(v, sx, sy) => {
                let mut f =
                    Frame::new(Command::Connected).header("heart-beat", &format!("{sx},{sy}"));
                if let Some(v) = v {
                    f.headers
                        .push("version", ["1.0", "1.1", "1.2", "9.9", ""][v as usize]);
                }
                self.server(f);
            }
            Op::Message(s, m) => {
                let sub = Self::pick(&self.subs, s)
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| "sub-999".into());
                let f = Frame::new(Command::Message)
                    .header("subscription", &sub)
                    .header("destination", "/topic/0")
                    .header("message-id", &m.to_string())
                    .header("ack", &format!("a{m}"))
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
            Op::Garbage(bytes) => self.s.handle_bytes(now, &bytes),
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
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_never_panic_and_keep_promises(
        config in config(),
        ops in proptest::collection::vec(op(), 0..150),
    ) {
        let limit = config.outbox_limit;
        let mut d = Driver {
            s: Session::new(config),
            now: 0,
            limit,
            socket_open: false,
            decoder: Decoder::default(),
            buf: BytesMut::new(),
            receipts_seen: Vec::new(),
            tokens: Vec::new(),
            subs: Vec::new(),
            txs: Vec::new(),
            receipt_sends: HashMap::new(),
            last_state: stomp::session::ConnectionState::Idle,
        };
        for op in ops {
            d.step(op);
        }
        // However it went, once the session is closed every held send has been settled
        // exactly once: nothing is dropped silently.
        d.step(Op::Disconnect);
        for _ in 0..10 {
            if matches!(d.s.state(), stomp::session::ConnectionState::Closed(_)) {
                break;
            }
            d.step(Op::FireTimeout);
        }
        prop_assert!(matches!(d.s.state(), stomp::session::ConnectionState::Closed(_)));
        prop_assert_eq!(d.s.outbox_len(), 0);
        for (id, n) in &d.receipt_sends {
            prop_assert_eq!(*n, 1, "{} settled {} times", id, n);
        }
    }
}
