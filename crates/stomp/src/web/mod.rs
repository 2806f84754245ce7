//! The browser driver: the only code in this crate that touches the browser (WebSocket, timers,
//! page visibility). Enabled by the `web` feature; meant for `wasm32-unknown-unknown`.
//!
//! [`StompClient`] is the public API; [`Socket`] and [`Ticker`] are the browser pieces it is
//! built from, public for tools that want them alone.

pub mod client;
pub mod config;
mod core;
mod driver;
pub mod socket;
pub mod ticker;

pub use client::{
    ClientError, ClientEvent, ClientState, ConnectedInfo, Direction, StompClient, Subscription,
    TappedFrame,
};
pub use config::{BeforeConnect, ClientConfig, Credentials, WsFrames};
pub use socket::{Socket, SocketError, SocketEvent, STOMP_SUBPROTOCOLS};
pub use ticker::{Ticker, Wake};

// What users of the client need from the session, re-exported so one `use` suffices.
pub use crate::session::{
    AckMode, DisconnectReason, HeartBeat, Message, ReconnectPolicy, SendFailure, SendRequest,
    SubscribeOptions, SubscriptionId, TransactionId,
};
