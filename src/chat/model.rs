//! The chat's domain values: rooms, messages, delivery, connection status.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

use super::diagnose::Diagnosis;
use super::names::{LastHeard, NameSet};
use super::seen::SeenKeys;

/// Milliseconds since the Unix epoch (the browser's `Date.now()` or a server stamp).
pub type Millis = i64;

/// How long a "X is typing…" notice lasts without a fresh typing event.
pub const TYPING_TTL: Millis = 5_000;

/// Messages kept per conversation; older ones are forgotten first. This is what bounds the
/// app's memory in a busy room (about 200 bytes of state per message), well above what a person
/// scrolls back through; the list renders only a window of it.
pub const MAX_ROOM_MESSAGES: usize = 20_000;

/// A conversation: a public room, or private messages with one participant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RoomKey {
    Room(String),
    Direct(String),
}

impl RoomKey {
    pub fn name(&self) -> &str {
        match self {
            RoomKey::Room(n) | RoomKey::Direct(n) => n,
        }
    }
    pub fn is_direct(&self) -> bool {
        matches!(self, RoomKey::Direct(_))
    }
}

impl fmt::Display for RoomKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoomKey::Room(n) => write!(f, "#{n}"),
            RoomKey::Direct(n) => write!(f, "@{n}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgKind {
    Chat,
    Private,
    Joined,
    Left,
    /// A body that is not our JSON (another publisher, or a malformed payload): shown as text.
    Plain,
}

/// Where one of our own messages is on its way out. Others' messages are `Received`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Received,
    /// Not written yet: waiting for a connection (or for the room to be in sync).
    Queued,
    /// Written to an open socket; its RECEIPT or its echo on the room has not come yet.
    #[serde(alias = "Pending")]
    Sent,
    /// Confirmed: a RECEIPT, or our own message seen coming back.
    Delivered,
    /// Written, but the connection ended before it was confirmed, on a server without
    /// receipts: it may not have arrived. Never re-sent without the person asking.
    Uncertain,
    Failed(String),
}

impl Delivery {
    /// Not yet confirmed by the server in any way: the message must survive a reload.
    pub fn unconfirmed(&self) -> bool {
        matches!(
            self,
            Delivery::Queued | Delivery::Sent | Delivery::Uncertain | Delivery::Failed(_)
        )
    }

