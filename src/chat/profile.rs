//! Server profiles: which destinations a chat uses on a given kind of server, and the facts
//! about that server the delivery rules depend on (receipts, echoed ids, frame limits).

use chat_proto::dest;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ProfileKind {
    /// Our dev broker: rooms, history, presence, typing and private messages.
    #[default]
    #[serde(alias = "Spring")]
    DevBroker,
    /// The controller Spring Boot chat tutorials write: `/app/chat.sendMessage` and
    /// `/app/chat.addUser` broadcast on `/topic/public`; the server announces LEAVE itself.
    SpringTutorial,
    /// The smallest Spring backend: `@MessageMapping("/chat") @SendTo("/topic/messages")`.
    SpringSimple,
    /// Any broker with `/topic` (RabbitMQ Web STOMP, ActiveMQ): clients talk on topics.
    Plain,
    /// "Plain broker" on RabbitMQ with history: chat messages also kept in a RabbitMQ stream
    /// per room (replicated across a cluster), read by every page that joins.
    RabbitStream,
    Custom,
}

/// Spring's default STOMP message limit (`WebSocketTransportRegistration`), whole frame.
pub const SPRING_FRAME_LIMIT: usize = 64 * 1024;
/// An untuned Tomcat closes (1009) on a single text WebSocket message over 16,640 bytes;
/// Spring reassembles a frame split into smaller ones.
pub const TOMCAT_WS_MESSAGE: usize = 16 * 1024;

/// Destination templates; `{room}` and `{user}` are filled in. An empty template switches
/// that feature off: the app never publishes what the server did not ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Templates {
    /// Where a chat message is sent.
    pub publish: String,
    /// Where the room's messages arrive. Without `{room}` the server has one room.
    pub subscribe: String,
    pub join: String,
    pub leave: String,
    pub typing: String,
    /// A one-time answer with history and participants on subscribe.
    pub history: String,
    /// Where a private message to `{user}` is sent.
    pub private_send: String,
    /// Where our private messages arrive (`{user}` is us).
    pub private_subscribe: String,
    /// Where the server reports our bad requests.
    pub errors: String,
    /// The server stamps sender, id and time; otherwise the client does.
    pub server_stamps: bool,
    /// Ask for a RECEIPT on each message (Spring gives none; RabbitMQ and ActiveMQ do).
    pub receipts: bool,
    /// The broadcast carries our `clientId` back (a Spring POJO drops fields it does not
    /// declare, so there our message is recognised by sender, type and content).
    pub echo_ids: bool,
    /// The longest STOMP frame the server takes, in bytes; 0: unknown, not checked.
    pub max_frame: usize,
    /// Split frames into WebSocket messages of at most this many bytes; 0: never split
    /// (ActiveMQ's transport reads each message as one whole frame).
    pub ws_split: usize,
    /// RabbitMQ only: the name of the room's stream, where its chat messages are kept and
    /// read back as history (`src/chat/stream_history.rs`); empty: no stream.
    pub stream: String,
    /// No participant list on the server: announce ourselves periodically and let people
    /// not heard from expire (`presence.rs`).
    pub presence_refresh: bool,
}

impl Default for Templates {
    fn default() -> Self {
        ProfileKind::DevBroker.templates()
    }
}

