//! A WebSocket that lives in a dedicated Worker and hands the page its messages in batches.
//!
//! On the main thread every WebSocket message is its own task (the browser's dispatch, the
//! IPC, the handler): at a few hundred messages a second on a slow CPU those tasks alone fill
//! a quarter of the page's time. Here the socket runs in a Worker (inline script, see
//! `worker_js.rs`) that coalesces what arrives while the page is busy and posts it at most
//! about once per 16 ms, so the page runs one task per batch. The first message after a
//! quiet spell goes at once. The events, their order and their meaning are those of
//! [`Socket`](super::Socket); what differs is the cost of a send (a `postMessage` with a copy
//! of the frame) and that [`WorkerSocket::buffered_amount`] is as of the last batch.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::outview::OutView;
use super::socket::STOMP_SUBPROTOCOLS;
use super::socket::{js_error_text, utf8_of, SocketError, SocketEvent, Utf8Encoder};

use super::worker_start::{self, resolve, spawn};

// What the page posts to the worker besides frames (see `worker_js.rs`).
const HANDLED: u32 = 1;
const SHUT: u32 = 2;
const CLOSE: u32 = 3;

pub(crate) type Callback = Box<dyn FnMut(SocketEvent)>;

thread_local! {
    /// Workers started and not yet known to have exited.
    static LIVE: Cell<usize> = const { Cell::new(0) };
    /// Batches handed to owners, over all worker sockets.
    static BATCHES: Cell<u64> = const { Cell::new(0) };
    /// The longest any event waited in a worker for its batch to be posted (ms): in all, and
    /// after the page had handled the batch before (what batching itself adds).
    static LONGEST_WAIT: Cell<(f64, f64)> = const { Cell::new((0.0, 0.0)) };
    /// Dropped sockets whose worker is still closing its connection: their listeners stay
    /// until the worker says it exits.
    static CLOSING: RefCell<Vec<(Rc<State>, Listeners)>> = const { RefCell::new(Vec::new()) };
}

type Listeners = Option<[EventListener; 2]>;

#[wasm_bindgen]
extern "C" {
    /// One post from the worker: the events, and the socket's bufferedAmount.
    type Batch;
    #[wasm_bindgen(method, getter)]
    fn e(this: &Batch) -> Array;
    #[wasm_bindgen(method, getter)]
    fn b(this: &Batch) -> u32;
    #[wasm_bindgen(method, getter)]
    fn a(this: &Batch) -> f64;
    #[wasm_bindgen(method, getter)]
    fn g(this: &Batch) -> f64;

    /// A non-message event in a batch: open (`o`), close (`c`, `r`, `w`) or a failed open (`x`).
    type Control;
    #[wasm_bindgen(method, getter)]
    fn o(this: &Control) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn c(this: &Control) -> Option<u16>;
    #[wasm_bindgen(method, getter)]
    fn r(this: &Control) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn w(this: &Control) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    fn x(this: &Control) -> Option<String>;
}

struct State {
    cb: RefCell<Option<Callback>>,
    /// False once the owner dropped the socket: nothing more reaches it.
    alive: Cell<bool>,
    exited: Cell<bool>,
    buffered: Cell<u32>,
    protocol: RefCell<String>,
    worker: Worker,
}

impl State {
    /// The worker is gone (it said so, or failed): stop it for good and count it out.
    fn exited(&self) {
        if !self.exited.replace(true) {
            self.worker.terminate();
            LIVE.with(|l| l.set(l.get() - 1));
        }
    }

    fn deliver(&self, ev: SocketEvent) {
        if let Some(cb) = self.cb.borrow_mut().as_mut() {
            cb(ev);
        }
    }
}

/// A [`Socket`](super::Socket) whose WebSocket runs in a dedicated Worker. Dropping it closes
/// the connection (code 1000) and the worker exits once the close is done (at most a second
/// later); no event reaches the owner after the drop.
pub struct WorkerSocket {
    state: Rc<State>,
    listeners: Listeners,
    out: OutView,
    url: String,
}

