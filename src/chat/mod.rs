//! The chat: a pure state with its reducer, and the Yew glue that feeds it.

pub mod diagnose;
pub mod echo;
pub mod frames;
pub mod frames_export;
pub mod hooks;
pub mod identity;
pub mod incoming;
#[cfg(target_arch = "wasm32")]
pub mod js_json;
pub mod macrotask;
pub mod mention;
pub mod model;
pub mod names;
#[cfg(target_arch = "wasm32")]
pub mod outbox_json;
pub mod presence;
pub mod profile;
pub mod provider;
mod reading;
mod room_tasks;
pub mod saved;
pub mod seen;
pub mod sender;
pub mod service;
#[cfg(target_arch = "wasm32")]
pub mod settings_json;
pub mod state;
mod state_restore;
pub mod storage;
pub mod stream_history;
pub mod urls;
pub mod wire_json;

pub use frames::{Dir, FrameEntry, FrameLog};
pub use hooks::{use_chat, ChatHandle, Intents};
pub use model::*;
pub use provider::ChatProvider;
pub use state::{Action, ChatState};
