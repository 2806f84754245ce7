//! A streaming STOMP decoder in the shape of a tokio-util codec: append received bytes to a
//! buffer, then call [`Decoder::decode`] until it returns `Ok(None)`.
//!
//! Where chunks of the stream begin and end never changes what comes out. The decoder keeps
//! how far it has scanned, so a frame arriving in many small pieces is scanned once, not
//! once per piece. Every limit is checked before the bytes it guards are buffered without
//! bound.

use bytes::{Buf, BytesMut};

use crate::error::{DecodeError, LimitKind};
use crate::escape::{unescape_into, Escaping};
use crate::frame::{Command, Frame, Headers};
use crate::version::Version;

/// What the decoder yields: a frame, or a heart-beat (a bare end-of-line between frames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A whole frame.
    Frame(Frame),
    /// A heart-beat.
    HeartBeat,
}

/// Bounds on what one frame may be. Exceeding one is [`DecodeError::LimitExceeded`] naming it.
/// When one frame crosses several, the error names the one crossed at the earliest byte of the
/// stream, so it never depends on how the stream was chunked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Header lines per frame (the command line not counted).
    pub max_headers: usize,
    /// Bytes per header line, and for the command line, before unescaping, without the EOL.
    pub max_header_line: usize,
    /// Bytes of body.
    pub max_body: usize,
    /// Bytes of the whole frame from the command to the NUL.
    pub max_frame: usize,
}

impl Default for Limits {
    /// Generous for chat and typical messaging, small enough that a hostile peer cannot make
    /// the decoder hold more than about 8 MiB.
    fn default() -> Self {
        Limits {
            max_headers: 128,
            max_header_line: 16 * 1024,
            max_body: 8 * 1024 * 1024,
            max_frame: 8 * 1024 * 1024 + 256 * 1024,
        }
    }
}

impl Limits {
    /// No limits at all, for trusted input only.
    pub fn unlimited() -> Self {
        Limits {
            max_headers: usize::MAX,
            max_header_line: usize::MAX,
            max_body: usize::MAX,
            max_frame: usize::MAX,
        }
    }

    fn exceeded(kind: LimitKind, limit: usize) -> DecodeError {
        DecodeError::LimitExceeded { kind, limit }
    }
}

#[derive(Debug)]
enum State {
    /// Looking for the blank line that ends the headers. `line_start` is where the line
    /// not yet ended begins; `lines` counts complete lines (command line included).
    Head { line_start: usize, lines: usize },
    /// Headers parsed and consumed from the buffer; waiting for the body.
    Body {
        frame: Frame,
        head_len: usize,
        body: BodyEnd,
    },
}

#[derive(Debug, Clone, Copy)]
enum BodyEnd {
    /// `content-length` given: exactly this many bytes, then a NUL.
    Length(usize),
    /// No `content-length`: up to the first NUL; `scanned` bytes are known NUL-free.
    Nul { scanned: usize },
}

/// The streaming decoder. One per connection; it remembers partial frames between calls.
#[derive(Debug)]
pub struct Decoder {
    limits: Limits,
    version: Version,
    state: State,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(Limits::default())
    }
}

impl Decoder {
    const HEAD_START: State = State::Head {
        line_start: 0,
        lines: 0,
    };

    /// A decoder for STOMP 1.2 until told otherwise, with these limits.
    pub fn new(limits: Limits) -> Self {
        Decoder {
            limits,
            version: Version::V1_2,
            state: Self::HEAD_START,
        }
    }

    /// The limits it enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The version whose escaping rules it applies.
    pub fn version(&self) -> Version {
        self.version
    }

    /// Sets the version whose escaping rules apply (1.2 until told otherwise; CONNECT and
    /// CONNECTED are never escaped, so the negotiated version can be set after CONNECTED).
    pub fn set_version(&mut self, version: Version) {
        self.version = version;
    }

    /// Forgets any partial frame, e.g. when a new connection starts.
    pub fn reset(&mut self) {
        self.state = Self::HEAD_START;
    }

