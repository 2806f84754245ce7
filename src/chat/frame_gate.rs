//! One wake-up per animation frame for the loops that batch what arrives (a room's messages,
//! its history, the frame log), so that a burst is rendered once per frame, all of it together.
//!
//! Waking after a macrotask (`setTimeout(0)`), as before, took only what had already arrived:
//! on a slow CPU, messages come a few milliseconds apart, so each frame saw several small
//! batches and Yew rendered (and the browser restyled) once per batch, not once per frame.
//! Woken from the same `requestAnimationFrame` callback, every loop dispatches in one
//! microtask run, so Yew's scheduler renders them all at once, before that frame's layout.
//!
//! A hidden page gets no animation frames: there it wakes after a macrotask, as before, and a
//! visible one that gets no frame for [`FALLBACK_MS`] wakes by a timer all the same.

use futures::channel::oneshot;
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The longest a visible page's batch waits for a frame.
const FALLBACK_MS: i32 = 100;

#[derive(Default)]
struct Gate {
    waiting: Vec<oneshot::Sender<()>>,
    frame: Option<i32>,
    timer: Option<i32>,
    /// Made once, kept for the page's life: a callback is never dropped while it runs.
    on_frame: Option<Closure<dyn FnMut(f64)>>,
    on_timer: Option<Closure<dyn FnMut()>>,
}

thread_local! {
    static GATE: RefCell<Gate> = RefCell::new(Gate::default());
}

/// Resolves at the next animation frame (or after a macrotask where there is none).
pub async fn next_frame() {
    let (tx, rx) = oneshot::channel();
    GATE.with(|g| {
        let mut g = g.borrow_mut();
        g.waiting.push(tx);
        if g.frame.is_none() && g.timer.is_none() {
            arm(&mut g);
        }
    });
    // A dropped sender (no window) resolves too: the batch goes out.
    let _ = rx.await;
}

fn arm(g: &mut Gate) {
    let Some(w) = web_sys::window() else {
        g.waiting.clear();
        return;
    };
    let hidden = w.document().is_some_and(|d| d.hidden());
    let on_timer = g
        .on_timer
        .get_or_insert_with(|| Closure::new(|| wake(false)));
    g.timer = w
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timer.as_ref().unchecked_ref(),
            if hidden { 0 } else { FALLBACK_MS },
        )
        .ok();
    if !hidden {
        let on_frame = g
            .on_frame
            .get_or_insert_with(|| Closure::new(|_: f64| wake(true)));
        g.frame = w
            .request_animation_frame(on_frame.as_ref().unchecked_ref())
            .ok();
    }
    if g.frame.is_none() && g.timer.is_none() {
        g.waiting.clear();
    }
}

fn wake(by_frame: bool) {
    let waiting = GATE.with(|g| {
        let mut g = g.borrow_mut();
        let (frame, timer) = (g.frame.take(), g.timer.take());
        if let Some(w) = web_sys::window() {
            // The one that did not fire must not wake the next batch early.
            match (by_frame, frame, timer) {
                (true, _, Some(t)) => w.clear_timeout_with_handle(t),
                (false, Some(f), _) => {
                    let _ = w.cancel_animation_frame(f);
                }
                _ => {}
            }
        }
        std::mem::take(&mut g.waiting)
    });
    for tx in waiting {
        let _ = tx.send(());
    }
}
