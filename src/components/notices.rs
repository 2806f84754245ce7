//! Server notices and app warnings, dismissable.

use super::use_texts;
use crate::chat::{use_chat, Intents, Notice, NoticeBody};
use yew::prelude::*;

/// Takes from the chat state only the notices, so [`NoticesView`] is not re-rendered by
/// messages.
#[component]
pub fn Notices() -> Html {
    super::render_count::count("Notices");
    let chat = use_chat();
    html! { <NoticesView notices={chat.notices.clone()} intents={chat.intents()} /> }
}

#[derive(Properties, PartialEq)]
struct NoticesViewProps {
    notices: Vec<Notice>,
    intents: Intents,
}

#[component]
fn NoticesView(props: &NoticesViewProps) -> Html {
    super::render_count::count("NoticesView");
    let t = use_texts();
    html! {
        <div class="notices" role="status" aria-live="polite">
            { for props.notices.iter().map(|n| {
                let (intents, id) = (props.intents.clone(), n.id);
                let onclick = Callback::from(move |_| intents.dismiss(id));
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
