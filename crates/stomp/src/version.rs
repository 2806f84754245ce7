//! Protocol versions and what differs between them on the wire.

use std::fmt;
use std::str::FromStr;

/// A STOMP protocol version. Ordered, so `v >= Version::V1_1` reads naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// STOMP 1.0.
    V1_0,
    /// STOMP 1.1.
    V1_1,
    /// STOMP 1.2.
    V1_2,
}

impl Version {
    /// All versions this crate speaks, newest first.
    pub const ALL: [Version; 3] = [Version::V1_2, Version::V1_1, Version::V1_0];

    /// As in `accept-version` and `version` headers.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1_0 => "1.0",
            Version::V1_1 => "1.1",
            Version::V1_2 => "1.2",
        }
    }

    /// The WebSocket subprotocol name brokers use for this version (`v12.stomp`, ...).
    pub fn subprotocol(self) -> &'static str {
        match self {
            Version::V1_0 => "v10.stomp",
            Version::V1_1 => "v11.stomp",
            Version::V1_2 => "v12.stomp",
        }
    }

    /// Picks the highest version listed in an `accept-version` header value we also speak.
    pub fn best_of(accept_version: &str) -> Option<Version> {
        accept_version
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .max()
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Version {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "1.0" => Ok(Version::V1_0),
            "1.1" => Ok(Version::V1_1),
            "1.2" => Ok(Version::V1_2),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_of_picks_highest_known() {
        assert_eq!(Version::best_of("1.0,1.1,1.2"), Some(Version::V1_2));
        assert_eq!(Version::best_of("1.1, 1.0"), Some(Version::V1_1));
        assert_eq!(Version::best_of("2.0,1.0"), Some(Version::V1_0));
        assert_eq!(Version::best_of("3.0"), None);
        assert_eq!(Version::best_of(""), None);
    }
}
