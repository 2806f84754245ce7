//! `<ChatProvider>`: owns the chat state and the service, and shares them with components.

use super::service::ChatService;
use super::state::{Action, ChatState};
use super::storage;
use crate::effect::use_mount_cleanup;
use gloo_timers::callback::Interval;
use std::rc::Rc;
use yew::prelude::*;

/// What `use_chat()` reads from context.
#[derive(Clone)]
pub struct ChatContext {
    pub state: UseReducerHandle<ChatState>,
    pub service: Rc<ChatService>,
}

impl PartialEq for ChatContext {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.service, &other.service)
    }
}

#[derive(Properties)]
pub struct ChatProviderProps {
    #[prop_or_default]
    pub children: Children,
    /// Actions applied at mount, before anything else (tests and demos).
    #[prop_or_default]
    pub initial: Vec<Action>,
    /// Read and write the outbox in localStorage.
    #[prop_or(true)]
    pub persist: bool,
}

/// `initial` is read at mount only, so it takes no part: comparing it would link a deep
/// comparison of every kind of `Action` into the wasm for nothing (~1.5 KB).
impl PartialEq for ChatProviderProps {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children && self.persist == other.persist
    }
}

#[component]
pub fn ChatProvider(props: &ChatProviderProps) -> Html {
    let state = use_reducer(ChatState::default);
    let service: Rc<ChatService> = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| ChatService::new(dispatcher))
    };
    {
        let (dispatcher, initial, persist) =
            (state.dispatcher(), props.initial.clone(), props.persist);
        use_mount_cleanup(Box::new(move || {
            for a in initial {
                dispatcher.dispatch(a);
            }
            if persist {
                let saved = storage::load_outbox();
                if !saved.is_empty() {
                    dispatcher.dispatch(Action::RestoreOutbox(saved));
                }
            }
            // Typing notices expire on this beat.
            let tick = Interval::new(1_000, move || {
                dispatcher.dispatch(Action::Tick(super::service::now()))
            });
            Box::new(move || drop(tick))
        }));
    }
    {
        let service = service.clone();
        use_effect_with(state.clone(), move |state| service.flush(state));
    }
    {
        let persist = props.persist;
        use_effect_with(state.outbox.clone(), move |outbox| {
            if persist {
                storage::save_outbox(outbox);
            }
        });
    }
    let ctx = ChatContext { state, service };
    html! {
        <ContextProvider<ChatContext> context={ctx}>
            { props.children.clone() }
        </ContextProvider<ChatContext>>
    }
}
