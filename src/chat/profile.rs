//! Server profiles: which destinations a chat uses on a given kind of server.

use chat_proto::dest;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ProfileKind {
    /// Spring Boot `@MessageMapping` backends and our dev broker.
    #[default]
    Spring,
    /// Any broker with `/topic` (RabbitMQ Web STOMP, ActiveMQ): clients talk on topics.
    Plain,
    Custom,
}

/// Destination templates; `{room}` and `{user}` are filled in. An empty template means
/// "this server has no such thing", and the chat does without or does it on the topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Templates {
    /// Where a chat message is sent.
    pub publish: String,
    /// Where the room's messages arrive.
    pub subscribe: String,
    /// Empty: announce JOIN/LEAVE/TYPING by publishing them like messages.
    pub join: String,
    pub leave: String,
    pub typing: String,
    /// A one-time answer with history and participants on subscribe; empty: none.
    pub history: String,
    /// Where a private message to `{user}` is sent; empty: no private messages.
    pub private_send: String,
    /// Where our private messages arrive (`{user}` is us).
    pub private_subscribe: String,
    /// Where the server reports our bad requests; empty: nowhere.
    pub errors: String,
    /// The server stamps sender, id and time; otherwise the client does.
    pub server_stamps: bool,
    /// Ask for a RECEIPT on each message (Spring gives none; RabbitMQ and the dev broker do).
    pub receipts: bool,
}

impl ProfileKind {
    pub const ALL: [ProfileKind; 3] =
        [ProfileKind::Spring, ProfileKind::Plain, ProfileKind::Custom];

    pub fn id(self) -> &'static str {
        match self {
            ProfileKind::Spring => "spring",
            ProfileKind::Plain => "plain",
            ProfileKind::Custom => "custom",
        }
    }

    pub fn from_id(id: &str) -> ProfileKind {
        match id {
            "plain" => ProfileKind::Plain,
            "custom" => ProfileKind::Custom,
            _ => ProfileKind::Spring,
        }
    }

    /// The templates of a built-in profile (a custom one starts from Spring's).
    pub fn templates(self) -> Templates {
        match self {
            ProfileKind::Spring | ProfileKind::Custom => Templates {
                publish: dest::post("{room}"),
                subscribe: dest::room_topic("{room}"),
                join: dest::join("{room}"),
                leave: dest::leave("{room}"),
                typing: dest::typing("{room}"),
                history: dest::history("{room}"),
                private_send: dest::PRIVATE.into(),
                private_subscribe: dest::PRIVATE_QUEUE.into(),
                errors: dest::ERRORS_QUEUE.into(),
                server_stamps: true,
                receipts: false,
            },
            // RabbitMQ treats what follows /topic/ as a routing key: dots, not slashes.
            ProfileKind::Plain => Templates {
                publish: "/topic/chat.{room}".into(),
                subscribe: "/topic/chat.{room}".into(),
                join: String::new(),
                leave: String::new(),
                typing: String::new(),
                history: String::new(),
                private_send: "/topic/private.{user}".into(),
                private_subscribe: "/topic/private.{user}".into(),
                errors: String::new(),
                server_stamps: false,
                receipts: true,
            },
        }
    }
}

/// Fills a template; `None` for an empty one.
pub fn expand(template: &str, room: &str, user: &str) -> Option<String> {
    if template.trim().is_empty() {
        return None;
    }
    Some(template.replace("{room}", room).replace("{user}", user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_profile_uses_the_shared_destinations() {
        let t = ProfileKind::Spring.templates();
        assert_eq!(
            expand(&t.publish, "general", "ann").unwrap(),
            dest::post("general")
        );
        assert_eq!(
            expand(&t.history, "general", "ann").unwrap(),
            dest::history("general")
        );
        assert!(t.server_stamps);
    }

    #[test]
    fn plain_profile_talks_on_topics_only() {
        let t = ProfileKind::Plain.templates();
        assert_eq!(expand(&t.publish, "r1", "ann").unwrap(), "/topic/chat.r1");
        assert_eq!(
            expand(&t.publish, "r1", "ann"),
            expand(&t.subscribe, "r1", "x")
        );
        assert_eq!(expand(&t.history, "r1", "ann"), None);
        assert_eq!(
            expand(&t.private_subscribe, "", "ann").unwrap(),
            "/topic/private.ann"
        );
        assert!(!t.server_stamps);
    }

    #[test]
    fn ids_round_trip() {
        for k in ProfileKind::ALL {
            assert_eq!(ProfileKind::from_id(k.id()), k);
        }
    }
}
