//! Our [`StompClient`] run the way an app would use it, timed from inside the page.
//! Timestamps are `performance.now()` so they compare with the JS sides of the same page.

use futures_util::{FutureExt, StreamExt};
use js_sys::{Function, Object, Reflect};
use stomp::web::{
    ClientConfig, ClientEvent, ConnectionState, HeartBeat, SendRequest, StompClient,
    SubscribeOptions, WsFrames,
};
use wasm_bindgen::prelude::*;

use crate::frames::ascii_body;

pub(crate) fn config(url: &str, login: Option<String>, passcode: Option<String>) -> ClientConfig {
    let mut config = ClientConfig::new(url);
    if let (Some(l), Some(p)) = (login, passcode) {
        config = config.login(l, p);
    }
    // Heart-beats off: a bench must not measure pings, and stompjs/raw get the same.
    config.session.heart_beat = HeartBeat::NONE;
    config.session.reconnect.enabled = false;
    config
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    pub(crate) fn now() -> f64;
}

pub(crate) async fn wait_connected(client: &StompClient) -> Result<(), JsError> {
    let mut events = client.events();
    while let Some(e) = events.next().await {
        match e {
            ClientEvent::State(ConnectionState::Connected) => return Ok(()),
            ClientEvent::State(ConnectionState::Closed(r)) => {
                return Err(JsError::new(&format!("could not connect: {r}")))
            }
            _ => {}
        }
    }
    Err(JsError::new("client stopped before connecting"))
}

/// A connected client that sends in text or (`binary`) binary WebSocket messages.
pub(crate) async fn connected_sender(
    url: &str,
    login: Option<String>,
    passcode: Option<String>,
    binary: bool,
    worker: bool,
) -> Result<StompClient, JsError> {
    let frames = if binary {
        WsFrames::Binary
    } else {
        WsFrames::Text
    };
    let config = config(url, login, passcode).ws_frames(frames);
    let client = StompClient::connect(config.socket_in_worker(worker));
    wait_connected(&client).await?;
    Ok(client)
}

fn result(fields: &[(&str, f64)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o.into()
}

/// Subscribes to `destination` (with a receipt), calls `on_ready()` once the broker has
/// confirmed the subscription, then counts `n` messages, reading each body's length.
/// Resolves to `{ count, bytes, first, last }` (ms, `performance.now()`). `worker`: the
/// socket in a Worker (`ClientConfig::socket_in_worker`).
#[wasm_bindgen]
pub async fn receive(
    url: String,
    login: Option<String>,
    passcode: Option<String>,
    destination: String,
    n: u32,
    on_ready: Function,
    worker: Option<bool>,
) -> Result<JsValue, JsError> {
    let config = config(&url, login, passcode).socket_in_worker(worker.unwrap_or(false));
    let client = StompClient::connect(config);
    let opts = SubscribeOptions {
        receipt: true,
        ..SubscribeOptions::default()
    };
    let mut sub = client
        .subscribe(&destination, opts)
        .await
        .map_err(|e| JsError::new(&format!("subscribe: {e}")))?;
    on_ready
        .call0(&JsValue::NULL)
        .map_err(|e| JsError::new(&format!("on_ready threw: {e:?}")))?;
    let (mut count, mut bytes, mut first, mut last) = (0u32, 0usize, 0.0, 0.0);
    while count < n {
        let Some(m) = sub.next().await else {
            return Err(JsError::new(&format!(
                "subscription ended after {count} of {n} messages"
            )));
        };
        last = now();
        if count == 0 {
            first = last;
        }
        count += 1;
        bytes += m.body().len();
    }
    drop(sub);
    client.disconnect().await;
    Ok(result(&[
        ("count", count as f64),
        ("bytes", bytes as f64),
        ("first", first),
        ("last", last),
    ]))
}

/// Connects, then issues `n` sends of a `body_len`-byte body as fast as the API takes them
/// (none awaited one by one), in text or (`binary`) binary WebSocket messages; the last asks
/// for a receipt.
/// Resolves to `{ start, issued, end }`: the first send, the moment every send but the last
/// had been written to the socket, and the receipt of the last.
#[wasm_bindgen]
pub async fn send(
    url: String,
    login: Option<String>,
    passcode: Option<String>,
    destination: String,
    n: u32,
    body_len: usize,
    binary: bool,
) -> Result<JsValue, JsError> {
    let client = connected_sender(&url, login, passcode, binary, false).await?;
    let body = bytes::Bytes::from(ascii_body(body_len));
    let start = now();
    // Issued in order before the receipted last one: the client hands each message over when
    // `send` is called, so the receipt comes back only after every earlier send reached the broker.
    let sends: Vec<_> = (1..n)
        .map(|_| client.send(SendRequest::new(destination.clone(), body.clone())))
        .collect();
    let mut issued = now();
    let last = client.send(SendRequest::new(destination.clone(), body.clone()).with_receipt());
    // A send is on the socket when its future is ready; only if one is not (the client was
    // busy and queued it) does "issued" wait for them all.
    let mut results = Vec::with_capacity(sends.len());
    let mut pending = Vec::new();
    for mut f in sends {
        // A `SendHandle` is `Unpin`: polled in place, no box per send.
        match (&mut f).now_or_never() {
            Some(r) => results.push(r),
            None => pending.push(f),
        }
    }
    if !pending.is_empty() {
        results.extend(futures_util::future::join_all(pending).await);
        issued = now();
    }
    let confirmed = last.await;
    let end = now();
    if let Some(e) = results.into_iter().find_map(Result::err) {
        return Err(JsError::new(&format!("send: {e}")));
    }
    confirmed.map_err(|e| JsError::new(&format!("last send: {e}")))?;
    client.disconnect().await;
    Ok(result(&[
        ("start", start),
        ("issued", issued),
        ("end", end),
        ("count", n as f64),
    ]))
}
