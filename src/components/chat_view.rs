//! The chat screen: status bar, rooms and people, messages, composer, inspector.

use super::composer::Composer;
use super::inspector::Inspector;
use super::message_list::MessageList;
use super::presence::Presence;
use super::room_list::RoomList;
use super::status_bar::StatusBar;
use super::use_texts;
use crate::chat::{storage, use_chat, RoomKey};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Reads the chat state for what the screen's frame needs (the rooms to remember, the room
/// in view) and leaves the rest to [`ChatLayout`], which re-renders only when the room in
/// view changes, not for every message (each panel reads its own part of the state).
#[component]
pub fn ChatView() -> Html {
    super::render_count::count("ChatView");
    let chat = use_chat();
    {
        // Joined rooms come back after a reload.
        let rooms: Vec<String> = chat
            .rooms
            .iter()
            .filter_map(|r| match &r.key {
                RoomKey::Room(n) => Some(n.clone()),
                RoomKey::Direct(_) => None,
            })
            .collect();
        use_effect_with(rooms, |rooms| {
            if !rooms.is_empty() {
                let mut s = storage::load_settings();
                s.rooms = rooms.clone();
                storage::save_settings(&s);
            }
        });
    }
    html! { <ChatLayout active={chat.active.clone()} /> }
}

#[derive(Properties, PartialEq)]
struct ChatLayoutProps {
    active: Option<RoomKey>,
}

#[component]
fn ChatLayout(props: &ChatLayoutProps) -> Html {
    super::render_count::count("ChatLayout");
    let t = use_texts();
    let inspector = use_state(|| false);
    let drawer = use_state(|| false);
    {
        // Escape closes what is on top: the phone drawer first, then the inspector; focus
        // goes back to the button that opened it. On the window, so it works from anywhere.
        let (inspector, drawer) = (inspector.clone(), drawer.clone());
        use_effect_with(
            (*inspector, *drawer),
            move |&(inspector_open, drawer_open)| {
                let listener = (inspector_open || drawer_open).then(|| {
                    on_escape(move || {
                        if drawer_open {
                            drawer.set(false);
                            focus_selector(".status__menu");
                        } else {
                            inspector.set(false);
                            focus_selector("#toggle-inspector");
                        }
                    })
                });
                move || drop(listener)
            },
        );
    }
    // Stable callbacks: the panels that take them are not re-rendered for a new closure.
    let toggle_inspector = use_callback((*inspector, inspector.setter()), |(): (), (open, set)| {
        set.set(!*open)
    });
    let close_inspector = use_callback(inspector.setter(), |(): (), set| set.set(false));
    let toggle_drawer = use_callback((*drawer, drawer.setter()), |(): (), (open, set)| {
        set.set(!*open)
    });
    let close_drawer = use_callback(drawer.setter(), |(): (), set| set.set(false));
    let title = props
        .active
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    html! {
        <div class={classes!("chat", inspector.then_some("chat--inspector"))}>
            <StatusBar inspector_open={*inspector} on_toggle_inspector={toggle_inspector}
                on_toggle_menu={toggle_drawer} menu_open={*drawer} />
            <div class="chat__body">
                <aside id="sidebar" class={classes!("sidebar", drawer.then_some("sidebar--open"))}
                    aria-label={t.menu}>
                    <RoomList on_pick={close_drawer.clone()} />
                    <Presence on_pick={close_drawer.clone()} />
                </aside>
                if *drawer {
                    // Phone only (CSS): dims the chat and closes the drawer when tapped.
                    <div class="drawer-backdrop" aria-hidden="true" onclick={close_drawer.reform(|_: MouseEvent| ())}></div>
                }
                <main class="chat__main" aria-label={title.clone()}>
                    if props.active.is_some() {
                        // The room in view is what the page is about: its one h1.
                        <h1 class="chat__title">{ title }</h1>
                        <MessageList />
                        <Composer />
                    } else {
                        <p class="chat__empty">{ t.no_room }</p>
                    }
                </main>
                if *inspector {
                    <Inspector on_close={close_inspector} />
                }
            </div>
        </div>
    }
}

/// A window keydown listener for Escape, removed when dropped.
struct EscapeListener {
    closure: Closure<dyn FnMut(KeyboardEvent)>,
}

fn on_escape(f: impl Fn() + 'static) -> EscapeListener {
    let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if e.key() == "Escape" && !e.is_composing() {
            f();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    }
    EscapeListener { closure }
}

impl Drop for EscapeListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "keydown",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

fn focus_selector(selector: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
