//! A whole STOMP client for a page that wants nothing else: connect, subscribe to one
//! destination (bodies to a JS callback as text) and send text. It uses every layer a real
//! user pulls in — codec, session, browser driver — so its size is the library's honest cost.

use futures_util::StreamExt;
use js_sys::Function;
use stomp::web::{ClientConfig, SendRequest, StompClient, SubscribeOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Chat {
    client: StompClient,
}

#[wasm_bindgen]
impl Chat {
    /// Connects to `url` and delivers every message of `destination` to `on_message(body)`.
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str, destination: &str, on_message: Function) -> Chat {
        let client = StompClient::connect(ClientConfig::new(url));
        let subscriber = client.clone();
        let destination = destination.to_owned();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(mut sub) = subscriber
                .subscribe(&destination, SubscribeOptions::default())
                .await
            else {
                return;
            };
            while let Some(m) = sub.next().await {
                let body = String::from_utf8_lossy(m.body());
                let _ = on_message.call1(&JsValue::NULL, &JsValue::from_str(&body));
            }
        });
        Chat { client }
    }

    /// Sends `text` to `destination`; resolves once it is written.
    pub async fn send(&self, destination: String, text: String) -> Result<(), JsError> {
        self.client
            .send(SendRequest::new(destination, text).content_type("text/plain"))
            .await
            .map(drop)
            .map_err(|e| JsError::new(&e.to_string()))
    }
}