impl ProfileKind {
    pub const ALL: [ProfileKind; 6] = [
        ProfileKind::DevBroker,
        ProfileKind::SpringTutorial,
        ProfileKind::SpringSimple,
        ProfileKind::Plain,
        ProfileKind::RabbitStream,
        ProfileKind::Custom,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ProfileKind::DevBroker => "devbroker",
            ProfileKind::SpringTutorial => "spring-tutorial",
            ProfileKind::SpringSimple => "spring-simple",
            ProfileKind::Plain => "plain",
            ProfileKind::RabbitStream => "rabbitmq-stream",
            ProfileKind::Custom => "custom",
        }
    }

    pub fn from_id(id: &str) -> Option<ProfileKind> {
        ProfileKind::ALL
            .into_iter()
            .find(|p| p.id() == id)
            // The dev broker's profile was called "spring" before the Spring presets.
            .or((id == "spring").then_some(ProfileKind::DevBroker))
    }

    /// The templates of a built-in profile (a custom one starts from the dev broker's).
    pub fn templates(self) -> Templates {
        let off = String::new;
        match self {
            ProfileKind::DevBroker | ProfileKind::Custom => Templates {
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
                echo_ids: true,
                max_frame: SPRING_FRAME_LIMIT,
                ws_split: 0,
                stream: off(),
                presence_refresh: false,
            },
            ProfileKind::SpringTutorial => Templates {
                publish: "/app/chat.sendMessage".into(),
                subscribe: "/topic/public".into(),
                join: "/app/chat.addUser".into(),
                leave: off(),
                typing: off(),
                history: off(),
                private_send: off(),
                private_subscribe: off(),
                errors: off(),
                server_stamps: false,
                receipts: false,
                echo_ids: false,
                max_frame: SPRING_FRAME_LIMIT,
                ws_split: TOMCAT_WS_MESSAGE,
                stream: off(),
                presence_refresh: false,
            },
            ProfileKind::SpringSimple => Templates {
                publish: "/app/chat".into(),
                subscribe: "/topic/messages".into(),
                join: off(),
                leave: off(),
                ..ProfileKind::SpringTutorial.templates()
            },
            // RabbitMQ treats what follows /topic/ as a routing key: dots, not slashes.
            ProfileKind::Plain => Templates {
                publish: "/topic/chat.{room}".into(),
                subscribe: "/topic/chat.{room}".into(),
                join: "/topic/chat.{room}".into(),
                leave: "/topic/chat.{room}".into(),
                typing: "/topic/chat.{room}".into(),
                history: off(),
                private_send: "/topic/private.{user}".into(),
                private_subscribe: "/topic/private.{user}".into(),
                errors: off(),
                server_stamps: false,
                receipts: true,
                echo_ids: true,
                max_frame: 0,
                ws_split: 0,
                stream: off(),
                presence_refresh: true,
            },
            // Chat messages go to the room's stream (the only way into it over STOMP is
            // `/amq/queue/`); join, leave and typing stay on the topic: not worth keeping.
            ProfileKind::RabbitStream => Templates {
                publish: "/amq/queue/chat-history.{room}".into(),
                stream: "chat-history.{room}".into(),
                ..ProfileKind::Plain.templates()
            },
        }
    }
}

impl Templates {
    /// One room per topic: `{room}` in the subscription. Otherwise the server has one room.
    pub fn has_rooms(&self) -> bool {
        self.subscribe.contains("{room}")
    }

    /// The name of the only room of a server without rooms: the topic's last segment.
    pub fn single_room(&self) -> Option<String> {
        if self.has_rooms() {
            return None;
        }
        let last = self.subscribe.rsplit(['/', '.']).next().unwrap_or_default();
        Some(if last.is_empty() { "chat" } else { last }.to_owned())
    }

    /// The rooms a connection with these templates joins: a one-room server's room,
    /// otherwise the rooms saved from last time, or `general` the first time.
    pub fn rooms_to_join(&self, saved: &[String]) -> Vec<String> {
        match self.single_room() {
            Some(only) => vec![only],
            None if saved.is_empty() => vec!["general".into()],
            None => saved.to_vec(),
        }
    }

