//! Subscriptions remembered across reconnects, and the messages awaiting acknowledgement.

use std::collections::VecDeque;

use crate::frame::{Command, Frame};

use super::ids::SubscriptionId;
use super::request::{AckMode, SubscribeOptions};

#[derive(Debug)]
pub(crate) struct Sub {
    pub id: SubscriptionId,
    pub destination: String,
    pub opts: SubscribeOptions,
    /// A receipt was asked for and has not come yet: ask again when replaying.
    pub receipt_pending: bool,
    /// SUBSCRIBE frames written while the receipt was pending (bounded like sends).
    pub writes: u32,
    /// (sequence, value for the ACK frame) of delivered messages not yet acked, in order.
    pub unacked: VecDeque<(u64, String)>,
    next_seq: u64,
    /// `max_unacked` was reached on this connection (and reported).
    pub over_limit: bool,
    /// Its SUBSCRIBE was written on some connection.
    pub written: bool,
    /// A RabbitMQ stream consumer (the caller set `x-stream-offset`): the highest offset
    /// delivered so far. A replayed SUBSCRIBE resumes right after it, so a reconnect (or a
    /// move to another node) neither skips nor repeats messages of the stream.
    pub stream_position: Option<u64>,
    stream: bool,
}

/// RabbitMQ's header naming where a stream consumer starts, and, on each MESSAGE, its offset.
pub(crate) const STREAM_OFFSET: &str = "x-stream-offset";

/// Ids only grow and entries stay in creation order, so lookup is a binary search.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    list: Vec<Sub>,
    next_id: u64,
}

/// Headers the session writes itself; callers' copies would contradict them.
const RESERVED: [&str; 4] = ["id", "destination", "ack", "receipt"];

impl Subscriptions {
    pub fn add(&mut self, destination: &str, opts: SubscribeOptions) -> SubscriptionId {
        let id = SubscriptionId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        let stream = opts.headers.iter().any(|(n, _)| n == STREAM_OFFSET);
        self.list.push(Sub {
            stream_position: None,
            stream,
            id,
            destination: destination.to_owned(),
            receipt_pending: opts.receipt,
            writes: 0,
            opts,
            unacked: VecDeque::new(),
            next_seq: 0,
            over_limit: false,
            written: false,
        });
        id
    }

    fn index(&self, id: SubscriptionId) -> Option<usize> {
        self.list.binary_search_by_key(&id, |s| s.id).ok()
    }

    pub fn get_mut(&mut self, id: SubscriptionId) -> Option<&mut Sub> {
        let i = self.index(id)?;
        self.list.get_mut(i)
    }

    pub fn remove(&mut self, id: SubscriptionId) -> Option<Sub> {
        let i = self.index(id)?;
        Some(self.list.remove(i))
    }

    /// A STOMP 1.0 MESSAGE may lack `subscription`; then the destination decides.
    pub fn by_destination(&mut self, destination: &str) -> Option<&mut Sub> {
        self.list.iter_mut().find(|s| s.destination == destination)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Sub> {
        self.list.iter()
    }

    pub fn ids(&self) -> Vec<SubscriptionId> {
        self.list.iter().map(|s| s.id).collect()
    }

    /// Acks are per connection: the server redelivers what was not acked.
    pub fn connection_lost(&mut self) {
        for s in &mut self.list {
            s.unacked.clear();
            s.over_limit = false;
        }
    }

    /// Forgets the subscriptions never made on the server, or never confirmed when a
    /// receipt was asked for; returns their ids.
    pub fn remove_unconfirmed(&mut self) -> Vec<SubscriptionId> {
        let mut gone = Vec::new();
        self.list.retain(|s| {
            let keep = s.written && !s.receipt_pending;
            if !keep {
                gone.push(s.id);
            }
            keep
        });
        gone
    }
}

impl Sub {
    /// The SUBSCRIBE frame, with `receipt` if given.
    pub fn frame(&self, receipt: Option<&str>) -> Frame {
        let id = self.id.to_string();
        let mut f = Frame::new(Command::Subscribe)
            .header("id", &id)
            .header("destination", &self.destination);
        if self.opts.ack != AckMode::Auto {
            f.headers.push("ack", self.opts.ack.as_str());
        }
        for (n, v) in &self.opts.headers {
            if RESERVED.contains(&n.as_str()) {
                continue;
            }
            match self.stream_position {
                Some(last) if n == STREAM_OFFSET => {
                    let next = last.saturating_add(1);
                    f.headers.push(n, &format!("offset={next}"));
                }
                _ => f.headers.push(n, v),
            }
        }
        if let Some(r) = receipt {
            f.headers.push("receipt", r);
        }
        f
    }

    /// Notes the offset of a stream message (a no-op for other subscriptions).
    #[inline]
    pub fn saw(&mut self, frame: &Frame) {
        if !self.stream {
            return;
        }
        if let Some(offset) = frame.get(STREAM_OFFSET).and_then(|v| v.parse::<u64>().ok()) {
            self.stream_position = Some(self.stream_position.map_or(offset, |p| p.max(offset)));
        }
    }

    /// Remembers a delivered message that needs an ACK; returns its sequence number, and
    /// whether this is the first time on this connection that `limit` (0 = none) made it
    /// forget the oldest one.
    pub fn track(&mut self, ack_value: &str, limit: usize) -> (u64, bool) {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);
        let mut first_overflow = false;
        if limit > 0 && self.unacked.len() >= limit {
            // Forgetting the oldest keeps the newest ackable; under `client` mode acking a
            // newer one still acks the forgotten ones on the server.
            self.unacked.pop_front();
            first_overflow = !self.over_limit;
            self.over_limit = true;
        }
        self.unacked.push_back((seq, ack_value.to_owned()));
        (seq, first_overflow)
    }

    /// The position of a pending message (sequences are increasing).
    pub fn find(&self, seq: u64) -> Option<usize> {
        self.unacked.binary_search_by_key(&seq, |(s, _)| *s).ok()
    }

    /// Forgets an acked message: with `client` mode also every earlier one.
    pub fn settle(&mut self, pos: usize) {
        if self.opts.ack == AckMode::Client {
            self.unacked.drain(..=pos);
        } else {
            self.unacked.remove(pos);
        }
    }
}
