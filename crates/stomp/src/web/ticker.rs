//! One re-armable timer that keeps time in hidden tabs, plus a wake-up when the page is shown.
//!
//! Chromium throttles `setTimeout` on the main thread of a hidden tab to about once a minute,
//! so heart-beats scheduled there arrive late and brokers drop the connection. Timers inside a
//! dedicated Worker are not throttled that way, so the timer runs in a tiny Worker built from
//! inline JS (a Blob URL: no extra file to serve). When a page's policy forbids blob: workers,
//! the main-thread timer is used instead. Either way, `visibilitychange` to visible fires the
//! callback at once, so liveness is re-checked the moment the user comes back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::Worker;

use super::worker_start::blob_worker;

// The worker holds at most one pending timeout; a negative delay cancels it.
const WORKER_JS: &str = "let t=null;onmessage=function(e){if(t!==null){clearTimeout(t);t=null;}\
if(e.data>=0){t=setTimeout(function(){t=null;postMessage(0);},e.data);}};";

/// Why a tick fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The armed delay elapsed.
    Timer,
    /// The page just became visible again.
    Visible,
}

type OnWake = Rc<RefCell<dyn FnMut(Wake)>>;

enum Backend {
    Worker {
        worker: Worker,
        /// Set when the worker fails after construction (e.g. a CSP that forbids `blob:`
        /// workers reports it asynchronously in some browsers).
        failed: Rc<Cell<bool>>,
        _listeners: [EventListener; 2],
    },
    /// Dropping the pending `Timeout` cancels it.
    Window(Option<Timeout>),
}

/// A single re-armable timer. Arming replaces the previous deadline. Dropping it stops the
/// worker and detaches every listener.
pub struct Ticker {
    backend: Backend,
    on_wake: OnWake,
    _on_visibility: Option<EventListener>,
}

impl Ticker {
    /// Creates the timer; `on_wake` runs on every tick and every return to visibility.
    /// Ticks come from a Worker when the page allows one, else from the main thread.
    pub fn new(on_wake: impl FnMut(Wake) + 'static) -> Ticker {
        let on_wake: OnWake = Rc::new(RefCell::new(on_wake));
        let backend = spawn_worker(&on_wake).unwrap_or(Backend::Window(None));
        Ticker::with_backend(backend, on_wake)
    }

    /// A ticker on the main-thread timer only (throttled in hidden tabs). For comparison and
    /// for pages that want no Worker.
    pub fn main_thread(on_wake: impl FnMut(Wake) + 'static) -> Ticker {
        let on_wake: OnWake = Rc::new(RefCell::new(on_wake));
        Ticker::with_backend(Backend::Window(None), on_wake)
    }

    fn with_backend(backend: Backend, on_wake: OnWake) -> Ticker {
        let on_visibility = web_sys::window().and_then(|w| w.document()).map(|doc| {
            let (w, d) = (on_wake.clone(), doc.clone());
            EventListener::new(&doc, "visibilitychange", move |_| {
                if d.visibility_state() == web_sys::VisibilityState::Visible {
                    (w.borrow_mut())(Wake::Visible);
                }
            })
        });
        Ticker {
            backend,
            on_wake,
            _on_visibility: on_visibility,
        }
    }

    /// True when ticks come from a Worker (unthrottled in hidden tabs).
    pub fn uses_worker(&self) -> bool {
        matches!(&self.backend, Backend::Worker { failed, .. } if !failed.get())
    }

    /// Fires once after `delay_ms`, replacing any earlier deadline.
    pub fn arm(&mut self, delay_ms: u64) {
        if matches!(&self.backend, Backend::Worker { failed, .. } if failed.get()) {
            self.stop_worker();
            self.backend = Backend::Window(None);
        }
        let delay = delay_ms.min(i32::MAX as u64) as u32;
        match &mut self.backend {
            Backend::Worker { worker, .. } => {
                let _ = worker.post_message(&JsValue::from(delay));
            }
            Backend::Window(pending) => {
                let w = self.on_wake.clone();
                // Replacing the old `Timeout` drops, and so cancels, it.
                *pending = Some(Timeout::new(delay, move || (w.borrow_mut())(Wake::Timer)));
            }
        }
    }

    /// Cancels the pending deadline, if any.
    pub fn disarm(&mut self) {
        match &mut self.backend {
            Backend::Worker { worker, .. } => {
                let _ = worker.post_message(&JsValue::from(-1));
            }
            Backend::Window(pending) => *pending = None,
        }
    }

    fn stop_worker(&mut self) {
        if let Backend::Worker { worker, .. } = &self.backend {
            worker.terminate();
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.disarm();
        self.stop_worker();
    }
}

fn spawn_worker(on_wake: &OnWake) -> Result<Backend, JsValue> {
    let worker = blob_worker(WORKER_JS)?;
    let w = on_wake.clone();
    let on_message = EventListener::new(&worker, "message", move |_| (w.borrow_mut())(Wake::Timer));
    let failed = Rc::new(Cell::new(false));
    let (f, w) = (failed.clone(), on_wake.clone());
    // A failed worker never ticks: mark it and wake the owner at once, so its next `arm`
    // moves to the main-thread timer instead of waiting forever.
    let on_error = EventListener::new(&worker, "error", move |_| {
        f.set(true);
        (w.borrow_mut())(Wake::Timer);
    });
    Ok(Backend::Worker {
        worker,
        failed,
        _listeners: [on_message, on_error],
    })
}
