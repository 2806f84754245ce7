//! One file per component. Components see only `use_chat()` and `use_texts()`.

pub mod app;
pub mod boot_handoff;
pub mod chat_view;
pub mod composer;
pub mod connect_form;
pub mod inspector;
pub mod mention_box;
pub mod message_chunk;
pub mod message_item;
pub mod message_list;
pub mod notices;
pub mod notifier;
pub mod presence;
pub mod reconnecting;
pub mod render_count;
pub mod room_list;
pub mod scroll_keep;
pub mod session;
pub mod status_bar;
pub mod tab_badge;
pub mod time;

pub use app::{use_lang, use_texts, App};
