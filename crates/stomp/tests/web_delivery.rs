//! What a caller learns about each send, and what a failed subscribe leaves behind, against
//! RabbitMQ in headless Chromium (scripts/test-web.sh).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, guest, next_event, next_message, subscribe, with_receipt};
use common::{sleep, unique, within};
use futures_channel::mpsc::UnboundedReceiver;
use stomp::session::SessionError;
use stomp::web::{
    ClientError, ClientEvent, Confirm, ConnectionState, Direction, DisconnectReason, Outcome,
    SendFailure, SendId, SendRequest, SendState, StompClient,
};
use stomp::Command;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The states reported so far for `id`, in order.
fn states_of(events: &mut UnboundedReceiver<ClientEvent>, id: SendId) -> Vec<SendState> {
    std::iter::from_fn(|| events.try_recv().ok())
        .filter_map(|e| match e {
            ClientEvent::Send { id: i, state } if i == id => Some(state),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_send_made_before_connecting_is_queued_then_sent_then_delivered() {
    let client = StompClient::connect(guest());
    let mut events = client.events();
    let handle =
        client.send(SendRequest::new(format!("/topic/{}", unique("q")), "x").with_receipt());
    let id = handle.id().expect("an id at once");
    assert_eq!(handle.state(), Some(SendState::Queued));
    assert_eq!(
        within(15_000, "receipt", handle).await,
        Ok(Outcome::Delivered)
    );
    assert_eq!(
        states_of(&mut events, id),
        [SendState::Queued, SendState::Sent, SendState::Delivered]
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_fire_and_forget_send_is_sent_when_send_returns() {
    let client = connected(guest()).await;
    let mut events = client.events();
    let handle = client.send(SendRequest::new(format!("/topic/{}", unique("f")), "x"));
    let id = handle.id().unwrap();
    assert_eq!(handle.state(), Some(SendState::Sent));
    assert_eq!(states_of(&mut events, id), [SendState::Sent]);
    assert_eq!(within(1_000, "outcome", handle).await, Ok(Outcome::Sent));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_cancelled_queued_send_fails_cancelled_and_is_never_written() {
    let dest = format!("/queue/{}", unique("cancel"));
    let client = StompClient::connect(guest().tap_frames(true));
    let mut tap = client.tap();
    let dropped = client.send(SendRequest::new(&dest, "cancelled").with_receipt());
    let kept = client.send(SendRequest::new(&dest, "kept").with_receipt());
    assert!(client.cancel(dropped.id().unwrap()));
    assert!(!client.cancel(dropped.id().unwrap()), "already final");
    assert_eq!(
        within(1_000, "cancelled", dropped).await,
        Err(ClientError::SendFailed(SendFailure::Cancelled))
    );
    assert_eq!(within(15_000, "kept", kept).await, Ok(Outcome::Delivered));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    assert_eq!(
        next_message(&mut sub, "kept").await.body_text().unwrap(),
        "kept"
    );
    let bodies: Vec<String> = std::iter::from_fn(|| tap.try_recv().ok())
        .filter(|t| t.direction == Direction::Out)
        .filter_map(|t| t.frame)
        .filter(|f| f.command == Command::Send)
        .map(|f| String::from_utf8_lossy(&f.body).into_owned())
        .collect();
    assert_eq!(bodies, ["kept"], "the cancelled send was never written");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_frame_over_max_frame_bytes_is_refused_at_once_with_no_id() {
    let client = connected(guest().max_frame_bytes(1_000)).await;
    let handle = client.send(SendRequest::new("/topic/x", vec![b'a'; 2_000]));
    assert_eq!(handle.id(), None);
    assert_eq!(handle.state(), None);
    match handle.await {
        Err(ClientError::Session(SessionError::TooLarge { size, limit: 1_000 })) => {
            assert!(size > 2_000, "{size}")
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(client.state(), ConnectionState::Connected);
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_caller_confirmed_send_lost_with_its_connection_is_uncertain_not_resent() {
    let client = connected(guest().tap_frames(true)).await;
    let mut events = client.events();
    let mut tap = client.tap();
    let dest = format!("/topic/{}", unique("uncertain"));
    let handle = client.send(SendRequest::new(&dest, "maybe").confirm(Confirm::Caller));
    // An unknown exchange makes RabbitMQ drop the connection ("STOMP died", no ERROR).
    client.send(SendRequest::new("/exchange/no-such-exchange-x/y", "kill"));
    assert_eq!(
        within(10_000, "uncertain", handle).await,
        Err(ClientError::Uncertain)
    );
    next_event(&mut events, 15_000, "reconnected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    sleep(300).await;
    let maybes = std::iter::from_fn(|| tap.try_recv().ok())
        .filter(|t| t.direction == Direction::Out)
        .filter_map(|t| t.frame)
        .filter(|f| f.command == Command::Send && f.body == b"maybe"[..])
        .count();
    assert_eq!(maybes, 1, "never re-sent by the client");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_subscribe_that_failed_with_its_session_is_not_replayed_by_a_restart() {
    // The first attempt is rejected (bad password): the session closes for good and the
    // subscription's future fails. A restart with good credentials must not bring it back.
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = calls.clone();
    let config = guest().tap_frames(true).before_connect(move |mut cred| {
        c.set(c.get() + 1);
        cred.passcode = Some(if c.get() == 1 { "wrong" } else { "guest" }.into());
        async move { Ok(cred) }
    });
    let client = StompClient::connect(config);
    let mut events = client.events();
    let mut tap = client.tap();
    let zombie = format!("/topic/{}", unique("zombie"));
    let failed = client.subscribe(&zombie, with_receipt());
    let result = within(10_000, "the failed subscribe", failed).await;
    assert!(result.is_err(), "{result:?}");
    assert!(matches!(
        client.state(),
        ConnectionState::Closed(DisconnectReason::Rejected { .. })
    ));
    client.reconnect_now();
    next_event(&mut events, 10_000, "connected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    // A live subscription made now goes out; the failed one must not.
    let live = format!("/topic/{}", unique("live"));
    let _sub = subscribe(&client, &live, with_receipt()).await.unwrap();
    let subscribed: Vec<String> = std::iter::from_fn(|| tap.try_recv().ok())
        .filter(|t| t.direction == Direction::Out)
        .filter_map(|t| t.frame)
        .filter(|f| f.command == Command::Subscribe)
        .filter_map(|f| f.get("destination").map(str::to_owned))
        .collect();
    assert_eq!(subscribed, [live], "the failed subscription was replayed");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn twenty_thousand_cyrillic_chars_round_trip_unsplit() {
    let client = connected(guest()).await;
    let dest = format!("/topic/{}", unique("big"));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let body: String = "съешь же ещё этих мягких французских булок "
        .chars()
        .cycle()
        .take(20_000)
        .collect();
    let sent = client.send(SendRequest::new(&dest, body.clone()).with_receipt());
    assert_eq!(
        within(15_000, "receipt", sent).await,
        Ok(Outcome::Delivered)
    );
    let m = next_message(&mut sub, "the big message").await;
    assert!(m.body_text().unwrap() == body, "the body came back changed");
    client.disconnect().await;
}
