//! The browser client: the only code in this crate that touches the browser (WebSocket,
//! timers, page visibility). Enabled by the `web` feature; meant for `wasm32-unknown-unknown`.
//!
//! [`StompClient`] is the public API; [`Socket`] (or [`WorkerSocket`], the same in a Worker) and
//! [`Ticker`] are the browser pieces it is built from, public for tools that want them alone.

mod client;
mod clock;
mod config;
mod core;
mod driver;
mod either_socket;
mod error;
mod event;
mod outview;
mod plumbing;
mod send;
mod socket;
mod ticker;
mod worker_js;
mod worker_socket;
mod worker_start;

pub use client::{StompClient, Subscription};
pub use config::{BeforeConnect, BeforeConnectFuture, ClientConfig, Credentials, WsFrames};
pub use either_socket::SocketPlace;
pub use error::{ClientError, HookError};
pub use event::{ClientEvent, ConnectedInfo, Direction, TappedFrame};
pub use send::{Outcome, SendHandle};
pub use socket::{Socket, SocketError, SocketEvent, STOMP_SUBPROTOCOLS};
pub use ticker::{Ticker, Wake};
pub use worker_socket::WorkerSocket;

// What users of the client need from the session, re-exported so one `use` suffices.
pub use crate::session::{
    AckMode, Confirm, ConnectionState, DisconnectReason, HeartBeat, Message, ProtocolViolation,
    ReconnectPolicy, SendFailure, SendId, SendRequest, SendState, ServerError, SubscribeOptions,
    SubscriptionId, TransactionId,
};
