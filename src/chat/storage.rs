//! What the app keeps in localStorage: settings (never the passcode) and the outbox.

use super::model::{Outgoing, RoomKey};
use super::profile::{ProfileKind, Templates};
use crate::i18n::Lang;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const SETTINGS_KEY: &str = "stomp-chat.settings";
const OUTBOX_KEY: &str = "stomp-chat.outbox";

/// The connect form as last used. There is deliberately no passcode field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    pub url: String,
    pub profile: ProfileKind,
    pub custom: Option<Templates>,
    pub nickname: String,
    pub login: String,
    pub rooms: Vec<String>,
    pub lang: Option<Lang>,
    /// The conversation being read, opened again after a reload.
    pub active: Option<RoomKey>,
    /// Connected when the page went away (not signed out): a reload connects again by itself.
    pub auto_connect: bool,
    /// Desktop notifications turned on (off until the person turns them on).
    pub notify: bool,
}

pub fn load_settings() -> Settings {
    LocalStorage::get(SETTINGS_KEY).unwrap_or_default()
}

pub fn save_settings(s: &Settings) {
    let _ = LocalStorage::set(SETTINGS_KEY, s);
}

/// Entry by entry, so one that an older version wrote differently costs only itself.
pub fn load_outbox() -> Vec<Outgoing> {
    LocalStorage::get::<Vec<serde_json::Value>>(OUTBOX_KEY)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

pub fn save_outbox(items: &[Outgoing]) {
    if items.is_empty() {
        LocalStorage::delete(OUTBOX_KEY);
    } else {
        let _ = LocalStorage::set(OUTBOX_KEY, items);
    }
}