    /// Waits for the person: Retry or Discard.
    pub fn needs_attention(&self) -> bool {
        matches!(self, Delivery::Uncertain | Delivery::Failed(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: Option<String>,
    pub client_id: Option<String>,
    pub sender: String,
    pub kind: MsgKind,
    pub text: String,
    pub at: Millis,
    pub own: bool,
    pub delivery: Delivery,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub key: RoomKey,
    /// Oldest first. `Rc` so a new state version copies pointers, not text.
    pub messages: Vec<Rc<Msg>>,
    pub participants: NameSet,
    /// When each person was last heard from, where presence expires (`presence.rs`).
    pub heard: LastHeard,
    /// Who is typing, and until when.
    pub typing: Vec<(String, Millis)>,
    pub unread: u32,
    /// Unread messages that mention us (also counted in `unread`).
    pub mentions: u32,
    /// Index in `messages` of the first message that arrived unread: where the "New
    /// messages" divider sits until the person leaves the room (see `reading.rs`).
    pub divider: Option<usize>,
    /// The room's subscriptions are live and its history (if any) merged: safe to flush the outbox.
    pub synced: bool,
    /// The identities of `messages`; kept in step by every method here that adds, removes or
    /// changes one (so change messages' ids only through them).
    seen: SeenKeys,
}

impl Room {
    pub fn new(key: RoomKey) -> Self {
        Room {
            key,
            messages: Vec::new(),
            participants: NameSet::new(),
            heard: Default::default(),
            typing: Vec::new(),
            unread: 0,
            mentions: 0,
            divider: None,
            synced: false,
            seen: SeenKeys::default(),
        }
    }

    /// Appends a message, forgetting the oldest beyond [`MAX_ROOM_MESSAGES`].
    pub fn push(&mut self, msg: Msg) {
        self.seen.add(&msg);
        self.messages.push(Rc::new(msg));
        self.trim();
    }

    /// Finds the message already shown that `msg` duplicates (see [`same`]), newest first,
    /// and lets `update` fill it in. False if there is none.
    pub fn update_same(&mut self, msg: &Msg, update: impl FnOnce(&mut Msg)) -> bool {
        if !self.seen.may_contain(msg) {
            return false;
        }
        let Some(existing) = self.messages.iter_mut().rev().find(|e| same(e, msg)) else {
            return false;
        };
        self.seen.remove(existing);
        let e = Rc::make_mut(existing);
        update(e);
        self.seen.add(e);
        true
    }

    /// Removes our own message with this client id (discarded before it was confirmed).
    pub fn remove_own(&mut self, client_id: &str) {
        if let Some(pos) = self
            .messages
            .iter()
            .rposition(|m| m.own && m.client_id.as_deref() == Some(client_id))
        {
            let m = self.messages.remove(pos);
            self.seen.remove(&m);
            self.divider = self.divider.map(|d| if pos < d { d - 1 } else { d });
        }
    }

    /// Forgets the oldest messages beyond [`MAX_ROOM_MESSAGES`]. Drained in batches of a
    /// tenth of the cap so a full room does not shift the whole list on every message.
    pub fn trim(&mut self) {
        if self.messages.len() > MAX_ROOM_MESSAGES {
            let excess = self.messages.len() - MAX_ROOM_MESSAGES + MAX_ROOM_MESSAGES / 10;
            for m in self.messages.drain(..excess) {
                self.seen.remove(&m);
            }
            self.divider = self.divider.map(|d| d.saturating_sub(excess));
        }
    }

    pub fn typing_names(&self) -> Vec<&str> {
        self.typing.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Whether two messages are one: the same server id, or the same client id from the same
/// sender or on two messages of ours.
pub fn same(a: &Msg, b: &Msg) -> bool {
    if let (Some(x), Some(y)) = (&a.id, &b.id) {
        if x == y {
            return true;
        }
    }
    match (&a.client_id, &b.client_id) {
        (Some(x), Some(y)) => x == y && (a.sender == b.sender || (a.own && b.own)),
        _ => false,
    }
}

/// An unconfirmed message of ours; the outbox is persisted so these survive a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub client_id: String,
    /// Our nickname when we wrote it (a reload restores the outbox before we connect).
    #[serde(default)]
    pub sender: String,
    pub room: RoomKey,
    pub text: String,
    pub at: Millis,
    pub delivery: Delivery,
    /// Written with a RECEIPT requested: unconfirmed, it may be written again (receivers
    /// de-duplicate by client id). Without, a written message is never re-sent unasked.
    #[serde(default)]
    pub receipt: bool,
    /// Times handed to a connection, over reloads; bounds any re-send loop.
    #[serde(default)]
    pub attempts: u32,
}

/// Writes of one message after which it is given up, across reconnects and reloads.
pub const MAX_ATTEMPTS: u32 = 3;

impl Outgoing {
    /// What an entry becomes when the session that wrote it is gone (a reload, a new
    /// connection): never written, or written with a receipt and unconfirmed, it goes
    /// again, within [`MAX_ATTEMPTS`]; written without a receipt, it may have arrived.
    pub fn orphaned(&self) -> Delivery {
        match &self.delivery {
            Delivery::Sent if !self.receipt => Delivery::Uncertain,
            Delivery::Queued | Delivery::Sent if self.attempts >= MAX_ATTEMPTS => {
                Delivery::Failed(format!("not confirmed after {} attempts", self.attempts))
            }
            Delivery::Sent => Delivery::Queued,
            other => other.clone(),
        }
    }
}

/// Why a connection ended, in terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    BadCredentials,
    UnknownDestination(String),
    /// The login was accepted, but the user may not use a destination the profile needs
    /// (ActiveMQ: "User x is not authorized to read from: queue://…").
    Forbidden(String),
    /// The socket closed without a word (server stopped, network gone).
    ServerGone,
    /// This client never reached CONNECTED and nothing more is known (yet).
    Unreachable,
    /// This client never reached CONNECTED; an HTTP probe of the endpoint says why.
    CouldNotConnect(Diagnosis),
    /// The server sent an ERROR we cannot classify.
    Server(String),
    /// We broke the protocol or the server did.
    Protocol(String),
    /// The person pressed "Disconnect".
    ByUser,
    /// Someone else is connected with this nickname; `free` is one the server says is not.
    NicknameTaken {
        nick: String,
        free: String,
    },
}

impl Reason {
    /// Never connected (as opposed to a connection lost): the status says "could not connect".
    pub fn never_connected(&self) -> bool {
        matches!(self, Reason::Unreachable | Reason::CouldNotConnect(_))
    }

    /// Classifies an ERROR frame by its `message` header and body, as brokers word them
    /// (RabbitMQ "Bad CONNECT" / "Access refused", Spring "Failed to authenticate", …).
    pub fn from_error(message: &str, body: &str) -> Reason {
        if let Some(taken) = super::identity::nickname_taken(message) {
            return taken;
        }
        // ASCII folding: every keyword below is ASCII (brokers word errors in English).
        let all = format!("{message} {body}").to_ascii_lowercase();
        // Before the login words: "not authorized" also appears in these.
        let forbidden = [
            "not authorized to read",
            "not authorized to write",
            "not authorized to create",
        ];
        if forbidden.iter().any(|w| all.contains(w)) {
            let text = if message.trim().is_empty() {
                body
            } else {
                message
            };
            return Reason::Forbidden(text.trim().to_owned());
        }
        let auth = [
            "bad connect",
            "login",
            "passcode",
            "password",
            "credential",
            "authenticat",
            "access refused",
            "not authorized",
            "unauthorized",
        ];
        if auth.iter().any(|w| all.contains(w)) {
            Reason::BadCredentials
        } else if all.contains("destination") {
            Reason::UnknownDestination(message.trim().to_owned())
        } else {
            Reason::Server(
                if message.trim().is_empty() {
                    body
                } else {
                    message
                }
                .trim()
                .to_owned(),
            )
        }
    }
}

/// The connection as the status bar shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Connection {
    /// The connect screen: nothing attempted yet, or signed out.
    #[default]
    Offline,
    Connecting {
        attempt: u32,
    },
    Connected {
        version: String,
        /// Negotiated (client sends every, expects server every) in ms; 0 = off.
        heart_beat: (u32, u32),
        server: Option<String>,
        /// With several broker URLs: the one this connection went to (which node).
        node: Option<String>,
    },
    Reconnecting {
        attempt: u32,
        retry_at: Millis,
        reason: Reason,
    },
    /// Gave up (e.g. bad password): the person has to change something.
    Failed {
        reason: Reason,
    },
}

impl Connection {
    pub fn is_connected(&self) -> bool {
        matches!(self, Connection::Connected { .. })
    }
    /// Whether the chat screen (not the connect screen) is shown.
    pub fn in_session(&self) -> bool {
        !matches!(self, Connection::Offline | Connection::Failed { .. })
    }
}

/// Something the server or the app wants the person to know, outside any message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub body: NoticeBody,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeBody {
    /// The server's own words.
    Text(String),
    /// The room's history subscription went unanswered: this server keeps no history.
    NoHistory(String),
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
