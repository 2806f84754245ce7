//! The messages of the room in view: windowed (only the newest few hundred are in the DOM,
//! more on request; fewer while the reader is at the newest), sticks to the bottom, and offers
//! a jump when new ones arrive above.

use super::message_chunk::{MessageChunk, Span};
use super::scroll_keep::{self, Anchor};
use super::time;
use super::use_lang;
use crate::chat::{use_chat, Room, RoomKey};
use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// Messages rendered at first, and added per "show earlier".
pub const WINDOW: usize = 150;
/// The window's start is a multiple of this: it holds WINDOW to WINDOW + STEP - 1 rows.
pub const STEP: usize = 50;
/// Messages kept while the list is stuck to its newest and the reader has not asked for
/// earlier ones: BOTTOM_WINDOW to BOTTOM_WINDOW + STEP - 1 rows. Each frame's prepaint, paint,
/// layerize and commit grow with the rows in the DOM (a third less with 50-99 than 150-199 at
/// 250 msg/s); scrolling up brings back the full window at once.
pub const BOTTOM_WINDOW: usize = 50;

fn at_bottom(el: &Element) -> bool {
    el.scroll_height() - el.scroll_top() - el.client_height() < 48
}

/// Milliseconds until the next local midnight (a second past it, so the day has turned).
fn ms_to_midnight() -> u32 {
    let now = js_sys::Date::new_0();
    let next = js_sys::Date::new_0();
    next.set_hours(24);
    next.set_minutes(0);
    next.set_seconds(1);
    next.set_milliseconds(0);
    (next.get_time() - now.get_time()).clamp(1_000.0, 86_401_000.0) as u32
}

/// Scrolls the list so the "New messages" divider is near its top.
fn scroll_to_divider(list: &Element) {
    if let Ok(Some(d)) = list.query_selector(".msg-divider") {
        let top = d.get_bounding_client_rect().top() - list.get_bounding_client_rect().top();
        list.set_scroll_top(list.scroll_top() + top as i32 - 8);
    }
}

/// A room compared by pointer: state updates that leave the room alone (frames, other
/// rooms, typing elsewhere) then skip re-rendering its rows entirely.
#[derive(Clone)]
pub struct RoomRef(pub Rc<Room>);

impl PartialEq for RoomRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// How the list follows its scroll, beyond the reader's place (`stick`). One cell for all of it.
#[derive(Default)]
struct Pin {
    /// Where the list was last scrolled to, by us or the reader: see `onscroll`.
    last_top: i32,
    /// Rows left the top while pinned: the browser may then lower scrollTop to its new maximum
    /// (a scroll up in numbers, not by the reader), and rows added since keep it off the bottom.
    trimmed: bool,
    /// The room and first message of the window last rendered.
    last_start: Option<(RoomKey, usize)>,
    /// The row in view before rows above it change (browsers without scroll anchoring).
    anchor: Option<Anchor>,
}

