//! The one task that owns the [`Session`]: it feeds it commands from the handles, socket
//! events and timer ticks, carries out what it asks on the transport, arms the single timer
//! from `poll_timeout`, and forwards its events to subscribers, waiters and listeners.
//!
//! Nothing here panics on server input: every failure becomes a session input (a close) or
//! an event, and the session decides whether to reconnect.

use std::collections::HashMap;
use std::rc::Rc;

use std::rc::Weak;

use futures_channel::{mpsc, oneshot};

use crate::session::{
    ConnectionState, Event, Message, ReceiptFor, SendFailure, SendId, SendRequest, Session,
    SubscriptionId, Transmit,
};

use super::client::{
    ClientError, ClientEvent, ClientState, Cmd, ConnectedInfo, Direction, ReplyTx, Shared,
    TappedFrame,
};
use super::config::{ClientConfig, Credentials, WsFrames};
use super::core::{Core, Input, Io};
use super::socket::{Socket, SocketEvent};
use super::ticker::{Ticker, Wake};

/// Close code reported to the session when the transport failed without a close event
/// (a bad URL, a throwing `send`) — the same as the browser's "abnormal closure".
const ABNORMAL_CLOSE: u16 = 1006;
/// Close code for a failed before-connect hook (private-use range).
const HOOK_FAILED: u16 = 4000;

pub(crate) struct Driver {
    session: Session,
    url: String,
    frames: WsFrames,
    before_connect: Option<super::config::BeforeConnect>,
    /// Where socket, timer and hook callbacks deliver their inputs.
    core: Weak<Core>,
    shared: Rc<Shared>,
    socket: Option<Socket>,
    generation: u64,
    ticker: Ticker,
    /// The deadline the ticker is armed for (`None` once it fired).
    armed_for: Option<u64>,
    subscriptions: HashMap<SubscriptionId, mpsc::UnboundedSender<Message>>,
    pending_subscribes: HashMap<SubscriptionId, PendingSubscribe>,
    pending_sends: HashMap<SendId, ReplyTx<()>>,
    disconnect_waiters: Vec<oneshot::Sender<()>>,
    /// Set once every handle is gone: finish when the session is closed.
    orphaned: bool,
    /// Finished: every later input is dropped (its reply, if any, reads as `Stopped`).
    finished: bool,
    /// Epoch ms of the `performance.now()` origin, for tap timestamps.
    time_origin: f64,
}

type PendingSubscribe = (
    ReplyTx<(SubscriptionId, mpsc::UnboundedReceiver<Message>)>,
    mpsc::UnboundedReceiver<Message>,
);

