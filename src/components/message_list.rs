//! The messages of the room in view: windowed (only the newest few hundred are in the DOM,
//! more on request), sticks to the bottom, and offers a jump when new ones arrive above.

use super::message_item::MessageItem;
use super::use_texts;
use crate::chat::use_chat;
use crate::text::starts_group;
use web_sys::Element;
use yew::prelude::*;

/// Messages rendered at first, and added per "show earlier".
pub const WINDOW: usize = 150;

fn at_bottom(el: &Element) -> bool {
    el.scroll_height() - el.scroll_top() - el.client_height() < 48
}

#[component]
pub fn MessageList() -> Html {
    let chat = use_chat();
    let t = use_texts();
    let list = use_node_ref();
    let shown = use_state(|| WINDOW);
    let stick = use_mut_ref(|| true);
    let seen = use_mut_ref(|| 0usize);
    let redraw = use_force_update();
    let room = chat.active_room().cloned();
    let key = room.as_ref().map(|r| r.key.clone());
    let len = room.as_ref().map_or(0, |r| r.messages.len());
    {
        // A new room starts at its newest message.
        let (shown, stick) = (shown.clone(), stick.clone());
        use_effect_with(key.clone(), move |_| {
            shown.set(WINDOW);
            *stick.borrow_mut() = true;
        });
    }
    {
        let (list, stick, seen) = (list.clone(), stick.clone(), seen.clone());
        use_effect_with((key, len), move |(_, len)| {
            if *stick.borrow() {
                if let Some(el) = list.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
                *seen.borrow_mut() = *len;
            }
        });
    }
    let onscroll = {
        let (list, stick, seen, redraw) =
            (list.clone(), stick.clone(), seen.clone(), redraw.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<Element>() {
                let bottom = at_bottom(&el);
                let was = std::mem::replace(&mut *stick.borrow_mut(), bottom);
                if bottom {
                    *seen.borrow_mut() = len;
                }
                if was != bottom {
                    redraw.force_update();
                }
            }
        })
    };
    let jump = {
        let (list, stick) = (list.clone(), stick.clone());
        Callback::from(move |_| {
            if let Some(el) = list.cast::<Element>() {
                *stick.borrow_mut() = true;
                el.set_scroll_top(el.scroll_height());
            }
        })
    };
    let earlier = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + WINDOW))
    };
    let retry = {
        let chat = chat.clone();
        Callback::from(move |cid: String| chat.retry(&cid))
    };
    let Some(room) = room else {
        return html! {};
    };
    let start = len.saturating_sub(*shown);
    let unseen = len.saturating_sub(*seen.borrow());
    let typing = t.typing(&room.typing_names());
    html! {
        <div class="messages">
            <div class="messages__scroll" ref={list} {onscroll} tabindex="0">
                if start > 0 {
                    <button class="messages__earlier link-button" onclick={earlier}>{ t.earlier }</button>
                }
                if len == 0 {
                    <p class="messages__empty">{ t.no_messages }</p>
                }
                <ol class="messages__list" role="log" aria-live="polite" aria-relevant="additions"
                    aria-label={room.key.to_string()}>
                    { for room.messages[start..].iter().enumerate().map(|(i, m)| {
                        let at = start + i;
                        let prev = at.checked_sub(1).map(|p| &*room.messages[p]);
                        let key = m.id.clone().or_else(|| m.client_id.clone())
                            .unwrap_or_else(|| format!("n{at}"));
                        html! {
                            <MessageItem {key} msg={m.clone()} first={starts_group(prev, m)}
                                on_retry={retry.clone()} />
                        }
                    }) }
                </ol>
            </div>
            if !*stick.borrow() && unseen > 0 {
                <button class="messages__jump button button--primary button--small" onclick={jump}>
                    { t.new_messages(unseen as u32) }</button>
            }
            <p class="messages__typing" aria-live="polite">{ typing }</p>
        </div>
    }
}
