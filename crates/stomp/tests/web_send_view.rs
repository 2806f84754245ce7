//! Outgoing messages go to `WebSocket.send` as a reused view of wasm memory (web/outview.rs):
//! these check, against RabbitMQ, that a reused view always carries the bytes of the send at
//! hand: many sends of one length with different contents, wasm memory growing between
//! them (which detaches every view made before), text and binary messages, and a text piece
//! that begins with a byte-order mark (data, not to be dropped by the decoder).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{connected, guest, next_message, send, subscribe, with_receipt};
use common::unique;
use stomp::web::{ClientConfig, SendRequest, WsFrames};
use stomp::{encode_to_vec, Command, Frame, Version};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Sends 60 fire-and-forget messages of one length, each different, growing wasm memory by
/// 1 MiB after every tenth, and checks every body arrives as sent, in order.
async fn same_length_bodies_arrive_as_sent(config: ClientConfig) {
    let client = connected(config).await;
    let dest = unique("/topic/send-view");
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let body = |i: usize| format!("message {i:04} of the same length");
    let mut held = Vec::new();
    for i in 0..60 {
        let handle = client.send(SendRequest::new(dest.clone(), body(i)));
        assert!(handle.id().is_some(), "send {i} refused");
        if i % 10 == 9 {
            // Kept, so each allocation needs new memory: `memory.grow` detaches old views.
            held.push(vec![i as u8; 1 << 20]);
        }
    }
    // The last one with a receipt: everything before it reached the broker.
    send(
        &client,
        SendRequest::new(dest.clone(), body(60)).with_receipt(),
    )
    .await
    .unwrap();
    for i in 0..=60 {
        let m = next_message(&mut sub, "a message sent").await;
        assert_eq!(m.body(), body(i).as_bytes(), "message {i}");
    }
    assert_eq!(held.len(), 6);
}

#[wasm_bindgen_test]
async fn text_sends_of_one_length_carry_their_own_bytes() {
    same_length_bodies_arrive_as_sent(guest()).await;
}

#[wasm_bindgen_test]
async fn binary_sends_of_one_length_carry_their_own_bytes() {
    same_length_bodies_arrive_as_sent(guest().ws_frames(WsFrames::Binary)).await;
}

#[wasm_bindgen_test]
async fn a_text_piece_starting_with_a_byte_order_mark_keeps_it() {
    let dest = unique("/topic/send-view-bom");
    let body = "\u{feff}BOM first, then text";
    // Split the frame right where its body begins, so the second text message starts with
    // the mark.
    let whole = encode_to_vec(
        &Frame::new(Command::Send)
            .header("destination", &dest)
            .body(body),
        Version::V1_2,
    )
    .unwrap();
    let head = whole.len() - body.len() - 1;
    let mut config = guest();
    config.session.max_ws_message = head;
    let client = connected(config).await;
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    // Fire and forget, so the frame is exactly `whole` (a receipt header would move the cut);
    // a receipted one after it shows it reached the broker.
    assert!(client
        .send(SendRequest::new(dest.clone(), body))
        .id()
        .is_some());
    send(
        &client,
        SendRequest::new(dest.clone(), "after").with_receipt(),
    )
    .await
    .unwrap();
    let m = next_message(&mut sub, "the message with a BOM").await;
    assert_eq!(m.body(), body.as_bytes());
    let m = next_message(&mut sub, "the message after it").await;
    assert_eq!(m.body(), b"after");
}
