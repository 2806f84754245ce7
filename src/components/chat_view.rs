//! The chat screen: status bar, rooms and people, messages, composer, inspector.

use super::composer::Composer;
use super::inspector::Inspector;
use super::message_list::MessageList;
use super::presence::Presence;
use super::room_list::RoomList;
use super::status_bar::StatusBar;
use super::use_texts;
use crate::chat::{storage, use_chat, RoomKey};
use yew::prelude::*;

#[component]
pub fn ChatView() -> Html {
    let chat = use_chat();
    let t = use_texts();
    let inspector = use_state(|| false);
    let drawer = use_state(|| false);
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
    let toggle_inspector = {
        let inspector = inspector.clone();
        Callback::from(move |_| inspector.set(!*inspector))
    };
    let toggle_drawer = {
        let drawer = drawer.clone();
        Callback::from(move |_| drawer.set(!*drawer))
    };
    let close_drawer = {
        let drawer = drawer.clone();
        Callback::from(move |_| drawer.set(false))
    };
    let title = chat
        .active
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    html! {
        <div class={classes!("chat", inspector.then_some("chat--inspector"))}>
            <StatusBar inspector_open={*inspector} on_toggle_inspector={toggle_inspector}
                on_toggle_menu={toggle_drawer} />
            <div class="chat__body">
                <aside id="sidebar" class={classes!("sidebar", drawer.then_some("sidebar--open"))}
                    aria-label={t.menu}>
                    <RoomList on_pick={close_drawer.clone()} />
                    <Presence on_pick={close_drawer} />
                </aside>
                <main class="chat__main" aria-label={title.clone()}>
                    if chat.active.is_some() {
                        <h2 class="chat__title">{ title }</h2>
                        <MessageList />
                        <Composer />
                    } else {
                        <p class="chat__empty">{ t.no_room }</p>
                    }
                </main>
                if *inspector {
                    <Inspector on_close={ {
                        let inspector = inspector.clone();
                        Callback::from(move |_| inspector.set(false))
                    } } />
                }
            </div>
        </div>
    }
}
