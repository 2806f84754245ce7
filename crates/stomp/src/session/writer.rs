//! What goes out: frames to bytes (split into WebSocket messages), subscriptions replayed
//! on a new connection, and the outbox flushed after them.

use crate::encode::{encode_to_vec, split_message};
use crate::error::EncodeError;
use crate::frame::Frame;

use super::event::{Event, SendFailure, SendState, Transmit};
use super::ids::SubscriptionId;
use super::outbox::Entry;
use super::receipts::Awaiting;
use super::request::Confirm;
use super::{Session, SessionError};

/// Why a SEND cannot be written as it is.
#[derive(Debug)]
pub(super) enum Unwritable {
    TooLarge { size: usize, limit: usize },
    Encode(EncodeError),
}

impl From<EncodeError> for Unwritable {
    fn from(e: EncodeError) -> Self {
        Unwritable::Encode(e)
    }
}

impl From<Unwritable> for SessionError {
    fn from(u: Unwritable) -> Self {
        match u {
            Unwritable::TooLarge { size, limit } => SessionError::TooLarge { size, limit },
            Unwritable::Encode(e) => SessionError::Encode(e),
        }
    }
}

impl From<Unwritable> for SendFailure {
    fn from(u: Unwritable) -> Self {
        match u {
            Unwritable::TooLarge { size, limit } => SendFailure::TooLarge { size, limit },
            Unwritable::Encode(e) => SendFailure::Encode(e),
        }
    }
}

impl Session {
    /// Encodes a frame in the negotiated version and queues it.
    pub(super) fn write(&mut self, now: u64, frame: &Frame) -> Result<(), EncodeError> {
        let bytes = encode_to_vec(frame, self.version)?;
        self.push_encoded(now, bytes, frame);
        Ok(())
    }

    /// Queues encoded bytes, split into WebSocket-sized messages. Anything written resets
    /// the outgoing heart-beat clock.
    #[inline]
    fn push_encoded(&mut self, now: u64, bytes: Vec<u8>, frame: &Frame) {
        self.push_bytes(now, bytes);
        if self.config.tap_frames {
            self.tap_out(now, frame.clone());
        }
    }

    /// Queues an encoded frame, split into WebSocket-sized messages.
    #[inline]
    pub(super) fn push_bytes(&mut self, now: u64, bytes: Vec<u8>) {
        let max = self.config.max_ws_message;
        if max == 0 || bytes.len() <= max {
            self.transmits.push_back(Transmit::Bytes(bytes));
        } else {
            for piece in split_message(&bytes, max) {
                self.transmits.push_back(Transmit::Bytes(piece.to_vec()));
            }
        }
        self.wrote(now);
    }

    /// A frame was written at `now` (queued here, or by the caller of `send_now`): it counts
    /// for the outgoing heart-beat and as a write.
    pub(super) fn wrote(&mut self, now: u64) {
        self.live.last_sent = now;
        self.writes = self.writes.wrapping_add(1);
    }

    /// Shows a frame written (`tap_frames`), without its passcode.
    pub(super) fn tap_out(&mut self, now: u64, mut shown: Frame) {
        if shown.headers.contains("passcode") {
            // Debug views get shared and screenshotted; the password stays out.
            shown.headers.set("passcode", "***");
        }
        self.events.push_back(Event::FrameOut {
            at: now,
            frame: Some(shown),
        });
    }

    /// Replays every remembered subscription on a fresh connection, giving up those whose
    /// receipt never came `max_send_attempts` times.
    pub(super) fn resubscribe(&mut self, now: u64) {
        let max_writes = self.config.max_send_attempts.max(1);
        for id in self.subs.ids() {
            let given_up = self
                .subs
                .get_mut(id)
                .filter(|s| s.receipt_pending && s.writes >= max_writes)
                .map(|s| s.writes);
            if let Some(attempts) = given_up {
                // As with sends: replaying it forever would keep the session reconnecting.
                self.subs.remove(id);
                self.events.push_back(Event::SubscribeFailed {
                    id,
                    reason: SendFailure::TooManyAttempts { attempts },
                });
                continue;
            }
            // Checked encodable when made; a failure here could only be a 1.0 server
            // refusing what 1.1 allows, and the subscription is then useless anyway.
            let _ = self.write_subscribe(now, id);
        }
    }

