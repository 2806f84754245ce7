//! The chat model's rules.

use super::*;

fn msg(n: usize) -> Msg {
    Msg {
        id: Some(n.to_string()),
        client_id: None,
        sender: "bob".into(),
        kind: MsgKind::Chat,
        text: format!("message {n}"),
        at: n as Millis,
        own: false,
        delivery: Delivery::Received,
    }
}

#[test]
fn a_room_keeps_at_most_the_cap_and_forgets_the_oldest() {
    let mut room = Room::new(RoomKey::Room("busy".into()));
    for n in 0..MAX_ROOM_MESSAGES {
        room.push(msg(n));
    }
    assert_eq!(room.messages.len(), MAX_ROOM_MESSAGES);
    room.push(msg(MAX_ROOM_MESSAGES));
    assert!(room.messages.len() <= MAX_ROOM_MESSAGES);
    assert!(room.messages.len() >= MAX_ROOM_MESSAGES * 9 / 10);
    let last = room.messages.last().unwrap();
    assert_eq!(
        last.id.as_deref(),
        Some(MAX_ROOM_MESSAGES.to_string().as_str())
    );
    let first: usize = room.messages[0].id.as_deref().unwrap().parse().unwrap();
    assert_eq!(
        first + room.messages.len(),
        MAX_ROOM_MESSAGES + 1,
        "only the oldest are dropped"
    );
}

#[test]
fn forgotten_messages_are_no_longer_duplicates_and_kept_ones_still_are() {
    let mut room = Room::new(RoomKey::Room("busy".into()));
    for n in 0..=MAX_ROOM_MESSAGES {
        room.push(msg(n));
    }
    let first: usize = room.messages[0].id.as_deref().unwrap().parse().unwrap();
    assert!(first > 0);
    // The oldest was trimmed: it comes back as new, as a scan would say too.
    assert!(!room.update_same(&msg(0), |_| {}));
    assert!(room.update_same(&msg(first), |m| m.text = "edited".into()));
    assert_eq!(room.messages[0].text, "edited");
    assert!(room.update_same(&msg(MAX_ROOM_MESSAGES), |_| {}));
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::super::*;
    use proptest::prelude::*;

    fn small_msg() -> impl Strategy<Value = Msg> {
        (
            proptest::option::of(0u8..6),
            proptest::option::of(0u8..6),
            0u8..3,
            any::<bool>(),
            proptest::option::of(0u8..6),
        )
            .prop_map(|(id, cid, sender, own, fill)| Msg {
                id: id.map(|i| format!("s{i}")),
                client_id: cid.map(|c| format!("c{c}")),
                sender: format!("u{sender}"),
                kind: MsgKind::Chat,
                // Carries the id an update fills in, so ids change during the run.
                text: fill.map(|f| format!("s{f}")).unwrap_or_default(),
                at: 0,
                own,
                delivery: Delivery::Received,
            })
    }

    proptest! {
        /// The identity filter never hides a duplicate: `update_same` finds exactly
        /// what a scan of every message with `same` finds, as ids get filled in.
        #[test]
        fn update_same_agrees_with_a_full_scan(msgs in proptest::collection::vec(small_msg(), 0..60)) {
            let mut room = Room::new(RoomKey::Room("r".into()));
            for m in msgs {
                let expected = room.messages.iter().rev().position(|e| same(e, &m));
                let fill = (!m.text.is_empty()).then(|| m.text.clone());
                let found = room.update_same(&m, |e| {
                    if e.id.is_none() {
                        e.id = fill.clone();
                    }
                });
                prop_assert_eq!(found, expected.is_some());
                if !found {
                    room.push(m);
                }
            }
        }
    }
}
