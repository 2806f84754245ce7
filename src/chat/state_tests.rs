use super::*;
use crate::chat::frames::{Dir, LOG_CAPACITY};

#[path = "state_delivery_tests.rs"]
mod delivery;
use delivery::{saved, synced_room};

pub(super) fn room(n: &str) -> RoomKey {
    RoomKey::Room(n.into())
}

pub(super) fn run(actions: impl IntoIterator<Item = Action>) -> Rc<ChatState> {
    actions
        .into_iter()
        .fold(Rc::new(ChatState::default()), |s, a| s.reduce(a))
}

fn connected() -> Vec<Action> {
    vec![
        Action::Connecting {
            me: "ann".into(),
            attempt: 0,
        },
        Action::Connected {
            version: "1.2".into(),
            heart_beat: (10_000, 10_000),
            server: None,
            node: None,
        },
    ]
}

fn chat(room: &str, sender: &str, id: &str, text: &str) -> ChatMessage {
    let mut m = ChatMessage::new(MessageType::Chat, room, sender).with_content(text);
    m.id = Some(id.into());
    m.timestamp = Some(1_000);
    m
}

fn incoming(room_name: &str, m: ChatMessage) -> Action {
    Action::Incoming {
        room: room(room_name),
        payload: Incoming::Chat(m),
        now: 5_000,
    }
}

fn compose(cid: &str, room_name: &str, text: &str) -> Action {
    Action::Compose {
        client_id: cid.into(),
        room: room(room_name),
        text: text.into(),
        now: 2_000,
    }
}

fn echo(cid: &str, room_name: &str, text: &str, id: &str) -> ChatMessage {
    let mut m = chat(room_name, "ann", id, text);
    m.client_id = Some(cid.into());
    m
}

fn texts(s: &ChatState, key: &RoomKey) -> Vec<String> {
    s.room(key)
        .unwrap()
        .messages
        .iter()
        .map(|m| m.text.clone())
        .collect()
}

fn delivery(s: &ChatState, key: &RoomKey, cid: &str) -> Delivery {
    s.room(key)
        .unwrap()
        .messages
        .iter()
        .find(|m| m.client_id.as_deref() == Some(cid))
        .unwrap()
        .delivery
        .clone()
}

#[test]
fn connection_status_follows_the_session() {
    let s = run(connected());
    assert_eq!(s.me, "ann");
    assert_eq!(
        s.connection,
        Connection::Connected {
            version: "1.2".into(),
            heart_beat: (10_000, 10_000),
            server: None,
            node: None,
        }
    );
    let s = s.reduce(Action::Reconnecting {
        attempt: 2,
        retry_at: 9_000,
        reason: Reason::ServerGone,
    });
    assert!(matches!(
        s.connection,
        Connection::Reconnecting {
            attempt: 2,
            retry_at: 9_000,
            ..
        }
    ));
    assert!(s.connection.in_session());
    let failed = s
        .clone()
        .reduce(Action::Disconnected(Reason::BadCredentials));
    assert_eq!(
        failed.connection,
        Connection::Failed {
            reason: Reason::BadCredentials
        }
    );
    assert!(!failed.connection.in_session());
    let out = s.reduce(Action::Disconnected(Reason::ByUser));
    assert_eq!(out.connection, Connection::Offline);
}

#[test]
fn error_frames_are_classified_in_plain_words() {
    assert_eq!(
        Reason::from_error("Bad CONNECT", "Access refused for user 'x'"),
        Reason::BadCredentials
    );
    assert_eq!(
        Reason::from_error("Unknown destination", "/app/x"),
        Reason::UnknownDestination("Unknown destination".into())
    );
    assert_eq!(
        Reason::from_error("", "boom"),
        Reason::Server("boom".into())
    );
    // ActiveMQ: a refused login, then a refused destination after an accepted login.
    assert_eq!(
        Reason::from_error("User name [stomp] or password is invalid.", ""),
        Reason::BadCredentials
    );
    let refused = "User stomp is not authorized to read from: queue:///user/queue/private";
    assert_eq!(
        Reason::from_error(refused, ""),
        Reason::Forbidden(refused.into())
    );
}

