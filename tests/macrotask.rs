//! `stomp_chat::chat::macrotask::next` in headless Chromium (scripts/test-app-wasm.sh): those
//! who wait for the next macrotask together resume in one task, so the batches they dispatch
//! render once.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use stomp_chat::chat::macrotask::next;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets spawned futures run up to their first wait (microtasks only, no macrotask passes).
async fn microtasks() {
    for _ in 0..3 {
        let _ = JsFuture::from(js_sys::Promise::resolve(&JsValue::UNDEFINED)).await;
    }
}

#[wasm_bindgen_test]
async fn a_later_waiter_resumes_with_the_first_before_a_timer_set_between_them() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let waiter = |name: &'static str| {
        let log = log.clone();
        spawn_local(async move {
            next().await;
            log.borrow_mut().push(name);
        });
    };
    waiter("a");
    microtasks().await;
    assert!(log.borrow().is_empty(), "no macrotask has passed yet");
    // A timer of ours, set after `a` asked and before `b` does: with a timer per waiter it
    // would fire between them.
    let probe = {
        let log = log.clone();
        gloo_timers::callback::Timeout::new(0, move || log.borrow_mut().push("timer"))
    };
    waiter("b");
    gloo_timers::future::TimeoutFuture::new(30).await;
    drop(probe);
    assert_eq!(*log.borrow(), ["a", "b", "timer"]);

    // Once it has fired, the next one to ask waits for a new macrotask.
    waiter("c");
    microtasks().await;
    assert_eq!(log.borrow().len(), 3);
    gloo_timers::future::TimeoutFuture::new(30).await;
    assert_eq!(*log.borrow(), ["a", "b", "timer", "c"]);
}
