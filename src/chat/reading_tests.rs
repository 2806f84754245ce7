//! The "New messages" divider and mention counts.

use super::tests::{room, run};
use super::unread_tests::setup;
use super::*;

fn said(sender: &str, room_name: &str, id: &str, text: &str) -> Action {
    let mut m = ChatMessage::new(MessageType::Chat, room_name, sender).with_content(text);
    m.id = Some(id.into());
    m.timestamp = Some(id.parse::<i64>().unwrap_or(0) * 1_000);
    Action::Incoming {
        room: room(room_name),
        payload: Incoming::Chat(m),
        now: 5_000,
    }
}

/// The text of the message the divider sits above.
fn divided_at(s: &ChatState, name: &str) -> Option<String> {
    let r = s.room(&room(name)).unwrap();
    r.divider.map(|d| r.messages[d].text.clone())
}

#[test]
fn a_room_opens_with_the_divider_above_its_first_unread_message() {
    let mut a = setup();
    a.push(said("bob", "side", "1", "read before"));
    a.push(Action::Select(room("side")));
    a.push(Action::Select(room("general")));
    a.push(said("bob", "side", "2", "first new"));
    a.push(said("cat", "side", "3", "second new"));
    let s = run(a);
    assert_eq!(s.room(&room("side")).unwrap().unread, 2);
    assert_eq!(divided_at(&s, "side").as_deref(), Some("first new"));
    let s = s.reduce(Action::Select(room("side")));
    assert_eq!(s.room(&room("side")).unwrap().unread, 0, "opened: read");
    assert_eq!(
        divided_at(&s, "side").as_deref(),
        Some("first new"),
        "the divider shows where reading starts"
    );
    let s = s.reduce(said("bob", "side", "4", "while reading"));
    assert_eq!(
        divided_at(&s, "side").as_deref(),
        Some("first new"),
        "a message read as it arrives neither moves nor adds a divider"
    );
    let s = s.reduce(Action::Select(room("general")));
    assert_eq!(
        divided_at(&s, "side"),
        None,
        "left: everything there is read"
    );
}

#[test]
fn messages_arriving_in_the_room_in_view_make_no_divider() {
    let mut a = setup();
    a.push(said("bob", "general", "1", "one"));
    a.push(said("bob", "general", "2", "two"));
    let s = run(a);
    assert_eq!(divided_at(&s, "general"), None);
    assert_eq!(s.room(&room("general")).unwrap().unread, 0);
}

#[test]
fn coming_back_to_a_hidden_tab_divides_at_what_arrived_meanwhile() {
    let mut a = setup();
    a.push(said("bob", "general", "1", "seen"));
    a.push(Action::PageHidden(true));
    a.push(said("bob", "general", "2", "while away"));
    a.push(said("bob", "general", "3", "also away"));
    a.push(Action::PageHidden(false));
    let s = run(a);
    assert_eq!(divided_at(&s, "general").as_deref(), Some("while away"));
    assert_eq!(s.unread_total(), 0);
}

#[test]
fn mentions_of_me_are_counted_apart_and_read_with_the_room() {
    let mut a = setup();
    a.push(said("bob", "side", "1", "hello all"));
    a.push(said("bob", "side", "2", "@ann look"));
    a.push(said("bob", "side", "3", "@annie is someone else"));
    a.push(said("ann", "side", "4", "@ann my own words"));
    let s = run(a);
    let side = s.room(&room("side")).unwrap();
    assert_eq!((side.unread, side.mentions), (3, 1));
    let s = s.reduce(Action::Select(room("side")));
    let side = s.room(&room("side")).unwrap();
    assert_eq!((side.unread, side.mentions), (0, 0));
    let s = s.reduce(said("bob", "side", "5", "@ANN in view"));
    assert_eq!(
        s.room(&room("side")).unwrap().mentions,
        0,
        "read as it arrives"
    );
}

#[test]
fn the_divider_stays_on_its_message_when_history_is_merged_before_it() {
    let mut a = setup();
    a.push(said("bob", "side", "5", "new one"));
    let s = run(a);
    assert_eq!(divided_at(&s, "side").as_deref(), Some("new one"));
    let mut old = ChatMessage::new(MessageType::Chat, "side", "cat").with_content("older");
    old.id = Some("h1".into());
    old.timestamp = Some(1_000);
    let s = s.reduce(Action::Snapshot(RoomSnapshot {
        room: "side".into(),
        participants: vec!["bob".into(), "cat".into()],
        history: vec![old],
    }));
    let texts: Vec<_> = s
        .room(&room("side"))
        .unwrap()
        .messages
        .iter()
        .map(|m| m.text.clone())
        .collect();
    assert_eq!(texts, ["older", "new one"], "history sorts first");
    assert_eq!(divided_at(&s, "side").as_deref(), Some("new one"));
}

#[test]
fn the_divider_follows_its_message_when_an_earlier_one_goes() {
    let mut a = setup();
    a.push(Action::Compose {
        client_id: "c1".into(),
        room: room("side"),
        text: "mine, unsent".into(),
        now: 1_000,
    });
    a.push(said("bob", "side", "2", "new one"));
    a.push(Action::Discard("c1".into()));
    let s = run(a);
    assert_eq!(divided_at(&s, "side").as_deref(), Some("new one"));
}

#[test]
fn trimming_the_oldest_keeps_the_divider_on_its_message() {
    let mut r = Room::new(room("busy"));
    let msg = |n: usize| Msg {
        id: Some(n.to_string()),
        client_id: None,
        sender: "bob".into(),
        kind: MsgKind::Chat,
        text: format!("m{n}"),
        at: n as Millis,
        own: false,
        delivery: Delivery::Received,
    };
    for n in 0..MAX_ROOM_MESSAGES {
        r.push(msg(n));
        if n == MAX_ROOM_MESSAGES - 5 {
            r.divide_at_last();
        }
    }
    r.push(msg(MAX_ROOM_MESSAGES));
    let d = r.divider.unwrap();
    assert_eq!(r.messages[d].text, format!("m{}", MAX_ROOM_MESSAGES - 5));
}

#[test]
fn leaving_the_room_in_view_opens_the_next_and_reads_it() {
    let mut a = setup();
    a.push(said("bob", "side", "1", "unread"));
    a.push(Action::Leave(room("general")));
    let s = run(a);
    assert_eq!(s.active, Some(room("side")));
    assert_eq!(s.room(&room("side")).unwrap().unread, 0);
    assert_eq!(divided_at(&s, "side").as_deref(), Some("unread"));
}