#[test]
fn join_select_leave_rooms() {
    let mut a = connected();
    a.extend([Action::Join("general".into()), Action::Join("rust".into())]);
    let s = run(a);
    assert_eq!(s.rooms.len(), 2);
    assert_eq!(s.active, Some(room("rust")));
    let s = s.reduce(Action::Join("general".into()));
    assert_eq!(s.rooms.len(), 2, "joining twice keeps one room");
    assert_eq!(s.active, Some(room("general")));
    let s = s.reduce(Action::Leave(room("general")));
    assert_eq!(s.rooms.len(), 1);
    assert_eq!(s.active, Some(room("rust")));
    let s = s.reduce(Action::Select(room("nope")));
    assert_eq!(
        s.active,
        Some(room("rust")),
        "cannot select an unknown room"
    );
}

#[test]
fn messages_append_and_dedup_by_id() {
    let mut a = connected();
    a.push(Action::Join("general".into()));
    a.push(incoming("general", chat("general", "bob", "1", "hi")));
    a.push(incoming("general", chat("general", "bob", "1", "hi")));
    a.push(incoming("general", chat("general", "eve", "2", "yo")));
    let s = run(a);
    assert_eq!(texts(&s, &room("general")), vec!["hi", "yo"]);
    let m = &s.room(&room("general")).unwrap().messages[0];
    assert_eq!(m.sender, "bob");
    assert_eq!(m.at, 1_000);
    assert!(!m.own);
    assert_eq!(m.delivery, Delivery::Received);
}

#[test]
fn plain_text_bodies_show_as_plain_messages() {
    let s = run([
        Action::Join("general".into()),
        Action::Incoming {
            room: room("general"),
            payload: Incoming::Text("<b>not json</b>".into()),
            now: 7,
        },
    ]);
    let m = &s.room(&room("general")).unwrap().messages[0];
    assert_eq!(m.kind, MsgKind::Plain);
    assert_eq!(m.text, "<b>not json</b>");
    assert_eq!(m.at, 7);
}

#[test]
fn unread_counts_rooms_not_in_view() {
    let mut a = connected();
    a.extend([Action::Join("a".into()), Action::Join("b".into())]);
    a.push(incoming("a", chat("a", "bob", "1", "x")));
    a.push(incoming("a", chat("a", "bob", "2", "y")));
    a.push(incoming("b", chat("b", "bob", "3", "z")));
    let s = run(a);
    assert_eq!(s.room(&room("a")).unwrap().unread, 2);
    assert_eq!(s.room(&room("b")).unwrap().unread, 0, "b is in view");
    let s = s.reduce(Action::Select(room("a")));
    assert_eq!(s.room(&room("a")).unwrap().unread, 0);
}

#[test]
fn snapshot_sets_presence_and_skips_known_messages() {
    let mut a = connected();
    a.extend([
        Action::Join("general".into()),
        incoming("general", chat("general", "bob", "m2", "live")),
        Action::Snapshot(RoomSnapshot {
            room: "general".into(),
            history: vec![
                chat("general", "bob", "m1", "old"),
                chat("general", "bob", "m2", "live"),
            ],
            participants: vec!["ann".into(), "bob".into()],
        }),
    ]);
    let s = run(a);
    let r = s.room(&room("general")).unwrap();
    assert_eq!(texts(&s, &room("general")), vec!["old", "live"]);
    assert_eq!(
        r.participants.iter().cloned().collect::<Vec<_>>(),
        vec!["ann", "bob"]
    );
    assert!(r.synced);
}

