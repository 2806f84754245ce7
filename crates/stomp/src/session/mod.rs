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
//! - Every send that `send` accepted is reported by [`Event::Send`] at each change of its
//!   [`SendState`], the first during the `send` call, and ends in exactly one final state.
//!   What may be re-sent after a reconnect follows [`Confirm`]: a send never written is
//!   written after the reconnect; a `Confirm::Receipt` send is re-sent while unconfirmed, up
//!   to `max_send_attempts` writes (a `Confirm::Echo` one too, and also after each
//!   `receipt_timeout_ms` unconfirmed); a `Confirm::Caller` send once written, and any send
//!   that ended `Uncertain` or `Failed`, is never written again.
//! - An ERROR without `receipt-id` on an established connection (how Spring answers an
//!   oversize or malformed frame before closing) fails the most recently written send still
//!   awaiting confirmation with `Rejected`, so a poison frame is not replayed forever.
//! - A subscription that failed (rejected, given up, or the session closed for good before
//!   the server had it) is reported by `SubscribeFailed` and forgotten: never listed, never
//!   replayed.
//! - Memory is bounded: the outbox by `outbox_limit`, messages awaiting ACK by
//!   `max_unacked` per subscription, frames from the server by the decoder [`Limits`].
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
//!
//! [`Limits`]: crate::Limits

mod backoff;
mod commands;
mod config;
mod connection;
mod delivery;
mod direct;
mod endpoints;
mod error;
mod event;
mod fast;
mod heartbeat;
mod ids;
mod inbound;
mod liveness;
mod outbox;
mod receipts;
mod request;
mod subscriptions;
mod writer;

pub use config::{HeartBeat, ReconnectPolicy, SessionConfig};
pub use error::SessionError;
pub use event::{
    ConnectionState, DisconnectReason, Event, Message, ProtocolViolation, ReceiptFor, SendFailure,
    SendState, ServerError, Transmit,
};
pub use heartbeat::negotiate;
pub use ids::{AckToken, SendId, SubscriptionId, TransactionId};
pub use request::{AckMode, Confirm, SendRequest, SubscribeOptions};

use std::collections::VecDeque;

use bytes::BytesMut;

use crate::decode::Decoder;
use crate::frame::Command;
use crate::version::Version;

use backoff::XorShift;
use endpoints::Endpoints;
use outbox::Outbox;
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
    endpoints: Endpoints,
    /// Consecutive connection attempts that failed (reset after a healthy connection).
    failures: u32,
    subs: Subscriptions,
    outbox: Outbox,
    receipts: Receipts,
    transactions: Vec<TransactionId>,
    next_send: u64,
    next_tx: u64,
    /// Counts frames written, to know which held send went out last.
    writes: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    /// A written message's buffer handed back by the transport ([`Session::recycle`]), reused
    /// for the next SEND written directly; also where [`Session::send_now`] encodes.
    spare: Option<Vec<u8>>,
    /// The head of the last SEND written directly, for the next one to the same place.
    direct_head: direct::DirectHead,
}

impl Session {
    /// A session in state `Idle`; nothing happens until [`Session::connect`].
    pub fn new(config: SessionConfig) -> Session {
        // Its own generator, so that a shuffle leaves the jitter sequence of a seed unchanged.
        let mut order = XorShift::new(config.seed ^ 0xA5A5_5A5A_0F0F_F0F0);
        Session {
            decoder: Decoder::new(config.limits),
            rng: XorShift::new(config.seed),
            endpoints: Endpoints::new(
                config.endpoints.clone(),
                config.shuffle_endpoints,
                &mut order,
            ),
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
            writes: 0,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            spare: None,
            direct_head: direct::DirectHead::default(),
        }
    }

    /// The configuration, with credentials as last set.
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
    /// or after `disconnect_timeout_ms`. No reconnect follows. The DISCONNECT receipt confirms
    /// every send written before it (`Delivered`); without it they end `Uncertain`, and
    /// sends never written end `Failed(SessionClosed)`.
    pub fn disconnect(&mut self, now: u64) {
        self.start_disconnect(now);
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
        self.opened(now);
    }

