//! What the session asks of the transport: open a socket (after the before-connect hook),
//! write a message, close.

use crate::session::Transmit;

use super::super::clock::now;
use super::super::config::{Credentials, WsFrames};
use super::super::plumbing::{post, Input, Io};
use super::Driver;

/// Close code reported to the session when the transport failed without a close event
/// (a bad URL, a throwing `send`) — the same as the browser's "abnormal closure".
const ABNORMAL_CLOSE: u16 = 1006;

impl Driver {
    pub(super) fn transmit(&mut self, t: Transmit) {
        match t {
            Transmit::Open => {
                self.socket = None;
                self.generation += 1;
                // Which node this attempt goes to: visible while the hook runs, too.
                let url = self.session.endpoint().map_or("", |(_, u)| u).to_owned();
                *self.shared.url.borrow_mut() = url;
                match &self.before_connect {
                    Some(hook) => {
                        // The hook is user code: it runs in its own task, never inside the
                        // driver, so it may call the client freely.
                        let (hook, credentials) = (hook.clone(), self.credentials());
                        let gen = self.generation;
                        let inbox = self.inbox.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let result = hook(credentials).await;
                            post(&inbox, Input::Io(Io::HookDone(gen, result)));
                        });
                    }
                    None => self.open_socket(now()),
                }
            }
            Transmit::Bytes(bytes) => {
                let sent = match &self.socket {
                    Some(s) => match self.frames {
                        // Every piece of a split frame that is valid UTF-8 goes as text, so
                        // servers that read only text (ActiveMQ) get all of it.
                        WsFrames::Text => s.send_text_if_utf8(&bytes),
                        WsFrames::Binary => s.send(&bytes),
                    }
                    .map_err(|e| e.to_string()),
                    None => Err("no socket".to_owned()),
                };
                match sent {
                    // The browser has copied the bytes: the buffer serves the next send.
                    Ok(()) => self.session.recycle(bytes),
                    Err(reason) => self.write_failed(reason),
                }
            }
            Transmit::Close => {
                // Dropping closes with 1000 and detaches the handlers: no close event follows,
                // as the session expects.
                self.socket = None;
                self.generation += 1;
            }
        }
    }

    /// A write threw (the socket is gone in all but name): the session hears of a close.
    pub(super) fn write_failed(&mut self, reason: String) {
        self.socket = None;
        self.generation += 1;
        self.session.handle_close(now(), ABNORMAL_CLOSE, &reason);
    }

    fn credentials(&self) -> Credentials {
        let c = self.session.config();
        Credentials {
            login: c.login.clone(),
            passcode: c.passcode.clone(),
            headers: c.connect_headers.clone(),
        }
    }

    pub(super) fn open_socket(&mut self, now: u64) {
        let gen = self.generation;
        let inbox = self.inbox.clone();
        let url = self.shared.url.borrow().clone();
        let on_event = move |ev| post(&inbox, Input::Io(Io::Socket(gen, ev)));
        match self.socket_place.open(&url, on_event) {
            Ok(s) => self.socket = Some(s),
            Err(e) => self
                .session
                .handle_close(now, ABNORMAL_CLOSE, &e.to_string()),
        }
    }
}
