//! The floor of a send from wasm: the least any STOMP client built on our [`Socket`] must do
//! per message. The SEND frame's head is encoded once; each send copies head, body and NUL
//! into one reused buffer and hands it to the socket, which checks UTF-8 (text) and passes
//! the reused view to `WebSocket.send` exactly as `StompClient` does. No session, no driver,
//! no handle, no clock. Against it the `ours` sides show what the client's own work costs,
//! and against the raw sides what the trip from wasm into the browser costs.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use stomp::web::{Socket, SocketEvent};
use stomp::{encode_to_vec, Command, Frame, Version};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::frames::ascii_body;

/// What the socket's callback does with the next frame from the broker.
#[derive(Default)]
struct Waiting {
    /// Resolved with nothing once a frame starting with this command arrives; rejected on an
    /// ERROR frame or a close.
    command: &'static str,
    settle: Option<(Function, Function)>,
}

#[wasm_bindgen]
pub struct SocketBurst {
    socket: Rc<RefCell<Option<Socket>>>,
    waiting: Rc<RefCell<Waiting>>,
    binary: bool,
    head: Vec<u8>,
    body: Vec<u8>,
    buf: Vec<u8>,
    destination: String,
}

/// A promise settled by the socket's callback when the frame `command` arrives.
fn expect(waiting: &Rc<RefCell<Waiting>>, command: &'static str) -> JsFuture {
    let w = waiting.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        *w.borrow_mut() = Waiting {
            command,
            settle: Some((resolve, reject)),
        };
    }))
}

fn settle(waiting: &RefCell<Waiting>, ok: bool, why: &str) {
    if let Some((resolve, reject)) = waiting.borrow_mut().settle.take() {
        let _ = if ok {
            resolve.call0(&JsValue::NULL)
        } else {
            reject.call1(&JsValue::NULL, &why.into())
        };
    }
}

/// Opens a socket, connects (STOMP 1.2) and returns a sender of `body_len`-byte bodies to
/// `destination`, in text or (`binary`) binary WebSocket messages.
#[wasm_bindgen]
pub async fn socket_burst(
    url: String,
    login: Option<String>,
    passcode: Option<String>,
    destination: String,
    body_len: usize,
    binary: bool,
) -> Result<SocketBurst, JsError> {
    let socket: Rc<RefCell<Option<Socket>>> = Rc::default();
    let waiting: Rc<RefCell<Waiting>> = Rc::default();
    let mut connect = Frame::new(Command::Connect)
        .header("accept-version", "1.2")
        .header("host", "/");
    if let (Some(l), Some(p)) = (login, passcode) {
        connect = connect.header("login", &l).header("passcode", &p);
    }
    let connect = encode_to_vec(&connect, Version::V1_2)?;
    let on_event = {
        let (socket, waiting) = (socket.clone(), waiting.clone());
        move |e: SocketEvent| match e {
            SocketEvent::Open { .. } => {
                if let Some(s) = &*socket.borrow() {
                    let _ = s.send_text_if_utf8(&connect);
                }
            }
            SocketEvent::Message(bytes) => {
                let command = waiting.borrow().command;
                if !command.is_empty() && bytes.starts_with(command.as_bytes()) {
                    settle(&waiting, true, "");
                } else if bytes.starts_with(b"ERROR") {
                    settle(&waiting, false, &String::from_utf8_lossy(&bytes));
                }
            }
            SocketEvent::Close { code, .. } => settle(&waiting, false, &format!("closed {code}")),
        }
    };
    let connected = expect(&waiting, "CONNECTED");
    let opened = Socket::open(&url, on_event).map_err(|e| JsError::new(&e.to_string()))?;
    *socket.borrow_mut() = Some(opened);
    connected
        .await
        .map_err(|e| JsError::new(&format!("connect: {e:?}")))?;
    let frame = Frame::new(Command::Send)
        .header("destination", &destination)
        .body(ascii_body(body_len));
    let whole = encode_to_vec(&frame, Version::V1_2)?;
    let head = whole[..whole.len() - body_len - 1].to_vec();
    Ok(SocketBurst {
        socket,
        waiting,
        binary,
        head,
        body: ascii_body(body_len),
        buf: Vec::new(),
        destination,
    })
}

#[wasm_bindgen]
impl SocketBurst {
    /// Sends `k` messages; fails if the socket refused one.
    pub fn burst(&mut self, k: u32) -> Result<(), JsError> {
        let socket = self.socket.borrow();
        let socket = socket.as_ref().ok_or_else(|| JsError::new("no socket"))?;
        for _ in 0..k {
            self.buf.clear();
            self.buf.extend_from_slice(&self.head);
            self.buf.extend_from_slice(&self.body);
            self.buf.push(0);
            let sent = if self.binary {
                socket.send(&self.buf)
            } else {
                socket.send_text_if_utf8(&self.buf)
            };
            sent.map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(())
    }

    /// Sends one more with a receipt, waits for it (so every send reached the broker), and
    /// closes.
    pub async fn finish(self) -> Result<(), JsError> {
        let frame = Frame::new(Command::Send)
            .header("destination", &self.destination)
            .header("receipt", "last")
            .body(self.body.clone());
        let bytes = encode_to_vec(&frame, Version::V1_2)?;
        let receipt = expect(&self.waiting, "RECEIPT");
        if let Some(s) = &*self.socket.borrow() {
            s.send_text_if_utf8(&bytes)
                .map_err(|e| JsError::new(&e.to_string()))?;
        }
        receipt
            .await
            .map_err(|e| JsError::new(&format!("last send: {e:?}")))?;
        // Dropping the socket closes it and detaches its callbacks.
        self.socket.borrow_mut().take();
        Ok(())
    }
}
