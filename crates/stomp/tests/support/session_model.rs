//! The one model of a `Session` under random input, shared by the proptest
//! (`crates/stomp/tests/session_proptest.rs`, through `support`) and the `session` fuzz target
//! (`fuzz/fuzz_targets/session.rs`, by `#[path]`), so that a check learnt here holds for both.
//! Each caller only generates: proptest strategies there, `arbitrary` (derived on `Op` when
//! cargo-fuzz builds with `--cfg fuzzing`) in the fuzz target.
//!
//! `Driver` carries out what the session transmits as the browser driver would, and after
//! every step checks the session's promises: no panic; the outbox never exceeds its limit;
//! after `handle_timeout` at the deadline, the next deadline is strictly later; every
//! `StateChanged` matches `state()`; bytes go out only while a socket is open, and never as an
//! empty message; everything written on one socket decodes, in the negotiated version, as
//! client STOMP frames without error. And the delivery promises: every accepted send's first
//! state is `Queued` or `Sent`, no state follows a final one, `Delivered` and `Uncertain` come
//! only after `Sent`; a SEND is never on the wire after its send ended (`Uncertain`,
//! `Failed`, `Delivered`), a `Confirm::None` or `Confirm::Caller` send is written at most
//! once and a `Confirm::Receipt` one at most `max_send_attempts` times; `confirm` and
//! `cancel` succeed exactly when the send's state allows it. `finish` then checks that a
//! graceful disconnect ends in `Closed` with every send in exactly one final state.

use std::collections::HashMap;

use bytes::BytesMut;
use stomp::session::{
    AckMode, AckToken, Confirm, ConnectionState, Event, SendFailure, SendId, SendRequest,
    SendState, Session, SessionConfig, SubscribeOptions, SubscriptionId, TransactionId, Transmit,
};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

// Relative to this file's directory, both here and when the fuzz target includes this file.
#[path = "delivery_model.rs"]
mod delivery_model;
use delivery_model::Tracked;

/// User commands, transport events, server input and time. The `u8`s pick among what the
/// driver has seen so far (subscriptions, ack tokens, transactions, receipt ids) or from a
/// fixed list, so that most ops hit something real.
#[derive(Debug, Clone)]
#[cfg_attr(fuzzing, derive(arbitrary::Arbitrary))]
pub enum Op {
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
        /// `% 3`: none, receipt, caller.
        confirm: u8,
        tx: Option<u8>,
        len: u16,
        dest: u8,
    },
    /// `Session::confirm` of a send seen so far.
    Confirm(u8),
    /// `Session::cancel` of a send seen so far.
    Cancel(u8),
    Ack(u8),
    Nack(u8),
    Begin,
    Commit(u8),
    Abort(u8),
    /// The socket asked for opens; with none asked for, a stale open the session must ignore.
    Open,
    /// The socket closes with this code; with none open, a stale close.
    Close(u16),
    Advance(u32),
    FireTimeout,
    /// The socket opens and the server accepts at once (version 1.0/1.1/1.2).
    Handshake(u8),
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
    /// A valid frame cut at a random point: the rest comes with the next bytes.
    Partial(u8),
}

/// Destinations, including ones some versions cannot carry (colon, line break, non-ASCII).
const DESTINATIONS: [&str; 9] = [
    "/topic/0",
    "/topic/1",
    "/topic/2",
    "/topic/3",
    "/app/chat",
    "/user/queue/x",
    "/topic/a:b",
    "/queue/\nbad",
    "/topic/é",
];

/// `version` headers a CONNECTED may carry: valid, unknown, empty and a list.
const SERVER_VERSIONS: [&str; 6] = ["1.0", "1.1", "1.2", "9.9", "", "1.2,1.1"];

pub struct Driver {
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
    /// Every accepted send, in order, with what the session said about it.
    sends: Vec<SendId>,
    tracked: HashMap<SendId, Tracked>,
    /// The model's number in each SEND's `x-n` header, to the id `send` returned.
    numbered: HashMap<u64, SendId>,
    next_n: u64,
    /// `Session::confirm` or `cancel` returned true: this state must be the next one.
    expect: Option<(SendId, SendState)>,
    max_writes: u32,
    last_state: ConnectionState,
    disconnect_timeout_ms: u64,
}

