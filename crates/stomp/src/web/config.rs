//! How a [`StompClient`](super::StompClient) connects: the URL, the session settings, and an
//! optional async hook run before every (re)connect.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::decode::Limits;
use crate::session::{HeartBeat, ReconnectPolicy, SessionConfig};

use super::either_socket::SocketPlace;
use super::error::HookError;

/// What goes into CONNECT to authenticate. A before-connect hook receives the current value
/// and returns the one to use (say, with a freshly refreshed token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// The CONNECT `login` header.
    pub login: Option<String>,
    /// The CONNECT `passcode` header.
    pub passcode: Option<String>,
    /// Extra CONNECT headers, e.g. `Authorization` for a Spring `ChannelInterceptor`.
    pub headers: Vec<(String, String)>,
}

/// The future a before-connect hook returns. An `Err` counts as a failed connection attempt
/// (the reconnect policy applies); it reaches listeners typed, as
/// [`ClientEvent::BeforeConnectFailed`](super::ClientEvent::BeforeConnectFailed).
pub type BeforeConnectFuture = Pin<Box<dyn Future<Output = Result<Credentials, HookError>>>>;

/// Runs before every connection attempt, the first one included.
pub type BeforeConnect = Rc<dyn Fn(Credentials) -> BeforeConnectFuture>;

/// Everything the client needs. Start with [`ClientConfig::new`] (one URL) or
/// [`ClientConfig::failover`] (several) and the builder methods; anything else is in the
/// public [`SessionConfig`] field.
#[derive(Clone)]
pub struct ClientConfig {
    /// Everything the session (protocol, timers, limits, outbox) is told. The broker URLs are
    /// its `endpoints`: `ws://` or `wss://` URLs of the STOMP endpoint (RabbitMQ: `/ws`;
    /// Spring: its endpoint).
    pub session: SessionConfig,
    /// Runs before every connection attempt; see [`ClientConfig::before_connect`].
    pub before_connect: Option<BeforeConnect>,
    /// Which kind of WebSocket message carries the frames we send.
    pub frames: WsFrames,
    /// Where the WebSocket runs: on the page (default) or in a dedicated Worker that batches
    /// what arrives (see [`ClientConfig::socket_in_worker`]).
    pub socket: SocketPlace,
}

/// The kind of WebSocket message a frame goes out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WsFrames {
    /// A text message whenever the frame is valid UTF-8 (almost always: headers are text, and
    /// so are most bodies), else binary — as stompjs does. Some servers read only text:
    /// ActiveMQ's WebSocket transport ignores binary messages.
    #[default]
    Text,
    /// Always binary. Saves the browser converting the frame to a JS string and back; every
    /// server that reads binary messages (RabbitMQ, Spring) takes it.
    Binary,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("session", &self.session)
            .field("before_connect", &self.before_connect.is_some())
            .field("frames", &self.frames)
            .field("socket", &self.socket)
            .finish()
    }
}

impl ClientConfig {
    /// Defaults of [`SessionConfig`], plus a random jitter seed so that many tabs that lost the
    /// same server do not come back in lock-step.
    pub fn new(url: impl Into<String>) -> Self {
        Self::failover([url.into()])
    }

