//! Identifiers the session hands out. They are small numbers, so messages can be routed to
//! their subscription without allocating; on the wire they read `sub-3`, `tx-1`.

use std::fmt;

/// A subscription. Stays the same across reconnects (it is replayed with the same id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubscriptionId(pub(crate) u64);

/// One call of [`Session::send`](super::Session::send), for matching receipts and failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SendId(pub(crate) u64);

/// A transaction begun on the current connection; it dies with that connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TransactionId(pub(crate) u64);

/// What to pass to `ack`/`nack` for a message of a `client` or `client-individual`
/// subscription. Valid only on the connection that delivered the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AckToken {
    pub(crate) subscription: SubscriptionId,
    /// Position of the message among those delivered to this subscription.
    pub(crate) seq: u64,
}

impl SubscriptionId {
    const PREFIX: &'static str = "sub-";

    /// Reads the wire form back (`sub-3`), without allocating.
    pub fn parse(s: &str) -> Option<SubscriptionId> {
        parse_prefixed(s, Self::PREFIX).map(SubscriptionId)
    }
}

impl TransactionId {
    const PREFIX: &'static str = "tx-";

    /// Reads the wire form back (`tx-1`).
    pub fn parse(s: &str) -> Option<TransactionId> {
        parse_prefixed(s, Self::PREFIX).map(TransactionId)
    }
}

impl SendId {
    /// The sequence number, for display.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl AckToken {
    /// The subscription that delivered the message.
    pub fn subscription(&self) -> SubscriptionId {
        self.subscription
    }
}

fn parse_prefixed(s: &str, prefix: &str) -> Option<u64> {
    let digits = s.strip_prefix(prefix)?;
    // Reject "+1", "01" and the like, so each id has exactly one wire form.
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0)
    }
}

impl fmt::Display for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0)
    }
}

impl fmt::Display for SendId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "send #{}", self.0)
    }
}
