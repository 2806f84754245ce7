//! How often what arrives becomes a state change. Each state change costs a reducer step, a
//! render of every component that reads the chat, and the browser's style, layout and paint; a
//! socket delivers each message in a task of its own, so taking them one task at a time made a
//! busy room render a few hundred times a second, twice over (the frame inspector's log is fed
//! the same way). The [`Pacer`] gathers what every source hands it until the next frame: one
//! state change per frame at most, and on a slow CPU (longer frames) bigger batches rather than
//! more of them.

use super::service::batched;
use super::state::{Action, ChatState};
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::UseReducerDispatcher;

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

/// In a hidden tab frames stop: the timer then lets messages through (the browser runs it
/// about once a second there), so unread counts and notifications still follow.
const HIDDEN_TAB_MS: i32 = 100;

/// Resolves at the next animation frame, or after [`HIDDEN_TAB_MS`] where frames do not come.
/// Both wake-ups are the promise's own `resolve`: no Rust closure is kept alive for them.
pub(crate) async fn next_frame() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = Promise::new(&mut |resolve: Function, _reject| {
        let _ = window.request_animation_frame(&resolve);
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, HIDDEN_TAB_MS);
    });
    let _ = JsFuture::from(promise).await;
}
