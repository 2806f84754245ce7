//! Our client's CPU per send, in short bursts on a client kept open, so the page can
//! interleave bursts of every side finely: on a loaded machine the load changes within
//! seconds, and whole runs of 20,000 sends, one side after the other, spread from 0.3x to
//! 8x between rounds.

use futures_util::FutureExt;
use stomp::web::{SendHandle, SendRequest, StompClient};
use wasm_bindgen::prelude::*;

use crate::client::{connected_sender, now};
use crate::frames::ascii_body;

#[wasm_bindgen]
pub struct SendBurst {
    client: StompClient,
    destination: String,
    body: bytes::Bytes,
    handles: Vec<SendHandle>,
}

/// Connects a client that sends `body_len`-byte bodies to `destination`, in text or
/// (`binary`) binary WebSocket messages.
#[wasm_bindgen]
pub async fn send_burst(
    url: String,
    login: Option<String>,
    passcode: Option<String>,
    destination: String,
    body_len: usize,
    binary: bool,
    worker: Option<bool>,
) -> Result<SendBurst, JsError> {
    let worker = worker.unwrap_or(false);
    let client = connected_sender(&url, login, passcode, binary, worker).await?;
    Ok(SendBurst {
        client,
        destination,
        body: bytes::Bytes::from(ascii_body(body_len)),
        handles: Vec::new(),
    })
}

#[wasm_bindgen]
impl SendBurst {
    /// Issues `k` fire-and-forget sends as the bench's `send` does (a new `SendRequest`
    /// each) and returns the ms they took to be handed to the socket. Fails if any was not
    /// written at once or failed.
    pub fn burst(&mut self, k: u32) -> Result<f64, JsError> {
        self.handles.reserve(k as usize);
        let start = now();
        for _ in 0..k {
            let req = SendRequest::new(self.destination.clone(), self.body.clone());
            self.handles.push(self.client.send(req));
        }
        let ms = now() - start;
        for h in self.handles.drain(..) {
            match h.now_or_never() {
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(JsError::new(&format!("send: {e}"))),
                None => return Err(JsError::new("a send was not written at once")),
            }
        }
        Ok(ms)
    }

    /// Sends one more with a receipt, waits for it (so every send reached the broker),
    /// and disconnects.
    pub async fn finish(self) -> Result<(), JsError> {
        let req = SendRequest::new(self.destination.clone(), self.body.clone()).with_receipt();
        self.client
            .send(req)
            .await
            .map_err(|e| JsError::new(&format!("last send: {e}")))?;
        self.client.disconnect().await;
        Ok(())
    }
}
