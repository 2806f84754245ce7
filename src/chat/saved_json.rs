//! The kept private conversations and the drafts to and from their JSON in localStorage: by the
//! browser's own `JSON` in the wasm, by serde natively (a child of saved.rs, which owns the
//! types).
//!
//! As for the settings (settings_json.rs): serde's visitors for these types cost the wasm
//! several KB; the JSON is the one serde wrote (tests/saved_json.rs). On purpose, a kept
//! message that lacks a field costs only itself, not every conversation.

use super::{KeptDirect, DIRECT_KEY, DRAFTS_KEY};
use gloo_storage::{LocalStorage, Storage};
use std::collections::HashMap;

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn read_direct() -> KeptDirect {
    LocalStorage::get(DIRECT_KEY).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn write_direct(kept: &KeptDirect) {
    let _ = LocalStorage::set(DIRECT_KEY, kept);
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn read_drafts() -> HashMap<String, String> {
    LocalStorage::get(DRAFTS_KEY).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn write_drafts(all: &HashMap<String, String>) {
    let _ = LocalStorage::set(DRAFTS_KEY, all);
}

#[cfg(target_arch = "wasm32")]
fn stored(key: &str) -> String {
    LocalStorage::raw()
        .get_item(key)
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
pub(super) fn read_direct() -> KeptDirect {
    js::direct_from_json(&stored(DIRECT_KEY))
}

#[cfg(target_arch = "wasm32")]
pub(super) fn write_direct(kept: &KeptDirect) {
    let _ = LocalStorage::raw().set_item(DIRECT_KEY, &js::direct_to_json(kept));
}

#[cfg(target_arch = "wasm32")]
pub(super) fn read_drafts() -> HashMap<String, String> {
    js::drafts_from_json(&stored(DRAFTS_KEY))
}

#[cfg(target_arch = "wasm32")]
pub(super) fn write_drafts(all: &HashMap<String, String>) {
    let _ = LocalStorage::raw().set_item(DRAFTS_KEY, &js::drafts_to_json(all));
}

#[cfg(target_arch = "wasm32")]
mod js {
    use super::super::{KeptDirect, KeptMsg};
    use crate::chat::js_json::{array, get, parse_object as parse, set, stringify};
    use js_sys::{Array, Object};
    use std::collections::HashMap;
    use wasm_bindgen::{JsCast, JsValue};

    /// A string, `null` (`None`), or not there (`None`, as serde reads a missing `Option`).
    fn optional(v: JsValue) -> Option<Option<String>> {
        if v.is_null() || v.is_undefined() {
            Some(None)
        } else {
            v.as_string().map(Some)
        }
    }

    fn optional_js(v: &Option<String>) -> JsValue {
        v.as_deref().map_or(JsValue::NULL, JsValue::from)
    }

    /// `{"owner":…,"conversations":[[peer,[message…]]…]}`; empty when unreadable.
    pub(super) fn direct_from_json(json: &str) -> KeptDirect {
        let Some(o) = parse(json) else {
            return KeptDirect::default();
        };
        let conversations = array(get(&o, "conversations"))
            .map(|all| {
                all.iter()
                    .filter_map(|pair| {
                        let pair = array(pair)?;
                        let peer = pair.get(0).as_string()?;
                        let messages = array(pair.get(1))?.iter().filter_map(kept_msg).collect();
                        Some((peer, messages))
                    })
                    .collect()
            })
            .unwrap_or_default();
        KeptDirect {
            owner: get(&o, "owner").as_string().unwrap_or_default(),
            conversations,
        }
    }

    fn kept_msg(o: JsValue) -> Option<KeptMsg> {
        let at = get(&o, "at").as_f64().filter(|n| n.trunc() == *n)?;
        Some(KeptMsg {
            id: optional(get(&o, "id"))?,
            client_id: optional(get(&o, "client_id"))?,
            sender: get(&o, "sender").as_string()?,
            text: get(&o, "text").as_string()?,
            at: at as i64,
            own: get(&o, "own").as_bool()?,
        })
    }

    pub(super) fn direct_to_json(kept: &KeptDirect) -> String {
        let o: JsValue = Object::new().into();
        set(&o, "owner", kept.owner.as_str().into());
        let conversations = Array::new();
        for (peer, messages) in &kept.conversations {
            let list = Array::new();
            for m in messages {
                let js: JsValue = Object::new().into();
                set(&js, "id", optional_js(&m.id));
                set(&js, "client_id", optional_js(&m.client_id));
                set(&js, "sender", m.sender.as_str().into());
                set(&js, "text", m.text.as_str().into());
                set(&js, "at", (m.at as f64).into());
                set(&js, "own", m.own.into());
                list.push(&js);
            }
            conversations.push(&Array::of2(&peer.as_str().into(), &list));
        }
        set(&o, "conversations", conversations.into());
        stringify(&o)
    }

    /// `{"room key": "draft", …}`; a value that is not a string is left out.
    pub(super) fn drafts_from_json(json: &str) -> HashMap<String, String> {
        let Some(o) = parse(json) else {
            return HashMap::new();
        };
        Object::entries(o.unchecked_ref())
            .iter()
            .filter_map(|pair| {
                let pair: Array = pair.unchecked_into();
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }

    pub(super) fn drafts_to_json(all: &HashMap<String, String>) -> String {
        let o: JsValue = Object::new().into();
        for (k, v) in all {
            set(&o, k, v.as_str().into());
        }
        stringify(&o)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{KeptDirect, KeptMsg};

    /// The text tests/saved_json.rs expects from the browser's JSON, checked here against serde's.
    const KEPT: &str = r#"{"owner":"ann @ ws://h/ws","conversations":[["bob",[{"id":"m1","client_id":null,"sender":"bob","text":"hi \"x\"\n€","at":1700000000000,"own":false},{"id":null,"client_id":"c1","sender":"ann","text":"hello","at":1700000000001,"own":true}]]]}"#;

    #[test]
    fn serde_writes_what_the_wasm_test_expects() {
        let kept = KeptDirect {
            owner: "ann @ ws://h/ws".into(),
            conversations: vec![(
                "bob".into(),
                vec![
                    KeptMsg {
                        id: Some("m1".into()),
                        client_id: None,
                        sender: "bob".into(),
                        text: "hi \"x\"\n€".into(),
                        at: 1_700_000_000_000,
                        own: false,
                    },
                    KeptMsg {
                        id: None,
                        client_id: Some("c1".into()),
                        sender: "ann".into(),
                        text: "hello".into(),
                        at: 1_700_000_000_001,
                        own: true,
                    },
                ],
            )],
        };
        assert_eq!(serde_json::to_string(&kept).unwrap(), KEPT);
    }
}
