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

/// CPU per send until it is handed to the socket: `StompClient::send` (fire and forget) beside
/// a raw `WebSocket::send` of the same frame bytes, 6 alternating rounds in one page. Figures
/// only: `WEB_TEST_RELEASE=1 scripts/test-web.sh send_cpu --include-ignored --nocapture`.
#[wasm_bindgen_test]
#[ignore]
async fn send_cpu_against_a_raw_websocket() {
    const N: usize = 20_000;
    let dest = format!("/queue/{}", unique("cpu"));
    let body = bytes::Bytes::from(vec![b'x'; 100]);
    let frame = stomp::Frame::new(stomp::Command::Send)
        .header("destination", &dest)
        .header("content-length", "100")
        .body(body.clone());
    let wire =
        String::from_utf8(stomp::encode_to_vec(&frame, stomp::Version::V1_2).unwrap()).unwrap();
    for round in 0..6 {
        let client = connected(guest()).await;
        let t0 = now();
        for _ in 0..N {
            client.send(SendRequest::new(dest.clone(), body.clone()));
        }
        let ours = (now() - t0) * 1000.0 / N as f64;
        client.disconnect().await;

        let ws = raw_connected().await;
        let t0 = now();
        for _ in 0..N {
            ws.send_with_str(&wire).unwrap();
        }
        let raw = (now() - t0) * 1000.0 / N as f64;
        ws.close().unwrap();
        web_sys::console::log_1(
            &format!(
                "FIGURE round {round}: ours {ours:.2} µs/send, raw ws.send {raw:.2} µs/send, ratio {:.2}",
                ours / raw
            )
            .into(),
        );
        common::sleep(2_000).await;
    }
}

/// A bare WebSocket that has sent CONNECT and read CONNECTED.
async fn raw_connected() -> web_sys::WebSocket {
    let protocols = js_sys::Array::of1(&"v12.stomp".into());
    let ws = web_sys::WebSocket::new_with_str_sequence(common::ws_url(), &protocols).unwrap();
    within(10_000, "open", async {
        while ws.ready_state() != web_sys::WebSocket::OPEN {
            common::sleep(20).await;
        }
    })
    .await;
    ws.send_with_str(
        "CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\nheart-beat:0,0\n\n\0",
    )
    .unwrap();
    // RabbitMQ answers at once; the sends below are written after CONNECT either way.
    common::sleep(200).await;
    ws
}
