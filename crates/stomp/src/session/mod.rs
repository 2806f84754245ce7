//! The client session: one logical STOMP client across reconnects, as a sans-io state machine.
//!
//! The contract follows quinn-proto's `Connection`: the driver feeds inputs (`handle_*`) and
//! calls commands, then drains the outputs — [`Session::poll_transmit`] until `None`,
//! [`Session::poll_event`] until `None` — and arranges to call [`Session::handle_timeout`]
//! at [`Session::poll_timeout`] (re-read after every call, as any call may move it).
//! Time is always `now`, milliseconds on a clock of the caller's choosing that never goes
//! backwards. Nothing here blocks, owns a timer or touches a socket.
//!
//! What the driver promises:
//! - After every call, drain transmits and events before waiting for anything else.
//! - [`Transmit::Open`]: replace any socket with a new one; report `handle_open` when it
//!   opens, `handle_close` if it fails or closes later.
//! - [`Transmit::Close`]: close and forget the socket. The session already considers it
//!   gone, so its close is not reported (a late report is ignored in most states, but
//!   could be taken for the next socket's if that one is already opening).
//! - Each [`Transmit::Bytes`] is one WebSocket message (text or binary: STOMP is UTF-8 in its
//!   headers, bodies may be binary).
//!
//! What the session promises:
//! - It never panics, whatever the inputs and their order.
//! - `poll_timeout` is always in the future after `handle_timeout` ran at or after it.
//! - Sends are never dropped silently: each one held in the outbox ends in exactly one of
//!   `Receipt(Send(id))`, `ReceiptTimeout(Send(id))` or `SendFailed { id, .. }`.
//! - A subscription waiting for its receipt is not replayed forever: after
//!   `max_send_attempts` SUBSCRIBE writes it ends in `SubscribeFailed`.
//! - Every `StateChanged` carries the state that [`Session::state`] returns from then on.
//!
//! ```
//! use stomp::session::{Event, Session, SessionConfig, SendRequest, Transmit};
//!
//! let mut s = Session::new(SessionConfig::default());
//! let room = s.subscribe(0, "/topic/room", Default::default()).unwrap();
//! s.send(0, SendRequest::new("/app/chat", "hello")).unwrap(); // queued until connected
//! s.connect(0);
//! assert_eq!(s.poll_transmit(), Some(Transmit::Open));
//! s.handle_open(5);
//! // CONNECT goes out; the server answers.
//! assert!(matches!(s.poll_transmit(), Some(Transmit::Bytes(_))));
//! s.handle_bytes(20, b"CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\0");
//! // SUBSCRIBE, then the queued SEND, in that order.
//! let out: Vec<Transmit> = std::iter::from_fn(|| s.poll_transmit()).collect();
//! assert_eq!(out.len(), 2);
//! s.handle_bytes(30, format!(
//!     "MESSAGE\nsubscription:{room}\ndestination:/topic/room\nmessage-id:1\n\nhi\0"
//! ).as_bytes());
//! let texts: Vec<String> = std::iter::from_fn(|| s.poll_event())
//!     .filter_map(|e| match e {
//!         Event::Message(m) => Some(m.body_text().unwrap().to_owned()),
//!         _ => None,
//!     })
//!     .collect();
//! assert_eq!(texts, ["hi"]);
//! // Next wake-up: our heart-beat, 10 s after the last frame we wrote.
//! assert_eq!(s.poll_timeout(), Some(20 + 10_000));
//! ```

mod backoff;
mod config;
mod error;
mod event;
mod heartbeat;
mod ids;
mod outbox;
mod receipts;
mod request;
mod subscriptions;

pub use backoff::{backoff_delay_ms, XorShift};
pub use config::{HeartBeat, ReconnectPolicy, SessionConfig};
pub use error::SessionError;
pub use event::{
    ConnectionState, DisconnectReason, Event, Message, ProtocolViolation, ReceiptFor, SendFailure,
    ServerError, Transmit,
};
pub use heartbeat::negotiate;
pub use ids::{AckToken, SendId, SubscriptionId, TransactionId};
pub use request::{AckMode, SendRequest, SubscribeOptions};

use std::collections::VecDeque;

use bytes::BytesMut;

use crate::decode::{Decoder, Item};
use crate::encode::{encode_to_vec, split_message};
use crate::error::EncodeError;
use crate::frame::{Command, Frame};
use crate::version::Version;

use outbox::{Entry, Outbox};
use receipts::Receipts;
use subscriptions::Subscriptions;

