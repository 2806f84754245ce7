//! The public client against a real RabbitMQ node with Web STOMP, in headless Chromium.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{
    acked, commit_delivers_and_abort_does_not, connected, echo_at, guest,
    heart_beats_keep_an_idle_connection_up, next_event, next_message, send, subscribe,
    with_receipt,
};
use common::{sleep, unique, within};
use futures_util::StreamExt;
use stomp::web::{
    AckMode, ClientError, ClientEvent, ConnectionState, Direction, DisconnectReason, SendRequest,
    StompClient, SubscribeOptions, WsFrames,
};
use stomp::{Command, Limits, Version};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn connect_negotiates_version_heart_beat_and_server() {
    let client = connected(guest().heart_beat(2_000, 3_000)).await;
    let info = client.connected_info().expect("connected info");
    assert_eq!(info.version, Version::V1_2);
    // RabbitMQ mirrors the request: it sends every 3 s (our incoming), wants ours every 2 s.
    assert_eq!(info.heart_beat, (2_000, 3_000));
    let server = info.server.expect("server header");
    assert!(server.starts_with("RabbitMQ/"), "{server}");
    assert!(info.session.is_some());
    client.disconnect().await;
    assert_eq!(
        client.state(),
        ConnectionState::Closed(DisconnectReason::UserRequest)
    );
}

#[wasm_bindgen_test]
async fn two_clients_subscribe_send_and_receive() {
    let dest = format!("/topic/{}", unique("chat"));
    let alice = connected(guest()).await;
    let bob = connected(guest()).await;
    let mut sub = subscribe(&alice, &dest, with_receipt()).await.unwrap();
    for i in 0..5 {
        send(
            &bob,
            SendRequest::new(dest.clone(), format!("hello {i}"))
                .content_type("text/plain")
                .with_receipt(),
        )
        .await
        .unwrap();
    }
    for i in 0..5 {
        let m = next_message(&mut sub, "message").await;
        assert_eq!(m.body_text().unwrap(), format!("hello {i}"));
        assert_eq!(m.destination(), dest);
        assert_eq!(m.content_type(), Some("text/plain"));
        assert_eq!(m.subscription, sub.id());
    }
    alice.disconnect().await;
    bob.disconnect().await;
}

/// Sends to a fresh topic and returns what came back.
async fn echo(
    client: &StompClient,
    req: impl FnOnce(String) -> SendRequest,
) -> stomp::session::Message {
    echo_at(client, format!("/topic/{}", unique("echo")), req).await
}

