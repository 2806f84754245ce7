//! Receipts we asked for on the current connection and are still waiting for.

use std::collections::VecDeque;

use super::event::ReceiptFor;

#[derive(Debug)]
struct Pending {
    id: u64,
    what: ReceiptFor,
    deadline: u64,
}

/// Every receipt gets the same timeout and time never goes backwards, so the queue is in
/// deadline order and the front is always the next to expire. RECEIPTs usually come back in
/// the order asked, so finding one is a look at the front too.
#[derive(Debug, Default)]
pub(crate) struct Receipts {
    pending: VecDeque<Pending>,
    next_id: u64,
}

const PREFIX: &str = "r-";

impl Receipts {
    /// A fresh id for the `receipt` header, not registered for a timeout (DISCONNECT's).
    pub fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    pub fn header_value(id: u64) -> String {
        format!("{PREFIX}{id}")
    }

    pub fn parse(value: &str) -> Option<u64> {
        let digits = value.strip_prefix(PREFIX)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// Registers a receipt expected by `deadline`; returns the header value to send.
    pub fn register(&mut self, what: ReceiptFor, deadline: u64) -> String {
        let id = self.fresh_id();
        self.pending.push_back(Pending { id, what, deadline });
        Self::header_value(id)
    }

    /// The request a RECEIPT's `receipt-id` answers, if we are waiting for it.
    pub fn take(&mut self, receipt_id: &str) -> Option<ReceiptFor> {
        let id = Self::parse(receipt_id)?;
        let pos = self.pending.iter().position(|p| p.id == id)?;
        self.pending.remove(pos).map(|p| p.what)
    }

    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.front().map(|p| p.deadline)
    }

    /// The next receipt whose deadline has passed, removed.
    pub fn pop_expired(&mut self, now: u64) -> Option<ReceiptFor> {
        if self.pending.front()?.deadline <= now {
            self.pending.pop_front().map(|p| p.what)
        } else {
            None
        }
    }

    /// The connection ended: nothing more can arrive for these.
    pub fn clear(&mut self) {
        self.pending.clear();
    }
}
