//! Run-time configuration of the broker, independent of how it was given (CLI, env, tests).

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::limits::BrokerLimits;

/// Which RECEIPT requests are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReceiptMode {
    /// Only DISCONNECT's, as Spring's simple broker does.
    #[default]
    Disconnect,
    /// Every frame that carries a `receipt` header.
    All,
}

/// The server side of heart-beat negotiation, in milliseconds (0 = never).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartBeat {
    /// How often the server can send heart-beats.
    pub send_ms: u64,
    /// How often the server wants to receive them.
    pub recv_ms: u64,
}

impl Default for HeartBeat {
    /// Spring's defaults once a TaskScheduler is configured.
    fn default() -> Self {
        HeartBeat {
            send_ms: 10_000,
            recv_ms: 10_000,
        }
    }
}

impl std::str::FromStr for HeartBeat {
    type Err = String;
    /// Parses `"send,recv"` as in the STOMP header.
    fn from_str(s: &str) -> Result<Self, String> {
        let (a, b) = s
            .split_once(',')
            .ok_or_else(|| format!("expected two numbers like 10000,10000, got {s:?}"))?;
        let num = |v: &str| {
            v.trim()
                .parse::<u64>()
                .map_err(|_| format!("not a number of milliseconds: {v:?}"))
        };
        Ok(HeartBeat {
            send_ms: num(a)?,
            recv_ms: num(b)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The built app (Trunk's `dist/`); unknown paths fall back to its `index.html`.
    pub static_dir: PathBuf,
    pub heart_beat: HeartBeat,
    pub receipts: ReceiptMode,
    pub limits: BrokerLimits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            static_dir: PathBuf::from("dist"),
            heart_beat: HeartBeat::default(),
            receipts: ReceiptMode::default(),
            limits: BrokerLimits::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heart_beat_parses_like_the_header() {
        assert_eq!(
            "100, 0".parse::<HeartBeat>(),
            Ok(HeartBeat {
                send_ms: 100,
                recv_ms: 0
            })
        );
        assert!("100".parse::<HeartBeat>().is_err());
        assert!("a,1".parse::<HeartBeat>().is_err());
    }
}
