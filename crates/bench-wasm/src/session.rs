//! The sans-io session alone in wasm, fed the same MESSAGE frames a broker would send, one
//! WebSocket message at a time: what our core costs per received message in the browser,
//! without the socket, the driver's channels or task wake-ups. Set beside the end-to-end
//! figure it tells where our time goes.

use stomp::session::{Event, HeartBeat, Session, SessionConfig, SubscribeOptions};

use crate::frames::message_for;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// Feeds `count` MESSAGE frames with `body_len`-byte bodies to a connected session, one
/// `handle_bytes` per frame, taking every event as the driver does. Returns `[ms, messages]`.
#[wasm_bindgen]
pub fn session_receive(body_len: usize, count: u32) -> Result<Vec<f64>, JsError> {
    let mut s = Session::new(SessionConfig {
        heart_beat: HeartBeat::NONE,
        ..SessionConfig::default()
    });
    let sub = s
        .subscribe(0, "/topic/bench", SubscribeOptions::default())
        .map_err(|e| JsError::new(&e.to_string()))?;
    s.connect(0);
    s.handle_open(0);
    s.handle_bytes(0, b"CONNECTED\nversion:1.2\n\n\0");
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    let frames = (0..count)
        .map(|i| message_for(body_len, i, &sub.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut messages = 0u32;
    let start = now();
    {
        for f in &frames {
            // The socket's copy out of JS is part of the real path, so it is here too.
            let owned = f.clone();
            s.handle_bytes(1, &owned);
            while let Some(e) = s.poll_event() {
                if let Event::Message(m) = e {
                    if m.subscription == sub && m.body_text().is_ok() {
                        messages += 1;
                    }
                }
            }
            while s.poll_transmit().is_some() {}
        }
    }
    Ok(vec![now() - start, messages as f64])
}
