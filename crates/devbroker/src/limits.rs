//! Every bound that keeps the broker's memory finite whatever clients send.

/// Spring's default inbound STOMP message size limit (`messageSizeLimit`), in bytes.
pub const SPRING_MESSAGE_SIZE_LIMIT: usize = 64 * 1024;

/// Bounds on what clients can make the broker hold. Defaults follow Spring where Spring has
/// one and are small elsewhere: this is a development server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerLimits {
    /// Bytes of one inbound STOMP frame (command to NUL), like Spring's 64 KiB.
    pub max_frame: usize,
    /// Header lines in one inbound frame.
    pub max_headers: usize,
    /// Chat messages kept per room (oldest dropped first).
    pub history_per_room: usize,
    /// Rooms kept at once; when full, the least recently active empty room is forgotten.
    pub max_rooms: usize,
    /// Bytes of a chat message's `content`.
    pub max_content: usize,
    /// Characters of a nickname.
    pub max_nickname: usize,
    /// Subscriptions one session may hold.
    pub max_subscriptions: usize,
    /// Frames waiting to be written to one session; a client that falls this far behind is
    /// disconnected instead of making the broker buffer without end.
    pub outbound_queue: usize,
    /// Bytes waiting to be written to one session (Spring's send buffer limit is 512 KiB; a
    /// room's history answer alone can be larger, and one item is always accepted).
    pub outbound_bytes: usize,
    /// Concurrent WebSocket sessions.
    pub max_sessions: usize,
    /// Milliseconds a new socket may take to send CONNECT.
    pub connect_timeout_ms: u64,
    /// Milliseconds a session gone without LEAVE or DISCONNECT (a reload, a lost connection)
    /// stays in its rooms before its LEAVE is announced; back by then, it never left
    /// (`crate::departures`). 0: announced at once.
    pub leave_grace_ms: u64,
}

impl Default for BrokerLimits {
    fn default() -> Self {
        BrokerLimits {
            max_frame: SPRING_MESSAGE_SIZE_LIMIT,
            max_headers: 64,
            history_per_room: 200,
            max_rooms: 256,
            max_content: 4096,
            max_nickname: 32,
            max_subscriptions: 256,
            outbound_queue: 1024,
            outbound_bytes: 1024 * 1024,
            max_sessions: 1024,
            connect_timeout_ms: 30_000,
            leave_grace_ms: 10_000,
        }
    }
}

impl BrokerLimits {
    /// The decoder's limits for one inbound frame.
    pub fn decoder(&self) -> stomp::Limits {
        stomp::Limits {
            max_headers: self.max_headers,
            max_header_line: self.max_frame,
            max_body: self.max_frame,
            max_frame: self.max_frame,
        }
    }

    /// The largest single WebSocket message accepted. Larger than a frame so that an
    /// oversized frame in one message still reaches the decoder and gets an ERROR that says
    /// why, instead of a bare WebSocket close.
    pub fn max_ws_message(&self) -> usize {
        self.max_frame.saturating_mul(4).max(64 * 1024)
    }
}
