//! Bad input from a server never panics the client: each fault is a typed event, then a clean
//! reconnect. The server is scripted (scripts/bad-stomp-server.py): no real broker misbehaves
//! on demand.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::next_event;
use common::{bad_url, within};
use futures_channel::mpsc::UnboundedReceiver;
use futures_util::StreamExt;
use stomp::session::ProtocolViolation;
use stomp::web::{
    ClientConfig, ClientEvent, ConnectionState, DisconnectReason, ReconnectPolicy, StompClient,
};
use stomp::DecodeError;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client(path: &str) -> (StompClient, UnboundedReceiver<ClientEvent>) {
    let client = StompClient::connect(ClientConfig::new(bad_url(path)).heart_beat(0, 0).reconnect(
        ReconnectPolicy {
            initial_delay_ms: 100,
            max_delay_ms: 200,
            ..ReconnectPolicy::default()
        },
    ));
    let events = client.events();
    (client, events)
}

/// Waits for the connection to end with a reason matching `pred`, then for a reconnect.
async fn ends_then_reconnects(
    events: &mut UnboundedReceiver<ClientEvent>,
    pred: impl Fn(&DisconnectReason) -> bool,
) {
    let e = next_event(events, 5_000, "disconnected", |e| {
        matches!(e, ClientEvent::Disconnected(_))
    })
    .await;
    let ClientEvent::Disconnected(reason) = e else {
        unreachable!()
    };
    assert!(pred(&reason), "unexpected reason {reason:?}");
    next_event(events, 5_000, "reconnecting", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Reconnecting { .. }))
    })
    .await;
    next_event(events, 5_000, "connected again", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
}

#[wasm_bindgen_test]
async fn unknown_command_is_a_protocol_error_then_a_reconnect() {
    let (client, mut events) = client("malformed");
    let e = next_event(&mut events, 5_000, "protocol error", |e| {
        matches!(e, ClientEvent::ProtocolError(_))
    })
    .await;
    assert_eq!(
        e,
        ClientEvent::ProtocolError(ProtocolViolation::Decode(DecodeError::UnknownCommand(
            "BOGUS".into()
        )))
    );
    ends_then_reconnects(&mut events, |r| {
        matches!(r, DisconnectReason::ProtocolError(_))
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn non_utf8_header_is_a_protocol_error_then_a_reconnect() {
    let (client, mut events) = client("badutf8");
    let e = next_event(&mut events, 5_000, "protocol error", |e| {
        matches!(e, ClientEvent::ProtocolError(_))
    })
    .await;
    assert_eq!(
        e,
        ClientEvent::ProtocolError(ProtocolViolation::Decode(DecodeError::InvalidUtf8))
    );
    ends_then_reconnects(&mut events, |r| {
        matches!(r, DisconnectReason::ProtocolError(_))
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn close_in_the_middle_of_a_frame_is_a_transport_close_then_a_reconnect() {
    let (client, mut events) = client("midframe");
    ends_then_reconnects(&mut events, |r| {
        matches!(r, DisconnectReason::TransportClosed { code: 1000, .. })
    })
    .await;
    // The half frame of the old connection did not leak into the new one.
    ends_then_reconnects(&mut events, |r| {
        matches!(r, DisconnectReason::TransportClosed { code: 1000, .. })
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn invalid_utf8_in_a_text_message_fails_the_socket_then_a_reconnect() {
    let (client, mut events) = client("badtext");
    ends_then_reconnects(&mut events, |r| {
        matches!(r, DisconnectReason::TransportClosed { .. })
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn error_frame_is_a_typed_event_then_a_reconnect() {
    let (client, mut events) = client("error");
    let e = next_event(&mut events, 5_000, "ERROR", |e| {
        matches!(e, ClientEvent::ServerError(_))
    })
    .await;
    let ClientEvent::ServerError(err) = e else {
        unreachable!()
    };
    assert_eq!(err.message.as_deref(), Some("scripted failure"));
    assert_eq!(err.body, "bad");
    ends_then_reconnects(&mut events, |r| {
        *r == DisconnectReason::ServerError {
            message: Some("scripted failure".into()),
        }
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn reconnect_now_skips_the_backoff_wait() {
    let client = StompClient::connect(
        ClientConfig::new(bad_url("error"))
            .heart_beat(0, 0)
            .reconnect(ReconnectPolicy {
                initial_delay_ms: 60_000,
                max_delay_ms: 60_000,
                jitter: 0.0,
                ..ReconnectPolicy::default()
            }),
    );
    let mut events = client.events();
    let e = next_event(&mut events, 5_000, "reconnecting", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Reconnecting { .. }))
    })
    .await;
    let ClientEvent::State(ConnectionState::Reconnecting { attempt, at_ms }) = e else {
        unreachable!()
    };
    let in_ms = at_ms.saturating_sub(client.clock_ms());
    assert_eq!(attempt, 1);
    assert!(in_ms > 50_000, "waits {in_ms} ms");
    client.reconnect_now();
    next_event(&mut events, 2_000, "connected at once", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn binary_noise_without_a_frame_end_is_a_protocol_error_at_once() {
    // 2 KB of noise with newlines but no blank line: no frame ever ends, so a decoder that
    // waits for more would hold it silently and the client would stay "Connected".
    let (client, mut events) = client("garbage");
    let e = next_event(&mut events, 3_000, "protocol error", |e| {
        matches!(e, ClientEvent::ProtocolError(_))
    })
    .await;
    let ClientEvent::ProtocolError(violation) = e else {
        unreachable!()
    };
    assert!(
        matches!(violation, ProtocolViolation::Decode(_)),
        "typed as a decode error: {violation:?}"
    );
    let e = next_event(&mut events, 1_000, "disconnected", |e| {
        matches!(e, ClientEvent::Disconnected(_))
    })
    .await;
    // The reason keeps the violation itself, not its text.
    assert_eq!(
        e,
        ClientEvent::Disconnected(DisconnectReason::ProtocolError(violation))
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_socket_close_reaches_listeners_with_its_code_and_clean_flag() {
    let (client, mut events) = client("midframe");
    let e = next_event(&mut events, 5_000, "socket closed", |e| {
        matches!(e, ClientEvent::SocketClosed { .. })
    })
    .await;
    assert_eq!(
        e,
        ClientEvent::SocketClosed {
            code: 1000,
            reason: String::new(),
            clean: true,
        }
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn unsolicited_messages_and_receipts_reach_their_streams_and_watchers() {
    let client = StompClient::connect(ClientConfig::new(bad_url("unsolicited")).heart_beat(0, 0));
    let mut unhandled = client.unhandled_messages();
    let mut receipts = client.receipts();
    let watched = client.watch_for_receipt("unsolicited-1");
    let never = client.watch_for_receipt("never-sent");
    within(5_000, "the watched receipt", watched)
        .await
        .expect("resolved by the RECEIPT");
    let m = within(1_000, "the unhandled message", unhandled.next())
        .await
        .unwrap();
    assert_eq!(m.get("subscription"), Some("server-made"));
    assert_eq!(m.body_text().unwrap(), "nobody asked");
    let r = within(1_000, "the receipt id", receipts.next()).await;
    assert_eq!(r.as_deref(), Some("unsolicited-1"));
    client.disconnect().await;
    drop(client);
    // A watcher whose receipt never came fails once the client has stopped.
    assert_eq!(
        within(5_000, "the unanswered watcher", never).await,
        Err(stomp::web::ClientError::Stopped)
    );
}
