//! `use_chat()`: the typed handle components use — the state to read, intents to call.

use super::model::RoomKey;
use super::provider::ChatContext;
use super::service::{client_id, now, ChatService, ConnectRequest};
use super::state::{Action, ChatState};
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct ChatHandle {
    ctx: ChatContext,
}

/// The intents that need no state, as a value that stays equal across renders, so a
/// callback built from it (`use_callback`) does not make every child re-render.
#[derive(Clone)]
pub struct Intents {
    dispatcher: UseReducerDispatcher<ChatState>,
    service: Rc<ChatService>,
}

impl PartialEq for Intents {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.service, &other.service)
    }
}

impl Intents {
    pub fn retry(&self, client_id: &str) {
        self.dispatcher
            .dispatch(Action::Retry(client_id.to_owned()));
    }
    pub fn discard(&self, client_id: &str) {
        self.service.discard(client_id);
    }
    pub fn select(&self, key: &RoomKey) {
        self.dispatcher.dispatch(Action::Select(key.clone()));
    }
    pub fn leave(&self, key: &RoomKey) {
        self.service.leave(key);
    }
    pub fn open_direct(&self, peer: &str) {
        self.dispatcher
            .dispatch(Action::OpenDirect(peer.to_owned()));
    }
    pub fn join(&self, room: &str) {
        self.service.join(room);
    }
    pub fn retry_now(&self) {
        self.service.retry_now();
    }
    pub fn disconnect(&self) {
        self.service.disconnect();
    }
    pub fn dismiss(&self, id: u64) {
        self.dispatcher.dispatch(Action::DismissNotice(id));
    }
    /// Sends to `room`; the message shows at once and goes out when it can. A message the
    /// server would refuse for its size is not taken: `Err((size, limit))` in bytes, and the
    /// person can shorten it.
    pub fn send_to(&self, room: &RoomKey, text: &str) -> Result<(), (usize, usize)> {
        if text.trim().is_empty() {
            return Ok(());
        }
        if let Some(too_long) = self.service.too_long(room, text) {
            return Err(too_long);
        }
        self.dispatcher.dispatch(Action::Compose {
            client_id: client_id(),
            room: room.clone(),
            text: text.to_owned(),
            now: now(),
        });
        Ok(())
    }
    /// A typing notice to `room` (the caller knows we are connected and in a room).
    pub fn typing_in(&self, room: &str) {
        self.service.typing(room);
    }
}

impl Deref for ChatHandle {
    type Target = ChatState;
    fn deref(&self) -> &ChatState {
        &self.ctx.state
    }
}

#[hook]
pub fn use_chat() -> ChatHandle {
    let ctx = use_context::<ChatContext>().expect("use_chat() needs a <ChatProvider> above it");
    ChatHandle { ctx }
}

impl ChatHandle {
    pub fn intents(&self) -> Intents {
        Intents {
            dispatcher: self.ctx.state.dispatcher(),
            service: self.ctx.service.clone(),
        }
    }

    fn dispatch(&self, a: Action) {
        self.ctx.state.dispatch(a);
    }

    pub fn connect(&self, req: ConnectRequest) {
        self.ctx.service.connect(req);
    }
    pub fn disconnect(&self) {
        self.ctx.service.disconnect();
    }
    pub fn retry_now(&self) {
        self.ctx.service.retry_now();
    }
    pub fn join(&self, room: &str) {
        self.ctx.service.join(room);
    }
    pub fn leave(&self, key: &RoomKey) {
        self.ctx.service.leave(key);
    }
    pub fn select(&self, key: &RoomKey) {
        self.dispatch(Action::Select(key.clone()));
    }
    pub fn open_direct(&self, peer: &str) {
        self.dispatch(Action::OpenDirect(peer.to_owned()));
    }
    /// Private conversations kept from before a reload: (peer, messages oldest first).
    pub fn restore_direct(&self, conversations: Vec<(String, Vec<super::model::Msg>)>) {
        self.dispatch(Action::RestoreDirect(conversations));
    }
    /// Sends to the room in view (see [`Intents::send_to`]).
    pub fn send(&self, text: &str) -> Result<(), (usize, usize)> {
        match self.active.clone() {
            Some(room) => self.intents().send_to(&room, text),
            None => Ok(()),
        }
    }
    pub fn typing(&self) {
        if let (Some(RoomKey::Room(room)), true) = (&self.active, self.connection.is_connected()) {
            self.ctx.service.typing(room);
        }
    }
    pub fn retry(&self, client_id: &str) {
        self.dispatch(Action::Retry(client_id.to_owned()));
    }
    pub fn pause_frames(&self, paused: bool) {
        self.dispatch(Action::PauseFrames(paused));
    }
    pub fn clear_frames(&self) {
        self.dispatch(Action::ClearFrames);
    }
    /// The tab was hidden or shown (`visibilitychange`).
    pub fn page_hidden(&self, hidden: bool) {
        self.dispatch(Action::PageHidden(hidden));
    }
    pub fn dismiss(&self, id: u64) {
        self.dispatch(Action::DismissNotice(id));
    }
}
