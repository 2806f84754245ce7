//! The chat's wire JSON by the browser (src/chat/wire_json.rs) and the frame log's export lines
//! (src/chat/frames_export.rs) against serde_json, which read and wrote them before and still
//! does natively and in the dev broker (scripts/test-app-wasm.sh runs this in headless Chromium).
#![cfg(target_arch = "wasm32")]

use chat_proto::{ChatMessage, MessageType, RoomSnapshot, ServerNotice};
use stomp_chat::chat::wire_json::{chat_message, notice, snapshot, to_json};
use stomp_chat::chat::{Dir, FrameEntry};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn samples() -> Vec<ChatMessage> {
    let mut full = ChatMessage::new(MessageType::Private, "", "Юля 🙂")
        .with_content("hi \"x\"\n\\ € 🙂 \u{1}\u{7f}</script>");
    full.id = Some("id-1".into());
    full.timestamp = Some(1_700_000_000_123);
    full.to = Some("bob".into());
    full.client_id = Some("c-1".into());
    let mut negative = ChatMessage::new(MessageType::Typing, "r", "ann");
    negative.timestamp = Some(-5);
    vec![
        ChatMessage::new(MessageType::Chat, "general", "ann").with_content("hello"),
        ChatMessage::new(MessageType::Join, "комната", ""),
        ChatMessage::new(MessageType::Leave, "r", "ann"),
        full,
        negative,
    ]
}

#[wasm_bindgen_test]
fn writes_what_serde_json_writes_and_reads_it_back() {
    for m in samples() {
        let json = to_json(&m);
        assert_eq!(json, serde_json::to_string(&m).unwrap());
        assert_eq!(chat_message(&json), Some(m));
    }
}

/// Each body read both ways: the browser keeps exactly what serde keeps.
#[wasm_bindgen_test]
fn reads_the_messages_serde_reads_and_refuses_the_others() {
    let bodies = [
        r#"{"type":"CHAT","room":"r","sender":"ann","content":"hi \u263a"}"#,
        r#"{"type":"JOIN","sender":"bob"}"#,
        r#"{"type":"CHAT","id":null,"content":null,"timestamp":null,"to":null,"clientId":null}"#,
        r#"{"type":"CHAT","extra":{"deep":[1,2.5,{"x":null}]},"timestamp":17}"#,
        r#"{"type":"PRIVATE","to":"ann","clientId":"c","timestamp":-1700000000000}"#,
        r#"{"type":"SHOUT"}"#,
        r#"{"room":"r"}"#,
        r#"{"type":null}"#,
        r#"{"type":"CHAT","room":null}"#,
        r#"{"type":"CHAT","sender":5}"#,
        r#"{"type":"CHAT","content":["a"]}"#,
        r#"{"type":"CHAT","timestamp":1.5}"#,
        r#"{"type":"CHAT","timestamp":"5"}"#,
        r#"{"type":"CHAT","clientId":true}"#,
        r#""CHAT""#,
        "[]",
        "null",
        "42",
        "plain text",
        r#"{"type":"CHAT""#,
    ];
    for body in bodies {
        let serde = serde_json::from_str::<ChatMessage>(body).ok();
        assert_eq!(chat_message(body), serde, "{body}");
    }
}

#[wasm_bindgen_test]
fn snapshots_whole_or_not_at_all() {
    let history = serde_json::to_string(&samples()).unwrap();
    let good = format!(r#"{{"room":"r","history":{history},"participants":["ann","bob"]}}"#);
    let bodies = [
        good.as_str(),
        r#"{"room":"r","history":[],"participants":[]}"#,
        r#"{"room":"r","history":[{"type":"SHOUT"}],"participants":[]}"#,
        r#"{"room":"r","history":[],"participants":["a",1]}"#,
        r#"{"history":[],"participants":[]}"#,
        r#"{"room":"r","participants":[]}"#,
        r#"{"room":"r","history":{},"participants":[]}"#,
        "nope",
    ];
    for body in bodies {
        let serde = serde_json::from_str::<RoomSnapshot>(body).ok();
        assert_eq!(snapshot(body), serde, "{body}");
    }
    assert_eq!(snapshot(&good).unwrap().history, samples());
}

#[wasm_bindgen_test]
fn notices_as_serde_reads_them() {
    for body in [
        r#"{"message":"nickname taken: ann; try ann2"}"#,
        r#"{"message":null}"#,
        r#"{"text":"x"}"#,
        "oops",
    ] {
        let serde = serde_json::from_str::<ServerNotice>(body).ok();
        assert_eq!(notice(body), serde, "{body}");
    }
}

#[wasm_bindgen_test]
fn export_lines_are_what_serde_json_wrote() {
    let frame = FrameEntry::frame(
        1_700_000_000_123,
        Dir::Out,
        "SEND",
        [("destination", "/app/chat/x"), ("passcode", "secret")],
        "{\"a\":\"\\u00e9\"}\n\u{1}".as_bytes(),
    );
    let mut beat = FrameEntry::heartbeat(9, Dir::In);
    beat.beats = 4;
    let expected = serde_json::json!({
        "at": frame.at, "dir": "out", "command": frame.command, "headers": frame.headers,
        "body": frame.body, "bodyBytes": frame.body_len, "bytes": frame.size,
    });
    assert_eq!(frame.json_line(), expected.to_string());
    assert!(!frame.json_line().contains("secret"));
    let expected = serde_json::json!({ "at": beat.at, "dir": "in", "heartbeats": beat.beats });
    assert_eq!(beat.json_line(), expected.to_string());
}

#[wasm_bindgen_test]
fn pretty_bodies_only_for_json() {
    let body = |b: &str| FrameEntry::frame(1, Dir::In, "MESSAGE", [], b.as_bytes());
    assert_eq!(
        body(r#"{"a":[1,{}]}"#).pretty_body().unwrap(),
        "{\n  \"a\": [\n    1,\n    {}\n  ]\n}"
    );
    assert_eq!(body("{not json").pretty_body(), None);
    assert_eq!(body("[1,]").pretty_body(), None);
}
