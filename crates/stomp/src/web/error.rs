//! Why a client operation failed, and the typed error of a before-connect hook.

use std::error::Error;
use std::fmt;
use std::rc::Rc;

use crate::session::{SendFailure, SessionError};

/// Why a client operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The session refused the command (closed, not connected, outbox full, ...).
    #[error(transparent)]
    Session(#[from] SessionError),
    /// No RECEIPT for a subscription within the receipt timeout.
    #[error("no receipt within the receipt timeout")]
    ReceiptTimeout,
    /// The send ended `Failed`: rejected by the server, cancelled, too large, too many
    /// attempts, its transaction or session gone.
    #[error(transparent)]
    SendFailed(#[from] SendFailure),
    /// The send was written but not confirmed before its connection ended (or its
    /// confirmation timed out): it may or may not have arrived. Never re-sent by the client.
    #[error("sent, but not confirmed: it may or may not have arrived")]
    Uncertain,
    /// The subscription was given up and forgotten (see `SessionConfig::max_send_attempts`).
    #[error("the subscription was given up: {0}")]
    SubscribeFailed(SendFailure),
    /// The server answered a subscription with ERROR.
    #[error("the server rejected the request: {0}")]
    Rejected(String),
    /// The message came from an `auto` subscription: there is nothing to acknowledge.
    #[error("this message needs no acknowledgement")]
    NoAckToken,
    /// The client stopped before answering: its session closed for good, or it has finished.
    #[error("the client has stopped")]
    Stopped,
}

/// The error a before-connect hook returned, kept as the hook's own type: read it with
/// [`HookError::downcast_ref`]. Clones share the error; two are equal when they share it.
///
/// Like `anyhow::Error` it does not implement `std::error::Error` itself, which is what lets
/// `?` turn any error into it.
#[derive(Clone)]
pub struct HookError(Rc<dyn Error + 'static>);

impl HookError {
    /// An error that is just a text.
    pub fn msg(text: impl fmt::Display) -> HookError {
        HookError(Rc::new(Message(text.to_string())))
    }

    /// The hook's error, if it is a `T`.
    pub fn downcast_ref<T: Error + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref::<T>()
    }

    /// The hook's error as a trait object.
    pub fn inner(&self) -> &(dyn Error + 'static) {
        &*self.0
    }
}

impl<E: Error + 'static> From<E> for HookError {
    fn from(e: E) -> HookError {
        HookError(Rc::new(e))
    }
}

/// The error of [`HookError::msg`].
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HookError").field(&self.0).finish()
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "before-connect hook failed: {}", self.0)
    }
}

impl PartialEq for HookError {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for HookError {}
