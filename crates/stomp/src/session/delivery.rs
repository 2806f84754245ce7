//! The delivery model: each send's way through [`SendState`]s, and what a lost connection,
//! a closed session, a confirmation or a cancel does to the sends still held.

use bytes::Bytes;

use crate::encode::encode_to_vec;
use crate::frame::{Command, Frame};

use super::event::{Event, SendFailure, SendState};
use super::ids::SendId;
use super::outbox::Entry;
use super::receipts::Awaiting;
use super::request::{Confirm, SendRequest};
use super::{Phase, Session, SessionError};

impl Session {
    #[inline]
    pub(super) fn send_state(&mut self, id: SendId, state: SendState) {
        self.events.push_back(Event::Send { id, state });
    }

    #[inline]
    pub(super) fn submit(&mut self, now: u64, req: SendRequest) -> Result<SendId, SessionError> {
        self.check_open()?;
        if let Some(tx) = req.transaction {
            if !self.transactions.contains(&tx) {
                return Err(SessionError::UnknownTransaction(tx));
            }
        }
        let connected = matches!(self.phase, Phase::Connected { .. });
        let held = req.confirm != Confirm::None || !connected;
        if held && self.outbox.len() >= self.config.outbox_limit {
            return Err(SessionError::OutboxFull {
                limit: self.config.outbox_limit,
            });
        }
        let id = SendId(self.next_send);
        if connected && req.confirm == Confirm::None && req.transaction.is_none() {
            // Written now and never kept: no frame to build (see direct.rs).
            self.write_direct(now, id, &req)?;
            self.next_send = self.next_send.wrapping_add(1);
            return Ok(id);
        }
        let mut frame = send_frame(
            &req.destination,
            req.content_type.as_deref(),
            &req.headers,
            req.body,
        );
        if let Some(tx) = req.transaction {
            frame.headers.push("transaction", &tx.to_string());
        }
        let entry = Entry {
            id,
            frame,
            confirm: req.confirm,
            transaction: req.transaction,
            written: None,
            writes: 0,
        };
        if connected {
            self.write_send(now, entry)?;
        } else {
            self.check_queued_size(&entry)?;
            self.outbox.push(entry);
            self.send_state(id, SendState::Queued);
        }
        self.next_send = self.next_send.wrapping_add(1);
        Ok(id)
    }

    /// Refuses, while offline, a frame that will be too large when written. Its exact size
    /// depends on the version negotiated next and on its receipt id, so this measures it in
    /// the last version with the next receipt id; the write after the reconnect checks again
    /// (`Failed(TooLarge)`). One that cannot be encoded is left to fail then, visibly.
    fn check_queued_size(&self, entry: &Entry) -> Result<(), SessionError> {
        let limit = self.config.max_frame_bytes;
        if limit == 0 {
            return Ok(());
        }
        let Ok(bytes) = encode_to_vec(&entry.frame, self.version) else {
            return Ok(());
        };
        let receipt = match entry.confirm {
            Confirm::Receipt => "receipt:\n".len() + self.receipts.next_header_len(),
            Confirm::None | Confirm::Caller | Confirm::Echo => 0,
        };
        let size = bytes.len() + receipt;
        if size > limit {
            return Err(SessionError::TooLarge { size, limit });
        }
        Ok(())
    }

    pub(super) fn confirm_send(&mut self, id: SendId) -> bool {
        let confirmable = self.outbox.get(id).is_some_and(|e| {
            matches!(e.confirm, Confirm::Caller | Confirm::Echo) && e.written.is_some()
        });
        if !confirmable {
            return false;
        }
        self.outbox.remove(id);
        self.receipts.forget(Awaiting::Send(id));
        self.send_state(id, SendState::Delivered);
        true
    }

    pub(super) fn cancel_send(&mut self, id: SendId) -> bool {
        if self.outbox.remove(id).is_none() {
            return false;
        }
        self.receipts.forget(Awaiting::Send(id));
        self.send_state(id, SendState::Failed(SendFailure::Cancelled));
        true
    }

    /// The connection ended. Never written: still queued. Written and unconfirmed: a
    /// `Receipt` or `Echo` send is queued again (unless no connection follows), anything else may or
    /// may not have arrived and is never written again.
    pub(super) fn sends_connection_lost(&mut self, for_good: bool) {
        for mut entry in self.outbox.take_all() {
            let state = match (entry.written, entry.confirm) {
                (None, _) => {
                    self.outbox.push(entry);
                    continue;
                }
                // Never committed: the server dropped it with the transaction.
                (Some(_), _) if entry.transaction.is_some() => {
                    SendState::Failed(SendFailure::TransactionLost)
                }
                (Some(_), Confirm::Receipt | Confirm::Echo) if !for_good => {
                    entry.written = None;
                    let id = entry.id;
                    self.outbox.push(entry);
                    self.send_state(id, SendState::Queued);
                    continue;
                }
                (Some(_), _) => SendState::Uncertain,
            };
            self.send_state(entry.id, state);
        }
    }

    /// No connection follows: what was written at some point may have arrived, the rest
    /// certainly did not.
    pub(super) fn sends_session_closed(&mut self) {
        for entry in self.outbox.take_all() {
            let state = if entry.writes > 0 {
                SendState::Uncertain
            } else {
                SendState::Failed(SendFailure::SessionClosed)
            };
            self.send_state(entry.id, state);
        }
    }

    /// The spec: a DISCONNECT receipt means every earlier frame was received.
    pub(super) fn sends_confirmed_by_disconnect(&mut self) {
        for entry in self.outbox.take_all() {
            let state = if entry.written.is_some() {
                SendState::Delivered
            } else if entry.writes > 0 {
                SendState::Uncertain
            } else {
                SendState::Failed(SendFailure::SessionClosed)
            };
            self.send_state(entry.id, state);
        }
    }

    pub(super) fn sends_aborted(&mut self, tx: super::TransactionId) {
        for id in self.outbox.aborted(tx) {
            self.receipts.forget(Awaiting::Send(id));
            self.send_state(id, SendState::Failed(SendFailure::TransactionLost));
        }
    }
}

/// The SEND frame of a request (without the receipt and transaction the session adds).
pub(super) fn send_frame(
    destination: &str,
    content_type: Option<&str>,
    headers: &[(String, String)],
    body: Bytes,
) -> Frame {
    let mut f = Frame::new(Command::Send);
    for (n, v) in send_headers(destination, content_type, headers) {
        f.headers.push(n, v);
    }
    f.body = body;
    f
}

/// The headers of a request's SEND, in order: `destination`, `content-type`, then the
/// caller's, less those the session writes itself and a second `content-type`.
pub(super) fn send_headers<'a>(
    destination: &'a str,
    content_type: Option<&'a str>,
    headers: &'a [(String, String)],
) -> impl Iterator<Item = (&'a str, &'a str)> + Clone + 'a {
    const RESERVED: [&str; 4] = ["destination", "content-length", "receipt", "transaction"];
    let own = headers.iter().filter(move |(n, _)| {
        let duplicate_type = n == "content-type" && content_type.is_some();
        !RESERVED.contains(&n.as_str()) && !duplicate_type
    });
    std::iter::once(("destination", destination))
        .chain(content_type.map(|ct| ("content-type", ct)))
        .chain(own.map(|(n, v)| (n.as_str(), v.as_str())))
}