impl Driver {
    pub fn new(config: SessionConfig) -> Driver {
        let max_writes = config.max_send_attempts.max(1);
        let disconnect_timeout_ms = config.disconnect_timeout_ms;
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
            sends: Vec::new(),
            tracked: HashMap::new(),
            numbered: HashMap::new(),
            next_n: 0,
            expect: None,
            max_writes,
            last_state: ConnectionState::Idle,
            disconnect_timeout_ms,
        }
    }

    pub fn step(&mut self, op: Op) {
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
                if let Ok(id) = self.s.subscribe(now, pick_dest(dest), opts) {
                    self.subs.push(id);
                }
            }
            Op::Unsubscribe(i) => {
                if let Some(id) = pick(&self.subs, i) {
                    let _ = self.s.unsubscribe(now, &id);
                }
            }
            Op::Send {
                confirm,
                tx,
                len,
                dest,
            } => {
                let confirm =
                    [Confirm::None, Confirm::Receipt, Confirm::Caller][confirm as usize % 3];
                let body = vec![b'x'; usize::from(len % 2048)];
                let n = self.next_n;
                self.next_n += 1;
                let mut req = SendRequest::new(pick_dest(dest), body)
                    .header("x-n", n.to_string())
                    .confirm(confirm);
                req.transaction = tx.and_then(|i| pick(&self.txs, i));
                if let Ok(id) = self.s.send(now, req) {
                    assert!(!self.tracked.contains_key(&id), "{id} handed out twice");
                    self.sends.push(id);
                    self.numbered.insert(n, id);
                    self.tracked.insert(
                        id,
                        Tracked {
                            confirm,
                            states: Vec::new(),
                            writes: 0,
                        },
                    );
                }
            }
            Op::Confirm(i) => {
                if let Some(id) = pick(&self.sends, i) {
                    let t = &self.tracked[&id];
                    let allowed =
                        t.confirm == Confirm::Caller && t.last() == Some(&SendState::Sent);
                    let done = self.s.confirm(now, id);
                    assert_eq!(done, allowed, "confirm({id}) after {:?}", t.states);
                    if done {
                        self.expect = Some((id, SendState::Delivered));
                    }
                }
            }
            Op::Cancel(i) => {
                if let Some(id) = pick(&self.sends, i) {
                    let allowed = !self.tracked[&id].is_final();
                    let done = self.s.cancel(id);
                    assert_eq!(
                        done, allowed,
                        "cancel({id}) after {:?}",
                        self.tracked[&id].states
                    );
                    if done {
                        let cancelled = SendState::Failed(SendFailure::Cancelled);
                        self.expect = Some((id, cancelled));
                    }
                }
            }
            Op::Ack(i) => {
                if let Some(t) = pick(&self.tokens, i) {
                    let _ = self.s.ack(now, &t);
                }
            }
            Op::Nack(i) => {
                if let Some(t) = pick(&self.tokens, i) {
                    let _ = self.s.nack(now, &t);
                }
            }
            Op::Begin => {
                if let Ok(tx) = self.s.begin(now) {
                    self.txs.push(tx);
                }
            }
            Op::Commit(i) => {
                if let Some(tx) = pick(&self.txs, i) {
                    let _ = self.s.commit(now, &tx);
                }
            }
            Op::Abort(i) => {
                if let Some(tx) = pick(&self.txs, i) {
                    let _ = self.s.abort(now, &tx);
                }
            }
            Op::Open => self.open(),
            Op::Close(code) => {
                self.opening = false;
                self.socket_open = false;
                self.s.handle_close(now, code, "closed");
            }
            Op::Advance(ms) => {
                self.now = self.now.saturating_add(u64::from(ms));
                self.s.handle_timeout(self.now);
            }
            Op::FireTimeout => self.fire_timeout(),
            Op::Handshake(v) => {
                self.open();
                self.drain();
                let v = SERVER_VERSIONS[v as usize % 3];
                self.server(Frame::new(Command::Connected).header("version", v));
            }
            Op::Connected { version, sx, sy } => {
                let mut f =
                    Frame::new(Command::Connected).header("heart-beat", &format!("{sx},{sy}"));
                if let Some(v) = version {
                    f.headers.push(
                        "version",
                        SERVER_VERSIONS[v as usize % SERVER_VERSIONS.len()],
                    );
                }
                self.server(f);
            }
            Op::Message { sub, id } => {
                let sub = pick(&self.subs, sub)
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
                let id = pick(&self.receipts_seen, i).unwrap_or_else(|| format!("r-{i}"));
                self.server(Frame::new(Command::Receipt).header("receipt-id", &id));
            }
            Op::Error(i) => {
                let mut f = Frame::new(Command::Error).header("message", "no");
                if let Some(id) = i.and_then(|i| pick(&self.receipts_seen, i)) {
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

    /// However it went, a graceful disconnect ends in `Closed` no later than
    /// `disconnect_timeout_ms` after it was asked for, with an empty outbox and every send in
    /// exactly one final state: nothing is dropped silently. Other deadlines (receipts of
    /// earlier sends, heart-beats) may fall before it, so the session's timeouts are fired for
    /// as long as it asks, each strictly later than the last (checked in `fire_timeout`).
    pub fn finish(mut self) {
        let asked = self.now;
        let limit = asked.saturating_add(self.disconnect_timeout_ms);
        self.step(Op::Disconnect);
        while !matches!(self.s.state(), ConnectionState::Closed(_)) {
            let next = self.s.poll_timeout();
            assert!(
                next.is_some_and(|t| t <= limit),
                "still {:?} at {} with next deadline {next:?}, disconnect asked at {asked} \
                 with a {} ms timeout",
                self.s.state(),
                self.now,
                self.disconnect_timeout_ms
            );
            self.step(Op::FireTimeout);
        }
        assert_eq!(self.s.outbox_len(), 0);
        for (id, t) in &self.tracked {
            assert!(t.is_final(), "{id} not settled: {:?}", t.states);
        }
    }

    /// A real driver has a socket only once it was asked for one; an open it did not ask
    /// for still reaches the session (which must ignore it) but opens nothing, so the
    /// session writing after it is caught below.
    fn open(&mut self) {
        if self.opening {
            self.opening = false;
            self.socket_open = true;
        }
        self.s.handle_open(self.now);
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

    fn server(&mut self, f: Frame) {
        let bytes = encode_to_vec(&f, Version::V1_2).unwrap();
        self.s.handle_bytes(self.now, &bytes);
    }

    /// Carries out every transmit and takes every event, checking each, then the invariants.
    fn drain(&mut self) {
        while let Some(t) = self.s.poll_transmit() {
            match t {
                Transmit::Open => {
                    self.opening = true;
                    self.socket_open = false;
                    self.decoder = Decoder::default();
                    self.buf.clear();
                }
                Transmit::Bytes(b) => self.client_wrote(&b),
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
                Event::Send { id, state } => self.send_event(id, state),
                _ => {}
            }
        }
        assert_eq!(self.expect, None, "confirm/cancel without its event");
        assert!(
            self.s.outbox_len() <= self.limit,
            "outbox {} over limit {}",
            self.s.outbox_len(),
            self.limit
        );
        assert_eq!(&self.last_state, self.s.state());
    }

    fn client_wrote(&mut self, b: &[u8]) {
        assert!(self.socket_open, "bytes for a socket not open");
        assert!(!b.is_empty(), "empty message");
        // Frames after CONNECTED are written in the negotiated version.
        if let Some(v) = self.s.version() {
            self.decoder.set_version(v);
        }
        self.buf.extend_from_slice(b);
        loop {
            match self.decoder.decode(&mut self.buf) {
                Ok(None) => break,
                Ok(Some(Item::HeartBeat)) => {}
                Ok(Some(Item::Frame(f))) => {
                    assert!(f.command.is_client(), "{f:?}");
                    if let Some(n) = f.get("x-n").and_then(|n| n.parse().ok()) {
                        self.send_written(n);
                    }
                    if let Some(r) = f.get("receipt") {
                        self.receipts_seen.push(r.to_owned());
                    }
                }
                Err(e) => panic!("client wrote invalid STOMP: {e}"),
            }
        }
    }
}

fn pick<T: Clone>(list: &[T], i: u8) -> Option<T> {
    (!list.is_empty()).then(|| list[i as usize % list.len()].clone())
}

fn pick_dest(i: u8) -> &'static str {
    DESTINATIONS[i as usize % DESTINATIONS.len()]
}
