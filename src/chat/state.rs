//! The chat state and its reducer. Pure: no clock (time comes in actions), no I/O, no Yew
//! component code, so every rule here is tested natively.

use super::frames::{FrameEntry, FrameLog};
use super::incoming::Incoming;
use super::model::*;
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
    },
    Reconnecting {
        attempt: u32,
        retry_at: Millis,
        reason: Reason,
    },
    /// The connection ended for good; `ByUser` returns to the connect screen.
    Disconnected(Reason),
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
    /// The service wrote it to the socket.
    Sending(String),
    /// A RECEIPT confirmed it.
    Confirmed(String),
    SendFailed {
        client_id: String,
        reason: String,
    },
    Retry(String),
    /// Outbox entries found in browser storage after a reload.
    RestoreOutbox(Vec<Outgoing>),
    Tick(Millis),
    Frame(FrameEntry),
    /// Several actions applied as one state change (one copy of the state, one render):
    /// what arrives in a burst is handed over together.
    Batch(Vec<Action>),
    PauseFrames(bool),
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

    fn ensure_room(&mut self, key: &RoomKey) -> &mut Room {
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
            } => {
                self.connection = Connection::Connected {
                    version,
                    heart_beat,
                    server,
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
                    self.active = self.rooms.first().map(|r| r.key.clone());
                }
            }
            Action::Select(key) => self.select(key),
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
                });
            }
            Action::Sending(cid) => {
                if self.outgoing(&cid) == Some(&Delivery::Queued) {
                    self.set_delivery(&cid, Delivery::Pending);
                }
            }
            Action::Confirmed(cid) => {
                if matches!(self.outgoing(&cid), Some(d) if d.unconfirmed()) {
                    self.set_delivery(&cid, Delivery::Sent);
                }
            }
            Action::SendFailed { client_id, reason } => {
                if self.outgoing(&client_id).is_some() {
                    self.set_delivery(&client_id, Delivery::Failed(reason));
                }
            }
            Action::Retry(cid) => {
                if matches!(self.outgoing(&cid), Some(Delivery::Failed(_))) {
                    self.set_delivery(&cid, Delivery::Queued);
                }
            }
            Action::RestoreOutbox(items) => {
                for mut o in items {
                    if self.outbox.iter().any(|x| x.client_id == o.client_id) {
                        continue;
                    }
                    if matches!(o.delivery, Delivery::Pending) {
                        o.delivery = Delivery::Queued;
                    }
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
            Action::ClearFrames => self.frames.clear(),
            Action::Notice(text) => {
                if self.notices.iter().any(|n| n.text == text) {
                    // A reconnect loop repeats the same error; one notice says it.
                    return;
                }
                self.next_notice += 1;
                self.notices.push(Notice {
                    id: self.next_notice,
                    text,
                });
                if self.notices.len() > 5 {
                    self.notices.remove(0);
                }
            }
            Action::DismissNotice(id) => self.notices.retain(|n| n.id != id),
        }
    }

    fn select(&mut self, key: RoomKey) {
        if let Some(room) = self.room_mut(&key) {
            room.unread = 0;
            self.active = Some(key);
        }
    }

    /// After a drop: whatever was in flight without a receipt goes back to the queue (the
    /// echo dedup by clientId keeps a message that did arrive from showing twice), rooms
    /// must resubscribe, and nobody is typing any more.
    fn connection_lost(&mut self) {
        let in_flight: Vec<String> = self
            .outbox
            .iter()
            .filter(|o| o.delivery == Delivery::Pending)
            .map(|o| o.client_id.clone())
            .collect();
        for cid in in_flight {
            self.set_delivery(&cid, Delivery::Queued);
        }
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

    fn is_own(&self, m: &ChatMessage) -> bool {
        m.sender == self.me
            || m.client_id
                .as_deref()
                .is_some_and(|c| self.outbox.iter().any(|o| o.client_id == c))
    }

    fn receive(&mut self, m: ChatMessage, fallback: &RoomKey, now: Millis, live: bool) {
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
        let own = self.is_own(&m);
        let kind = match m.kind {
            MessageType::Typing => {
                if !own && live {
                    let room = self.ensure_room(&room_key);
                    room.participants.insert(m.sender.clone());
                    room.typing.retain(|(n, _)| n != &m.sender);
                    room.typing.push((m.sender, now + TYPING_TTL));
                }
                return;
            }
            MessageType::Join => {
                let room = self.ensure_room(&room_key);
                room.participants.insert(m.sender.clone());
                MsgKind::Joined
            }
            MessageType::Leave => {
                let room = self.ensure_room(&room_key);
                room.participants.remove(&m.sender);
                room.typing.retain(|(n, _)| n != &m.sender);
                MsgKind::Left
            }
            MessageType::Chat => MsgKind::Chat,
            MessageType::Private => MsgKind::Private,
        };
        if let Some(room) = self.room_mut(&room_key) {
            room.typing.retain(|(n, _)| n != &m.sender);
            // Whoever talks in a room is in it; on a plain broker (no participant list)
            // this is how people who joined before us show up.
            if kind == MsgKind::Chat && live && !m.sender.is_empty() {
                room.participants.insert(m.sender.clone());
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
        let counts = live
            && !msg.own
            && matches!(msg.kind, MsgKind::Chat | MsgKind::Private | MsgKind::Plain)
            && self.active.as_ref() != Some(key);
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
        room.push(msg);
        if counts {
            room.unread += 1;
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
        room.participants = snapshot.participants.into_iter().collect();
        // Server-stamped messages in server time (after a reconnect, what we had is older
        // than the history, which may not reach back that far; on a first join, what
        // arrived live is newer), ties in the history's order; our unconfirmed ones last,
        // since their local times are on another clock.
        room.messages.sort_by_key(|m| {
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
