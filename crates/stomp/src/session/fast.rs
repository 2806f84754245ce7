//! The fire-and-forget send a driver writes itself: [`Session::send_now`].
//!
//! A `Confirm::None` send on an open connection is final once written, so nothing of it needs
//! to pass through the session's queues: `send` would push its bytes as a `Transmit` and its
//! `Sent` as an `Event`, only for the driver to poll both straight back. Here the frame is
//! encoded into a buffer the session keeps, and the caller gets the bytes and the id at once
//! and writes them; the `Sent` it would have been told is implied by the answer.
//!
//! Only what can be written *now, in order and whole* takes this path; anything else is left
//! to `send`, which handles every case. In particular, nothing may jump the queue: with any
//! transmit or event still undrained the answer is `None`, so a fast send is never written
//! before a frame queued earlier (a replayed SUBSCRIBE, a held send flushed on reconnect)
//! nor reported before an earlier event.

use super::direct::MAX_SPARE;
use super::ids::SendId;
use super::request::{Confirm, SendRequest};
use super::{Phase, Session};

impl Session {
    /// Encodes `req` for the caller to write now, if it is a fire-and-forget send
    /// (`Confirm::None`, no transaction) that the session would write at once as one
    /// WebSocket message with nothing queued before it: connected, no transmit or event
    /// waiting to be polled, not tapped (`tap_frames`), within `max_frame_bytes` and
    /// `max_ws_message`.
    ///
    /// `Some((id, bytes))`: the send has the id `send` would have given it and is `Sent`
    /// (final; no [`Event::Send`](super::Event::Send) is queued for it). The caller must
    /// write `bytes` as one WebSocket message before calling the session again, and report
    /// a failed write with `handle_close`, exactly as for a
    /// [`Transmit::Bytes`](super::Transmit::Bytes). The write counts for the outgoing
    /// heart-beat, as any frame does.
    ///
    /// `None`: nothing happened; use [`Session::send`], which also gives every refusal.
    pub fn send_now(&mut self, now: u64, req: &SendRequest) -> Option<(SendId, &[u8])> {
        let ready = matches!(self.phase, Phase::Connected { .. })
            && req.confirm == Confirm::None
            && req.transaction.is_none()
            && !self.config.tap_frames
            && self.transmits.is_empty()
            && self.events.is_empty();
        if !ready {
            return None;
        }
        // The buffer the general path recycles: both paths then write at the same address,
        // where the web socket's reused view of wasm memory expects the next message.
        let mut out = self.spare.take().unwrap_or_default();
        if out.capacity() > MAX_SPARE {
            out = Vec::new();
        }
        out.clear();
        let encoded = self.encode_direct(req, &mut out).is_ok();
        let max = self.config.max_ws_message;
        let whole = max == 0 || out.len() <= max;
        if !(encoded && whole) {
            self.spare = Some(out);
            return None;
        }
        let id = SendId(self.next_send);
        self.next_send = self.next_send.wrapping_add(1);
        self.wrote(now);
        Some((id, self.spare.insert(out)))
    }
}
