//! The Yew chat app: a STOMP chat client for the browser.

pub mod chat;
pub mod i18n;
pub mod text;
