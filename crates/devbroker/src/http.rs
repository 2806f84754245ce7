//! The HTTP side: the built app from the static directory (unknown paths get `index.html`,
//! so client-side routes work) and the STOMP WebSocket endpoint at `/ws` on the same origin.
//! Files are served brotli- or gzip-compressed when the build left `.br`/`.gz` beside them
//! (scripts/trunk-precompress.mjs); Trunk's hashed files are cached for a year, the page
//! itself is revalidated so a new build is picked up at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Request, State, WebSocketUpgrade};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use stomp::Version;
use tokio::sync::watch;
use tower_http::services::{ServeDir, ServeFile};

use crate::broker::Broker;
use crate::connection;

#[derive(Clone)]
pub struct AppState {
    pub broker: Arc<Broker>,
    pub shutdown: watch::Receiver<bool>,
    /// Open sockets, CONNECTed or not, so sockets that never CONNECT are bounded too.
    pub sockets: Arc<AtomicUsize>,
}

pub fn router(state: AppState) -> Router {
    let dir = &state.broker.config().static_dir;
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .route("/ws", any(ws_upgrade))
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
        .with_state(state)
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if path == "/ws" {
        return res;
    }
    // A hashed name that is missing gets index.html: that answer must not stick for a year.
    let html = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let ok = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    let value = if ok && !html && is_hashed(&path) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let headers = res.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(value));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// Trunk names what it builds `name-<hash in hex>` (`stomp-chat-…_bg.wasm`, `index-….css`;
/// up to 16 digits, fewer when the hash has leading zeros); the content decides the name,
/// so it never changes under that name.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty() && hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn ws_upgrade(State(state): State<AppState>, ws: WebSocketUpgrade) -> Response {
    let limits = &state.broker.config().limits;
    let open = state.sockets.fetch_add(1, Ordering::AcqRel);
    let guard = SocketCount(state.sockets.clone());
    if open >= limits.max_sessions {
        drop(guard);
        return (StatusCode::SERVICE_UNAVAILABLE, "too many connections").into_response();
    }
    let max = limits.max_ws_message();
    // Listed best first: axum picks the first one the client offered.
    ws.protocols(Version::ALL.map(Version::subprotocol))
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            let _guard = guard;
            connection::run(socket, state.broker, state.shutdown).await;
        })
}

struct SocketCount(Arc<AtomicUsize>);

impl Drop for SocketCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
