//! The reducer's delivery model: queued → sent → delivered, receipts and echoes, the outbox
//! kept across reloads and reconnects, retry and discard.

use super::*;

fn to(cid: &str, d: Delivery) -> Action {
    Action::Delivery {
        client_id: cid.into(),
        delivery: d,
    }
}

fn handed(cid: &str, receipt: bool) -> Action {
    Action::HandedOver {
        client_id: cid.into(),
        receipt,
    }
}

pub(super) fn synced_room(name: &str) -> Vec<Action> {
    let mut a = connected();
    a.extend([
        Action::Join(name.into()),
        Action::Subscribed {
            room: name.into(),
            awaits_history: false,
        },
    ]);
    a
}

#[test]
fn own_message_goes_queued_sent_delivered_by_receipt() {
    let mut a = synced_room("general");
    a.push(compose("c1", "general", "hello"));
    let s = run(a);
    let g = room("general");
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Queued);
    assert_eq!(s.outbox.len(), 1);
    let s = s
        .reduce(handed("c1", true))
        .reduce(to("c1", Delivery::Sent));
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Sent);
    assert_eq!((s.outbox[0].attempts, s.outbox[0].receipt), (1, true));
    assert!(
        s.ready_to_send().is_empty(),
        "written is not handed over again"
    );
    let s = s.reduce(to("c1", Delivery::Delivered));
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Delivered);
    assert!(s.outbox.is_empty(), "a receipt confirms");
    let s = s.reduce(incoming("general", echo("c1", "general", "hello", "m9")));
    assert_eq!(texts(&s, &g), vec!["hello"], "the echo is not shown twice");
    let m = &s.room(&g).unwrap().messages[0];
    assert_eq!(m.id.as_deref(), Some("m9"));
    assert_eq!(m.at, 1_000, "server time replaces local time");
    assert!(m.own);
}

#[test]
fn echo_without_receipt_delivers_and_empties_outbox() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "hello"),
        handed("c1", false),
        to("c1", Delivery::Sent),
        incoming("general", echo("c1", "general", "hello", "m1")),
        incoming("general", echo("c1", "general", "hello", "m2")),
    ]);
    let s = run(a);
    assert!(s.outbox.is_empty());
    assert_eq!(texts(&s, &room("general")), vec!["hello"]);
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Delivered);
}

#[test]
fn the_same_nickname_is_not_enough_to_be_ours() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "hello"),
        handed("c1", false),
        to("c1", Delivery::Sent),
        // Another "ann" (or a Spring echo the service did not match): not ours.
        incoming("general", chat("general", "ann", "m1", "hello")),
    ]);
    let s = run(a);
    let msgs = &s.room(&room("general")).unwrap().messages;
    assert_eq!(msgs.len(), 2);
    assert!(msgs[0].own && !msgs[1].own);
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Sent);
}

#[test]
fn offline_messages_wait_and_only_synced_rooms_flush() {
    let s = run([
        Action::Join("general".into()),
        compose("c1", "general", "typed offline"),
    ]);
    assert!(s.ready_to_send().is_empty(), "not connected");
    let mut s = s;
    for a in connected() {
        s = s.reduce(a);
    }
    assert!(s.ready_to_send().is_empty(), "room not in sync yet");
    let s = s.reduce(Action::Subscribed {
        room: "general".into(),
        awaits_history: true,
    });
    assert!(s.ready_to_send().is_empty(), "history still to come");
    let s = s.reduce(Action::Snapshot(RoomSnapshot {
        room: "general".into(),
        history: vec![],
        participants: vec!["ann".into()],
    }));
    let ready: Vec<_> = s
        .ready_to_send()
        .iter()
        .map(|o| o.client_id.clone())
        .collect();
    assert_eq!(ready, vec!["c1"]);
}

