//! What arrives from the server: bytes to frames, and each frame's effect.

use crate::decode::Item;
use crate::frame::{Command, Frame};
use crate::version::Version;

use super::event::{
    DisconnectReason, Event, Message, ProtocolViolation, ReceiptFor, SendFailure, SendState,
    ServerError, Transmit,
};
use super::ids::{AckToken, SubscriptionId};
use super::receipts::{Awaiting, Receipts};
use super::{Phase, Session};

impl Session {
    #[inline]
    pub(super) fn received(&mut self, now: u64, data: &[u8]) {
        if !self.phase.reads_frames() {
            return;
        }
        // Any byte is a sign of life, even part of a frame.
        self.live.last_recv = now;
        self.inbuf.extend_from_slice(data);
        let generation = self.generation;
        while generation == self.generation {
            match self.decoder.decode(&mut self.inbuf) {
                Ok(None) => break,
                Ok(Some(Item::HeartBeat)) => {
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameIn {
                            at: now,
                            frame: None,
                        });
                    }
                }
                Ok(Some(Item::Frame(frame))) => {
                    if self.config.tap_frames {
                        self.events.push_back(Event::FrameIn {
                            at: now,
                            frame: Some(frame.clone()),
                        });
                    }
                    self.handle_frame(now, frame);
                }
                Err(e) => self.protocol_error(now, ProtocolViolation::Decode(e)),
            }
        }
    }

    #[inline]
    fn handle_frame(&mut self, now: u64, frame: Frame) {
        match (self.phase, frame.command) {
            (Phase::Handshaking { .. }, Command::Connected) => self.on_connected(now, frame),
            (Phase::Handshaking { .. }, Command::Error) => self.on_error(now, frame, true),
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Message) => {
                self.on_message(frame)
            }
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Receipt) => {
                self.on_receipt(now, &frame)
            }
            (Phase::Connected { .. } | Phase::Disconnecting { .. }, Command::Error) => {
                self.on_error(now, frame, false)
            }
            (_, command) => self.protocol_error(now, ProtocolViolation::UnexpectedFrame(command)),
        }
    }

    #[inline]
    fn on_message(&mut self, frame: Frame) {
        let sub = match frame.get("subscription") {
            Some(s) => SubscriptionId::parse(s).and_then(|id| self.subs.get_mut(id)),
            None => match frame.get("destination") {
                Some(d) => self.subs.by_destination(d),
                None => None,
            },
        };
        // A message for a subscription we no longer have was in flight when we unsubscribed
        // (the spec allows it), or the server subscribed us itself: the user decides.
        let Some(sub) = sub else {
            self.events.push_back(Event::UnhandledMessage(frame));
            return;
        };
        sub.saw(&frame);
        let mut overflow = false;
        let ack = if sub.opts.ack.needs_ack() {
            let value = match self.version {
                Version::V1_2 => frame.get("ack").or_else(|| frame.get("message-id")),
                _ => frame.get("message-id"),
            };
            value.map(|v| {
                let (seq, first_overflow) = sub.track(v, self.config.max_unacked);
                overflow = first_overflow;
                AckToken {
                    subscription: sub.id,
                    seq,
                }
            })
        } else {
            None
        };
        let subscription = sub.id;
        if overflow {
            self.events.push_back(Event::UnackedLimit {
                subscription,
                limit: self.config.max_unacked,
            });
        }
        self.events.push_back(Event::Message(Message {
            subscription,
            ack,
            frame,
        }));
    }

    fn on_receipt(&mut self, now: u64, frame: &Frame) {
        let Some(receipt_id) = frame.get("receipt-id") else {
            return;
        };
        if let Phase::Disconnecting { receipt, .. } = self.phase {
            if Receipts::parse(receipt_id) == Some(receipt) {
                // The spec: a DISCONNECT receipt means every earlier frame was received, so
                // sends still waiting for their confirmation are confirmed by it.
                self.sends_confirmed_by_disconnect();
                self.events
                    .push_back(Event::Receipt(ReceiptFor::Disconnect));
                self.transmits.push_back(Transmit::Close);
                return self.end_connection(now, DisconnectReason::UserRequest);
            }
        }
        match self.receipts.take(receipt_id) {
            Some(Awaiting::Send(id)) => {
                if self.outbox.remove(id).is_some() {
                    self.send_state(id, SendState::Delivered);
                }
            }
            Some(Awaiting::Subscribe(id)) => {
                if let Some(sub) = self.subs.get_mut(id) {
                    sub.receipt_pending = false;
                }
                self.events
                    .push_back(Event::Receipt(ReceiptFor::Subscribe(id)));
            }
            None => self
                .events
                .push_back(Event::Receipt(ReceiptFor::Other(receipt_id.to_owned()))),
        }
    }

    fn on_error(&mut self, now: u64, frame: Frame, before_connected: bool) {
        let message = frame.get("message").map(str::to_owned);
        let body = String::from_utf8_lossy(&frame.body).into_owned();
        let why = || message.clone().unwrap_or_else(|| body.clone());
        let answers = match frame.get("receipt-id") {
            Some(r) => self.receipts.take(r),
            // Spring answers a frame it cannot take (too large, malformed) with an ERROR
            // naming nothing, then closes. The send written last is the likely culprit, and
            // replaying it would bring the same ERROR back after every reconnect.
            None if !before_connected => self.outbox.latest_written().map(Awaiting::Send),
            None => None,
        };
        // What the server refused must not be replayed after the reconnect, or the same
        // ERROR would come back forever.
        let mut receipt_for = None;
        let mut send = None;
        match answers {
            Some(Awaiting::Send(id)) if self.outbox.remove(id).is_some() => {
                self.receipts.forget(Awaiting::Send(id));
                self.send_state(id, SendState::Failed(SendFailure::Rejected(why())));
                send = Some(id);
            }
            Some(Awaiting::Subscribe(id)) => {
                receipt_for = Some(ReceiptFor::Subscribe(id));
                if self.subs.remove(id).is_some() {
                    self.events.push_back(Event::SubscribeFailed {
                        id,
                        reason: SendFailure::Rejected(why()),
                    });
                }
            }
            Some(Awaiting::Send(_)) | None => {}
        }
        self.events.push_back(Event::ErrorFrame(ServerError {
            message: message.clone(),
            body,
            receipt_for,
            send,
            frame,
        }));
        // The spec has the server close after ERROR; RabbitMQ sometimes does not.
        self.transmits.push_back(Transmit::Close);
        let reason = if matches!(self.phase, Phase::Disconnecting { .. }) {
            DisconnectReason::UserRequest
        } else if before_connected {
            DisconnectReason::Rejected { message }
        } else {
            DisconnectReason::ServerError { message }
        };
        self.end_connection(now, reason);
    }

    pub(super) fn protocol_error(&mut self, now: u64, violation: ProtocolViolation) {
        self.events
            .push_back(Event::ProtocolError(violation.clone()));
        self.transmits.push_back(Transmit::Close);
        let reason = if matches!(self.phase, Phase::Disconnecting { .. }) {
            DisconnectReason::UserRequest
        } else {
            DisconnectReason::ProtocolError(violation)
        };
        self.end_connection(now, reason);
    }
}
