//! The chat state and its reducer. Pure: no clock (time comes in actions), no I/O, no Yew
//! component code, so every rule here is tested natively.

use super::frames::{FrameEntry, FrameLog};
use super::incoming::Incoming;
use super::mention;
use super::model::*;
use super::presence::PRESENCE_TTL_MS;
use chat_proto::{ChatMessage, MessageType, RoomSnapshot};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatState {
    /// Our nickname.
    pub me: String,
    pub connection: Connection,
    /// In the order they were joined.
    pub rooms: Vec<Rc<Room>>,
    pub active: Option<RoomKey>,
    /// Our unconfirmed messages, oldest first (persisted by the service).
    pub outbox: Vec<Outgoing>,
    pub frames: FrameLog,
    pub notices: Vec<Notice>,
    next_notice: u64,
    /// What the server's profile offers; the UI shows only what exists.
    pub features: Features,
    /// The tab is hidden: messages in the room in view count as unread too.
    pub page_hidden: bool,
}

/// What a server profile offers beyond one room's chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    /// Rooms can be joined and left (the topic has `{room}`); else the server has one.
    pub rooms: bool,
    pub private: bool,
    /// Presence by periodic announcements that expire (plain brokers; `presence.rs`).
    pub presence_expiry: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            rooms: true,
            private: true,
            presence_expiry: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Connecting {
        me: String,
        attempt: u32,
    },
    Connected {
        version: String,
        heart_beat: (u32, u32),
        server: Option<String>,
        /// With several broker URLs: the one this connection went to.
        node: Option<String>,
    },
    Reconnecting {
        attempt: u32,
        retry_at: Millis,
        reason: Reason,
    },
    /// The connection ended for good; `ByUser` returns to the connect screen.
    Disconnected(Reason),
    /// Time for presence to expire: who was not heard from drops off (`presence.rs`).
    PresenceTick(Millis),
    Join(String),
    Leave(RoomKey),
    Select(RoomKey),
    OpenDirect(String),
    /// The room's subscriptions are live; with no history to wait for, it is in sync.
    Subscribed {
        room: String,
        awaits_history: bool,
    },
    Snapshot(RoomSnapshot),
    /// A MESSAGE body parsed; `room` is where a body without its own room belongs.
    Incoming {
        room: RoomKey,
        payload: Incoming,
        now: Millis,
    },
    /// We wrote a new message: show it at once and keep it in the outbox.
    Compose {
        client_id: String,
        room: RoomKey,
        text: String,
        now: Millis,
    },
    /// A fresh client for `me`: what an earlier one had written and not confirmed is
    /// settled by [`Outgoing::orphaned`].
    NewSession {
        me: String,
        features: Features,
    },
    /// The service handed it to the client (counts towards [`MAX_ATTEMPTS`]), asking for
    /// a RECEIPT or not.
    HandedOver {
        client_id: String,
        receipt: bool,
    },
    /// Where the client says one of our messages is now.
    Delivery {
        client_id: String,
        delivery: Delivery,
    },
    /// Queue a failed or uncertain message again, as the person asked.
    Retry(String),
    /// Forget a message of ours that is not confirmed, wherever it stands.
    Discard(String),
    /// The room's history subscription was never answered: the server keeps none.
    HistoryMissing(String),
    /// Outbox entries found in browser storage after a reload.
    RestoreOutbox(Vec<Outgoing>),
    /// Private conversations kept in browser storage: (peer, messages oldest first).
    RestoreDirect(Vec<(String, Vec<Msg>)>),
    Tick(Millis),
    Frame(FrameEntry),
    /// Several actions applied as one state change (one copy of the state, one render):
    /// what arrives in a burst is handed over together.
    Batch(Vec<Action>),
    PauseFrames(bool),
    /// The tab was hidden (`true`) or shown again, which reads the room in view.
    PageHidden(bool),
    ClearFrames,
    Notice(String),
    DismissNotice(u64),
}

impl Reducible for ChatState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::Tick(now) = action {
            // Ticks come every second; do not re-render unless someone stopped typing.
            let expired = self
                .rooms
                .iter()
                .any(|r| r.typing.iter().any(|(_, until)| *until <= now));
            if !expired {
                return self;
            }
        }
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

