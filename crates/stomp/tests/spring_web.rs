//! The public client against a real Spring STOMP server (Spring's simple broker on Tomcat with
//! its default WebSocket buffers), in headless Chromium. Run by scripts/test-spring-web.sh,
//! which starts the server and a same-origin proxy in front of it.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{next_event, next_message};
use common::{sleep, unique, within};
use stomp::web::{
    ClientConfig, ClientEvent, Confirm, ConnectionState, Outcome, SendRequest, SendState,
    StompClient, SubscribeOptions, Subscription,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn spring_url() -> &'static str {
    match option_env!("STOMP_SPRING_WS_URL") {
        Some(url) => url,
        None => {
            panic!("build the tests with STOMP_SPRING_WS_URL set (scripts/test-spring-web.sh does)")
        }
    }
}

/// What an app sets for this server: pieces of at most 16 KiB (Tomcat's text buffer), and
/// Spring's 64 KiB STOMP frame limit checked before sending.
fn spring() -> ClientConfig {
    ClientConfig::new(spring_url())
        .heart_beat(0, 0)
        .max_ws_message(16 * 1024)
        .max_frame_bytes(64 * 1024)
}

async fn connected(config: ClientConfig) -> StompClient {
    let client = StompClient::connect(config);
    let mut events = client.events();
    next_event(&mut events, 15_000, "CONNECTED", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    client
}

/// Spring gives no receipts for SUBSCRIBE, and handles inbound frames on a thread pool (a SEND
/// may overtake the SUBSCRIBE before it): probe until a message comes back.
async fn live_subscription(client: &StompClient, dest: &str) -> Subscription {
    let mut sub = client
        .subscribe(dest, SubscribeOptions::default())
        .await
        .unwrap();
    within(10_000, "the subscription to take effect", async {
        loop {
            client.send(SendRequest::new(dest, "probe"));
            sleep(200).await;
            if let Some(m) = sub.try_next() {
                assert_eq!(m.body_text().unwrap(), "probe");
                break;
            }
        }
    })
    .await;
    sleep(300).await;
    while sub.try_next().is_some() {}
    sub
}

fn cyrillic(chars: usize) -> String {
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
        .chars()
        .cycle()
        .take(chars)
        .collect()
}

#[wasm_bindgen_test]
async fn twenty_thousand_cyrillic_chars_split_at_16_kib_arrive_whole() {
    let client = connected(spring()).await;
    let dest = format!("/topic/{}", unique("big"));
    let mut sub = live_subscription(&client, &dest).await;
    let mut events = client.events();
    let body = cyrillic(20_000);
    let sent =
        client.send(SendRequest::new(&dest, body.clone()).content_type("text/plain;charset=UTF-8"));
    assert_eq!(within(10_000, "sent", sent).await, Ok(Outcome::Sent));
    let m = next_message(&mut sub, "the big message").await;
    assert_eq!(m.body().len(), body.len());
    assert!(m.body_text().unwrap() == body, "the body came back changed");
    // Tomcat would have closed a piece it cannot take: the connection is still up.
    sleep(300).await;
    while let Ok(e) = events.try_recv() {
        assert!(
            !matches!(
                e,
                ClientEvent::SocketClosed { .. } | ClientEvent::Disconnected(_)
            ),
            "{e:?}"
        );
    }
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn an_unsplit_frame_over_tomcats_buffer_is_a_typed_close_1009() {
    // Splitting is a per-server choice, off by default: here it is needed and missing.
    let client = connected(ClientConfig::new(spring_url()).heart_beat(0, 0)).await;
    let mut events = client.events();
    client.send(SendRequest::new("/topic/too-big", cyrillic(20_000)));
    let e = next_event(&mut events, 10_000, "the close", |e| {
        matches!(e, ClientEvent::SocketClosed { .. })
    })
    .await;
    let ClientEvent::SocketClosed { code, clean, .. } = e else {
        unreachable!()
    };
    assert_eq!(code, 1009, "Tomcat's 'message too big'");
    assert!(clean, "Tomcat closes with a handshake");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_caller_confirmed_send_is_delivered_when_its_echo_is_seen() {
    // Spring gives no receipts for SEND: the app confirms a send when its own message comes
    // back on the topic.
    let client = connected(spring()).await;
    let dest = format!("/topic/{}", unique("echo"));
    let mut sub = live_subscription(&client, &dest).await;
    let mut events = client.events();
    let handle = client.send(SendRequest::new(&dest, "mine").confirm(Confirm::Caller));
    let id = handle.id().expect("an id");
    assert_eq!(handle.state(), Some(SendState::Sent));
    let m = next_message(&mut sub, "the echo").await;
    assert_eq!(m.body_text().unwrap(), "mine");
    assert!(client.confirm(id));
    assert!(!client.confirm(id), "a second confirmation finds it final");
    assert_eq!(
        within(1_000, "outcome", handle).await,
        Ok(Outcome::Delivered)
    );
    let states: Vec<SendState> = std::iter::from_fn(|| events.try_recv().ok())
        .filter_map(|e| match e {
            ClientEvent::Send { id: i, state } if i == id => Some(state),
            _ => None,
        })
        .collect();
    assert_eq!(states, [SendState::Sent, SendState::Delivered]);
    client.disconnect().await;
}
