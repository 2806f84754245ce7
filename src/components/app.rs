//! The root: language, chat provider, and the connect screen or the chat.

use super::chat_view::ChatView;
use super::connect_form::ConnectForm;
use super::notices::Notices;
use super::notifier::use_notifier;
use super::reconnecting::reconnecting;
use super::session::{self, use_keep_session};
use super::tab_badge::use_tab_badge;
use crate::chat::{storage, use_chat, ChatProvider, Connection};
use crate::effect::{use_flag_effect, use_mount};
use crate::i18n::{Lang, Texts};
use yew::prelude::*;

/// The language in use and a way to switch it.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    pub lang: Lang,
    pub set: Callback<Lang>,
}

#[hook]
pub fn use_lang() -> LangContext {
    use_context::<LangContext>().unwrap_or_else(|| LangContext {
        lang: Lang::En,
        set: Callback::noop(),
    })
}

#[hook]
pub fn use_texts() -> &'static Texts {
    use_lang().lang.texts()
}

fn browser_lang() -> Lang {
    let saved = storage::load_settings().lang;
    saved.unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map(|t| Lang::from_tag(&t))
            .unwrap_or_default()
    })
}

#[component]
pub fn App() -> Html {
    super::render_count::count("App");
    let lang = use_state(browser_lang);
    {
        let lang = *lang;
        use_effect_with(lang, move |_| {
            if let Some(el) = gloo_utils_document().document_element() {
                let _ = el.set_attribute("lang", lang.tag());
            }
        });
    }
    let set = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            let mut s = storage::load_settings();
            s.lang = Some(l);
            storage::save_settings(&s);
            lang.set(l);
        })
    };
    // index.html's own form (boot/boot.js) is gone once the app has drawn; mounting on <body>
    // already clears it, this keeps it so should the app ever mount elsewhere.
    use_mount(Box::new(|| {
        if let Some(boot) = gloo_utils_document().get_element_by_id("boot") {
            boot.remove();
        }
    }));
    let ctx = LangContext { lang: *lang, set };
    html! {
        <ContextProvider<LangContext> context={ctx}>
            <ChatProvider>
                <Screen />
            </ChatProvider>
        </ContextProvider<LangContext>>
    }
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

#[component]
fn Screen() -> Html {
    super::render_count::count("Screen");
    let chat = use_chat();
    let t = use_texts();
    // Resuming a saved session: "Reconnecting as …" (as index.html showed) until it is in
    // session or has failed, not a connect form flashing in between.
    let resuming = use_state(|| session::resumable().map(|s| s.nickname.trim().to_owned()));
    // The tab's title and icon, what a reload brings back, notifications: they draw nothing,
    // so hooks here rather than child components; first, as the children's effects ran
    // before this component's own.
    use_tab_badge();
    use_keep_session();
    use_notifier();
    {
        let resuming = resuming.clone();
        let settled =
            chat.connection.in_session() || matches!(chat.connection, Connection::Failed { .. });
        use_flag_effect(
            settled,
            Box::new(move |settled| {
                if settled && resuming.is_some() {
                    resuming.set(None);
                }
            }),
        );
    }
    {
        // A reload of a page that was connected connects again, without the form.
        let chat = chat.clone();
        use_mount(Box::new(move || {
            session::auto_connect(&chat);
        }));
    }
    html! {
        <>
            if chat.connection.in_session() {
                <ChatView />
            } else if let Some(nickname) = (*resuming).clone() {
                { reconnecting(t, &nickname) }
            } else {
                <ConnectForm />
            }
            <Notices />
        </>
    }
}
