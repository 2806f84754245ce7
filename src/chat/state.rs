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

    fn apply(&mut self, action: Action) {
        match action {
            Action::Connecting { me, attempt } => {
                self.me = me;
                self.connection = Connection::Connecting { attempt };
            }
            Action::Connected {
                version,
                heart_beat,
                server,
                node,
            } => {
                self.connection = Connection::Connected {
                    version,
                    heart_beat,
                    server,
                    node,
                };
            }
            Action::Reconnecting {
                attempt,
                retry_at,
                reason,
            } => {
                self.connection = Connection::Reconnecting {
                    attempt,
                    retry_at,
                    reason,
                };
                self.connection_lost();
            }
            Action::Disconnected(reason) => {
                self.connection = if reason == Reason::ByUser {
                    Connection::Offline
                } else {
                    Connection::Failed { reason }
                };
                self.connection_lost();
            }
            Action::Join(name) => {
                let key = RoomKey::Room(name);
                self.ensure_room(&key);
                self.select(key);
            }
            Action::Leave(key) => {
                self.rooms.retain(|r| r.key != key);
                self.outbox.retain(|o| o.room != key);
                if self.active.as_ref() == Some(&key) {
                    self.active = None;
                    if let Some(next) = self.rooms.first().map(|r| r.key.clone()) {
                        self.select(next);
                    }
                }
            }
            Action::Select(key) => self.select(key),
            Action::PresenceTick(now) => {
                for room in self.rooms.iter_mut() {
                    if room
                        .heard
                        .values()
                        .any(|at| now.saturating_sub(*at) > PRESENCE_TTL_MS)
                    {
                        Rc::make_mut(room).expire_presence(now);
                    }
                }
            }
            Action::OpenDirect(peer) => {
                let key = RoomKey::Direct(peer);
                self.ensure_room(&key).synced = true;
                self.select(key);
            }
            Action::Subscribed {
                room,
                awaits_history,
            } => {
                if !awaits_history {
                    self.ensure_room(&RoomKey::Room(room)).synced = true;
                }
            }
            Action::Snapshot(snapshot) => self.merge_snapshot(snapshot),
            Action::Incoming { room, payload, now } => match payload {
                Incoming::Chat(m) => self.receive(m, &room, now, true),
                Incoming::Text(text) => {
                    let msg = Msg {
                        id: None,
                        client_id: None,
                        sender: String::new(),
                        kind: MsgKind::Plain,
                        text,
                        at: now,
                        own: false,
                        delivery: Delivery::Received,
                    };
                    self.push_message(&room, msg, true);
                }
            },
            Action::Compose {
                client_id,
                room,
                text,
                now,
            } => {
                let kind = if room.is_direct() {
                    MsgKind::Private
                } else {
                    MsgKind::Chat
                };
                let msg = Msg {
                    id: None,
                    client_id: Some(client_id.clone()),
                    sender: self.me.clone(),
                    kind,
                    text: text.clone(),
                    at: now,
                    own: true,
                    delivery: Delivery::Queued,
                };
                self.ensure_room(&room).push(msg);
                self.outbox.push(Outgoing {
                    client_id,
                    sender: self.me.clone(),
                    room,
                    text,
                    at: now,
                    delivery: Delivery::Queued,
                    receipt: false,
                    attempts: 0,
                });
            }
            Action::NewSession { me, features } => {
                self.me = me;
                self.features = features;
                self.connection = Connection::Connecting { attempt: 0 };
                self.connection_lost();
                let orphans: Vec<(String, Delivery)> = self
                    .outbox
                    .iter()
                    .map(|o| (o.client_id.clone(), o.orphaned()))
                    .collect();
                for (cid, d) in orphans {
                    self.set_delivery(&cid, d);
                }
            }
            Action::HandedOver { client_id, receipt } => {
                if let Some(o) = self.outbox.iter_mut().find(|o| o.client_id == client_id) {
                    o.attempts = o.attempts.saturating_add(1);
                    o.receipt = receipt;
                }
            }
            Action::Delivery {
                client_id,
                delivery,
            } => {
                let moves = match (self.outgoing(&client_id), &delivery) {
                    (None, _) => false,
                    (Some(Delivery::Queued), Delivery::Sent) => true,
                    // The client re-writes a receipted send after a reconnect.
                    (Some(Delivery::Sent), Delivery::Queued) => true,
                    (Some(Delivery::Queued | Delivery::Sent), Delivery::Uncertain) => true,
                    (Some(Delivery::Queued | Delivery::Sent), Delivery::Failed(_)) => true,
                    (Some(_), Delivery::Delivered) => true,
                    _ => false,
                };
                if moves {
                    self.set_delivery(&client_id, delivery);
                }
            }
            Action::Retry(cid) => {
                if self.outgoing(&cid).is_some_and(Delivery::needs_attention) {
                    if let Some(o) = self.outbox.iter_mut().find(|o| o.client_id == cid) {
                        o.attempts = 0;
                    }
                    self.set_delivery(&cid, Delivery::Queued);
                }
            }
            Action::Discard(cid) => {
                if let Some(pos) = self.outbox.iter().position(|o| o.client_id == cid) {
                    let o = self.outbox.remove(pos);
                    if let Some(room) = self.room_mut(&o.room) {
                        room.remove_own(&cid);
                    }
                }
            }
            Action::HistoryMissing(room) => {
                let key = RoomKey::Room(room.clone());
                if self.room(&key).is_some_and(|r| !r.synced) {
                    self.ensure_room(&key).synced = true;
                    self.push_notice(NoticeBody::NoHistory(room));
                }
            }
            Action::RestoreOutbox(items) => {
                for mut o in items {
                    if self.outbox.iter().any(|x| x.client_id == o.client_id) {
                        continue;
                    }
                    o.delivery = o.orphaned();
                    let msg = Msg {
                        id: None,
                        client_id: Some(o.client_id.clone()),
                        sender: if o.sender.is_empty() {
                            self.me.clone()
                        } else {
                            o.sender.clone()
                        },
                        kind: if o.room.is_direct() {
                            MsgKind::Private
                        } else {
                            MsgKind::Chat
                        },
                        text: o.text.clone(),
                        at: o.at,
                        own: true,
                        delivery: o.delivery.clone(),
                    };
                    self.ensure_room(&o.room).push(msg);
                    if self.active.is_none() {
                        self.active = Some(o.room.clone());
                    }
                    self.outbox.push(o);
                }
            }
            Action::RestoreDirect(conversations) => self.restore_direct(conversations),
            Action::Tick(now) => {
                for room in self.rooms.iter_mut() {
                    if room.typing.iter().any(|(_, until)| *until <= now) {
                        Rc::make_mut(room).typing.retain(|(_, until)| *until > now);
                    }
                }
            }
            Action::Frame(entry) => self.frames.push(entry),
            Action::Batch(actions) => actions.into_iter().for_each(|a| self.apply(a)),
            Action::PauseFrames(paused) => self.frames.paused = paused,
            Action::PageHidden(hidden) => {
                self.page_hidden = hidden;
                let unread = self.active_room().is_some_and(|r| r.unread > 0);
                if let (false, true, Some(key)) = (hidden, unread, self.active.clone()) {
                    self.select(key);
                }
            }
            Action::ClearFrames => self.frames.clear(),
            Action::Notice(text) => self.push_notice(NoticeBody::Text(text)),
            Action::DismissNotice(id) => self.notices.retain(|n| n.id != id),
        }
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

    /// Ours when it carries the client id of a message of ours still in the outbox (the
    /// service fills it in where a server drops it), never by nickname: two people may
    /// share one. An echo of a confirmed one is still recognised as a duplicate by `same`.
    fn is_own(&self, m: &ChatMessage) -> bool {
        m.client_id
            .as_deref()
            .is_some_and(|c| self.outbox.iter().any(|o| o.client_id == c))
    }

    /// A message of ours that may not have arrived (its connection or page is gone, so the
    /// client stopped looking for its echo) has arrived after all when the server broadcasts
    /// the same sender, type and content: its client id, oldest first.
    fn uncertain_echo(&self, m: &ChatMessage, room: &RoomKey) -> Option<String> {
        if m.sender != self.me || !matches!(m.kind, MessageType::Chat | MessageType::Private) {
            return None;
        }
        let content = m.content.as_deref()?;
        self.outbox
            .iter()
            .find(|o| {
                o.delivery == Delivery::Uncertain
                    && o.text == content
                    && (&o.room == room || o.room.is_direct())
            })
            .map(|o| o.client_id.clone())
    }

    fn receive(&mut self, mut m: ChatMessage, fallback: &RoomKey, now: Millis, live: bool) {
        let room_key = match m.kind {
            MessageType::Private => {
                let peer = if m.sender == self.me {
                    m.to.clone().unwrap_or_default()
                } else {
                    m.sender.clone()
                };
                RoomKey::Direct(peer)
            }
            _ if !m.room.is_empty() => RoomKey::Room(m.room.clone()),
            _ => fallback.clone(),
        };
        if m.client_id.is_none() {
            m.client_id = self.uncertain_echo(&m, &room_key);
        }
        let own = self.is_own(&m);
        let kind = match m.kind {
            MessageType::Typing => {
                // Presence goes by nickname: our own notice comes back on a plain broker.
                if m.sender != self.me && live {
                    let room = self.ensure_room(&room_key);
                    room.heard_from(&m.sender, now, now);
                    room.participants.insert(m.sender.clone());
                    room.typing.retain(|(n, _)| n != &m.sender);
                    room.typing.push((m.sender, now + TYPING_TTL));
                }
                return;
            }
            MessageType::Join => {
                let expiring = self.features.presence_expiry;
                let room = self.ensure_room(&room_key);
                if expiring {
                    // Listed already: an announcement (or a page back after a reconnect),
                    // not a "joined" line.
                    if !room.heard_from(&m.sender, now, now) {
                        return;
                    }
                } else {
                    room.participants.insert(m.sender.clone());
                }
                MsgKind::Joined
            }
            MessageType::Leave => {
                let room = self.ensure_room(&room_key);
                room.left(&m.sender);
                room.typing.retain(|(n, _)| n != &m.sender);
                MsgKind::Left
            }
            MessageType::Chat => MsgKind::Chat,
            MessageType::Private => MsgKind::Private,
        };
        let expiring = self.features.presence_expiry;
        if let Some(room) = self.room_mut(&room_key) {
            room.typing.retain(|(n, _)| n != &m.sender);
            // Whoever talks in a room is in it; on a plain broker (no participant list)
            // this is how people who joined before us show up.
            if kind == MsgKind::Chat && live && !m.sender.is_empty() {
                if expiring {
                    // Read from history, an old message lists nobody.
                    room.heard_from(&m.sender, m.timestamp.unwrap_or(now), now);
                } else {
                    room.participants.insert(m.sender.clone());
                }
            }
        }
        if own {
            if let Some(cid) = m.client_id.as_deref() {
                // Our own message came back: it is delivered, wherever it stood.
                if self.outgoing(cid).is_some() {
                    self.set_delivery(cid, Delivery::Delivered);
                }
            }
        }
        let msg = Msg {
            id: m.id,
            client_id: m.client_id,
            sender: m.sender,
            kind,
            text: m.content.unwrap_or_default(),
            at: m.timestamp.unwrap_or(now),
            own,
            delivery: if own {
                Delivery::Delivered
            } else {
                Delivery::Received
            },
        };
        self.push_message(&room_key, msg, live);
    }

    /// Appends unless already shown (same server id, or same clientId from the same sender);
    /// a duplicate instead fills in what the server stamped.
    fn push_message(&mut self, key: &RoomKey, msg: Msg, live: bool) {
        // Ours from another tab or an earlier page (not in this outbox) is not news either.
        let counts = live
            && !msg.own
            && msg.sender != self.me
            && matches!(msg.kind, MsgKind::Chat | MsgKind::Private | MsgKind::Plain)
            && (self.page_hidden || self.active.as_ref() != Some(key));
        let room = self.ensure_room(key);
        let duplicate = room.update_same(&msg, |e| {
            if e.id.is_none() {
                e.id = msg.id.clone();
            }
            if msg.own && e.delivery != msg.delivery {
                e.delivery = msg.delivery.clone();
            }
            e.at = msg.at;
        });
        if duplicate {
            return;
        }
        let mention = counts && mention::mentions(&msg.text, &self.me);
        let room = self.ensure_room(key);
        room.push(msg);
        if counts {
            if room.unread == 0 {
                room.divide_at_last();
            }
            room.unread += 1;
            room.mentions += u32::from(mention);
        }
    }

    fn merge_snapshot(&mut self, snapshot: RoomSnapshot) {
        let key = RoomKey::Room(snapshot.room.clone());
        self.ensure_room(&key);
        let known: HashSet<String> = self
            .room(&key)
            .map(|r| r.messages.iter().filter_map(|m| m.id.clone()).collect())
            .unwrap_or_default();
        let order: HashMap<String, usize> = snapshot
            .history
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.id.clone().map(|id| (id, i)))
            .collect();
        for m in snapshot.history {
            if !m.id.as_ref().is_some_and(|id| known.contains(id)) {
                // No server stamp on an old message: it sorts first, as the oldest.
                self.receive(m, &key, 0, false);
            }
        }
        let room = self.ensure_room(&key);
        // The list is authoritative; replayed JOIN/LEAVE lines must not change it.
        // Inserted one by one: collecting into the set would sort them first, another
        // instantiation of the stable sort in the wasm.
        room.participants.clear();
        for p in snapshot.participants {
            room.participants.insert(p);
        }
        // Server-stamped messages in server time (after a reconnect, what we had is older
        // than the history, which may not reach back that far; on a first join, what
        // arrived live is newer), ties in the history's order; our unconfirmed ones last,
        // since their local times are on another clock.
        room.sort_messages_by_key(|m| {
            let unconfirmed = m.own && m.delivery.unconfirmed();
            let rank = m.id.as_ref().and_then(|id| order.get(id)).copied();
            (unconfirmed, m.at, rank.unwrap_or(usize::MAX))
        });
        room.trim();
        room.synced = true;
    }
}

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
