//! What we are waiting to hear about on the current connection: RECEIPTs we asked for, and
//! caller confirmations of sends, each with its deadline.

use std::collections::VecDeque;

use super::ids::{SendId, SubscriptionId};

/// What a pending confirmation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Awaiting {
    Send(SendId),
    Subscribe(SubscriptionId),
}

#[derive(Debug)]
struct Pending {
    /// The number in our `receipt` header; `None` when the caller confirms instead.
    wire: Option<u64>,
    what: Awaiting,
    deadline: u64,
}

/// Every wait gets the same timeout and time never goes backwards, so the queue is in
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

    /// The header value the next registered receipt will get, for size estimates.
    pub fn next_header_len(&self) -> usize {
        Self::header_value(self.next_id).len()
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
    pub fn register(&mut self, what: Awaiting, deadline: u64) -> String {
        let id = self.fresh_id();
        self.pending.push_back(Pending {
            wire: Some(id),
            what,
            deadline,
        });
        Self::header_value(id)
    }

    /// Waits for a confirmation that does not come as a RECEIPT.
    pub fn watch(&mut self, what: Awaiting, deadline: u64) {
        self.pending.push_back(Pending {
            wire: None,
            what,
            deadline,
        });
    }

    /// What a RECEIPT's (or ERROR's) `receipt-id` answers, if we are waiting for it.
    pub fn take(&mut self, receipt_id: &str) -> Option<Awaiting> {
        let id = Self::parse(receipt_id)?;
        let pos = self.pending.iter().position(|p| p.wire == Some(id))?;
        self.pending.remove(pos).map(|p| p.what)
    }

    /// Stops waiting for `what` (settled some other way).
    pub fn forget(&mut self, what: Awaiting) {
        if let Some(pos) = self.pending.iter().position(|p| p.what == what) {
            self.pending.remove(pos);
        }
    }

    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.front().map(|p| p.deadline)
    }

    /// The next wait whose deadline has passed, removed.
    pub fn pop_expired(&mut self, now: u64) -> Option<Awaiting> {
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
