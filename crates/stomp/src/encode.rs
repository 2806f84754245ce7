//! Frames to bytes.
//!
//! The encoder writes its own `content-length` for every non-empty body (dropping any the
//! caller set, which could only disagree with the body), escapes headers as the version and
//! command require, and refuses what cannot be represented rather than corrupting the stream.

use crate::error::EncodeError;
use crate::escape::{escape_into, Escaping};
use crate::frame::{Command, Frame};
use crate::version::Version;

/// Appends the wire form of `frame` for `version` to `out`. On error `out` is unchanged.
pub fn encode(frame: &Frame, version: Version, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    encode_parts(
        frame.command,
        frame.headers.iter(),
        &frame.body,
        version,
        out,
    )
}

/// [`encode`] from the parts of a frame, so that a frame written once (a SEND straight from
/// its request) need not be assembled first. `headers` is walked up to three times.
pub(crate) fn encode_parts<'h, H>(
    command: Command,
    headers: H,
    body: &[u8],
    version: Version,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError>
where
    H: Iterator<Item = (&'h str, &'h str)> + Clone,
{
    let mode = Escaping::for_frame(version, command);
    if !body.is_empty() && !command.allows_body() {
        return Err(EncodeError::BodyNotAllowed(command));
    }
    if mode != Escaping::V1_2 {
        for (name, value) in headers.clone() {
            if !representable(name, value, mode) {
                return Err(EncodeError::Unencodable {
                    name: name.to_owned(),
                });
            }
        }
    }
    let header_bytes: usize = headers.clone().map(|(n, v)| n.len() + v.len() + 2).sum();
    out.reserve(command.as_str().len() + header_bytes + body.len() + 32);
    out.extend_from_slice(command.as_str().as_bytes());
    out.push(b'\n');
    for (name, value) in headers {
        if name == "content-length" {
            continue;
        }
        escape_into(name, mode, out);
        out.push(b':');
        escape_into(value, mode, out);
        out.push(b'\n');
    }
    if !body.is_empty() {
        out.extend_from_slice(b"content-length:");
        let mut digits = itoa_buf(body.len());
        out.extend_from_slice(digits.as_bytes_mut());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out.push(0);
    Ok(())
}

/// Whether a header survives the trip through a peer's decoder in a mode weaker than 1.2.
fn representable(name: &str, value: &str, mode: Escaping) -> bool {
    match mode {
        // Nothing is escaped: a line break would end the line, a colon in the name split it.
        Escaping::None => {
            let breaks = |s: &str| s.bytes().any(|b| b == b'\n' || b == b'\r');
            !breaks(name) && !breaks(value) && !name.contains(':')
        }
        // 1.1 cannot escape CR, and a CR ending the value would be read as part of a CRLF.
        Escaping::V1_1 => !value.ends_with('\r'),
        Escaping::V1_2 => true,
    }
}

/// The wire form of `frame` as a new buffer.
pub fn encode_to_vec(frame: &Frame, version: Version) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    encode(frame, version, &mut out)?;
    Ok(out)
}

/// Splits an encoded frame into pieces of at most `max_message` bytes, one per WebSocket
/// message. STOMP over WebSocket lets a frame span messages; Spring reassembles them, and an
/// untuned Spring app on Tomcat closes the socket on a single text message over 16 KiB.
/// `max_message == 0` means "do not split".
///
/// A frame that is valid UTF-8 is cut only between characters, so every piece is valid
/// UTF-8 and can go as a text message; only a character longer than `max_message` itself
/// (possible below 4) is cut inside. Any other frame is cut at byte boundaries (send its
/// pieces as binary messages).
pub fn split_message(encoded: &[u8], max_message: usize) -> Pieces<'_> {
    let max = if max_message == 0 {
        encoded.len().max(1)
    } else {
        max_message
    };
    Pieces {
        rest: encoded,
        max,
        text: max < encoded.len() && std::str::from_utf8(encoded).is_ok(),
    }
}

/// The pieces of [`split_message`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    rest: &'a [u8],
    max: usize,
    /// Cut between characters.
    text: bool,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let mut end = self.max.min(self.rest.len());
        if self.text && end < self.rest.len() {
            // Back up to the start of the character the cut would fall into; a UTF-8
            // character is at most 4 bytes, so at most 3 steps.
            let boundary = (end.saturating_sub(3)..=end)
                .rev()
                .find(|&i| !is_continuation(self.rest[i]));
            match boundary {
                Some(b) if b > 0 => end = b,
                // One character longer than a whole piece: it has to be cut.
                _ => {}
            }
        }
        let (piece, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(piece)
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0b1100_0000 == 0b1000_0000
}

pub(crate) struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    pub(crate) fn as_bytes_mut(&mut self) -> &[u8] {
        &self.buf[self.start..]
    }
}