impl WorkerSocket {
    /// Starts a worker and, in it, a connection to `url` offering the STOMP subprotocols.
    /// A URL the browser would refuse fails here, as with [`Socket::open`](super::Socket::open);
    /// so does a page whose policy forbids `blob:` workers.
    pub fn open(
        url: &str,
        on_event: impl FnMut(SocketEvent) + 'static,
    ) -> Result<WorkerSocket, SocketError> {
        let url = resolve(url)?;
        let worker = spawn().map_err(|e| SocketError::Open {
            url: url.clone(),
            message: format!("no worker: {}", js_error_text(&e)),
        })?;
        Ok(Self::start(worker, url, Box::new(on_event)))
    }

    pub(crate) fn start(worker: Worker, url: String, on_event: Callback) -> WorkerSocket {
        LIVE.with(|l| l.set(l.get() + 1));
        sweep();
        let state = Rc::new(State {
            cb: RefCell::new(Some(on_event)),
            alive: Cell::new(true),
            exited: Cell::new(false),
            buffered: Cell::new(0),
            protocol: RefCell::new(String::new()),
            worker,
        });
        let on_message = {
            let (state, url) = (state.clone(), url.clone());
            let encoder = Utf8Encoder::new();
            EventListener::new(&state.clone().worker, "message", move |e| {
                on_batch(
                    &state,
                    &encoder,
                    &url,
                    e.unchecked_ref::<MessageEvent>().data(),
                );
            })
        };
        // A worker that fails (a script error, or a policy refusing it after construction)
        // never delivers again: the owner hears of a dropped connection.
        let on_error = {
            let state = state.clone();
            EventListener::new(&state.clone().worker, "error", move |_| {
                if state.exited.get() {
                    return;
                }
                worker_start::failed();
                state.exited();
                if state.alive.get() {
                    state.deliver(SocketEvent::Close {
                        code: 1006,
                        reason: "the socket's worker failed".to_owned(),
                        clean: false,
                    });
                }
            })
        };
        let open = js_sys::Object::new();
        let protocols = Array::new();
        for p in STOMP_SUBPROTOCOLS {
            protocols.push(&p.into());
        }
        let _ = js_sys::Reflect::set(&open, &"u".into(), &url.as_str().into());
        let _ = js_sys::Reflect::set(&open, &"p".into(), &protocols);
        let _ = state.worker.post_message(&open);
        WorkerSocket {
            state,
            listeners: Some([on_message, on_error]),
            out: OutView::default(),
            url,
        }
    }

    /// Sends one binary WebSocket message (copied out of wasm memory, and that copy cloned to
    /// the worker). Not transferred: for a 100 B frame a transfer list made the page's send
    /// 1.23–1.30x dearer than the clone (BENCHMARKS.md, session 9); a large frame pays a copy more.
    pub fn send(&self, bytes: &[u8]) -> Result<(), SocketError> {
        let copy = self.out.copy_of(bytes).buffer();
        self.state
            .worker
            .post_message(&copy)
            .map_err(|e| SocketError::Send(js_error_text(&e)))
    }

    /// Sends one text WebSocket message if `bytes` are UTF-8, else a binary one.
    pub fn send_text_if_utf8(&self, bytes: &[u8]) -> Result<(), SocketError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self
                .state
                .worker
                .post_message(&self.out.js_string_of(text))
                .map_err(|e| SocketError::Send(js_error_text(&e))),
            Err(_) => self.send(bytes),
        }
    }

    /// Starts a close handshake with code 1000. The `Close` event follows.
    pub fn close(&self) {
        // The worker's socket closes; its close event arrives in a batch like any other.
        let _ = self.state.worker.post_message(&JsValue::from(CLOSE));
    }

    /// The socket's `bufferedAmount` as the worker last reported it (with each batch).
    pub fn buffered_amount(&self) -> u32 {
        self.state.buffered.get()
    }

    /// The subprotocol the server chose ("" before open or if none).
    pub fn protocol(&self) -> String {
        self.state.protocol.borrow().clone()
    }

    /// The URL, resolved against the page as the browser resolves it.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// How many socket workers have started and not yet exited, in this thread: for tests
    /// and leak checks.
    pub fn live_workers() -> usize {
        sweep();
        LIVE.with(Cell::get)
    }

    /// How many batches worker sockets have handed to their owners, in this thread: each
    /// batch is one task of the page.
    pub fn batches_delivered() -> u64 {
        BATCHES.with(Cell::get)
    }

    /// The longest time (ms) an event waited in a worker before its batch was posted, in this
    /// thread: in all (which includes waiting for a busy page to handle the batch before, as a
    /// main-thread socket's message would wait in the page's queue), and the part after the
    /// page was free (the delay batching itself adds: the 16 ms gap, more when the worker is
    /// itself busy or short of CPU).
    pub fn longest_batch_wait_ms() -> (f64, f64) {
        LONGEST_WAIT.with(Cell::get)
    }

    /// False once a socket worker failed in this page: callers choosing between this and
    /// [`Socket`](super::Socket) then keep to the main thread.
    pub fn available() -> bool {
        worker_start::usable()
    }
}

