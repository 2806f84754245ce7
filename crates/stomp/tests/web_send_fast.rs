//! The driver's fast path for fire-and-forget sends (`Session::send_now`) against RabbitMQ in
//! headless Chromium (scripts/test-web.sh): mixed with sends that go the general way it keeps
//! their order on the wire, it waits behind sends held while offline, and its writes keep
//! the outgoing heart-beat promise (the broker would drop a silent client).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, guest, next_event, next_message, subscribe, with_receipt};
use common::{sleep, unique, within};
use stomp::web::{
    ClientEvent, ConnectionState, Outcome, SendRequest, SendState, StompClient, WsFrames,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every third send with a receipt (general path), every third with an extra header (fast
/// path, general encoding), the rest plain (fast path, reused head).
fn mixed(dest: &str, i: usize) -> SendRequest {
    let req = SendRequest::new(dest, format!("m{i}"));
    match i % 3 {
        0 => req.with_receipt(),
        1 => req.header("x-i", i.to_string()),
        _ => req,
    }
}

#[wasm_bindgen_test]
async fn fast_and_general_sends_arrive_in_the_order_they_were_made() {
    for frames in [WsFrames::Text, WsFrames::Binary] {
        let client = connected(guest().ws_frames(frames)).await;
        let dest = format!("/queue/{}", unique("order"));
        let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
        let handles: Vec<_> = (0..60).map(|i| client.send(mixed(&dest, i))).collect();
        for (i, h) in handles.into_iter().enumerate() {
            let expected = if i % 3 == 0 {
                Outcome::Delivered
            } else {
                Outcome::Sent
            };
            assert_eq!(within(15_000, "outcome", h).await, Ok(expected), "{i}");
        }
        for i in 0..60 {
            let m = next_message(&mut sub, "message").await;
            assert_eq!(m.body_text().unwrap(), format!("m{i}"), "{frames:?}");
        }
        client.disconnect().await;
    }
}

#[wasm_bindgen_test]
async fn sends_held_while_connecting_go_before_later_fast_ones() {
    let dest = format!("/queue/{}", unique("held"));
    let client = StompClient::connect(guest());
    let mut events = client.events();
    let held: Vec<_> = (0..5)
        .map(|i| client.send(SendRequest::new(&dest, format!("m{i}"))))
        .collect();
    assert!(held.iter().all(|h| h.state() == Some(SendState::Queued)));
    next_event(&mut events, 15_000, "CONNECTED", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    let fast: Vec<_> = (5..10)
        .map(|i| client.send(SendRequest::new(&dest, format!("m{i}"))))
        .collect();
    for h in fast {
        assert_eq!(
            h.state(),
            Some(SendState::Sent),
            "written when send returned"
        );
    }
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    for i in 0..10 {
        let m = next_message(&mut sub, "message").await;
        assert_eq!(m.body_text().unwrap(), format!("m{i}"));
    }
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_connection_kept_busy_then_idle_by_fast_sends_stays_up_on_heart_beats() {
    // 1 s heart-beats both ways: RabbitMQ closes a connection it hears nothing from for
    // about two periods. 2.4 s of fast sends every 300 ms, then 3.5 s of silence on our
    // side: only our heart-beats keep it open, scheduled from the last fast send's write.
    let client = connected(guest().heart_beat(1_000, 1_000)).await;
    let mut events = client.events();
    let dest = format!("/topic/{}", unique("hb"));
    for i in 0..8 {
        let h = client.send(SendRequest::new(&dest, format!("m{i}")));
        assert_eq!(h.state(), Some(SendState::Sent));
        sleep(300).await;
    }
    sleep(3_500).await;
    let changes: Vec<_> = std::iter::from_fn(|| events.try_recv().ok())
        // The stream opens with the current state; any change after it is a failure.
        .filter(|e| !matches!(e, ClientEvent::State(ConnectionState::Connected)))
        .filter(|e| matches!(e, ClientEvent::State(_) | ClientEvent::SocketClosed { .. }))
        .collect();
    assert!(changes.is_empty(), "the connection changed: {changes:?}");
    // Still usable, both ways.
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let h = client.send(SendRequest::new(&dest, "after"));
    assert_eq!(within(1_000, "sent", h).await, Ok(Outcome::Sent));
    assert_eq!(
        next_message(&mut sub, "after").await.body_text().unwrap(),
        "after"
    );
    client.disconnect().await;
}
