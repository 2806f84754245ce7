//! Several broker URLs in a real browser: a dead first URL is passed over, and a node lost
//! mid-session (its TCP connections reset, as when its VM is killed) is left for the next
//! URL with the subscription resumed and nothing sent lost or doubled.
//!
//! The "nodes" are one RabbitMQ node reached three ways (scripts/test-web.sh): a port nothing
//! listens on, a TCP relay the control server can drop (`relay-down`), and the node itself.
//! Its own test binary, so dropping the relay cannot disturb other tests.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{next_event, next_message, with_receipt};
use common::{control, sleep, unique, within, ws_url};
use futures_util::future::join_all;
use stomp::web::{
    ClientConfig, ClientEvent, ConnectionState, Outcome, ReconnectPolicy, SendRequest, StompClient,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn dead_url() -> &'static str {
    option_env!("STOMP_DEAD_URL").expect("build with STOMP_DEAD_URL (scripts/test-web.sh)")
}

fn relay_url() -> &'static str {
    option_env!("STOMP_RELAY_URL").expect("build with STOMP_RELAY_URL (scripts/test-web.sh)")
}

const INITIAL_DELAY_MS: u64 = 300;

fn failover(urls: &[&str]) -> ClientConfig {
    ClientConfig::failover(urls.iter().copied())
        .login("guest", "guest")
        .host("/")
        .heart_beat(2_000, 2_000)
        .receipt_timeout_ms(30_000)
        .reconnect(ReconnectPolicy {
            initial_delay_ms: INITIAL_DELAY_MS,
            max_delay_ms: 2_000,
            ..ReconnectPolicy::default()
        })
}

fn now() -> f64 {
    js_sys::Date::now()
}

async fn until_connected(events: &mut futures_channel::mpsc::UnboundedReceiver<ClientEvent>) {
    next_event(events, 15_000, "CONNECTED", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_dead_first_url_is_passed_over_for_the_next() {
    let started = now();
    let client = StompClient::connect(failover(&[dead_url(), ws_url()]));
    let mut events = client.events();
    let changed = next_event(&mut events, 10_000, "endpoint change", |e| {
        matches!(e, ClientEvent::EndpointChanged { .. })
    })
    .await;
    assert_eq!(
        changed,
        ClientEvent::EndpointChanged {
            index: 1,
            url: ws_url().to_owned()
        }
    );
    until_connected(&mut events).await;
    let took = now() - started;
    assert_eq!(client.url(), ws_url());
    assert_eq!(client.connected_info().unwrap().url, ws_url());
    // The refused port fails at once; the one delay is the initial backoff (jitter only
    // shortens it), plus a local handshake.
    assert!(took < INITIAL_DELAY_MS as f64 + 2_000.0, "took {took} ms");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_node_lost_mid_session_is_left_for_the_next_url_with_nothing_lost() {
    const BEFORE: usize = 3;
    const DURING: usize = 10;
    within(5_000, "relay up", control("relay-up")).await;
    // A queue keeps what arrives while the consumer moves to the other node.
    let dest = format!("/queue/{}", unique("failover"));
    let client = StompClient::connect(failover(&[relay_url(), ws_url()]));
    let mut events = client.events();
    until_connected(&mut events).await;
    assert_eq!(client.url(), relay_url());
    let mut sub = within(10_000, "subscribe", client.subscribe(&dest, with_receipt()))
        .await
        .unwrap();
    for i in 0..BEFORE {
        let req = SendRequest::new(dest.clone(), format!("before {i}")).with_receipt();
        assert_eq!(client.send(req).await, Ok(Outcome::Delivered));
    }
    for i in 0..BEFORE {
        let m = next_message(&mut sub, "before").await;
        assert_eq!(m.body_text().unwrap(), format!("before {i}"));
    }

    let lost_at = now();
    within(5_000, "relay down", control("relay-down")).await;
    // Sent as the node goes: some may be written to the dying socket, the rest queued.
    let sends = join_all((0..DURING).map(|i| {
        let req = SendRequest::new(dest.clone(), format!("during {i}")).with_receipt();
        client.send(req)
    }));
    let changed = next_event(&mut events, 10_000, "endpoint change", |e| {
        matches!(e, ClientEvent::EndpointChanged { .. })
    })
    .await;
    assert_eq!(
        changed,
        ClientEvent::EndpointChanged {
            index: 1,
            url: ws_url().to_owned()
        }
    );
    until_connected(&mut events).await;
    let failover_ms = now() - lost_at;
    assert_eq!(client.url(), ws_url());
    for (i, r) in within(30_000, "receipts", sends)
        .await
        .into_iter()
        .enumerate()
    {
        assert_eq!(r, Ok(Outcome::Delivered), "send {i}");
    }
    let mut got = Vec::new();
    for _ in 0..DURING {
        got.push(
            next_message(&mut sub, "after failover")
                .await
                .body_text()
                .unwrap()
                .to_owned(),
        );
    }
    let expected: Vec<String> = (0..DURING).map(|i| format!("during {i}")).collect();
    assert_eq!(got, expected, "each once, in order");
    sleep(1_000).await;
    assert!(sub.try_next().is_none(), "a duplicate arrived");
    // The reset is seen at once (no heart-beat wait): the initial delay plus a handshake.
    assert!(
        failover_ms < INITIAL_DELAY_MS as f64 + 3_000.0,
        "failover took {failover_ms} ms"
    );
    web_sys::console::log_1(&format!("failover took {failover_ms:.0} ms").into());
    client.disconnect().await;
    within(5_000, "relay up", control("relay-up")).await;
}
