//! The chat rules of `chat.rs`, without sockets.

use super::*;

fn chat() -> Chat {
    Chat::new(BrokerLimits::default(), "t".into())
}

fn payload(kind: MessageType, sender: &str, content: Option<&str>) -> ChatMessage {
    let mut m = ChatMessage::new(kind, "", sender);
    m.content = content.map(str::to_owned);
    m
}

fn broadcast(e: &[Effect]) -> &ChatMessage {
    match e {
        [Effect::Broadcast { message, .. }] => message,
        other => panic!("expected one broadcast, got {other:?}"),
    }
}

#[test]
fn routes() {
    assert_eq!(
        Route::parse("/app/chat/general"),
        Some(Route::Post("general".into()))
    );
    assert_eq!(
        Route::parse("/app/chat/a-b/join"),
        Some(Route::Join("a-b".into()))
    );
    assert_eq!(
        Route::parse("/app/chat/x/history"),
        Some(Route::History("x".into()))
    );
    assert_eq!(Route::parse("/app/private"), Some(Route::Private));
    assert_eq!(Route::parse("/app/chat/x/dance"), None);
    assert_eq!(Route::parse("/app/chat/"), None);
    assert_eq!(Route::parse("/app/chat/a b"), None);
    assert_eq!(Route::parse("/app/other"), None);
}

#[test]
fn post_is_stamped_with_joined_nickname_not_the_claim() {
    let mut c = chat();
    let join = Route::Join("general".into());
    let e = c.handle_send(1, &join, payload(MessageType::Join, " ann ", None), 5);
    assert_eq!(broadcast(&e).sender, "ann");
    assert_eq!(broadcast(&e).kind, MessageType::Join);

    let mut p = payload(MessageType::Chat, "mallory", Some("hi"));
    p.client_id = Some("c1".into());
    let e = c.handle_send(1, &Route::Post("general".into()), p, 7);
    let m = broadcast(&e);
    assert_eq!(m.sender, "ann");
    assert_eq!(m.timestamp, Some(7));
    assert_eq!(m.client_id.as_deref(), Some("c1"));
    assert_eq!(m.room, "general");
    let id = m.id.clone().unwrap();
    assert_eq!(
        c.snapshot("general").history[0].id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(c.snapshot("general").participants, ["ann"]);
}

#[test]
fn history_is_bounded() {
    let mut c = Chat::new(
        BrokerLimits {
            history_per_room: 3,
            ..BrokerLimits::default()
        },
        "t".into(),
    );
    for i in 0..5 {
        let p = payload(MessageType::Chat, "bob", Some(&format!("m{i}")));
        c.handle_send(1, &Route::Post("r".into()), p, i);
    }
    let h = c.snapshot("r").history;
    let contents: Vec<_> = h.iter().map(|m| m.content.clone().unwrap()).collect();
    assert_eq!(contents, ["m2", "m3", "m4"]);
}

#[test]
fn leave_only_when_last_session_of_a_nickname_goes() {
    let mut c = chat();
    let join = Route::Join("r".into());
    c.handle_send(1, &join, payload(MessageType::Join, "ann", None), 0);
    c.handle_send(2, &join, payload(MessageType::Join, "ann", None), 0);
    assert!(c.session_ended(1, true, 1).is_empty());
    let e = c.session_ended(2, true, 2);
    assert_eq!(broadcast(&e).kind, MessageType::Leave);
    assert!(c.snapshot("r").participants.is_empty());
}

#[test]
fn bad_requests_become_notices() {
    let mut c = chat();
    let e = c.handle_send(
        1,
        &Route::Join("r".into()),
        payload(MessageType::Join, "", None),
        0,
    );
    assert!(matches!(&e[..], [Effect::Notice { session: 1, .. }]));
    let e = c.handle_send(
        1,
        &Route::Post("r".into()),
        payload(MessageType::Chat, "a", Some(" ")),
        0,
    );
    assert!(matches!(&e[..], [Effect::Notice { session: 1, .. }]));
    let mut p = payload(MessageType::Private, "a", Some("psst"));
    p.to = Some("nobody".into());
    let e = c.handle_send(1, &Route::Private, p, 0);
    assert_eq!(
        e,
        [Effect::Notice {
            session: 1,
            text: "nobody is not online".into()
        }]
    );
}

#[test]
fn private_goes_to_recipient_and_sender() {
    let mut c = chat();
    let join = Route::Join("r".into());
    c.handle_send(1, &join, payload(MessageType::Join, "ann", None), 0);
    c.handle_send(2, &join, payload(MessageType::Join, "bob", None), 0);
    let mut p = payload(MessageType::Private, "x", Some("psst"));
    p.to = Some("bob".into());
    match &c.handle_send(1, &Route::Private, p, 3)[..] {
        [Effect::Private {
            users,
            also_session,
            message,
        }] => {
            assert_eq!(users, &["bob", "ann"]);
            assert_eq!(*also_session, None);
            assert_eq!(message.sender, "ann");
            assert_eq!(message.kind, MessageType::Private);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn full_room_table_forgets_the_idle_room() {
    let mut c = Chat::new(
        BrokerLimits {
            max_rooms: 2,
            ..BrokerLimits::default()
        },
        "t".into(),
    );
    c.handle_send(
        1,
        &Route::Join("a".into()),
        payload(MessageType::Join, "ann", None),
        0,
    );
    c.handle_send(
        1,
        &Route::Post("b".into()),
        payload(MessageType::Chat, "", Some("x")),
        0,
    );
    c.handle_send(
        1,
        &Route::Post("c".into()),
        payload(MessageType::Chat, "", Some("y")),
        0,
    );
    assert_eq!(c.room_count(), 2);
    assert!(
        c.snapshot("b").history.is_empty(),
        "idle room b was evicted"
    );
    assert_eq!(c.snapshot("a").participants, ["ann"]);
    let e = c.handle_send(
        2,
        &Route::Join("d".into()),
        payload(MessageType::Join, "bob", None),
        0,
    );
    assert_eq!(
        broadcast(&e).kind,
        MessageType::Join,
        "c was idle, so d fits"
    );
}
