//! Writing a message: Enter sends, Shift+Enter starts a new line; typing notices throttled.

use super::use_texts;
use crate::chat::service::now;
use crate::chat::{saved, use_chat};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// At most one typing notice per this many ms.
const TYPING_EVERY: i64 = 3_000;

#[component]
pub fn Composer() -> Html {
    let chat = use_chat();
    let t = use_texts();
    let text = use_state(String::new);
    let too_long = use_state(|| None::<(usize, usize)>);
    let last_typing = use_mut_ref(|| 0i64);
    let area = use_node_ref();
    {
        // After connecting and after switching rooms the next thing is to write; what was
        // being written there (before switching, or before a reload) is still there.
        let (area, text) = (area.clone(), text.clone());
        use_effect_with(chat.active.clone(), move |active| {
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
        move || {
            if !text.trim().is_empty() {
                match chat.send(&text) {
                    Ok(()) => {
                        text.set(String::new());
                        if let Some(room) = &chat.active {
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
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if let Some(room) = &chat.active {
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
                chat.typing();
            }
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
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
    let room = chat
        .active
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let rows = text.lines().count().clamp(1, 6).to_string();
    let offline = !chat.connection.is_connected();
    html! {
        <form class="composer" {onsubmit}>
            if offline {
                <p class="composer__offline">{ t.offline_hint }</p>
            }
            if let Some((size, limit)) = *too_long {
                <p id="composer-error" class="composer__error" role="alert">{ t.too_long(size, limit) }</p>
            }
            <div class="composer__row">
                <label class="visually-hidden" for="composer-text">{ t.composer_label }</label>
                <textarea id="composer-text" ref={area} class="composer__text" {rows}
                    placeholder={t.message_to(&room)} value={(*text).clone()} {oninput} {onkeydown}
                    aria-invalid={too_long.is_some().then_some("true")}
                    aria-describedby={too_long.is_some().then_some("composer-error")} />
                <button class="button button--primary composer__send" type="submit"
                    disabled={text.trim().is_empty()}>{ t.send }</button>
            </div>
        </form>
    }
}
