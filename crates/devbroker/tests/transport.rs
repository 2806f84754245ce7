//! The WebSocket side: subprotocols, framing across and within messages, binary messages,
//! heart-beats, and serving the app.

mod common;

use common::{heart_beat, start, start_with, Client, Event};
use std::time::{Duration, Instant};
use stomp::{Command, Frame, Version};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn best_offered_subprotocol_is_chosen() {
    let server = start().await;
    let c = Client::open_with(&server, Some("v10.stomp, v12.stomp, v11.stomp")).await;
    assert_eq!(c.protocol.as_deref(), Some("v12.stomp"));
    let c = Client::open_with(&server, Some("v10.stomp, v11.stomp")).await;
    assert_eq!(c.protocol.as_deref(), Some("v11.stomp"));
    let mut c = Client::open_with(&server, None).await;
    assert_eq!(c.protocol, None);
    c.connect(&[("accept-version", "1.2")]).await;
    server.shutdown().await;
}

#[tokio::test]
async fn frames_split_across_messages_and_several_per_message() {
    let server = start().await;
    let mut rx = Client::open(&server).await;
    rx.connect(&[("accept-version", "1.2")]).await;
    rx.subscribe("s", "/topic/split").await;
    rx.barrier().await;

    let mut tx = Client::open(&server).await;
    // CONNECT split byte by byte across messages.
    let connect = "CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0";
    for b in connect.as_bytes().chunks(1) {
        tx.send_text(std::str::from_utf8(b).unwrap()).await;
    }
    assert_eq!(tx.frame().await.command, Command::Connected);

    // A large frame in 3 pieces, then three frames (and heart-beats) in one message.
    let big = "é".repeat(20_000);
    let f = Frame::new(Command::Send)
        .header("destination", "/topic/split")
        .body(big.clone());
    let bytes = stomp::encode_to_vec(&f, Version::V1_2).unwrap();
    for piece in stomp::split_message(&bytes, 16_000) {
        tx.send_binary(piece).await;
    }
    let mut several = String::new();
    for i in 0..3 {
        several.push_str(&format!("SEND\ndestination:/topic/split\n\nn{i}\0\n"));
    }
    tx.send_text(&several).await;

    assert_eq!(rx.frame().await.body_text(), Ok(big.as_str()));
    for i in 0..3 {
        assert_eq!(rx.frame().await.body_text(), Ok(format!("n{i}").as_str()));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn binary_messages_and_binary_bodies() {
    let server = start().await;
    let (mut rx, _) = Client::connected(&server).await;
    rx.subscribe("s", "/topic/bin").await;
    rx.barrier().await;
    let mut tx = Client::open(&server).await;
    tx.send_binary(b"CONNECT\naccept-version:1.2\n\n\0").await;
    assert_eq!(tx.frame().await.command, Command::Connected);
    let body: &[u8] = &[0, 159, 146, 150, 0, 255];
    let f = Frame::new(Command::Send)
        .header("destination", "/topic/bin")
        .header("content-type", "application/octet-stream")
        .body(body.to_vec());
    tx.send_binary(&stomp::encode_to_vec(&f, Version::V1_2).unwrap())
        .await;
    let got = rx.frame().await;
    assert_eq!(&got.body[..], body);
    assert!(
        rx.last_was_binary,
        "non-UTF-8 content goes out as a binary message"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn silent_client_is_dropped_after_three_intervals() {
    // Its LEAVE waits for the grace period (tests/departures.rs): a short one here.
    let server = start_with(devbroker::Config {
        limits: devbroker::BrokerLimits {
            leave_grace_ms: 100,
            ..Default::default()
        },
        ..heart_beat(100, 100)
    })
    .await;
    let (mut watcher, _) = Client::connected(&server).await;
    watcher.join("hb", "watcher").await;

    let mut quiet = Client::open(&server).await;
    let c = quiet
        .connect(&[("accept-version", "1.2"), ("heart-beat", "100,100")])
        .await;
    assert_eq!(c.get("heart-beat"), Some("100,100"));
    quiet
        .send_json(
            &chat_proto::dest::join("hb"),
            r#"{"type":"JOIN","sender":"quiet"}"#,
        )
        .await;
    let started = Instant::now();
    let mut server_beats = 0;
    let code = loop {
        match quiet.event().await {
            Event::HeartBeat => server_beats += 1,
            Event::Frame(_) => {}
            Event::Closed(code) => break code,
        }
    };
    let after = started.elapsed();
    assert!(
        server_beats >= 2,
        "the server sends heart-beats ({server_beats})"
    );
    assert!(
        after >= Duration::from_millis(250) && after < Duration::from_millis(1500),
        "dropped after {after:?}"
    );
    assert_eq!(code, Some(1008));
    let (_, leave) = watcher.chat_of(chat_proto::MessageType::Leave).await;
    assert_eq!(leave.sender, "quiet");
    assert_eq!(server.session_count(), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn a_client_that_beats_stays_connected() {
    let server = start_with(heart_beat(100, 100)).await;
    let mut c = Client::open(&server).await;
    c.connect(&[("accept-version", "1.2"), ("heart-beat", "100,100")])
        .await;
    for _ in 0..8 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        c.send_text("\n").await;
    }
    c.barrier().await;
    assert_eq!(server.session_count(), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn heart_beats_off_when_the_client_asks_none() {
    let server = start_with(heart_beat(100, 100)).await;
    let (mut c, _) = Client::connected(&server).await; // heart-beat:0,0
    let quiet_for = Duration::from_millis(500);
    assert!(
        c.event_within(quiet_for).await.is_none(),
        "no beats, no drop"
    );
    assert_eq!(server.session_count(), 1);
    server.shutdown().await;
}

async fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn serves_the_app_with_index_fallback() {
    let dir = std::env::temp_dir().join(format!("devbroker-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>chat</title>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let server = start_with(devbroker::Config {
        static_dir: dir.clone(),
        ..common::config()
    })
    .await;
    let root = http_get(server.local_addr(), "/").await;
    assert!(root.starts_with("HTTP/1.1 200"), "{root}");
    assert!(root.contains("<title>chat</title>"));
    let js = http_get(server.local_addr(), "/app.js").await;
    assert!(
        js.contains("text/javascript") && js.contains("console.log(1)"),
        "{js}"
    );
    let deep = http_get(server.local_addr(), "/rooms/general").await;
    assert!(
        deep.contains("<title>chat</title>"),
        "client routes get index.html"
    );
    server.shutdown().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_socket_that_never_connects_is_closed() {
    let server = start_with(devbroker::Config {
        limits: devbroker::BrokerLimits {
            connect_timeout_ms: 200,
            ..Default::default()
        },
        ..common::config()
    })
    .await;
    let mut idle = Client::open(&server).await;
    let started = Instant::now();
    assert_eq!(idle.closed_code().await, Some(1008));
    assert!(started.elapsed() < Duration::from_secs(2));
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_sessions_as_going_away() {
    let server = start().await;
    let (mut c, _) = Client::connected(&server).await;
    let addr = server.local_addr();
    server.shutdown().await;
    assert_eq!(c.closed_code().await, Some(1001));
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}
