//! Large non-ASCII frames through ActiveMQ's WebSocket transport, which parses each text
//! message as one whole frame and ignores binary ones (scripts/test-activemq.sh).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, next_message, subscribe, with_receipt};
use common::{unique, within};
use stomp::web::{ClientConfig, Outcome, SendRequest};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn amq_ws_url() -> &'static str {
    match option_env!("STOMP_AMQ_WS_URL") {
        Some(url) => url,
        None => panic!("build the tests with STOMP_AMQ_WS_URL set (scripts/test-activemq.sh does)"),
    }
}

#[wasm_bindgen_test]
async fn twenty_thousand_cyrillic_chars_arrive_whole_with_default_settings() {
    // Defaults: no splitting (ActiveMQ cannot reassemble) and text messages.
    let config = ClientConfig::new(amq_ws_url())
        .login("stomp", "secret")
        .host("localhost")
        .heart_beat(0, 0);
    let client = connected(config).await;
    let dest = format!("/topic/{}", unique("chat.big"));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let body: String = "Широкая электрификация южных губерний даст мощный толчок "
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
    assert_eq!(m.body().len(), body.len());
    assert!(m.body_text().unwrap() == body, "the body came back changed");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_frame_split_across_messages_never_arrives_there() {
    // Why splitting is a per-server choice, off by default: the old default (8 KiB pieces)
    // loses the message on ActiveMQ, even with every piece valid text.
    let config = ClientConfig::new(amq_ws_url())
        .login("stomp", "secret")
        .host("localhost")
        .heart_beat(0, 0)
        .max_send_attempts(1)
        .max_ws_message(8 * 1024);
    let client = connected(config).await;
    let dest = format!("/topic/{}", unique("chat.split"));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let sent = client.send(SendRequest::new(&dest, "ё".repeat(20_000)).with_receipt());
    let outcome = within(15_000, "the send's end", sent).await;
    assert!(outcome.is_err(), "{outcome:?}");
    assert!(sub.try_next().is_none(), "the split message arrived");
    client.disconnect().await;
}