/// Where the current connection is; the deadlines behind [`ConnectionState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    /// `Transmit::Open` issued, waiting for `handle_open`.
    Opening {
        deadline: u64,
    },
    /// CONNECT written, waiting for CONNECTED.
    Handshaking {
        deadline: u64,
    },
    Connected {
        since: u64,
    },
    Disconnecting {
        deadline: u64,
        receipt: u64,
    },
    Waiting {
        at: u64,
    },
    Closed,
}

impl Phase {
    fn reads_frames(self) -> bool {
        matches!(
            self,
            Phase::Handshaking { .. } | Phase::Connected { .. } | Phase::Disconnecting { .. }
        )
    }
}

/// Negotiated heart-beats of the current connection and when we last sent and heard.
#[derive(Debug, Default, Clone, Copy)]
struct Liveness {
    send_ms: u32,
    recv_ms: u32,
    last_sent: u64,
    last_recv: u64,
}

/// One logical STOMP client: connects, keeps the connection alive, reconnects, and keeps
/// subscriptions and unconfirmed sends across reconnects.
#[derive(Debug)]
pub struct Session {
    config: SessionConfig,
    state: ConnectionState,
    phase: Phase,
    /// Bumped whenever a connection ends, so a loop over received frames can tell that the
    /// frame it just handled ended the connection.
    generation: u64,
    decoder: Decoder,
    inbuf: BytesMut,
    version: Version,
    live: Liveness,
    rng: XorShift,
    /// Consecutive connection attempts that failed (reset after a healthy connection).
    failures: u32,
    subs: Subscriptions,
    outbox: Outbox,
    receipts: Receipts,
    transactions: Vec<TransactionId>,
    next_send: u64,
    next_tx: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
}

