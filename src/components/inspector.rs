//! The frame inspector: every STOMP frame in and out, filterable, pausable, copyable.

use super::time;
use super::use_texts;
use crate::chat::frames_export::json_lines;
use crate::chat::{use_chat, Dir, FrameEntry};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows rendered at most; the log itself keeps more.
const ROWS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub on_close: Callback<()>,
}

fn copy(text: String) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&text);
    }
}

/// Saves `text` as a file through a temporary object URL.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/x-ndjson");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = link {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Not at once: the download may still be reading it.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

#[derive(Properties, PartialEq)]
struct RowProps {
    entry: Rc<FrameEntry>,
    open: bool,
    on_toggle: Callback<u64>,
}

#[component]
fn Row(props: &RowProps) -> Html {
    super::render_count::count("Row");
    let t = use_texts();
    let e = &props.entry;
    let dir = match e.dir {
        Dir::In => ("in", "←", t.dir_in),
        Dir::Out => ("out", "→", t.dir_out),
    };
    let summary = if e.is_heartbeat() {
        format!("♥ {} ×{}", t.heart_beat, e.beats)
    } else {
        e.header("destination")
            .or(e.header("message"))
            .or(e.header("receipt-id"))
            .unwrap_or("")
            .to_owned()
    };
    let toggle = {
        let (cb, seq) = (props.on_toggle.clone(), e.seq);
        Callback::from(move |_| cb.emit(seq))
    };
    let on_copy = {
        let text = e.to_text();
        Callback::from(move |_| copy(text.clone()))
    };
    html! {
        <li class={classes!("frame", format!("frame--{}", dir.0), e.is_heartbeat().then_some("frame--beat"))}>
            <button class="frame__row" onclick={toggle} aria-expanded={props.open.to_string()}
                disabled={e.is_heartbeat()}>
                <span class="frame__time">{ time::hms_ms(e.at) }</span>
                <span class="frame__dir" title={dir.2}><span aria-hidden="true">{ dir.1 }</span>
                    <span class="visually-hidden">{ dir.2 }</span></span>
                <span class="frame__cmd">{ &e.command }</span>
                <span class="frame__summary">{ summary }</span>
                <span class="frame__size">{ t.bytes(e.wire_bytes()) }</span>
            </button>
            if props.open {
                <div class="frame__detail">
                    <table class="frame__headers">
                        { for e.headers.iter().map(|(k, v)| html! {
                            <tr><th scope="row">{ k }</th><td>{ v }</td></tr>
                        }) }
                    </table>
                    if !e.body.is_empty() {
                        <pre class="frame__body">{ e.pretty_body().unwrap_or_else(|| e.body.clone()) }</pre>
                    }
                    <button class="button button--small" onclick={on_copy}>{ t.copy }</button>
                </div>
            }
        </li>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    super::render_count::count("Inspector");
    let chat = use_chat();
    let t = use_texts();
    let filter = use_state(String::new);
    let open = use_state(|| None::<u64>);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let paused = chat.frames.paused;
    let pause = {
        let chat = chat.clone();
        Callback::from(move |_| chat.pause_frames(!paused))
    };
    let clear = {
        let chat = chat.clone();
        Callback::from(move |_| chat.clear_frames())
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |seq: u64| open.set(if *open == Some(seq) { None } else { Some(seq) }))
    };
    let export = {
        let chat = chat.clone();
        Callback::from(move |_| {
            let lines = json_lines(chat.frames.entries().map(|e| &**e));
            download("stomp-frames.jsonl", &lines);
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows: Vec<_> = chat
        .frames
        .entries()
        .rev()
        .filter(|e| e.matches(&filter))
        .take(ROWS)
        .cloned()
        .collect();
    html! {
        <section class="inspector" aria-label={t.inspector}>
            <div class="inspector__bar">
                <h2 class="inspector__title">{ t.inspector }</h2>
                <label class="visually-hidden" for="frame-filter">{ t.filter }</label>
                <input id="frame-filter" type="search" placeholder={t.filter} value={(*filter).clone()} {oninput} />
                <button class="button button--small" onclick={pause} aria-pressed={paused.to_string()}>
                    { if paused { t.resume } else { t.pause } }</button>
                <button class="button button--small" onclick={clear}>{ t.clear }</button>
                // The hint as a title (the accessible description): a label must contain the visible text.
                <button class="button button--small" onclick={export} title={t.export_log_hint()}>
                    { t.export_log() }</button>
                <button class="icon-button" onclick={close} aria-label={t.close} title={t.close}>{"×"}</button>
            </div>
            if paused {
                <p class="inspector__paused">{ t.skipped(chat.frames.skipped) }</p>
            }
            <ol class="inspector__list">
                { for rows.into_iter().map(|e| {
                    let seq = e.seq;
                    html! {
                        <Row key={seq} open={*open == Some(seq)} on_toggle={on_toggle.clone()} entry={e} />
                    }
                }) }
            </ol>
        </section>
    }
}
