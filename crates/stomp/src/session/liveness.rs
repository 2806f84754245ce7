//! Time: heart-beats both ways, and every deadline behind `poll_timeout`.

use super::event::{DisconnectReason, Event, ReceiptFor, SendState, Transmit};
use super::receipts::Awaiting;
use super::request::Confirm;
use super::{Phase, Session};

impl Session {
    pub(super) fn timeout(&mut self, now: u64) {
        match self.phase {
            Phase::Opening { deadline } | Phase::Handshaking { deadline } => {
                if now >= deadline {
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::ConnectTimeout);
                }
            }
            Phase::Connected { .. } => {
                self.expire_receipts(now);
                if self.lost_deadline().is_some_and(|d| now >= d) {
                    self.events.push_back(Event::HeartBeatLost);
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::HeartBeatLost);
                    return;
                }
                if self.ping_deadline().is_some_and(|d| now >= d) {
                    self.transmits.push_back(Transmit::Bytes(vec![b'\n']));
                    self.live.last_sent = now;
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameOut {
                            at: now,
                            frame: None,
                        });
                    }
                }
            }
            Phase::Disconnecting { deadline, .. } => {
                self.expire_receipts(now);
                if now >= deadline {
                    self.transmits.push_back(Transmit::Close);
                    self.end_connection(now, DisconnectReason::UserRequest);
                }
            }
            Phase::Waiting { at } => {
                if now >= at {
                    self.start_attempt(now);
                }
            }
            Phase::Idle | Phase::Closed => {}
        }
    }

    pub(super) fn next_deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Opening { deadline } | Phase::Handshaking { deadline } => Some(deadline),
            Phase::Connected { .. } => [
                self.ping_deadline(),
                self.lost_deadline(),
                self.receipts.next_deadline(),
            ]
            .into_iter()
            .flatten()
            .min(),
            Phase::Disconnecting { deadline, .. } => Some(
                self.receipts
                    .next_deadline()
                    .map_or(deadline, |r| r.min(deadline)),
            ),
            Phase::Waiting { at } => Some(at),
            Phase::Idle | Phase::Closed => None,
        }
    }

    /// When our next heart-beat is due; `None` without outgoing heart-beats, or when it would
    /// fall beyond the end of the clock (a saturated deadline could never be followed by a
    /// later one, and would only make the driver wake up for nothing).
    fn ping_deadline(&self) -> Option<u64> {
        (self.live.send_ms > 0)
            .then(|| {
                self.live
                    .last_sent
                    .checked_add(u64::from(self.live.send_ms))
            })
            .flatten()
    }

    /// When the server counts as lost; `None` without incoming heart-beats, or never (an
    /// infinite or absurd tolerance).
    fn lost_deadline(&self) -> Option<u64> {
        if self.live.recv_ms == 0 {
            return None;
        }
        let tolerance = if self.config.heart_beat_tolerance >= 1.0 {
            self.config.heart_beat_tolerance
        } else {
            1.0
        };
        let grace = (f64::from(self.live.recv_ms) * tolerance).ceil();
        if grace >= u64::MAX as f64 {
            return None;
        }
        self.live.last_recv.checked_add(grace as u64)
    }

    /// A send not confirmed in time may or may not have arrived: it ends `Uncertain` rather
    /// than being written again, except an `Echo` send, written again while it has attempts
    /// left (its receiver de-duplicates; see `Confirm::Echo`).
    fn expire_receipts(&mut self, now: u64) {
        while let Some(what) = self.receipts.pop_expired(now) {
            match what {
                Awaiting::Send(id) => match self.outbox.remove(id) {
                    Some(mut entry)
                        if entry.confirm == Confirm::Echo
                            && entry.writes < self.config.max_send_attempts.max(1)
                            && matches!(self.phase, Phase::Connected { .. }) =>
                    {
                        entry.written = None;
                        if let Err(e) = self.write_send(now, entry) {
                            self.send_state(id, SendState::Failed(e.into()));
                        }
                    }
                    Some(_) => self.send_state(id, SendState::Uncertain),
                    None => {}
                },
                Awaiting::Subscribe(id) => {
                    if let Some(sub) = self.subs.get_mut(id) {
                        sub.receipt_pending = false;
                    }
                    self.events
                        .push_back(Event::ReceiptTimeout(ReceiptFor::Subscribe(id)));
                }
            }
        }
    }
}