#[component]
pub fn MessageList() -> Html {
    super::render_count::count("MessageList");
    let chat = use_chat();
    // Stable across renders, so neither the rows nor the list re-render for it.
    let on_retry = use_callback(chat.intents(), |cid: String, intents| intents.retry(&cid));
    let on_discard = use_callback(chat.intents(), |cid: String, intents| intents.discard(&cid));
    match chat.active_room_rc() {
        Some(room) => {
            html! { <MessageRows room={RoomRef(room.clone())} me={AttrValue::from(chat.me.clone())} {on_retry} {on_discard} /> }
        }
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct MessageRowsProps {
    pub room: RoomRef,
    pub me: AttrValue,
    pub on_retry: Callback<String>,
    pub on_discard: Callback<String>,
}

#[component]
pub fn MessageRows(props: &MessageRowsProps) -> Html {
    super::render_count::count("MessageRows");
    let lang = use_lang().lang;
    let t = lang.texts();
    let list = use_node_ref();
    let shown = use_state(|| WINDOW);
    let stick = use_mut_ref(|| true);
    let seen = use_mut_ref(|| 0usize);
    let redraw = use_force_update();
    let room = &props.room.0;
    let key = room.key.clone();
    let len = room.messages.len();
    let divider = room.divider;
    {
        // A room opens at its newest message, or at its first unread one.
        let (shown, stick, seen, list) = (shown.clone(), stick.clone(), seen.clone(), list.clone());
        let redraw = redraw.clone();
        let frame = use_mut_ref(|| None::<AnimationFrame>);
        use_effect_with(key.clone(), move |_| {
            shown.set(WINDOW);
            *stick.borrow_mut() = divider.is_none();
            if let Some(d) = divider {
                // What lies below the divider counts as new for the jump button.
                *seen.borrow_mut() = d;
                *frame.borrow_mut() = Some(request_animation_frame(move |_| {
                    if let Some(el) = list.cast::<Element>() {
                        scroll_to_divider(&el);
                        if at_bottom(&el) {
                            // All of it fits: nothing below to jump to.
                            *stick.borrow_mut() = true;
                            *seen.borrow_mut() = len;
                            redraw.force_update();
                        }
                    }
                }));
            }
        });
    }
    // Reading scrollHeight forces a layout: do it at most once per frame, not per message,
    // or a burst of messages spends its time in layout.
    let frame = use_mut_ref(|| None::<AnimationFrame>);
    let scheduled = use_mut_ref(|| false);
    let pin = use_mut_ref(Pin::default);
    {
        let (list, stick, seen) = (list.clone(), stick.clone(), seen.clone());
        let pin = pin.clone();
        use_effect_with((key, len), move |(_, len)| {
            if *stick.borrow() {
                *seen.borrow_mut() = *len;
                if !*scheduled.borrow() {
                    *scheduled.borrow_mut() = true;
                    let done = scheduled.clone();
                    // Replacing the handle drops the previous, already-run frame (never the
                    // one running, which would drop its closure mid-call).
                    *frame.borrow_mut() = Some(request_animation_frame(move |_| {
                        *done.borrow_mut() = false;
                        if let Some(el) = list.cast::<Element>() {
                            el.set_scroll_top(el.scroll_height());
                            let mut pin = pin.borrow_mut();
                            pin.last_top = el.scroll_top();
                            pin.trimmed = false;
                        }
                    }));
                }
            }
        });
    }
    let onscroll = {
        let (list, stick, seen, redraw) =
            (list.clone(), stick.clone(), seen.clone(), redraw.clone());
        let (shown, pin) = (shown.clone(), pin.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<Element>() {
                // Only a scroll up lets go of the bottom. The scroll event of our own scroll to
                // the newest comes a frame later, when a burst may have added rows below it
                // again: that is not the reader leaving (and the full window would come back
                // for a frame, to go again on the next).
                let top = el.scroll_top();
                let (up, trim) = {
                    let mut pin = pin.borrow_mut();
                    let up = top < std::mem::replace(&mut pin.last_top, top);
                    (up, std::mem::take(&mut pin.trimmed))
                };
                let bottom = at_bottom(&el) || (*stick.borrow() && (!up || trim));
                let was = std::mem::replace(&mut *stick.borrow_mut(), bottom);
                let caught_up = bottom && std::mem::replace(&mut *seen.borrow_mut(), len) != len;
                if bottom && !was && *shown != WINDOW {
                    // Back at the newest: what "show earlier" added goes with the short window.
                    shown.set(WINDOW);
                } else if was != bottom || caught_up {
                    redraw.force_update();
                }
            }
        })
    };
    let jump = {
        let (list, stick, seen, redraw) =
            (list.clone(), stick.clone(), seen.clone(), redraw.clone());
        let (pin, shown) = (pin.clone(), shown.clone());
        Callback::from(move |_| {
            if let Some(el) = list.cast::<Element>() {
                *stick.borrow_mut() = true;
                *seen.borrow_mut() = len;
                el.set_scroll_top(el.scroll_height());
                pin.borrow_mut().last_top = el.scroll_top();
                if *shown != WINDOW {
                    shown.set(WINDOW);
                } else {
                    redraw.force_update();
                }
            }
        })
    };
    let earlier = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + WINDOW))
    };
    let (retry, discard) = (props.on_retry.clone(), props.on_discard.clone());
    // The window reaches back to the divider, with a little of what came before it. Its
    // first row moves only every STEP messages: a new message then only appends a row, where
    // a window sliding by one dropped a row at the top each time, and Yew re-matched every
    // row of the list by key and the browser laid out every row again.
    let stuck = *stick.borrow();
    let want = if stuck && *shown == WINDOW {
        BOTTOM_WINDOW
    } else {
        *shown
    };
    let start = (len.saturating_sub(want) / STEP * STEP)
        .min(divider.map_or(usize::MAX, |d| d.saturating_sub(5)));
    {
        // The window's first row moved (same room): rows left or joined the top.
        let mut p = pin.borrow_mut();
        let was = (p.last_start)
            .replace((room.key.clone(), start))
            .filter(|b| b.0 == room.key && b.1 != start)
            .map(|b| b.1);
        match was {
            Some(was) if stuck => p.trimmed |= was < start,
            // Above a reader who is not at the bottom: where the browser does not keep the
            // view itself, note the row in view now and put it back after.
            Some(_) if !scroll_keep::native() => {
                p.anchor = list
                    .cast::<Element>()
                    .and_then(|el| scroll_keep::capture(&el));
            }
            _ => {}
        }
        drop(p);
        let (list, pin) = (list.clone(), pin.clone());
        use_effect(move || {
            let anchor = pin.borrow_mut().anchor.take();
            if let (Some(a), Some(el)) = (anchor, list.cast::<Element>()) {
                a.restore(&el);
            }
        });
    }
    let today = time::local_day(js_sys::Date::now() as i64);
    {
        // "Today" becomes "Yesterday" at local midnight even if nothing arrives to redraw.
        let redraw = redraw.clone();
        use_effect_with(today, move |_| {
            let timer = Timeout::new(ms_to_midnight(), move || redraw.force_update());
            move || drop(timer)
        });
    }
    let unseen = len.saturating_sub(*seen.borrow());
    // Only the window is searched: a row outside it is not drawn anyway.
    let last_own = room.messages[start..]
        .iter()
        .rposition(|m| m.own)
        .map(|i| start + i);
    // One flat list in runs cut at fixed indices (message_chunk.rs): day separators and the
    // divider sit between the messages.
    let within = |x: Option<usize>, from: usize, to: usize| x.filter(|&i| (from..to).contains(&i));
    let mut chunks = Vec::with_capacity((len - start) / STEP + 2);
    let mut from = start;
    while from < len {
        let to = ((from / STEP + 1) * STEP).min(len);
        let span = Span {
            room: room.clone(),
            from,
            to,
        };
        chunks.push(html! {
            <MessageChunk key={from} {span} divider={within(divider, from, to)}
                last_own={within(last_own, from, to)} {today} me={props.me.clone()} {lang}
                on_retry={retry.clone()} on_discard={discard.clone()} />
        });
        from = to;
    }
    let typing = t.typing(&room.typing_names());
    html! {
        <div class="messages">
            // Pinned to the newest, the list scrolls itself: the browser's scroll anchoring
            // (which would move the view as rows leave the top) is off while it is.
            <div class={classes!("messages__scroll", stuck.then_some("messages__scroll--pinned"))}
                ref={list} {onscroll} tabindex="0">
                if start > 0 {
                    <button class="messages__earlier link-button" onclick={earlier}>{ t.earlier }</button>
                }
                if len == 0 {
                    <p class="messages__empty">{ t.no_messages }</p>
                }
                // The log role on a wrapper: on the <ol> itself it would strip the list semantics.
                <div role="log" aria-live="polite" aria-relevant="additions"
                    aria-label={room.key.to_string()}>
                <ol class="messages__list">
                    { for chunks }
                </ol>
                </div>
            </div>
            if !*stick.borrow() && unseen > 0 {
                <button class="messages__jump button button--primary button--small" onclick={jump}>
                    { t.new_messages(unseen as u32) }</button>
            }
            <p class="messages__typing" aria-live="polite">{ typing }</p>
        </div>
    }
}
