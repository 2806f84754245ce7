//! The public handle of the browser client: cheap to clone, every method talks to the one
//! driver task through a channel, so it can be called from anywhere (event handlers, Yew
//! callbacks, other tasks) without re-entrancy hazards.

use std::cell::{Cell, RefCell};
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
use super::driver;

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
    /// The send was given up (its transaction died, the session closed, the server said no).
    #[error(transparent)]
    SendFailed(#[from] SendFailure),
    /// The server answered the request with ERROR.
    #[error("the server rejected the request: {0}")]
    Rejected(String),
    /// The message came from an `auto` subscription: there is nothing to acknowledge.
    #[error("this message needs no acknowledgement")]
    NoAckToken,
    /// The driver task has stopped.
    #[error("the client has stopped")]
    Stopped,
}

pub(crate) type Reply<T> = oneshot::Sender<Result<T, ClientError>>;

/// What handles ask the driver to do.
pub(crate) enum Cmd {
    Subscribe {
        destination: String,
        opts: SubscribeOptions,
        reply: Reply<(SubscriptionId, mpsc::UnboundedReceiver<Message>)>,
    },
    Unsubscribe(SubscriptionId),
    Send {
        req: SendRequest,
        reply: Reply<()>,
    },
    Ack {
        message: Box<Message>,
        nack: bool,
        reply: Reply<()>,
    },
    Begin(Reply<TransactionId>),
    Commit(TransactionId, Reply<()>),
    Abort(TransactionId, Reply<()>),
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
    cmd: mpsc::UnboundedSender<Cmd>,
    shared: Rc<Shared>,
}

impl StompClient {
    /// Starts connecting in the background and returns at once. Watch [`StompClient::events`]
    /// or [`StompClient::state`]; commands issued before CONNECTED are held (subscriptions)
    /// or queued in the outbox (sends).
    pub fn connect(config: ClientConfig) -> StompClient {
        let (cmd, cmd_rx) = mpsc::unbounded();
        let shared = Rc::new(Shared {
            state: RefCell::new(ClientState::Idle),
            info: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            taps: RefCell::new(Vec::new()),
            alive: Cell::new(true),
        });
        driver::spawn(config, cmd_rx, shared.clone());
        StompClient { cmd, shared }
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
    pub async fn subscribe(
        &self,
        destination: &str,
        opts: SubscribeOptions,
    ) -> Result<Subscription, ClientError> {
        let (id, rx) = self
            .request(|reply| Cmd::Subscribe {
                destination: destination.to_owned(),
                opts,
                reply,
            })
            .await?;
        Ok(Subscription {
            id,
            rx,
            cmd: self.cmd.clone(),
        })
    }

    /// Sends a message. Without a receipt this resolves once the message is written or queued;
    /// with [`SendRequest::with_receipt`] it resolves when the broker confirms it, and fails
    /// with [`ClientError::ReceiptTimeout`] if it does not in time. A send with a receipt
    /// waiting when the connection drops is re-sent after the reconnect.
    pub async fn send(&self, req: SendRequest) -> Result<(), ClientError> {
        self.request(|reply| Cmd::Send { req, reply }).await
    }

    /// Acknowledges a message of a `client` (cumulative) or `client-individual` subscription.
    pub async fn ack(&self, message: &Message) -> Result<(), ClientError> {
        self.acknowledge(message, false).await
    }

    /// Rejects a message; brokers redeliver it (RabbitMQ sets `redelivered:true`).
    pub async fn nack(&self, message: &Message) -> Result<(), ClientError> {
        self.acknowledge(message, true).await
    }

    async fn acknowledge(&self, message: &Message, nack: bool) -> Result<(), ClientError> {
        if message.ack.is_none() {
            return Err(ClientError::NoAckToken);
        }
        let message = Box::new(message.clone());
        self.request(|reply| Cmd::Ack {
            message,
            nack,
            reply,
        })
        .await
    }

    /// Begins a transaction on the current connection; use it with
    /// [`SendRequest::in_transaction`], then [`StompClient::commit`] or [`StompClient::abort`].
    pub async fn begin(&self) -> Result<TransactionId, ClientError> {
        self.request(Cmd::Begin).await
    }

    pub async fn commit(&self, tx: TransactionId) -> Result<(), ClientError> {
        self.request(|reply| Cmd::Commit(tx, reply)).await
    }

    pub async fn abort(&self, tx: TransactionId) -> Result<(), ClientError> {
        self.request(|reply| Cmd::Abort(tx, reply)).await
    }

    /// Graceful disconnect: DISCONNECT, wait briefly for its receipt, close. Resolves once the
    /// client is [`ClientState::Disconnected`]. No reconnect follows.
    pub async fn disconnect(&self) {
        let (tx, rx) = oneshot::channel();
        if self.cmd.unbounded_send(Cmd::Disconnect(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// While waiting to reconnect, tries at once (e.g. when the browser reports `online`).
    pub fn reconnect_now(&self) {
        let _ = self.cmd.unbounded_send(Cmd::ReconnectNow);
    }

    /// False once the driver task has ended.
    pub fn is_alive(&self) -> bool {
        self.shared.alive.get()
    }

    async fn request<T>(&self, make: impl FnOnce(Reply<T>) -> Cmd) -> Result<T, ClientError> {
        let (tx, rx) = oneshot::channel();
        self.cmd
            .unbounded_send(make(tx))
            .map_err(|_| ClientError::Stopped)?;
        rx.await.unwrap_or(Err(ClientError::Stopped))
    }
}

/// Messages of one subscription, as a `Stream`. Dropping it unsubscribes.
pub struct Subscription {
    id: SubscriptionId,
    rx: mpsc::UnboundedReceiver<Message>,
    cmd: mpsc::UnboundedSender<Cmd>,
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
        let _ = self.cmd.unbounded_send(Cmd::Unsubscribe(self.id));
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .finish()
    }
}
