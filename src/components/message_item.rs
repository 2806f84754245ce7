//! One message: avatar, sender, local time, text with links as anchors, delivery state.
//! Text only ever becomes text nodes or `<a>` elements built here: no HTML from a message.

use super::time;
use super::use_texts;
use crate::chat::{Delivery, Msg, MsgKind};
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
}

fn text(t: &str) -> Html {
    html! {
        { for linkify(t).into_iter().map(|s| match s {
            Segment::Text(s) => html! { { s } },
            Segment::Link(url) => html! {
                <a href={url.to_owned()} target="_blank" rel="noopener noreferrer nofollow">{ url }</a>
            },
        }) }
    }
}

#[component]
pub fn MessageItem(props: &MessageItemProps) -> Html {
    let t = use_texts();
    let m = &props.msg;
    let (title, iso) = time::full(m.at);
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
        Delivery::Pending => ("pending", t.st_pending.to_owned()),
        Delivery::Sent => ("sent", t.st_sent.to_owned()),
        Delivery::Delivered | Delivery::Received => ("delivered", t.st_delivered.to_owned()),
        Delivery::Failed(why) => ("failed", format!("{}: {why}", t.st_failed)),
    });
    let retry = match (&m.delivery, &m.client_id) {
        (Delivery::Failed(_), Some(cid)) => {
            let (cb, cid) = (props.on_retry.clone(), cid.clone());
            Some(Callback::from(move |_| cb.emit(cid.clone())))
        }
        _ => None,
    };
    let classes = classes!(
        "msg",
        m.own.then_some("msg--own"),
        (!props.first).then_some("msg--cont"),
        (m.kind == MsgKind::Plain).then_some("msg--plain"),
        (m.kind == MsgKind::Private).then_some("msg--private"),
    );
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
                <div class="msg__text">{ text(&m.text) }</div>
                if let Some((kind, label)) = status {
                    <div class={classes!("msg__status", format!("msg__status--{kind}"))}>
                        <span>{ label }</span>
                        if let Some(onclick) = retry {
                            <button class="link-button" {onclick}>{ t.retry }</button>
                        }
                    </div>
                }
            </div>
        </li>
    }
}
