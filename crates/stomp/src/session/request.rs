//! What callers ask for: a SEND, a SUBSCRIBE.

use bytes::Bytes;

use super::ids::TransactionId;

/// The `ack` mode of a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AckMode {
    /// The server considers a message acknowledged once sent. No [`AckToken`](super::AckToken).
    #[default]
    Auto,
    /// Cumulative: acking a message acks every earlier one of the same subscription.
    Client,
    /// Each message is acked on its own.
    ClientIndividual,
}

impl AckMode {
    /// The value of the SUBSCRIBE `ack` header.
    pub fn as_str(self) -> &'static str {
        match self {
            AckMode::Auto => "auto",
            AckMode::Client => "client",
            AckMode::ClientIndividual => "client-individual",
        }
    }

    /// Whether messages of such a subscription carry an [`AckToken`](super::AckToken).
    pub fn needs_ack(self) -> bool {
        self != AckMode::Auto
    }
}

/// Options of [`Session::subscribe`](super::Session::subscribe).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscribeOptions {
    /// How the server learns that a message was processed.
    pub ack: AckMode,
    /// Extra SUBSCRIBE headers (e.g. RabbitMQ's `x-queue-name`, `durable`, `prefetch-count`).
    /// With RabbitMQ's `x-stream-offset` (a stream consumer: `first`, `last`, `next`,
    /// `offset=N`, ...) the value holds for the first SUBSCRIBE only: each one replayed after a
    /// reconnect asks for `offset=<last offset delivered + 1>`, so nothing in the stream is
    /// skipped or delivered twice across reconnects and failovers.
    pub headers: Vec<(String, String)>,
    /// Ask for a RECEIPT, reported as `Event::Receipt(ReceiptFor::Subscribe(id))`.
    pub receipt: bool,
}

/// How the session learns that a send arrived, which decides what it may re-send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Confirm {
    /// Fire and forget: `Sent` (written to an open socket) is its last state.
    #[default]
    None,
    /// Ask for a RECEIPT. Re-sent after a reconnect while unconfirmed (at least once;
    /// receivers de-duplicate), up to `max_send_attempts` writes.
    Receipt,
    /// The caller confirms it (e.g. it saw its own message come back on a topic) with
    /// [`Session::confirm`](super::Session::confirm). Never re-sent automatically once
    /// written: if the connection ends, or `receipt_timeout_ms` passes, before the
    /// confirmation, it ends `Uncertain`. For servers without receipts for SEND (Spring).
    Caller,
    /// The caller confirms it, as with `Caller`, when it reads its own message back (e.g.
    /// from a RabbitMQ stream it also consumes), and no RECEIPT is asked for; but while
    /// unconfirmed it is written again: after a reconnect, and each time
    /// `receipt_timeout_ms` passes on a live connection, up to `max_send_attempts` writes
    /// (then `Uncertain`). Receivers must de-duplicate. For destinations where a RECEIPT
    /// cannot be trusted: RabbitMQ 3.10 may confirm a SEND to a stream that it dropped
    /// after a leader change (see the crate README).
    Echo,
}

/// One SEND. Build with [`SendRequest::new`] and the builder methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRequest {
    /// The `destination` header.
    pub destination: String,
    /// The body, sent with a `content-length`.
    pub body: Bytes,
    /// The `content-type` header, if any.
    pub content_type: Option<String>,
    /// Extra headers. `destination`, `content-length`, `receipt` and `transaction` are the
    /// session's to set and are ignored here, as is `content-type` when `content_type` is set.
    pub headers: Vec<(String, String)>,
    /// How it is confirmed; see [`Confirm`].
    pub confirm: Confirm,
    /// The transaction it belongs to, begun on the current connection.
    pub transaction: Option<TransactionId>,
}

impl SendRequest {
    /// A fire-and-forget send of `body` to `destination`.
    pub fn new(destination: impl Into<String>, body: impl Into<Bytes>) -> Self {
        SendRequest {
            destination: destination.into(),
            body: body.into(),
            content_type: None,
            headers: Vec::new(),
            confirm: Confirm::None,
            transaction: None,
        }
    }

    /// Sets the `content-type` header.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Adds a header (see [`SendRequest::headers`] for the ones ignored).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Same as `confirm(Confirm::Receipt)`.
    pub fn with_receipt(self) -> Self {
        self.confirm(Confirm::Receipt)
    }

    /// Sets how the send is confirmed.
    pub fn confirm(mut self, confirm: Confirm) -> Self {
        self.confirm = confirm;
        self
    }

    /// Makes the send part of a transaction begun on the current connection.
    pub fn in_transaction(mut self, tx: TransactionId) -> Self {
        self.transaction = Some(tx);
        self
    }
}
