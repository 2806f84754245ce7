//! The handle of one send: its id, its latest state, and a future of its outcome.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::session::{Confirm, SendId, SendState};

use super::error::ClientError;

/// How a send ended well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Written to an open socket (the end of a `Confirm::None` send).
    Sent,
    /// Confirmed by a RECEIPT or by [`StompClient::confirm`](super::StompClient::confirm).
    Delivered,
}

/// What [`StompClient::send`](super::StompClient::send) returns. The send is already handed
/// to the client; awaiting this only learns how it ended. Dropping it does not cancel the
/// send (use [`StompClient::cancel`](super::StompClient::cancel)).
///
/// It resolves at the send's final state: `Sent` (for `Confirm::None`) and `Delivered` are
/// `Ok`; `Uncertain` is [`ClientError::Uncertain`]; `Failed(f)` is
/// [`ClientError::SendFailed`]; a send refused at once (too large, closed, outbox full,
/// unknown transaction) is [`ClientError::Session`].
#[derive(Debug)]
pub struct SendHandle {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    /// Final when handed out: no allocation on the hot path of a send written at once.
    Done {
        id: Option<SendId>,
        state: Option<SendState>,
        result: Option<Result<Outcome, ClientError>>,
    },
    Waiting(Rc<SendSlot>),
}

/// Where the driver writes the states of a send someone may still await.
#[derive(Debug)]
pub(crate) struct SendSlot(RefCell<Slot>);

#[derive(Debug)]
struct Slot {
    confirm: Confirm,
    id: Option<SendId>,
    state: Option<SendState>,
    /// Set when the send was refused before it got an id.
    refused: Option<ClientError>,
    waker: Option<Waker>,
}

/// Whether `state` is the last one of a send confirmed by `confirm`: `Sent` ends only a
/// fire-and-forget send.
pub(crate) fn ends(confirm: Confirm, state: &SendState) -> bool {
    state.is_final() || (confirm == Confirm::None && *state == SendState::Sent)
}

impl SendSlot {
    pub(crate) fn new(confirm: Confirm) -> SendSlot {
        SendSlot(RefCell::new(Slot {
            confirm,
            id: None,
            state: None,
            refused: None,
            waker: None,
        }))
    }

    pub(crate) fn set_id(&self, id: SendId) {
        self.0.borrow_mut().id = Some(id);
    }

    pub(crate) fn set_state(&self, state: SendState) {
        let mut slot = self.0.borrow_mut();
        let done = ends(slot.confirm, &state);
        slot.state = Some(state);
        if done {
            if let Some(w) = slot.waker.take() {
                w.wake();
            }
        }
    }

    pub(crate) fn refuse(&self, error: ClientError) {
        let mut slot = self.0.borrow_mut();
        slot.refused = Some(error);
        if let Some(w) = slot.waker.take() {
            w.wake();
        }
    }
}

impl SendHandle {
    pub(crate) fn done(id: SendId, state: SendState) -> SendHandle {
        let result = Some(outcome(&state));
        SendHandle {
            inner: Inner::Done {
                id: Some(id),
                state: Some(state),
                result,
            },
        }
    }

    pub(crate) fn refused(error: ClientError) -> SendHandle {
        SendHandle {
            inner: Inner::Done {
                id: None,
                state: None,
                result: Some(Err(error)),
            },
        }
    }

    pub(crate) fn waiting(slot: Rc<SendSlot>) -> SendHandle {
        SendHandle {
            inner: Inner::Waiting(slot),
        }
    }

    /// The send's id, for [`StompClient::confirm`](super::StompClient::confirm), `cancel` and
    /// matching [`ClientEvent::Send`](super::ClientEvent::Send). `None` when it was refused
    /// at once (or, rarely, while a send issued during the client's own work waits its turn).
    pub fn id(&self) -> Option<SendId> {
        match &self.inner {
            Inner::Done { id, .. } => *id,
            Inner::Waiting(slot) => slot.0.borrow().id,
        }
    }

    /// The latest state; `None` if the send was refused at once (it never had one).
    pub fn state(&self) -> Option<SendState> {
        match &self.inner {
            Inner::Done { state, .. } => state.clone(),
            Inner::Waiting(slot) => slot.0.borrow().state.clone(),
        }
    }
}

fn outcome(state: &SendState) -> Result<Outcome, ClientError> {
    match state {
        SendState::Delivered => Ok(Outcome::Delivered),
        SendState::Uncertain => Err(ClientError::Uncertain),
        SendState::Failed(f) => Err(ClientError::SendFailed(f.clone())),
        // Final only for `Confirm::None`; the driver hands out no other non-final state.
        SendState::Sent | SendState::Queued => Ok(Outcome::Sent),
    }
}

impl Future for SendHandle {
    type Output = Result<Outcome, ClientError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().inner {
            Inner::Done { result, .. } => {
                Poll::Ready(result.take().unwrap_or(Err(ClientError::Stopped)))
            }
            Inner::Waiting(slot) => {
                let mut s = slot.0.borrow_mut();
                if let Some(e) = &s.refused {
                    return Poll::Ready(Err(e.clone()));
                }
                match &s.state {
                    Some(state) if ends(s.confirm, state) => Poll::Ready(outcome(state)),
                    _ if Rc::strong_count(slot) == 1 => {
                        // The driver let go without a final state: it has stopped.
                        Poll::Ready(Err(ClientError::Stopped))
                    }
                    _ => {
                        s.waker = Some(cx.waker().clone());
                        Poll::Pending
                    }
                }
            }
        }
    }
}
