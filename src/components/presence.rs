//! Who is in the room, with a way to message each privately.

use super::use_texts;
use crate::chat::names::NameSet;
use crate::chat::{use_chat, Intents};
use crate::text::{hue_class, initial};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct PresenceProps {
    #[prop_or_default]
    pub on_pick: Callback<()>,
}

/// Takes from the chat state only who is in the room in view, so [`PeopleView`] is not
/// re-rendered by messages.
#[component]
pub fn Presence(props: &PresenceProps) -> Html {
    super::render_count::count("Presence");
    let chat = use_chat();
    let Some(room) = chat.active_room().filter(|r| !r.key.is_direct()) else {
        return html! {};
    };
    html! {
        <PeopleView list={props.clone()} people={room.participants.clone()}
            me={AttrValue::from(chat.me.clone())} private={chat.features.private}
            intents={chat.intents()} />
    }
}

#[derive(Properties, PartialEq)]
struct PeopleViewProps {
    list: PresenceProps,
    people: NameSet,
    me: AttrValue,
    /// Private messages exist (the server's profile).
    private: bool,
    intents: Intents,
}

#[component]
fn PeopleView(view: &PeopleViewProps) -> Html {
    super::render_count::count("PeopleView");
    let (props, chat) = (&view.list, &view.intents);
    let t = use_texts();
    html! {
        <section class="presence" aria-label={t.people}>
            <h2 class="sidebar__heading">{ format!("{} · {}", t.people, view.people.len()) }</h2>
            <ul class="presence__list">
                { for view.people.iter().map(|p| {
                    let me = *p == view.me;
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
                            if !me && view.private {
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
