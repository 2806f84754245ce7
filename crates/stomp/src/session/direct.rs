//! The hot path of a send: a fire-and-forget SEND on an open connection is encoded straight
//! from its request into a reused buffer. It is written at once and never kept, so the
//! `Frame` the outbox needs (its header text and offsets, two allocations) is not built, and
//! the buffer the transport hands back with [`Session::recycle`] saves the third. The bytes
//! are the same as the general path's (`write_send`), which the tests below check.

use crate::encode::encode_parts;
use crate::frame::Command;

use super::delivery::{send_frame, send_headers};
use super::event::SendState;
use super::ids::SendId;
use super::request::SendRequest;
use super::writer::Unwritable;
use super::Session;

/// Buffers larger than this are not kept for reuse: one big send must not pin its memory.
const MAX_SPARE: usize = 64 * 1024;

impl Session {
    /// Hands back the buffer of a [`Transmit::Bytes`](super::Transmit::Bytes) once the
    /// transport has written it, to be reused for a later frame. Optional: a transport that
    /// drops its buffers works the same, with one allocation more per send.
    pub fn recycle(&mut self, mut buf: Vec<u8>) {
        if self.spare.is_none() && buf.capacity() <= MAX_SPARE {
            buf.clear();
            self.spare = Some(buf);
        }
    }

    /// Writes `req` (no confirmation, no transaction, connected) as one SEND now: `Sent`.
    /// If it cannot be written nothing is written or reported, as in `write_send`.
    pub(super) fn write_direct(
        &mut self,
        now: u64,
        id: SendId,
        req: &SendRequest,
    ) -> Result<(), Unwritable> {
        let mut out = self.spare.take().unwrap_or_default();
        let headers = send_headers(&req.destination, req.content_type.as_deref(), &req.headers);
        let encoded = encode_parts(Command::Send, headers, &req.body, self.version, &mut out);
        let limit = self.config.max_frame_bytes;
        let too_large = limit > 0 && out.len() > limit;
        if let Err(e) = encoded {
            self.recycle(out);
            return Err(e.into());
        }
        if too_large {
            let size = out.len();
            self.recycle(out);
            return Err(Unwritable::TooLarge { size, limit });
        }
        self.push_bytes(now, out);
        if self.config.tap_frames {
            let frame = send_frame(
                &req.destination,
                req.content_type.as_deref(),
                &req.headers,
                req.body.clone(),
            );
            self.tap_out(now, frame);
        }
        self.send_state(id, SendState::Sent);
        Ok(())
    }
}
