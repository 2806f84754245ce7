//! The browser driver: the only code in this crate that touches the browser (WebSocket, timers,
//! page visibility). Enabled by the `web` feature; meant for `wasm32-unknown-unknown`.

pub mod socket;
pub mod ticker;

pub use socket::{Socket, SocketError, SocketEvent, STOMP_SUBPROTOCOLS};
pub use ticker::{Ticker, Wake};
