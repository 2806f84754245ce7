//! The chat's wire payloads and destinations, shared by the dev broker and the app.
//!
//! The JSON mirrors what a Spring `@MessageMapping` handler exchanges with a `ChatMessage`
//! POJO (`type`, `sender`, `content`, plus `id`, `room`, `timestamp`), so the app works
//! against such a backend unchanged.

use serde::{Deserialize, Serialize};

/// What a chat message is about. Serialized as Spring serializes a Java enum: `"CHAT"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MessageType {
    Chat,
    Join,
    Leave,
    Typing,
    Private,
}

/// One chat event, as posted by a client and as broadcast by the server.
///
/// Clients fill `type`, `room`, `content` (and `to` for a private message) and may set
/// `clientId` so they can recognise their own message when it comes back. The server stamps
/// `id`, `sender` and `timestamp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    #[serde(rename = "type")]
    pub kind: MessageType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub sender: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Milliseconds since the Unix epoch, server time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// Recipient nickname of a private message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A client-chosen id echoed back by the server, to match a sent message to its broadcast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

impl ChatMessage {
    pub fn new(kind: MessageType, room: &str, sender: &str) -> Self {
        ChatMessage {
            kind,
            id: None,
            room: room.to_owned(),
            sender: sender.to_owned(),
            content: None,
            timestamp: None,
            to: None,
            client_id: None,
        }
    }

    pub fn with_content(mut self, content: &str) -> Self {
        self.content = Some(content.to_owned());
        self
    }
}

/// The answer to subscribing to [`dest::history`]: sent once to the subscriber, like
/// Spring's `@SubscribeMapping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomSnapshot {
    pub room: String,
    /// Oldest first, bounded by the server.
    pub history: Vec<ChatMessage>,
    /// Nicknames currently in the room, sorted.
    pub participants: Vec<String>,
}

/// An error the server reports to one session on `/user/queue/errors` (the connection stays up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerNotice {
    pub message: String,
}

/// Destinations of the "Spring Boot / dev broker" profile.
pub mod dest {
    /// Application prefix: SENDs here go to server handlers, never straight to subscribers.
    pub const APP_PREFIX: &str = "/app";

    /// SEND a [`super::MessageType::Chat`] message to a room.
    pub fn post(room: &str) -> String {
        format!("/app/chat/{room}")
    }
    /// SEND to join a room under the nickname in `sender` (the server remembers it).
    pub fn join(room: &str) -> String {
        format!("/app/chat/{room}/join")
    }
    /// SEND to leave a room.
    pub fn leave(room: &str) -> String {
        format!("/app/chat/{room}/leave")
    }
    /// SEND a typing notice.
    pub fn typing(room: &str) -> String {
        format!("/app/chat/{room}/typing")
    }
    /// SUBSCRIBE for the one-time [`super::RoomSnapshot`].
    pub fn history(room: &str) -> String {
        format!("/app/chat/{room}/history")
    }
    /// SEND a private message (`to` set); delivered on [`PRIVATE_QUEUE`] of the recipient.
    pub const PRIVATE: &str = "/app/private";
    /// SUBSCRIBE for the room's broadcasts.
    pub fn room_topic(room: &str) -> String {
        format!("/topic/chat/{room}")
    }
    /// SUBSCRIBE for private messages addressed to this session's user.
    pub const PRIVATE_QUEUE: &str = "/user/queue/private";
    /// SUBSCRIBE for notices about this session's own bad requests.
    pub const ERRORS_QUEUE: &str = "/user/queue/errors";
}

/// A room name is safe in a destination: 1–64 of letters, digits, `-`, `_`, `.`.
pub fn valid_room(room: &str) -> bool {
    valid_room_with(room, char::is_alphanumeric)
}

/// [`valid_room`] with `is_alphanumeric` given: a wasm client may ask the browser's Unicode
/// data instead of linking std's tables.
pub fn valid_room_with(room: &str, is_alphanumeric: impl Fn(char) -> bool) -> bool {
    !room.is_empty()
        && room.len() <= 64
        && room
            .chars()
            .all(|c| is_alphanumeric(c) || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_matches_spring_shape() {
        let mut m = ChatMessage::new(MessageType::Chat, "general", "ann").with_content("Привет 🙂");
        m.timestamp = Some(1_700_000_000_000);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"type":"CHAT","room":"general","sender":"ann","content":"Привет 🙂","timestamp":1700000000000}"#
        );
        assert_eq!(serde_json::from_str::<ChatMessage>(&json).unwrap(), m);
    }

    #[test]
    fn minimal_spring_payload_parses() {
        let m: ChatMessage = serde_json::from_str(r#"{"type":"JOIN","sender":"bob"}"#).unwrap();
        assert_eq!(m.kind, MessageType::Join);
        assert_eq!(m.room, "");
        assert!(serde_json::from_str::<ChatMessage>(r#"{"type":"SHOUT"}"#).is_err());
    }

    #[test]
    fn room_names() {
        assert!(valid_room("general"));
        assert!(valid_room("комната-1"));
        assert!(!valid_room(""));
        assert!(!valid_room("a/b"));
        assert!(!valid_room(&"x".repeat(65)));
    }
}
