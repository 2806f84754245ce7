//! Desktop notifications for private messages and @mentions of me, only while the tab is
//! hidden and only when the person turned them on (a button: the permission is asked on
//! that click, never by itself). One per message; clicking one shows the tab and opens the
//! conversation.

use super::use_texts;
use crate::chat::mention::mentions;
use crate::chat::{storage, use_chat, MsgKind, RoomKey};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Notification, NotificationOptions, NotificationPermission};
use yew::prelude::*;

/// Longest body shown; the rest is in the chat.
const BODY_CHARS: usize = 200;

/// Whether this browser has the Notification API at all (it is missing in some webviews).
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

pub fn granted() -> bool {
    supported() && Notification::permission() == NotificationPermission::Granted
}

pub fn denied() -> bool {
    supported() && Notification::permission() == NotificationPermission::Denied
}

/// Turned on in the UI, and allowed by the browser.
fn enabled() -> bool {
    storage::load_settings().notify && granted()
}

fn show(title: &str, body: &str, tag: &str, on_click: impl FnOnce() + 'static) {
    let opts = NotificationOptions::new();
    opts.set_body(body);
    opts.set_tag(tag);
    let Ok(n) = Notification::new_with_options(title, &opts) else {
        return;
    };
    let shown = n.clone();
    let click = Closure::once(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.focus();
        }
        on_click();
        shown.close();
    });
    n.set_onclick(Some(click.as_ref().unchecked_ref()));
    // Lives as long as the notification may be clicked: one small closure per notification.
    click.forget();
}

/// Watches for new messages that count as unread (the reducer's rule: live, not ours)
/// and notifies those that are private or call me by name.
/// A hook of the root screen's (it draws nothing; see `use_tab_badge`).
#[hook]
pub fn use_notifier() {
    let chat = use_chat();
    let t = use_texts();
    // The last unread counts, as a list: a few rooms, and no map type of its own in the wasm.
    let seen = use_mut_ref(Vec::<(RoomKey, u32)>::new);
    let unread: Vec<(RoomKey, u32)> = chat
        .rooms
        .iter()
        .map(|r| (r.key.clone(), r.unread))
        .collect();
    {
        let chat = chat.clone();
        use_effect_with(unread, move |unread| {
            let mut last = seen.borrow_mut();
            let before_of = |k: &RoomKey| last.iter().find(|(r, _)| r == k).map_or(0, |(_, n)| *n);
            let hidden = chat.page_hidden;
            let on = hidden && unread.iter().any(|(k, n)| *n > before_of(k)) && enabled();
            for (key, n) in unread {
                let before = before_of(key);
                if !on || *n <= before {
                    continue;
                }
                let Some(room) = chat.room(key) else { continue };
                let fresh = room
                    .messages
                    .iter()
                    .rev()
                    .filter(|m| {
                        !m.own
                            && matches!(m.kind, MsgKind::Chat | MsgKind::Private | MsgKind::Plain)
                    })
                    .take((*n - before) as usize)
                    .collect::<Vec<_>>();
                for m in fresh.into_iter().rev() {
                    let private = m.kind == MsgKind::Private;
                    if !private && !mentions(&m.text, &chat.me) {
                        continue;
                    }
                    let title = if private {
                        t.notify_private(&m.sender)
                    } else {
                        t.notify_mention(&m.sender, &key.to_string())
                    };
                    let body: String = m.text.chars().take(BODY_CHARS).collect();
                    let tag =
                        m.id.clone()
                            .or_else(|| m.client_id.clone())
                            .unwrap_or_else(|| format!("{}-{}", key, m.at));
                    let (intents, key) = (chat.intents(), key.clone());
                    show(&title, &body, &tag, move || intents.select(&key));
                }
            }
            *last = unread.clone();
        });
    }
}

/// The bell in the status bar: off by default; turning it on asks the browser's permission
/// (this click is the user gesture browsers require).
#[component]
pub fn NotifyToggle() -> Html {
    super::render_count::count("NotifyToggle");
    let t = use_texts();
    let on = use_state(enabled);
    let blocked = use_state(denied);
    if !supported() {
        return html! {};
    }
    let onclick = {
        let (on, blocked) = (on.clone(), blocked.clone());
        Callback::from(move |_: MouseEvent| {
            let set = |v: bool| {
                let mut s = storage::load_settings();
                s.notify = v;
                storage::save_settings(&s);
            };
            if *on {
                set(false);
                on.set(false);
            } else if granted() {
                set(true);
                on.set(true);
            } else if let Ok(asked) = Notification::request_permission() {
                let (on, blocked) = (on.clone(), blocked.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(asked).await;
                    set(granted());
                    on.set(granted());
                    blocked.set(denied());
                });
            }
        })
    };
    let label = if *blocked {
        t.notify_blocked()
    } else {
        t.notify_label()
    };
    html! {
        <button id="toggle-notify" class="button button--small status__notify" aria-pressed={on.to_string()}
            title={label} aria-label={label} {onclick}>
            { if *on { "🔔" } else { "🔕" } }
        </button>
    }
}