impl ChatState {
    pub fn room(&self, key: &RoomKey) -> Option<&Room> {
        self.rooms.iter().find(|r| &r.key == key).map(|r| &**r)
    }

    pub fn active_room(&self) -> Option<&Room> {
        self.active_room_rc().map(|r| &**r)
    }

    /// The room in view as its shared pointer: unchanged while the room is unchanged.
    pub fn active_room_rc(&self) -> Option<&Rc<Room>> {
        let key = self.active.as_ref()?;
        self.rooms.iter().find(|r| &r.key == key)
    }

    /// Unread messages in all rooms, for the tab's title and icon.
    pub fn unread_total(&self) -> u32 {
        self.rooms.iter().map(|r| r.unread).sum()
    }

    /// Outbox entries ready to go out now: queued, connected, and their room in sync.
    pub fn ready_to_send(&self) -> Vec<&Outgoing> {
        if !self.connection.is_connected() {
            return Vec::new();
        }
        self.outbox
            .iter()
            .filter(|o| o.delivery == Delivery::Queued)
            .filter(|o| match &o.room {
                RoomKey::Room(_) => self.room(&o.room).is_some_and(|r| r.synced),
                RoomKey::Direct(_) => true,
            })
            .collect()
    }

    fn room_mut(&mut self, key: &RoomKey) -> Option<&mut Room> {
        self.rooms
            .iter_mut()
            .find(|r| &r.key == key)
            .map(Rc::make_mut)
    }

    pub(super) fn ensure_room(&mut self, key: &RoomKey) -> &mut Room {
        if self.room(key).is_none() {
            self.rooms.push(Rc::new(Room::new(key.clone())));
        }
        self.room_mut(key).expect("just ensured")
    }

    fn push_notice(&mut self, body: NoticeBody) {
        if self.notices.iter().any(|n| n.body == body) {
            // A reconnect loop repeats the same error; one notice says it.
            return;
        }
        self.next_notice += 1;
        self.notices.push(Notice {
            id: self.next_notice,
            body,
        });
        if self.notices.len() > 5 {
            self.notices.remove(0);
        }
    }

    /// Opens a room: what was unread in it is read now (its divider marks where that began);
    /// the room left behind is read, so its divider goes.
    fn select(&mut self, key: RoomKey) {
        if self.room(&key).is_none() {
            return;
        }
        if let Some(left) = self.active.clone().filter(|k| k != &key) {
            if let Some(room) = self.room_mut(&left) {
                room.divider = None;
            }
        }
        if let Some(room) = self.room_mut(&key) {
            room.unread = 0;
            room.mentions = 0;
        }
        self.active = Some(key);
    }

    /// After a drop rooms must resubscribe, and nobody is typing any more. What was in
    /// flight is the client's to settle: it reports each message's new state.
    fn connection_lost(&mut self) {
        for room in self.rooms.iter_mut() {
            let room = Rc::make_mut(room);
            room.synced = room.key.is_direct();
            room.typing.clear();
        }
    }

    fn outgoing(&self, cid: &str) -> Option<&Delivery> {
        self.outbox
            .iter()
            .find(|o| o.client_id == cid)
            .map(|o| &o.delivery)
    }

    /// One place that moves a message of ours along, in the outbox and on screen alike;
    /// confirmed messages leave the outbox.
    fn set_delivery(&mut self, cid: &str, delivery: Delivery) {
        let Some(pos) = self.outbox.iter().position(|o| o.client_id == cid) else {
            return;
        };
        let key = self.outbox[pos].room.clone();
        if delivery.unconfirmed() {
            self.outbox[pos].delivery = delivery.clone();
        } else {
            self.outbox.remove(pos);
        }
        if let Some(room) = self.room_mut(&key) {
            if let Some(m) = room
                .messages
                .iter_mut()
                .rev()
                .find(|m| m.own && m.client_id.as_deref() == Some(cid))
            {
                Rc::make_mut(m).delivery = delivery;
            }
        }
    }
}

#[path = "state_receive.rs"]
mod receive;
#[path = "state_reduce.rs"]
mod reduce;

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "unread_tests.rs"]
mod unread_tests;

#[cfg(test)]
#[path = "reading_tests.rs"]
mod reading_tests;

#[cfg(test)]
#[path = "presence_tests.rs"]
mod presence_tests;