    /// Several URLs of one logical broker (the nodes of a cluster): connects to the first
    /// that works and stays there; when that connection is lost, reconnects to the next one,
    /// resubscribes and flushes the outbox, as after any reconnect. The backoff grows per
    /// full pass over the list. [`ClientEvent::EndpointChanged`](super::ClientEvent) and
    /// [`StompClient::url`](super::StompClient::url) tell which one is in use.
    pub fn failover<I, S>(urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let session = SessionConfig {
            endpoints: urls.into_iter().map(Into::into).collect(),
            seed: (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64 | 1,
            ..SessionConfig::default()
        };
        ClientConfig {
            session,
            before_connect: None,
            frames: WsFrames::default(),
            socket: SocketPlace::page(),
        }
    }

    /// Tries the URLs in a random order (fixed for this client), so that many clients spread
    /// over the nodes instead of all piling onto the first.
    pub fn shuffle_urls(mut self, on: bool) -> Self {
        self.session.shuffle_endpoints = on;
        self
    }

    /// The URLs, in the order given.
    pub fn urls(&self) -> &[String] {
        &self.session.endpoints
    }

    /// Text (the default: what every STOMP server reads) or binary WebSocket messages.
    pub fn ws_frames(mut self, frames: WsFrames) -> Self {
        self.frames = frames;
        self
    }

    /// Runs the WebSocket in a dedicated Worker ([`WorkerSocket`](super::WorkerSocket)): the
    /// page then gets one task per batch of messages (at most about one per 16 ms under load)
    /// instead of one per message, which matters when a busy subscription competes with
    /// rendering on a slow CPU. Each send costs a `postMessage` more. Off by default; when
    /// the page cannot start a `blob:` worker, the main-thread socket is used.
    pub fn socket_in_worker(mut self, on: bool) -> Self {
        self.socket = if on {
            SocketPlace::worker()
        } else {
            SocketPlace::page()
        };
        self
    }

    /// The CONNECT `login` and `passcode`.
    pub fn login(mut self, login: impl Into<String>, passcode: impl Into<String>) -> Self {
        self.session.login = Some(login.into());
        self.session.passcode = Some(passcode.into());
        self
    }

    /// The `host` header: the virtual host (RabbitMQ wants `/` or nothing).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.session.host = Some(host.into());
        self
    }

    /// An extra CONNECT header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.session
            .connect_headers
            .push((name.into(), value.into()));
        self
    }

    /// Requested heart-beats in ms (0 = none); the server may ask for slower ones.
    pub fn heart_beat(mut self, outgoing_ms: u32, incoming_ms: u32) -> Self {
        self.session.heart_beat = HeartBeat {
            outgoing_ms,
            incoming_ms,
        };
        self
    }

    /// When and how often to reconnect after a lost connection.
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Self {
        self.session.reconnect = policy;
        self
    }

    /// How many sends may wait (offline, or for their receipt) before `send` fails.
    pub fn outbox_limit(mut self, limit: usize) -> Self {
        self.session.outbox_limit = limit;
        self
    }

    /// How many times a send with a receipt is written, over reconnects, before it fails
    /// (bounds the loop where the send itself makes the broker drop the connection).
    pub fn max_send_attempts(mut self, attempts: u32) -> Self {
        self.session.max_send_attempts = attempts;
        self
    }

    /// Decoder limits for frames from the server.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.session.limits = limits;
        self
    }

    /// Largest WebSocket message sent; longer frames are split across several (0, the
    /// default, never splits: one frame per message, as stompjs does). A per-server choice:
    /// Spring on an untuned Tomcat needs pieces of at most 16 KiB and reassembles them;
    /// ActiveMQ parses each message as one whole frame, so any split breaks it there. A
    /// frame that is UTF-8 is cut only between characters and each piece goes as text.
    pub fn max_ws_message(mut self, bytes: usize) -> Self {
        self.session.max_ws_message = bytes;
        self
    }

    /// Largest SEND frame accepted, encoded (0 = no limit): `send` refuses a longer one at
    /// once with `SessionError::TooLarge` instead of letting the server drop the connection
    /// over it (Spring's default: 65536).
    pub fn max_frame_bytes(mut self, bytes: usize) -> Self {
        self.session.max_frame_bytes = bytes;
        self
    }

    /// How long a receipt (or a caller's confirmation) may take before the request counts as
    /// unconfirmed.
    pub fn receipt_timeout_ms(mut self, ms: u64) -> Self {
        self.session.receipt_timeout_ms = ms;
        self
    }

    /// Enables [`StompClient::tap`](super::StompClient::tap) (every frame is cloned: for
    /// debugging tools).
    pub fn tap_frames(mut self, on: bool) -> Self {
        self.session.tap_frames = on;
        self
    }

    /// An async hook run before every connection attempt; it gets the current credentials and
    /// returns the ones to send. Any error type converts to [`HookError`] with `?` (a text
    /// with [`HookError::msg`]); listeners get it back typed and can downcast it.
    pub fn before_connect<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Credentials) -> Fut + 'static,
        Fut: Future<Output = Result<Credentials, HookError>> + 'static,
    {
        self.before_connect = Some(Rc::new(move |c| Box::pin(hook(c))));
        self
    }
}