pub(crate) fn itoa_buf(mut n: usize) -> Digits {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    Digits { buf, start: i }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Command;

    fn enc(f: &Frame, v: Version) -> String {
        String::from_utf8(encode_to_vec(f, v).unwrap()).unwrap()
    }

    #[test]
    fn send_with_body_gets_content_length() {
        let f = Frame::new(Command::Send)
            .header("destination", "/app/chat")
            .header("content-type", "text/plain")
            .body("Привет всем!");
        assert_eq!(
            enc(&f, Version::V1_2),
            "SEND\ndestination:/app/chat\ncontent-type:text/plain\ncontent-length:22\n\nПривет всем!\0"
        );
    }

    #[test]
    fn empty_body_has_no_content_length() {
        let f = Frame::new(Command::Subscribe)
            .header("id", "0")
            .header("destination", "/topic/a");
        assert_eq!(
            enc(&f, Version::V1_2),
            "SUBSCRIBE\nid:0\ndestination:/topic/a\n\n\0"
        );
    }

    #[test]
    fn callers_content_length_is_replaced() {
        let f = Frame::new(Command::Send)
            .header("content-length", "999")
            .body("abc");
        assert_eq!(enc(&f, Version::V1_2), "SEND\ncontent-length:3\n\nabc\0");
    }

    #[test]
    fn headers_escaped_per_version_but_not_in_connect() {
        let f = Frame::new(Command::Send).header("a:b", "c\nd\re\\");
        assert_eq!(enc(&f, Version::V1_2), "SEND\na\\cb:c\\nd\\re\\\\\n\n\0");
        assert_eq!(enc(&f, Version::V1_1), "SEND\na\\cb:c\\nd\re\\\\\n\n\0");
        let trailing_cr = Frame::new(Command::Send).header("k", "v\r");
        assert_eq!(
            encode_to_vec(&trailing_cr, Version::V1_1),
            Err(EncodeError::Unencodable { name: "k".into() })
        );
        assert_eq!(enc(&trailing_cr, Version::V1_2), "SEND\nk:v\\r\n\n\0");
        assert!(matches!(
            encode_to_vec(&f, Version::V1_0),
            Err(EncodeError::Unencodable { .. })
        ));
        let c = Frame::new(Command::Connect).header("passcode", "p:w\\d");
        assert_eq!(enc(&c, Version::V1_2), "CONNECT\npasscode:p:w\\d\n\n\0");
        let bad = Frame::new(Command::Connect).header("login", "a\nb");
        assert!(encode_to_vec(&bad, Version::V1_2).is_err());
    }

    #[test]
    fn body_only_where_allowed() {
        let f = Frame::new(Command::Subscribe).body("x");
        assert_eq!(
            encode_to_vec(&f, Version::V1_2),
            Err(EncodeError::BodyNotAllowed(Command::Subscribe))
        );
    }

    #[test]
    fn binary_body_with_nuls() {
        let f = Frame::new(Command::Send).body(&b"a\0b\0"[..]);
        assert_eq!(
            encode_to_vec(&f, Version::V1_2).unwrap(),
            b"SEND\ncontent-length:4\n\na\0b\0\0"
        );
    }

    #[test]
    fn split_utf8_between_characters() {
        // (text, max, expected piece lengths)
        let table: [(&str, usize, &[usize]); 7] = [
            ("abcdefghij", 4, &[4, 4, 2]),
            // "é" is 2 bytes: a cut after 3 bytes would fall inside the second one.
            ("éééé", 3, &[2, 2, 2, 2]),
            ("éééé", 4, &[4, 4]),
            ("aé", 2, &[1, 2]),
            // 4-byte characters and a max below their length: cut inside, nothing lost.
            ("😀😀", 5, &[4, 4]),
            ("😀", 3, &[3, 1]),
            ("Привет", 0, &[12]),
        ];
        for (text, max, lens) in table {
            let pieces: Vec<&[u8]> = split_message(text.as_bytes(), max).collect();
            let got: Vec<usize> = pieces.iter().map(|p| p.len()).collect();
            assert_eq!(got, lens, "{text:?} / {max}");
            if max >= 4 || max == 0 {
                assert!(pieces.iter().all(|p| std::str::from_utf8(p).is_ok()));
            }
        }
    }

    #[test]
    fn split_non_utf8_at_bytes() {
        // 0xC3 starts a 2-byte character but 0xFF makes the whole frame invalid UTF-8.
        let data = [b'a', 0xC3, 0xA9, 0xC3, 0xA9, 0xFF];
        let parts: Vec<_> = split_message(&data, 2).map(<[u8]>::len).collect();
        assert_eq!(parts, [2, 2, 2]);
    }

    #[test]
    fn split_into_messages() {
        let data = [1u8; 10];
        let parts: Vec<_> = split_message(&data, 4).map(<[u8]>::len).collect();
        assert_eq!(parts, [4, 4, 2]);
        assert_eq!(split_message(&data, 0).count(), 1);
        assert_eq!(split_message(&[], 0).count(), 0);
    }

    #[test]
    fn digits() {
        for n in [0usize, 7, 10, 65536, usize::MAX] {
            assert_eq!(itoa_buf(n).as_bytes_mut(), n.to_string().as_bytes());
        }
    }
}
