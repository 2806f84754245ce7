//! The chat application behind `/app/...`: what a Spring `@Controller` with `@MessageMapping`
//! and `@SubscribeMapping` methods would do. Pure state: handlers return [`Effect`]s that the
//! broker delivers, so the rules are testable without sockets.

use std::collections::{BTreeSet, HashMap, VecDeque};

use chat_proto::{dest, valid_room, ChatMessage, MessageType, RoomSnapshot};

use crate::departures::Departures;
use crate::limits::BrokerLimits;

pub type SessionId = u64;

/// A `/app/...` destination the chat understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Post(String),
    Join(String),
    Leave(String),
    Typing(String),
    History(String),
    Private,
}

impl Route {
    /// Maps a destination to a handler; `None` for anything the app does not handle.
    pub fn parse(destination: &str) -> Option<Route> {
        if destination == dest::PRIVATE {
            return Some(Route::Private);
        }
        let rest = destination.strip_prefix("/app/chat/")?;
        let (room, action) = match rest.split_once('/') {
            Some((room, action)) => (room, Some(action)),
            None => (rest, None),
        };
        if !valid_room(room) {
            return None;
        }
        let room = room.to_owned();
        Some(match action {
            None => Route::Post(room),
            Some("join") => Route::Join(room),
            Some("leave") => Route::Leave(room),
            Some("typing") => Route::Typing(room),
            Some("history") => Route::History(room),
            Some(_) => return None,
        })
    }
}

/// What a handler asks the broker to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// To every subscriber of the room's topic.
    Broadcast { room: String, message: ChatMessage },
    /// To the `/user/queue/private` subscriptions of every session of these users (and of
    /// `also_session`, for a sender without a user name).
    Private {
        users: Vec<String>,
        also_session: Option<SessionId>,
        message: ChatMessage,
    },
    /// A [`chat_proto::ServerNotice`] to this session's `/user/queue/errors`.
    Notice { session: SessionId, text: String },
}

#[derive(Debug, Default)]
struct Room {
    history: VecDeque<ChatMessage>,
    /// Who is in the room: one entry per session, several sessions may share a nickname.
    members: HashMap<SessionId, String>,
    last_active: u64,
}

impl Room {
    fn has_nickname(&self, nick: &str) -> bool {
        self.members.values().any(|n| n == nick)
    }
}

/// All rooms and who is in them.
#[derive(Debug)]
pub struct Chat {
    rooms: HashMap<String, Room>,
    /// The nickname of each session that joined a room (its user name for `/user/...`).
    nicknames: HashMap<SessionId, String>,
    /// The client id each session claimed its nickname with at CONNECT ([`crate::identity`]).
    clients: HashMap<SessionId, String>,
    limits: BrokerLimits,
    /// Sessions gone without leaving, announced only if their nickname does not come back.
    departures: Departures,
    /// Logical clock for "least recently active".
    tick: u64,
    /// Prefix making message ids unique across broker restarts.
    id_prefix: String,
    next_id: u64,
}

impl Chat {
    pub fn new(limits: BrokerLimits, id_prefix: String) -> Self {
        Chat {
            rooms: HashMap::new(),
            nicknames: HashMap::new(),
            clients: HashMap::new(),
            departures: Departures::new(limits.leave_grace_ms),
            limits,
            tick: 0,
            id_prefix,
            next_id: 0,
        }
    }

    /// The session's nickname, once it has joined a room.
    pub fn nickname(&self, session: SessionId) -> Option<&str> {
        self.nicknames.get(&session).map(String::as_str)
    }

    /// `session` claimed its nickname as `client`: how a departure tells the same person
    /// coming back from someone else taking the name.
    pub fn set_client(&mut self, session: SessionId, client: &str) {
        self.clients.insert(session, client.to_owned());
    }

    /// Each session's nickname, for [`crate::identity::Claims`].
    pub fn joined(&self) -> impl Iterator<Item = (SessionId, &str)> + Clone {
        self.nicknames.iter().map(|(s, n)| (*s, n.as_str()))
    }

    pub fn room_count(&self) -> usize {
        self.rooms.len()
    }

