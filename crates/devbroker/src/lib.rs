//! A development STOMP-over-WebSocket broker that behaves like a Spring Boot 3 app with
//! `enableSimpleBroker("/topic", "/queue")`, `setApplicationDestinationPrefixes("/app")` and a
//! chat controller, and serves the built chat app on the same origin.
//!
//! Decisions where Spring leaves a choice to the application:
//! - **User names.** CONNECTED carries `user-name` only when CONNECT gave a `login` (Spring
//!   names the user only when the handshake knows one). Once a session joins a chat room, its
//!   nickname is its user name for `/user/...` delivery, as if the app mapped nicknames to
//!   principals. Several sessions (tabs) may share a nickname; they are one user.
//! - **Nicknames are one person's.** A CONNECT with `chat-nickname` claims it for its
//!   `chat-client-id`; another client asking for it gets ERROR `nickname taken: ann; try ann2`
//!   (see [`identity`]). Clients that claim nothing (other STOMP programs) are not refused.
//! - **Presence.** JOIN is broadcast on every join; LEAVE when the last session of a nickname
//!   leaves the room (explicitly, by DISCONNECT, by closing, or by missing heart-beats).
//! - **Mistakes inside a valid request** (empty nickname or content, unknown private
//!   recipient, room table full) answer a [`chat_proto::ServerNotice`] on
//!   `/user/queue/errors` and keep the session; protocol errors (malformed frames, frames
//!   before CONNECT, unknown destinations, invalid JSON, limits) answer ERROR and close
//!   with 1002, as Spring does.
//! - **Destinations** match exactly (no `*`/`**` patterns); messages to a destination
//!   nobody subscribes to are dropped, as in the simple broker.
//! - Acknowledgements and transactions are accepted and ignored, as in the simple broker.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = devbroker::serve(devbroker::Config::default()).await?;
//! println!("open {}", server.http_url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

pub mod broker;
pub mod chat;
pub mod config;
pub mod connection;
pub mod departures;
pub mod error;
pub mod heartbeat;
pub mod http;
pub mod identity;
pub mod limits;
pub mod outbox;
pub mod session;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{Config, HeartBeat, ReceiptMode};
pub use limits::BrokerLimits;

/// A running server. Dropping it leaves the server running; call [`ServerHandle::shutdown`].
pub struct ServerHandle {
    addr: SocketAddr,
    broker: Arc<broker::Broker>,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl ServerHandle {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page to open in a browser.
    pub fn http_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The STOMP WebSocket endpoint.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Connected STOMP sessions right now.
    pub fn session_count(&self) -> usize {
        self.broker.session_count()
    }

    /// Closes every session (code 1001) and stops listening.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }

    /// Runs until the server task ends (it does not on its own, unless listening fails).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds `config.addr` and starts serving in the background.
pub async fn serve(config: Config) -> std::io::Result<ServerHandle> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let broker = Arc::new(broker::Broker::new(config));
    let (stop, shutdown) = watch::channel(false);
    let state = http::AppState {
        broker: broker.clone(),
        shutdown: shutdown.clone(),
        sockets: Default::default(),
    };
    let app = http::router(state);
    tokio::spawn(expire_departures(broker.clone(), shutdown.clone()));
    let mut until = shutdown;
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = until.wait_for(|stop| *stop).await;
            })
            .await
    });
    tracing::info!(%addr, "dev broker listening");
    Ok(ServerHandle {
        addr,
        broker,
        stop,
        task,
    })
}

/// Announces, a few times a second, the departures whose grace period is over.
async fn expire_departures(broker: Arc<broker::Broker>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => broker.expire_departures(),
            _ = stop.wait_for(|stop| *stop) => break,
        }
    }
}
