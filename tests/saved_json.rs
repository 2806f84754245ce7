//! Kept private conversations and drafts through the browser's JSON (src/chat/saved_json.rs):
//! the text serde wrote before (pinned by saved_json.rs's native test), read back the same, in
//! real localStorage (scripts/test-app-wasm.sh runs this in headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use stomp_chat::chat::saved::{load_direct, load_draft, save_direct, save_draft};
use stomp_chat::chat::{Delivery, Msg, MsgKind, RoomKey};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DIRECT_KEY: &str = "stomp-chat.direct";
const DRAFTS_KEY: &str = "stomp-chat.drafts";
/// The same text as `KEPT` in src/chat/saved_json.rs, where serde is checked to write it.
const KEPT: &str = r#"{"owner":"ann @ ws://h/ws","conversations":[["bob",[{"id":"m1","client_id":null,"sender":"bob","text":"hi \"x\"\n€","at":1700000000000,"own":false},{"id":null,"client_id":"c1","sender":"ann","text":"hello","at":1700000000001,"own":true}]]]}"#;

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn msg(id: Option<&str>, client_id: Option<&str>, sender: &str, text: &str, at: i64) -> Msg {
    let own = sender == "ann";
    Msg {
        id: id.map(Into::into),
        client_id: client_id.map(Into::into),
        sender: sender.into(),
        kind: MsgKind::Private,
        text: text.into(),
        at,
        own,
        delivery: if own {
            Delivery::Delivered
        } else {
            Delivery::Received
        },
    }
}

fn conversation() -> Vec<Msg> {
    vec![
        msg(Some("m1"), None, "bob", "hi \"x\"\n€", 1_700_000_000_000),
        msg(None, Some("c1"), "ann", "hello", 1_700_000_000_001),
    ]
}

#[wasm_bindgen_test]
fn kept_conversations_are_written_as_serde_wrote_them_and_read_back() {
    let messages: Vec<Rc<Msg>> = conversation().into_iter().map(Rc::new).collect();
    save_direct("ws://h/ws", "ann", [("bob", &messages[..])].into_iter());
    assert_eq!(
        storage().get_item(DIRECT_KEY).unwrap().as_deref(),
        Some(KEPT)
    );
    assert_eq!(
        load_direct("ws://h/ws", "ann"),
        vec![("bob".to_owned(), conversation())]
    );
    assert!(
        load_direct("ws://h/ws", "bob").is_empty(),
        "another owner's"
    );
}

#[wasm_bindgen_test]
fn a_kept_message_missing_a_field_costs_only_itself() {
    let broken = KEPT.replace(r#""text":"hello","#, "");
    storage().set_item(DIRECT_KEY, &broken).unwrap();
    let got = load_direct("ws://h/ws", "ann");
    assert_eq!(got, vec![("bob".to_owned(), conversation()[..1].to_vec())]);
    storage().set_item(DIRECT_KEY, "not json").unwrap();
    assert!(load_direct("ws://h/ws", "ann").is_empty());
}

#[wasm_bindgen_test]
fn drafts_round_trip_in_serde_s_map_form() {
    storage().remove_item(DRAFTS_KEY).unwrap();
    let room = RoomKey::Room("general".into());
    save_draft(&room, "draft \"€\"");
    assert_eq!(
        storage().get_item(DRAFTS_KEY).unwrap().as_deref(),
        Some(r##"{"#general":"draft \"€\""}"##)
    );
    assert_eq!(load_draft(&room), "draft \"€\"");
    // As serde wrote it, with a second conversation's draft.
    storage()
        .set_item(DRAFTS_KEY, r##"{"@bob":"later","#general":"x"}"##)
        .unwrap();
    assert_eq!(load_draft(&RoomKey::Direct("bob".into())), "later");
    save_draft(&room, "");
    assert_eq!(
        storage().get_item(DRAFTS_KEY).unwrap().as_deref(),
        Some(r#"{"@bob":"later"}"#)
    );
}
