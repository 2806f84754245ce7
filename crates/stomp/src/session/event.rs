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
        attempt: u32,
    },
    Connected,
    /// Waiting to reconnect at `at_ms` (absolute, the caller's clock).
    Reconnecting {
        attempt: u32,
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
    Rejected { message: Option<String> },
    /// The server sent ERROR on an established connection.
    ServerError { message: Option<String> },
    /// Nothing heard from the server within the heart-beat tolerance.
    HeartBeatLost,
    /// The socket closed or failed (WebSocket close code and reason).
    TransportClosed { code: u16, reason: String },
    /// No CONNECTED within the connect timeout.
    ConnectTimeout,
    /// The server sent something that is not valid STOMP or not allowed here.
    ProtocolError(String),
    /// Reconnecting gave up; `last` is why the last attempt ended.
    MaxAttemptsReached {
        attempts: u32,
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

/// What a RECEIPT (or its absence) is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptFor {
    Send(SendId),
    Subscribe(SubscriptionId),
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
    /// The request the error answers, when it carried our receipt id.
    pub receipt_for: Option<ReceiptFor>,
    pub frame: Frame,
}

/// Input from the server that breaks the protocol. The connection is closed after it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolViolation {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("unexpected {0} frame")]
    UnexpectedFrame(Command),
    #[error("server chose version {0:?}, which was not offered")]
    UnsupportedVersion(String),
}

/// Why a send was given up. Sends are never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// Its transaction died with the connection, so it cannot be re-sent.
    #[error("its transaction ended with the connection")]
    TransactionLost,
    /// The session closed for good with the send still waiting.
    #[error("the session closed before it was confirmed")]
    SessionClosed,
    /// The server answered its receipt id with ERROR.
    #[error("the server rejected it: {0}")]
    Rejected(String),
    /// Written this many times (`max_send_attempts`), each time the connection was lost
    /// before its RECEIPT came.
    #[error("no receipt after {attempts} attempts")]
    TooManyAttempts { attempts: u32 },
    /// It cannot be written in the negotiated version.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// A MESSAGE for one of our subscriptions. Destination and message id are read from the
/// frame on demand rather than copied, so delivering a message allocates nothing beyond
/// the decoded frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subscription: SubscriptionId,
    /// Present when the subscription's ack mode requires acknowledging.
    pub ack: Option<AckToken>,
    pub frame: Frame,
}

impl Message {
    pub fn destination(&self) -> &str {
        self.frame.get("destination").unwrap_or_default()
    }

    pub fn message_id(&self) -> Option<&str> {
        self.frame.get("message-id")
    }

    pub fn content_type(&self) -> Option<&str> {
        self.frame.get("content-type")
    }

    pub fn body(&self) -> &[u8] {
        &self.frame.body
    }

    pub fn body_text(&self) -> Result<&str, std::str::Utf8Error> {
        self.frame.body_text()
    }
}

/// Everything the session reports, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    StateChanged(ConnectionState),
    /// CONNECTED arrived; subscriptions are replayed and the outbox flushed right after.
    Connected {
        version: Version,
        server: Option<String>,
        session: Option<String>,
        /// Negotiated (send, receive) intervals in ms; 0 = none.
        heart_beat: (u32, u32),
        headers: Headers,
    },
    Message(Message),
    Receipt(ReceiptFor),
    /// No RECEIPT within the receipt timeout. A held send is dropped from the outbox.
    ReceiptTimeout(ReceiptFor),
    ErrorFrame(ServerError),
    ProtocolError(ProtocolViolation),
    HeartBeatLost,
    /// A connection (or connection attempt) ended. `StateChanged` says what follows.
    Disconnected(DisconnectReason),
    SendFailed {
        id: SendId,
        reason: SendFailure,
    },
    /// A subscription that asked for a receipt was given up and forgotten: its SUBSCRIBE was
    /// written `max_send_attempts` times and each time the connection was lost before the
    /// RECEIPT (the broker most likely drops the connection because of it).
    SubscribeFailed {
        id: SubscriptionId,
        reason: SendFailure,
    },
    /// With `tap_frames`: something arrived at `at`; `None` is a heart-beat.
    FrameIn {
        at: u64,
        frame: Option<Frame>,
    },
    /// With `tap_frames`: a frame was written at `at`; `None` is a heart-beat.
    FrameOut {
        at: u64,
        frame: Option<Frame>,
    },
}
