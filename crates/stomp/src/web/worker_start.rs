//! Starting a socket's Worker (see `worker_socket.rs`): the URL checked and resolved on the
//! page, the script started from a Blob URL, and the page-wide note that workers fail here.

use std::cell::Cell;

use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url, Worker};

use super::socket::{js_error_text, SocketError};
use super::worker_js::WORKER_JS;

thread_local! {
    /// Set once a socket worker could not start or failed in this page.
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Socket workers are not to be tried again in this page.
pub(crate) fn failed() {
    FAILED.with(|f| f.set(true));
}

/// No socket worker has failed in this page.
pub(crate) fn usable() -> bool {
    !FAILED.with(Cell::get)
}

/// The URL as the WebSocket constructor would take it, checked the way it checks (the
/// worker's own base URL is the `blob:` one, so relative URLs are resolved here).
pub(crate) fn resolve(url: &str) -> Result<String, SocketError> {
    let fail = |message: String| SocketError::Open {
        url: url.to_owned(),
        message,
    };
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    let parsed = match &base {
        Some(base) => Url::new_with_base(url, base),
        None => Url::new(url),
    }
    .map_err(|e| fail(js_error_text(&e)))?;
    match parsed.protocol().as_str() {
        "ws:" | "wss:" => {}
        "http:" => parsed.set_protocol("ws"),
        "https:" => parsed.set_protocol("wss"),
        other => {
            return Err(fail(format!(
                "the URL's scheme must be ws or wss, not {other}"
            )))
        }
    }
    if !parsed.hash().is_empty() || parsed.href().contains('#') {
        return Err(fail("the URL contains a fragment identifier".to_owned()));
    }
    Ok(parsed.href())
}

pub(crate) fn spawn() -> Result<Worker, JsValue> {
    if !usable() {
        return Err(JsValue::from_str(
            "a socket worker failed earlier in this page",
        ));
    }
    blob_worker(WORKER_JS).inspect_err(|_| failed())
}

/// A dedicated Worker running `script`, started from a Blob URL (no extra file to serve); also
/// the ticker's timer worker.
pub(crate) fn blob_worker(script: &str) -> Result<Worker, JsValue> {
    let parts = Array::of1(&JsValue::from_str(script));
    let opts = BlobPropertyBag::new();
    opts.set_type("application/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let worker = Worker::new(&url);
    // The worker has resolved its script URL by now; the Blob URL is not needed after this.
    let _ = Url::revoke_object_url(&url);
    worker
}
