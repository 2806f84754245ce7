//! Helpers shared by the browser tests: where the broker is, sleeping, and timeouts.
#![allow(dead_code)]

use futures_util::future::{select, Either};
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The broker under test, given by the test script at compile time.
pub fn ws_url() -> &'static str {
    option_env!("STOMP_WS_URL").expect("set STOMP_WS_URL (scripts/test-web.sh does)")
}

/// The control server that can stop and start the broker (scripts/broker-control.py).
pub fn control_url() -> &'static str {
    option_env!("STOMP_CONTROL_URL").expect("set STOMP_CONTROL_URL (scripts/test-web.sh does)")
}

/// Resolves after `ms` milliseconds (a main-thread timer; fine in a visible test page).
pub async fn sleep(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Runs `fut` for at most `ms`; panics with `what` when it takes longer.
pub async fn within<T>(ms: u32, what: &str, fut: impl Future<Output = T>) -> T {
    let fut = Box::pin(fut);
    let timer = Box::pin(sleep(ms));
    match select(fut, timer).await {
        Either::Left((v, _)) => v,
        Either::Right(_) => panic!("timed out after {ms} ms waiting for {what}"),
    }
}

/// GETs a path of the control server; panics unless it answers 200.
pub async fn control(path: &str) {
    let window = web_sys::window().unwrap();
    let url = format!("{}/{}", control_url(), path);
    let resp = JsFuture::from(window.fetch_with_str(&url)).await.unwrap();
    let resp: web_sys::Response = resp.dyn_into().unwrap();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    assert_eq!(resp.status(), 200, "control {path}: {:?}", text.as_string());
}

/// A name no other test (or earlier run) uses, for destinations.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}
