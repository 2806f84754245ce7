//! The message list's rows across its runs of 50 (`message_chunk.rs`) and its window's steps.
#![cfg(target_arch = "wasm32")]

mod support;

use stomp_chat::chat::Action;
use stomp_chat::components::message_list::{MessageList, BOTTOM_WINDOW, STEP, WINDOW};
use support::*;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn one_sender_groups_across_runs_under_one_day() {
    let mut a = connected("ann");
    a.push(Action::Join("r".into()));
    // 120 messages: runs 0..50, 50..100 and 100..120, all one sender, one day.
    a.extend((0..120).map(|i| chat("r", "bob", i, &format!("t{i}"))));
    let el = mount(a, html! { <MessageList /> }).await;
    // At the newest, only 50..120 are in the short window: ask for the earlier ones.
    assert_eq!(all(&el, ".msg").len(), 120 - 2 * STEP + BOTTOM_WINDOW);
    click(&one(&el, ".messages__earlier"));
    settle().await;
    let msgs = all(&el, ".msg");
    assert_eq!(msgs.len(), 120);
    assert_eq!(all(&el, ".msg-day").len(), 1, "one day, one separator");
    let firsts: Vec<usize> = (0..120)
        .filter(|&i| !msgs[i].class_list().contains("msg--cont"))
        .collect();
    assert_eq!(firsts, vec![0], "only the first row starts a group");
    let texts: Vec<String> = msgs
        .iter()
        .map(|m| one(m, ".msg__text").text_content().unwrap())
        .collect();
    assert_eq!(texts[49..52], ["t49", "t50", "t51"], "runs in order");
}

#[wasm_bindgen_test]
async fn the_window_starts_at_a_step() {
    let mut a = connected("ann");
    a.push(Action::Join("big".into()));
    // One more than a step's multiple: the window keeps its start and holds one more row.
    let n = 40 * STEP + 1;
    a.extend((0..n).map(|i| chat("big", "bob", i, &format!("t{i}"))));
    let el = mount(a, html! { <MessageList /> }).await;
    let msgs = all(&el, ".msg");
    assert_eq!(msgs.len(), BOTTOM_WINDOW + 1);
    let first = one(&msgs[0], ".msg__text").text_content().unwrap();
    assert_eq!(first, format!("t{}", n - BOTTOM_WINDOW - 1));
    assert_eq!(
        one(msgs.last().unwrap(), ".msg__text")
            .text_content()
            .unwrap(),
        format!("t{}", n - 1)
    );
    // Asked for earlier ones: the full window and one "show earlier" more, from a step.
    click(&one(&el, ".messages__earlier"));
    settle().await;
    let msgs = all(&el, ".msg");
    assert_eq!(msgs.len(), 2 * WINDOW + 1);
    let first = one(&msgs[0], ".msg__text").text_content().unwrap();
    assert_eq!(first, format!("t{}", n - 2 * WINDOW - 1));
}
