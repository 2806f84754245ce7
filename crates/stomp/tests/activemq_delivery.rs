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
