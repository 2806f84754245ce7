//! The public handle of the browser client: cheap to clone, and every method may be called
//! from anywhere (event handlers, Yew callbacks, other tasks). Each call is handled by the
//! driver before it returns (see `core.rs`); the futures only carry the answer.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};
use futures_util::Stream;

use crate::frame::{Frame, Headers};
use crate::session::{
    DisconnectReason, Message, ProtocolViolation, SendFailure, SendRequest, ServerError,
    SessionError, SubscribeOptions, SubscriptionId, TransactionId,
};
use crate::version::Version;

use super::config::ClientConfig;
use super::core::{Core, Input, SendNow};

/// Where the connection stands, as a UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientState {
    /// Not started yet.
    Idle,
    /// Opening the socket or waiting for CONNECTED; `attempt` 0 is the first connection.
    Connecting {
        attempt: u32,
    },
    Connected,
    /// Waiting `in_ms` (counted when the state was entered) before reconnect attempt `attempt`.
    Reconnecting {
        attempt: u32,
        in_ms: u64,
    },
    /// A graceful disconnect is under way.
    Disconnecting,
    /// Finished; nothing more will happen. The reason's `Display` is user-readable.
    Disconnected(DisconnectReason),
}

/// What the server said in CONNECTED.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectedInfo {
    pub version: Version,
    pub server: Option<String>,
    pub session: Option<String>,
    /// Negotiated (send, receive) heart-beat intervals in ms; 0 = none.
    pub heart_beat: (u32, u32),
    pub headers: Headers,
}

/// Everything a listener of [`StompClient::events`] hears, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    State(ClientState),
    Connected(ConnectedInfo),
    /// A server ERROR frame. On an established connection a reconnect follows.
    ServerError(ServerError),
    /// The server broke the protocol (malformed or oversized frame, invalid UTF-8 where text
    /// is required, ...). The connection is dropped and re-established.
    ProtocolError(ProtocolViolation),
    /// Nothing heard from the server in time; a reconnect follows.
    HeartBeatLost,
    /// One connection (or attempt) ended; a `State` event says what follows.
    Disconnected(DisconnectReason),
    /// A send the caller is no longer waiting on was given up.
    SendFailed(SendFailure),
}

/// Direction of a tapped frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

/// One frame seen on the wire, for debugging tools.
#[derive(Debug, Clone, PartialEq)]
pub struct TappedFrame {
    /// Milliseconds since the Unix epoch (monotonic: the page clock plus its origin).
    pub at_ms: f64,
    pub direction: Direction,
    /// `None` is a heart-beat.
    pub frame: Option<Frame>,
}

