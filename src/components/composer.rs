//! Writing a message: Enter sends, Shift+Enter starts a new line; typing notices throttled.

use super::mention_box::{apply, candidates, option_id, MentionBox, LIST_ID};
use super::message_list::RoomRef;
use super::use_texts;
use crate::chat::mention::typing_mention;
use crate::chat::service::now;
use crate::chat::{saved, use_chat, Intents, Room, RoomKey};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// At most one typing notice per this many ms.
const TYPING_EVERY: i64 = 3_000;

/// The room in view, for the nickname completion: read when the form renders, not a reason
/// for it to. The form says whether a mention is being typed, so the offer can follow the room.
#[derive(Default)]
struct Latest {
    room: Option<Rc<Room>>,
    mentioning: bool,
}

/// Compared by pointer: one per composer, for its lifetime.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Latest>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Takes from the chat state only what the form needs, so [`ComposerForm`] (and the text
/// area) are not re-rendered by messages, except while a mention is being completed.
#[component]
pub fn Composer() -> Html {
    super::render_count::count("Composer");
    let chat = use_chat();
    let shared = use_memo((), |_| Shared::default());
    let room = chat.active_room_rc().cloned();
    let follow = {
        let mut latest = shared.0.borrow_mut();
        latest.room = room.clone();
        room.filter(|_| latest.mentioning).map(RoomRef)
    };
    html! {
        <ComposerForm active={chat.active.clone()} me={AttrValue::from(chat.me.clone())}
            connected={chat.connection.is_connected()} intents={chat.intents()}
            shared={(*shared).clone()} {follow} />
    }
}

#[derive(Properties, PartialEq)]
struct ComposerFormProps {
    active: Option<RoomKey>,
    me: AttrValue,
    connected: bool,
    intents: Intents,
    shared: Shared,
    /// The room, while a mention is being typed: the names offered follow who speaks.
    follow: Option<RoomRef>,
}

