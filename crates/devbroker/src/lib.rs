//! A development STOMP-over-WebSocket broker that behaves like a Spring Boot 3 app with
//! `enableSimpleBroker("/topic", "/queue")`, `setApplicationDestinationPrefixes("/app")` and a
//! chat controller, and serves the built chat app on the same origin.
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
pub mod error;
pub mod heartbeat;
pub mod http;
pub mod limits;
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