/// Why a client operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The session refused the command (closed, not connected, outbox full, ...).
    #[error(transparent)]
    Session(#[from] SessionError),
    /// No RECEIPT within the receipt timeout.
    #[error("no receipt within the receipt timeout")]
    ReceiptTimeout,
    /// The send was given up (its transaction died, the session closed, too many attempts).
    #[error(transparent)]
    SendFailed(#[from] SendFailure),
    /// The subscription was given up and forgotten (see `SessionConfig::max_send_attempts`).
    #[error("the subscription was given up: {0}")]
    SubscribeFailed(SendFailure),
    /// The server answered the request (a receipted send or subscription) with ERROR.
    #[error("the server rejected the request: {0}")]
    Rejected(String),
    /// The message came from an `auto` subscription: there is nothing to acknowledge.
    #[error("this message needs no acknowledgement")]
    NoAckToken,
    /// The client stopped before answering: its session closed for good, or it has finished.
    #[error("the client has stopped")]
    Stopped,
}

pub(crate) type ReplyTx<T> = oneshot::Sender<Result<T, ClientError>>;

/// What handles ask the driver to do.
pub(crate) enum Cmd {
    Subscribe {
        destination: String,
        opts: SubscribeOptions,
        reply: ReplyTx<(SubscriptionId, mpsc::UnboundedReceiver<Message>)>,
    },
    Unsubscribe(SubscriptionId),
    /// A subscribe future was dropped while its subscription waited for a receipt.
    DropAbandoned,
    Send {
        req: SendRequest,
        reply: ReplyTx<()>,
    },
    Ack {
        message: Box<Message>,
        nack: bool,
        reply: ReplyTx<()>,
    },
    Begin(ReplyTx<TransactionId>),
    Commit(TransactionId, ReplyTx<()>),
    Abort(TransactionId, ReplyTx<()>),
    Disconnect(oneshot::Sender<()>),
    ReconnectNow,
}

/// State the handles read directly; written only by the driver.
pub(crate) struct Shared {
    pub(crate) state: RefCell<ClientState>,
    pub(crate) info: RefCell<Option<ConnectedInfo>>,
    pub(crate) listeners: RefCell<Vec<mpsc::UnboundedSender<ClientEvent>>>,
    pub(crate) taps: RefCell<Vec<mpsc::UnboundedSender<TappedFrame>>>,
    pub(crate) alive: Cell<bool>,
}

impl Shared {
    pub(crate) fn broadcast(&self, event: ClientEvent) {
        self.listeners
            .borrow_mut()
            .retain(|l| l.unbounded_send(event.clone()).is_ok());
    }

    pub(crate) fn tap(&self, frame: TappedFrame) {
        self.taps
            .borrow_mut()
            .retain(|l| l.unbounded_send(frame.clone()).is_ok());
    }
}

/// A STOMP client over a browser WebSocket. Clone it freely: clones share one connection.
/// When the last clone (and the last [`Subscription`]) is dropped, the client disconnects.
#[derive(Clone)]
pub struct StompClient {
    owner: Rc<Owner>,
    shared: Rc<Shared>,
}

/// Held by every handle; when the last one goes, the driver disconnects and finishes.
struct Owner {
    core: Rc<Core>,
}

impl Owner {
    fn input(&self, input: Input) {
        self.core.input(input);
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        self.core.input(Input::HandlesGone);
    }
}

impl StompClient {
    /// Starts connecting in the background and returns at once. Watch [`StompClient::events`]
    /// or [`StompClient::state`]; commands issued before CONNECTED are held (subscriptions)
    /// or queued in the outbox (sends).
    pub fn connect(config: ClientConfig) -> StompClient {
        let shared = Rc::new(Shared {
            state: RefCell::new(ClientState::Idle),
            info: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            taps: RefCell::new(Vec::new()),
            alive: Cell::new(true),
        });
        let core = Core::spawn(config, shared.clone());
        StompClient {
            owner: Rc::new(Owner { core }),
            shared,
        }
    }

    /// The current connection state.
    pub fn state(&self) -> ClientState {
        self.shared.state.borrow().clone()
    }

    /// What the server said in the last CONNECTED, while connected.
    pub fn connected_info(&self) -> Option<ConnectedInfo> {
        self.shared.info.borrow().clone()
    }

    /// A stream of state changes and errors from now on. Starts with the current state.
    pub fn events(&self) -> mpsc::UnboundedReceiver<ClientEvent> {
        let (tx, rx) = mpsc::unbounded();
        let _ = tx.unbounded_send(ClientEvent::State(self.state()));
        self.shared.listeners.borrow_mut().push(tx);
        rx
    }

    /// Every frame in and out from now on, with a timestamp. Needs
    /// [`ClientConfig::tap_frames`]; otherwise the stream stays empty.
    pub fn tap(&self) -> mpsc::UnboundedReceiver<TappedFrame> {
        let (tx, rx) = mpsc::unbounded();
        self.shared.taps.borrow_mut().push(tx);
        rx
    }

    /// Subscribes to `destination`. With `opts.receipt` this resolves once the server has
    /// confirmed the subscription (so messages sent afterwards are sure to arrive). The
    /// subscription survives reconnects and ends when the returned handle is dropped.
    ///
    /// Like every command here, it is issued when called, not when first polled: commands
    /// go out in call order, and dropping the future unsubscribes again at once (before any
    /// command issued after the drop).
    pub fn subscribe(
        &self,
        destination: &str,
        opts: SubscribeOptions,
    ) -> impl Future<Output = Result<Subscription, ClientError>> + 'static {
        let reply = self.request(|reply| Cmd::Subscribe {
            destination: destination.to_owned(),
            opts,
            reply,
        });
        PendingSubscription {
            reply,
            owner: Some(self.owner.clone()),
        }
    }

    /// Sends a message. Without a receipt this resolves once the message is written or queued
    /// (while offline, in the bounded outbox); with [`SendRequest::with_receipt`] it resolves
    /// when the broker confirms it, and fails with [`ClientError::ReceiptTimeout`] if it does
    /// not in time. A send with a receipt still unconfirmed when the connection drops is
    /// re-sent after the reconnect (up to `max_send_attempts` writes).
    ///
    /// Fire and forget is fine: the message is handed to the client before this returns.
    pub fn send(&self, req: SendRequest) -> impl Future<Output = Result<(), ClientError>> {
        let req = if req.receipt {
            req
        } else {
            match self.owner.core.send_now(req) {
                SendNow::Done(result) => return Reply::ready(result),
                SendNow::Busy(req) => req,
            }
        };
        self.request(|reply| Cmd::Send { req, reply })
    }

    /// Acknowledges a message of a `client` (cumulative) or `client-individual` subscription.
    pub fn ack(&self, message: &Message) -> impl Future<Output = Result<(), ClientError>> {
        self.acknowledge(message, false)
    }

    /// Rejects a message; brokers redeliver it (RabbitMQ sets `redelivered:true`).
    pub fn nack(&self, message: &Message) -> impl Future<Output = Result<(), ClientError>> {
        self.acknowledge(message, true)
    }

    fn acknowledge(&self, message: &Message, nack: bool) -> Reply<()> {
        if message.ack.is_none() {
            return Reply::ready(Err(ClientError::NoAckToken));
        }
        let message = Box::new(message.clone());
        self.request(|reply| Cmd::Ack {
            message,
            nack,
            reply,
        })
    }

    /// Begins a transaction on the current connection; use it with
    /// [`SendRequest::in_transaction`], then [`StompClient::commit`] or [`StompClient::abort`].
    pub fn begin(&self) -> impl Future<Output = Result<TransactionId, ClientError>> {
        self.request(Cmd::Begin)
    }

    pub fn commit(&self, tx: TransactionId) -> impl Future<Output = Result<(), ClientError>> {
        self.request(|reply| Cmd::Commit(tx, reply))
    }

    pub fn abort(&self, tx: TransactionId) -> impl Future<Output = Result<(), ClientError>> {
        self.request(|reply| Cmd::Abort(tx, reply))
    }

    /// Graceful disconnect: DISCONNECT, wait briefly for its receipt, close. Resolves once the
    /// client is [`ClientState::Disconnected`]. No reconnect follows.
    pub fn disconnect(&self) -> impl Future<Output = ()> {
        let (tx, rx) = oneshot::channel();
        self.owner.input(Input::Cmd(Cmd::Disconnect(tx)));
        async move {
            // Answered, or dropped because the driver had already finished: done either way.
            let _ = rx.await;
        }
    }

    /// While waiting to reconnect, tries at once (e.g. when the browser reports `online`).
    /// After [`ClientState::Disconnected`] (rejected credentials, gave up, or `disconnect`),
    /// starts connecting again: a "retry" button. The before-connect hook runs again first.
    pub fn reconnect_now(&self) {
        self.owner.input(Input::Cmd(Cmd::ReconnectNow));
    }

    /// False once the driver has finished.
    pub fn is_alive(&self) -> bool {
        self.shared.alive.get()
    }

    fn request<T>(&self, make: impl FnOnce(ReplyTx<T>) -> Cmd) -> Reply<T> {
        if !self.is_alive() {
            return Reply::ready(Err(ClientError::Stopped));
        }
        let (tx, rx) = oneshot::channel();
        self.owner.input(Input::Cmd(make(tx)));
        Reply::Waiting(rx)
    }
}

