//! Our streaming decoder behind the narrowest JS boundary we can give it: each chunk is copied
//! once, straight from the JS array into the decoder's buffer, and each body leaves once, as a
//! fresh `Uint8Array` (or a string, or a zero-copy view, when asked) handed to a JS callback —
//! the same deal stompjs' `Parser` gives its `onFrame`. No header crosses as a JS string.

use bytes::BytesMut;
use js_sys::{Function, Uint8Array};
use stomp::{Decoder, Item, Limits};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct WasmDecoder {
    decoder: Decoder,
    buf: BytesMut,
    mode: BodyMode,
}

#[derive(Clone, Copy)]
enum BodyMode {
    /// A fresh `Uint8Array` the callback may keep (like stompjs' `.binaryBody`).
    Copy,
    /// A string (UTF-8 decoded), like stompjs' `.body`.
    Text,
    /// A `Uint8Array` over wasm memory, valid only until the callback returns: no copy and no
    /// JS-side allocation of a backing store. A callback that keeps the body must `.slice()` it.
    View,
    /// A `subarray` of the chunk JS passed in, when the body lies wholly inside it (always, when
    /// a frame is one WebSocket message): no copy out at all, and the callback may keep it.
    /// A body straddling chunks is copied as in `Copy`.
    Chunk,
}

#[wasm_bindgen]
impl WasmDecoder {
    /// `mode`: how bodies reach the callback: "copy" (a `Uint8Array` of its own), "text" (a
    /// string), "view" (a `Uint8Array` over wasm memory, valid during the call only) or
    /// "chunk" (a `subarray` of the input chunk).
    #[wasm_bindgen(constructor)]
    pub fn new(mode: &str) -> Result<WasmDecoder, JsError> {
        let mode = match mode {
            "copy" => BodyMode::Copy,
            "text" => BodyMode::Text,
            "view" => BodyMode::View,
            "chunk" => BodyMode::Chunk,
            other => return Err(JsError::new(&format!("unknown body mode {other:?}"))),
        };
        Ok(WasmDecoder {
            decoder: Decoder::new(Limits::unlimited()),
            buf: BytesMut::new(),
            mode,
        })
    }

    /// Appends `chunk` and calls `on_body(body)` for every complete frame; returns how many.
    pub fn feed(&mut self, chunk: &Uint8Array, on_body: &Function) -> Result<u32, JsError> {
        let start = self.buf.len();
        self.buf.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut self.buf[start..]);
        // Decoding only splits `buf`, never moves it, so a body's distance from here tells
        // where it sits in `chunk`.
        let base = self.buf.as_ptr() as usize + start;
        let mut frames = 0;
        while let Some(item) = self.decoder.decode(&mut self.buf)? {
            let Item::Frame(frame) = item else { continue };
            frames += 1;
            let body: JsValue = match self.mode {
                BodyMode::Copy => Uint8Array::from(&frame.body[..]).into(),
                BodyMode::Text => JsValue::from_str(
                    frame
                        .body_text()
                        .map_err(|e| JsError::new(&e.to_string()))?,
                ),
                // SAFETY: the view is only read by the callback below, and nothing in between
                // allocates in wasm (which could grow and detach the memory) or frees `frame`.
                BodyMode::View => unsafe { Uint8Array::view(&frame.body) }.into(),
                BodyMode::Chunk => match (frame.body.as_ptr() as usize).checked_sub(base) {
                    Some(at) if at + frame.body.len() <= chunk.length() as usize => chunk
                        .subarray(at as u32, (at + frame.body.len()) as u32)
                        .into(),
                    _ => Uint8Array::from(&frame.body[..]).into(),
                },
            };
            on_body
                .call1(&JsValue::NULL, &body)
                .map_err(|e| JsError::new(&format!("on_body threw: {e:?}")))?;
        }
        Ok(frames)
    }
}
