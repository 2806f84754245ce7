//! The sidebar's rooms: switch, join by name, leave, unread counts; private conversations.

use super::use_texts;
use crate::chat::{use_chat, Intents, RoomKey};
use chat_proto::valid_room_with;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// chat_proto's rule, with the browser's Unicode (crate::case) rather than std's tables.
fn valid_room(room: &str) -> bool {
    valid_room_with(room, crate::case::is_alphanumeric)
}

#[derive(Properties, PartialEq, Clone)]
pub struct RoomListProps {
    /// A room was picked (the phone drawer closes).
    #[prop_or_default]
    pub on_pick: Callback<()>,
}

/// One line of the list: what it shows of a room.
#[derive(Clone, PartialEq)]
struct Entry {
    key: RoomKey,
    unread: u32,
    mentions: u32,
}

/// Takes from the chat state only the rooms' names and counts, so [`RoomListView`] is
/// re-rendered when one of those changes, not for every message.
#[component]
pub fn RoomList(props: &RoomListProps) -> Html {
    super::render_count::count("RoomList");
    let chat = use_chat();
    let rooms: Vec<Entry> = chat
        .rooms
        .iter()
        .map(|r| Entry {
            key: r.key.clone(),
            unread: r.unread,
            mentions: r.mentions,
        })
        .collect();
    html! {
        <RoomListView list={props.clone()} {rooms} active={chat.active.clone()}
            can_leave_rooms={chat.features.rooms} intents={chat.intents()} />
    }
}

#[derive(Properties, PartialEq)]
struct RoomListViewProps {
    list: RoomListProps,
    rooms: Vec<Entry>,
    active: Option<RoomKey>,
    /// Rooms can be joined and left (the server's profile).
    can_leave_rooms: bool,
    intents: Intents,
}

#[component]
fn RoomListView(view: &RoomListViewProps) -> Html {
    super::render_count::count("RoomListView");
    let props = &view.list;
    let chat = &view.intents;
    let t = use_texts();
    let name = use_state(String::new);
    let invalid = !name.is_empty() && !valid_room(name.trim());
    let oninput = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (chat, name, pick) = (chat.clone(), name.clone(), props.on_pick.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = name.trim().to_owned();
            if valid_room(&n) {
                chat.join(&n);
                name.set(String::new());
                pick.emit(());
            }
        })
    };
    let item = |key: &RoomKey, unread: u32, mentions: u32| {
        let active = view.active.as_ref() == Some(key);
        let select = {
            let (chat, key, pick) = (chat.clone(), key.clone(), props.on_pick.clone());
            Callback::from(move |_| {
                chat.select(&key);
                pick.emit(());
            })
        };
        let leave = {
            let (chat, key) = (chat.clone(), key.clone());
            Callback::from(move |_| chat.leave(&key))
        };
        let label = key.to_string();
        html! {
            <li key={label.clone()} class={classes!("rooms__item", active.then_some("rooms__item--active"))}>
                <button class="rooms__select" onclick={select}
                    aria-current={active.then_some("true")}>
                    <span class="rooms__name">{ &label }</span>
                    if mentions > 0 {
                        <span class="badge badge--mention" aria-label={t.mentions_label(mentions)}>
                            { format!("@{mentions}") }</span>
                    }
                    if unread > 0 {
                        <span class="badge" aria-label={t.unread(unread)}>{ unread }</span>
                    }
                </button>
                if key.is_direct() || view.can_leave_rooms {
                    <button class="rooms__leave icon-button" onclick={leave}
                        aria-label={format!("{} {label}", t.leave)} title={t.leave}>{"×"}</button>
                }
            </li>
        }
    };
    let (rooms, directs): (Vec<_>, Vec<_>) = view.rooms.iter().partition(|r| !r.key.is_direct());
    html! {
        <nav class="rooms" aria-label={t.rooms}>
            <h2 class="sidebar__heading">{ t.rooms }</h2>
            <ul class="rooms__list">
                { for rooms.iter().map(|r| item(&r.key, r.unread, r.mentions)) }
            </ul>
            if view.can_leave_rooms {
            <form class="rooms__join" {onsubmit}>
                <label class="visually-hidden" for="join-room">{ t.join_room }</label>
                <input id="join-room" type="text" placeholder={t.join_room} value={(*name).clone()}
                    {oninput} maxlength="64" aria-invalid={invalid.then_some("true")}
                    aria-describedby={invalid.then_some("join-room-error")} />
                <button class="button button--small" type="submit" disabled={invalid || name.trim().is_empty()}>
                    { t.join }</button>
            </form>
            if invalid {
                <p id="join-room-error" class="rooms__error">{ t.room_invalid }</p>
            }
            }
            if !directs.is_empty() {
                <h2 class="sidebar__heading">{ t.direct }</h2>
                <ul class="rooms__list">
                    { for directs.iter().map(|r| item(&r.key, r.unread, r.mentions)) }
                </ul>
            }
        </nav>
    }
}
