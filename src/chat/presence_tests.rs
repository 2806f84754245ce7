//! Presence on a plain broker, through the reducer: announcements refresh silently, people
//! not heard from expire, history lists nobody, and the dev broker's behaviour is unchanged.

use super::tests::{room, run};
use super::*;
use crate::chat::presence::PRESENCE_TTL_MS;

fn session(presence_expiry: bool) -> Vec<Action> {
    vec![
        Action::NewSession {
            me: "ann".into(),
            features: Features {
                presence_expiry,
                ..Features::default()
            },
        },
        Action::Join("r".into()),
    ]
}

fn says(kind: MessageType, sender: &str, at: Millis, now: Millis) -> Action {
    let mut m = ChatMessage::new(kind, "r", sender).with_content("hi");
    m.id = Some(format!("{sender}-{at}-{kind:?}"));
    m.timestamp = Some(at);
    Action::Incoming {
        room: room("r"),
        payload: Incoming::Chat(m),
        now,
    }
}

fn people(s: &ChatState) -> Vec<String> {
    let r = s.rooms.iter().find(|r| r.key == room("r")).unwrap();
    r.participants.iter().cloned().collect()
}

fn joined_lines(s: &ChatState) -> usize {
    let r = s.rooms.iter().find(|r| r.key == room("r")).unwrap();
    r.messages
        .iter()
        .filter(|m| m.kind == MsgKind::Joined)
        .count()
}

#[test]
fn announcements_refresh_silently_and_silence_expires() {
    let mut actions = session(true);
    actions.push(says(MessageType::Join, "bob", 1_000, 1_000));
    // Bob's page announces itself again, and again after a failover: no new lines.
    actions.push(says(MessageType::Join, "bob", 31_000, 31_000));
    actions.push(says(MessageType::Join, "bob", 40_000, 40_000));
    actions.push(says(MessageType::Join, "cat", 50_000, 50_000));
    let s = run(actions.clone());
    assert_eq!(people(&s), ["bob", "cat"]);
    assert_eq!(joined_lines(&s), 2);
    actions.push(Action::PresenceTick(40_000 + PRESENCE_TTL_MS + 1));
    let s = run(actions.clone());
    assert_eq!(people(&s), ["cat"], "bob stopped announcing");
    // Back after expiring: a "joined" line again.
    actions.push(says(MessageType::Join, "bob", 200_000, 200_000));
    let s = run(actions);
    assert_eq!(people(&s), ["bob", "cat"]);
    assert_eq!(joined_lines(&s), 3);
}

#[test]
fn typing_and_talking_count_as_heard_but_old_history_does_not() {
    let now = 10 * PRESENCE_TTL_MS;
    let mut actions = session(true);
    actions.push(says(MessageType::Chat, "old", 1_000, now));
    actions.push(says(MessageType::Chat, "recent", now - 5_000, now));
    actions.push(says(MessageType::Typing, "typist", now, now));
    let s = run(actions);
    assert_eq!(people(&s), ["recent", "typist"]);
}

#[test]
fn without_expiry_the_dev_broker_rules_hold() {
    let mut actions = session(false);
    actions.push(says(MessageType::Join, "bob", 1_000, 1_000));
    actions.push(says(MessageType::Join, "bob", 2_000, 2_000));
    actions.push(says(MessageType::Chat, "old", 1, 10 * PRESENCE_TTL_MS));
    actions.push(Action::PresenceTick(100 * PRESENCE_TTL_MS));
    let s = run(actions);
    assert_eq!(people(&s), ["bob", "old"]);
    assert_eq!(joined_lines(&s), 2, "every JOIN shows, as before");
}
