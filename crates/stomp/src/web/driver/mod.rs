//! The one owner of the [`Session`]: it feeds it commands from the handles, socket events and
//! timer ticks, carries out what it asks on the transport, arms the single timer from
//! `poll_timeout`, and forwards its events to subscribers, waiters and listeners
//! (`events.rs`).
//!
//! Nothing here panics on server input: every failure becomes a session input (a close) or
//! an event, and the session decides whether to reconnect.

mod events;
mod fast;
mod sends;
mod transport;

use std::collections::HashMap;
use std::rc::Rc;

use futures_channel::{mpsc, oneshot};

use crate::session::{ConnectionState, Message, SendId, SendRequest, Session, SubscriptionId};

use super::clock::{self, now};
use super::config::{BeforeConnect, ClientConfig, WsFrames};
use super::either_socket::{EitherSocket, SocketPlace};
use super::error::ClientError;
use super::event::ClientEvent;
use super::plumbing::{post, Cmd, Inbox, Input, Io, ReplyTx, Shared, SubscribeAnswer};
use super::send::SendHandle;
use super::socket::SocketEvent;
use super::ticker::{Ticker, Wake};

use sends::Sends;

/// Close code for a failed before-connect hook (private-use range).
const HOOK_FAILED: u16 = 4000;

type PendingSubscribe = (ReplyTx<SubscribeAnswer>, mpsc::UnboundedReceiver<Message>);

pub(crate) struct Driver {
    session: Session,
    frames: WsFrames,
    socket_place: SocketPlace,
    before_connect: Option<BeforeConnect>,
    /// Where socket, timer and hook callbacks deliver their inputs.
    inbox: Inbox,
    shared: Rc<Shared>,
    socket: Option<EitherSocket>,
    generation: u64,
    ticker: Ticker,
    /// The deadline the ticker is armed for (`None` once it fired).
    armed_for: Option<u64>,
    subscriptions: HashMap<SubscriptionId, mpsc::UnboundedSender<Message>>,
    pending_subscribes: HashMap<SubscriptionId, PendingSubscribe>,
    sends: Sends,
    receipt_watchers: HashMap<String, Vec<oneshot::Sender<()>>>,
    disconnect_waiters: Vec<oneshot::Sender<()>>,
    /// Set once every handle is gone: finish when the session is closed.
    orphaned: bool,
    /// Finished: every later input is dropped (its reply, if any, reads as `Stopped`).
    finished: bool,
    /// Epoch ms of the clock's zero, for tap timestamps.
    time_origin: f64,
}

impl Driver {
    pub(crate) fn new(config: ClientConfig, inbox: Inbox, shared: Rc<Shared>) -> Driver {
        let wake = inbox.clone();
        let ticker = Ticker::new(move |w| post(&wake, Input::Io(Io::Wake(w))));
        Driver {
            session: Session::new(config.session),
            frames: config.frames,
            socket_place: config.socket,
            before_connect: config.before_connect,
            inbox,
            shared,
            socket: None,
            generation: 0,
            ticker,
            armed_for: None,
            subscriptions: HashMap::new(),
            pending_subscribes: HashMap::new(),
            sends: Sends::default(),
            receipt_watchers: HashMap::new(),
            disconnect_waiters: Vec::new(),
            orphaned: false,
            finished: false,
            time_origin: clock::origin(),
        }
    }

    fn stop(&mut self) {
        self.finished = true;
        self.socket = None;
        self.ticker.disarm();
        self.shared.alive.set(false);
        // Dropping the senders ends every subscription stream and fails every waiter.
        self.subscriptions.clear();
        self.pending_subscribes.clear();
        self.receipt_watchers.clear();
        self.sends.stop();
        for w in self.disconnect_waiters.drain(..) {
            let _ = w.send(());
        }
    }

    fn closed(&self) -> bool {
        matches!(
            self.session.state(),
            ConnectionState::Closed(_) | ConnectionState::Idle
        )
    }

    /// Handles one input; false once the driver has finished.
    pub(crate) fn handle(&mut self, input: Input) -> bool {
        if self.finished {
            return false;
        }
        let now = now();
        match input {
            Input::Start => self.session.connect(now),
            Input::Cmd(cmd) => self.command(now, cmd),
            Input::Io(Io::Socket(gen, ev)) if gen == self.generation => self.socket_event(now, ev),
            Input::Io(Io::Socket(..)) => {}
            Input::Io(Io::HookDone(gen, result)) if gen == self.generation => match result {
                Ok(c) => {
                    self.session.set_credentials(c.login, c.passcode, c.headers);
                    self.open_socket(now);
                }
                Err(e) => {
                    let reason = e.to_string();
                    self.shared.broadcast(ClientEvent::BeforeConnectFailed(e));
                    self.session.handle_close(now, HOOK_FAILED, &reason);
                }
            },
            Input::Io(Io::HookDone(..)) => {}
            Input::Io(Io::Wake(w)) => {
                if w == Wake::Timer {
                    // The worker's timeout is spent; the next pump must arm a new one.
                    self.armed_for = None;
                }
                // A wake may come a hair early (the worker's clock is not ours), or on
                // visibility with nothing due: only a reached deadline is a timeout.
                if self.session.poll_timeout().is_some_and(|t| t <= now) {
                    self.session.handle_timeout(now);
                }
            }
            Input::HandlesGone => {
                self.orphaned = true;
                if !self.closed() {
                    self.session.disconnect(now);
                }
            }
        }
        self.pump();
        let done = self.orphaned && self.closed();
        if done {
            self.stop();
        }
        !done
    }