#[test]
fn join_and_leave_change_presence() {
    let mut join = ChatMessage::new(MessageType::Join, "general", "bob");
    join.id = Some("j".into());
    let mut leave = ChatMessage::new(MessageType::Leave, "general", "bob");
    leave.id = Some("l".into());
    let mut a = connected();
    a.extend([Action::Join("general".into()), incoming("general", join)]);
    let s = run(a);
    let r = s.room(&room("general")).unwrap();
    assert!(r.participants.contains("bob"));
    assert_eq!(r.messages[0].kind, MsgKind::Joined);
    assert_eq!(r.unread, 0);
    let s = s.reduce(incoming("general", leave));
    let r = s.room(&room("general")).unwrap();
    assert!(!r.participants.contains("bob"));
    assert_eq!(r.messages[1].kind, MsgKind::Left);
}

#[test]
fn typing_shows_and_expires_and_a_message_ends_it() {
    let typing = |who: &str| ChatMessage::new(MessageType::Typing, "general", who);
    let mut a = connected();
    a.extend([
        Action::Join("general".into()),
        incoming("general", typing("bob")),
        incoming("general", typing("eve")),
        incoming("general", typing("ann")),
        incoming("general", typing("bob")),
    ]);
    let s = run(a);
    let r = s.room(&room("general")).unwrap();
    assert_eq!(
        r.typing_names(),
        vec!["eve", "bob"],
        "own typing ignored, no dups"
    );
    assert!(r.messages.is_empty(), "typing is not a message");
    let s = s.reduce(incoming("general", chat("general", "eve", "1", "done")));
    assert_eq!(
        s.room(&room("general")).unwrap().typing_names(),
        vec!["bob"]
    );
    let before = s.clone();
    let s = s.reduce(Action::Tick(5_000 + TYPING_TTL - 1));
    assert!(
        Rc::ptr_eq(&before, &s),
        "nothing expired: same state, no re-render"
    );
    let s = s.reduce(Action::Tick(5_000 + TYPING_TTL));
    assert!(s.room(&room("general")).unwrap().typing.is_empty());
}

#[test]
fn private_messages_open_a_direct_conversation() {
    let mut pm = ChatMessage::new(MessageType::Private, "", "bob").with_content("psst");
    pm.to = Some("ann".into());
    pm.id = Some("p1".into());
    let mut a = connected();
    a.extend([Action::Join("general".into()), incoming("general", pm)]);
    let s = run(a);
    let d = RoomKey::Direct("bob".into());
    assert_eq!(texts(&s, &d), vec!["psst"]);
    assert_eq!(s.room(&d).unwrap().unread, 1);
    assert_eq!(s.active, Some(room("general")));
    // Our reply, and its copy coming back to us, land in the same conversation once.
    let s = s.reduce(Action::OpenDirect("bob".into()));
    assert_eq!(s.active, Some(d.clone()));
    let s = s.reduce(Action::Compose {
        client_id: "c1".into(),
        room: d.clone(),
        text: "hi bob".into(),
        now: 1,
    });
    assert_eq!(s.ready_to_send().len(), 1, "direct needs no history");
    let mut back = ChatMessage::new(MessageType::Private, "", "ann").with_content("hi bob");
    back.to = Some("bob".into());
    back.client_id = Some("c1".into());
    let s = s.reduce(incoming("general", back));
    assert_eq!(texts(&s, &d), vec!["psst", "hi bob"]);
    assert_eq!(delivery(&s, &d, "c1"), Delivery::Delivered);
}

#[test]
fn leaving_drops_the_room_outbox() {
    let s = run([
        Action::Join("general".into()),
        compose("c1", "general", "x"),
        Action::Leave(room("general")),
    ]);
    assert!(s.outbox.is_empty());
    assert!(s.active.is_none());
}

