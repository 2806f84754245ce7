//! Why a session is refused: each becomes an ERROR frame followed by a close (code 1002),
//! as Spring does after an ERROR.

use stomp::{Command, DecodeError, LimitKind};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProtocolError {
    #[error("STOMP frame exceeds {0} bytes, the inbound message size limit")]
    FrameTooLarge(usize),
    #[error("too many headers in a frame (limit {0})")]
    TooManyHeaders(usize),
    #[error("malformed STOMP frame: {0}")]
    Malformed(DecodeError),
    #[error("{0} before CONNECT: the session is not connected yet")]
    NotConnected(Command),
    #[error("CONNECT received twice on one session")]
    AlreadyConnected,
    #[error("no supported protocol version in accept-version {0:?}; supported: 1.0,1.1,1.2")]
    UnsupportedVersion(String),
    #[error("invalid heart-beat header {0:?}")]
    InvalidHeartBeat(String),
    #[error("{0} is a server frame; clients may not send it")]
    ServerFrame(Command),
    #[error("{command} requires a {header:?} header")]
    MissingHeader {
        command: Command,
        header: &'static str,
    },
    #[error("unknown destination {0:?}: use /topic/..., /queue/..., /user/queue/... or /app/...")]
    UnknownDestination(String),
    #[error("invalid JSON payload for {destination}: {reason}")]
    InvalidJson { destination: String, reason: String },
    #[error("too many subscriptions on one session (limit {0})")]
    TooManySubscriptions(usize),
    #[error("the server is full ({0} sessions)")]
    ServerFull(usize),
    /// The message header's words are what clients look for: `nickname taken: `.
    #[error("nickname taken: {nick}; try {free}")]
    NicknameTaken { nick: String, free: String },
    #[error("subscription id {0:?} is already in use on this session")]
    DuplicateSubscription(String),
}

impl From<DecodeError> for ProtocolError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::LimitExceeded {
                kind: LimitKind::FrameSize | LimitKind::BodySize | LimitKind::HeaderLineLength,
                limit,
            } => ProtocolError::FrameTooLarge(limit),
            DecodeError::LimitExceeded {
                kind: LimitKind::HeaderCount,
                limit,
            } => ProtocolError::TooManyHeaders(limit),
            other => ProtocolError::Malformed(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_limits_read_like_springs() {
        let e: ProtocolError = DecodeError::LimitExceeded {
            kind: LimitKind::FrameSize,
            limit: 65536,
        }
        .into();
        assert_eq!(
            e.to_string(),
            "STOMP frame exceeds 65536 bytes, the inbound message size limit"
        );
        let e: ProtocolError = DecodeError::UnknownCommand("HELLO".into()).into();
        assert_eq!(
            e.to_string(),
            "malformed STOMP frame: unknown command \"HELLO\""
        );
    }
}
