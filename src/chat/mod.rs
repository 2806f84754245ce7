//! The chat: a pure state with its reducer, and the Yew glue that feeds it.

pub mod frames;
pub mod incoming;
pub mod model;
pub mod profile;
pub mod state;

pub use frames::{Dir, FrameEntry, FrameLog};
pub use model::*;
pub use state::{Action, ChatState};