#[test]
fn unanswered_history_means_none_and_never_holds_sending_back() {
    let mut a = connected();
    a.extend([
        Action::Join("general".into()),
        compose("c1", "general", "x"),
        Action::Subscribed {
            room: "general".into(),
            awaits_history: true,
        },
    ]);
    let s = run(a);
    assert!(s.ready_to_send().is_empty());
    let s = s.reduce(Action::HistoryMissing("general".into()));
    assert_eq!(s.ready_to_send().len(), 1);
    assert_eq!(
        s.notices.iter().map(|n| n.body.clone()).collect::<Vec<_>>(),
        vec![NoticeBody::NoHistory("general".into())]
    );
    // A late timer for a room that is in sync says nothing.
    let s = s.reduce(Action::HistoryMissing("general".into()));
    assert_eq!(s.notices.len(), 1);
    let s = run(synced_room("r2")).reduce(Action::HistoryMissing("r2".into()));
    assert!(s.notices.is_empty());
}

#[test]
fn plain_profile_is_in_sync_once_subscribed() {
    let mut a = synced_room("general");
    a.push(compose("c1", "general", "x"));
    assert_eq!(run(a).ready_to_send().len(), 1);
}

#[test]
fn a_drop_leaves_delivery_to_the_client_and_unsyncs_rooms() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "x"),
        handed("c1", false),
        to("c1", Delivery::Sent),
        Action::Reconnecting {
            attempt: 1,
            retry_at: 10,
            reason: Reason::ServerGone,
        },
    ]);
    let s = run(a);
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Sent);
    assert!(!s.room(&room("general")).unwrap().synced);
    let s = s.reduce(to("c1", Delivery::Uncertain));
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Uncertain);
    assert!(
        s.ready_to_send().is_empty(),
        "uncertain is never re-sent unasked"
    );
}

#[test]
fn delivery_only_moves_forward() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "x"),
        to("c1", Delivery::Sent),
        to("c1", Delivery::Uncertain),
        to("c1", Delivery::Sent),
        to("c1", Delivery::Queued),
    ]);
    let s = run(a);
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Uncertain);
    let s = s.reduce(to("c1", Delivery::Delivered));
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Delivered);
    assert!(s.outbox.is_empty());
    let s = s.reduce(to("c1", Delivery::Failed("late".into())));
    assert_eq!(delivery(&s, &room("general"), "c1"), Delivery::Delivered);
}

#[test]
fn failed_and_uncertain_sends_can_be_retried_or_discarded() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "x"),
        compose("c2", "general", "y"),
        handed("c1", false),
        to("c1", Delivery::Sent),
        to(
            "c1",
            Delivery::Failed("the server rejected it: too big".into()),
        ),
        handed("c2", false),
        to("c2", Delivery::Sent),
        to("c2", Delivery::Uncertain),
    ]);
    let s = run(a);
    let g = room("general");
    assert_eq!(
        delivery(&s, &g, "c1"),
        Delivery::Failed("the server rejected it: too big".into())
    );
    assert_eq!(s.outbox.len(), 2, "failed and uncertain stay in the outbox");
    let s = s.reduce(Action::Retry("c1".into()));
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Queued);
    assert_eq!(s.outbox[0].attempts, 0, "a retry starts counting afresh");
    let s = s.reduce(Action::Retry("c1".into()));
    assert_eq!(
        delivery(&s, &g, "c1"),
        Delivery::Queued,
        "only failed retry"
    );
    let s = s.reduce(Action::Discard("c2".into()));
    assert_eq!(texts(&s, &g), vec!["x"]);
    let out: Vec<_> = s.outbox.iter().map(|o| o.client_id.as_str()).collect();
    assert_eq!(out, vec!["c1"]);
    let s = s.reduce(Action::Discard("c1".into()));
    assert!(s.outbox.is_empty() && texts(&s, &g).is_empty());
}

