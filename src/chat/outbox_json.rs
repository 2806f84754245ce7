//! The outbox to and from its JSON in localStorage by the browser's own `JSON`, in the wasm.
//!
//! As for the settings (settings_json.rs): serde's code for `Outgoing`, `RoomKey` and
//! `Delivery` cost the wasm several KB; the JSON is the one serde writes (tests/outbox_json.rs
//! compares the two), and an entry serde would refuse costs only itself, as before.

use super::js_json::{array, get, object, set, stringify};
use super::model::{Delivery, Outgoing, RoomKey};
use js_sys::{Array, Object, JSON};
use wasm_bindgen::JsValue;

/// serde's names for the deliveries without data, with the old name of `Sent`.
const DELIVERIES: [(&str, Delivery); 6] = [
    ("Received", Delivery::Received),
    ("Queued", Delivery::Queued),
    ("Sent", Delivery::Sent),
    ("Delivered", Delivery::Delivered),
    ("Uncertain", Delivery::Uncertain),
    ("Pending", Delivery::Sent),
];

/// The entries of `json` serde would read; the others are left out.
pub fn from_json(json: &str) -> Vec<Outgoing> {
    JSON::parse(json)
        .ok()
        .and_then(array)
        .map(|all| all.iter().filter_map(entry).collect())
        .unwrap_or_default()
}

fn entry(v: JsValue) -> Option<Outgoing> {
    let o = object(v)?;
    let at = get(&o, "at").as_f64().filter(|n| n.trunc() == *n)?;
    // Missing is serde's default; present and of another type, serde refused the entry.
    let or_default = |key, ok: fn(&JsValue) -> bool| {
        let v = get(&o, key);
        (v.is_undefined() || ok(&v)).then_some(v)
    };
    let attempts = or_default("attempts", |v| {
        v.as_f64()
            .is_some_and(|n| n >= 0.0 && n <= u32::MAX as f64 && n.trunc() == n)
    })?;
    Some(Outgoing {
        client_id: get(&o, "client_id").as_string()?,
        sender: or_default("sender", |v| v.is_string())?
            .as_string()
            .unwrap_or_default(),
        room: room_key(get(&o, "room"))?,
        text: get(&o, "text").as_string()?,
        at: at as i64,
        delivery: delivery(get(&o, "delivery"))?,
        receipt: or_default("receipt", |v| v.as_bool().is_some())?
            .as_bool()
            .unwrap_or_default(),
        attempts: attempts.as_f64().map_or(0, |n| n as u32),
    })
}

/// serde's externally tagged enum: `{"Room":"general"}`.
fn room_key(v: JsValue) -> Option<RoomKey> {
    let o = object(v)?;
    let key = |k| get(&o, k).as_string();
    key("Room")
        .map(RoomKey::Room)
        .or_else(|| key("Direct").map(RoomKey::Direct))
}

/// `"Queued"`, or `{"Failed":"why"}`.
fn delivery(v: JsValue) -> Option<Delivery> {
    if let Some(name) = v.as_string() {
        return DELIVERIES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| d.clone());
    }
    get(&object(v)?, "Failed").as_string().map(Delivery::Failed)
}

/// The outbox as serde_json writes it: fields in declaration order.
pub fn to_json(items: &[Outgoing]) -> String {
    let all = Array::new();
    for m in items {
        let o: JsValue = Object::new().into();
        set(&o, "client_id", m.client_id.as_str().into());
        set(&o, "sender", m.sender.as_str().into());
        let room: JsValue = Object::new().into();
        match &m.room {
            RoomKey::Room(n) => set(&room, "Room", n.as_str().into()),
            RoomKey::Direct(n) => set(&room, "Direct", n.as_str().into()),
        }
        set(&o, "room", room);
        set(&o, "text", m.text.as_str().into());
        set(&o, "at", (m.at as f64).into());
        let delivery = match &m.delivery {
            Delivery::Failed(why) => {
                let f: JsValue = Object::new().into();
                set(&f, "Failed", why.as_str().into());
                f
            }
            d => DELIVERIES
                .iter()
                .find(|(_, known)| known == d)
                .map_or(JsValue::NULL, |(n, _)| (*n).into()),
        };
        set(&o, "delivery", delivery);
        set(&o, "receipt", m.receipt.into());
        set(&o, "attempts", m.attempts.into());
        all.push(&o);
    }
    stringify(&all)
}
