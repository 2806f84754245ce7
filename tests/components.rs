//! Components mounted into a fresh element in headless Chromium and driven like a person
//! would, with the chat state fed through `<ChatProvider initial=...>` (no network).
#![cfg(target_arch = "wasm32")]

use chat_proto::{ChatMessage, MessageType, RoomSnapshot};
use stomp_chat::chat::incoming::Incoming;
use stomp_chat::chat::{Action, Dir, FrameEntry, Reason, RoomKey};
use stomp_chat::components::composer::Composer;
use stomp_chat::components::inspector::Inspector;
use stomp_chat::components::message_list::{MessageList, BOTTOM_WINDOW, WINDOW};
use stomp_chat::components::room_list::RoomList;
use stomp_chat::components::status_bar::StatusBar;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

#[wasm_bindgen_test]
async fn message_text_is_never_html_and_only_http_links_are_anchors() {
    let payload = r#"<img src=x onerror="window.__xss=1"><b>bold</b> javascript:alert(1) https://example.org/x"#;
    let mut a = connected("ann");
    a.push(Action::Join("r".into()));
    a.push(chat("r", "bob", 1, payload));
    let el = mount(a, html! { <MessageList /> }).await;
    let text = one(&el, ".msg__text");
    assert_eq!(text.text_content().unwrap(), payload);
    assert!(all(&text, "img, b, script").is_empty());
    let links = all(&text, "a");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("https://example.org/x")
    );
    assert_eq!(
        links[0].get_attribute("rel").as_deref(),
        Some("noopener noreferrer nofollow")
    );
}

#[wasm_bindgen_test]
async fn ten_thousand_messages_render_a_window() {
    let mut a = connected("ann");
    a.push(Action::Join("big".into()));
    a.extend((0..10_000).map(|i| chat("big", if i % 3 == 0 { "bob" } else { "eve" }, i, "x")));
    let el = mount(a, html! { <MessageList /> }).await;
    // At the newest message: the short window.
    assert_eq!(all(&el, ".msg").len(), BOTTOM_WINDOW);
    let last = all(&el, ".msg").pop().unwrap();
    assert_eq!(
        last.query_selector(".msg__text")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "x"
    );
    click(&one(&el, ".messages__earlier"));
    settle().await;
    assert_eq!(all(&el, ".msg").len(), 2 * WINDOW);
}

#[wasm_bindgen_test]
async fn grouping_own_messages_and_system_lines() {
    let mut a = connected("ann");
    a.push(Action::Join("r".into()));
    a.push(Action::Snapshot(RoomSnapshot {
        room: "r".into(),
        history: vec![],
        participants: vec!["ann".into()],
    }));
    a.push(Action::Incoming {
        room: RoomKey::Room("r".into()),
        payload: Incoming::Chat(ChatMessage::new(MessageType::Join, "r", "bob")),
        now: 1,
    });
    a.push(chat("r", "bob", 1, "one"));
    a.push(chat("r", "bob", 2, "two"));
    a.push(Action::Compose {
        client_id: "c1".into(),
        room: RoomKey::Room("r".into()),
        text: "mine".into(),
        now: 1_700_000_005_000,
    });
    let el = mount(a, html! { <MessageList /> }).await;
    assert!(one(&el, ".msg-system")
        .text_content()
        .unwrap()
        .starts_with("bob joined"));
    let msgs = all(&el, ".msg");
    assert_eq!(msgs.len(), 3);
    assert!(!msgs[0].class_list().contains("msg--cont"));
    assert!(
        msgs[1].class_list().contains("msg--cont"),
        "same sender: grouped"
    );
    assert!(msgs[2].class_list().contains("msg--own"));
    // No client behind the provider here, so it stays in the outbox.
    assert_eq!(
        msgs[2].get_attribute("data-status").as_deref(),
        Some("queued")
    );
    assert!(one(&msgs[2], ".msg__status")
        .text_content()
        .unwrap()
        .contains("waiting to send"));
}

fn type_into(area: &HtmlTextAreaElement, value: &str) {
    area.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&ev).unwrap();
}

