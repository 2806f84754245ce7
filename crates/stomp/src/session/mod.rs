//! The client session: one logical STOMP client across reconnects, as a sans-io state machine.
//!
//! The contract follows quinn-proto's `Connection`: the driver feeds inputs (`handle_*`) and
//! calls commands, then drains the outputs — [`Session::poll_transmit`] until `None`,
//! [`Session::poll_event`] until `None` — and arranges to call [`Session::handle_timeout`]
//! at [`Session::poll_timeout`] (re-read after every call, as any call may move it).
//! Time is always `now`, milliseconds on a clock of the caller's choosing that never goes
//! backwards. Nothing here blocks, allocates timers or touches a socket.

mod backoff;
mod config;
mod error;
mod event;
mod heartbeat;
mod ids;
mod request;

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

use crate::version::Version;

/// One logical STOMP client: connects, keeps the connection alive, reconnects, and keeps
/// subscriptions and unconfirmed sends across reconnects.
#[derive(Debug)]
pub struct Session {
    config: SessionConfig,
    state: ConnectionState,
}

impl Session {
    pub fn new(config: SessionConfig) -> Session {
        Session {
            config,
            state: ConnectionState::Idle,
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

    /// Starts connecting (from `Idle` or `Closed`; otherwise does nothing): emits
    /// `Transmit::Open`, state `Connecting`.
    pub fn connect(&mut self, now: u64) {
        todo!("{now}")
    }

    /// Graceful disconnect: DISCONNECT with a receipt, then `Transmit::Close` when it arrives
    /// or after `disconnect_timeout_ms`. No reconnect follows.
    pub fn disconnect(&mut self, now: u64) {
        todo!("{now}")
    }

    /// While `Reconnecting`, skips the rest of the wait. Otherwise does nothing.
    pub fn reconnect_now(&mut self, now: u64) {
        todo!("{now}")
    }

    /// The socket asked for by `Transmit::Open` is open: CONNECT goes out.
    pub fn handle_open(&mut self, now: u64) {
        todo!("{now}")
    }

    /// One WebSocket message from the server, text or binary. Frames may span messages.
    pub fn handle_bytes(&mut self, now: u64, data: &[u8]) {
        todo!("{now}{data:?}")
    }

    /// The socket closed or failed to open, without the session asking.
    pub fn handle_close(&mut self, now: u64, code: u16, reason: &str) {
        todo!("{now}{code}{reason}")
    }

    /// Time has reached (or passed) `poll_timeout()`.
    pub fn handle_timeout(&mut self, now: u64) {
        todo!("{now}")
    }

    /// Subscribes now if connected, else at the next CONNECTED. Remembered and replayed with
    /// the same id after every reconnect until `unsubscribe`.
    pub fn subscribe(
        &mut self,
        now: u64,
        destination: &str,
        opts: SubscribeOptions,
    ) -> Result<SubscriptionId, SessionError> {
        todo!("{now}{destination}{opts:?}")
    }

    /// Forgets a subscription, and sends UNSUBSCRIBE if connected.
    pub fn unsubscribe(&mut self, now: u64, id: &SubscriptionId) -> Result<(), SessionError> {
        todo!("{now}{id}")
    }

    /// Sends now if connected, else queues in the outbox (bounded: `OutboxFull`).
    pub fn send(&mut self, now: u64, req: SendRequest) -> Result<SendId, SessionError> {
        todo!("{now}{req:?}")
    }

    /// Acknowledges a message (cumulatively for `client` subscriptions).
    pub fn ack(&mut self, now: u64, token: &AckToken) -> Result<(), SessionError> {
        todo!("{now}{token:?}")
    }

    /// Rejects a message (STOMP 1.1+). Same cumulative rule as `ack`.
    pub fn nack(&mut self, now: u64, token: &AckToken) -> Result<(), SessionError> {
        todo!("{now}{token:?}")
    }

    /// Begins a transaction on the current connection.
    pub fn begin(&mut self, now: u64) -> Result<TransactionId, SessionError> {
        todo!("{now}")
    }

    pub fn commit(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        todo!("{now}{tx}")
    }

    pub fn abort(&mut self, now: u64, tx: &TransactionId) -> Result<(), SessionError> {
        todo!("{now}{tx}")
    }

    /// The next thing to do on the transport.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        todo!()
    }

    /// The next event for the user.
    pub fn poll_event(&mut self) -> Option<Event> {
        todo!()
    }

    /// The earliest deadline (absolute ms) at which `handle_timeout` must be called.
    pub fn poll_timeout(&self) -> Option<u64> {
        todo!()
    }

    pub fn state(&self) -> &ConnectionState {
        &self.state
    }

    /// The negotiated version while connected.
    pub fn version(&self) -> Option<Version> {
        todo!()
    }

    /// Sends waiting in the outbox (queued or awaiting their receipt).
    pub fn outbox_len(&self) -> usize {
        todo!()
    }

    /// Subscriptions remembered, in the order they were made.
    pub fn subscriptions(&self) -> impl Iterator<Item = (SubscriptionId, &str)> + '_ {
        std::iter::empty()
    }
}
