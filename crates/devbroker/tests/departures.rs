//! A reload or a short outage is not a departure: a session gone without LEAVE or DISCONNECT
//! is announced only if its nickname stays away for the grace period.

mod common;

use std::time::{Duration, Instant};

use chat_proto::{dest, MessageType, RoomSnapshot};
use common::{start_with, Client};
use devbroker::{BrokerLimits, Config, ServerHandle};

async fn server(leave_grace_ms: u64) -> ServerHandle {
    start_with(Config {
        limits: BrokerLimits {
            leave_grace_ms,
            ..BrokerLimits::default()
        },
        ..common::config()
    })
    .await
}

/// Joins without waiting for an echo (a JOIN that is not announced has none).
async fn join_quietly(c: &mut Client, room: &str, nick: &str) {
    c.subscribe(&format!("room-{room}"), &dest::room_topic(room))
        .await;
    c.send_json(
        &dest::join(room),
        &format!(r#"{{"type":"JOIN","sender":"{nick}"}}"#),
    )
    .await;
    c.barrier().await;
}

async fn participants(c: &mut Client, room: &str) -> Vec<String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    c.subscribe(&format!("snap-{id}"), &dest::history(room))
        .await;
    let f = c.frame().await;
    let snap: RoomSnapshot = serde_json::from_slice(&f.body).unwrap();
    snap.participants
}

#[tokio::test]
async fn a_reload_within_the_grace_period_shows_no_one_leaving_or_joining() {
    let server = server(10_000).await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    bob.join("general", "bob").await;

    ann.drop_abruptly();
    let (mut ann, _) = Client::connected(&server).await;
    join_quietly(&mut ann, "general", "ann").await;
    ann.send_json(
        &dest::post("general"),
        r#"{"type":"CHAT","sender":"ann","content":"back"}"#,
    )
    .await;
    // bob's next message is what ann said: no LEAVE, no JOIN before it.
    let m = bob.chat().await;
    assert_eq!(
        (m.kind, m.sender.as_str(), m.content.as_deref()),
        (MessageType::Chat, "ann", Some("back"))
    );
    assert_eq!(participants(&mut bob, "general").await, ["ann", "bob"]);
    server.shutdown().await;
}

#[tokio::test]
async fn gone_for_good_is_announced_after_the_grace_period_and_listed_until_then() {
    let server = server(400).await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    bob.join("general", "bob").await;

    let gone = Instant::now();
    ann.drop_abruptly();
    // Still listed while the departure waits (a page loading the room now sees ann).
    let (mut cat, _) = Client::connected(&server).await;
    assert_eq!(participants(&mut cat, "general").await, ["ann", "bob"]);
    let m = bob.chat().await;
    assert_eq!((m.kind, m.sender.as_str()), (MessageType::Leave, "ann"));
    assert!(gone.elapsed() >= Duration::from_millis(400));
    assert_eq!(participants(&mut cat, "general").await, ["bob"]);
    // And back later: a JOIN like anyone's.
    let (mut ann, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    let m = bob.chat().await;
    assert_eq!((m.kind, m.sender.as_str()), (MessageType::Join, "ann"));
    server.shutdown().await;
}

#[tokio::test]
async fn a_second_tab_joins_silently_and_a_disconnect_is_announced_at_once() {
    let server = server(60_000).await;
    let (mut ann, _) = Client::connected(&server).await;
    let (mut bob, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    bob.join("general", "bob").await;
    let (mut tab, _) = Client::connected(&server).await;
    join_quietly(&mut tab, "general", "ann").await;
    bob.expect_silence(Duration::from_millis(300)).await;

    // The first tab closes (no goodbye): the other is still there, nothing to announce.
    ann.drop_abruptly();
    bob.expect_silence(Duration::from_millis(300)).await;
    // The second signs out (DISCONNECT): announced now, not a minute later.
    tab.send_frame(&stomp::Frame::new(stomp::Command::Disconnect))
        .await;
    let m = bob.chat().await;
    assert_eq!((m.kind, m.sender.as_str()), (MessageType::Leave, "ann"));
    server.shutdown().await;
}

/// CONNECTs claiming `nick` as `client` (the app's `chat-nickname`/`chat-client-id`).
async fn claimed(server: &ServerHandle, nick: &str, client: &str) -> Client {
    let mut c = Client::open(server).await;
    c.connect(&[
        ("accept-version", "1.2"),
        ("heart-beat", "0,0"),
        ("chat-nickname", nick),
        ("chat-client-id", client),
    ])
    .await;
    c
}

#[tokio::test]
async fn someone_else_taking_a_freed_nickname_is_not_the_same_person_coming_back() {
    let server = server(60_000).await;
    let mut ann = claimed(&server, "ann", "browser-a").await;
    let (mut bob, _) = Client::connected(&server).await;
    ann.join("general", "ann").await;
    bob.join("general", "bob").await;

    // ann's own reload (same client id): nothing to announce.
    ann.drop_abruptly();
    let mut ann = claimed(&server, "ann", "browser-a").await;
    join_quietly(&mut ann, "general", "ann").await;
    bob.expect_silence(Duration::from_millis(300)).await;

    // ann gone without a goodbye, and another browser takes the freed name within the grace
    // period: bob is told ann left, then that a (new) ann joined, at once.
    ann.drop_abruptly();
    let mut other = claimed(&server, "ann", "browser-b").await;
    other.join("general", "ann").await;
    let left = bob.chat().await;
    assert_eq!(
        (left.kind, left.sender.as_str()),
        (MessageType::Leave, "ann")
    );
    let joined = bob.chat().await;
    assert_eq!(
        (joined.kind, joined.sender.as_str()),
        (MessageType::Join, "ann")
    );
    assert_eq!(participants(&mut bob, "general").await, ["ann", "bob"]);
    server.shutdown().await;
}
