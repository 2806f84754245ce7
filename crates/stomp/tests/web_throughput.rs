//! Prints receive and send rates of the client against the test broker. Not a pass/fail
//! test (speed is never asserted): run it on demand, optimised, and read the figures:
//! `WEB_TEST_RELEASE=1 scripts/test-web.sh throughput --include-ignored --nocapture`
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, guest, next_message};
use common::{unique, within};
use stomp::web::{SendRequest, SubscribeOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
#[ignore]
async fn throughput() {
    for (count, size) in [(20_000usize, 100usize), (5_000, 4096)] {
        // Heart-beats on, as in real use: every frame received moves the liveness deadline.
        let client = connected(guest().heart_beat(10_000, 10_000)).await;
        let dest = format!("/queue/{}", unique("bench"));
        let body = vec![b'x'; size];
        // Send: fire-and-forget, with a receipt on the last so the broker has them all.
        let t0 = now();
        for _ in 0..count - 1 {
            client
                .send(SendRequest::new(dest.clone(), body.clone()))
                .await
                .unwrap();
        }
        within(
            60_000,
            "last receipt",
            client.send(SendRequest::new(dest.clone(), body.clone()).with_receipt()),
        )
        .await
        .unwrap();
        let send_ms = now() - t0;
        // Receive: drain the pre-filled queue, so publisher speed does not count.
        let t1 = now();
        let mut sub = client
            .subscribe(&dest, SubscribeOptions::default())
            .await
            .unwrap();
        for _ in 0..count {
            let m = next_message(&mut sub, "bench message").await;
            assert_eq!(m.body().len(), size);
        }
        let recv_ms = now() - t1;
        web_sys::console::log_1(
            &format!(
                "FIGURE {count} x {size} B: send {:.0} msgs/s ({send_ms:.0} ms), receive {:.0} msgs/s ({recv_ms:.0} ms)",
                count as f64 / send_ms * 1000.0,
                count as f64 / recv_ms * 1000.0
            )
            .into(),
        );
        client.disconnect().await;
    }
}
