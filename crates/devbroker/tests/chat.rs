//! The chat application behind /app, driven by two real clients.

mod common;

use chat_proto::{dest, MessageType, RoomSnapshot, ServerNotice};
use common::{start, start_with, Client};
use devbroker::{BrokerLimits, Config};
use std::time::Duration;
use stomp::Command;

#[tokio::test]
async fn two_clients_chat_through_app() {
    let server = start().await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    bob.join("general", "bob").await;
    let seen_by_ann = ann.chat().await;
    assert_eq!(
        (seen_by_ann.kind, seen_by_ann.sender.as_str()),
        (MessageType::Join, "bob")
    );

    // The sender's claim is ignored once joined; the server stamps id, time and room.
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    ann.send_json(
        &dest::post("general"),
        r#"{"type":"CHAT","sender":"mallory","content":"Привет, bob 🙂","clientId":"c-1"}"#,
    )
    .await;
    let at_bob = bob.frame().await;
    assert_eq!(at_bob.command, Command::Message);
    assert_eq!(at_bob.get("destination"), Some("/topic/chat/general"));
    assert_eq!(at_bob.get("subscription"), Some("room-general"));
    assert_eq!(at_bob.get("content-type"), Some("application/json"));
    assert!(at_bob.get("message-id").is_some());
    assert_eq!(at_bob.content_length(), Some(at_bob.body.len()));
    let m: chat_proto::ChatMessage = serde_json::from_slice(&at_bob.body).unwrap();
    assert_eq!(m.kind, MessageType::Chat);
    assert_eq!(m.sender, "ann");
    assert_eq!(m.room, "general");
    assert_eq!(m.content.as_deref(), Some("Привет, bob 🙂"));
    assert_eq!(m.client_id.as_deref(), Some("c-1"));
    assert!(m.timestamp.unwrap() >= before);
    let echo = ann.chat().await;
    assert_eq!(echo.id, m.id, "the sender sees the same stamped message");

    bob.send_json(
        &dest::post("general"),
        r#"{"type":"CHAT","content":"hi ann"}"#,
    )
    .await;
    let a = ann.chat().await;
    let b = bob.chat().await;
    assert_eq!(
        (a.sender.as_str(), a.content.as_deref()),
        ("bob", Some("hi ann"))
    );
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, m.id, "ids are unique");

    bob.send_json(&dest::typing("general"), r#"{"type":"TYPING"}"#)
        .await;
    let t = ann.chat().await;
    assert_eq!((t.kind, t.sender.as_str()), (MessageType::Typing, "bob"));
    server.shutdown().await;
}

