//! What the client tells its listeners.

use crate::frame::{Frame, Headers};
use crate::session::{
    ConnectionState, DisconnectReason, ProtocolViolation, SendId, SendState, ServerError,
    SubscriptionId,
};
use crate::version::Version;

use super::error::HookError;

/// What the server said in CONNECTED.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectedInfo {
    /// The broker URL this connection went to (one of the configured URLs).
    pub url: String,
    /// The protocol version the server chose.
    pub version: Version,
    /// The `server` header (name/version), if sent.
    pub server: Option<String>,
    /// The `session` header, if sent.
    pub session: Option<String>,
    /// Negotiated (send, receive) heart-beat intervals in ms; 0 = none.
    pub heart_beat: (u32, u32),
    /// Every CONNECTED header, in order.
    pub headers: Headers,
}

/// Everything a listener of [`StompClient::events`](super::StompClient::events) hears, in
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// The connection state changed (the session's own [`ConnectionState`]).
    State(ConnectionState),
    /// CONNECTED arrived.
    Connected(ConnectedInfo),
    /// A server ERROR frame. After CONNECTED it is a server error and a reconnect follows;
    /// before it, a refused login (`DisconnectReason::Rejected`), not retried.
    ServerError(ServerError),
    /// The server broke the protocol (malformed or oversized frame, invalid UTF-8 where text
    /// is required, ...). The connection is dropped and re-established.
    ProtocolError(ProtocolViolation),
    /// Nothing heard from the server in time; a reconnect follows.
    HeartBeatLost,
    /// The WebSocket closed (or could not open) as the browser reported it; a
    /// `Disconnected` event follows.
    SocketClosed {
        /// The close code (1006 when the connection was lost without a close handshake).
        code: u16,
        /// The close reason the server gave ("" if none).
        reason: String,
        /// The browser's `wasClean`: false when the connection dropped without a handshake.
        clean: bool,
    },
    /// The before-connect hook failed; the attempt counts as failed (the reconnect policy
    /// applies). A `Disconnected` event follows.
    BeforeConnectFailed(HookError),
    /// One connection (or attempt) ended; a `State` event says what follows.
    Disconnected(DisconnectReason),
    /// The next connection attempt goes to another of the configured URLs (never with one).
    EndpointChanged {
        /// Its position in the order tried.
        index: usize,
        /// The URL.
        url: String,
    },
    /// A send moved to `state`: every change of every send, in order.
    Send {
        /// The id [`SendHandle::id`](super::SendHandle::id) gives.
        id: SendId,
        /// The new state.
        state: SendState,
    },
    /// A `client`/`client-individual` subscription reached `SessionConfig::max_unacked`
    /// messages awaiting their ACK; the oldest are forgotten from now on.
    UnackedLimit {
        /// The subscription.
        subscription: SubscriptionId,
        /// The limit.
        limit: usize,
    },
}

/// Direction of a tapped frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the server.
    In,
    /// To the server.
    Out,
}

/// One frame seen on the wire, for debugging tools.
#[derive(Debug, Clone, PartialEq)]
pub struct TappedFrame {
    /// Milliseconds since the Unix epoch (monotonic: the page clock plus its origin).
    pub at_ms: f64,
    /// In or out.
    pub direction: Direction,
    /// `None` is a heart-beat.
    pub frame: Option<Frame>,
}