    pub(super) fn write_subscribe(
        &mut self,
        now: u64,
        id: SubscriptionId,
    ) -> Result<(), EncodeError> {
        let deadline = now.saturating_add(self.config.receipt_timeout_ms);
        let Some(sub) = self.subs.get_mut(id) else {
            return Ok(());
        };
        let receipt = sub
            .receipt_pending
            .then(|| self.receipts.register(Awaiting::Subscribe(id), deadline));
        if receipt.is_some() {
            sub.writes = sub.writes.saturating_add(1);
        }
        let frame = sub.frame(receipt.as_deref());
        let result = self.write(now, &frame);
        match (&result, &receipt) {
            (Err(_), Some(r)) => {
                self.receipts.take(r);
            }
            (Ok(()), _) => {
                if let Some(sub) = self.subs.get_mut(id) {
                    sub.written = true;
                }
            }
            (Err(_), None) => {}
        }
        result
    }

    /// Writes every held send, oldest first, on a fresh connection.
    pub(super) fn flush_outbox(&mut self, now: u64) {
        let max_writes = self.config.max_send_attempts.max(1);
        for entry in self.outbox.take_all() {
            if entry.writes >= max_writes {
                // Most likely the send itself kills the connection (a broker that drops the
                // socket without an ERROR): re-sending it forever would keep the whole
                // session reconnecting.
                let attempts = entry.writes;
                let failure = SendFailure::TooManyAttempts { attempts };
                self.send_state(entry.id, SendState::Failed(failure));
                continue;
            }
            let id = entry.id;
            if let Err(e) = self.write_send(now, entry) {
                self.send_state(id, SendState::Failed(e.into()));
            }
        }
    }

    /// Writes a send on the current connection (`Sent`). One awaiting confirmation is held
    /// in the outbox, a `Receipt` one with a fresh receipt id; if it cannot be written,
    /// nothing is kept, written or reported.
    #[inline]
    pub(super) fn write_send(&mut self, now: u64, mut entry: Entry) -> Result<(), Unwritable> {
        let deadline = now.saturating_add(self.config.receipt_timeout_ms);
        let awaiting = Awaiting::Send(entry.id);
        let receipt =
            (entry.confirm == Confirm::Receipt).then(|| self.receipts.register(awaiting, deadline));
        if let Some(r) = &receipt {
            entry.frame.headers.set("receipt", r);
        }
        let bytes = match self.encode_send(&entry.frame) {
            Ok(bytes) => bytes,
            Err(e) => {
                if let Some(r) = &receipt {
                    self.receipts.take(r);
                }
                return Err(e);
            }
        };
        self.push_encoded(now, bytes, &entry.frame);
        self.send_state(entry.id, SendState::Sent);
        if entry.confirm == Confirm::None {
            return Ok(());
        }
        if matches!(entry.confirm, Confirm::Caller | Confirm::Echo) {
            self.receipts.watch(awaiting, deadline);
        }
        entry.written = Some(self.writes);
        entry.writes = entry.writes.saturating_add(1);
        self.outbox.push(entry);
        Ok(())
    }

    #[inline]
    fn encode_send(&self, frame: &Frame) -> Result<Vec<u8>, Unwritable> {
        let bytes = encode_to_vec(frame, self.version)?;
        let limit = self.config.max_frame_bytes;
        if limit > 0 && bytes.len() > limit {
            return Err(Unwritable::TooLarge {
                size: bytes.len(),
                limit,
            });
        }
        Ok(bytes)
    }
}
