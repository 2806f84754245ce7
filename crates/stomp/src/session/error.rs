//! Errors of session commands: the caller asked for something the session cannot do now.

use thiserror::Error;

use super::ids::{SubscriptionId, TransactionId};
use crate::error::EncodeError;
use crate::version::Version;

/// Why a command was refused. Nothing was queued or written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SessionError {
    /// The session is disconnecting or closed; call `connect` to start again.
    #[error("the session is closed")]
    Closed,
    /// The command only makes sense on a live connection (ack, nack, transactions).
    #[error("not connected")]
    NotConnected,
    /// Too many sends are waiting; nothing was queued.
    #[error("outbox full: {limit} sends already waiting")]
    OutboxFull {
        /// `SessionConfig::outbox_limit`.
        limit: usize,
    },
    /// The encoded SEND is longer than `SessionConfig::max_frame_bytes`.
    #[error("the frame is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Bytes of the encoded frame.
        size: usize,
        /// `SessionConfig::max_frame_bytes`.
        limit: usize,
    },
    /// Never made, or already unsubscribed or forgotten.
    #[error("unknown subscription {0}")]
    UnknownSubscription(SubscriptionId),
    /// The token is not pending: already acked, or from an earlier connection.
    #[error("no such message awaiting acknowledgement")]
    UnknownMessage,
    /// Never begun, already ended, or begun on a connection since lost.
    #[error("unknown transaction {0}")]
    UnknownTransaction(TransactionId),
    /// The negotiated version has no such command (NACK in 1.0).
    #[error("{command} is not part of STOMP {version}")]
    Unsupported {
        /// The command asked for.
        command: &'static str,
        /// The negotiated version.
        version: Version,
    },
    /// A header cannot be written in this version (a line break in STOMP 1.0, ...).
    #[error(transparent)]
    Encode(#[from] EncodeError),
}
