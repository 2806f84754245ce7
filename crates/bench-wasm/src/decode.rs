//! Our streaming decoder behind the narrowest JS boundary we can give it: each chunk is copied
//! once, straight from the JS array into the decoder's buffer, and each body leaves once, as a
//! fresh `Uint8Array` (or a string when asked) handed to a JS callback — the same deal
//! stompjs' `Parser` gives its `onFrame`. No header crosses as a JS string.

use bytes::BytesMut;
use js_sys::{Function, Uint8Array};
use stomp::{Decoder, Item, Limits};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct WasmDecoder {
    decoder: Decoder,
    buf: BytesMut,
    text: bool,
}

#[wasm_bindgen]
impl WasmDecoder {
    /// `text`: hand bodies to the callback as strings (UTF-8 decoded), like stompjs' `.body`;
    /// otherwise as `Uint8Array` copies, like its `.binaryBody`.
    #[wasm_bindgen(constructor)]
    pub fn new(text: bool) -> WasmDecoder {
        WasmDecoder {
            decoder: Decoder::new(Limits::unlimited()),
            buf: BytesMut::new(),
            text,
        }
    }

    /// Appends `chunk` and calls `on_body(body)` for every complete frame; returns how many.
    pub fn feed(&mut self, chunk: &Uint8Array, on_body: &Function) -> Result<u32, JsError> {
        let start = self.buf.len();
        self.buf.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut self.buf[start..]);
        let mut frames = 0;
        while let Some(item) = self.decoder.decode(&mut self.buf)? {
            let Item::Frame(frame) = item else { continue };
            frames += 1;
            let body: JsValue = if self.text {
                JsValue::from_str(frame.body_text().map_err(|e| JsError::new(&e.to_string()))?)
            } else {
                Uint8Array::from(&frame.body[..]).into()
            };
            on_body
                .call1(&JsValue::NULL, &body)
                .map_err(|e| JsError::new(&format!("on_body threw: {e:?}")))?;
        }
        Ok(frames)
    }
}
