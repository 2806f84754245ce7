//! Always-visible connection status, with "retry now" and the panel toggles.

use super::{use_lang, use_texts};
use crate::chat::service::now;
use crate::chat::urls::node_label;
use crate::chat::{use_chat, Connection, Intents};
use gloo_timers::callback::Interval;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct StatusBarProps {
    pub inspector_open: bool,
    pub on_toggle_inspector: Callback<()>,
    pub on_toggle_menu: Callback<()>,
    /// The phone drawer is open (☰ says so to screen readers).
    #[prop_or_default]
    pub menu_open: bool,
}

/// Takes from the chat state only what the bar shows, so [`StatusBarView`] is not
/// re-rendered by messages.
#[component]
pub fn StatusBar(props: &StatusBarProps) -> Html {
    super::render_count::count("StatusBar");
    let chat = use_chat();
    html! {
        <StatusBarView bar={props.clone()} connection={chat.connection.clone()}
            me={AttrValue::from(chat.me.clone())} intents={chat.intents()} />
    }
}

#[derive(Properties, PartialEq)]
struct StatusBarViewProps {
    bar: StatusBarProps,
    connection: Connection,
    me: AttrValue,
    intents: Intents,
}

#[component]
fn StatusBarView(view: &StatusBarViewProps) -> Html {
    super::render_count::count("StatusBarView");
    let props = &view.bar;
    let chat = &view.intents;
    let t = use_texts();
    let lang = use_lang();
    let redraw = use_force_update();
    let reconnecting = matches!(view.connection, Connection::Reconnecting { .. });
    // The countdown needs a redraw every second, only while it shows.
    use_effect_with(reconnecting, move |on| {
        let tick = on.then(|| Interval::new(500, move || redraw.force_update()));
        move || drop(tick)
    });
    // The live region's words stay put while retrying: a screen reader hears "Connection
    // lost" once, not a new countdown every second. The countdown is shown beside it.
    let mut countdown = None;
    // With several broker URLs: the one in use, short, with the whole URL as its tooltip.
    let mut on_node: Option<String> = None;
    let (kind, text, detail) = match &view.connection {
        Connection::Offline => ("off", String::new(), None),
        Connection::Connecting { .. } => ("busy", t.connecting.to_owned(), None),
        Connection::Connected {
            version,
            heart_beat,
            node,
            ..
        } => {
            on_node = node.clone();
            (
                "ok",
                t.connected.to_owned(),
                Some(t.connected_detail(version, *heart_beat)),
            )
        }
        Connection::Reconnecting {
            retry_at, reason, ..
        } => {
            let secs = ((retry_at - now()).max(0) + 999) / 1000;
            countdown = Some(t.retrying(secs));
            // "Connection lost" would be false for a server this client never reached.
            if reason.never_connected() {
                ("warn", t.reason(reason), None)
            } else {
                (
                    "warn",
                    t.connection_lost().to_owned(),
                    Some(t.reason(reason)),
                )
            }
        }
        Connection::Failed { reason } => ("bad", t.reason(reason), None),
    };
    let retry = {
        let chat = chat.clone();
        Callback::from(move |_| chat.retry_now())
    };
    let disconnect = {
        let chat = chat.clone();
        Callback::from(move |_| {
            super::session::signed_out();
            chat.disconnect()
        })
    };
    let switch = {
        let (set, other) = (lang.set.clone(), lang.lang.other());
        Callback::from(move |_| set.emit(other))
    };
    let toggle = props.on_toggle_inspector.reform(|_: MouseEvent| ());
    let menu = props.on_toggle_menu.reform(|_: MouseEvent| ());
    html! {
        <header class={classes!("status", format!("status--{kind}"))}>
            <button class="status__menu icon-button" aria-label={t.menu} aria-controls="sidebar"
                aria-expanded={props.menu_open.to_string()} onclick={menu}>{"☰"}</button>
            <div class="status__state" role="status" aria-live="polite">
                <span class="status__dot" aria-hidden="true"></span>
                <span class="status__text">{ text }</span>
                if let Some(url) = &on_node {
                    <span id="status-node" class="status__node" title={url.clone()}>
                        { t.on_node(node_label(url)) }</span>
                }
                if let Some(d) = detail {
                    <span class="status__detail">{ d }</span>
                }
            </div>
            if let Some(c) = countdown {
                <span class="status__countdown">{ c }</span>
            }
            if reconnecting {
                <button id="retry-now" class="button button--small" onclick={retry}>{ t.retry_now }</button>
            }
            <div class="status__actions">
                <span class="status__me">{ view.me.clone() }</span>
                <super::notifier::NotifyToggle />
                <button id="toggle-inspector" class="button button--small" aria-pressed={props.inspector_open.to_string()}
                    onclick={toggle}>{ t.inspector }</button>
                <button class="button button--small" onclick={switch} lang={lang.lang.other().tag()}>
                    { t.switch_lang }</button>
                <button id="disconnect" class="button button--small" onclick={disconnect}>{ t.disconnect }</button>
            </div>
        </header>
    }
}
