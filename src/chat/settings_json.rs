//! The settings to and from their JSON in localStorage by the browser's own `JSON`, in the wasm.
//!
//! serde's derives cost about 20 KB of wasm for this one struct (a visitor per struct, each
//! `String` field's parsing inlined into it twice: as a map and as a sequence); reading the
//! fields off the object `JSON.parse` gives is a few hundred bytes. The JSON is the one serde
//! writes (same keys, same order: tests/settings_json.rs compares the two), which
//! boot/boot.js and older versions read. One difference, on purpose: a field of the wrong type
//! costs only itself (it takes its default) instead of the whole settings.

use super::js_json;
use super::model::RoomKey;
use super::profile::{ProfileKind, Templates};
use super::storage::Settings;
use crate::i18n::Lang;
use js_sys::{Array, Object, JSON};
use wasm_bindgen::JsValue;

/// serde's names for the profiles (the variants' names), with the old name of the first.
const PROFILES: [(&str, ProfileKind); 7] = [
    ("DevBroker", ProfileKind::DevBroker),
    ("SpringTutorial", ProfileKind::SpringTutorial),
    ("SpringSimple", ProfileKind::SpringSimple),
    ("Plain", ProfileKind::Plain),
    ("RabbitStream", ProfileKind::RabbitStream),
    ("Custom", ProfileKind::Custom),
    ("Spring", ProfileKind::DevBroker),
];
const LANGS: [(&str, Lang); 2] = [("En", Lang::En), ("Ru", Lang::Ru)];

/// The settings in `json`; the defaults when it is not a JSON object.
pub fn from_json(json: &str) -> Settings {
    let mut s = Settings::default();
    let Some(o) = JSON::parse(json).ok().filter(JsValue::is_object) else {
        return s;
    };
    let o = Fields(o);
    o.string("url", &mut s.url);
    if let Some(p) = o.named("profile", &PROFILES) {
        s.profile = p;
    }
    s.custom = o.object("custom").map(|t| templates(&t));
    o.string("nickname", &mut s.nickname);
    o.string("login", &mut s.login);
    if let Some(rooms) = o.array("rooms") {
        s.rooms = rooms.iter().filter_map(|r| r.as_string()).collect();
    }
    s.lang = o.named("lang", &LANGS);
    s.active = o.object("active").and_then(|k| room_key(&k));
    o.bool("auto_connect", &mut s.auto_connect);
    o.bool("notify", &mut s.notify);
    s
}

fn templates(o: &Fields) -> Templates {
    let mut t = Templates::default();
    o.string("publish", &mut t.publish);
    o.string("subscribe", &mut t.subscribe);
    o.string("join", &mut t.join);
    o.string("leave", &mut t.leave);
    o.string("typing", &mut t.typing);
    o.string("history", &mut t.history);
    o.string("private_send", &mut t.private_send);
    o.string("private_subscribe", &mut t.private_subscribe);
    o.string("errors", &mut t.errors);
    o.bool("server_stamps", &mut t.server_stamps);
    o.bool("receipts", &mut t.receipts);
    o.bool("echo_ids", &mut t.echo_ids);
    o.size("max_frame", &mut t.max_frame);
    o.size("ws_split", &mut t.ws_split);
    o.string("stream", &mut t.stream);
    o.bool("presence_refresh", &mut t.presence_refresh);
    t
}

/// serde's externally tagged enum: `{"Room":"general"}`.
fn room_key(o: &Fields) -> Option<RoomKey> {
    let key = |k| o.get(k).as_string();
    key("Room")
        .map(RoomKey::Room)
        .or_else(|| key("Direct").map(RoomKey::Direct))
}

/// The settings as serde_json writes them: fields in declaration order, `None` as `null`.
pub fn to_json(s: &Settings) -> String {
    let o = Fields(Object::new().into());
    o.set("url", s.url.as_str().into());
    o.set("profile", name(&PROFILES, s.profile));
    o.set(
        "custom",
        s.custom.as_ref().map_or(JsValue::NULL, templates_js),
    );
    o.set("nickname", s.nickname.as_str().into());
    o.set("login", s.login.as_str().into());
    let rooms = Array::new();
    for r in &s.rooms {
        rooms.push(&r.as_str().into());
    }
    o.set("rooms", rooms.into());
    o.set("lang", s.lang.map_or(JsValue::NULL, |l| name(&LANGS, l)));
    o.set(
        "active",
        s.active.as_ref().map_or(JsValue::NULL, room_key_js),
    );
    o.set("auto_connect", s.auto_connect.into());
    o.set("notify", s.notify.into());
    js_json::stringify(&o.0)
}

fn templates_js(t: &Templates) -> JsValue {
    let o = Fields(Object::new().into());
    o.set("publish", t.publish.as_str().into());
    o.set("subscribe", t.subscribe.as_str().into());
    o.set("join", t.join.as_str().into());
    o.set("leave", t.leave.as_str().into());
    o.set("typing", t.typing.as_str().into());
    o.set("history", t.history.as_str().into());
    o.set("private_send", t.private_send.as_str().into());
    o.set("private_subscribe", t.private_subscribe.as_str().into());
    o.set("errors", t.errors.as_str().into());
    o.set("server_stamps", t.server_stamps.into());
    o.set("receipts", t.receipts.into());
    o.set("echo_ids", t.echo_ids.into());
    o.set("max_frame", (t.max_frame as f64).into());
    o.set("ws_split", (t.ws_split as f64).into());
    o.set("stream", t.stream.as_str().into());
    o.set("presence_refresh", t.presence_refresh.into());
    o.0
}

fn room_key_js(k: &RoomKey) -> JsValue {
    let o = Fields(Object::new().into());
    match k {
        RoomKey::Room(n) => o.set("Room", n.as_str().into()),
        RoomKey::Direct(n) => o.set("Direct", n.as_str().into()),
    }
    o.0
}

fn name<T: Copy + PartialEq>(names: &[(&str, T)], v: T) -> JsValue {
    names
        .iter()
        .find(|(_, t)| *t == v)
        .map_or(JsValue::NULL, |(n, _)| (*n).into())
}

/// A JSON object's fields; each setter leaves its target alone when the field is missing or
/// of another type.
struct Fields(JsValue);

impl Fields {
    fn get(&self, key: &str) -> JsValue {
        js_json::get(&self.0, key)
    }
    fn set(&self, key: &str, v: JsValue) {
        js_json::set(&self.0, key, v)
    }
    fn string(&self, key: &str, to: &mut String) {
        if let Some(v) = self.get(key).as_string() {
            *to = v;
        }
    }
    fn bool(&self, key: &str, to: &mut bool) {
        if let Some(v) = self.get(key).as_bool() {
            *to = v;
        }
    }
    /// A whole number that fits, as serde reads a `usize`.
    fn size(&self, key: &str, to: &mut usize) {
        if let Some(v) = self.get(key).as_f64() {
            if v >= 0.0 && v <= usize::MAX as f64 && v.trunc() == v {
                *to = v as usize;
            }
        }
    }
    fn object(&self, key: &str) -> Option<Fields> {
        js_json::object(self.get(key)).map(Fields)
    }
    fn array(&self, key: &str) -> Option<Array> {
        js_json::array(self.get(key))
    }
    fn named<T: Copy>(&self, key: &str, names: &[(&str, T)]) -> Option<T> {
        let v = self.get(key).as_string()?;
        names.iter().find(|(n, _)| *n == v).map(|(_, t)| *t)
    }
}
