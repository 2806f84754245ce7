//! The render path: a state change re-renders only the panels whose part of the state changed
//! (the outer readers of `use_chat()` run, their memoised views do not). Needs the
//! `render-counts` feature (scripts/test-app-wasm.sh turns it on).
#![cfg(all(target_arch = "wasm32", feature = "render-counts"))]

use std::cell::RefCell;
use stomp_chat::chat::{use_chat, Action, ChatHandle, RoomKey};
use stomp_chat::components::composer::Composer;
use stomp_chat::components::presence::Presence;
use stomp_chat::components::render_count::get;
use stomp_chat::components::room_list::RoomList;
use stomp_chat::components::status_bar::StatusBar;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

thread_local! {
    static HANDLE: RefCell<Option<ChatHandle>> = const { RefCell::new(None) };
}

/// Hands the test the latest chat handle, to change the state after mounting.
#[component]
fn Grab() -> Html {
    let chat = use_chat();
    HANDLE.with(|h| *h.borrow_mut() = Some(chat));
    html! {}
}

fn handle() -> ChatHandle {
    HANDLE.with(|h| h.borrow().clone().expect("mounted"))
}

const VIEWS: [&str; 4] = [
    "StatusBarView",
    "RoomListView",
    "PeopleView",
    "ComposerForm",
];

fn counts(names: &[&str]) -> Vec<u32> {
    names.iter().map(|n| get(n)).collect()
}

#[wasm_bindgen_test]
async fn a_state_change_re_renders_only_the_panels_it_concerns() {
    let mut a = connected("ann");
    a.push(Action::Join("r".into()));
    a.push(Action::Join("s".into()));
    a.push(Action::Select(RoomKey::Room("r".into())));
    a.push(chat("r", "bob", 1, "hello"));
    let _el = mount(
        a,
        html! { <>
            <Grab />
            <StatusBar inspector_open={false} on_toggle_inspector={Callback::noop()}
                on_toggle_menu={Callback::noop()} />
            <RoomList /> <Presence /> <Composer />
        </> },
    )
    .await;
    let (outer, views) = (get("StatusBar"), counts(&VIEWS));
    assert!(views.iter().all(|&n| n > 0), "all mounted: {views:?}");

    // Nothing any panel shows: the outer readers run, the views are skipped.
    handle().pause_frames(true);
    settle().await;
    assert!(get("StatusBar") > outer, "the state did change");
    assert_eq!(counts(&VIEWS), views);

    // Another room in view: the room list and the composer follow, the status bar does not.
    handle().select(&RoomKey::Room("s".into()));
    settle().await;
    let after = counts(&VIEWS);
    assert_eq!(after[0], views[0], "status bar");
    assert!(after[1] > views[1], "room list");
    assert!(after[3] > views[3], "composer");
}