    pub fn has_private(&self) -> bool {
        !self.private_send.trim().is_empty()
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
    fn rooms_to_join_follow_the_profile() {
        let saved = vec!["random".to_owned(), "rust".to_owned()];
        let dev = ProfileKind::DevBroker.templates();
        assert_eq!(dev.rooms_to_join(&[]), vec!["general"]);
        assert_eq!(dev.rooms_to_join(&saved), saved);
        // A one-room server joins its room whatever was saved from another server.
        let tutorial = ProfileKind::SpringTutorial.templates();
        assert_eq!(tutorial.rooms_to_join(&saved), vec!["public"]);
        assert_eq!(
            ProfileKind::SpringSimple.templates().rooms_to_join(&[]),
            vec!["messages"]
        );
    }

    #[test]
    fn dev_broker_profile_uses_the_shared_destinations() {
        let t = ProfileKind::DevBroker.templates();
        assert_eq!(
            expand(&t.publish, "general", "ann").unwrap(),
            dest::post("general")
        );
        assert_eq!(
            expand(&t.history, "general", "ann").unwrap(),
            dest::history("general")
        );
        assert!(t.server_stamps && t.echo_ids && t.has_rooms());
    }

    #[test]
    fn spring_presets_match_the_tutorial_controllers() {
        let t = ProfileKind::SpringTutorial.templates();
        assert_eq!(t.publish, "/app/chat.sendMessage");
        assert_eq!(t.subscribe, "/topic/public");
        assert_eq!(t.join, "/app/chat.addUser");
        // The server announces LEAVE; typing, history and private messages do not exist.
        for off in [&t.leave, &t.typing, &t.history, &t.private_send, &t.errors] {
            assert_eq!(expand(off, "r", "u"), None);
        }
        assert!(!t.echo_ids && !t.receipts);
        assert_eq!((t.max_frame, t.ws_split), (65_536, 16_384));
        assert_eq!(t.single_room().as_deref(), Some("public"));

        let s = ProfileKind::SpringSimple.templates();
        assert_eq!(
            (s.publish.as_str(), s.subscribe.as_str()),
            ("/app/chat", "/topic/messages")
        );
        assert_eq!(expand(&s.join, "r", "u"), None);
        assert_eq!(s.single_room().as_deref(), Some("messages"));
    }

    #[test]
    fn plain_profile_talks_on_topics_only() {
        let t = ProfileKind::Plain.templates();
        assert_eq!(expand(&t.publish, "r1", "ann").unwrap(), "/topic/chat.r1");
        assert_eq!(
            expand(&t.typing, "r1", "ann"),
            expand(&t.subscribe, "r1", "x")
        );
        assert_eq!(expand(&t.history, "r1", "ann"), None);
        assert_eq!(
            expand(&t.private_subscribe, "", "ann").unwrap(),
            "/topic/private.ann"
        );
        assert!(!t.server_stamps && t.receipts && t.single_room().is_none());
        assert_eq!(
            t.ws_split, 0,
            "ActiveMQ takes each WebSocket message as a whole frame"
        );
    }

    #[test]
    fn rabbit_stream_profile_publishes_to_the_stream_it_reads() {
        let t = ProfileKind::RabbitStream.templates();
        let name = expand(&t.stream, "r1", "ann").unwrap();
        assert_eq!(
            expand(&t.publish, "r1", "ann").unwrap(),
            crate::chat::stream_history::publish_destination(&name)
        );
        assert_eq!(t.subscribe, ProfileKind::Plain.templates().subscribe);
        assert!(t.receipts && t.echo_ids);
        // No SEND on a stream profile's connection asks for a RECEIPT (stream_history.rs).
        use crate::chat::model::RoomKey;
        use crate::chat::sender::confirm_mode;
        use stomp::web::Confirm;
        let room = RoomKey::Room("r1".into());
        assert_eq!(confirm_mode(&room, &t), Confirm::Echo);
        assert_eq!(
            confirm_mode(&RoomKey::Direct("bob".into()), &t),
            Confirm::None
        );
        let plain = ProfileKind::Plain.templates();
        assert_eq!(confirm_mode(&room, &plain), Confirm::Receipt);
        for other in ProfileKind::ALL {
            if other != ProfileKind::RabbitStream {
                assert_eq!(
                    expand(&other.templates().stream, "r", "u"),
                    None,
                    "{other:?}"
                );
            }
        }
    }

    #[test]
    fn ids_round_trip_and_the_old_id_still_works() {
        for k in ProfileKind::ALL {
            assert_eq!(ProfileKind::from_id(k.id()), Some(k));
        }
        assert_eq!(ProfileKind::from_id("spring"), Some(ProfileKind::DevBroker));
        assert_eq!(ProfileKind::from_id("nope"), None);
    }

    #[test]
    fn stored_settings_from_before_the_presets_still_load() {
        let old: ProfileKind = serde_json::from_str(r#""Spring""#).unwrap();
        assert_eq!(old, ProfileKind::DevBroker);
        let t: Templates =
            serde_json::from_str(r#"{"publish":"/app/x","subscribe":"/topic/x"}"#).unwrap();
        assert_eq!(t.publish, "/app/x");
        assert_eq!(t.max_frame, SPRING_FRAME_LIMIT);
    }
}
