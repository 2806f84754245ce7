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
    pub fn as_str(self) -> &'static str {
        match self {
            AckMode::Auto => "auto",
            AckMode::Client => "client",
            AckMode::ClientIndividual => "client-individual",
        }
    }

    pub fn needs_ack(self) -> bool {
        self != AckMode::Auto
    }
}

/// Options of [`Session::subscribe`](super::Session::subscribe).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscribeOptions {
    pub ack: AckMode,
    /// Extra SUBSCRIBE headers (e.g. RabbitMQ's `x-queue-name`, `durable`, `prefetch-count`).
    pub headers: Vec<(String, String)>,
    /// Ask for a RECEIPT, reported as `Event::Receipt(ReceiptFor::Subscribe(id))`.
    pub receipt: bool,
}

/// One SEND. Build with [`SendRequest::new`] and the builder methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRequest {
    pub destination: String,
    pub body: Bytes,
    pub content_type: Option<String>,
    /// Extra headers. `destination`, `content-length`, `receipt` and `transaction` are the
    /// session's to set and are ignored here, as is `content-type` when `content_type` is set.
    pub headers: Vec<(String, String)>,
    /// Ask for a RECEIPT. Such a send is held until confirmed and re-sent if the connection
    /// drops first, so it is delivered at least once; without a receipt, at most once.
    pub receipt: bool,
    pub transaction: Option<TransactionId>,
}

impl SendRequest {
    pub fn new(destination: impl Into<String>, body: impl Into<Bytes>) -> Self {
        SendRequest {
            destination: destination.into(),
            body: body.into(),
            content_type: None,
            headers: Vec::new(),
            receipt: false,
            transaction: None,
        }
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn with_receipt(mut self) -> Self {
        self.receipt = true;
        self
    }

    pub fn in_transaction(mut self, tx: TransactionId) -> Self {
        self.transaction = Some(tx);
        self
    }
}