fn key(area: &HtmlTextAreaElement, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    area.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn composer_enter_sends_and_shift_enter_does_not() {
    // Not connected: the message waits in the outbox, visibly.
    let a = vec![Action::Join("r".into())];
    let el = mount(a, html! { <><MessageList /><Composer /></> }).await;
    assert!(one(&el, ".composer__offline")
        .text_content()
        .unwrap()
        .contains("Offline"));
    let area: HtmlTextAreaElement = one(&el, "#composer-text").dyn_into().unwrap();
    type_into(&area, "first line");
    settle().await;
    key(&area, "Enter", true);
    settle().await;
    assert!(all(&el, ".msg").is_empty(), "Shift+Enter does not send");
    type_into(&area, "first line\nsecond line");
    settle().await;
    key(&area, "Enter", false);
    settle().await;
    let msgs = all(&el, ".msg");
    assert_eq!(msgs.len(), 1);
    assert_eq!(
        one(&msgs[0], ".msg__text").text_content().unwrap(),
        "first line\nsecond line"
    );
    assert_eq!(
        msgs[0].get_attribute("data-status").as_deref(),
        Some("queued")
    );
    assert_eq!(area.value(), "");
}

#[wasm_bindgen_test]
async fn rooms_show_unread_and_validate_names() {
    let mut a = connected("ann");
    a.push(Action::Join("a".into()));
    a.push(Action::Join("b".into()));
    a.push(chat("a", "bob", 1, "x"));
    a.push(chat("a", "bob", 2, "y"));
    let el = mount(a, html! { <RoomList /> }).await;
    let items = all(&el, ".rooms__item");
    assert_eq!(items.len(), 2);
    assert_eq!(one(&items[0], ".badge").text_content().unwrap(), "2");
    assert_eq!(
        one(&items[0], ".badge")
            .get_attribute("aria-label")
            .as_deref(),
        Some("2 unread")
    );
    assert!(items[1].query_selector(".badge").unwrap().is_none());
    assert!(items[1].class_list().contains("rooms__item--active"));
    click(&one(&items[0], ".rooms__select"));
    settle().await;
    assert!(
        el.query_selector(".badge").unwrap().is_none(),
        "selecting clears unread"
    );

    let input: web_sys::HtmlInputElement = one(&el, "#join-room").dyn_into().unwrap();
    input.set_value("bad/name");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(one(&el, ".rooms__error")
        .text_content()
        .unwrap()
        .contains("Letters"));
}

#[wasm_bindgen_test]
async fn status_bar_says_where_the_connection_stands() {
    let bar = || {
        html! { <StatusBar inspector_open={false} on_toggle_inspector={Callback::noop()} on_toggle_menu={Callback::noop()} /> }
    };
    let el = mount(connected("ann"), bar()).await;
    assert_eq!(
        one(&el, ".status__text").text_content().unwrap(),
        "Connected"
    );
    assert_eq!(
        one(&el, ".status__detail").text_content().unwrap(),
        "STOMP 1.2 · ♥ 10000/10000 ms"
    );
    assert!(el.query_selector("#retry-now").unwrap().is_none());

    let mut a = connected("ann");
    a.push(Action::Reconnecting {
        attempt: 1,
        retry_at: js_sys::Date::now() as i64 + 4_200,
        reason: Reason::ServerGone,
    });
    let el = mount(a, bar()).await;
    assert!(one(&el, ".status").class_list().contains("status--warn"));
    // The live region says it once; the countdown ticks beside it, outside the region.
    assert_eq!(
        one(&el, ".status__text").text_content().unwrap(),
        "Connection lost."
    );
    let countdown = one(&el, ".status__countdown").text_content().unwrap();
    assert!(
        countdown.starts_with("Retrying in 5 seconds") || countdown.contains("in 4 seconds"),
        "{countdown}"
    );
    assert_eq!(
        one(&el, ".status__detail").text_content().unwrap(),
        "The server went away."
    );
    one(&el, "#retry-now");
}

#[wasm_bindgen_test]
async fn inspector_masks_filters_pauses_and_clears() {
    let mut a = connected("ann");
    a.push(Action::Frame(FrameEntry::frame(
        1,
        Dir::Out,
        "CONNECT",
        [("login", "ann"), ("passcode", "hunter2")],
        b"",
    )));
    a.push(Action::Frame(FrameEntry::heartbeat(2, Dir::In)));
    a.push(Action::Frame(FrameEntry::heartbeat(3, Dir::In)));
    a.push(Action::Frame(FrameEntry::frame(
        4,
        Dir::In,
        "MESSAGE",
        [("destination", "/topic/chat/r")],
        b"{}",
    )));
    let el = mount(a, html! { <Inspector on_close={Callback::noop()} /> }).await;
    assert_eq!(
        all(&el, ".frame").len(),
        3,
        "two beats collapse into one row"
    );
    assert!(one(&el, ".frame--beat")
        .text_content()
        .unwrap()
        .contains("×2"));
    assert!(!el.inner_html().contains("hunter2"));
    let connect = all(&el, ".frame").pop().unwrap();
    click(&one(&connect, ".frame__row"));
    settle().await;
    assert!(one(&el, ".frame__headers")
        .text_content()
        .unwrap()
        .contains("passcode••••••"));

    let filter: web_sys::HtmlInputElement = one(&el, "#frame-filter").dyn_into().unwrap();
    filter.set_value("/topic/chat");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    filter
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
    let rows = all(&el, ".frame__cmd");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text_content().unwrap(), "MESSAGE");

    let buttons = all(&el, ".inspector__bar button");
    click(&buttons[0]); // pause
    settle().await;
    assert_eq!(
        buttons[0].get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    one(&el, ".inspector__paused");
    click(&buttons[1]); // clear
    settle().await;
    assert!(all(&el, ".frame").is_empty());
}