    /// Decodes the next item from the front of `buf`, consuming its bytes. `Ok(None)` means
    /// more bytes are needed. After an error the stream is unusable: close the connection.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Item>, DecodeError> {
        let result = self.decode_inner(buf);
        if result.is_err() {
            self.state = Self::HEAD_START;
        }
        result
    }

    fn decode_inner(&mut self, buf: &mut BytesMut) -> Result<Option<Item>, DecodeError> {
        if let State::Head { line_start, lines } = &mut self.state {
            if *line_start == 0 {
                // A bare EOL where a frame could begin is a heart-beat.
                match buf.first() {
                    None => return Ok(None),
                    Some(b'\n') => {
                        buf.advance(1);
                        return Ok(Some(Item::HeartBeat));
                    }
                    Some(b'\r') => match buf.get(1) {
                        None => return Ok(None),
                        Some(b'\n') => {
                            buf.advance(2);
                            return Ok(Some(Item::HeartBeat));
                        }
                        Some(_) => {}
                    },
                    Some(_) => {}
                }
            }
            let Some(head_len) = scan_head(buf, line_start, lines, &self.limits)? else {
                return Ok(None);
            };
            let frame = parse_head(&buf[..head_len], *lines - 1, self.version)?;
            let body = match frame.get("content-length") {
                Some(v) => {
                    let n = parse_content_length(v)?;
                    // Refused before a byte of it is buffered.
                    check_body(&self.limits, head_len, n)?;
                    BodyEnd::Length(n)
                }
                None => {
                    check_body(&self.limits, head_len, 0)?;
                    BodyEnd::Nul { scanned: 0 }
                }
            };
            buf.advance(head_len);
            self.state = State::Body {
                frame,
                head_len,
                body,
            };
        }

        let State::Body { head_len, body, .. } = &mut self.state else {
            unreachable!("head state always moves on to body or returns")
        };
        let body_len = match body {
            BodyEnd::Length(n) => {
                if buf.len() <= *n {
                    return Ok(None);
                }
                if buf[*n] != 0 {
                    return Err(DecodeError::MissingNul(*n));
                }
                *n
            }
            BodyEnd::Nul { scanned } => match memchr::memchr(0, &buf[*scanned..]) {
                Some(i) => {
                    let len = *scanned + i;
                    check_body(&self.limits, *head_len, len)?;
                    len
                }
                None => {
                    *scanned = buf.len();
                    check_body(&self.limits, *head_len, *scanned)?;
                    return Ok(None);
                }
            },
        };
        let State::Body { mut frame, .. } = std::mem::replace(&mut self.state, Self::HEAD_START)
        else {
            unreachable!()
        };
        frame.body = buf.split_to(body_len).freeze();
        buf.advance(1);
        Ok(Some(Item::Frame(frame)))
    }
}

/// The longest command, `UNSUBSCRIBE`: a first line longer than this is not a frame.
const MAX_COMMAND: usize = 11;

/// Finds the end of the header block (just past its blank line), checking line limits as it
/// goes. Resumes from `line_start`/`lines` so each byte is scanned once.
///
/// The command line is checked as soon as it ends, and as soon as it is longer than any
/// command, so bytes that cannot start a frame fail at once instead of being held until a
/// blank line or a limit (2 KB of noise with line breaks fails at its first one).
///
/// When several errors are proven, the one proven at the earliest byte is reported, so the
/// error does not depend on how the stream was chunked (a byte-at-a-time reader would see that
/// one first). At the same byte: line length, then unknown command, then header count, then
/// frame size.
fn scan_head(
    buf: &[u8],
    line_start: &mut usize,
    lines: &mut usize,
    limits: &Limits,
) -> Result<Option<usize>, DecodeError> {
    // A frame's bytes live at buf[0..]: the byte at index max_frame is one too many.
    let frame_pos = limits.max_frame;
    loop {
        let start = *line_start;
        // The first byte that makes this line too long (a trailing CR is not counted).
        let line_pos = start
            .saturating_add(limits.max_header_line)
            .saturating_add(1);
        // Likewise the first byte that makes the command line longer than any command (the
        // byte after a full-length command may still be its CR).
        let command_pos = if *lines == 0 {
            start + MAX_COMMAND + 1
        } else {
            usize::MAX
        };
        let Some(i) = memchr::memchr(b'\n', &buf[start..]) else {
            let len = buf.len();
            if len > line_pos || len > command_pos || len > frame_pos {
                let partial = Proven {
                    line: (len > line_pos).then_some(line_pos),
                    command: (len > command_pos).then_some(command_pos),
                    count: None,
                    frame: (len > frame_pos).then_some(frame_pos),
                };
                return Err(partial.earliest(&buf[start..], limits));
            }
            return Ok(None);
        };
        let nl = start + i;
        let raw = &buf[start..nl];
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() && *lines > 0 {
            if nl >= frame_pos {
                return Err(Limits::exceeded(LimitKind::FrameSize, limits.max_frame));
            }
            return Ok(Some(nl + 1));
        }
        let command = if *lines > 0 {
            None
        } else if line.len() > MAX_COMMAND {
            Some(command_pos)
        } else if Command::from_bytes(line).is_none() {
            Some(nl)
        } else {
            None
        };
        let too_long = line.len() > limits.max_header_line;
        let too_many = *lines + 1 > limits.max_headers.saturating_add(1);
        if too_long || command.is_some() || too_many || nl >= frame_pos {
            let complete = Proven {
                line: too_long.then_some(line_pos),
                command,
                count: too_many.then_some(nl),
                frame: (nl >= frame_pos).then_some(frame_pos),
            };
            return Err(complete.earliest(raw, limits));
        }
        *lines += 1;
        *line_start = nl + 1;
    }
}

