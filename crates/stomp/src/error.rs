//! Typed errors of the codec. Every way a byte stream can be wrong has its own variant,
//! and every limit has its own name, so callers can report precisely what happened.

use crate::escape::UndefinedEscape;
use thiserror::Error;

/// Which configured limit a frame exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitKind {
    /// Number of header lines in one frame.
    HeaderCount,
    /// Bytes in one header line (or the command line).
    HeaderLineLength,
    /// Bytes of body.
    BodySize,
    /// Bytes of the whole frame, command to NUL.
    FrameSize,
}

impl std::fmt::Display for LimitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LimitKind::HeaderCount => "header count",
            LimitKind::HeaderLineLength => "header line length",
            LimitKind::BodySize => "body size",
            LimitKind::FrameSize => "frame size",
        })
    }
}

/// Why a byte stream is not valid STOMP. After any of these the stream cannot be resynchronised:
/// the connection should be closed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The first line is not a STOMP command.
    #[error("unknown command {0:?}")]
    UnknownCommand(String),
    /// A header line has no `:`.
    #[error("header line without a colon: {0:?}")]
    MissingColon(String),
    /// A header has a backslash escape the version does not define.
    #[error(transparent)]
    UndefinedEscape(#[from] UndefinedEscape),
    /// The command or a header is not UTF-8.
    #[error("header or command is not valid UTF-8")]
    InvalidUtf8,
    /// `content-length` is not a number.
    #[error("invalid content-length {0:?}")]
    InvalidContentLength(String),
    /// The body of the given length is not followed by the NUL that ends a frame.
    #[error("frame body of content-length {0} is not followed by NUL")]
    MissingNul(usize),
    /// A limit of [`Limits`](crate::Limits) was exceeded.
    #[error("{kind} limit of {limit} exceeded")]
    LimitExceeded {
        /// Which limit.
        kind: LimitKind,
        /// Its value.
        limit: usize,
    },
}

/// Why a frame cannot be put on the wire as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncodeError {
    /// Without escaping (STOMP 1.0, or CONNECT/STOMP/CONNECTED) a line break in a header would
    /// end the header early, and a colon in a name would split it wrongly; 1.1 cannot escape a
    /// carriage return, so one ending a value would be read back as part of the line end.
    #[error(
        "header {name:?} cannot be sent in this version: it has a line break, a colon in its name, or (1.1) a value ending in CR"
    )]
    Unencodable {
        /// The header.
        name: String,
    },
    /// Only SEND, MESSAGE and ERROR may carry a body.
    #[error("{0} frames may not carry a body")]
    BodyNotAllowed(crate::Command),
}
