//! What the component tests share: mounting under a `<ChatProvider>` fed with actions (no
//! network), settling Yew, and finding elements.
#![allow(dead_code)]

use chat_proto::{ChatMessage, MessageType};
use stomp_chat::chat::incoming::Incoming;
use stomp_chat::chat::{Action, ChatProvider, RoomKey};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct HarnessProps {
    initial: Vec<Action>,
    children: Children,
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    html! {
        <ChatProvider initial={props.initial.clone()} persist={false}>
            { props.children.clone() }
        </ChatProvider>
    }
}

pub fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

pub async fn mount(initial: Vec<Action>, children: Html) -> Element {
    let div = root();
    let props = HarnessProps {
        initial,
        children: Children::new(vec![children]),
    };
    yew::Renderer::<Harness>::with_root_and_props(div.clone(), props).render();
    settle().await;
    div
}

/// Renders, runs effects (which dispatch), and renders again.
pub async fn settle() {
    for _ in 0..3 {
        yew::scheduler::flush().await;
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
}

pub fn all(el: &Element, selector: &str) -> Vec<Element> {
    let list = el.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
        .collect()
}

pub fn one(el: &Element, selector: &str) -> Element {
    el.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", el.inner_html()))
}

pub fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

pub fn connected(me: &str) -> Vec<Action> {
    vec![
        Action::Connecting {
            me: me.into(),
            attempt: 0,
        },
        Action::Connected {
            version: "1.2".into(),
            heart_beat: (10_000, 10_000),
            server: None,
            node: None,
        },
    ]
}

pub fn chat(room: &str, sender: &str, id: usize, text: &str) -> Action {
    let mut m = ChatMessage::new(MessageType::Chat, room, sender).with_content(text);
    m.id = Some(format!("m{id}"));
    m.timestamp = Some(1_700_000_000_000 + id as i64 * 1000);
    Action::Incoming {
        room: RoomKey::Room(room.into()),
        payload: Incoming::Chat(m),
        now: 0,
    }
}
