//! The wasm half of the in-browser benchmarks (`benches/browser`): our decoder and our
//! [`StompClient`](stomp::web::StompClient), exported to the bench page so it can run them
//! beside @stomp/stompjs and a raw WebSocket in the same page. Not part of the app bundle.

mod burst;
mod client;
mod decode;
mod floor;
mod frames;
mod session;

pub use burst::{send_burst, SendBurst};
pub use client::{receive, send};
pub use decode::WasmDecoder;
pub use floor::{socket_burst, SocketBurst};
pub use frames::{message_frame, send_frame};
pub use session::session_receive;
