//! A broker restart mid-stream: both clients reconnect on their own, the subscriber is
//! resubscribed, and every message sent with a receipt during the outage arrives exactly once.
//! Its own test binary, so stopping the broker cannot disturb other tests.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, guest, next_event, next_message};
use common::{control, sleep, unique, within};
use futures_util::future::{join, join_all};
use stomp::web::{
    ClientConfig, ClientEvent, ConnectionState, DisconnectReason, Outcome, ReconnectPolicy,
    SendRequest, SubscribeOptions,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn resilient() -> ClientConfig {
    guest()
        .heart_beat(2_000, 2_000)
        .receipt_timeout_ms(60_000)
        .reconnect(ReconnectPolicy {
            initial_delay_ms: 200,
            max_delay_ms: 1_000,
            ..ReconnectPolicy::default()
        })
}

#[wasm_bindgen_test]
async fn broker_restart_loses_and_duplicates_nothing_sent_with_receipts() {
    const BEFORE: usize = 5;
    const DURING: usize = 20;
    // A queue keeps what arrives while its consumer is still reconnecting.
    let dest = format!("/queue/{}", unique("restart"));
    let subscriber = connected(resilient()).await;
    let sender = connected(resilient()).await;
    let mut sub_events = subscriber.events();
    let mut send_events = sender.events();
    let opts = SubscribeOptions {
        receipt: true,
        ..SubscribeOptions::default()
    };
    let mut sub = within(10_000, "subscribe", subscriber.subscribe(&dest, opts))
        .await
        .unwrap();

    for i in 0..BEFORE {
        let req = SendRequest::new(dest.clone(), format!("before {i}")).with_receipt();
        within(10_000, "send before", sender.send(req))
            .await
            .unwrap();
    }
    for i in 0..BEFORE {
        let m = next_message(&mut sub, "message before restart").await;
        assert_eq!(m.body_text().unwrap(), format!("before {i}"));
    }

    within(60_000, "broker down", control("down")).await;
    for (events, who) in [
        (&mut sub_events, "subscriber"),
        (&mut send_events, "sender"),
    ] {
        let e = next_event(events, 10_000, who, |e| {
            matches!(e, ClientEvent::Disconnected(_))
        })
        .await;
        assert!(
            matches!(
                e,
                ClientEvent::Disconnected(DisconnectReason::TransportClosed { .. })
            ),
            "{who}: {e:?}"
        );
    }
    // Let a few reconnect attempts fail against the stopped broker.
    sleep(1_500).await;
    assert!(
        matches!(
            sender.state(),
            ConnectionState::Reconnecting { .. } | ConnectionState::Connecting { .. }
        ),
        "{:?}",
        sender.state()
    );

    // Sent while the broker is down: held in the outbox, written after the reconnect, and
    // each future resolves only on its RECEIPT.
    let sends = join_all((0..DURING).map(|i| {
        let req = SendRequest::new(dest.clone(), format!("during {i}")).with_receipt();
        sender.send(req)
    }));
    let (results, ()) = within(90_000, "receipts after restart", join(sends, control("up"))).await;
    for (i, r) in results.into_iter().enumerate() {
        assert_eq!(r, Ok(Outcome::Delivered), "send {i}");
    }

    for (events, who) in [
        (&mut sub_events, "subscriber"),
        (&mut send_events, "sender"),
    ] {
        next_event(events, 30_000, who, |e| {
            matches!(e, ClientEvent::State(ConnectionState::Connected))
        })
        .await;
    }
    let mut got = Vec::new();
    for _ in 0..DURING {
        let m = within(
            30_000,
            "message after restart",
            next_message(&mut sub, "after"),
        )
        .await;
        got.push(m.body_text().unwrap().to_owned());
    }
    let expected: Vec<String> = (0..DURING).map(|i| format!("during {i}")).collect();
    assert_eq!(got, expected, "each message exactly once, in order");
    // Nothing more: no duplicates trail behind.
    sleep(1_000).await;
    assert!(sub.try_next().is_none(), "a duplicate arrived");

    subscriber.disconnect().await;
    sender.disconnect().await;
}
