//! The wire bytes both sides of a comparison are fed, built once by our encoder so that the
//! decoders see identical input and the raw send loop writes exactly what our client writes.

use stomp::{encode_to_vec, Command, Frame, Version};
use wasm_bindgen::prelude::*;

/// A MESSAGE frame as RabbitMQ sends it (6 headers, content-length), with an ASCII body of
/// `body_len` bytes so it also decodes as text.
#[wasm_bindgen]
pub fn message_frame(body_len: usize, seq: u32) -> Result<Vec<u8>, JsError> {
    message_for(body_len, seq, "sub-0")
}

pub(crate) fn message_for(
    body_len: usize,
    seq: u32,
    subscription: &str,
) -> Result<Vec<u8>, JsError> {
    let frame = Frame::new(Command::Message)
        .header("destination", "/topic/bench")
        .header("content-type", "text/plain")
        .header("subscription", subscription)
        .header(
            "message-id",
            &format!("T_sub-0@@session-kY3mQ9dLx2@@1@@{seq}"),
        )
        .header("redelivered", "false")
        .body(ascii_body(body_len));
    Ok(encode_to_vec(&frame, Version::V1_2)?)
}

/// The SEND frame our client writes for `SendRequest::new(destination, body)`, optionally with
/// the receipt header it would add.
#[wasm_bindgen]
pub fn send_frame(
    destination: &str,
    body_len: usize,
    receipt: Option<String>,
) -> Result<Vec<u8>, JsError> {
    let mut frame = Frame::new(Command::Send)
        .header("destination", destination)
        .body(ascii_body(body_len));
    if let Some(r) = receipt {
        frame = frame.header("receipt", &r);
    }
    Ok(encode_to_vec(&frame, Version::V1_2)?)
}

pub(crate) fn ascii_body(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}
