//! The connect screen: server, profile, nickname, optional credentials.

use super::boot_handoff::{self, Handoff};
use super::{use_lang, use_texts};
use crate::chat::profile::{ProfileKind, Templates};
use crate::chat::urls::{join_urls, parse_urls};
use crate::chat::{storage, use_chat, Connection, Reason};
use crate::effect::{use_flag_effect, use_mount};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A parameter of the page's query string (`?server=…&profile=spring-tutorial`).
fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}

/// `?server=` wins (one URL, or several separated by commas), then the last URL used, then
/// this page's own `/ws`.
fn default_url(saved: &str) -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return saved.to_owned();
    };
    if let Some(p) = query("server") {
        return p;
    }
    if !saved.is_empty() {
        return saved.to_owned();
    }
    let scheme = if loc.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}/ws", loc.host().unwrap_or_default())
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The app's mark, as in index.html. Static markup as one string (the browser parses it)
/// rather than html!'s code per element and attribute.
fn logo() -> Html {
    Html::from_html_unchecked(AttrValue::Static(
        r#"<svg class="connect__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M5 6h22a3 3 0 0 1 3 3v13a3 3 0 0 1-3 3H14l-7 5v-5H5a3 3 0 0 1-3-3V9a3 3 0 0 1 3-3z"/></svg>"#,
    ))
}

/// A labelled field of the form. One function, not the same two elements' html! code at each
/// field (the form's view is the largest in the module).
#[inline(never)]
fn labelled(label: Html, input: Html) -> Html {
    html! {
        <label class="connect__field">
            <span>{ label }</span>
            { input }
        </label>
    }
}