    /// Handles a SEND to an `/app` route. `now_ms` stamps the messages.
    pub fn handle_send(
        &mut self,
        session: SessionId,
        route: &Route,
        mut msg: ChatMessage,
        now_ms: i64,
    ) -> Vec<Effect> {
        let notice = |text: String| vec![Effect::Notice { session, text }];
        match route {
            Route::Join(room) => {
                let nick = msg.sender.trim().to_owned();
                if let Err(why) = self.check_nickname(&nick) {
                    return notice(why);
                }
                if let Err(why) = self.touch_room(room) {
                    return notice(why);
                }
                self.nicknames.insert(session, nick.clone());
                let r = self.rooms.get_mut(room).expect("touched above");
                // In the room already (another tab), or back before its departure was
                // announced (a reload): the others saw no one leave, so no one joins.
                let present = r.has_nickname(&nick);
                r.members.insert(session, nick.clone());
                let mut effects = Vec::new();
                match self.departures.take(room, &nick) {
                    // Someone else took the freed name: the one who went did leave.
                    Some(Some(gone)) if self.clients.get(&session).is_some_and(|c| *c != gone) => {
                        let out = ChatMessage::new(MessageType::Leave, room, &nick);
                        effects.push(self.broadcast(room, out, now_ms));
                    }
                    Some(_) => return Vec::new(),
                    None if present => return Vec::new(),
                    None => {}
                }
                let mut out = ChatMessage::new(MessageType::Join, room, &nick);
                out.client_id = msg.client_id.take();
                effects.push(self.broadcast(room, out, now_ms));
                effects
            }
            Route::Leave(room) => self.leave(session, room, now_ms).into_iter().collect(),
            Route::Post(room) | Route::Typing(room) => {
                let typing = matches!(route, Route::Typing(_));
                let sender = match self.sender_for(session, Some(room), &msg.sender) {
                    Ok(s) => s,
                    Err(why) => return notice(why),
                };
                let content = msg.content.take().unwrap_or_default();
                if !typing {
                    if let Err(why) = self.check_content(&content) {
                        return notice(why);
                    }
                    if let Err(why) = self.touch_room(room) {
                        return notice(why);
                    }
                }
                let kind = if typing {
                    MessageType::Typing
                } else {
                    MessageType::Chat
                };
                let mut out = ChatMessage::new(kind, room, &sender);
                out.client_id = msg.client_id.take();
                if typing {
                    return vec![self.broadcast(room, out, now_ms)];
                }
                out.content = Some(content);
                let effect = self.broadcast(room, out, now_ms);
                if let Effect::Broadcast { message, .. } = &effect {
                    let r = self.rooms.get_mut(room).expect("touched above");
                    r.history.push_back(message.clone());
                    while r.history.len() > self.limits.history_per_room {
                        r.history.pop_front();
                    }
                }
                vec![effect]
            }
            Route::Private => {
                let sender = match self.sender_for(session, None, &msg.sender) {
                    Ok(s) => s,
                    Err(why) => return notice(why),
                };
                let Some(to) = msg.to.take().map(|t| t.trim().to_owned()) else {
                    return notice("a private message needs \"to\"".into());
                };
                if !self.nicknames.values().any(|n| *n == to) {
                    return notice(format!("{to} is not online"));
                }
                let content = msg.content.take().unwrap_or_default();
                if let Err(why) = self.check_content(&content) {
                    return notice(why);
                }
                let mut out = ChatMessage::new(MessageType::Private, &msg.room, &sender);
                out.content = Some(content);
                out.to = Some(to.clone());
                out.client_id = msg.client_id.take();
                self.stamp(&mut out, now_ms);
                let mut users = vec![to];
                let also_session = if self.nicknames.get(&session) == Some(&sender) {
                    if sender != users[0] {
                        users.push(sender);
                    }
                    None
                } else {
                    Some(session)
                };
                vec![Effect::Private {
                    users,
                    also_session,
                    message: out,
                }]
            }
            Route::History(_) => Vec::new(),
        }
    }

