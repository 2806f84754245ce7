//! Sends not yet confirmed: queued while offline, or written with a receipt requested and
//! waiting for it. Kept in the order they were made, which is the order they are (re)sent.

use std::collections::VecDeque;

use crate::frame::Frame;

use super::ids::{SendId, TransactionId};

#[derive(Debug)]
pub(crate) struct Entry {
    pub id: SendId,
    /// The SEND as built from the request, without a `receipt` header (each write gets a
    /// fresh one).
    pub frame: Frame,
    pub receipt: bool,
    pub transaction: Option<TransactionId>,
    /// Written on the current connection and waiting for its RECEIPT.
    pub written: bool,
    /// How many times it has been written, over all connections.
    pub writes: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Outbox {
    entries: VecDeque<Entry>,
}

impl Outbox {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn push(&mut self, entry: Entry) {
        self.entries.push_back(entry);
    }

    /// Removes a send (confirmed, timed out or rejected); whether it was there.
    pub fn remove(&mut self, id: SendId) -> bool {
        // Receipts mostly come back in order, so the front is the usual hit.
        match self.entries.iter().position(|e| e.id == id) {
            Some(pos) => {
                self.entries.remove(pos);
                true
            }
            None => false,
        }
    }

    /// Takes every entry, to be written afresh on a new connection.
    pub fn take_all(&mut self) -> VecDeque<Entry> {
        std::mem::take(&mut self.entries)
    }

    /// The connection ended: what was written is unconfirmed again. Sends inside a
    /// transaction cannot be re-sent (the transaction died); they are returned.
    pub fn connection_lost(&mut self) -> Vec<SendId> {
        let mut lost = Vec::new();
        self.entries.retain_mut(|e| {
            if e.transaction.is_some() {
                lost.push(e.id);
                return false;
            }
            e.written = false;
            true
        });
        lost
    }
}