impl Session {
    pub fn new(config: SessionConfig) -> Session {
        Session {
            decoder: Decoder::new(config.limits),
            rng: XorShift::new(config.seed),
            config,
            state: ConnectionState::Idle,
            phase: Phase::Idle,
            generation: 0,
            inbuf: BytesMut::new(),
            version: Version::V1_2,
            live: Liveness::default(),
            failures: 0,
            subs: Subscriptions::default(),
            outbox: Outbox::default(),
            receipts: Receipts::default(),
            transactions: Vec::new(),
            next_send: 0,
            next_tx: 0,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// Replaces login, passcode and the extra CONNECT headers used by the next CONNECT, e.g.
    /// with a token refreshed just before a reconnect. The current connection is not affected.
    pub fn set_credentials(
        &mut self,
        login: Option<String>,
        passcode: Option<String>,
        connect_headers: Vec<(String, String)>,
    ) {
        self.config.login = login;
        self.config.passcode = passcode;
        self.config.connect_headers = connect_headers;
    }

    // ---- lifecycle commands -------------------------------------------------------------

    /// Starts connecting (from `Idle` or `Closed`; otherwise does nothing): emits
    /// `Transmit::Open`, state `Connecting`. Remembered subscriptions are replayed once
    /// connected.
    pub fn connect(&mut self, now: u64) {
        if matches!(self.phase, Phase::Idle | Phase::Closed) {
            self.failures = 0;
            self.start_attempt(now);
        }
    }

    /// Graceful disconnect: DISCONNECT with a receipt, then `Transmit::Close` when it arrives
    /// or after `disconnect_timeout_ms`. No reconnect follows. Sends still unconfirmed when
    /// the session closes are reported as `SendFailed`.
    pub fn disconnect(&mut self, now: u64) {
        match self.phase {
            Phase::Connected { .. } => {
                let receipt = self.receipts.fresh_id();
                let frame = Frame::new(Command::Disconnect)
                    .header("receipt", &Receipts::header_value(receipt));
                // DISCONNECT has only a receipt header: it always encodes.
                let _ = self.write(now, &frame);
                self.phase = Phase::Disconnecting {
                    deadline: now.saturating_add(self.config.disconnect_timeout_ms),
                    receipt,
                };
                self.set_state(ConnectionState::Disconnecting);
            }
            Phase::Opening { .. } | Phase::Handshaking { .. } => {
                self.transmits.push_back(Transmit::Close);
                self.end_connection(now, DisconnectReason::UserRequest);
            }
            Phase::Idle | Phase::Waiting { .. } => {
                self.close_for_good(DisconnectReason::UserRequest)
            }
            Phase::Disconnecting { .. } | Phase::Closed => {}
        }
    }

    /// While `Reconnecting`, skips the rest of the wait. Otherwise does nothing.
    pub fn reconnect_now(&mut self, now: u64) {
        if let Phase::Waiting { .. } = self.phase {
            self.start_attempt(now);
        }
    }

    // ---- transport inputs ---------------------------------------------------------------

    /// The socket asked for by `Transmit::Open` is open: CONNECT goes out.
    pub fn handle_open(&mut self, now: u64) {
        let Phase::Opening { deadline } = self.phase else {
            return;
        };
        let frame = self.connect_frame();
        match self.write(now, &frame) {
            Ok(()) => self.phase = Phase::Handshaking { deadline },
            Err(e) => {
                // A configured header with a line break: retrying cannot help.
                self.transmits.push_back(Transmit::Close);
                let reason = DisconnectReason::Rejected {
                    message: Some(format!("cannot send CONNECT: {e}")),
                };
                self.end_connection(now, reason);
            }
        }
    }

    /// One WebSocket message from the server, text or binary. Frames may span messages,
    /// and one message may hold several frames.
    pub fn handle_bytes(&mut self, now: u64, data: &[u8]) {
        if !self.phase.reads_frames() {
            return;
        }
        // Any byte is a sign of life, even part of a frame.
        self.live.last_recv = now;
        self.inbuf.extend_from_slice(data);
        let generation = self.generation;
        while generation == self.generation {
            match self.decoder.decode(&mut self.inbuf) {
                Ok(None) => break,
                Ok(Some(Item::HeartBeat)) => {
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameIn {
                            at: now,
                            frame: None,
                        });
                    }
                }
                Ok(Some(Item::Frame(frame))) => {
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameIn {
                            at: now,
                            frame: Some(frame.clone()),
                        });
                    }
                    self.handle_frame(now, frame);
                }
                Err(e) => self.protocol_error(now, ProtocolViolation::Decode(e)),
            }
        }
    }

    /// The socket closed or failed to open, without the session asking.
    pub fn handle_close(&mut self, now: u64, code: u16, reason: &str) {
        match self.phase {
            Phase::Opening { .. } | Phase::Handshaking { .. } | Phase::Connected { .. } => {
                let reason = DisconnectReason::TransportClosed {
                    code,
                    reason: reason.to_owned(),
                };
                self.end_connection(now, reason);
            }
            // The server closing after DISCONNECT is the expected end.
            Phase::Disconnecting { .. } => self.end_connection(now, DisconnectReason::UserRequest),
            Phase::Idle | Phase::Waiting { .. } | Phase::Closed => {}
        }
    }

    /// Time has reached (or passed) `poll_timeout()`. Early or repeated calls are harmless.
    pub fn handle_timeout(&mut self, now: u64) {
        match self.phase {
            Phase::Opening { deadline } | Phase::Handshaking { deadline } => {
                if now >= deadline {
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::ConnectTimeout);
                }
            }
            Phase::Connected { .. } => {
                self.expire_receipts(now);
                if self.lost_deadline().is_some_and(|d| now >= d) {
                    self.events.push_back(Event::HeartBeatLost);
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::HeartBeatLost);
                    return;
                }
                if self.ping_deadline().is_some_and(|d| now >= d) {
                    self.transmits.push_back(Transmit::Bytes(vec![b'\n']));
                    self.live.last_sent = now;
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameOut {
                            at: now,
                            frame: None,
                        });
                    }
                }
            }
            Phase::Disconnecting { deadline, .. } => {
                self.expire_receipts(now);
                if now >= deadline {
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::UserRequest);
                }
            }
            Phase::Waiting { at } => {
                if now >= at {
                    self.start_attempt(now);
                }
            }
            Phase::Idle | Phase::Closed => {}
        }
    }

    // ---- STOMP commands -----------------------------------------------------------------

    /// Subscribes now if connected, else at the next CONNECTED. Remembered and replayed with
    /// the same id after every reconnect until `unsubscribe`.
    pub fn subscribe(
        &mut self,
        now: u64,
        destination: &str,
        opts: SubscribeOptions,
    ) -> Result<SubscriptionId, SessionError> {
        self.check_open()?;
        let id = self.subs.add(destination, opts);
        let result = match self.phase {
            Phase::Connected { .. } => self.write_subscribe(now, id),
            // Checked now, with the strictest version we may end up speaking, so a replay
            // cannot fail later where nobody can be told.
            _ => {
                let strictest = self.offered_versions().min().unwrap_or(Version::V1_0);
                let sub = self.subs.get_mut(id).map(|s| s.frame(None));
                match sub.map(|f| encode_to_vec(&f, strictest)) {
                    Some(Err(e)) => Err(e),
                    _ => Ok(()),
                }
            }
        };
        match result {
            Ok(()) => Ok(id),
            Err(e) => {
                self.subs.remove(id);
                Err(e.into())
            }
        }
    }

    /// Forgets a subscription, and sends UNSUBSCRIBE if connected.
    pub fn unsubscribe(&mut self, now: u64, id: &SubscriptionId) -> Result<(), SessionError> {
        self.check_open()?;
        self.subs
            .remove(*id)
            .ok_or(SessionError::UnknownSubscription(*id))?;
        if let Phase::Connected { .. } = self.phase {
            let frame = Frame::new(Command::Unsubscribe).header("id", &id.to_string());
            self.write(now, &frame)?;
        }
        Ok(())
    }

    /// Sends now if connected, else queues in the outbox (bounded: `OutboxFull`). A send
    /// with a receipt is held until confirmed and re-sent after a reconnect if need be.
    pub fn send(&mut self, now: u64, req: SendRequest) -> Result<SendId, SessionError> {
        self.check_open()?;
        if let Some(tx) = req.transaction {
            if !self.transactions.contains(&tx) {
                return Err(SessionError::UnknownTransaction(tx));
            }
        }
        let connected = matches!(self.phase, Phase::Connected { .. });
        let held = req.receipt || !connected;
        if held && self.outbox.len() >= self.config.outbox_limit {
            return Err(SessionError::OutboxFull {
                limit: self.config.outbox_limit,
            });
        }
        let id = SendId(self.next_send);
        self.next_send = self.next_send.wrapping_add(1);
        let mut entry = Entry {
            id,
            frame: send_frame(req.destination, req.content_type, req.headers, req.body),
            receipt: req.receipt,
            transaction: req.transaction,
            written: false,
            writes: 0,
        };
        if let Some(tx) = req.transaction {
            entry.frame.headers.push("transaction", &tx.to_string());
        }
        if connected {
            self.write_entry(now, entry)?;
        } else {
            self.outbox.push(entry);
        }
        Ok(id)
    }

    /// Acknowledges a message (cumulatively for `client` subscriptions).
    pub fn ack(&mut self, now: u64, token: &AckToken) -> Result<(), SessionError> {
        self.settle(now, token, Command::Ack)
    }

    /// Rejects a message (STOMP 1.1+). Same cumulative rule as `ack`.
    pub fn nack(&mut self, now: u64, token: &AckToken) -> Result<(), SessionError> {
        self.settle(now, token, Command::Nack)
    }

    /// Begins a transaction on the current connection.
    pub fn begin(&mut self, now: u64) -> Result<TransactionId, SessionError> {
        self.check_connected()?;
        let tx = TransactionId(self.next_tx);
        self.next_tx = self.next_tx.wrapping_add(1);
        let frame = Frame::new(Command::Begin).header("transaction", &tx.to_string());
        self.write(now, &frame)?;
        self.transactions.push(tx);
        Ok(tx)
    }

    pub fn commit(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        self.end_transaction(now, tx, Command::Commit)
    }

    pub fn abort(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        self.end_transaction(now, tx, Command::Abort)
    }

    // ---- outputs ------------------------------------------------------------------------

    /// The next thing to do on the transport.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event for the user.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earliest deadline (absolute ms) at which `handle_timeout` must be called.
    pub fn poll_timeout(&self) -> Option<u64> {
        match self.phase {
            Phase::Opening { deadline } | Phase::Handshaking { deadline } => Some(deadline),
            Phase::Connected { .. } => [
                self.ping_deadline(),
                self.lost_deadline(),
                self.receipts.next_deadline(),
            ]
            .into_iter()
            .flatten()
            .min(),
            Phase::Disconnecting { deadline, .. } => Some(
                self.receipts
                    .next_deadline()
                    .map_or(deadline, |r| r.min(deadline)),
            ),
            Phase::Waiting { at } => Some(at),
            Phase::Idle | Phase::Closed => None,
        }
    }

    pub fn state(&self) -> &ConnectionState {
        &self.state
    }

    /// The negotiated version while connected.
    pub fn version(&self) -> Option<Version> {
        matches!(
            self.phase,
            Phase::Connected { .. } | Phase::Disconnecting { .. }
        )
        .then_some(self.version)
    }

    /// Sends waiting in the outbox (queued or awaiting their receipt).
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }

    /// Subscriptions remembered, in the order they were made.
    pub fn subscriptions(&self) -> impl Iterator<Item = (SubscriptionId, &str)> + '_ {
        self.subs.iter().map(|s| (s.id, s.destination.as_str()))
    }

    // ---- internals ----------------------------------------------------------------------

    fn set_state(&mut self, state: ConnectionState) {
        if self.state != state {
            self.state = state.clone();
            self.events.push_back(Event::StateChanged(state));
        }
    }

    fn check_open(&self) -> Result<(), SessionError> {
        match self.phase {
            Phase::Disconnecting { .. } | Phase::Closed => Err(SessionError::Closed),
            _ => Ok(()),
        }
    }

    fn check_connected(&self) -> Result<(), SessionError> {
        self.check_open()?;
        match self.phase {
            Phase::Connected { .. } => Ok(()),
            _ => Err(SessionError::NotConnected),
        }
    }

    fn offered_versions(&self) -> impl Iterator<Item = Version> + '_ {
        let all: &[Version] = if self.config.accept_versions.is_empty() {
            &Version::ALL
        } else {
            &self.config.accept_versions
        };
        all.iter().copied()
    }

    /// When our next heart-beat is due; `None` without outgoing heart-beats, or when it would
    /// fall beyond the end of the clock (a saturated deadline could never be followed by a
    /// later one, and would only make the driver wake up for nothing).
    fn ping_deadline(&self) -> Option<u64> {
        (self.live.send_ms > 0)
            .then(|| {
                self.live
                    .last_sent
                    .checked_add(u64::from(self.live.send_ms))
            })
            .flatten()
    }

    /// When the server counts as lost; `None` without incoming heart-beats, or never (an
    /// infinite or absurd tolerance).
    fn lost_deadline(&self) -> Option<u64> {
        if self.live.recv_ms == 0 {
            return None;
        }
        let tolerance = if self.config.heart_beat_tolerance >= 1.0 {
            self.config.heart_beat_tolerance
        } else {
            1.0
        };
        let grace = (f64::from(self.live.recv_ms) * tolerance).ceil();
        if grace >= u64::MAX as f64 {
            return None;
        }
        self.live.last_recv.checked_add(grace as u64)
    }

    /// Encodes a frame in the negotiated version and queues it, split into WebSocket-sized
    /// messages. Anything written resets the outgoing heart-beat clock.
    fn write(&mut self, now: u64, frame: &Frame) -> Result<(), EncodeError> {
        let bytes = encode_to_vec(frame, self.version)?;
        let max = self.config.max_ws_message;
        if max == 0 || bytes.len() <= max {
            self.transmits.push_back(Transmit::Bytes(bytes));
        } else {
            for piece in split_message(&bytes, max) {
                self.transmits.push_back(Transmit::Bytes(piece.to_vec()));
            }
        }
        self.live.last_sent = now;
        if self.config.tap_frames {
            let mut shown = frame.clone();
            if shown.headers.contains("passcode") {
                // Debug views get shared and screenshotted; the password stays out.
                shown.headers.set("passcode", "***");
            }
            self.events.push_back(Event::FrameOut {
                at: now,
                frame: Some(shown),
            });
        }
        Ok(())
    }

    fn connect_frame(&self) -> Frame {
        let command = if self.config.use_stomp_command {
            Command::Stomp
        } else {
            Command::Connect
        };
        let versions: Vec<&str> = {
            let mut v: Vec<Version> = self.offered_versions().collect();
            v.sort();
            v.dedup();
            v.into_iter().map(Version::as_str).collect()
        };
        let hb = self.config.heart_beat;
        let mut f = Frame::new(command)
            .header("accept-version", &versions.join(","))
            .header(
                "heart-beat",
                &format!("{},{}", hb.outgoing_ms, hb.incoming_ms),
            );
        if let Some(host) = &self.config.host {
            f.headers.push("host", host);
        }
        if let Some(login) = &self.config.login {
            f.headers.push("login", login);
        }
        if let Some(passcode) = &self.config.passcode {
            f.headers.push("passcode", passcode);
        }
        for (n, v) in &self.config.connect_headers {
            f.headers.push(n, v);
        }
        f
    }

    fn start_attempt(&mut self, now: u64) {
        self.decoder.reset();
        self.inbuf.clear();
        self.phase = Phase::Opening {
            deadline: now.saturating_add(self.config.connect_timeout_ms.max(1)),
        };
        self.transmits.push_back(Transmit::Open);
        self.set_state(ConnectionState::Connecting {
            attempt: self.failures,
        });
    }

    fn handle_frame(&mut self, now: u64, frame: Frame) {
        match (self.phase, frame.command) {
            (Phase::Handshaking { .. }, Command::Connected) => self.on_connected(now, frame),
            (Phase::Handshaking { .. }, Command::Error) => self.on_error(now, frame, true),
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Message) => {
                self.on_message(frame)
            }
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Receipt) => {
                self.on_receipt(now, &frame)
            }
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Error) => {
                self.on_error(now, frame, false)
            }
            (_, command) => self.protocol_error(now, ProtocolViolation::UnexpectedFrame(command)),
        }
    }

    fn on_connected(&mut self, now: u64, frame: Frame) {
        let version = match frame.get("version") {
            None => Version::V1_0,
            Some(v) => match v.parse::<Version>() {
                Ok(v) if self.offered_versions().any(|o| o == v) => v,
                _ => {
                    let bad = ProtocolViolation::UnsupportedVersion(v.to_owned());
                    return self.protocol_error(now, bad);
                }
            },
        };
        self.version = version;
        self.decoder.set_version(version);
        let server_hb = frame
            .get("heart-beat")
            .and_then(parse_heart_beat)
            .unwrap_or((0, 0));
        let (send_ms, recv_ms) = negotiate(self.config.heart_beat, server_hb);
        self.live = Liveness {
            send_ms,
            recv_ms,
            last_sent: now,
            last_recv: now,
        };
        self.phase = Phase::Connected { since: now };
        self.set_state(ConnectionState::Connected);
        let Frame { headers, .. } = frame;
        self.events.push_back(Event::Connected {
            version,
            server: headers.get("server").map(str::to_owned),
            session: headers.get("session").map(str::to_owned),
            heart_beat: (send_ms, recv_ms),
            headers,
        });
        let max_writes = self.config.max_send_attempts.max(1);
        for id in self.subs.ids() {
            let given_up = self
                .subs
                .get_mut(id)
                .filter(|s| s.receipt_pending && s.writes >= max_writes)
                .map(|s| s.writes);
            if let Some(attempts) = given_up {
                // As with sends: replaying it forever would keep the session reconnecting.
                self.subs.remove(id);
                self.events.push_back(Event::SubscribeFailed {
                    id,
                    reason: SendFailure::TooManyAttempts { attempts },
                });
                continue;
            }
            // Checked encodable when made; a failure here could only be a 1.0 server
            // refusing what 1.1 allows, and the subscription is then useless anyway.
            let _ = self.write_subscribe(now, id);
        }
        self.flush_outbox(now);
    }

    fn write_subscribe(&mut self, now: u64, id: SubscriptionId) -> Result<(), EncodeError> {
        let deadline = now.saturating_add(self.config.receipt_timeout_ms);
        let Some(sub) = self.subs.get_mut(id) else {
            return Ok(());
        };
        let receipt = sub
            .receipt_pending
            .then(|| self.receipts.register(ReceiptFor::Subscribe(id), deadline));
        if receipt.is_some() {
            sub.writes = sub.writes.saturating_add(1);
        }
        let frame = sub.frame(receipt.as_deref());
        let result = self.write(now, &frame);
        if let (Err(_), Some(r)) = (&result, &receipt) {
            self.receipts.take(r);
        }
        result
    }

    /// Writes every queued send, oldest first, on a fresh connection.
    fn flush_outbox(&mut self, now: u64) {
        let max_writes = self.config.max_send_attempts.max(1);
        for entry in self.outbox.take_all() {
            if entry.writes >= max_writes {
                // Most likely the send itself kills the connection (an ERROR without
                // receipt-id, or a broker that drops the socket): re-sending it forever
                // would keep the whole session reconnecting.
                self.events.push_back(Event::SendFailed {
                    id: entry.id,
                    reason: SendFailure::TooManyAttempts {
                        attempts: entry.writes,
                    },
                });
                continue;
            }
            let id = entry.id;
            if let Err(e) = self.write_entry(now, entry) {
                self.events.push_back(Event::SendFailed {
                    id,
                    reason: SendFailure::Encode(e),
                });
            }
        }
    }

    /// Writes a send on the current connection. One with a receipt gets a fresh receipt id
    /// and is held in the outbox until confirmed; if it cannot be written, nothing is kept.
    fn write_entry(&mut self, now: u64, mut entry: Entry) -> Result<(), EncodeError> {
        let receipt = entry.receipt.then(|| {
            self.receipts.register(
                ReceiptFor::Send(entry.id),
                now.saturating_add(self.config.receipt_timeout_ms),
            )
        });
        if let Some(r) = &receipt {
            entry.frame.headers.set("receipt", r);
        }
        if let Err(e) = self.write(now, &entry.frame) {
            if let Some(r) = &receipt {
                self.receipts.take(r);
            }
            return Err(e);
        }
        if entry.receipt {
            entry.written = true;
            entry.writes = entry.writes.saturating_add(1);
            self.outbox.push(entry);
        }
        Ok(())
    }

    fn on_message(&mut self, frame: Frame) {
        let sub = match frame.get("subscription") {
            Some(s) => SubscriptionId::parse(s).and_then(|id| self.subs.get_mut(id)),
            None => match frame.get("destination") {
                Some(d) => self.subs.by_destination(d),
                None => None,
            },
        };
        // A message for a subscription we no longer have was in flight when we
        // unsubscribed: the spec allows it, and nobody is listening.
        let Some(sub) = sub else { return };
        let ack = if sub.opts.ack.needs_ack() {
            let value = match self.version {
                Version::V1_2 => frame.get("ack").or_else(|| frame.get("message-id")),
                _ => frame.get("message-id"),
            };
            value.map(|v| AckToken {
                subscription: sub.id,
                seq: sub.track(v),
            })
        } else {
            None
        };
        self.events.push_back(Event::Message(Message {
            subscription: sub.id,
            ack,
            frame,
        }));
    }

    fn on_receipt(&mut self, now: u64, frame: &Frame) {
        let Some(receipt_id) = frame.get("receipt-id") else {
            return;
        };
        if let Phase::Disconnecting { receipt, .. } = self.phase {
            if Receipts::parse(receipt_id) == Some(receipt) {
                // The spec: a DISCONNECT receipt means every earlier frame was received, so
                // sends still waiting for their own receipt are confirmed by it.
                for entry in self.outbox.take_all() {
                    let event = if entry.written {
                        Event::Receipt(ReceiptFor::Send(entry.id))
                    } else {
                        Event::SendFailed {
                            id: entry.id,
                            reason: SendFailure::SessionClosed,
                        }
                    };
                    self.events.push_back(event);
                }
                self.events
                    .push_back(Event::Receipt(ReceiptFor::Disconnect));
                self.transmits.push_back(Transmit::Close);
                return self.end_connection(now, DisconnectReason::UserRequest);
            }
        }
        let what = match self.receipts.take(receipt_id) {
            Some(what) => what,
            None => ReceiptFor::Other(receipt_id.to_owned()),
        };
        match &what {
            ReceiptFor::Send(id) => {
                self.outbox.remove(*id);
            }
            ReceiptFor::Subscribe(id) => {
                if let Some(sub) = self.subs.get_mut(*id) {
                    sub.receipt_pending = false;
                }
            }
            ReceiptFor::Disconnect | ReceiptFor::Other(_) => {}
        }
        self.events.push_back(Event::Receipt(what));
    }

    fn on_error(&mut self, now: u64, frame: Frame, before_connected: bool) {
        let message = frame.get("message").map(str::to_owned);
        let body = String::from_utf8_lossy(&frame.body).into_owned();
        let receipt_for = frame.get("receipt-id").and_then(|r| self.receipts.take(r));
        // What the server refused must not be replayed after the reconnect, or the same
        // ERROR would come back forever.
        match receipt_for {
            Some(ReceiptFor::Send(id)) if self.outbox.remove(id) => {
                let why = message.clone().unwrap_or_else(|| body.clone());
                self.events.push_back(Event::SendFailed {
                    id,
                    reason: SendFailure::Rejected(why),
                });
            }
            Some(ReceiptFor::Subscribe(id)) => {
                self.subs.remove(id);
            }
            _ => {}
        }
        self.events.push_back(Event::ErrorFrame(ServerError {
            message: message.clone(),
            body,
            receipt_for,
            frame,
        }));
        // The spec has the server close after ERROR; RabbitMQ sometimes does not.
        self.transmits.push_back(Transmit::Close);
        let reason = if matches!(self.phase, Phase::Disconnecting { .. }) {
            DisconnectReason::UserRequest
        } else if before_connected {
            DisconnectReason::Rejected { message }
        } else {
            DisconnectReason::ServerError { message }
        };
        self.end_connection(now, reason);
    }

    fn protocol_error(&mut self, now: u64, violation: ProtocolViolation) {
        let text = violation.to_string();
        self.events.push_back(Event::ProtocolError(violation));
        self.transmits.push_back(Transmit::Close);
        let reason = if matches!(self.phase, Phase::Disconnecting { .. }) {
            DisconnectReason::UserRequest
        } else {
            DisconnectReason::ProtocolError(text)
        };
        self.end_connection(now, reason);
    }

    fn expire_receipts(&mut self, now: u64) {
        while let Some(what) = self.receipts.pop_expired(now) {
            match &what {
                ReceiptFor::Send(id) => {
                    self.outbox.remove(*id);
                }
                ReceiptFor::Subscribe(id) => {
                    if let Some(sub) = self.subs.get_mut(*id) {
                        sub.receipt_pending = false;
                    }
                }
                ReceiptFor::Disconnect | ReceiptFor::Other(_) => {}
            }
            self.events.push_back(Event::ReceiptTimeout(what));
        }
    }

    fn settle(&mut self, now: u64, token: &AckToken, command: Command) -> Result<(), SessionError> {
        self.check_connected()?;
        if command == Command::Nack && self.version == Version::V1_0 {
            return Err(SessionError::Unsupported {
                command: "NACK",
                version: self.version,
            });
        }
        let version = self.version;
        let sub = self
            .subs
            .get_mut(token.subscription)
            .ok_or(SessionError::UnknownMessage)?;
        let pos = sub.find(token.seq).ok_or(SessionError::UnknownMessage)?;
        let value = &sub.unacked[pos].1;
        let frame = match version {
            Version::V1_2 => Frame::new(command).header("id", value),
            Version::V1_1 => Frame::new(command)
                .header("subscription", &sub.id.to_string())
                .header("message-id", value),
            Version::V1_0 => Frame::new(command).header("message-id", value),
        };
        self.write(now, &frame)?;
        if let Some(sub) = self.subs.get_mut(token.subscription) {
            sub.settle(pos);
        }
        Ok(())
    }

    fn end_transaction(
        &mut self,
        now: u64,
        tx: &TransactionId,
        command: Command,
    ) -> Result<(), SessionError> {
        self.check_open()?;
        let pos = self
            .transactions
            .iter()
            .position(|t| t == tx)
            .ok_or(SessionError::UnknownTransaction(*tx))?;
        let frame = Frame::new(command).header("transaction", &tx.to_string());
        self.write(now, &frame)?;
        self.transactions.swap_remove(pos);
        Ok(())
    }

    /// The current connection (or attempt) is over. The caller has already queued
    /// `Transmit::Close` if the socket may still be open. Decides between reconnecting and
    /// closing for good.
    fn end_connection(&mut self, now: u64, reason: DisconnectReason) {
        if let Phase::Connected { since } = self.phase {
            if now.saturating_sub(since) >= self.config.reconnect.healthy_after_ms {
                self.failures = 0;
            }
        }
        self.generation = self.generation.wrapping_add(1);
        // Bytes the driver has not taken yet were meant for the socket that is now gone.
        self.transmits.retain(|t| !matches!(t, Transmit::Bytes(_)));
        self.decoder.reset();
        self.inbuf.clear();
        self.live = Liveness::default();
        self.receipts.clear();
        self.transactions.clear();
        self.subs.connection_lost();
        for id in self.outbox.connection_lost() {
            self.events.push_back(Event::SendFailed {
                id,
                reason: SendFailure::TransactionLost,
            });
        }
        self.events.push_back(Event::Disconnected(reason.clone()));
        let final_reason = matches!(
            reason,
            DisconnectReason::UserRequest | DisconnectReason::Rejected { .. }
        );
        if final_reason || !self.config.reconnect.enabled {
            return self.close_for_good(reason);
        }
        self.failures = self.failures.saturating_add(1);
        if let Some(max) = self.config.reconnect.max_attempts {
            if self.failures > max {
                return self.close_for_good(DisconnectReason::MaxAttemptsReached {
                    attempts: max,
                    last: Box::new(reason),
                });
            }
        }
        let delay = backoff_delay_ms(&self.config.reconnect, self.failures, self.rng.next_f64());
        // At least 1 ms, so every deadline lies in the future and a driver that honours
        // `poll_timeout` cannot spin on one instant.
        let at = now.saturating_add(delay.max(1));
        self.phase = Phase::Waiting { at };
        self.set_state(ConnectionState::Reconnecting {
            attempt: self.failures,
            at_ms: at,
        });
    }

    fn close_for_good(&mut self, reason: DisconnectReason) {
        for entry in self.outbox.take_all() {
            self.events.push_back(Event::SendFailed {
                id: entry.id,
                reason: SendFailure::SessionClosed,
            });
        }
        self.phase = Phase::Closed;
        self.set_state(ConnectionState::Closed(reason));
    }
}

fn send_frame(
    destination: String,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    body: bytes::Bytes,
) -> Frame {
    /// Headers the session writes itself.
    const RESERVED: [&str; 4] = ["destination", "content-length", "receipt", "transaction"];
    let mut f = Frame::new(Command::Send).header("destination", &destination);
    if let Some(ct) = &content_type {
        f.headers.push("content-type", ct);
    }
    for (n, v) in &headers {
        let duplicate_type = n == "content-type" && content_type.is_some();
        if !RESERVED.contains(&n.as_str()) && !duplicate_type {
            f.headers.push(n, v);
        }
    }
    f.body = body;
    f
}

/// `heart-beat: sx,sy`. Anything else is read as "no heart-beats" by the caller.
fn parse_heart_beat(value: &str) -> Option<(u32, u32)> {
    let (a, b) = value.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}
