//! Starting a session from saved settings, by hand or by itself after a reload, and keeping
//! what a reload must bring back: the conversation being read and private conversations.

use crate::chat::profile::{ProfileKind, Templates};
use crate::chat::service::ConnectRequest;
use crate::chat::storage::{self, Settings};
use crate::chat::{saved, use_chat, ChatHandle, Connection, RoomKey};
use std::cell::Cell;
use yew::prelude::*;

thread_local! {
    /// A page connects by itself at most once: a failed attempt lands on the form, not in a loop.
    static AUTO_TRIED: Cell<bool> = const { Cell::new(false) };
}

/// Connects with these settings, saved first, and puts back what the last page had.
pub fn start(chat: &ChatHandle, mut s: Settings, passcode: &str) {
    if s.rooms.is_empty() {
        s.rooms = vec!["general".into()];
    }
    s.auto_connect = true;
    storage::save_settings(&s);
    saved::save_passcode(passcode);
    let templates: Templates = match s.profile {
        ProfileKind::Custom => s
            .custom
            .clone()
            .unwrap_or_else(|| ProfileKind::Custom.templates()),
        p => p.templates(),
    };
    chat.connect(ConnectRequest {
        url: s.url.clone(),
        nickname: s.nickname.clone(),
        login: s.login.clone(),
        passcode: passcode.to_owned(),
        templates,
        rooms: s.rooms.clone(),
    });
    chat.restore_direct(saved::load_direct(&s.url, &s.nickname));
    // After the joins, each of which selects its room: the one being read wins.
    if let Some(active) = s.active {
        chat.select(&active);
    }
}

/// The settings a reload connects with by itself: saved from a session that was not signed
/// out of. boot/boot.js decides the same to show "Reconnecting as …" before the app starts.
pub fn resumable() -> Option<Settings> {
    let s = storage::load_settings();
    if !s.auto_connect || s.nickname.trim().is_empty() || s.url.trim().is_empty() {
        return None;
    }
    // A link that names a server (`?server=`, `?profile=`) asks for the form filled in with
    // it, not for the session saved with another.
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("server=") || search.contains("profile=") {
        return None;
    }
    Some(s)
}

/// With settings saved from a session that was not signed out of, connects once per page.
pub fn auto_connect(chat: &ChatHandle) -> bool {
    if AUTO_TRIED.with(|t| t.replace(true)) || chat.connection != Connection::Offline {
        return false;
    }
    let Some(s) = resumable() else {
        return false;
    };
    start(chat, s, &saved::load_passcode());
    true
}

/// Signed out on purpose: the next page shows the form instead of connecting.
pub fn signed_out() {
    let mut s = storage::load_settings();
    s.auto_connect = false;
    storage::save_settings(&s);
    saved::save_passcode("");
}

/// Writes down, while in a session, the conversation in view and the private conversations.
/// A hook of the root screen's (it draws nothing; see `use_tab_badge`).
#[hook]
pub fn use_keep_session() {
    let chat = use_chat();
    let in_session = chat.connection.in_session();
    {
        let active = chat.active.clone();
        use_effect_with((in_session, active), |(in_session, active)| {
            if *in_session && active.is_some() {
                let mut s = storage::load_settings();
                if s.active != *active {
                    s.active = active.clone();
                    storage::save_settings(&s);
                }
            }
        });
    }
    {
        let direct: Vec<_> = chat
            .rooms
            .iter()
            .filter(|r| r.key.is_direct())
            .cloned()
            .collect();
        let me = chat.me.clone();
        use_effect_with((in_session, direct, me), |(in_session, direct, me)| {
            if *in_session && !me.is_empty() {
                let url = storage::load_settings().url;
                saved::save_direct(
                    &url,
                    me,
                    direct.iter().map(|r| match &r.key {
                        RoomKey::Direct(peer) | RoomKey::Room(peer) => {
                            (peer.as_str(), r.messages.as_slice())
                        }
                    }),
                );
            }
        });
    }
}
