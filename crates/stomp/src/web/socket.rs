//! A browser WebSocket that speaks bytes.
//!
//! Text and binary messages both arrive as bytes (STOMP servers send either), the socket
//! offers the STOMP subprotocols, and the JS callbacks are owned by the [`Socket`]: dropping it
//! detaches and frees them, so reconnecting a thousand times leaks nothing.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use super::outview::OutView;

/// Subprotocols offered on every connection, preferred first.
pub const STOMP_SUBPROTOCOLS: [&str; 3] = ["v12.stomp", "v11.stomp", "v10.stomp"];

/// What the browser tells us about one socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// The handshake completed.
    Open {
        /// The subprotocol the server chose ("" if none).
        protocol: String,
    },
    /// One WebSocket message, text or binary, as bytes.
    Message(Vec<u8>),
    /// The socket closed. `clean` is false for 1006-style drops (server gone, network cut).
    Close {
        /// The close code (1006 for a drop without a close handshake).
        code: u16,
        /// The close reason ("" if none).
        reason: String,
        /// The browser's `wasClean`.
        clean: bool,
    },
}

/// Why a socket could not be opened or written to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SocketError {
    /// The browser refused the URL or the subprotocols (a SyntaxError from the constructor).
    #[error("cannot open WebSocket to {url}: {message}")]
    Open {
        /// The URL given.
        url: String,
        /// The browser's words.
        message: String,
    },
    /// `send` threw, e.g. because the socket is still connecting.
    #[error("WebSocket send failed: {0}")]
    Send(String),
}

type Callback = Box<dyn FnMut(SocketEvent)>;

/// An open (or opening) browser WebSocket. Events go to the callback given to [`Socket::open`]
/// until the socket is dropped; a drop closes the connection if it is still up.
pub struct Socket {
    ws: WebSocket,
    // Dropping a listener detaches it and frees its closure; they go before `ws` is closed
    // (see `Drop`), so no event of this socket reaches its owner after the drop.
    listeners: [Option<EventListener>; 3],
    out: OutView,
}

impl Socket {
    /// Starts connecting to `url`, offering the STOMP subprotocols.
    pub fn open(
        url: &str,
        on_event: impl FnMut(SocketEvent) + 'static,
    ) -> Result<Socket, SocketError> {
        let protocols = js_sys::Array::new();
        for p in STOMP_SUBPROTOCOLS {
            protocols.push(&p.into());
        }
        let ws =
            WebSocket::new_with_str_sequence(url, &protocols).map_err(|e| SocketError::Open {
                url: url.to_owned(),
                message: js_error_text(&e),
            })?;
        ws.set_binary_type(BinaryType::Arraybuffer);

        // One shared callback: the three listeners take turns, never re-entrantly (JS is
        // single-threaded and each handler returns before the next event is dispatched).
        let cb: Rc<RefCell<Callback>> = Rc::new(RefCell::new(Box::new(on_event)));

        let on_open = {
            let (cb, socket) = (cb.clone(), ws.clone());
            EventListener::new(&ws, "open", move |_| {
                let protocol = socket.protocol();
                (cb.borrow_mut())(SocketEvent::Open { protocol });
            })
        };
        let on_message = {
            let cb = cb.clone();
            let encoder = Utf8Encoder::new();
            EventListener::new(&ws, "message", move |e| {
                let data = e.unchecked_ref::<MessageEvent>().data();
                let bytes = if let Some(text) = data.dyn_ref::<JsString>() {
                    utf8_of(&encoder, text)
                } else if let Some(buf) = data.dyn_ref::<ArrayBuffer>() {
                    Uint8Array::new(buf).to_vec()
                } else {
                    // binaryType is arraybuffer, so a Blob cannot arrive; ignore anything else.
                    return;
                };
                (cb.borrow_mut())(SocketEvent::Message(bytes));
            })
        };
        let on_close = EventListener::new(&ws, "close", move |e| {
            let e = e.unchecked_ref::<CloseEvent>();
            (cb.borrow_mut())(SocketEvent::Close {
                code: e.code(),
                reason: e.reason(),
                clean: e.was_clean(),
            });
        });
        // `error` is always followed by `close`, which carries the useful code; no listener.

        Ok(Socket {
            ws,
            listeners: [Some(on_open), Some(on_message), Some(on_close)],
            out: OutView::default(),
        })
    }

    /// Sends one binary WebSocket message.
    pub fn send(&self, bytes: &[u8]) -> Result<(), SocketError> {
        self.out
            .send_binary(&self.ws, bytes)
            .map_err(|e| SocketError::Send(js_error_text(&e)))
    }

    /// Sends one text WebSocket message if `bytes` are UTF-8, else a binary one.
    pub fn send_text_if_utf8(&self, bytes: &[u8]) -> Result<(), SocketError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self
                .out
                .send_text(&self.ws, text)
                .map_err(|e| SocketError::Send(js_error_text(&e))),
            Err(_) => self.send(bytes),
        }
    }

    /// Starts a close handshake with code 1000. The `Close` event follows.
    pub fn close(&self) {
        let _ = self.ws.close_with_code(1000);
    }

    /// Bytes queued by `send` but not yet handed to the network.
    pub fn buffered_amount(&self) -> u32 {
        self.ws.buffered_amount()
    }

    /// The subprotocol the server chose ("" before open or if none).
    pub fn protocol(&self) -> String {
        self.ws.protocol()
    }

    /// The URL as the browser resolved it.
    pub fn url(&self) -> String {
        self.ws.url()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // Detach first: the close below must not reach the owner, which already forgot us.
        self.listeners = [None, None, None];
        if matches!(
            self.ws.ready_state(),
            WebSocket::CONNECTING | WebSocket::OPEN
        ) {
            let _ = self.ws.close_with_code(1000);
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder`, bound to take a JS string as it is: web-sys' binding takes
    /// a Rust `&str`, which would mean converting the string first.
    #[wasm_bindgen(js_name = TextEncoder)]
    pub(crate) type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    pub(crate) fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, source: &JsString, dest: &Uint8Array) -> EncodeIntoResult;

    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// A text frame's bytes, encoded by the browser straight into wasm memory. `as_string()`
/// would copy an ASCII string one `charCodeAt` at a time in JS (about 6 µs for a 4 KiB frame,
/// measured); `encodeInto` is native and one pass.
pub(crate) fn utf8_of(encoder: &Utf8Encoder, text: &JsString) -> Vec<u8> {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    let mut out = Vec::<u8>::with_capacity(text.length() as usize * 3);
    // SAFETY: the view covers `out`'s allocated spare capacity and is only written by
    // `encodeInto` below; nothing allocates in wasm (which could move or detach the memory)
    // between making the view and that call, and `set_len` only admits bytes it wrote.
    unsafe {
        let view = Uint8Array::view_mut_raw(out.as_mut_ptr(), out.capacity());
        let written = encoder.encode_into(text, &view).written() as usize;
        out.set_len(written.min(out.capacity()));
    }
    out
}

/// The message of a JS exception, or its string form.
pub(crate) fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
