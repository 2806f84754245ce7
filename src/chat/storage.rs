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

/// In the wasm by the browser's JSON (settings_json.rs); serde's derives stay for the tests.
#[cfg(target_arch = "wasm32")]
pub fn load_settings() -> Settings {
    LocalStorage::raw()
        .get_item(SETTINGS_KEY)
        .ok()
        .flatten()
        .map(|json| super::settings_json::from_json(&json))
        .unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
pub fn save_settings(s: &Settings) {
    let _ = LocalStorage::raw().set_item(SETTINGS_KEY, &super::settings_json::to_json(s));
}

#[cfg(not(target_arch = "wasm32"))]
pub fn load_settings() -> Settings {
    LocalStorage::get(SETTINGS_KEY).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn save_settings(s: &Settings) {
    let _ = LocalStorage::set(SETTINGS_KEY, s);
}

/// Entry by entry, so one that an older version wrote differently costs only itself.
pub fn load_outbox() -> Vec<Outgoing> {
    LocalStorage::raw()
        .get_item(OUTBOX_KEY)
        .ok()
        .flatten()
        .map(|json| outbox_from_json(&json))
        .unwrap_or_default()
}

/// In the wasm by the browser's JSON (outbox_json.rs), with the same per-entry tolerance.
#[cfg(target_arch = "wasm32")]
fn outbox_from_json(json: &str) -> Vec<Outgoing> {
    super::outbox_json::from_json(json)
}

/// Raw JSON per entry rather than a `serde_json::Value` tree: the same tolerance without
/// `Value`'s code.
#[cfg(not(target_arch = "wasm32"))]
fn outbox_from_json(json: &str) -> Vec<Outgoing> {
    serde_json::from_str::<Vec<Box<serde_json::value::RawValue>>>(json)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| serde_json::from_str(v.get()).ok())
        .collect()
}

pub fn save_outbox(items: &[Outgoing]) {
    if items.is_empty() {
        LocalStorage::delete(OUTBOX_KEY);
    } else {
        #[cfg(target_arch = "wasm32")]
        let _ = LocalStorage::raw().set_item(OUTBOX_KEY, &super::outbox_json::to_json(items));
        #[cfg(not(target_arch = "wasm32"))]
        let _ = LocalStorage::set(OUTBOX_KEY, items);
    }
}

/// A string kept as JSON text (`"ann"`), as gloo-storage's typed `get::<String>` reads it:
/// by the browser's JSON, since gloo's typed get/set would link serde_json into the wasm.
pub fn load_string(store: &web_sys::Storage, key: &str) -> Option<String> {
    let json = store.get_item(key).ok().flatten()?;
    js_sys::JSON::parse(&json).ok()?.as_string()
}

/// `value` kept as JSON text, as gloo-storage's typed `set` wrote it.
pub fn save_string(store: &web_sys::Storage, key: &str, value: &str) {
    if let Ok(json) = js_sys::JSON::stringify(&value.into()) {
        let _ = store.set_item(key, &String::from(json));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::model::Delivery;

    #[test]
    fn an_outbox_entry_written_differently_costs_only_itself() {
        let good = Outgoing {
            client_id: "c1".into(),
            sender: "ann".into(),
            room: RoomKey::Room("general".into()),
            text: "hi".into(),
            at: 1,
            delivery: Delivery::Queued,
            receipt: true,
            attempts: 1,
        };
        let json = format!(
            r#"[{}, {{"client_id":7}}, {{"client_id":"c2","room":{{"Room":"r"}},"text":"old","at":2,"delivery":"Pending"}}]"#,
            serde_json::to_string(&good).unwrap()
        );
        let got = outbox_from_json(&json);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], good);
        assert_eq!(
            (got[1].delivery.clone(), got[1].attempts),
            (Delivery::Sent, 0)
        );
        assert!(outbox_from_json("not json").is_empty());
    }
}
