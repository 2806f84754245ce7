//! The outbox's JSON by the browser (src/chat/outbox_json.rs) against serde_json's, which wrote
//! it before and which the derives still define (scripts/test-app-wasm.sh runs this in headless
//! Chromium).
#![cfg(target_arch = "wasm32")]

use stomp_chat::chat::outbox_json::{from_json, to_json};
use stomp_chat::chat::{Delivery, Outgoing, RoomKey};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn samples() -> Vec<Outgoing> {
    let one = |client_id: &str, room, delivery, receipt, attempts| Outgoing {
        client_id: client_id.into(),
        sender: "ann".into(),
        room,
        text: "hi \"x\"\n€ 🙂".into(),
        at: 1_700_000_000_123,
        delivery,
        receipt,
        attempts,
    };
    vec![
        one(
            "c1",
            RoomKey::Room("general".into()),
            Delivery::Queued,
            false,
            0,
        ),
        one("c2", RoomKey::Direct("bob".into()), Delivery::Sent, true, 2),
        one(
            "c3",
            RoomKey::Room("r".into()),
            Delivery::Uncertain,
            false,
            3,
        ),
        one(
            "c4",
            RoomKey::Room("r".into()),
            Delivery::Failed("too big".into()),
            false,
            4_294_967_295,
        ),
        one(
            "c5",
            RoomKey::Room("r".into()),
            Delivery::Delivered,
            false,
            1,
        ),
        one(
            "c6",
            RoomKey::Room("r".into()),
            Delivery::Received,
            false,
            1,
        ),
    ]
}

#[wasm_bindgen_test]
fn writes_what_serde_json_writes_and_reads_it_back() {
    let all = samples();
    let json = to_json(&all);
    assert_eq!(json, serde_json::to_string(&all).unwrap());
    assert_eq!(from_json(&json), all);
}

#[wasm_bindgen_test]
fn keeps_the_entries_serde_keeps_and_leaves_out_the_others() {
    let good = serde_json::to_string(&samples()[0]).unwrap();
    let old = r#"{"client_id":"o","room":{"Room":"r"},"text":"t","at":5,"delivery":"Pending"}"#;
    let entries = [
        good.as_str(),
        old,
        r#"{"client_id":"n","sender":null,"room":{"Room":"r"},"text":"t","at":5,"delivery":"Queued"}"#,
        r#"{"client_id":"a","room":{"Room":"r"},"text":"t","at":5,"delivery":"Queued","attempts":-1}"#,
        r#"{"client_id":"d","room":{"Hall":"r"},"text":"t","at":5,"delivery":"Queued"}"#,
        r#"{"client_id":"f","room":{"Room":"r"},"text":"t","at":1.5,"delivery":"Queued"}"#,
        r#"{"room":{"Room":"r"},"text":"t","at":5,"delivery":"Queued"}"#,
        r#"{"client_id":"x","room":{"Room":"r"},"text":"t","at":5,"delivery":"Lost"}"#,
        "7",
    ];
    let expected: Vec<Outgoing> = entries
        .iter()
        .filter_map(|e| serde_json::from_str(e).ok())
        .collect();
    assert_eq!(expected.len(), 2, "serde keeps the good and the old entry");
    assert_eq!(expected[1].delivery, Delivery::Sent);
    assert_eq!(from_json(&format!("[{}]", entries.join(","))), expected);
    assert!(from_json("not json").is_empty());
    assert!(from_json(r#"{"client_id":"c"}"#).is_empty());
}