pub(super) fn saved(
    cid: &str,
    text: &str,
    delivery: Delivery,
    receipt: bool,
    attempts: u32,
) -> Outgoing {
    Outgoing {
        client_id: cid.into(),
        sender: "ann".into(),
        room: room("general"),
        text: text.into(),
        at: 100,
        delivery,
        receipt,
        attempts,
    }
}

#[test]
fn a_reload_resends_only_what_cannot_have_been_broadcast_unconfirmed() {
    let items = vec![
        saved("c1", "written, echo awaited", Delivery::Sent, false, 1),
        saved("c2", "written with a receipt", Delivery::Sent, true, 1),
        saved("c3", "never written", Delivery::Queued, false, 0),
        saved("c4", "written three times", Delivery::Sent, true, 3),
        saved("c5", "failed", Delivery::Failed("x".into()), false, 1),
    ];
    let s = run([Action::RestoreOutbox(items)]);
    let states: Vec<_> = s.outbox.iter().map(|o| o.delivery.clone()).collect();
    assert_eq!(
        states,
        vec![
            Delivery::Uncertain,
            Delivery::Queued,
            Delivery::Queued,
            Delivery::Failed("not confirmed after 3 attempts".into()),
            Delivery::Failed("x".into()),
        ]
    );
    let mut s = s;
    for a in synced_room("general") {
        s = s.reduce(a);
    }
    let ready: Vec<_> = s
        .ready_to_send()
        .iter()
        .map(|o| o.client_id.clone())
        .collect();
    assert_eq!(ready, vec!["c2", "c3"]);
}

#[test]
fn a_new_session_settles_what_the_old_client_left_in_flight() {
    let mut a = synced_room("general");
    a.extend([
        compose("c1", "general", "echo"),
        handed("c1", false),
        to("c1", Delivery::Sent),
        compose("c2", "general", "receipt"),
        handed("c2", true),
        to("c2", Delivery::Sent),
        Action::NewSession {
            me: "ann".into(),
            features: Features::default(),
        },
    ]);
    let s = run(a);
    let g = room("general");
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Uncertain);
    assert_eq!(delivery(&s, &g, "c2"), Delivery::Queued);
    assert_eq!(s.connection, Connection::Connecting { attempt: 0 });
}

#[test]
fn restored_outbox_is_shown_once_and_history_confirms_it() {
    let items = vec![
        saved("c1", "before reload", Delivery::Sent, true, 1),
        saved("c2", "never arrived", Delivery::Queued, false, 0),
    ];
    // Restored at start-up, before we know who we are: the entries say.
    let s = run([
        Action::RestoreOutbox(items.clone()),
        Action::RestoreOutbox(items),
        Action::Connecting {
            me: "ann".into(),
            attempt: 0,
        },
    ]);
    let g = room("general");
    assert!(s
        .room(&g)
        .unwrap()
        .messages
        .iter()
        .all(|m| m.sender == "ann" && m.own));
    assert_eq!(texts(&s, &g), vec!["before reload", "never arrived"]);
    assert_eq!(s.outbox.len(), 2);
    assert_eq!(
        s.outbox[0].delivery,
        Delivery::Queued,
        "receipted and unconfirmed is resent"
    );
    assert_eq!(s.active, Some(g.clone()));
    // The history shows c1 did reach the server before the reload.
    let s = s.reduce(Action::Snapshot(RoomSnapshot {
        room: "general".into(),
        history: vec![
            chat("general", "bob", "m0", "older"),
            echo("c1", "general", "before reload", "m1"),
        ],
        participants: vec!["ann".into(), "bob".into()],
    }));
    assert_eq!(
        texts(&s, &g),
        vec!["older", "before reload", "never arrived"]
    );
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Delivered);
    let out: Vec<_> = s.outbox.iter().map(|o| o.client_id.as_str()).collect();
    assert_eq!(out, vec!["c2"]);
    assert_eq!(s.room(&g).unwrap().unread, 0, "history is not unread");
}
