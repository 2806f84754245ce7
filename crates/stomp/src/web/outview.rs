//! Handing an outgoing message to `WebSocket.send` as a view of wasm memory, reused.
//!
//! wasm-bindgen passes a `&[u8]` (or the `&str` of a text message) to JS as a new
//! `Uint8Array` over wasm memory on every call, and Chromium then wraps each new view for
//! `send` (or `TextDecoder.decode`) anew: measured at about 1.8 µs per message of 150 B,
//! more than the send itself (about 2.5 µs for a view used before). The session writes every
//! frame into the same reused buffer, so consecutive messages usually start at the same
//! address with the same length; then the view made for the last one covers the new bytes
//! and is passed again.

use std::cell::RefCell;

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::WebSocket;

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextDecoder`, bound to take a view and give the JS string as it is
    /// (web-sys' binding takes a Rust slice, which means a new view per call).
    #[wasm_bindgen(js_name = TextDecoder)]
    type Utf8Decoder;
    #[wasm_bindgen(constructor, js_class = "TextDecoder")]
    fn new(label: &str, options: &js_sys::Object) -> Utf8Decoder;
    #[wasm_bindgen(method, js_class = "TextDecoder", js_name = decode)]
    fn decode_view(this: &Utf8Decoder, view: &Uint8Array) -> JsString;

    /// A `WebSocket` as seen to send a JS string (web-sys' `send_with_str` takes a `&str`,
    /// converted on every call).
    #[wasm_bindgen(js_name = WebSocket)]
    type TextSocket;
    #[wasm_bindgen(method, js_class = "WebSocket", js_name = send, catch)]
    fn send_js_string(this: &TextSocket, text: &JsString) -> Result<(), JsValue>;
}

/// The last view made: where it starts in wasm memory, and its length.
struct View {
    ptr: usize,
    len: usize,
    view: Uint8Array,
}

#[derive(Default)]
pub(crate) struct OutView {
    last: RefCell<Option<View>>,
    decoder: RefCell<Option<Utf8Decoder>>,
}

impl OutView {
    /// A view of exactly `bytes`, valid until wasm memory next changes (use it at once).
    fn view_of(&self, bytes: &[u8]) -> Uint8Array {
        let (ptr, len) = (bytes.as_ptr() as usize, bytes.len());
        let mut last = self.last.borrow_mut();
        if let Some(v) = &*last {
            // A view of memory that has grown since reads as empty (its buffer is detached).
            if v.ptr == ptr && v.len == len && v.view.byte_length() as usize == len {
                return v.view.clone();
            }
        }
        // SAFETY: the view is used only by the caller, right away, for a synchronous call
        // that copies the bytes (`send`, `decode`); nothing allocates in wasm in between.
        // When passed again it covers the same address and length, which then hold the
        // caller's new `bytes`, as checked above.
        let view = unsafe { Uint8Array::view(bytes) };
        *last = Some(View {
            ptr,
            len,
            view: view.clone(),
        });
        view
    }

    /// Sends `bytes` as one binary message.
    pub(crate) fn send_binary(&self, ws: &WebSocket, bytes: &[u8]) -> Result<(), JsValue> {
        ws.send_with_array_buffer_view(&self.view_of(bytes))
    }

    /// Sends `text` as one text message, decoded by the browser from the reused view.
    pub(crate) fn send_text(&self, ws: &WebSocket, text: &str) -> Result<(), JsValue> {
        ws.unchecked_ref::<TextSocket>()
            .send_js_string(&self.js_string_of(text))
    }

    /// A copy of `bytes` in a new `ArrayBuffer` of their length (one copy, from the view).
    pub(crate) fn copy_of(&self, bytes: &[u8]) -> Uint8Array {
        self.view_of(bytes).slice(0, bytes.len() as u32)
    }

    /// `text` as a JS string, decoded by the browser from the reused view.
    pub(crate) fn js_string_of(&self, text: &str) -> JsString {
        let view = self.view_of(text.as_bytes());
        let mut decoder = self.decoder.borrow_mut();
        let decoder = decoder.get_or_insert_with(|| {
            // A BOM is data here: the piece of a split frame may begin with one.
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"ignoreBOM".into(), &true.into());
            Utf8Decoder::new("utf-8", &options)
        });
        decoder.decode_view(&view)
    }
}
