//! The client's private wiring: what handles ask the driver, what the browser tells it, the
//! state handles read without asking, and how answers travel back.
//!
//! Kept apart from the public API (`client.rs`) and from the code that acts (`core.rs`,
//! `driver.rs`), so that each of those depends on this module and none on another's
//! internals: the driver reaches its core only through [`Feed`].

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};

use crate::frame::Frame;
use crate::session::{
    ConnectionState, Message, SendRequest, SubscribeOptions, SubscriptionId, TransactionId,
};

use super::config::Credentials;
use super::error::{ClientError, HookError};
use super::event::{ClientEvent, ConnectedInfo, TappedFrame};
use super::send::SendSlot;
use super::socket::SocketEvent;
use super::ticker::Wake;

pub(crate) type ReplyTx<T> = oneshot::Sender<Result<T, ClientError>>;

/// What a subscribe is answered with: its id and the stream its messages go to.
pub(crate) type SubscribeAnswer = (SubscriptionId, mpsc::UnboundedReceiver<Message>);

/// What handles ask the driver to do.
pub(crate) enum Cmd {
    Subscribe {
        destination: String,
        opts: SubscribeOptions,
        reply: ReplyTx<SubscribeAnswer>,
    },
    Unsubscribe(SubscriptionId),
    /// A send issued while the driver was busy; its answer goes to `slot`.
    Send {
        req: SendRequest,
        slot: Rc<SendSlot>,
    },
    /// A subscribe future was dropped while its subscription waited for a receipt.
    DropAbandoned,
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
    /// Resolve when a RECEIPT with this id arrives.
    WatchReceipt(String, oneshot::Sender<()>),
}

/// Inputs from the browser side, tagged with the connection generation they belong to, so
/// that late events of a replaced socket are ignored.
pub(crate) enum Io {
    Socket(u64, SocketEvent),
    HookDone(u64, Result<Credentials, HookError>),
    Wake(Wake),
}

pub(crate) enum Input {
    /// The first input of every client: start connecting.
    Start,
    Cmd(Cmd),
    Io(Io),
    /// Every handle (client clone and subscription) is gone.
    HandlesGone,
}

/// Where callbacks (socket, timer, hook) deliver their inputs. The driver holds it weakly:
/// once the client has finished, late callbacks find nobody and do nothing.
pub(crate) trait Feed {
    fn feed(&self, input: Input);
}

pub(crate) type Inbox = Weak<dyn Feed>;

/// Delivers `input` if the client still exists.
pub(crate) fn post(inbox: &Inbox, input: Input) {
    if let Some(feed) = inbox.upgrade() {
        feed.feed(input);
    }
}

/// State the handles read directly; written only by the driver.
pub(crate) struct Shared {
    pub(crate) state: RefCell<ConnectionState>,
    pub(crate) info: RefCell<Option<ConnectedInfo>>,
    /// The URL of the current connection or attempt.
    pub(crate) url: RefCell<String>,
    pub(crate) listeners: RefCell<Vec<mpsc::UnboundedSender<ClientEvent>>>,
    pub(crate) taps: RefCell<Vec<mpsc::UnboundedSender<TappedFrame>>>,
    pub(crate) unhandled: RefCell<Vec<mpsc::UnboundedSender<Frame>>>,
    pub(crate) receipts: RefCell<Vec<mpsc::UnboundedSender<String>>>,
    pub(crate) alive: Cell<bool>,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            state: RefCell::new(ConnectionState::Idle),
            info: RefCell::new(None),
            url: RefCell::new(String::new()),
            listeners: RefCell::new(Vec::new()),
            taps: RefCell::new(Vec::new()),
            unhandled: RefCell::new(Vec::new()),
            receipts: RefCell::new(Vec::new()),
            alive: Cell::new(true),
        }
    }

    pub(crate) fn broadcast(&self, event: ClientEvent) {
        fan_out(&self.listeners, event);
    }

    pub(crate) fn tap(&self, frame: TappedFrame) {
        fan_out(&self.taps, frame);
    }

    pub(crate) fn unhandled(&self, frame: Frame) {
        fan_out(&self.unhandled, frame);
    }

    pub(crate) fn receipt(&self, id: String) {
        fan_out(&self.receipts, id);
    }
}

/// Sends a clone to every live receiver and forgets the dropped ones.
fn fan_out<T: Clone>(to: &RefCell<Vec<mpsc::UnboundedSender<T>>>, item: T) {
    let mut to = to.borrow_mut();
    if let [only] = to.as_slice() {
        // The common case (one listener) moves the item instead of cloning it.
        if only.unbounded_send(item).is_err() {
            to.clear();
        }
        return;
    }
    to.retain(|l| l.unbounded_send(item.clone()).is_ok());
}

/// The driver's answer to one command, as a future (usually ready at the first poll).
pub(crate) enum Reply<T> {
    Waiting(oneshot::Receiver<Result<T, ClientError>>),
    Ready(Option<Result<T, ClientError>>),
}

impl<T> Reply<T> {
    pub(crate) fn ready(result: Result<T, ClientError>) -> Self {
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
