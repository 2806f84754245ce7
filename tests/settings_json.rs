//! The settings' JSON by the browser (src/chat/settings_json.rs) against serde_json's, which
//! wrote every settings entry before it and which the derives still define: the same text out,
//! the same settings in (scripts/test-app-wasm.sh runs this in headless Chromium).
#![cfg(target_arch = "wasm32")]

use stomp_chat::chat::profile::{ProfileKind, Templates};
use stomp_chat::chat::settings_json::{from_json, to_json};
use stomp_chat::chat::storage::Settings;
use stomp_chat::chat::RoomKey;
use stomp_chat::i18n::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn samples() -> Vec<Settings> {
    let mut custom = ProfileKind::SpringSimple.templates();
    custom.publish = "/app/\"quoted\"\\{room}\u{1}\t€".into();
    custom.max_frame = 4_294_967_295;
    custom.ws_split = 16_384;
    custom.receipts = true;
    let full = Settings {
        url: "ws://127.0.0.1:8080/ws, wss://b.example/ws".into(),
        profile: ProfileKind::Custom,
        custom: Some(custom),
        nickname: "Юля 🙂".into(),
        login: "guest".into(),
        rooms: vec!["general".into(), "комната".into()],
        lang: Some(Lang::Ru),
        active: Some(RoomKey::Direct("bob".into())),
        auto_connect: true,
        notify: true,
    };
    let room = Settings {
        profile: ProfileKind::RabbitStream,
        lang: Some(Lang::En),
        active: Some(RoomKey::Room("general".into())),
        ..Settings::default()
    };
    vec![Settings::default(), full, room]
}

#[wasm_bindgen_test]
fn writes_what_serde_json_writes() {
    for s in samples() {
        assert_eq!(to_json(&s), serde_json::to_string(&s).unwrap());
    }
}

#[wasm_bindgen_test]
fn reads_what_serde_json_wrote() {
    for s in samples() {
        assert_eq!(from_json(&serde_json::to_string(&s).unwrap()), s);
    }
}

#[wasm_bindgen_test]
fn reads_partial_and_old_entries_as_serde_does() {
    for json in [
        "{}",
        r#"{"profile":"Spring","nickname":"ann"}"#,
        r#"{"profile":"Custom","custom":{"publish":"/app/x","receipts":true,"max_frame":0}}"#,
        r#"{"custom":null,"lang":null,"active":null,"rooms":[]}"#,
        r#"{"url":"ws://h/ws","unknown":[1,{"a":2}],"auto_connect":true}"#,
    ] {
        let serde: Settings = serde_json::from_str(json).unwrap();
        assert_eq!(from_json(json), serde, "{json}");
    }
}

#[wasm_bindgen_test]
fn what_serde_refused_costs_the_field_not_the_settings() {
    assert_eq!(from_json("not json"), Settings::default());
    assert_eq!(from_json("[1,2]"), Settings::default());
    let s = from_json(
        r#"{"url":5,"nickname":"ann","profile":"Nope","custom":{"max_frame":-1,"ws_split":1.5}}"#,
    );
    assert_eq!(s.url, "");
    assert_eq!(s.nickname, "ann");
    assert_eq!(s.profile, ProfileKind::DevBroker);
    assert_eq!(s.custom, Some(Templates::default()));
}
