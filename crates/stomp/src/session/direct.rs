//! The hot path of a send: a fire-and-forget SEND on an open connection is encoded straight
//! from its request into a reused buffer. It is written at once and never kept, so the
//! `Frame` the outbox needs (its header text and offsets, two allocations) is not built, and
//! the buffer the transport hands back with [`Session::recycle`] saves the third. The bytes
//! are the same as the general path's (`write_send`), which the tests below check.
//!
//! A send with no headers but its destination (the common case: a chat message, a
//! telemetry sample) copies the head of the frame, `SEND` and the escaped destination line,
//! from the last such send when it went to the same destination in the same version: that
//! saves checking and escaping the destination and walking the header list per send: 3–8 %
//! of the CPU per send in Chromium, measured as an A/B of two builds (BENCHMARKS.md,
//! send-cpu).

use crate::encode::{encode_parts, itoa_buf};
use crate::error::EncodeError;
use crate::frame::Command;
use crate::version::Version;

use super::delivery::{send_frame, send_headers};
use super::event::SendState;
use super::ids::SendId;
use super::request::SendRequest;
use super::writer::Unwritable;
use super::Session;

/// Buffers larger than this are not kept for reuse: one big send must not pin its memory.
pub(super) const MAX_SPARE: usize = 64 * 1024;

/// The encoded head (`SEND\ndestination:…\n`) of the last send with no other header, and
/// what it was made from.
#[derive(Debug, Default)]
pub(super) struct DirectHead {
    destination: String,
    version: Option<Version>,
    bytes: Vec<u8>,
}

impl DirectHead {
    /// Writes the SEND of `destination` and `body` (no other header) to `out`, reusing the
    /// head made for the last one when it had the same destination and version.
    fn encode(
        &mut self,
        destination: &str,
        body: &[u8],
        version: Version,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        if self.version != Some(version) || self.destination != destination {
            // Encoded as the general path does, with no body: the head is all but the blank
            // line and the NUL that end it.
            self.version = None;
            self.bytes.clear();
            let headers = std::iter::once(("destination", destination));
            encode_parts(Command::Send, headers, &[], version, &mut self.bytes)?;
            self.bytes.truncate(self.bytes.len() - 2);
            self.destination.clear();
            self.destination.push_str(destination);
            self.version = Some(version);
        }
        out.reserve(self.bytes.len() + body.len() + 24);
        out.extend_from_slice(&self.bytes);
        if !body.is_empty() {
            out.extend_from_slice(b"content-length:");
            out.extend_from_slice(itoa_buf(body.len()).as_bytes_mut());
            out.push(b'\n');
        }
        out.push(b'\n');
        out.extend_from_slice(body);
        out.push(0);
        Ok(())
    }
}

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
        // `send_now` leaves its last frame in the spare buffer.
        out.clear();
        if let Err(e) = self.encode_direct(req, &mut out) {
            self.recycle(out);
            return Err(e);
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

    /// Appends the SEND of `req` (no receipt, no transaction) to `out`, as the general path
    /// would write it, or says why it cannot be written (`out` then holds garbage).
    pub(super) fn encode_direct(
        &mut self,
        req: &SendRequest,
        out: &mut Vec<u8>,
    ) -> Result<(), Unwritable> {
        if req.content_type.is_none() && req.headers.is_empty() {
            self.direct_head
                .encode(&req.destination, &req.body, self.version, out)?;
        } else {
            let headers = send_headers(&req.destination, req.content_type.as_deref(), &req.headers);
            encode_parts(Command::Send, headers, &req.body, self.version, out)?;
        }
        let limit = self.config.max_frame_bytes;
        if limit > 0 && out.len() > limit {
            return Err(Unwritable::TooLarge {
                size: out.len(),
                limit,
            });
        }
        Ok(())
    }
}