#[test]
fn frames_are_logged_bounded_masked_and_beats_collapsed() {
    let f = FrameEntry::frame(
        1,
        Dir::Out,
        "CONNECT",
        [("login", "ann"), ("passcode", "secret")],
        b"",
    );
    let mut s = run([Action::Frame(f)]);
    let first = s.frames.entries().next().unwrap().clone();
    assert_eq!(first.header("passcode"), Some("••••••"));
    assert!(!first.to_text().contains("secret"));
    for t in 0..3 {
        s = s.reduce(Action::Frame(FrameEntry::heartbeat(t, Dir::In)));
    }
    s = s.reduce(Action::Frame(FrameEntry::heartbeat(9, Dir::Out)));
    s = s.reduce(Action::Frame(FrameEntry::heartbeat(10, Dir::In)));
    s = s.reduce(Action::Frame(FrameEntry::heartbeat(11, Dir::Out)));
    assert_eq!(
        s.frames.len(),
        3,
        "interleaved beats: one row per direction"
    );
    let beats: Vec<u32> = s.frames.entries().map(|e| e.beats).collect();
    assert_eq!(beats, vec![0, 4, 2]);
    assert_eq!(s.frames.entries().nth(1).unwrap().at, 10);
    s = s.reduce(Action::Frame(FrameEntry::frame(
        12,
        Dir::In,
        "MESSAGE",
        [],
        b"",
    )));
    s = s.reduce(Action::Frame(FrameEntry::heartbeat(13, Dir::In)));
    assert_eq!(s.frames.len(), 5, "a frame in between starts new beat rows");
    for _ in 0..2 {
        s = s.reduce(Action::Frame(FrameEntry::heartbeat(14, Dir::In)));
    }
    assert_eq!(s.frames.len(), 5);
    for i in 0..(LOG_CAPACITY + 10) {
        let body = format!("{i}");
        s = s.reduce(Action::Frame(FrameEntry::frame(
            0,
            Dir::In,
            "MESSAGE",
            [("destination", "/topic/chat/x")],
            body.as_bytes(),
        )));
    }
    assert_eq!(s.frames.len(), LOG_CAPACITY);
    assert_eq!(
        s.frames.entries().last().unwrap().body,
        format!("{}", LOG_CAPACITY + 9)
    );
    let seqs: Vec<u64> = s.frames.entries().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn frames_pause_clear_and_filter() {
    let msg = FrameEntry::frame(
        0,
        Dir::In,
        "MESSAGE",
        [("destination", "/topic/chat/x")],
        b"",
    );
    let s = run([
        Action::Frame(msg.clone()),
        Action::PauseFrames(true),
        Action::Frame(msg.clone()),
    ]);
    assert_eq!(s.frames.len(), 1);
    assert_eq!(s.frames.skipped, 1);
    let e = s.frames.entries().next().unwrap();
    assert!(e.matches("message") && e.matches("chat/x") && e.matches(""));
    assert!(!e.matches("SEND"));
    let s = s
        .reduce(Action::PauseFrames(false))
        .reduce(Action::ClearFrames);
    assert!(s.frames.is_empty());
    let big = vec![b'x'; crate::chat::frames::BODY_PREVIEW + 5];
    let e = FrameEntry::frame(0, Dir::In, "MESSAGE", [], &big);
    assert_eq!(e.body_len, big.len());
    assert!(e.body.ends_with('…'));
}

#[test]
fn notices_are_bounded_and_dismissable() {
    let mut s = run([]);
    for i in 0..7 {
        s = s.reduce(Action::Notice(format!("n{i}")));
    }
    assert_eq!(s.notices.len(), 5);
    assert_eq!(s.notices[0].body, NoticeBody::Text("n2".into()));
    let s = s.reduce(Action::Notice("n6".into()));
    assert_eq!(s.notices.len(), 5, "the same notice twice shows once");
    let id = s.notices[0].id;
    let s = s.reduce(Action::DismissNotice(id));
    assert_eq!(s.notices.len(), 4);
    assert!(s.notices.iter().all(|n| n.id != id));
}

#[test]
fn ten_thousand_messages_then_one_more_stays_cheap() {
    let mut s = run([Action::Join("big".into())]);
    for i in 0..10_000 {
        s = s.reduce(incoming("big", chat("big", "bob", &i.to_string(), "m")));
    }
    let before = s.room(&room("big")).unwrap().messages[0].clone();
    let s2 = s.reduce(incoming("big", chat("big", "bob", "x", "n")));
    assert_eq!(s2.room(&room("big")).unwrap().messages.len(), 10_001);
    // Messages are shared between state versions, not copied.
    assert!(Rc::ptr_eq(
        &before,
        &s2.room(&room("big")).unwrap().messages[0]
    ));
}

#[test]
fn people_who_talk_are_present_without_a_participant_list() {
    let mut a = connected();
    a.extend([
        Action::Join("general".into()),
        incoming(
            "general",
            ChatMessage::new(MessageType::Typing, "general", "eve"),
        ),
        incoming("general", chat("general", "bob", "1", "hi")),
    ]);
    let s = run(a);
    let names: Vec<_> = s
        .room(&room("general"))
        .unwrap()
        .participants
        .iter()
        .cloned()
        .collect();
    assert_eq!(names, vec!["bob", "eve"]);
}

#[test]
fn a_batch_is_the_same_as_its_actions_one_by_one() {
    let actions = vec![
        Action::Join("general".into()),
        incoming("general", chat("general", "bob", "1", "a")),
        incoming("general", chat("general", "bob", "1", "a")),
        compose("c1", "general", "mine"),
        Action::Frame(FrameEntry::heartbeat(1, Dir::In)),
        incoming("general", echo("c1", "general", "mine", "2")),
    ];
    let one_by_one = run(actions.clone());
    let batched = run([Action::Batch(actions)]);
    assert_eq!(*one_by_one, *batched);
    assert_eq!(texts(&batched, &room("general")), vec!["a", "mine"]);
}

#[test]
fn after_a_reconnect_older_messages_stay_above_a_shorter_history() {
    let at = |id: &str, t: i64| {
        let mut m = chat("general", "bob", id, id);
        m.timestamp = Some(t);
        m
    };
    let mut a = connected();
    a.push(Action::Join("general".into()));
    // Seen live before the drop: m1..m3.
    for (i, id) in ["m1", "m2", "m3"].iter().enumerate() {
        a.push(incoming("general", at(id, 10 + i as i64)));
    }
    a.push(Action::Reconnecting {
        attempt: 1,
        retry_at: 0,
        reason: Reason::ServerGone,
    });
    // The history after the reconnect keeps only the newest: m3..m5.
    a.push(Action::Snapshot(RoomSnapshot {
        room: "general".into(),
        history: vec![at("m3", 12), at("m4", 13), at("m5", 14)],
        participants: vec![],
    }));
    let s = run(a);
    assert_eq!(
        texts(&s, &room("general")),
        vec!["m1", "m2", "m3", "m4", "m5"]
    );
}

#[test]
fn an_uncertain_message_seen_coming_back_is_delivered_and_shown_once() {
    // Spring drops clientId: after a reload the broadcast of a message written just before
    // it carries only sender, type and content.
    let items = vec![saved("c1", "Привет", Delivery::Sent, false, 1)];
    let mut a = vec![Action::RestoreOutbox(items)];
    a.extend(synced_room("general"));
    let mut plain = ChatMessage::new(MessageType::Chat, "", "ann").with_content("Привет");
    plain.timestamp = None;
    a.push(incoming("general", plain.clone()));
    let s = run(a);
    let g = room("general");
    assert_eq!(texts(&s, &g), vec!["Привет"]);
    assert_eq!(delivery(&s, &g, "c1"), Delivery::Delivered);
    assert!(s.outbox.is_empty());
    // The same text again is a new message (someone said it twice).
    let s = s.reduce(incoming("general", plain));
    assert_eq!(texts(&s, &g), vec!["Привет", "Привет"]);
}

#[test]
fn our_own_typing_notice_is_not_shown_to_us() {
    let mut a = synced_room("general");
    a.push(incoming(
        "general",
        ChatMessage::new(MessageType::Typing, "general", "ann"),
    ));
    a.push(incoming(
        "general",
        ChatMessage::new(MessageType::Typing, "general", "bob"),
    ));
    let s = run(a);
    assert_eq!(
        s.room(&room("general")).unwrap().typing_names(),
        vec!["bob"]
    );
}
