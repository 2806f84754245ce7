//! `use_chat()`: the typed handle components use — the state to read, intents to call.

use super::model::RoomKey;
use super::provider::ChatContext;
use super::service::{client_id, now, ConnectRequest};
use super::state::{Action, ChatState};
use std::ops::Deref;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct ChatHandle {
    ctx: ChatContext,
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
    /// Sends to the room in view; the message shows at once and goes out when it can.
    pub fn send(&self, text: &str) {
        let Some(room) = self.active.clone() else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        self.dispatch(Action::Compose {
            client_id: client_id(),
            room,
            text: text.to_owned(),
            now: now(),
        });
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
    pub fn dismiss(&self, id: u64) {
        self.dispatch(Action::DismissNotice(id));
    }
}
