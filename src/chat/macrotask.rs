//! "The next macrotask", shared. The loops that batch what arrives (a room's messages, the
//! frame log, history) each wait one macrotask so that whatever the socket already has is
//! taken in the same batch. With a timer each, every message then cost two more tasks and
//! two state changes (two renders of every state reader); waiting on one timer, the loops
//! resume in the same task and Yew renders their state changes once.

use futures::future::{FutureExt, Shared};
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;

thread_local! {
    static NEXT: RefCell<Option<Shared<TimeoutFuture>>> = const { RefCell::new(None) };
}

/// Resolves in the next macrotask (a 0 ms timer), together with everyone else who asked
/// before it fired.
pub async fn next() {
    let tick = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        match &*n {
            // Not fired yet: join it.
            Some(t) if t.peek().is_none() => t.clone(),
            _ => n.insert(TimeoutFuture::new(0).shared()).clone(),
        }
    });
    tick.await
}