#[wasm_bindgen_test]
async fn utf8_multibyte_body_keeps_its_byte_length() {
    let client = connected(guest()).await;
    let text = "héllo — 世界 🎉 ñ";
    let m = echo(&client, |d| SendRequest::new(d, text)).await;
    assert_eq!(m.body_text().unwrap(), text);
    assert_eq!(m.frame.content_length(), Some(text.len()));
    assert_ne!(text.len(), text.chars().count());
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn body_with_nul_bytes_arrives_whole() {
    let client = connected(guest()).await;
    let body: &[u8] = b"a\0b\0\0c\0";
    let m = echo(&client, |d| {
        SendRequest::new(d, body).content_type("application/octet-stream")
    })
    .await;
    assert_eq!(m.body(), body);
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn text_and_binary_websocket_messages_both_carry_our_frames() {
    // Bodies RabbitMQ can deliver back over its default text frames: UTF-8, NULs included
    // (a body that is not UTF-8 would break its socket on the way back, whatever we send).
    let body: &[u8] = "a\0✓\0\0c".as_bytes();
    for frames in [WsFrames::Text, WsFrames::Binary] {
        let client = connected(guest().ws_frames(frames)).await;
        let m = echo(&client, |d| SendRequest::new(d, body)).await;
        assert_eq!(m.body(), body, "{frames:?}");
        client.disconnect().await;
    }
}

#[wasm_bindgen_test]
async fn one_mebibyte_message_round_trips_split_across_websocket_messages() {
    let client = connected(guest().tap_frames(true)).await;
    let body: Vec<u8> = (0..1024 * 1024).map(|i| b'a' + (i % 26) as u8).collect();
    let m = echo(&client, |d| SendRequest::new(d, body.clone())).await;
    assert_eq!(m.body().len(), body.len());
    assert!(m.body() == &body[..], "body differs");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn headers_with_colon_newline_and_backslash_round_trip() {
    let client = connected(guest()).await;
    let weird = "a:b\nc\\d\re:";
    let m = echo(&client, |d| {
        SendRequest::new(d, "x")
            .header("x-weird", weird)
            .header("x-plain", "ok")
    })
    .await;
    assert_eq!(m.frame.get("x-weird"), Some(weird));
    assert_eq!(m.frame.get("x-plain"), Some("ok"));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn receipts_confirm_send_and_subscribe_as_seen_on_the_tap() {
    let client = connected(guest().tap_frames(true)).await;
    let mut tap = client.tap();
    let dest = format!("/queue/{}", unique("receipts"));
    let _sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    send(&client, SendRequest::new(dest.clone(), "x").with_receipt())
        .await
        .unwrap();
    // The tap saw SUBSCRIBE and SEND go out with receipt headers, and two RECEIPTs come back
    // answering exactly those ids.
    let mut asked = vec![];
    let mut answered = vec![];
    while let Ok(t) = tap.try_recv() {
        let Some(f) = t.frame else { continue };
        assert!(t.at_ms > 1.6e12, "epoch timestamp, got {}", t.at_ms);
        match (t.direction, f.command) {
            (Direction::Out, Command::Subscribe | Command::Send) => {
                asked.push(f.get("receipt").expect("receipt header").to_owned())
            }
            (Direction::In, Command::Receipt) => {
                answered.push(f.get("receipt-id").unwrap().to_owned())
            }
            _ => {}
        }
    }
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert_eq!(asked, answered);
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn client_individual_nack_redelivers_only_that_message() {
    let client = connected(guest()).await;
    let dest = format!("/queue/{}", unique("ack-ind"));
    let mut sub = subscribe(&client, &dest, acked(AckMode::ClientIndividual))
        .await
        .unwrap();
    for i in 0..3 {
        send(
            &client,
            SendRequest::new(dest.clone(), format!("m{i}")).with_receipt(),
        )
        .await
        .unwrap();
    }
    let mut got = vec![];
    for _ in 0..3 {
        got.push(next_message(&mut sub, "first delivery").await);
    }
    assert_eq!(
        got.iter()
            .map(|m| m.body_text().unwrap())
            .collect::<Vec<_>>(),
        ["m0", "m1", "m2"]
    );
    client.ack(&got[0]).await.unwrap();
    client.nack(&got[1]).await.unwrap();
    client.ack(&got[2]).await.unwrap();
    let again = next_message(&mut sub, "redelivery").await;
    assert_eq!(again.body_text().unwrap(), "m1");
    assert_eq!(again.frame.get("redelivered"), Some("true"));
    client.ack(&again).await.unwrap();
    sleep(300).await;
    assert!(
        sub.try_next().is_none(),
        "only the nacked message comes back"
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn client_ack_is_cumulative_and_nack_redelivers() {
    let client = connected(guest()).await;
    let dest = format!("/queue/{}", unique("ack-client"));
    let mut sub = subscribe(&client, &dest, acked(AckMode::Client))
        .await
        .unwrap();
    for i in 0..3 {
        send(
            &client,
            SendRequest::new(dest.clone(), format!("m{i}")).with_receipt(),
        )
        .await
        .unwrap();
    }
    let mut got = vec![];
    for _ in 0..3 {
        got.push(next_message(&mut sub, "delivery").await);
    }
    // Acking m1 acks m0 too; nacking m2 puts it back.
    client.ack(&got[1]).await.unwrap();
    client.nack(&got[2]).await.unwrap();
    let again = next_message(&mut sub, "redelivery").await;
    assert_eq!(again.body_text().unwrap(), "m2");
    assert_eq!(again.frame.get("redelivered"), Some("true"));
    client.ack(&again).await.unwrap();
    drop(sub);
    // A new subscriber finds nothing left: m0 was acked by the cumulative ack of m1.
    let mut sub2 = subscribe(&client, &dest, acked(AckMode::Client))
        .await
        .unwrap();
    sleep(400).await;
    assert!(sub2.try_next().is_none(), "nothing left on the queue");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn ack_of_an_auto_message_is_a_typed_error() {
    let client = connected(guest()).await;
    let m = echo(&client, |d| SendRequest::new(d, "x")).await;
    assert_eq!(client.ack(&m).await, Err(ClientError::NoAckToken));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn committed_transaction_delivers_and_aborted_one_does_not() {
    let client = connected(guest()).await;
    let dest = format!("/topic/{}", unique("tx"));
    let aborted = commit_delivers_and_abort_does_not(&client, &dest).await;
    assert_eq!(
        client.commit(aborted).await,
        Err(ClientError::Session(
            stomp::session::SessionError::UnknownTransaction(aborted)
        ))
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn bad_password_is_a_typed_rejection_without_retry() {
    let client = StompClient::connect(guest().login("guest", "wrong"));
    let mut events = client.events();
    let err = next_event(&mut events, 15_000, "ERROR", |e| {
        matches!(e, ClientEvent::ServerError(_))
    })
    .await;
    let ClientEvent::ServerError(err) = err else {
        unreachable!()
    };
    assert_eq!(err.message.as_deref(), Some("Bad CONNECT"));
    let state = next_event(&mut events, 5_000, "closed", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(_)))
    })
    .await;
    assert!(
        matches!(
            state,
            ClientEvent::State(ConnectionState::Closed(DisconnectReason::Rejected { .. }))
        ),
        "{state:?}"
    );
    // Wrong credentials are not retried in a loop.
    sleep(1_500).await;
    assert!(matches!(client.state(), ConnectionState::Closed(_)));
    assert!(
        send(&client, SendRequest::new("/topic/x", "x"))
            .await
            .is_err(),
        "a closed client refuses sends"
    );
}

#[wasm_bindgen_test]
async fn unknown_destination_error_is_a_typed_event_and_the_client_reconnects() {
    let client = connected(guest().reconnect(stomp::web::ReconnectPolicy {
        initial_delay_ms: 100,
        ..Default::default()
    }))
    .await;
    let mut events = client.events();
    // Without a receipt: RabbitMQ's ERROR names no receipt-id, so a held send could not be
    // told apart from the others and would be replayed after the reconnect.
    send(&client, SendRequest::new("/app/x", "hi"))
        .await
        .unwrap();
    let err = next_event(&mut events, 5_000, "ERROR event", |e| {
        matches!(e, ClientEvent::ServerError(_))
    })
    .await;
    let ClientEvent::ServerError(err) = err else {
        unreachable!()
    };
    assert_eq!(err.message.as_deref(), Some("Unknown destination"));
    assert!(err.body.contains("/app/x"), "{}", err.body);
    let reason = next_event(&mut events, 5_000, "disconnected", |e| {
        matches!(e, ClientEvent::Disconnected(_))
    })
    .await;
    assert!(
        matches!(
            reason,
            ClientEvent::Disconnected(DisconnectReason::ServerError { .. })
        ),
        "{reason:?}"
    );
    next_event(&mut events, 10_000, "reconnected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    // And the reconnected client works.
    let m = echo(&client, |d| SendRequest::new(d, "after")).await;
    assert_eq!(m.body_text().unwrap(), "after");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_receipted_send_answered_by_an_error_without_receipt_id_fails_rejected_at_once() {
    let client = connected(
        guest()
            .max_send_attempts(2)
            .reconnect(stomp::web::ReconnectPolicy {
                initial_delay_ms: 100,
                ..Default::default()
            }),
    )
    .await;
    let mut events = client.events();
    // RabbitMQ's ERROR names no receipt-id; it answers the send just written, which is
    // failed with the server's words and never re-sent (it would be refused forever).
    let result = send(&client, SendRequest::new("/app/x", "hi").with_receipt()).await;
    assert_eq!(
        result,
        Err(ClientError::SendFailed(
            stomp::session::SendFailure::Rejected("Unknown destination".into())
        ))
    );
    next_event(&mut events, 10_000, "reconnected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    let m = echo(&client, |d| SendRequest::new(d, "fine")).await;
    assert_eq!(m.body_text().unwrap(), "fine");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn oversized_frame_from_the_server_is_a_typed_error_then_a_clean_reconnect() {
    let limits = Limits {
        max_body: 1_000,
        ..Limits::default()
    };
    let client = connected(
        guest()
            .limits(limits)
            .reconnect(stomp::web::ReconnectPolicy {
                initial_delay_ms: 100,
                ..Default::default()
            }),
    )
    .await;
    let mut events = client.events();
    let dest = format!("/topic/{}", unique("big"));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    // From another client: the limited one may lose its connection before the RECEIPT, and
    // would then re-send the oversized message to itself after every reconnect.
    let sender = connected(guest()).await;
    send(
        &sender,
        SendRequest::new(dest.clone(), vec![b'x'; 2_000]).with_receipt(),
    )
    .await
    .unwrap();
    let e = next_event(&mut events, 5_000, "protocol error", |e| {
        matches!(e, ClientEvent::ProtocolError(_))
    })
    .await;
    assert!(format!("{e:?}").contains("LimitExceeded"), "{e:?}");
    next_event(&mut events, 10_000, "reconnected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    // The subscription was replayed on the new connection (sent on the same connection, so
    // the broker has the SUBSCRIBE before this SEND).
    send(
        &client,
        SendRequest::new(dest.clone(), "small").with_receipt(),
    )
    .await
    .unwrap();
    assert_eq!(
        next_message(&mut sub, "after reconnect")
            .await
            .body_text()
            .unwrap(),
        "small"
    );
    sender.disconnect().await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn heart_beats_keep_an_idle_connection_alive_past_the_broker_timeout() {
    // RabbitMQ drops a client that promised 1 s beats and is silent for about 3 s.
    heart_beats_keep_an_idle_connection_up(guest(), format!("/topic/{}", unique("hb"))).await;
}

#[wasm_bindgen_test]
async fn dropping_a_subscription_unsubscribes() {
    let client = connected(guest()).await;
    let dest = format!("/queue/{}", unique("unsub"));
    let sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    drop(sub);
    // With the only consumer gone, a message stays on the queue for the next subscriber.
    send(
        &client,
        SendRequest::new(dest.clone(), "kept").with_receipt(),
    )
    .await
    .unwrap();
    let mut sub2 = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let m = within(5_000, "kept message", sub2.next()).await.unwrap();
    assert_eq!(m.body_text().unwrap(), "kept");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn before_connect_hook_supplies_credentials() {
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = calls.clone();
    let config = guest()
        .login("nobody", "nothing")
        .before_connect(move |mut cred| {
            c.set(c.get() + 1);
            async move {
                sleep(50).await; // e.g. a token refresh round-trip
                cred.login = Some("guest".into());
                cred.passcode = Some("guest".into());
                Ok(cred)
            }
        });
    let client = connected(config).await;
    assert_eq!(calls.get(), 1);
    client.disconnect().await;
}

/// The hook's own error type, to show it reaches listeners typed.
#[derive(Debug, PartialEq)]
struct TokenUnavailable(u16);

impl std::fmt::Display for TokenUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "token service unavailable (HTTP {})", self.0)
    }
}

impl std::error::Error for TokenUnavailable {}

#[wasm_bindgen_test]
async fn a_failing_before_connect_hook_is_a_typed_failed_attempt_and_retried() {
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = calls.clone();
    let config = guest()
        .reconnect(stomp::web::ReconnectPolicy {
            initial_delay_ms: 100,
            ..Default::default()
        })
        .before_connect(move |cred| {
            c.set(c.get() + 1);
            let first = c.get() == 1;
            async move {
                if first {
                    Err(TokenUnavailable(503))?;
                }
                Ok(cred)
            }
        });
    let client = StompClient::connect(config);
    let mut events = client.events();
    let e = next_event(&mut events, 5_000, "hook failure", |e| {
        matches!(e, ClientEvent::BeforeConnectFailed(_))
    })
    .await;
    let ClientEvent::BeforeConnectFailed(err) = e else {
        unreachable!()
    };
    assert_eq!(err.downcast_ref(), Some(&TokenUnavailable(503)));
    let e = next_event(&mut events, 5_000, "failed attempt", |e| {
        matches!(e, ClientEvent::Disconnected(_))
    })
    .await;
    match e {
        ClientEvent::Disconnected(DisconnectReason::TransportClosed { reason, .. }) => {
            assert!(reason.contains("token service unavailable"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }
    next_event(&mut events, 5_000, "connected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    assert_eq!(calls.get(), 2, "the hook runs before every attempt");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn dropping_the_last_handle_disconnects_and_ends_the_driver() {
    let client = connected(guest()).await;
    let mut events = client.events();
    drop(client);
    let e = next_event(&mut events, 5_000, "closed", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(_)))
    })
    .await;
    assert_eq!(
        e,
        ClientEvent::State(ConnectionState::Closed(DisconnectReason::UserRequest))
    );
    // The driver has ended: its listeners are dropped, so the stream ends.
    assert_eq!(within(5_000, "stream end", events.next()).await, None);
}

#[wasm_bindgen_test]
async fn commands_are_issued_when_called_not_when_polled() {
    let client = connected(guest()).await;
    let dest = format!("/queue/{}", unique("eager"));
    // A subscribe whose future is dropped is unsubscribed again, so it steals nothing.
    drop(client.subscribe(&dest, with_receipt()));
    drop(client.subscribe(&dest, SubscribeOptions::default()));
    // Fire and forget: never polled, still sent, in call order.
    for i in 0..3 {
        drop(client.send(SendRequest::new(dest.clone(), format!("f{i}"))));
    }
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    for i in 0..3 {
        let m = next_message(&mut sub, "fire-and-forget message").await;
        assert_eq!(m.body_text().unwrap(), format!("f{i}"));
    }
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn reconnect_now_after_a_rejection_starts_over_with_fresh_credentials() {
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = calls.clone();
    let config = guest().before_connect(move |mut cred| {
        c.set(c.get() + 1);
        // The first attempt uses an expired password; the user then fixes it and retries.
        cred.passcode = Some(if c.get() == 1 { "expired" } else { "guest" }.into());
        async move { Ok(cred) }
    });
    let client = StompClient::connect(config);
    let mut events = client.events();
    next_event(&mut events, 10_000, "rejected", |e| {
        matches!(
            e,
            ClientEvent::State(ConnectionState::Closed(DisconnectReason::Rejected { .. }))
        )
    })
    .await;
    client.reconnect_now();
    next_event(&mut events, 10_000, "connected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    assert_eq!(calls.get(), 2);
    let m = echo(&client, |d| SendRequest::new(d, "retried")).await;
    assert_eq!(m.body_text().unwrap(), "retried");
    client.disconnect().await;
}
