//! What the driver does with each session event: messages to their subscription streams,
//! send states to their handles, answers to waiting futures, the rest to listeners.

use futures_channel::mpsc;

use crate::frame::Frame;
use crate::session::{ConnectionState, Event, Message, ReceiptFor, SendFailure, SubscriptionId};

use super::super::error::ClientError;
use super::super::event::{ClientEvent, ConnectedInfo, Direction, TappedFrame};
use super::super::plumbing::{ReplyTx, SubscribeAnswer};
use super::Driver;

impl Driver {
    pub(super) fn event(&mut self, e: Event) {
        match e {
            // A subscribe future dropped while waiting for its receipt is unsubscribed by
            // `Cmd::DropAbandoned`, so every subscription here has someone to read it.
            Event::Message(m) => match self.subscriptions.get(&m.subscription) {
                Some(tx) => {
                    let _ = tx.unbounded_send(m);
                }
                None => self.shared.unhandled(m.frame),
            },
            Event::UnhandledMessage(frame) => self.shared.unhandled(frame),
            Event::EndpointChanged { index, url } => self
                .shared
                .broadcast(ClientEvent::EndpointChanged { index, url }),
            Event::Send { id, state } => {
                self.sends.update(id, &state);
                if !self.shared.listeners.borrow().is_empty() {
                    self.shared.broadcast(ClientEvent::Send { id, state });
                }
            }
            Event::StateChanged(state) => {
                if state != ConnectionState::Connected {
                    *self.shared.info.borrow_mut() = None;
                }
                if let ConnectionState::Closed(_) = state {
                    self.fail_all_waiting();
                }
                *self.shared.state.borrow_mut() = state.clone();
                self.shared.broadcast(ClientEvent::State(state));
            }
            Event::Connected {
                version,
                server,
                session,
                heart_beat,
                headers,
            } => {
                let info = ConnectedInfo {
                    url: self.shared.url.borrow().clone(),
                    version,
                    server,
                    session,
                    heart_beat,
                    headers,
                };
                *self.shared.info.borrow_mut() = Some(info.clone());
                self.shared.broadcast(ClientEvent::Connected(info));
            }
            Event::Receipt(ReceiptFor::Subscribe(id)) => {
                if let Some((reply, rx)) = self.pending_subscribes.remove(&id) {
                    self.deliver_subscription(super::now(), id, reply, rx);
                }
            }
            Event::Receipt(ReceiptFor::Other(receipt)) => {
                if let Some(waiters) = self.receipt_watchers.remove(&receipt) {
                    for w in waiters {
                        let _ = w.send(());
                    }
                }
                self.shared.receipt(receipt);
            }
            Event::Receipt(ReceiptFor::Disconnect) => {}
            Event::ReceiptTimeout(ReceiptFor::Subscribe(id)) => {
                if let Some((reply, _)) = self.pending_subscribes.remove(&id) {
                    let _ = reply.send(Err(ClientError::ReceiptTimeout));
                    // The caller got an error, not a handle: nobody could ever end it.
                    self.forget_subscription(super::now(), id);
                }
            }
            Event::ReceiptTimeout(_) => {}
            Event::SubscribeFailed { id, reason } => {
                self.subscriptions.remove(&id);
                if let Some((reply, _)) = self.pending_subscribes.remove(&id) {
                    let _ = reply.send(Err(subscribe_error(reason)));
                }
            }
            Event::ErrorFrame(err) => {
                if let Some(ReceiptFor::Subscribe(id)) = &err.receipt_for {
                    let why = err.message.clone().unwrap_or_else(|| err.body.clone());
                    self.subscriptions.remove(id);
                    if let Some((reply, _)) = self.pending_subscribes.remove(id) {
                        let _ = reply.send(Err(ClientError::Rejected(why)));
                    }
                }
                self.shared.broadcast(ClientEvent::ServerError(err));
            }
            Event::ProtocolError(p) => self.shared.broadcast(ClientEvent::ProtocolError(p)),
            Event::HeartBeatLost => self.shared.broadcast(ClientEvent::HeartBeatLost),
            Event::Disconnected(reason) => self.shared.broadcast(ClientEvent::Disconnected(reason)),
            Event::UnackedLimit {
                subscription,
                limit,
            } => self.shared.broadcast(ClientEvent::UnackedLimit {
                subscription,
                limit,
            }),
            Event::FrameIn { at, frame } => self.tap(at, Direction::In, frame),
            Event::FrameOut { at, frame } => self.tap(at, Direction::Out, frame),
        }
    }

    /// Hands a subscription to its caller; if the caller stopped waiting, nobody can ever
    /// drop the handle, so unsubscribe right away.
    pub(super) fn deliver_subscription(
        &mut self,
        now: u64,
        id: SubscriptionId,
        reply: ReplyTx<SubscribeAnswer>,
        rx: mpsc::UnboundedReceiver<Message>,
    ) {
        if reply.send(Ok((id, rx))).is_err() {
            self.forget_subscription(now, id);
        }
    }

    /// The session is closed for good: nobody should wait on it any more. A subscription
    /// whose future fails here leaves nothing behind (the session forgot it too).
    fn fail_all_waiting(&mut self) {
        for (id, (reply, _)) in self.pending_subscribes.drain() {
            let _ = reply.send(Err(ClientError::Stopped));
            self.subscriptions.remove(&id);
        }
        for w in self.disconnect_waiters.drain(..) {
            let _ = w.send(());
        }
    }

    fn tap(&self, at: u64, direction: Direction, frame: Option<Frame>) {
        self.shared.tap(TappedFrame {
            at_ms: self.time_origin + at as f64,
            direction,
            frame,
        });
    }
}

/// A refused subscription keeps the server's words, as a refused send does.
fn subscribe_error(reason: SendFailure) -> ClientError {
    match reason {
        SendFailure::Rejected(why) => ClientError::Rejected(why),
        other => ClientError::SubscribeFailed(other),
    }
}
