//! What the session tells its driver and its user.

use std::fmt;

use crate::error::{DecodeError, EncodeError};
use crate::frame::{Command, Frame, Headers};
use crate::version::Version;

use super::ids::{AckToken, SendId, SubscriptionId};

/// What the driver must do on the transport, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    /// Open a new WebSocket, dropping any previous one without reporting on it; then call
    /// `handle_open`, or `handle_close` if it fails.
    Open,
    /// Send these bytes as one WebSocket message.
    Bytes(Vec<u8>),
    /// Close the WebSocket. The session already considers it gone: do not report its close.
    Close,
}

/// Where the connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    /// Created, `connect` not called yet.
    Idle,
    /// Opening the socket or waiting for CONNECTED. `attempt` is 0 for the first
    /// connection and counts reconnect attempts after that.
    Connecting {
        /// 0 for the first connection, then the reconnect attempt.
        attempt: u32,
    },
    /// CONNECTED arrived; commands go out at once.
    Connected,
    /// Waiting to reconnect at `at_ms` (absolute, the caller's clock).
    Reconnecting {
        /// The attempt that starts at `at_ms` (1-based).
        attempt: u32,
        /// When it starts.
        at_ms: u64,
    },
    /// A graceful disconnect is under way.
    Disconnecting,
    /// Finished; no reconnect will follow unless `connect` is called.
    Closed(DisconnectReason),
}

/// Why a connection ended. `Display` says it in plain words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// `disconnect` was called.
    UserRequest,
    /// The server answered CONNECT with ERROR (e.g. bad credentials). Not retried.
    Rejected {
        /// The ERROR's `message` header.
        message: Option<String>,
    },
    /// The server sent ERROR on an established connection.
    ServerError {
        /// The ERROR's `message` header.
        message: Option<String>,
    },
    /// Nothing heard from the server within the heart-beat tolerance.
    HeartBeatLost,
    /// The socket closed or failed (WebSocket close code and reason).
    TransportClosed {
        /// The WebSocket close code.
        code: u16,
        /// The WebSocket close reason.
        reason: String,
    },
    /// No CONNECTED within the connect timeout.
    ConnectTimeout,
    /// The server sent something that is not valid STOMP or not allowed here.
    ProtocolError(ProtocolViolation),
    /// Reconnecting gave up; `last` is why the last attempt ended.
    MaxAttemptsReached {
        /// `ReconnectPolicy::max_attempts`.
        attempts: u32,
        /// Why the last attempt ended.
        last: Box<DisconnectReason>,
    },
}

impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisconnectReason::UserRequest => f.write_str("you disconnected"),
            DisconnectReason::Rejected { message: Some(m) } => {
                write!(f, "the server refused the connection: {m}")
            }
            DisconnectReason::Rejected { message: None } => {
                f.write_str("the server refused the connection")
            }
            DisconnectReason::ServerError { message: Some(m) } => {
                write!(f, "the server reported an error: {m}")
            }
            DisconnectReason::ServerError { message: None } => {
                f.write_str("the server reported an error")
            }
            DisconnectReason::HeartBeatLost => f.write_str("the server stopped responding"),
            DisconnectReason::TransportClosed { code, reason } if reason.is_empty() => {
                write!(f, "the connection closed (code {code})")
            }
            DisconnectReason::TransportClosed { code, reason } => {
                write!(f, "the connection closed (code {code}: {reason})")
            }
            DisconnectReason::ConnectTimeout => f.write_str("the server did not answer in time"),
            DisconnectReason::ProtocolError(m) => {
                write!(f, "the server sent something unexpected: {m}")
            }
            DisconnectReason::MaxAttemptsReached { attempts, last } => {
                write!(f, "gave up after {attempts} attempts to reconnect; {last}")
            }
        }
    }
}