#[component]
fn ComposerForm(props: &ComposerFormProps) -> Html {
    super::render_count::count("ComposerForm");
    let chat = &props.intents;
    let t = use_texts();
    let text = use_state(String::new);
    let too_long = use_state(|| None::<(usize, usize)>);
    let last_typing = use_mut_ref(|| 0i64);
    let area = use_node_ref();
    // Completion: where the caret is (bytes), the option chosen, closed by Escape.
    let caret = use_state(|| 0usize);
    let chosen = use_state(|| 0usize);
    let dismissed = use_state(|| false);
    let offer = {
        let mut latest = props.shared.0.borrow_mut();
        latest.mentioning = !*dismissed && typing_mention(&text, *caret).is_some();
        let room = latest.room.as_deref();
        (!*dismissed)
            .then(|| candidates(room, &props.me, &text, *caret))
            .flatten()
    };
    {
        // After connecting and after switching rooms the next thing is to write; what was
        // being written there (before switching, or before a reload) is still there.
        let (area, text) = (area.clone(), text.clone());
        use_effect_with(props.active.clone(), move |active| {
            if let Some(room) = active {
                text.set(saved::load_draft(room));
            }
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                let _ = a.focus();
            }
        });
    }
    let submit = {
        let (chat, text, area) = (chat.clone(), text.clone(), area.clone());
        let (last_typing, too_long) = (last_typing.clone(), too_long.clone());
        let active = props.active.clone();
        move || {
            if let (false, Some(room)) = (text.trim().is_empty(), &active) {
                match chat.send_to(room, &text) {
                    Ok(()) => {
                        text.set(String::new());
                        {
                            saved::save_draft(room, "");
                        }
                        too_long.set(None);
                        // A message ends "typing" for the others; the next keystroke says
                        // it again.
                        *last_typing.borrow_mut() = 0;
                    }
                    Err(sizes) => too_long.set(Some(sizes)),
                }
            }
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                let _ = a.focus();
            }
        }
    };
    let oninput = {
        let (chat, text, too_long) = (chat.clone(), text.clone(), too_long.clone());
        let (caret, chosen, dismissed) = (caret.clone(), chosen.clone(), dismissed.clone());
        let (active, connected) = (props.active.clone(), props.connected);
        Callback::from(move |e: InputEvent| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = area.value();
            caret.set(caret_bytes(&value, &area));
            chosen.set(0);
            dismissed.set(false);
            if let Some(room) = &active {
                saved::save_draft(room, &value);
            }
            text.set(value);
            if too_long.is_some() {
                too_long.set(None);
            }
            let n = now();
            let mut last = last_typing.borrow_mut();
            if n - *last > TYPING_EVERY {
                *last = n;
                if let (Some(RoomKey::Room(room)), true) = (&active, connected) {
                    chat.typing_in(room);
                }
            }
        })
    };
    let pick = {
        let (text, caret, area, offer) = (text.clone(), caret.clone(), area.clone(), offer.clone());
        let active = props.active.clone();
        Callback::from(move |i: usize| {
            let Some((at, names)) = &offer else { return };
            let Some(name) = names.get(i) else { return };
            let (value, pos) = apply(&text, *at, (*caret).min(text.len()), name);
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                a.set_value(&value);
                let utf16 = value[..pos].encode_utf16().count() as u32;
                let _ = a.set_selection_range(utf16, utf16);
                let _ = a.focus();
            }
            caret.set(pos);
            if let Some(room) = &active {
                saved::save_draft(room, &value);
            }
            text.set(value);
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        let (chosen, dismissed, pick) = (chosen.clone(), dismissed.clone(), pick.clone());
        let count = offer.as_ref().map_or(0, |(_, names)| names.len());
        Callback::from(move |e: KeyboardEvent| {
            if count > 0 && !e.is_composing() {
                let handled = match e.key().as_str() {
                    "ArrowDown" => {
                        chosen.set((*chosen + 1) % count);
                        true
                    }
                    "ArrowUp" => {
                        chosen.set((*chosen + count - 1) % count);
                        true
                    }
                    "Tab" | "Enter" if !e.shift_key() => {
                        pick.emit(*chosen);
                        true
                    }
                    "Escape" => {
                        dismissed.set(true);
                        // The list closes, not the panel around the chat.
                        e.stop_propagation();
                        true
                    }
                    _ => false,
                };
                if handled {
                    e.prevent_default();
                    return;
                }
            }
            if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                e.prevent_default();
                submit();
            }
        })
    };
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        submit();
    });
    // The caret moved without typing: the completion follows it.
    let on_caret = {
        let caret = caret.clone();
        Callback::from(move |e: MouseEvent| {
            let a = e.target_unchecked_into::<HtmlTextAreaElement>();
            caret.set(caret_bytes(&a.value(), &a));
        })
    };
    let on_caret_key = {
        let caret = caret.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(
                e.key().as_str(),
                "ArrowLeft" | "ArrowRight" | "Home" | "End"
            ) {
                let a = e.target_unchecked_into::<HtmlTextAreaElement>();
                caret.set(caret_bytes(&a.value(), &a));
            }
        })
    };
    let room = props
        .active
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let rows = text.lines().count().clamp(1, 6).to_string();
    let offline = !props.connected;
    html! {
        <form class="composer" {onsubmit}>
            if offline {
                <p class="composer__offline">{ t.offline_hint }</p>
            }
            if let Some((size, limit)) = *too_long {
                <p id="composer-error" class="composer__error" role="alert">{ t.too_long(size, limit) }</p>
            }
            if let Some((_, names)) = offer.clone() {
                <MentionBox {names} selected={*chosen} on_pick={pick} />
            }
            <div class="composer__row">
                <label class="visually-hidden" for="composer-text">{ t.composer_label }</label>
                <textarea id="composer-text" ref={area} class="composer__text" {rows}
                    placeholder={t.message_to(&room)} value={(*text).clone()} {oninput} {onkeydown}
                    aria-autocomplete="list" aria-controls={offer.is_some().then_some(LIST_ID)}
                    aria-activedescendant={offer.is_some().then(|| option_id(*chosen))}
                    onclick={on_caret.clone()} onkeyup={on_caret_key}
                    aria-invalid={too_long.is_some().then_some("true")}
                    aria-describedby={too_long.is_some().then_some("composer-error")} />
                <button class="button button--primary composer__send" type="submit"
                    disabled={text.trim().is_empty()}>{ t.send }</button>
            </div>
        </form>
    }
}

/// The caret as a byte offset into `value` (the DOM counts UTF-16 units).
fn caret_bytes(value: &str, area: &HtmlTextAreaElement) -> usize {
    let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let mut seen = 0;
    value
        .char_indices()
        .find(|(_, c)| {
            seen += c.len_utf16();
            seen > units
        })
        .map_or(value.len(), |(i, _)| i)
}