    /// One WebSocket message from the server, text or binary. Frames may span messages,
    /// and one message may hold several frames.
    #[inline]
    pub fn handle_bytes(&mut self, now: u64, data: &[u8]) {
        self.received(now, data);
    }

    /// The socket closed or failed to open, without the session asking.
    pub fn handle_close(&mut self, now: u64, code: u16, reason: &str) {
        self.closed(now, code, reason);
    }

    /// Time has reached (or passed) `poll_timeout()`. Early or repeated calls are harmless.
    pub fn handle_timeout(&mut self, now: u64) {
        self.timeout(now);
    }

    // ---- STOMP commands -----------------------------------------------------------------

    /// Subscribes now if connected, else at the next CONNECTED. Remembered and replayed with
    /// the same id after every reconnect until `unsubscribe` (or until it fails:
    /// `Event::SubscribeFailed`).
    pub fn subscribe(
        &mut self,
        now: u64,
        destination: &str,
        opts: SubscribeOptions,
    ) -> Result<SubscriptionId, SessionError> {
        self.add_subscription(now, destination, opts)
    }

    /// Forgets a subscription, and sends UNSUBSCRIBE if connected.
    pub fn unsubscribe(&mut self, now: u64, id: &SubscriptionId) -> Result<(), SessionError> {
        self.remove_subscription(now, *id)
    }

    /// Writes a SEND now if connected, else queues it (the outbox is bounded:
    /// `OutboxFull`). The first `Event::Send` for the returned id, `Sent` or `Queued`, is
    /// emitted during the call. A frame longer than `max_frame_bytes` is refused with
    /// `TooLarge`: no id, nothing queued or written.
    #[inline]
    pub fn send(&mut self, now: u64, req: SendRequest) -> Result<SendId, SessionError> {
        self.submit(now, req)
    }

    /// Confirms a written `Confirm::Caller` or `Confirm::Echo` send: it ends `Delivered`.
    /// False if the id is unknown, already final, of another mode, or not written yet.
    pub fn confirm(&mut self, now: u64, id: SendId) -> bool {
        let _ = now;
        self.confirm_send(id)
    }

    /// Takes back a send still held (queued, or awaiting its receipt or confirmation): it
    /// ends `Failed(Cancelled)` and is never written again. One already written may still
    /// arrive. False if the id is unknown or already final.
    pub fn cancel(&mut self, id: SendId) -> bool {
        self.cancel_send(id)
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
        self.begin_transaction(now)
    }

    /// Commits a transaction; its sends awaiting confirmation are then ordinary ones.
    pub fn commit(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        self.end_transaction(now, tx, Command::Commit)
    }

    /// Aborts a transaction; its sends still held end `Failed(TransactionLost)`.
    pub fn abort(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        self.end_transaction(now, tx, Command::Abort)
    }

    // ---- outputs ------------------------------------------------------------------------

    /// The next thing to do on the transport.
    #[inline]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event for the user.
    #[inline]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earliest deadline (absolute ms) at which `handle_timeout` must be called.
    pub fn poll_timeout(&self) -> Option<u64> {
        self.next_deadline()
    }

    /// Where the connection stands.
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

    /// The endpoint the current connection (or the next attempt) uses: its position in
    /// [`Session::endpoints`] and its URL. `None` when `SessionConfig::endpoints` is empty.
    /// A driver opens this URL on every `Transmit::Open`.
    pub fn endpoint(&self) -> Option<(usize, &str)> {
        self.endpoints.current()
    }

    /// Every endpoint, in the order attempts go through them (shuffled if so configured).
    pub fn endpoints(&self) -> &[String] {
        self.endpoints.all()
    }

    /// Sends held in the outbox (queued, or awaiting their receipt or confirmation).
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }

    /// Subscriptions remembered, in the order they were made.
    pub fn subscriptions(&self) -> impl Iterator<Item = (SubscriptionId, &str)> + '_ {
        self.subs.iter().map(|s| (s.id, s.destination.as_str()))
    }

    fn set_state(&mut self, state: ConnectionState) {
        if self.state != state {
            self.state = state.clone();
            self.events.push_back(Event::StateChanged(state));
        }
    }
}
