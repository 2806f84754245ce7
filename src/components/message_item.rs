//! One message: avatar, sender, local time, text with links as anchors, delivery state.
//! Text only ever becomes text nodes or `<a>` elements built here: no HTML from a message.
//! One component per row, with no context of its own: the list passes the language down, so a
//! new message re-renders the list once and leaves the unchanged rows alone (under load, a
//! context subscription and an inner component per row were most of Yew's reconcile work).

use super::time;
use crate::chat::mention::{mentions, split_mentions, Piece};
use crate::chat::{Delivery, Msg, MsgKind};
use crate::i18n::Lang;
use crate::text::{hue_class, initial, linkify, Segment};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MessageItemProps {
    pub msg: Rc<Msg>,
    /// First of a run by one sender: shows avatar, name and time.
    pub first: bool,
    #[prop_or_default]
    pub on_retry: Callback<String>,
    #[prop_or_default]
    pub on_discard: Callback<String>,
    /// Show "delivered" under this message (the list shows it on our latest one only);
    /// states that need attention always show.
    #[prop_or(true)]
    pub show_delivered: bool,
    /// Our nickname, for highlighting mentions of us.
    #[prop_or_default]
    pub me: AttrValue,
    /// The language of the labels, from the list (read there once, not once per row).
    #[prop_or_default]
    pub lang: Lang,
}

fn text(t: &str, me: &str) -> Html {
    html! {
        { for linkify(t).into_iter().map(|s| match s {
            Segment::Text(s) => html! {
                { for split_mentions(s, me).into_iter().map(|p| match p {
                    Piece::Text(s) => html! { { s } },
                    Piece::Mention(s, mine) => html! {
                        <span class={classes!("mention", mine.then_some("mention--me"))}>{ s }</span>
                    },
                }) }
            },
            Segment::Link(url) => html! {
                <a href={url.to_owned()} target="_blank" rel="noopener noreferrer nofollow">{ url }</a>
            },
        }) }
    }
}

/// Longer than this (characters or lines), a message shows collapsed with "Show more".
const COLLAPSE_CHARS: usize = 700;
const COLLAPSE_LINES: usize = 12;

fn is_long(t: &str) -> bool {
    t.len() > COLLAPSE_CHARS && t.chars().nth(COLLAPSE_CHARS).is_some()
        || t.lines().nth(COLLAPSE_LINES).is_some()
}

#[derive(Properties, PartialEq)]
struct LongTextProps {
    text: String,
    /// Our nickname: `@` it and the mention is highlighted.
    me: AttrValue,
    lang: Lang,
}

/// The whole text, never cut: a long one starts collapsed and opens on demand. Its own
/// component only for the open/closed state; a short text is plain markup in the row.
#[component]
fn LongText(props: &LongTextProps) -> Html {
    super::render_count::count("LongText");
    let t = props.lang.texts();
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    html! {
        <>
            <div class={classes!("msg__text", (!*open).then_some("msg__text--collapsed"))}>
                { text(&props.text, &props.me) }</div>
            <button class="link-button msg__more" onclick={toggle} aria-expanded={open.to_string()}>
                { if *open { t.show_less } else { t.show_more } }</button>
        </>
    }
}

#[component]
pub fn MessageItem(props: &MessageItemProps) -> Html {
    super::render_count::count("MessageItem");
    let t = props.lang.texts();
    let m = &props.msg;
    // Tooltip and machine time only where a time is shown (not on a continued run).
    let (title, iso) = if props.first || matches!(m.kind, MsgKind::Joined | MsgKind::Left) {
        time::full(m.at)
    } else {
        Default::default()
    };
    if matches!(m.kind, MsgKind::Joined | MsgKind::Left) {
        let verb = if m.kind == MsgKind::Joined {
            t.joined
        } else {
            t.left
        };
        return html! {
            <li class="msg-system">
                <span>{ format!("{} {verb}", m.sender) }</span>
                <time datetime={iso} title={title}>{ time::hm(m.at) }</time>
            </li>
        };
    }
    let sender = if m.kind == MsgKind::Plain {
        t.plain_sender.to_owned()
    } else {
        m.sender.clone()
    };
    let status = m.own.then(|| match &m.delivery {
        Delivery::Queued => ("queued", t.st_queued.to_owned()),
        Delivery::Sent => ("sent", t.st_sent.to_owned()),
        Delivery::Delivered | Delivery::Received => ("delivered", t.st_delivered.to_owned()),
        Delivery::Uncertain => ("uncertain", t.st_uncertain.to_owned()),
        Delivery::Failed(why) => ("failed", format!("{}: {why}", t.st_failed)),
    });
    // Retry and Discard where the person must decide; Discard also for a message still
    // waiting, which may never get a chance to go out.
    let on = |cb: &Callback<String>| {
        let (cb, cid) = (cb.clone(), m.client_id.clone().unwrap_or_default());
        Callback::from(move |_| cb.emit(cid.clone()))
    };
    let retry =
        (m.delivery.needs_attention() && m.client_id.is_some()).then(|| on(&props.on_retry));
    let discard = (m.own
        && m.delivery.unconfirmed()
        && m.delivery != Delivery::Sent
        && m.client_id.is_some())
    .then(|| on(&props.on_discard));
    let classes = classes!(
        "msg",
        m.own.then_some("msg--own"),
        (!props.first).then_some("msg--cont"),
        (m.kind == MsgKind::Plain).then_some("msg--plain"),
        (m.kind == MsgKind::Private).then_some("msg--private"),
        (!m.own && mentions(&m.text, &props.me)).then_some("msg--mention"),
    );
    let long = is_long(&m.text);
    if !props.first && !m.own && !long {
        // Most rows of a busy room: the text alone, with the bubble's sizing (message_item.css),
        // one element and layout object fewer per row than inside a bubble.
        return html! {
            <li class={classes}><div class="msg__text">{ text(&m.text, &props.me) }</div></li>
        };
    }
    html! {
        <li class={classes} data-status={status.as_ref().map(|s| s.0)}>
            if props.first {
                <span class={classes!("avatar", hue_class(&m.sender))} aria-hidden="true">
                    { initial(&m.sender) }</span>
            }
            <div class="msg__bubble">
                if props.first {
                    <div class="msg__meta">
                        <span class="msg__sender">{ sender }
                            if m.own { <small>{ format!(" ({})", t.you) }</small> }
                        </span>
                        <time class="msg__time" datetime={iso} title={title}>{ time::hm(m.at) }</time>
                    </div>
                }
                if long {
                    <LongText text={m.text.clone()} me={props.me.clone()} lang={props.lang} />
                } else {
                    <div class="msg__text">{ text(&m.text, &props.me) }</div>
                }
                if let Some((kind, label)) = status.filter(|s| s.0 != "delivered" || props.show_delivered) {
                    <div class={classes!("msg__status", format!("msg__status--{kind}"))}>
                        <span>{ label }</span>
                        if let Some(onclick) = retry {
                            <button class="link-button msg__retry" {onclick}>{ t.retry }</button>
                        }
                        if let Some(onclick) = discard {
                            <button class="link-button msg__discard" {onclick}>{ t.discard }</button>
                        }
                    </div>
                }
            </div>
        </li>
    }
}
