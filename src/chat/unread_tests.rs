//! Unread counts while the tab is hidden: what the tab's title and icon show.

use super::tests::{room, run};
use super::*;

/// Ann connected, in #side and then #general (the room she reads).
pub(super) fn setup() -> Vec<Action> {
    vec![
        Action::Connecting {
            me: "ann".into(),
            attempt: 0,
        },
        Action::Connected {
            version: "1.2".into(),
            heart_beat: (0, 0),
            server: None,
            node: None,
        },
        Action::Join("side".into()),
        Action::Join("general".into()),
    ]
}

fn from(sender: &str, room_name: &str, id: &str) -> Action {
    let mut m = ChatMessage::new(MessageType::Chat, room_name, sender).with_content("hi");
    m.id = Some(id.into());
    m.timestamp = Some(1_000);
    Action::Incoming {
        room: room(room_name),
        payload: Incoming::Chat(m),
        now: 5_000,
    }
}

#[test]
fn a_hidden_tab_counts_the_room_in_view_until_shown_again() {
    let mut a = setup();
    a.push(from("bob", "general", "1"));
    let s = run(a);
    assert_eq!(
        s.unread_total(),
        0,
        "read as it arrives while the tab shows"
    );
    let s = s.reduce(Action::PageHidden(true));
    let s = s.reduce(from("bob", "general", "2"));
    let s = s.reduce(from("bob", "general", "3"));
    let s = s.reduce(from("bob", "side", "4"));
    assert_eq!(s.room(&room("general")).unwrap().unread, 2);
    assert_eq!(s.unread_total(), 3);
    let s = s.reduce(Action::PageHidden(false));
    assert_eq!(s.room(&room("general")).unwrap().unread, 0, "shown: read");
    assert_eq!(s.unread_total(), 1, "the other room stays unread");
    assert_eq!(s.active, Some(room("general")));
}

#[test]
fn own_messages_never_count() {
    let mut a = setup();
    a.push(Action::PageHidden(true));
    a.push(from("ann", "general", "1"));
    a.push(from("ann", "side", "2"));
    a.push(Action::Compose {
        client_id: "c1".into(),
        room: room("general"),
        text: "mine".into(),
        now: 2_000,
    });
    let s = run(a);
    assert_eq!(s.unread_total(), 0);
}
