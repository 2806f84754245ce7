//! Heart-beat negotiation as Spring's simple broker does it.

use crate::config::HeartBeat;

/// How many read intervals of silence are tolerated before a client is dropped (Spring: 3).
pub const READ_TOLERANCE: u64 = 3;

/// The intervals a session runs with after CONNECT, in milliseconds (0 = off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    /// The server sends a heart-beat when it has written nothing for this long.
    pub send_ms: u64,
    /// The client promised to send something at least this often.
    pub recv_ms: u64,
}

impl Negotiated {
    /// Silence after which the client is considered gone.
    pub fn read_timeout_ms(&self) -> Option<u64> {
        (self.recv_ms > 0).then(|| self.recv_ms.saturating_mul(READ_TOLERANCE))
    }
}

/// Parses a `heart-beat` header value `"cx,cy"`; absent means `0,0`.
pub fn parse(value: Option<&str>) -> Option<(u64, u64)> {
    let Some(v) = value else {
        return Some((0, 0));
    };
    let (a, b) = v.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// Combines the client's `heart-beat` (cx = it can send, cy = it wants) with the server's.
pub fn negotiate(client: (u64, u64), server: HeartBeat) -> Negotiated {
    let (cx, cy) = client;
    let pick = |a: u64, b: u64| if a == 0 || b == 0 { 0 } else { a.max(b) };
    Negotiated {
        send_ms: pick(server.send_ms, cy),
        recv_ms: pick(cx, server.recv_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPRING: HeartBeat = HeartBeat {
        send_ms: 10_000,
        recv_ms: 10_000,
    };

    #[test]
    fn larger_interval_wins_and_zero_disables() {
        assert_eq!(
            negotiate((4000, 20_000), SPRING),
            Negotiated {
                send_ms: 20_000,
                recv_ms: 10_000
            }
        );
        assert_eq!(
            negotiate((0, 0), SPRING),
            Negotiated {
                send_ms: 0,
                recv_ms: 0
            }
        );
        let off = HeartBeat {
            send_ms: 0,
            recv_ms: 0,
        };
        assert_eq!(negotiate((1000, 1000), off).read_timeout_ms(), None);
        assert_eq!(negotiate((1000, 0), SPRING).read_timeout_ms(), Some(30_000));
    }

    #[test]
    fn header_parsing() {
        assert_eq!(parse(None), Some((0, 0)));
        assert_eq!(parse(Some("10000,0")), Some((10_000, 0)));
        assert_eq!(parse(Some("x,0")), None);
        assert_eq!(parse(Some("100")), None);
    }
}
