//! The hot path of a send in the browser: a fire-and-forget send written by the driver as
//! soon as the session has encoded it ([`Session::send_now`](crate::session::Session::send_now)),
//! without the `Transmit` and `Event` the general path queues and then polls straight back,
//! and without the bookkeeping that finds its handle's state among the events. Anything the
//! session will not write this way (a receipt, a transaction, frames still queued, no
//! connection) returns `None` here and goes the general way.

use crate::session::{SendRequest, SendState};

use super::super::clock;
use super::super::config::WsFrames;
use super::super::event::ClientEvent;
use super::super::send::SendHandle;
use super::Driver;

impl Driver {
    /// Writes `req` at once if the session lets the caller write it, and returns its handle,
    /// final (`Sent`); `None` if it must go the general way.
    pub(super) fn send_now(&mut self, req: &SendRequest) -> Option<SendHandle> {
        let socket = self.socket.as_ref()?;
        // The time of the driver's last clock reading (its last input, at the latest), not
        // a new one: a send only moves the next heart-beat later, so an earlier time can
        // only make that heart-beat go early (one more `\n` at worst), never late. A burst
        // of sends then reads the clock not once per send but never.
        let (id, bytes) = self.session.send_now(clock::last(), req)?;
        let sent = match self.frames {
            WsFrames::Text => socket.send_text_if_utf8(bytes),
            WsFrames::Binary => socket.send(bytes),
        };
        // Reported as the general path reports it: `Sent` first, then whatever a failed
        // write leads to (the session queues no event of its own for this send).
        if !self.shared.listeners.borrow().is_empty() {
            let state = SendState::Sent;
            self.shared.broadcast(ClientEvent::Send { id, state });
        }
        if let Err(e) = sent {
            self.write_failed(e.to_string());
            self.pump();
        }
        // The deadline of the next heart-beat only moved later: the timer armed for the
        // earlier one wakes, finds nothing due and re-arms, as after any other write.
        Some(SendHandle::done(id, SendState::Sent))
    }
}