impl PartialEq for StompClient {
    /// Clones of one client are equal (so a client can sit in Yew props).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
    }
}

impl std::fmt::Debug for StompClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StompClient")
            .field("state", &*self.shared.state.borrow())
            .finish()
    }
}

/// The driver's answer to one command, as a future (usually ready at the first poll).
pub(crate) enum Reply<T> {
    Waiting(oneshot::Receiver<Result<T, ClientError>>),
    Ready(Option<Result<T, ClientError>>),
}

impl<T> Reply<T> {
    fn ready(result: Result<T, ClientError>) -> Self {
        Reply::Ready(Some(result))
    }
}

// Nothing in a Reply is ever pinned in place: the value is only moved out once ready.
impl<T> Unpin for Reply<T> {}

impl<T> Future for Reply<T> {
    type Output = Result<T, ClientError>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Reply::Waiting(rx) => Pin::new(rx)
                .poll(cx)
                .map(|r| r.unwrap_or(Err(ClientError::Stopped))),
            Reply::Ready(r) => Poll::Ready(r.take().unwrap_or(Err(ClientError::Stopped))),
        }
    }
}

type SubscribeReply = Reply<(SubscriptionId, mpsc::UnboundedReceiver<Message>)>;

/// The future of [`StompClient::subscribe`]. The subscription is already issued; dropping
/// this before it resolves unsubscribes it, whether or not the driver has answered yet.
struct PendingSubscription {
    reply: SubscribeReply,
    /// Taken when the `Subscription` is handed out.
    owner: Option<Rc<Owner>>,
}

impl Future for PendingSubscription {
    type Output = Result<Subscription, ClientError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let result = std::task::ready!(Pin::new(&mut self.reply).poll(cx));
        let owner = self.owner.take();
        Poll::Ready(result.and_then(|(id, rx)| {
            let owner = owner.ok_or(ClientError::Stopped)?;
            Ok(Subscription { id, rx, owner })
        }))
    }
}

impl Drop for PendingSubscription {
    fn drop(&mut self) {
        let (Some(owner), Reply::Waiting(rx)) = (self.owner.take(), &mut self.reply) else {
            return;
        };
        rx.close();
        match rx.try_recv() {
            Ok(Some(Ok((id, _)))) => owner.input(Input::Cmd(Cmd::Unsubscribe(id))),
            Ok(Some(Err(_))) => {}
            // Not answered (a closed receiver reads as canceled): still waiting for its
            // receipt, and the driver will find its reply gone.
            Ok(None) | Err(_) => owner.input(Input::Cmd(Cmd::DropAbandoned)),
        }
    }
}

/// Messages of one subscription, as a `Stream`. Dropping it unsubscribes.
pub struct Subscription {
    id: SubscriptionId,
    rx: mpsc::UnboundedReceiver<Message>,
    owner: Rc<Owner>,
}

impl Subscription {
    pub fn id(&self) -> SubscriptionId {
        self.id
    }

    /// A message already delivered, without waiting.
    pub fn try_next(&mut self) -> Option<Message> {
        self.rx.try_recv().ok()
    }
}

impl Stream for Subscription {
    type Item = Message;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        Pin::new(&mut self.rx).poll_next(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.owner.input(Input::Cmd(Cmd::Unsubscribe(self.id)));
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .finish()
    }
}
