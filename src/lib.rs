//! The Yew chat app: a STOMP chat client for the browser.

pub mod case;
pub mod chat;
pub mod components;
pub mod days;
pub mod effect;
pub mod i18n;
pub mod text;
mod texts_boot;
mod texts_cluster;
mod texts_identity;
mod texts_notify;
mod texts_reading;
mod texts_ux;

/// Mounts the app on `<body>`, taking over what was typed in index.html's form first.
pub fn run() {
    components::boot_handoff::capture();
    yew::Renderer::<components::App>::new().render();
}