#[component]
pub fn ConnectForm() -> Html {
    super::render_count::count("ConnectForm");
    let chat = use_chat();
    let t = use_texts();
    let lang = use_lang();
    let saved = use_memo((), |_| storage::load_settings());
    // index.html's form as the person left it, when this is the app's first screen.
    let early = use_memo((), |_| boot_handoff::take());
    let from_early = |f: fn(&Handoff) -> String, or: String| early.as_ref().as_ref().map_or(or, f);
    let url = use_state(|| from_early(|h| h.url.clone(), default_url(&saved.url)));
    let profile = use_state(|| {
        let early = early.as_ref().as_ref();
        early
            .and_then(|h| ProfileKind::from_id(&h.profile))
            .or_else(|| query("profile").and_then(|p| ProfileKind::from_id(&p)))
            .unwrap_or(saved.profile)
    });
    let custom = use_state(|| {
        saved
            .custom
            .clone()
            .unwrap_or_else(|| ProfileKind::Custom.templates())
    });
    let nickname = use_state(|| from_early(|h| h.nickname.clone(), saved.nickname.clone()));
    let login = use_state(|| from_early(|h| h.login.clone(), saved.login.clone()));
    let passcode = use_state(|| from_early(|h| h.passcode.clone(), String::new()));
    let error = use_state(|| None::<&'static str>);
    let url_error = use_state(|| None::<String>);
    // Closed unless the server is not the usual one: a link with ?server=, a URL saved from
    // last time that is not this page's own, or a connection that just failed.
    let server_open = use_state(|| {
        early.as_ref().as_ref().is_some_and(|h| h.server_open)
            || query("server").is_some()
            || (!saved.url.is_empty() && saved.url != default_url(""))
            || matches!(chat.connection, Connection::Failed { ref reason }
                if !matches!(reason, Reason::NicknameTaken { .. }))
    });
    let nick_ref = use_node_ref();
    {
        // Focus where it was in index.html's form (caret included), else on the nickname.
        let (nick_ref, early) = (nick_ref.clone(), early.clone());
        use_mount(Box::new(move || {
            let doc = web_sys::window().and_then(|w| w.document());
            let restored = match (early.as_ref(), doc) {
                (Some(Handoff { focus: Some(f), .. }), Some(doc)) => {
                    boot_handoff::restore_focus(&doc, f)
                }
                _ => false,
            };
            if !restored {
                if let Some(input) = nick_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        }));
    }
    {
        // A failure is nearly always about the server: show its settings with the error.
        let server_open = server_open.clone();
        let failed = matches!(chat.connection, Connection::Failed { ref reason }
            if !matches!(reason, Reason::NicknameTaken { .. }));
        use_flag_effect(
            failed,
            Box::new(move |failed| {
                if failed {
                    server_open.set(true);
                }
            }),
        );
    }

    let bind = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(input_value(&e)))
    };
    let on_profile = {
        let profile = profile.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            profile.set(ProfileKind::from_id(&v).unwrap_or_default());
        })
    };
    // Connects as `nick` with the form as it stands (Connect, or the nickname offered
    // instead of a taken one).
    let connect_as = {
        let (chat, url, profile, custom) =
            (chat.clone(), url.clone(), profile.clone(), custom.clone());
        let (nickname, login, passcode, error) = (
            nickname.clone(),
            login.clone(),
            passcode.clone(),
            error.clone(),
        );
        let (url_error, server_open) = (url_error.clone(), server_open.clone());
        let saved = saved.clone();
        Callback::from(move |nick: String| {
            let nick = nick.trim().to_owned();
            if nick.is_empty() {
                error.set(Some(t.nickname_needed));
                return;
            }
            error.set(None);
            nickname.set(nick.clone());
            let urls = match parse_urls(&url) {
                Ok(urls) => urls,
                Err(e) => {
                    url_error.set(Some(t.urls_error(&e)));
                    server_open.set(true);
                    return;
                }
            };
            url_error.set(None);
            let mut s = (*saved).clone();
            s.url = join_urls(&urls);
            s.profile = *profile;
            s.custom = Some((*custom).clone());
            s.nickname = nick;
            s.login = login.trim().to_owned();
            super::session::start(&chat, s, &passcode);
        })
    };
    {
        // Connect was pressed before the app had started: do it now, with the form as it was.
        let (connect_as, nickname) = (connect_as.clone(), nickname.clone());
        let pressed = early.as_ref().as_ref().is_some_and(|h| h.connect);
        use_mount(Box::new(move || {
            if pressed {
                connect_as.emit((*nickname).clone());
            }
        }));
    }
    let onsubmit = {
        let (connect_as, nickname) = (connect_as.clone(), nickname.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            connect_as.emit((*nickname).clone());
        })
    };
    let taken = match &chat.connection {
        Connection::Failed {
            reason: Reason::NicknameTaken { free, .. },
        } => Some(free.clone()),
        _ => None,
    };
    let failed = match &chat.connection {
        Connection::Failed { reason } => Some(t.reason(reason)),
        _ => None,
    };
    let switch = {
        let (set, other) = (lang.set.clone(), lang.lang.other());
        Callback::from(move |_| set.emit(other))
    };
    let template_field =
        |label: &'static str, value: String, field: fn(&mut Templates) -> &mut String| {
            let custom = custom.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let mut c = (*custom).clone();
                *field(&mut c) = input_value(&e);
                custom.set(c);
            });
            labelled(
                html! { label },
                html! { <input type="text" spellcheck="false" {value} {oninput} /> },
            )
        };
    let flag = |label: &'static str, checked: bool, field: fn(&mut Templates) -> &mut bool| {
        let custom = custom.clone();
        let onchange = Callback::from(move |e: Event| {
            let mut c = (*custom).clone();
            *field(&mut c) = e.target_unchecked_into::<HtmlInputElement>().checked();
            custom.set(c);
        });
        html! {
            <label class="connect__check">
                <input type="checkbox" {checked} {onchange} />
                <span>{ label }</span>
            </label>
        }
    };
    let kb_field = |label: &'static str, value: usize, field: fn(&mut Templates) -> &mut usize| {
        let custom = custom.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut c = (*custom).clone();
            *field(&mut c) = input_value(&e).trim().parse::<usize>().unwrap_or(0) * 1024;
            custom.set(c);
        });
        labelled(
            html! { label },
            html! { <input type="number" min="0" step="1" value={(value / 1024).to_string()} {oninput} /> },
        )
    };
    let c = (*custom).clone();
    let busy = matches!(chat.connection, Connection::Connecting { .. });
    let templates = match *profile {
        ProfileKind::Custom => c.clone(),
        p => p.templates(),
    };
    let joins = templates.rooms_to_join(&saved.rooms);
    let on_server_toggle = {
        let server_open = server_open.clone();
        Callback::from(move |e: Event| {
            let open = e.target_unchecked_into::<Element>().has_attribute("open");
            if open != *server_open {
                server_open.set(open);
            }
        })
    };
    html! {
        <main class="connect">
            { logo() }
            <form class="connect__card" {onsubmit} aria-labelledby="connect-title">
                <div class="connect__head">
                    <h1 id="connect-title" class="connect__title">{ t.app_title }</h1>
                    <button type="button" class="link-button" onclick={switch}
                        lang={lang.lang.other().tag()}>{ t.switch_lang }</button>
                </div>
                <p class="connect__tagline">{ t.app_tagline }</p>
                if let Some(reason) = failed {
                    <div class="connect__failed">
                        <p id="connect-failed" class="connect__error" role="alert">{ reason }</p>
                        if let Some(free) = taken.clone() {
                            <button id="connect-free-nick" class="button button--small" type="button"
                                onclick={connect_as.reform(move |_: MouseEvent| free.clone())}>
                                { t.use_nickname(taken.as_deref().unwrap_or_default()) }</button>
                        } else {
                            // Connects again with the form as it stands: after fixing the server or the URL.
                            <button id="connect-retry" class="button button--small" type="submit">{ t.retry }</button>
                        }
                    </div>
                }
                { labelled(html! { t.nickname }, html! {
                    <input id="nickname" ref={nick_ref} type="text" autocomplete="nickname" maxlength="32"
                        value={(*nickname).clone()} oninput={bind(&nickname)}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={if error.is_some() { "nick-error connect-joins" } else { "connect-joins" }} />
                }) }
                if let Some(e) = *error {
                    <p id="nick-error" class="connect__error" role="alert">{ e }</p>
                }
                <p id="connect-joins" class="connect__joins">{ t.will_join(&joins) }</p>
                <details class="connect__server" open={*server_open} ontoggle={on_server_toggle}>
                    <summary class="connect__summary">
                        <span class="connect__summary-label">{ t.server_section() }</span>
                        <span id="server-choice" class="connect__summary-choice">
                            { url.trim().to_owned() }{ " · " }
                            <span class="connect__summary-profile">{ t.profile_short(*profile) }</span>
                        </span>
                    </summary>
                    <div class="connect__server-body">
                        // Text, not type=url: the field may hold several URLs.
                        { labelled(html! { t.server_url }, html! {
                            <input id="server-url" type="text" inputmode="url" required=true spellcheck="false"
                                autocapitalize="off" aria-describedby="server-url-hint"
                                aria-invalid={url_error.is_some().then_some("true")}
                                value={(*url).clone()} oninput={bind(&url)} />
                        }) }
                        if let Some(e) = &*url_error {
                            <p id="server-url-error" class="connect__error" role="alert">{ e.clone() }</p>
                        }
                        <p id="server-url-hint" class="connect__hint">{ t.server_urls_hint() }</p>
                        { labelled(html! { t.profile }, html! {
                            <select id="profile" onchange={on_profile}>
                                { for ProfileKind::ALL.iter().map(|p| {
                                    let name = match p {
                                        ProfileKind::DevBroker => t.profile_devbroker,
                                        ProfileKind::SpringTutorial => t.profile_spring_tutorial,
                                        ProfileKind::SpringSimple => t.profile_spring_simple,
                                        ProfileKind::Plain => t.profile_plain,
                                        ProfileKind::RabbitStream => t.profile_rabbit_stream(),
                                        ProfileKind::Custom => t.profile_custom,
                                    };
                                    html! { <option value={p.id()} selected={*p == *profile}>{ name }</option> }
                                }) }
                            </select>
                        }) }
                        if *profile == ProfileKind::Custom {
                            <fieldset class="connect__templates">
                                <legend>{ t.destinations }</legend>
                                <p class="connect__hint">{ t.templates_hint }</p>
                                { template_field(t.t_publish, c.publish.clone(), |c| &mut c.publish) }
                                { template_field(t.t_subscribe, c.subscribe.clone(), |c| &mut c.subscribe) }
                                { template_field(t.t_join, c.join.clone(), |c| &mut c.join) }
                                { template_field(t.t_leave, c.leave.clone(), |c| &mut c.leave) }
                                { template_field(t.t_typing, c.typing.clone(), |c| &mut c.typing) }
                                { template_field(t.t_history, c.history.clone(), |c| &mut c.history) }
                                { template_field(t.t_private_send, c.private_send.clone(), |c| &mut c.private_send) }
                                { template_field(t.t_private_subscribe, c.private_subscribe.clone(), |c| &mut c.private_subscribe) }
                                { template_field(t.t_errors, c.errors.clone(), |c| &mut c.errors) }
                                { flag(t.t_server_stamps, c.server_stamps, |c| &mut c.server_stamps) }
                                { flag(t.t_receipts, c.receipts, |c| &mut c.receipts) }
                                { flag(t.t_echo_ids, c.echo_ids, |c| &mut c.echo_ids) }
                                { kb_field(t.t_max_frame, c.max_frame, |c| &mut c.max_frame) }
                                { kb_field(t.t_ws_split, c.ws_split, |c| &mut c.ws_split) }
                            </fieldset>
                        }
                        <div class="connect__row">
                            { labelled(html! { <>{ t.login }<small>{ format!(" ({})", t.optional) }</small></> }, html! {
                                <input id="login" type="text" autocomplete="username"
                                    value={(*login).clone()} oninput={bind(&login)} />
                            }) }
                            { labelled(html! { <>{ t.passcode }<small>{ format!(" ({})", t.optional) }</small></> }, html! {
                                <input id="passcode" type="password" autocomplete="current-password"
                                    value={(*passcode).clone()} oninput={bind(&passcode)} />
                            }) }
                        </div>
                    </div>
                </details>
                <button id="connect" class="button button--primary" type="submit" disabled={busy}>
                    { if busy { t.connecting } else { t.connect } }
                </button>
            </form>
        </main>
    }
}
