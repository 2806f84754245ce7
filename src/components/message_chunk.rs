//! A run of consecutive rows of the message list, with the day separators and the "New
//! messages" divider that fall among them. The list is cut into runs at fixed message
//! indices, so a new message re-renders only the last run: the others compare equal (a few
//! dozen pointer comparisons) and Yew neither rebuilds nor re-matches their rows.

use super::message_item::MessageItem;
use super::time;
use crate::chat::{Msg, Room};
use crate::days::starts_day;
use crate::i18n::Lang;
use crate::text::starts_group;
use std::rc::Rc;
use yew::prelude::*;

/// Messages `from..to` of a room. Equal when they are the same messages (by pointer) after
/// the same one: what a row shows depends on its message and the one before it.
#[derive(Clone)]
pub struct Span {
    pub room: Rc<Room>,
    pub from: usize,
    pub to: usize,
}

impl Span {
    fn msgs(&self) -> &[Rc<Msg>] {
        &self.room.messages[self.from..self.to]
    }

    fn before(&self) -> Option<&Rc<Msg>> {
        self.from.checked_sub(1).map(|p| &self.room.messages[p])
    }
}

impl PartialEq for Span {
    fn eq(&self, other: &Self) -> bool {
        // Rows without an id are keyed by index, so the indices must match too.
        self.from == other.from
            && self.to == other.to
            && match (self.before(), other.before()) {
                (None, None) => true,
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                _ => false,
            }
            && self
                .msgs()
                .iter()
                .zip(other.msgs())
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

#[derive(Properties, PartialEq)]
pub struct MessageChunkProps {
    pub span: Span,
    /// The divider's index, only when it falls in this span (so moving it elsewhere leaves
    /// this run alone).
    pub divider: Option<usize>,
    /// Index of our latest message, only when it falls in this span.
    pub last_own: Option<usize>,
    /// Today's local day number, for "Today"/"Yesterday".
    pub today: i64,
    pub me: AttrValue,
    pub lang: Lang,
    pub on_retry: Callback<String>,
    pub on_discard: Callback<String>,
}

#[component]
pub fn MessageChunk(props: &MessageChunkProps) -> Html {
    super::render_count::count("MessageChunk");
    let t = props.lang.texts();
    let span = &props.span;
    let mut prev_day = span.before().map(|p| time::local_day(p.at));
    let mut prev = span.before().map(|p| &**p);
    let mut rows = Vec::with_capacity(span.to - span.from + 2);
    for (i, m) in span.msgs().iter().enumerate() {
        let at = span.from + i;
        let day = time::local_day(m.at);
        let new_day = starts_day(prev_day.replace(day), day);
        let divided = props.divider == Some(at);
        if new_day {
            rows.push(html! {
                <li key={format!("day-{day}")} class="msg-day">
                    <span>{ time::day_label(m.at, props.today, t) }</span></li>
            });
        }
        if divided {
            rows.push(html! {
                <li key="divider" class="msg-divider"><span>{ t.unread_divider() }</span></li>
            });
        }
        // clientId first: our message keeps its key when the server's id arrives.
        let key = m
            .client_id
            .clone()
            .or_else(|| m.id.clone())
            .unwrap_or_else(|| format!("n{at}"));
        let grouped = !starts_group(prev.replace(&**m), m);
        let first = new_day || divided || !grouped;
        rows.push(html! {
            <MessageItem {key} msg={m.clone()} me={props.me.clone()} {first}
                on_retry={props.on_retry.clone()} on_discard={props.on_discard.clone()}
                show_delivered={Some(at) == props.last_own} lang={props.lang} />
        });
    }
    html! { <>{ for rows }</> }
}
