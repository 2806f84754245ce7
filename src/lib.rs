//! The Yew chat app: a STOMP chat client for the browser.

pub mod chat;