    /// A send straight from the caller. The states the session reports during the call
    /// decide the handle: final already (the common case, a fire-and-forget send written at
    /// once) costs no allocation; otherwise a slot receives the later states.
    pub(crate) fn send(&mut self, req: SendRequest) -> SendHandle {
        if self.finished {
            return SendHandle::refused(ClientError::Stopped);
        }
        if let Some(handle) = self.send_now(&req) {
            return handle;
        }
        let confirm = req.confirm;
        match self.session.send(now(), req) {
            Ok(id) => {
                self.sends.watch(id);
                self.pump();
                self.sends.handle_for(id, confirm)
            }
            Err(e) => {
                self.pump();
                SendHandle::refused(e.into())
            }
        }
    }

    pub(crate) fn confirm(&mut self, id: SendId) -> bool {
        let done = !self.finished && self.session.confirm(now(), id);
        self.pump();
        done
    }

    pub(crate) fn cancel(&mut self, id: SendId) -> bool {
        let done = !self.finished && self.session.cancel(id);
        self.pump();
        done
    }

    fn command(&mut self, now: u64, cmd: Cmd) {
        match cmd {
            // The caller dropped the future before we got here: it wants nothing.
            Cmd::Subscribe { reply, .. } if reply.is_canceled() => {}
            Cmd::Subscribe {
                destination,
                opts,
                reply,
            } => {
                let receipt = opts.receipt;
                match self.session.subscribe(now, &destination, opts) {
                    Ok(id) => {
                        let (tx, rx) = mpsc::unbounded();
                        self.subscriptions.insert(id, tx);
                        if receipt {
                            self.pending_subscribes.insert(id, (reply, rx));
                        } else {
                            self.deliver_subscription(now, id, reply, rx);
                        }
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e.into()));
                    }
                }
            }
            Cmd::Unsubscribe(id) => self.forget_subscription(now, id),
            Cmd::DropAbandoned => {
                let abandoned: Vec<_> = self
                    .pending_subscribes
                    .iter()
                    .filter(|(_, (reply, _))| reply.is_canceled())
                    .map(|(id, _)| *id)
                    .collect();
                for id in abandoned {
                    self.forget_subscription(now, id);
                }
            }
            Cmd::Send { req, slot } => {
                let confirm = req.confirm;
                match self.session.send(now, req) {
                    Ok(id) => {
                        slot.set_id(id);
                        self.sends.track(id, confirm, slot);
                    }
                    Err(e) => slot.refuse(e.into()),
                }
            }
            Cmd::Ack {
                message,
                nack,
                reply,
            } => {
                let result = match message.ack {
                    None => Err(ClientError::NoAckToken),
                    Some(token) if nack => self.session.nack(now, &token).map_err(Into::into),
                    Some(token) => self.session.ack(now, &token).map_err(Into::into),
                };
                let _ = reply.send(result);
            }
            Cmd::Begin(reply) => {
                let _ = reply.send(self.session.begin(now).map_err(Into::into));
            }
            Cmd::Commit(tx, reply) => {
                let _ = reply.send(self.session.commit(now, &tx).map_err(Into::into));
            }
            Cmd::Abort(tx, reply) => {
                let _ = reply.send(self.session.abort(now, &tx).map_err(Into::into));
            }
            Cmd::Disconnect(done) => {
                if self.closed() {
                    let _ = done.send(());
                } else {
                    self.disconnect_waiters.push(done);
                    self.session.disconnect(now);
                }
            }
            Cmd::ReconnectNow => match self.session.state() {
                // Closed for good (rejected, gave up, disconnected): start over. The session
                // forgot the subscriptions whose future failed when it closed; those someone
                // holds are replayed.
                ConnectionState::Closed(_) => self.session.connect(now),
                _ => self.session.reconnect_now(now),
            },
            Cmd::WatchReceipt(id, tx) => {
                // Forget watchers whose future was dropped, so ids never answered do not pile up.
                self.receipt_watchers.retain(|_, ws| {
                    ws.retain(|w| !w.is_canceled());
                    !ws.is_empty()
                });
                self.receipt_watchers.entry(id).or_default().push(tx);
            }
        }
    }

    /// Drops a subscription from the driver and the session (gone already is fine).
    fn forget_subscription(&mut self, now: u64, id: SubscriptionId) {
        self.subscriptions.remove(&id);
        self.pending_subscribes.remove(&id);
        let _ = self.session.unsubscribe(now, &id);
    }

    fn socket_event(&mut self, now: u64, ev: SocketEvent) {
        match ev {
            SocketEvent::Open { .. } => self.session.handle_open(now),
            SocketEvent::Message(bytes) => self.session.handle_bytes(now, &bytes),
            SocketEvent::Close {
                code,
                reason,
                clean,
            } => {
                self.socket = None;
                self.shared.broadcast(ClientEvent::SocketClosed {
                    code,
                    reason: reason.clone(),
                    clean,
                });
                self.session.handle_close(now, code, &reason);
            }
        }
    }

    /// Drains the session: transport actions, then events, until both are empty; then arms
    /// the timer for the next deadline.
    fn pump(&mut self) {
        loop {
            let mut progressed = false;
            while let Some(t) = self.session.poll_transmit() {
                progressed = true;
                self.transmit(t);
            }
            while let Some(e) = self.session.poll_event() {
                progressed = true;
                self.event(e);
            }
            if !progressed {
                break;
            }
        }
        // Re-arm only for an earlier deadline. Receiving data pushes the liveness deadline
        // later on every message; a timer armed for the old one just fires early, the wake
        // finds nothing due, and the next pump arms the new deadline. That saves a message to
        // the worker per frame received.
        match (self.session.poll_timeout(), self.armed_for) {
            (Some(t), Some(armed)) if t >= armed => {}
            (Some(t), _) => {
                self.ticker.arm(t.saturating_sub(now()));
                self.armed_for = Some(t);
            }
            (None, _) => {}
        }
    }
}
