//! A sans-io STOMP 1.2 client core.
//!
//! Nothing in this crate performs I/O, reads a clock or spawns a task: bytes and "now in
//! milliseconds" go in; bytes, events and "wake me at" come out. That keeps every rule of the
//! protocol testable natively in microseconds, and lets the same core run in a browser, in a
//! native server, or in a fuzzer.
//!
//! Layers:
//! - [`frame`]: [`Command`], [`Headers`] and [`Frame`].
//! - [`escape`]: header escaping as the spec defines it per version.
//! - [`decode`]: a streaming [`Decoder`] with limits.
//! - [`encode`](mod@encode): frames to bytes, and splitting of large frames into WebSocket-sized pieces.
//! - [`session`]: the client state machine (connect, heart-beats, receipts, reconnects).

#![warn(missing_docs)]

pub mod decode;
pub mod encode;
pub mod error;
pub mod escape;
pub mod frame;
pub mod version;

pub use decode::{Decoder, Item, Limits};
pub use encode::{encode, encode_to_vec, split_message, Pieces};
pub use error::{DecodeError, EncodeError, LimitKind};
pub use frame::{Command, Frame, Headers};
pub use version::Version;
pub mod session;

pub use session::{Session, SessionConfig};

#[cfg(feature = "web")]
pub mod web;
