//! How a [`Session`](super::Session) connects, keeps the connection alive and reconnects.

use crate::decode::Limits;
use crate::version::Version;

/// Heart-beat intervals in milliseconds, as in the `heart-beat` header: `0` means "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartBeat {
    /// How often we can send (the header's first number, `cx`).
    pub outgoing_ms: u32,
    /// How often we want to hear from the server (the header's second number, `cy`).
    pub incoming_ms: u32,
}

impl HeartBeat {
    /// No heart-beats in either direction.
    pub const NONE: HeartBeat = HeartBeat {
        outgoing_ms: 0,
        incoming_ms: 0,
    };
}

impl Default for HeartBeat {
    /// Ten seconds each way: what @stomp/stompjs and Spring clients request, so servers are
    /// tuned for it, and a dead link is noticed within half a minute.
    fn default() -> Self {
        HeartBeat {
            outgoing_ms: 10_000,
            incoming_ms: 10_000,
        }
    }
}

/// When and how often to reconnect after a connection is lost.
///
/// The delay before attempt `n` (1-based) is `min(initial_delay_ms * multiplier^(n-1),
/// max_delay_ms)`, then shortened by a random fraction of at most `jitter`, so clients that
/// lost the same server do not all come back at the same instant. Jitter only shortens, so
/// `max_delay_ms` is a true cap.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconnectPolicy {
    /// Reconnect at all. When false, a lost connection ends in `Closed`.
    pub enabled: bool,
    /// Delay before the first reconnect attempt.
    pub initial_delay_ms: u64,
    /// Longest delay between attempts.
    pub max_delay_ms: u64,
    /// Growth per failed attempt; values below 1 (or NaN) are taken as 1.
    pub multiplier: f64,
    /// Fraction in `0..=1` by which a delay may be randomly shortened (clamped to that range).
    pub jitter: f64,
    /// Give up after this many consecutive failed attempts (`None`: never give up).
    pub max_attempts: Option<u32>,
    /// A connection must stay connected this long before the attempt count starts over.
    /// Without it, a server that accepts CONNECT and then sends ERROR (say, on resubscribing
    /// to a forbidden destination) would be retried in a tight loop at the initial delay.
    pub healthy_after_ms: u64,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            enabled: true,
            initial_delay_ms: 1_000,
            max_delay_ms: 30_000,
            multiplier: 2.0,
            jitter: 0.3,
            max_attempts: None,
            healthy_after_ms: 10_000,
        }
    }
}

/// Everything a session needs to know up front. All fields are public; start from
/// `SessionConfig::default()` and change what differs.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// The broker URLs this client may use, tried in this order (see `shuffle_endpoints`):
    /// a working one is kept; when its connection is lost the next one is tried. The session
    /// only names them (`Session::endpoint`); the driver opens them. Empty: the driver
    /// knows its one URL itself.
    pub endpoints: Vec<String>,
    /// Shuffle `endpoints` once, from `seed`, so that many clients spread over the nodes.
    pub shuffle_endpoints: bool,
    /// Versions offered in `accept-version`. Empty means all three.
    pub accept_versions: Vec<Version>,
    /// The `host` header (virtual host). RabbitMQ wants `/` or none; Spring ignores it.
    pub host: Option<String>,
    /// The `login` header.
    pub login: Option<String>,
    /// The `passcode` header (shown as `***` in tapped frames).
    pub passcode: Option<String>,
    /// Extra CONNECT headers (e.g. an auth token for a Spring `ChannelInterceptor`).
    pub connect_headers: Vec<(String, String)>,
    /// Send `STOMP` instead of `CONNECT` (1.2 servers accept both; 1.0 servers only CONNECT).
    pub use_stomp_command: bool,
    /// Requested heart-beats; the actual ones are negotiated with the server.
    pub heart_beat: HeartBeat,
    /// After this multiple of the negotiated incoming interval without a byte, the server is
    /// declared lost. Default 3.0: servers ping only when idle and check idleness on their own
    /// timer (RabbitMQ checks once per interval), so a gap of almost two intervals between
    /// bytes is normal; 2.0 (stompjs's choice) would turn a little network jitter on top of
    /// that into false reconnects. Values below 1 (or NaN) are taken as 1.
    pub heart_beat_tolerance: f64,
    /// From opening the socket to CONNECTED.
    pub connect_timeout_ms: u64,
    /// How long to wait for a RECEIPT we asked for, or for `Session::confirm` of a
    /// `Confirm::Caller` send (after which it ends `Uncertain`) or of a `Confirm::Echo` send
    /// (after which it is written again, while it has attempts left).
    pub receipt_timeout_ms: u64,
    /// How long a graceful disconnect waits for the DISCONNECT receipt before closing anyway
    /// (RabbitMQ over Web STOMP never sends it).
    pub disconnect_timeout_ms: u64,
    /// When and how often to reconnect.
    pub reconnect: ReconnectPolicy,
    /// How many sends may wait unconfirmed: queued while offline, or written with a receipt
    /// requested and not yet confirmed. Beyond it `send` fails with `OutboxFull`.
    pub outbox_limit: usize,
    /// How many times a `Confirm::Receipt` (or `Confirm::Echo`) send is written, over
    /// reconnects, before it ends `Failed(TooManyAttempts)` (an `Echo` one whose last write
    /// times out ends `Uncertain`). Bounds the loop where the send itself makes the broker drop
    /// the connection. A subscription still waiting for its receipt is bounded the same way
    /// (`SubscribeFailed`). 0 is taken as 1.
    pub max_send_attempts: u32,
    /// Longest encoded SEND frame accepted by `send` (0 = no limit). The server's own limit:
    /// a bigger frame would only make it answer ERROR and close (Spring: 65536).
    pub max_frame_bytes: usize,
    /// How many messages of one `client`/`client-individual` subscription may await their
    /// ACK (0 = no limit). Beyond it the oldest is forgotten, with `Event::UnackedLimit` once;
    /// a consumer that never acks cannot grow the session without bound.
    pub max_unacked: usize,
    /// Decoder limits for frames from the server.
    pub limits: Limits,
    /// Largest WebSocket message to send; longer frames are split across messages (Spring
    /// and RabbitMQ reassemble; ActiveMQ does not, hence off by default, as in stompjs).
    /// 0 = never split. An untuned Spring Boot app on Tomcat closes the socket (1009) on a
    /// text message over 16,640 bytes (binary: 8,192): set 16_384 for it. A frame that is
    /// valid UTF-8 is cut only between characters, so every piece can go as a text message;
    /// other frames are cut at any byte.
    pub max_ws_message: usize,
    /// Emit `FrameIn`/`FrameOut` events (clones every frame: for debugging tools only).
    pub tap_frames: bool,
    /// Seed of the jitter generator; give each client a different one.
    pub seed: u64,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            endpoints: Vec::new(),
            shuffle_endpoints: false,
            accept_versions: vec![Version::V1_0, Version::V1_1, Version::V1_2],
            host: None,
            login: None,
            passcode: None,
            connect_headers: Vec::new(),
            use_stomp_command: false,
            heart_beat: HeartBeat::default(),
            heart_beat_tolerance: 3.0,
            connect_timeout_ms: 10_000,
            receipt_timeout_ms: 10_000,
            disconnect_timeout_ms: 2_000,
            reconnect: ReconnectPolicy::default(),
            outbox_limit: 1_000,
            max_send_attempts: 3,
            max_frame_bytes: 0,
            max_unacked: 10_000,
            limits: Limits::default(),
            max_ws_message: 0,
            tap_frames: false,
            seed: 0x5EED_5EED_5EED_5EED,
        }
    }
}