/// The bytes at which each error of a line is proven (`None`: not broken that way).
struct Proven {
    line: Option<usize>,
    command: Option<usize>,
    count: Option<usize>,
    frame: Option<usize>,
}

impl Proven {
    /// The error proven at the earliest byte; at the same byte, in field order. `raw` is
    /// the line as received, for the unknown command's text.
    #[cold]
    #[inline(never)]
    fn earliest(self, raw: &[u8], limits: &Limits) -> DecodeError {
        let candidates = [self.line, self.command, self.count, self.frame];
        let mut best = 0;
        for (i, pos) in candidates.iter().enumerate() {
            if pos.is_some() && (candidates[best].is_none() || pos < &candidates[best]) {
                best = i;
            }
        }
        match best {
            0 => Limits::exceeded(LimitKind::HeaderLineLength, limits.max_header_line),
            1 => unknown_command(raw),
            2 => Limits::exceeded(LimitKind::HeaderCount, limits.max_headers),
            _ => Limits::exceeded(LimitKind::FrameSize, limits.max_frame),
        }
    }
}

/// Shows the line (without its CR), or for one longer than any command just the bytes that
/// proved it, so the text does not depend on chunking.
#[cold]
#[inline(never)]
fn unknown_command(raw: &[u8]) -> DecodeError {
    let line = raw.strip_suffix(b"\r").unwrap_or(raw);
    let shown = if line.len() > MAX_COMMAND {
        &raw[..raw.len().min(MAX_COMMAND + 2)]
    } else {
        line
    };
    DecodeError::UnknownCommand(String::from_utf8_lossy(shown).into_owned())
}

/// Checks a body known to be at least `len` bytes long (and followed by a NUL) against the body
/// and frame limits. Like [`scan_head`], reports the limit a byte-at-a-time reader would hit
/// first, so chunking never changes the error.
fn check_body(limits: &Limits, head_len: usize, len: usize) -> Result<(), DecodeError> {
    // The smallest body lengths that break each limit.
    let body_at = limits.max_body.saturating_add(1);
    let frame_at = limits.max_frame.saturating_sub(head_len);
    if len < body_at && len < frame_at {
        return Ok(());
    }
    Err(if frame_at < body_at {
        Limits::exceeded(LimitKind::FrameSize, limits.max_frame)
    } else {
        Limits::exceeded(LimitKind::BodySize, limits.max_body)
    })
}

/// Parses a complete header block (command line, header lines, blank line) holding
/// `header_lines` header lines.
fn parse_head(head: &[u8], header_lines: usize, version: Version) -> Result<Frame, DecodeError> {
    // Validated once as a whole; every slice below is cut at an ASCII byte, so stays valid.
    // Lines and colons are found with memchr on bytes: `str::split`/`find` with a char pattern
    // cost a third of decoding time.
    let head = std::str::from_utf8(head).map_err(|_| DecodeError::InvalidUtf8)?;
    let trim_cr = |l: &'_ str| -> usize { l.len() - usize::from(l.ends_with('\r')) };
    let cmd_end = memchr::memchr(b'\n', head.as_bytes()).unwrap_or(head.len());
    let command_line = &head[..trim_cr(&head[..cmd_end])];
    let command = Command::from_bytes(command_line.as_bytes())
        .ok_or_else(|| DecodeError::UnknownCommand(command_line.chars().take(64).collect()))?;
    let mode = Escaping::for_frame(version, command);
    let rest = head.get(cmd_end + 1..).unwrap_or_default();
    let mut headers = Headers::with_capacity(header_lines, rest.len());
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', rest.as_bytes()) {
        let line = &rest[start..start + trim_cr(&rest[start..end])];
        start = end + 1;
        if line.is_empty() {
            break;
        }
        let Some(colon) = memchr::memchr(b':', line.as_bytes()) else {
            return Err(DecodeError::MissingColon(line.chars().take(64).collect()));
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if mode == Escaping::None || memchr::memchr(b'\\', line.as_bytes()).is_none() {
            headers.push(name, value);
        } else {
            unescape_into(name, mode, headers.text_mut())?;
            let name_end = headers.text_len();
            unescape_into(value, mode, headers.text_mut())?;
            headers.close_entry(name_end);
        }
    }
    Ok(Frame {
        command,
        headers,
        body: bytes::Bytes::new(),
    })
}

fn parse_content_length(v: &str) -> Result<usize, DecodeError> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::InvalidContentLength(
            v.chars().take(32).collect(),
        ));
    }
    // A number too large for usize is certainly over any body limit.
    Ok(v.parse().unwrap_or(usize::MAX))
}