#[tokio::test]
async fn presence_join_and_leave_including_abrupt_close() {
    // An abrupt close is announced after the grace period (tests/departures.rs); short here.
    let server = start_with(Config {
        limits: BrokerLimits {
            leave_grace_ms: 200,
            ..BrokerLimits::default()
        },
        ..common::config()
    })
    .await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    let (mut cat, _) = Client::connected(&server).await;
    ann.join("r1", "ann").await;
    bob.join("r1", "bob").await;
    cat.join("r1", "cat").await;
    assert_eq!(ann.chat().await.sender, "bob");
    assert_eq!(ann.chat().await.sender, "cat");

    // Explicit leave.
    bob.send_json(&dest::leave("r1"), r#"{"type":"LEAVE"}"#)
        .await;
    let l = ann.chat().await;
    assert_eq!((l.kind, l.sender.as_str()), (MessageType::Leave, "bob"));

    // A socket that just vanishes still produces LEAVE.
    cat.drop_abruptly();
    let l = ann.chat().await;
    assert_eq!((l.kind, l.sender.as_str()), (MessageType::Leave, "cat"));

    // DISCONNECT too, and the DISCONNECT receipt is answered (as Spring does).
    let mut d = stomp::Frame::new(Command::Disconnect).header("receipt", "bye");
    d.headers.push("x", "y");
    bob.send_json(&dest::join("r1"), r#"{"type":"JOIN","sender":"bob"}"#)
        .await;
    assert_eq!(ann.chat().await.kind, MessageType::Join);
    assert_eq!(bob.chat().await.kind, MessageType::Join);
    bob.send_frame(&d).await;
    let r = loop {
        // bob still has room broadcasts queued before the receipt.
        let f = bob.frame().await;
        if f.command != Command::Message {
            break f;
        }
    };
    assert_eq!(
        (r.command, r.get("receipt-id")),
        (Command::Receipt, Some("bye"))
    );
    assert_eq!(bob.closed_code().await, Some(1000));
    let l = ann.chat().await;
    assert_eq!((l.kind, l.sender.as_str()), (MessageType::Leave, "bob"));

    // The history answer lists who is left.
    ann.subscribe("h", &dest::history("r1")).await;
    let f = ann.frame().await;
    let snap: RoomSnapshot = serde_json::from_slice(&f.body).unwrap();
    assert_eq!(snap.participants, ["ann"]);
    server.shutdown().await;
}

#[tokio::test]
async fn history_answers_once_on_subscribe() {
    let server = start().await;
    let (mut ann, _) = Client::connected(&server).await;
    ann.join("lobby", "ann").await;
    for i in 0..3 {
        ann.send_json(
            &dest::post("lobby"),
            &format!(r#"{{"type":"CHAT","content":"m{i}"}}"#),
        )
        .await;
        ann.chat().await;
    }
    let (mut bob, _) = Client::connected(&server).await;
    bob.subscribe("hist", &dest::history("lobby")).await;
    let f = bob.frame().await;
    assert_eq!(f.command, Command::Message);
    assert_eq!(f.get("destination"), Some("/app/chat/lobby/history"));
    assert_eq!(f.get("subscription"), Some("hist"));
    assert_eq!(f.get("content-type"), Some("application/json"));
    let snap: RoomSnapshot = serde_json::from_slice(&f.body).unwrap();
    assert_eq!(snap.room, "lobby");
    let contents: Vec<_> = snap
        .history
        .iter()
        .map(|m| m.content.clone().unwrap())
        .collect();
    assert_eq!(contents, ["m0", "m1", "m2"]);
    assert!(snap
        .history
        .iter()
        .all(|m| m.sender == "ann" && m.id.is_some()));
    assert_eq!(snap.participants, ["ann"]);

    // Once: later posts do not arrive on the history subscription.
    ann.send_json(&dest::post("lobby"), r#"{"type":"CHAT","content":"later"}"#)
        .await;
    bob.expect_silence(Duration::from_millis(300)).await;

    // An unknown room answers an empty snapshot.
    bob.subscribe("h2", &dest::history("empty")).await;
    let snap: RoomSnapshot = serde_json::from_slice(&bob.frame().await.body).unwrap();
    assert!(snap.history.is_empty() && snap.participants.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn private_messages_reach_only_the_recipient_and_the_sender() {
    let server = start().await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    let (mut cat, _) = Client::connected(&server).await;
    for (c, nick) in [(&mut ann, "ann"), (&mut bob, "bob"), (&mut cat, "cat")] {
        c.subscribe("p", dest::PRIVATE_QUEUE).await;
        c.subscribe("e", dest::ERRORS_QUEUE).await;
        c.join("r", nick).await;
    }
    ann.send_json(
        dest::PRIVATE,
        r#"{"type":"PRIVATE","to":"bob","content":"psst","clientId":"p1"}"#,
    )
    .await;
    let (f, _) = bob.chat_of(MessageType::Private).await;
    assert_eq!(f.get("destination"), Some(dest::PRIVATE_QUEUE));
    assert_eq!(f.get("subscription"), Some("p"));
    let m: chat_proto::ChatMessage = serde_json::from_slice(&f.body).unwrap();
    assert_eq!(m.kind, MessageType::Private);
    assert_eq!((m.sender.as_str(), m.to.as_deref()), ("ann", Some("bob")));
    assert_eq!(m.content.as_deref(), Some("psst"));
    // The sender's own copy.
    let (_, copy) = ann.chat_of(MessageType::Private).await;
    assert_eq!(copy.id, m.id);
    assert_eq!(copy.client_id.as_deref(), Some("p1"));
    // cat only ever sees room traffic, never the private message.
    cat.expect_silence(Duration::from_millis(300)).await;

    // An absent recipient is reported on the sender's error queue; the session stays up.
    ann.send_json(
        dest::PRIVATE,
        r#"{"type":"PRIVATE","to":"zed","content":"hello?"}"#,
    )
    .await;
    let f = ann.frame().await;
    assert_eq!(f.get("destination"), Some(dest::ERRORS_QUEUE));
    let n: ServerNotice = serde_json::from_slice(&f.body).unwrap();
    assert_eq!(n.message, "zed is not online");
    ann.send_json(
        &dest::post("r"),
        r#"{"type":"CHAT","content":"still here"}"#,
    )
    .await;
    assert_eq!(ann.chat().await.content.as_deref(), Some("still here"));
    server.shutdown().await;
}