impl Driver {
    pub(crate) fn new(config: ClientConfig, core: Weak<Core>, shared: Rc<Shared>) -> Driver {
        let wake = core.clone();
        let ticker = Ticker::new(move |w| {
            if let Some(core) = wake.upgrade() {
                core.input(Input::Io(Io::Wake(w)));
            }
        });
        let time_origin = performance()
            .map(|p| p.time_origin())
            .unwrap_or_else(|| js_sys::Date::now() - now_f64());
        Driver {
            session: Session::new(config.session),
            url: config.url,
            frames: config.frames,
            before_connect: config.before_connect,
            core,
            shared,
            socket: None,
            generation: 0,
            ticker,
            armed_for: None,
            subscriptions: HashMap::new(),
            pending_subscribes: HashMap::new(),
            pending_sends: HashMap::new(),
            disconnect_waiters: Vec::new(),
            orphaned: false,
            finished: false,
            time_origin,
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
        self.pending_sends.clear();
        for w in self.disconnect_waiters.drain(..) {
            let _ = w.send(());
        }
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
                Err(reason) => self.session.handle_close(
                    now,
                    HOOK_FAILED,
                    &format!("before-connect hook failed: {reason}"),
                ),
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
                if !matches!(
                    self.session.state(),
                    ConnectionState::Closed(_) | ConnectionState::Idle
                ) {
                    self.session.disconnect(now);
                }
            }
        }
        self.pump();
        let done = self.orphaned
            && matches!(
                self.session.state(),
                ConnectionState::Closed(_) | ConnectionState::Idle
            );
        if done {
            self.stop();
        }
        !done
    }

    /// A send without a receipt, straight from the caller: done once it is written or
    /// queued, so there is nothing to wait for.
    pub(crate) fn send_now(&mut self, req: SendRequest) -> Result<(), ClientError> {
        debug_assert!(!req.receipt);
        if self.finished {
            return Err(ClientError::Stopped);
        }
        let result = self.session.send(now(), req).map(drop).map_err(Into::into);
        self.pump();
        result
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
            Cmd::Unsubscribe(id) => {
                self.subscriptions.remove(&id);
                self.pending_subscribes.remove(&id);
                // Unknown means it is already gone (e.g. the session was closed): fine.
                let _ = self.session.unsubscribe(now, &id);
            }
            Cmd::DropAbandoned => {
                let abandoned: Vec<_> = self
                    .pending_subscribes
                    .iter()
                    .filter(|(_, (reply, _))| reply.is_canceled())
                    .map(|(id, _)| *id)
                    .collect();
                for id in abandoned {
                    self.pending_subscribes.remove(&id);
                    self.subscriptions.remove(&id);
                    let _ = self.session.unsubscribe(now, &id);
                }
            }
            Cmd::Send { req, reply } => {
                let receipt = req.receipt;
                match self.session.send(now, req) {
                    Ok(id) if receipt => {
                        self.pending_sends.insert(id, reply);
                    }
                    Ok(_) => {
                        let _ = reply.send(Ok(()));
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e.into()));
                    }
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
            Cmd::Disconnect(done) => match self.session.state() {
                ConnectionState::Closed(_) | ConnectionState::Idle => {
                    let _ = done.send(());
                }
                _ => {
                    self.disconnect_waiters.push(done);
                    self.session.disconnect(now);
                }
            },
            Cmd::ReconnectNow => match self.session.state() {
                // Closed for good (rejected, gave up, disconnected): start over, keeping the
                // subscriptions the session remembers.
                ConnectionState::Closed(_) => self.session.connect(now),
                _ => self.session.reconnect_now(now),
            },
        }
    }

    fn socket_event(&mut self, now: u64, ev: SocketEvent) {
        match ev {
            SocketEvent::Open { .. } => self.session.handle_open(now),
            SocketEvent::Message(bytes) => self.session.handle_bytes(now, &bytes),
            SocketEvent::Close { code, reason, .. } => {
                self.socket = None;
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

    fn transmit(&mut self, t: Transmit) {
        match t {
            Transmit::Open => {
                self.socket = None;
                self.generation += 1;
                match &self.before_connect {
                    Some(hook) => {
                        // The hook is user code: it runs in its own task, never inside the
                        // driver, so it may call the client freely.
                        let (hook, credentials) = (hook.clone(), self.credentials());
                        let gen = self.generation;
                        let core = self.core.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let result = hook(credentials).await;
                            if let Some(core) = core.upgrade() {
                                core.input(Input::Io(Io::HookDone(gen, result)));
                            }
                        });
                    }
                    None => self.open_socket(now()),
                }
            }
            Transmit::Bytes(bytes) => {
                let sent = match &self.socket {
                    Some(s) => match self.frames {
                        WsFrames::Text => s.send_text_if_utf8(&bytes),
                        WsFrames::Binary => s.send(&bytes),
                    }
                    .map_err(|e| e.to_string()),
                    None => Err("no socket".to_owned()),
                };
                if let Err(reason) = sent {
                    self.socket = None;
                    self.generation += 1;
                    self.session.handle_close(now(), ABNORMAL_CLOSE, &reason);
                }
            }
            Transmit::Close => {
                // Dropping closes with 1000 and detaches the handlers: no close event follows,
                // as the session expects.
                self.socket = None;
                self.generation += 1;
            }
        }
    }

    fn credentials(&self) -> Credentials {
        let c = self.session.config();
        Credentials {
            login: c.login.clone(),
            passcode: c.passcode.clone(),
            headers: c.connect_headers.clone(),
        }
    }

    fn open_socket(&mut self, now: u64) {
        let gen = self.generation;
        let core = self.core.clone();
        match Socket::open(&self.url, move |ev| {
            if let Some(core) = core.upgrade() {
                core.input(Input::Io(Io::Socket(gen, ev)));
            }
        }) {
            Ok(s) => self.socket = Some(s),
            Err(e) => self
                .session
                .handle_close(now, ABNORMAL_CLOSE, &e.to_string()),
        }
    }

    fn event(&mut self, e: Event) {
        match e {
            // A subscribe future dropped while waiting for its receipt is unsubscribed by
            // `Cmd::DropAbandoned`, so every subscription here has someone to read it.
            Event::Message(m) => {
                if let Some(tx) = self.subscriptions.get(&m.subscription) {
                    let _ = tx.unbounded_send(m);
                }
            }
            Event::StateChanged(s) => {
                let state = match s {
                    ConnectionState::Idle => ClientState::Idle,
                    ConnectionState::Connecting { attempt } => ClientState::Connecting { attempt },
                    ConnectionState::Connected => ClientState::Connected,
                    ConnectionState::Reconnecting { attempt, at_ms } => ClientState::Reconnecting {
                        attempt,
                        in_ms: at_ms.saturating_sub(now()),
                    },
                    ConnectionState::Disconnecting => ClientState::Disconnecting,
                    ConnectionState::Closed(reason) => ClientState::Disconnected(reason),
                };
                if !matches!(state, ClientState::Connected) {
                    *self.shared.info.borrow_mut() = None;
                }
                if let ClientState::Disconnected(_) = state {
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
                    version,
                    server,
                    session,
                    heart_beat,
                    headers,
                };
                *self.shared.info.borrow_mut() = Some(info.clone());
                self.shared.broadcast(ClientEvent::Connected(info));
            }
            Event::Receipt(ReceiptFor::Send(id)) => self.settle_send(id, Ok(())),
            Event::Receipt(ReceiptFor::Subscribe(id)) => {
                if let Some((reply, rx)) = self.pending_subscribes.remove(&id) {
                    self.deliver_subscription(now(), id, reply, rx);
                }
            }
            Event::Receipt(_) => {}
            Event::ReceiptTimeout(ReceiptFor::Send(id)) => {
                self.settle_send(id, Err(ClientError::ReceiptTimeout))
            }
            Event::ReceiptTimeout(ReceiptFor::Subscribe(id)) => {
                if let Some((reply, _)) = self.pending_subscribes.remove(&id) {
                    let _ = reply.send(Err(ClientError::ReceiptTimeout));
                    // The caller got an error, not a handle: nobody could ever end it.
                    self.subscriptions.remove(&id);
                    let _ = self.session.unsubscribe(now(), &id);
                }
            }
            Event::SubscribeFailed { id, reason } => {
                self.subscriptions.remove(&id);
                if let Some((reply, _)) = self.pending_subscribes.remove(&id) {
                    let _ = reply.send(Err(ClientError::SubscribeFailed(reason)));
                }
            }
            Event::ReceiptTimeout(_) => {}
            Event::ErrorFrame(err) => {
                let why = err.message.clone().unwrap_or_else(|| err.body.clone());
                match &err.receipt_for {
                    Some(ReceiptFor::Send(id)) => {
                        self.settle_send(*id, Err(ClientError::Rejected(why)))
                    }
                    Some(ReceiptFor::Subscribe(id)) => {
                        if let Some((reply, _)) = self.pending_subscribes.remove(id) {
                            let _ = reply.send(Err(ClientError::Rejected(why)));
                        }
                    }
                    _ => {}
                }
                self.shared.broadcast(ClientEvent::ServerError(err));
            }
            Event::ProtocolError(p) => self.shared.broadcast(ClientEvent::ProtocolError(p)),
            Event::HeartBeatLost => self.shared.broadcast(ClientEvent::HeartBeatLost),
            Event::Disconnected(reason) => self.shared.broadcast(ClientEvent::Disconnected(reason)),
            Event::SendFailed { id, reason } => match self.pending_sends.remove(&id) {
                Some(reply) => {
                    // Refused by the server: the same error as a refused subscription.
                    let err = match reason {
                        SendFailure::Rejected(why) => ClientError::Rejected(why),
                        other => other.into(),
                    };
                    let _ = reply.send(Err(err));
                }
                None => self.shared.broadcast(ClientEvent::SendFailed(reason)),
            },
            Event::FrameIn { at, frame } => self.tap(at, Direction::In, frame),
            Event::FrameOut { at, frame } => self.tap(at, Direction::Out, frame),
        }
    }

    /// Hands a subscription to its caller; if the caller stopped waiting, nobody can ever
    /// drop the handle, so unsubscribe right away.
    fn deliver_subscription(
        &mut self,
        now: u64,
        id: SubscriptionId,
        reply: ReplyTx<(SubscriptionId, mpsc::UnboundedReceiver<Message>)>,
        rx: mpsc::UnboundedReceiver<Message>,
    ) {
        if reply.send(Ok((id, rx))).is_err() {
            self.subscriptions.remove(&id);
            let _ = self.session.unsubscribe(now, &id);
        }
    }

    fn settle_send(&mut self, id: SendId, result: Result<(), ClientError>) {
        if let Some(reply) = self.pending_sends.remove(&id) {
            let _ = reply.send(result);
        }
    }

    /// The session is closed for good: nobody should wait on it any more.
    fn fail_all_waiting(&mut self) {
        for (_, reply) in self.pending_sends.drain() {
            let _ = reply.send(Err(ClientError::SendFailed(SendFailure::SessionClosed)));
        }
        for (_, (reply, _)) in self.pending_subscribes.drain() {
            let _ = reply.send(Err(ClientError::Stopped));
        }
        for w in self.disconnect_waiters.drain(..) {
            let _ = w.send(());
        }
    }

    fn tap(&self, at: u64, direction: Direction, frame: Option<crate::Frame>) {
        self.shared.tap(TappedFrame {
            at_ms: self.time_origin + at as f64,
            direction,
            frame,
        });
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

thread_local! {
    // Looked up once: `now()` runs for every frame.
    static PERFORMANCE: Option<web_sys::Performance> = performance();
}

fn now_f64() -> f64 {
    PERFORMANCE
        .with(|p| p.as_ref().map(|p| p.now()))
        .unwrap_or_else(js_sys::Date::now)
}

/// The session's clock: whole ms since page load, monotonic.
fn now() -> u64 {
    now_f64() as u64
}
