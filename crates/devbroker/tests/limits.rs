//! Memory stays bounded: slow consumers are dropped, connections are capped, and garbage of
//! any shape gets an ERROR (or nothing) but never a panic.

mod common;

use common::{config, start, start_with, Client, Event};
use devbroker::{BrokerLimits, Config};
use std::time::Duration;
use stomp::{Command, Frame, Version};

#[tokio::test]
async fn a_consumer_that_stops_reading_is_dropped() {
    let server = start_with(Config {
        limits: BrokerLimits {
            outbound_queue: 8,
            ..BrokerLimits::default()
        },
        ..config()
    })
    .await;
    let (mut slow, _) = Client::connected(&server).await;
    slow.subscribe("s", "/topic/flood").await;
    slow.barrier().await;
    let (mut fast, _) = Client::connected(&server).await;
    let body = "z".repeat(32 * 1024);
    let f = Frame::new(Command::Send)
        .header("destination", "/topic/flood")
        .body(body);
    let bytes = stomp::encode_to_vec(&f, Version::V1_2).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    // `slow` reads nothing from here on; its socket buffers fill, then its outbox.
    let mut sent = 0;
    while server.session_count() == 2 {
        for _ in 0..50 {
            fast.send_text(text).await;
        }
        sent += 50;
        assert!(sent < 20_000, "the slow session was never dropped");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.session_count(), 1);
    // The publisher is unaffected.
    fast.barrier().await;
    // The dropped client eventually sees its socket end (after the data that was in flight).
    let mut frames = 0;
    loop {
        match slow.event_within(Duration::from_secs(5)).await {
            Some(Event::Frame(_)) => frames += 1,
            Some(Event::HeartBeat) => {}
            Some(Event::Closed(_)) | None => break,
        }
    }
    assert!(
        frames < sent,
        "not everything was buffered for the slow client"
    );
    server.shutdown().await;
}

/// A burst well beyond what the default outbound limits (1,024 frames, 1 MiB) plus the
/// kernel's buffers (a 16 KiB receive window, up to 4 MiB of send buffer) can hold.
const BURST: usize = 4_000;
const BURST_BODY: usize = 4 * 1024;
const SMALL_WINDOW: u32 = 16 * 1024;

/// Publishes [`BURST`] numbered messages to a subscriber that reads nothing until the broker
/// has handled them all; returns that subscriber, not yet read from, and the publisher (kept
/// open so that only the subscriber can leave the session count).
async fn burst_at_a_waiting_reader(server: &devbroker::ServerHandle) -> (Client, Client) {
    let mut slow = Client::connected_with_small_window(server, SMALL_WINDOW).await;
    slow.subscribe("s", "/topic/burst").await;
    slow.barrier().await;
    let (mut publisher, _) = Client::connected(server).await;
    for i in 0..BURST {
        let f = Frame::new(Command::Send)
            .header("destination", "/topic/burst")
            .body(format!("{i:>BURST_BODY$}"));
        publisher.send_frame(&f).await;
    }
    // Every SEND has been routed into the subscriber's outbox (or overflowed it) by now.
    publisher.barrier().await;
    (slow, publisher)
}

/// The message's sequence number; asserts the body is whole.
fn sequence(f: &Frame) -> usize {
    assert_eq!(f.command, Command::Message, "{f:?}");
    let body = std::str::from_utf8(&f.body).unwrap();
    assert_eq!(body.len(), BURST_BODY);
    body.trim_start().parse().unwrap()
}

#[tokio::test]
async fn the_default_outbound_limit_drops_a_reader_behind_by_a_burst() {
    let server = start().await;
    let (mut slow, _publisher) = burst_at_a_waiting_reader(&server).await;
    // What was already in flight arrives in order, then the close that says why.
    let mut received = 0;
    let code = loop {
        match slow.event().await {
            Event::Frame(f) => {
                assert_eq!(sequence(&f), received, "out of order");
                received += 1;
            }
            Event::HeartBeat => {}
            Event::Closed(code) => break code,
        }
    };
    // 1008 "client too slow"; no close frame at all if the broker's 2 s grace for writing out
    // what was queued ran out first (on a loaded machine).
    assert!(matches!(code, Some(1008) | None), "closed with {code:?}");
    assert!(received < BURST, "the whole burst arrived ({received})");
    assert_eq!(server.session_count(), 1, "the publisher stays");
    server.shutdown().await;
}

#[tokio::test]
async fn a_raised_outbound_limit_lets_a_slow_reader_take_the_whole_burst() {
    let server = start_with(Config {
        limits: BrokerLimits {
            outbound_queue: 2 * BURST,
            outbound_bytes: 4 * BURST * BURST_BODY,
            ..BrokerLimits::default()
        },
        ..config()
    })
    .await;
    let (mut slow, _publisher) = burst_at_a_waiting_reader(&server).await;
    assert_eq!(server.session_count(), 2, "the slow reader was dropped");
    for i in 0..BURST {
        assert_eq!(sequence(&slow.frame().await), i, "out of order");
    }
    assert_eq!(server.session_count(), 2);
    server.shutdown().await;
}

#[tokio::test]
async fn connections_are_capped() {
    let server = start_with(Config {
        limits: BrokerLimits {
            max_sessions: 2,
            ..BrokerLimits::default()
        },
        ..config()
    })
    .await;
    let (_a, _) = Client::connected(&server).await;
    let (b, _) = Client::connected(&server).await;
    let refused = tokio_tungstenite::connect_async(server.ws_url()).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status(), 503)
        }
        other => panic!("expected 503, got {other:?}"),
    }
    drop(b);
    // The slot frees once the server sees the socket go.
    let mut tries = 0;
    loop {
        if tokio_tungstenite::connect_async(server.ws_url())
            .await
            .is_ok()
        {
            break;
        }
        tries += 1;
        assert!(tries < 50, "slot never freed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.shutdown().await;
}

/// xorshift: deterministic garbage without another dependency.
fn garbage(seed: &mut u64, len: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"SENDCONNECTSUBSCRIBE:\n\r\0\\cnrt-0123456789/app/topic{}\"";
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            if *seed % 4 == 0 {
                (*seed >> 8) as u8
            } else {
                ALPHABET[(*seed >> 8) as usize % ALPHABET.len()]
            }
        })
        .collect()
}

#[tokio::test]
async fn garbage_never_takes_the_server_down() {
    let server = start().await;
    let (mut calm, _) = Client::connected(&server).await;
    calm.join("calm", "calm").await;
    let mut seed = 0x9e37_79b9_7f4a_7c15;
    for round in 0..40 {
        let mut c = Client::open(&server).await;
        if round % 2 == 0 {
            c.connect(&[("accept-version", "1.2")]).await;
        }
        for _ in 0..3 {
            let len = 1 + (seed as usize % 300);
            c.send_binary(&garbage(&mut seed, len)).await;
        }
        // Whatever happens, the only things that may come back are well-formed frames (the
        // client's decoder panics otherwise) and an ERROR must be followed by a close.
        loop {
            match c.event_within(Duration::from_millis(50)).await {
                Some(Event::Frame(f)) if f.command == Command::Error => {
                    assert!(matches!(c.event().await, Event::Closed(Some(1002))));
                    break;
                }
                Some(Event::Frame(_)) | Some(Event::HeartBeat) => {}
                Some(Event::Closed(_)) | None => break,
            }
        }
    }
    calm.send_json(
        &chat_proto::dest::post("calm"),
        r#"{"type":"CHAT","content":"survived"}"#,
    )
    .await;
    assert_eq!(calm.chat().await.content.as_deref(), Some("survived"));
    server.shutdown().await;
}