    /// The `@SubscribeMapping` answer for a room: its recent history and who is there.
    pub fn snapshot(&self, room: &str) -> RoomSnapshot {
        let (history, participants) = match self.rooms.get(room) {
            Some(r) => (
                r.history.iter().cloned().collect(),
                // Someone whose departure waits is still in the room for the others.
                r.members
                    .values()
                    .map(String::as_str)
                    .chain(self.departures.in_room(room))
                    .map(str::to_owned)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        RoomSnapshot {
            room: room.to_owned(),
            history,
            participants,
        }
    }

    /// The session ended: it leaves every room it was in. `goodbye`: it said so (DISCONNECT),
    /// and its departure is announced at once; otherwise after the grace period, unless its
    /// nickname is back by then ([`Chat::expire_departures`]).
    pub fn session_ended(&mut self, session: SessionId, goodbye: bool, now_ms: i64) -> Vec<Effect> {
        let rooms: Vec<String> = self
            .rooms
            .iter()
            .filter(|(_, r)| r.members.contains_key(&session))
            .map(|(name, _)| name.clone())
            .collect();
        let effects = if goodbye || !self.departures.waits() {
            rooms
                .iter()
                .filter_map(|room| self.leave(session, room, now_ms))
                .collect()
        } else {
            for room in &rooms {
                let r = self.rooms.get_mut(room).expect("listed above");
                if let Some(nick) = r.members.remove(&session) {
                    if !r.has_nickname(&nick) {
                        let client = self.clients.get(&session).map(String::as_str);
                        self.departures.add(room, &nick, client, now_ms);
                    }
                }
            }
            Vec::new()
        };
        self.nicknames.remove(&session);
        self.clients.remove(&session);
        effects
    }

    /// LEAVE for each departure whose grace period is over at `now_ms`.
    pub fn expire_departures(&mut self, now_ms: i64) -> Vec<Effect> {
        if self.departures.is_empty() {
            return Vec::new();
        }
        let mut due = self.departures.take_due(now_ms);
        due.retain(|(room, nick)| !self.rooms.get(room).is_some_and(|r| r.has_nickname(nick)));
        due.into_iter()
            .map(|(room, nick)| {
                let out = ChatMessage::new(MessageType::Leave, &room, &nick);
                self.broadcast(&room, out, now_ms)
            })
            .collect()
    }

    /// Removes the session from the room; LEAVE is broadcast when the nickname's last session
    /// there goes, so a second tab closing does not announce a departure.
    fn leave(&mut self, session: SessionId, room: &str, now_ms: i64) -> Option<Effect> {
        let r = self.rooms.get_mut(room)?;
        let nick = r.members.remove(&session)?;
        if r.has_nickname(&nick) {
            return None;
        }
        self.departures.cancel(room, &nick);
        let out = ChatMessage::new(MessageType::Leave, room, &nick);
        Some(self.broadcast(room, out, now_ms))
    }

    fn broadcast(&mut self, room: &str, mut message: ChatMessage, now_ms: i64) -> Effect {
        self.stamp(&mut message, now_ms);
        Effect::Broadcast {
            room: room.to_owned(),
            message,
        }
    }

    fn stamp(&mut self, message: &mut ChatMessage, now_ms: i64) {
        self.next_id += 1;
        message.id = Some(format!("{}-{}", self.id_prefix, self.next_id));
        message.timestamp = Some(now_ms);
    }

    /// The sender a message is attributed to: the nickname the session joined the room with,
    /// else the one it joined any room with, else (not joined at all) the payload's claim.
    fn sender_for(
        &self,
        session: SessionId,
        room: Option<&str>,
        claimed: &str,
    ) -> Result<String, String> {
        let in_room = room
            .and_then(|r| self.rooms.get(r))
            .and_then(|r| r.members.get(&session));
        if let Some(nick) = in_room.or_else(|| self.nicknames.get(&session)) {
            return Ok(nick.clone());
        }
        let claimed = claimed.trim();
        self.check_nickname(claimed)?;
        Ok(claimed.to_owned())
    }

    fn check_nickname(&self, nick: &str) -> Result<(), String> {
        if nick.is_empty() {
            return Err("a nickname (\"sender\") is required".into());
        }
        if nick.chars().count() > self.limits.max_nickname {
            return Err(format!(
                "nickname longer than {} characters",
                self.limits.max_nickname
            ));
        }
        if nick.chars().any(char::is_control) {
            return Err("nickname contains control characters".into());
        }
        Ok(())
    }

    fn check_content(&self, content: &str) -> Result<(), String> {
        if content.trim().is_empty() {
            return Err("message content is empty".into());
        }
        if content.len() > self.limits.max_content {
            return Err(format!(
                "message content longer than {} bytes",
                self.limits.max_content
            ));
        }
        Ok(())
    }

    /// Makes sure the room exists and marks it active. When the room table is full the least
    /// recently active room nobody is in is forgotten; if everyone is busy, the room is refused.
    fn touch_room(&mut self, room: &str) -> Result<(), String> {
        self.tick += 1;
        if !self.rooms.contains_key(room) && self.rooms.len() >= self.limits.max_rooms {
            let idle = self
                .rooms
                .iter()
                .filter(|(_, r)| r.members.is_empty())
                .min_by_key(|(_, r)| r.last_active)
                .map(|(name, _)| name.clone());
            match idle {
                Some(name) => {
                    self.rooms.remove(&name);
                }
                None => {
                    return Err(format!(
                        "room limit of {} reached; join an existing room",
                        self.limits.max_rooms
                    ))
                }
            }
        }
        let tick = self.tick;
        self.rooms.entry(room.to_owned()).or_default().last_active = tick;
        Ok(())
    }
}

#[cfg(test)]
#[path = "chat_tests.rs"]
mod tests;
