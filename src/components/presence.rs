//! Who is in the room, with a way to message each privately.

use super::use_texts;
use crate::chat::use_chat;
use crate::text::{hue_class, initial};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresenceProps {
    #[prop_or_default]
    pub on_pick: Callback<()>,
}

#[component]
pub fn Presence(props: &PresenceProps) -> Html {
    let chat = use_chat();
    let t = use_texts();
    let Some(room) = chat.active_room().filter(|r| !r.key.is_direct()) else {
        return html! {};
    };
    html! {
        <section class="presence" aria-label={t.people}>
            <h2 class="sidebar__heading">{ format!("{} · {}", t.people, room.participants.len()) }</h2>
            <ul class="presence__list">
                { for room.participants.iter().map(|p| {
                    let me = *p == chat.me;
                    let dm = {
                        let (chat, p, pick) = (chat.clone(), p.clone(), props.on_pick.clone());
                        Callback::from(move |_| { chat.open_direct(&p); pick.emit(()); })
                    };
                    html! {
                        <li key={p.clone()} class="presence__item">
                            <span class={classes!("avatar", "avatar--small", hue_class(p))} aria-hidden="true">{ initial(p) }</span>
                            <span class="presence__name">{ p }
                                if me { <small>{ format!(" ({})", t.you) }</small> }
                            </span>
                            if !me && chat.features.private {
                                <button class="icon-button presence__dm" onclick={dm}
                                    aria-label={format!("{}: {p}", t.message_privately)}
                                    title={t.message_privately}>{"✉"}</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
