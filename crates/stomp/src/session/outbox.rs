//! Sends not yet settled: queued while offline, or written and waiting for their RECEIPT or
//! for the caller's confirmation. Kept in the order they were made, which is the order they
//! are (re)sent.

use std::collections::VecDeque;

use crate::frame::Frame;

use super::ids::{SendId, TransactionId};
use super::request::Confirm;

#[derive(Debug)]
pub(crate) struct Entry {
    pub id: SendId,
    /// The SEND as built from the request. A `receipt` header, if any, is replaced on every
    /// write (each write gets a fresh one).
    pub frame: Frame,
    pub confirm: Confirm,
    pub transaction: Option<TransactionId>,
    /// When written on the current connection: the session's write counter then, so the
    /// most recently written can be blamed for an ERROR that names nothing.
    pub written: Option<u64>,
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

    fn position(&self, id: SendId) -> Option<usize> {
        // Receipts mostly come back in order, so the front is the usual hit.
        self.entries.iter().position(|e| e.id == id)
    }

    pub fn get(&self, id: SendId) -> Option<&Entry> {
        self.entries.get(self.position(id)?)
    }

    /// Removes a send (settled one way or another).
    pub fn remove(&mut self, id: SendId) -> Option<Entry> {
        let pos = self.position(id)?;
        self.entries.remove(pos)
    }

    /// The send written last on the current connection and still unconfirmed.
    pub fn latest_written(&self) -> Option<SendId> {
        self.entries
            .iter()
            .filter_map(|e| e.written.map(|w| (w, e.id)))
            .max()
            .map(|(_, id)| id)
    }

    /// Takes every entry, in order.
    pub fn take_all(&mut self) -> VecDeque<Entry> {
        std::mem::take(&mut self.entries)
    }

    /// The transaction was committed: its sends are now ordinary ones, as the server has
    /// them for good. A re-send goes out on its own, as the transaction is over.
    pub fn committed(&mut self, tx: TransactionId) {
        for e in &mut self.entries {
            if e.transaction == Some(tx) {
                e.transaction = None;
                e.frame.headers.remove("transaction");
            }
        }
    }

    /// Removes and returns the sends of an aborted transaction.
    pub fn aborted(&mut self, tx: TransactionId) -> Vec<SendId> {
        let mut gone = Vec::new();
        self.entries.retain(|e| {
            let hit = e.transaction == Some(tx);
            if hit {
                gone.push(e.id);
            }
            !hit
        });
        gone
    }
}
