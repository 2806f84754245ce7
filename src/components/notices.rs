//! Server notices and app warnings, dismissable.

use super::use_texts;
use crate::chat::{use_chat, NoticeBody};
use yew::prelude::*;

#[component]
pub fn Notices() -> Html {
    let chat = use_chat();
    let t = use_texts();
    html! {
        <div class="notices" role="status" aria-live="polite">
            { for chat.notices.iter().map(|n| {
                let (chat, id) = (chat.clone(), n.id);
                let onclick = Callback::from(move |_| chat.dismiss(id));
                html! {
                    <div class="notice" key={n.id}>
                        <span class="notice__text">{ match &n.body {
                            NoticeBody::Text(text) => text.clone(),
                            NoticeBody::NoHistory(room) => t.no_history(room),
                        } }</span>
                        <button class="notice__close" aria-label={t.dismiss} title={t.dismiss} {onclick}>{"×"}</button>
                    </div>
                }
            }) }
        </div>
    }
}
