//! The public handle of the browser client: cheap to clone, and every method may be called
//! from anywhere (event handlers, Yew callbacks, other tasks). Each call is handled by the
//! driver before it returns (see `core.rs`); the futures only carry the answer.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};
use futures_util::Stream;

use crate::frame::Frame;
use crate::session::{
    ConnectionState, Message, SendId, SendRequest, SubscribeOptions, SubscriptionId, TransactionId,
};

use super::config::ClientConfig;
use super::core::Core;
use super::error::ClientError;
use super::event::{ClientEvent, ConnectedInfo, TappedFrame};
use super::plumbing::{Cmd, Input, Reply, ReplyTx, Shared, SubscribeAnswer};
use super::send::SendHandle;

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
        let shared = Rc::new(Shared::new());
        let core = Core::spawn(config, shared.clone());
        StompClient {
            owner: Rc::new(Owner { core }),
            shared,
        }
    }

    /// The client's clock, in ms: the clock of
    /// [`ConnectionState::Reconnecting::at_ms`](crate::session::ConnectionState::Reconnecting)
    /// (`performance.now()`, whole ms).
    pub fn clock_ms(&self) -> u64 {
        super::clock::now()
    }

    /// The current connection state.
    pub fn state(&self) -> ConnectionState {
        self.shared.state.borrow().clone()
    }

    /// The broker URL of the current connection, or of the attempt under way (with several
    /// URLs, the node in use). Empty before the first attempt.
    pub fn url(&self) -> String {
        self.shared.url.borrow().clone()
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

    /// Sends a message, now if connected, else from the outbox once connected. Returns at
    /// once: the handle has the send's [`id`](SendHandle::id) and resolves at its final
    /// state; every change is also a [`ClientEvent::Send`]. How it is confirmed is
    /// [`SendRequest::confirm`]: not at all (at most once), by RECEIPT (re-sent after a
    /// reconnect until confirmed: at least once), or by the caller ([`StompClient::confirm`]).
    ///
    /// Refused at once (the handle resolves to [`ClientError::Session`], and no id is
    /// given) when the frame is over `max_frame_bytes`, the client is closed, the outbox is
    /// full or the transaction is unknown. Dropping the handle does not cancel the send.
    pub fn send(&self, req: SendRequest) -> SendHandle {
        if !self.is_alive() {
            return SendHandle::refused(ClientError::Stopped);
        }
        self.owner.core.send(req)
    }

    /// Confirms a written [`Confirm::Caller`](crate::session::Confirm::Caller) or
    /// [`Confirm::Echo`](crate::session::Confirm::Echo) send: it ends `Delivered`. False if
    /// the id is unknown, already final, of another mode, or not written yet.
    pub fn confirm(&self, id: SendId) -> bool {
        self.owner.core.confirm(id)
    }

    /// Takes back a send still held (queued, or awaiting its receipt or confirmation): it
    /// ends `Failed(Cancelled)` and is never written again (one already written may still
    /// arrive). False if the id is unknown or already final.
    pub fn cancel(&self, id: SendId) -> bool {
        self.owner.core.cancel(id)
    }

    /// Resolves when a RECEIPT with `receipt_id` arrives: for receipts the client did not
    /// ask for itself (its own sends report theirs through [`SendHandle`]). Fails with
    /// [`ClientError::Stopped`] if the client stops first.
    pub fn watch_for_receipt(
        &self,
        receipt_id: &str,
    ) -> impl Future<Output = Result<(), ClientError>> {
        let (tx, rx) = oneshot::channel();
        if self.is_alive() {
            self.owner
                .input(Input::Cmd(Cmd::WatchReceipt(receipt_id.to_owned(), tx)));
        }
        async move { rx.await.map_err(|_| ClientError::Stopped) }
    }

    /// The ids of RECEIPTs the client did not ask for, from now on.
    pub fn receipts(&self) -> mpsc::UnboundedReceiver<String> {
        let (tx, rx) = mpsc::unbounded();
        self.shared.receipts.borrow_mut().push(tx);
        rx
    }

    /// MESSAGE frames for no live subscription (e.g. one the server subscribed on its own, or
    /// one just unsubscribed), from now on. Without a listener they are dropped.
    pub fn unhandled_messages(&self) -> mpsc::UnboundedReceiver<Frame> {
        let (tx, rx) = mpsc::unbounded();
        self.shared.unhandled.borrow_mut().push(tx);
        rx
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

    /// Commits a transaction: its sends take effect together.
    pub fn commit(&self, tx: TransactionId) -> impl Future<Output = Result<(), ClientError>> {
        self.request(|reply| Cmd::Commit(tx, reply))
    }

    /// Aborts a transaction: its sends are discarded by the server.
    pub fn abort(&self, tx: TransactionId) -> impl Future<Output = Result<(), ClientError>> {
        self.request(|reply| Cmd::Abort(tx, reply))
    }

    /// Graceful disconnect: DISCONNECT, wait briefly for its receipt, close. Resolves once the
    /// client is [`ConnectionState::Closed`]. No reconnect follows.
    pub fn disconnect(&self) -> impl Future<Output = ()> {
        let (tx, rx) = oneshot::channel();
        self.owner.input(Input::Cmd(Cmd::Disconnect(tx)));
        async move {
            // Answered, or dropped because the driver had already finished: done either way.
            let _ = rx.await;
        }
    }

    /// While waiting to reconnect, tries at once (e.g. when the browser reports `online`).
    /// After [`ConnectionState::Closed`] (rejected credentials, gave up, or `disconnect`),
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

type SubscribeReply = Reply<SubscribeAnswer>;

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
    /// The subscription's id (the SUBSCRIBE `id` header).
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