/// What a RECEIPT (or its absence) is about. Receipts of sends are reported as
/// [`Event::Send`] states instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptFor {
    /// A SUBSCRIBE made with `SubscribeOptions::receipt`.
    Subscribe(SubscriptionId),
    /// The DISCONNECT of a graceful disconnect.
    Disconnect,
    /// A receipt id the session did not ask for.
    Other(String),
}

/// A server ERROR frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// The `message` header: a short description.
    pub message: Option<String>,
    /// The body as text (lossy), often the details.
    pub body: String,
    /// The request the error answers, when it carried our receipt id of a SUBSCRIBE.
    pub receipt_for: Option<ReceiptFor>,
    /// The send this ERROR failed: the one its `receipt-id` names, or, for an ERROR without
    /// `receipt-id` on an established connection, the most recently written unconfirmed one.
    pub send: Option<SendId>,
    /// The frame as received.
    pub frame: Frame,
}

/// Input from the server that breaks the protocol. The connection is closed after it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolViolation {
    /// The bytes are not STOMP.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A valid frame the server may not send here (e.g. MESSAGE before CONNECTED).
    #[error("unexpected {0} frame")]
    UnexpectedFrame(Command),
    /// CONNECTED names a version we did not offer.
    #[error("server chose version {0:?}, which was not offered")]
    UnsupportedVersion(String),
}

/// Why a send was given up. Sends are never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// Its transaction ended uncommitted (aborted, or lost with the connection), so it
    /// cannot be re-sent.
    #[error("its transaction ended with the connection")]
    TransactionLost,
    /// The session closed for good before the send was ever written.
    #[error("the session closed before it was sent")]
    SessionClosed,
    /// The server answered it with ERROR: naming its receipt id, or without any receipt id
    /// right after it was written (a poison frame; Spring answers an oversize frame so).
    #[error("the server rejected it: {0}")]
    Rejected(String),
    /// Written this many times (`max_send_attempts`), each time the connection was lost
    /// before its RECEIPT came.
    #[error("no receipt after {attempts} attempts")]
    TooManyAttempts {
        /// How many times it was written.
        attempts: u32,
    },
    /// Its encoded frame is longer than `max_frame_bytes` (found when it was about to be
    /// written after a reconnect; `send` refuses such frames at once when it can tell).
    #[error("the frame is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Bytes of the encoded frame.
        size: usize,
        /// `SessionConfig::max_frame_bytes`.
        limit: usize,
    },
    /// [`Session::cancel`](super::Session::cancel) took it back.
    #[error("cancelled")]
    Cancelled,
    /// It cannot be written in the negotiated version.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// A MESSAGE for one of our subscriptions. Destination and message id are read from the
/// frame on demand rather than copied, so delivering a message allocates nothing beyond
/// the decoded frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The subscription it was delivered to.
    pub subscription: SubscriptionId,
    /// Present when the subscription's ack mode requires acknowledging.
    pub ack: Option<AckToken>,
    /// The MESSAGE frame.
    pub frame: Frame,
}

impl Message {
    /// The `destination` header (empty if missing).
    pub fn destination(&self) -> &str {
        self.frame.get("destination").unwrap_or_default()
    }

    /// The `message-id` header.
    pub fn message_id(&self) -> Option<&str> {
        self.frame.get("message-id")
    }

    /// The `content-type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.frame.get("content-type")
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.frame.body
    }

    /// The body as UTF-8 text.
    pub fn body_text(&self) -> Result<&str, std::str::Utf8Error> {
        self.frame.body_text()
    }
}

/// Where a send stands. Every send gets one [`Event::Send`] per change, in order, and ends
/// in exactly one final state: `Sent` (only `Confirm::None`), `Delivered`, `Uncertain` or
/// `Failed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendState {
    /// Held, not written yet (not connected, or waiting for a reconnect).
    Queued,
    /// Written to an open socket. Final for `Confirm::None`.
    Sent,
    /// Confirmed: a RECEIPT, or `Session::confirm`. Final.
    Delivered,
    /// Written, but the connection ended (or the confirmation timed out) before it was
    /// confirmed: it may or may not have arrived. Final: never re-sent by the session; the
    /// caller may send it again (a new send) or drop it.
    Uncertain,
    /// Final, with the reason.
    Failed(SendFailure),
}