impl Drop for WorkerSocket {
    fn drop(&mut self) {
        let state = &self.state;
        state.alive.set(false);
        // Busy when the owner drops us from inside our own callback: the batch handler
        // frees the callback once it returns.
        if let Ok(mut cb) = state.cb.try_borrow_mut() {
            *cb = None;
        }
        if state.exited.get() {
            return;
        }
        // The worker closes its socket with 1000, says so, and exits; until then its
        // listener stays, to count it out.
        let _ = state.worker.post_message(&JsValue::from(SHUT));
        let entry = (state.clone(), self.listeners.take());
        CLOSING.with(|c| c.borrow_mut().push(entry));
    }
}

/// Forgets closing sockets whose worker has exited.
fn sweep() {
    // Taken out first: dropping listeners must not happen while the list is borrowed.
    let done: Vec<_> = CLOSING.with(|c| {
        let mut c = c.borrow_mut();
        let (done, keep) = c.drain(..).partition(|(s, _)| s.exited.get());
        *c = keep;
        done
    });
    drop(done);
}

fn on_batch(state: &State, encoder: &Utf8Encoder, url: &str, data: JsValue) {
    if data.is_null() {
        state.exited();
        return;
    }
    let batch = data.unchecked_into::<Batch>();
    state.buffered.set(batch.b());
    if !state.alive.get() {
        return;
    }
    BATCHES.with(|b| b.set(b.get() + 1));
    LONGEST_WAIT.with(|w| {
        let (all, own) = w.get();
        w.set((all.max(batch.a()), own.max(batch.g())));
    });
    let events = batch.e();
    for i in 0..events.length() {
        if !state.alive.get() {
            break;
        }
        if let Some(ev) = event_of(state, encoder, url, events.get(i)) {
            state.deliver(ev);
        }
    }
    if state.alive.get() {
        let _ = state.worker.post_message(&JsValue::from(HANDLED));
    } else {
        // Dropped during the batch: the callback could not be freed then.
        state.cb.borrow_mut().take();
    }
}

fn event_of(state: &State, encoder: &Utf8Encoder, url: &str, item: JsValue) -> Option<SocketEvent> {
    if let Some(text) = item.dyn_ref::<JsString>() {
        return Some(SocketEvent::Message(utf8_of(encoder, text)));
    }
    if let Some(buf) = item.dyn_ref::<ArrayBuffer>() {
        return Some(SocketEvent::Message(Uint8Array::new(buf).to_vec()));
    }
    // Not a message: one of the worker's own plain objects (no class to check against).
    if !item.is_object() {
        return None;
    }
    let control = item.unchecked_ref::<Control>();
    if let Some(protocol) = control.o() {
        protocol.clone_into(&mut state.protocol.borrow_mut());
        return Some(SocketEvent::Open { protocol });
    }
    if let Some(code) = control.c() {
        return Some(SocketEvent::Close {
            code,
            reason: control.r().unwrap_or_default(),
            clean: control.w().unwrap_or(false),
        });
    }
    // The constructor threw in the worker although the URL passed the page's checks: the
    // same outcome as a refused connection.
    let message = control.x()?;
    Some(SocketEvent::Close {
        code: 1006,
        reason: SocketError::Open {
            url: url.to_owned(),
            message,
        }
        .to_string(),
        clean: false,
    })
}
