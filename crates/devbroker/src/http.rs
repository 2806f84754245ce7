//! The HTTP side: the built app from the static directory (unknown paths get `index.html`,
//! so client-side routes work) and the STOMP WebSocket endpoint at `/ws` on the same origin.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{State, WebSocketUpgrade};
use axum::http::StatusCode;
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
    let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    Router::new()
        .route("/ws", any(ws_upgrade))
        .fallback_service(files)
        .with_state(state)
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