impl SendState {
    /// Whether no further state follows.
    pub fn is_final(&self) -> bool {
        !matches!(self, SendState::Queued | SendState::Sent)
    }
}

/// Everything the session reports, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The connection state changed to this (what `Session::state` now returns).
    StateChanged(ConnectionState),
    /// CONNECTED arrived; subscriptions are replayed and the outbox flushed right after.
    Connected {
        /// The negotiated version.
        version: Version,
        /// The `server` header.
        server: Option<String>,
        /// The `session` header.
        session: Option<String>,
        /// Negotiated (send, receive) intervals in ms; 0 = none.
        heart_beat: (u32, u32),
        /// All CONNECTED headers.
        headers: Headers,
    },
    /// A MESSAGE for one of our subscriptions.
    Message(Message),
    /// A MESSAGE for no subscription we hold (one just unsubscribed, or one the server made
    /// on its own), as stompjs' `onUnhandledMessage` sees it.
    UnhandledMessage(Frame),
    /// A RECEIPT for a subscription, the disconnect, or an id we did not ask for.
    Receipt(ReceiptFor),
    /// No RECEIPT within the receipt timeout (subscriptions; the DISCONNECT has its own).
    ReceiptTimeout(ReceiptFor),
    /// The server sent ERROR; the connection is closed after it.
    ErrorFrame(ServerError),
    /// The server broke the protocol; the connection is closed after it.
    ProtocolError(ProtocolViolation),
    /// Nothing heard within the heart-beat tolerance; the connection is closed after it.
    HeartBeatLost,
    /// A connection (or connection attempt) ended. `StateChanged` says what follows.
    Disconnected(DisconnectReason),
    /// The next connection attempt goes to another of `SessionConfig::endpoints` (emitted
    /// just before its `Transmit::Open`; never with a single endpoint).
    EndpointChanged {
        /// Its position in `Session::endpoints`.
        index: usize,
        /// Its URL.
        url: String,
    },
    /// A send moved to `state`.
    Send {
        /// The id `send` returned.
        id: SendId,
        /// The new state.
        state: SendState,
    },
    /// A subscription was forgotten other than by `unsubscribe`: the server rejected it (an
    /// ERROR naming its receipt id), its SUBSCRIBE was written `max_send_attempts` times and
    /// each time the connection was lost before the RECEIPT, or the session closed for good
    /// before the server had it (never written, or its receipt never came). It is never
    /// replayed and no longer listed by `Session::subscriptions`. (Subscriptions the server
    /// has stay across a close for good and are replayed by a later `connect`.)
    SubscribeFailed {
        /// The subscription.
        id: SubscriptionId,
        /// Why (`Rejected`, `TooManyAttempts` or `SessionClosed`).
        reason: SendFailure,
    },
    /// A `client`/`client-individual` subscription has `max_unacked` messages awaiting their
    /// ACK: from now on (until the connection ends) the oldest awaiting one is forgotten for
    /// each new one, so acking it returns `UnknownMessage`. Reported once per subscription
    /// and connection.
    UnackedLimit {
        /// The subscription.
        subscription: SubscriptionId,
        /// `SessionConfig::max_unacked`.
        limit: usize,
    },
    /// With `tap_frames`: something arrived at `at`; `None` is a heart-beat.
    FrameIn {
        /// When.
        at: u64,
        /// The frame.
        frame: Option<Frame>,
    },
    /// With `tap_frames`: a frame was written at `at`; `None` is a heart-beat.
    FrameOut {
        /// When.
        at: u64,
        /// The frame.
        frame: Option<Frame>,
    },
}
