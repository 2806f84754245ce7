//! How often what arrives becomes a state change. Each state change costs a reducer step, a
//! render of every component that reads the chat, and the browser's style, layout and paint; a
//! socket delivers each message in a task of its own, so taking them one task at a time made a
//! busy room render a few hundred times a second, twice over (the frame inspector's log is fed
//! the same way). The [`Pacer`] gathers what every source hands it for a frame's time: one state
//! change per frame at most, and on a slow CPU (where the timer fires late) bigger batches rather
//! than more of them. A timer, not `requestAnimationFrame`: the batch is then applied in a task
//! of its own, not in the one that also lays out and paints the frame (that made long tasks),
//! and timers still run in a hidden tab (about once a second), where frames stop.

use super::service::batched;
use super::state::{Action, ChatState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::UseReducerDispatcher;

/// A frame at 60 Hz.
const FRAME_MS: u32 = 16;

/// Actions that may wait for the next frame (messages, inspector entries), applied together.
pub struct Pacer {
    dispatch: UseReducerDispatcher<ChatState>,
    pending: RefCell<Vec<Action>>,
    scheduled: Cell<bool>,
}

impl Pacer {
    pub fn new(dispatch: UseReducerDispatcher<ChatState>) -> Rc<Self> {
        Rc::new(Pacer {
            dispatch,
            pending: RefCell::new(Vec::new()),
            scheduled: Cell::new(false),
        })
    }

    /// Queues `action` for the next frame's batch, in the order handed over.
    pub fn push(self: &Rc<Self>, action: Action) {
        self.pending.borrow_mut().push(action);
        if self.scheduled.replace(true) {
            return;
        }
        let this = self.clone();
        spawn_local(async move {
            next_frame().await;
            this.flush();
        });
    }

    /// Applies what is queued now, as one state change.
    pub fn flush(&self) {
        self.scheduled.set(false);
        let batch = std::mem::take(&mut *self.pending.borrow_mut());
        if !batch.is_empty() {
            self.dispatch.dispatch(batched(batch));
        }
    }
}

/// Resolves about a frame from now.
pub(crate) async fn next_frame() {
    gloo_timers::future::TimeoutFuture::new(FRAME_MS).await;
}
