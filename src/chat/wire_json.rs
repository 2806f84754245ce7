//! The chat's wire JSON (chat_proto's `ChatMessage`, `RoomSnapshot`, `ServerNotice`) by the
//! browser's own `JSON` in the wasm, by serde natively.
//!
//! With these the last users of serde_json in the wasm, it leaves the module whole: its parser
//! and writer, serde's per-type visitors, and the float tables its number parsing and printing
//! link (issue 14; benches/NOTES.md, 'Where the bytes go'). What is read is what serde's derives
//! read (tests/wire_json.rs compares the two on the same bodies) and what is written is what
//! serde_json wrote, byte for byte. Left to the browser on purpose, and told apart from serde
//! only on bodies no server of ours sends: a timestamp written `1.0` or beyond 2^53, a key
//! given twice (the last one counts), a message as a JSON array, a type as `{"CHAT":null}`.

#[cfg(target_arch = "wasm32")]
pub use browser::*;
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::super::js_json::{array, get, object, stringify};
    use chat_proto::{ChatMessage, MessageType, RoomSnapshot, ServerNotice};
    use js_sys::{Object, Reflect, JSON};
    use wasm_bindgen::JsValue;

    // A message's keys as JS strings made once: a key given as `&str` is decoded into a new JS
    // string on every access, eight per message read or written.
    const TYPE: usize = 0;
    const ID: usize = 1;
    const ROOM: usize = 2;
    const SENDER: usize = 3;
    const CONTENT: usize = 4;
    const TIMESTAMP: usize = 5;
    const TO: usize = 6;
    const CLIENT_ID: usize = 7;
    const FIELDS: [&str; 8] = [
        "type",
        "id",
        "room",
        "sender",
        "content",
        "timestamp",
        "to",
        "clientId",
    ];
    thread_local! {
        static KEYS: Vec<JsValue> = FIELDS.iter().map(|&k| JsValue::from(k)).collect();
    }

    fn field(o: &JsValue, key: usize) -> JsValue {
        KEYS.with(|k| Reflect::get(o, &k[key]))
            .unwrap_or(JsValue::UNDEFINED)
    }

    fn set(o: &JsValue, key: usize, v: JsValue) {
        let _ = KEYS.with(|k| Reflect::set(o, &k[key], &v));
    }

    const KINDS: [(&str, MessageType); 5] = [
        ("CHAT", MessageType::Chat),
        ("JOIN", MessageType::Join),
        ("LEAVE", MessageType::Leave),
        ("TYPING", MessageType::Typing),
        ("PRIVATE", MessageType::Private),
    ];

    fn parse(body: &str) -> Option<JsValue> {
        JSON::parse(body).ok()
    }

    pub fn chat_message(body: &str) -> Option<ChatMessage> {
        message(&parse(body)?)
    }

    pub fn snapshot(body: &str) -> Option<RoomSnapshot> {
        let o = object(parse(body)?)?;
        let history = array(get(&o, "history"))?
            .iter()
            .map(|m| message(&m))
            .collect::<Option<_>>()?;
        let participants = array(get(&o, "participants"))?
            .iter()
            .map(|p| p.as_string())
            .collect::<Option<_>>()?;
        Some(RoomSnapshot {
            room: get(&o, "room").as_string()?,
            history,
            participants,
        })
    }

    pub fn notice(body: &str) -> Option<ServerNotice> {
        let o = object(parse(body)?)?;
        Some(ServerNotice {
            message: get(&o, "message").as_string()?,
        })
    }

    /// serde_json's text for `m`: its fields in declaration order, the empty options left out.
    pub fn to_json(m: &ChatMessage) -> String {
        let o: JsValue = Object::new().into();
        let kind = KINDS
            .iter()
            .find(|(_, k)| *k == m.kind)
            .map_or("", |(n, _)| n);
        set(&o, TYPE, kind.into());
        let opt = |key: usize, v: &Option<String>| {
            if let Some(v) = v {
                set(&o, key, v.into());
            }
        };
        opt(ID, &m.id);
        set(&o, ROOM, m.room.as_str().into());
        set(&o, SENDER, m.sender.as_str().into());
        opt(CONTENT, &m.content);
        if let Some(t) = m.timestamp {
            set(&o, TIMESTAMP, JsValue::from_f64(t as f64));
        }
        opt(TO, &m.to);
        opt(CLIENT_ID, &m.client_id);
        stringify(&o)
    }

    /// As serde's derive reads it: `type` required and known, `room`/`sender` a string or
    /// missing, the options a string, `null` or missing; anything else fails the message.
    fn message(v: &JsValue) -> Option<ChatMessage> {
        let o = object(v.clone())?;
        let kind = field(&o, TYPE).as_string()?;
        let kind = KINDS.iter().find(|(n, _)| *n == kind)?.1;
        Some(ChatMessage {
            kind,
            id: optional(&o, ID)?,
            room: defaulted(&o, ROOM)?,
            sender: defaulted(&o, SENDER)?,
            content: optional(&o, CONTENT)?,
            timestamp: timestamp(field(&o, TIMESTAMP))?,
            to: optional(&o, TO)?,
            client_id: optional(&o, CLIENT_ID)?,
        })
    }

    /// `Some(None)` for missing or `null`, `None` (a bad message) for a non-string.
    fn optional(o: &JsValue, key: usize) -> Option<Option<String>> {
        let v = field(o, key);
        if v.is_null_or_undefined() {
            Some(None)
        } else {
            v.as_string().map(Some)
        }
    }

    /// A `#[serde(default)] String`: missing is empty, `null` is an error as in serde.
    fn defaulted(o: &JsValue, key: usize) -> Option<String> {
        let v = field(o, key);
        if v.is_undefined() {
            Some(String::new())
        } else {
            v.as_string()
        }
    }

    /// An `Option<i64>`: a whole number in range, `null` or missing.
    fn timestamp(v: JsValue) -> Option<Option<i64>> {
        if v.is_null_or_undefined() {
            return Some(None);
        }
        let f = v.as_f64()?;
        (f.trunc() == f && f.abs() < 9.223_372_036_854_776e18).then_some(Some(f as i64))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use chat_proto::{ChatMessage, RoomSnapshot, ServerNotice};

    pub fn chat_message(body: &str) -> Option<ChatMessage> {
        serde_json::from_str(body).ok()
    }

    pub fn snapshot(body: &str) -> Option<RoomSnapshot> {
        serde_json::from_str(body).ok()
    }

    pub fn notice(body: &str) -> Option<ServerNotice> {
        serde_json::from_str(body).ok()
    }

    /// It cannot fail (string keys only).
    pub fn to_json(m: &ChatMessage) -> String {
        serde_json::to_string(m).unwrap_or_default()
    }
}
