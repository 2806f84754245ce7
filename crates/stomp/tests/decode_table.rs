//! The decoder's rules as data: each row is input bytes and the items (and the way the stream
//! ends) it must produce. Every row is run whole, one byte at a time, and split in two at every
//! position, and must give the same result each way; after every `Ok(None)` the caller's buffer
//! must hold no more than `max_frame` bytes.
//!
//! Rows marked `stompjs:` restate the edge cases of stomp-js/stompjs `spec/unit/parser.spec.js`
//! and `spec/unit/frame.spec.js` (as data, not code). Where stompjs behaves differently from the
//! STOMP 1.2 spec the row says so and asserts the spec.

use bytes::BytesMut;
use stomp::escape::UndefinedEscape;
use stomp::{Command, DecodeError, Decoder, Frame, Item, LimitKind, Limits, Version};

/// How the stream stands once all input is in.
#[derive(Debug, Clone, PartialEq)]
enum End {
    /// The decoder wants more bytes (possibly nothing is pending).
    More,
    /// The decoder failed; the stream is unusable.
    Fail(DecodeError),
}

struct Row {
    name: String,
    version: Version,
    limits: Limits,
    input: Vec<u8>,
    items: Vec<Item>,
    end: End,
}

fn row(name: impl Into<String>, input: impl AsRef<[u8]>) -> Row {
    Row {
        name: name.into(),
        version: Version::V1_2,
        limits: Limits::default(),
        input: input.as_ref().to_vec(),
        items: vec![],
        end: End::More,
    }
}

impl Row {
    fn v(mut self, version: Version) -> Self {
        self.version = version;
        self
    }
    fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    fn frame(mut self, f: Frame) -> Self {
        self.items.push(Item::Frame(f));
        self
    }
    fn hb(mut self) -> Self {
        self.items.push(Item::HeartBeat);
        self
    }
    fn fail(mut self, e: DecodeError) -> Self {
        self.end = End::Fail(e);
        self
    }
}

fn frame(command: Command, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Frame {
    let mut f = Frame::new(command).body(body.as_ref().to_vec());
    for (n, v) in headers {
        f.headers.push(n, v);
    }
    f
}

fn limit(kind: LimitKind, limit: usize) -> DecodeError {
    DecodeError::LimitExceeded { kind, limit }
}

fn bad_escape(seq: &str) -> DecodeError {
    DecodeError::UndefinedEscape(UndefinedEscape {
        sequence: seq.to_owned(),
    })
}

/// Feeds `chunks` one after another, decoding after each as a client would.
fn run(row: &Row, chunks: &[&[u8]]) -> (Vec<Item>, End) {
    let mut d = Decoder::new(row.limits);
    d.set_version(row.version);
    let mut buf = BytesMut::new();
    let mut items = vec![];
    for chunk in chunks {
        buf.extend_from_slice(chunk);
        loop {
            match d.decode(&mut buf) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {
                    assert!(
                        buf.len() <= row.limits.max_frame,
                        "{}: holding {} bytes, max_frame {}",
                        row.name,
                        buf.len(),
                        row.limits.max_frame
                    );
                    break;
                }
                Err(e) => return (items, End::Fail(e)),
            }
        }
    }
    (items, End::More)
}

fn check(rows: Vec<Row>) {
    for row in &rows {
        let expected = (row.items.clone(), row.end.clone());
        let input = &row.input[..];
        assert_eq!(run(row, &[input]), expected, "{} (whole)", row.name);
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(run(row, &bytes), expected, "{} (byte at a time)", row.name);
        // Two-piece splits everywhere, on inputs small enough for that to be quick.
        if input.len() <= 4096 {
            for at in 1..input.len() {
                let (a, b) = input.split_at(at);
                assert_eq!(run(row, &[a, b]), expected, "{} (split at {at})", row.name);
            }
        }
    }
}

use Command::*;

#[test]
fn all_fifteen_commands() {
    let rows = Command::ALL
        .iter()
        .map(|&c| row(format!("bare {c}"), format!("{c}\n\n\0")).frame(frame(c, &[], "")))
        .chain(Command::ALL.iter().map(|&c| {
            row(
                format!("{c} with a header, CRLF"),
                format!("{c}\r\nk:v\r\n\r\n\0"),
            )
            .frame(frame(c, &[("k", "v")], ""))
        }))
        .collect();
    check(rows);
}

#[test]
fn unknown_commands() {
    let unknown = |s: &str| DecodeError::UnknownCommand(s.to_owned());
    check(vec![
        // stompjs: frame.spec unmarshalls "RECEIVE" happily; it is no STOMP command.
        row("RECEIVE", "RECEIVE\nfoo:abc\n\nhello\0").fail(unknown("RECEIVE")),
        row("lower case", "send\n\n\0").fail(unknown("send")),
        row("leading space", " SEND\n\n\0").fail(unknown(" SEND")),
        row("trailing space", "SEND \n\n\0").fail(unknown("SEND ")),
        row("lone CR then text", "\rX\n\n\0").fail(unknown("\rX")),
        row("empty command after CR", "\r\r\n\n\0").fail(unknown("\r")),
        // The command line is judged as soon as it ends, not when the head is complete.
        row("incomplete unknown head", "BOGUS\nk:v\n").fail(unknown("BOGUS")),
        row("unknown command line without its head", "BOGUS\n").fail(unknown("BOGUS")),
        row("valid command, head still open", "SEND\nk:v\n"),
        row("prefix of a command, line still open", "UNSUBSCRI"),
        row("longest command, CR, line still open", "UNSUBSCRIBE\r"),
        // ... and as soon as it is longer than any command (UNSUBSCRIBE, 11 bytes).
        // Decided at the 13th byte: the 12th may be the CR of a full-length command.
        row("12 bytes and no EOL yet", "UNSUBSCRIBEX"),
        row("13 bytes and no EOL yet", "UNSUBSCRIBEXY").fail(unknown("UNSUBSCRIBEXY")),
        row("12 bytes then CRLF", "UNSUBSCRIBEX\r\n").fail(unknown("UNSUBSCRIBEX\r")),
        row("11 bytes then CR then more", "UNSUBSCRIBE\rX").fail(unknown("UNSUBSCRIBE\rX")),
    ]);
}

#[test]
fn garbage_fails_at_the_first_line_break() {
    // 2 KB of binary noise with line breaks but no blank line: before, held until a blank
    // line or a limit; now refused at the first line break (or 13 bytes, whichever first).
    let mut noise = Vec::new();
    let mut x: u32 = 0x1234_5678;
    while noise.len() < 2048 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let b = (x >> 24) as u8;
        noise.push(if noise.len() % 7 == 6 {
            b'\n'
        } else {
            b | 0x80
        });
    }
    let first_line = String::from_utf8_lossy(&noise[..6]).into_owned();
    check(vec![
        row("binary noise", &noise).fail(DecodeError::UnknownCommand(first_line)),
        row("JSON instead of a frame", "{\"type\":\"CHAT\"}\n")
            .fail(DecodeError::UnknownCommand("{\"type\":\"CHAT".into())),
        row("HTTP response", "HTTP/1.1 200 OK\r\n")
            .fail(DecodeError::UnknownCommand("HTTP/1.1 200 ".into())),
        row(
            "a frame then noise",
            "RECEIPT\nreceipt-id:1\n\n\0\x01\x02\n",
        )
        .frame(frame(Receipt, &[("receipt-id", "1")], ""))
        .fail(DecodeError::UnknownCommand("\u{1}\u{2}".into())),
    ]);
    // The first line break decides, whatever follows (nothing more is buffered).
    let mut d = Decoder::default();
    let mut buf = BytesMut::from(&b"NOISE\n"[..]);
    assert!(matches!(
        d.decode(&mut buf),
        Err(DecodeError::UnknownCommand(_))
    ));
}

#[test]
fn headers_order_repeats_and_no_trimming() {
    check(vec![
        row("order kept", "MESSAGE\nb:2\na:1\nc:3\n\n\0").frame(frame(
            Message,
            &[("b", "2"), ("a", "1"), ("c", "3")],
            "",
        )),
        // stompjs: frame.spec "only the 1st value of repeated headers is used".
        row(
            "repeats kept in order",
            "MESSAGE\nfoo:World\nfoo:Hello\n\n\0",
        )
        .frame(frame(Message, &[("foo", "World"), ("foo", "Hello")], "")),
        // stompjs: frame.spec expects "session-id: 1234" to read as "1234" — it trims keys and
        // values (FrameImpl.fromRawFrame). The spec says spaces are part of the header.
        row("spaces kept", "CONNECTED\nsession-id: 1234\n\n\0").frame(frame(
            Connected,
            &[("session-id", " 1234")],
            "",
        )),
        row(
            "spaces around name and value",
            "MESSAGE\n key : value \n\n\0",
        )
        .frame(frame(Message, &[(" key ", " value ")], "")),
        row("tab kept", "MESSAGE\nk:\tv\t\n\n\0").frame(frame(Message, &[("k", "\tv\t")], "")),
        // stompjs: parser.spec "handles header with empty value".
        row(
            "empty value",
            "MESSAGE\ndestination:foo\nhdr:\nmessage-id:456\n\n\0",
        )
        .frame(frame(
            Message,
            &[("destination", "foo"), ("hdr", ""), ("message-id", "456")],
            "",
        )),
        row("empty name", "MESSAGE\n:v\n\n\0").frame(frame(Message, &[("", "v")], "")),
        row("empty name and value", "MESSAGE\n:\n\n\0").frame(frame(Message, &[("", "")], "")),
        // stompjs: parser.spec "handles header value with :" (unescaped colons after the first).
        row(
            "colons in value",
            "MESSAGE\ndestination:foo:bar:baz\nmessage-id:456\n\n\0",
        )
        .frame(frame(
            Message,
            &[("destination", "foo:bar:baz"), ("message-id", "456")],
            "",
        )),
        row("line without colon", "MESSAGE\nfoo\n\n\0")
            .fail(DecodeError::MissingColon("foo".into())),
        row("colon only in a later line", "MESSAGE\nfoo\nk:v\n\n\0")
            .fail(DecodeError::MissingColon("foo".into())),
    ]);
}

#[test]
fn escaping_per_version_and_command() {
    check(vec![
        row("1.2 all four", "MESSAGE\nk\\c\\\\:a\\nb\\rc\\cd\n\n\0")
            .frame(frame(Message, &[("k:\\", "a\nb\rc:d")], "")),
        row("1.2 CR at end of value", "MESSAGE\nk:v\\r\r\n\r\n\0")
            .frame(frame(Message, &[("k", "v\r")], "")),
        // stompjs: frame.spec "unmarshall should support \\, \\n and \\r in header values".
        row(
            "stompjs escaped destination",
            "MESSAGE\ndestination:f\\co\\co\\nbar\\rbaz\\\\foo\\nbar\\rbaz\\\\\nmessage-id:456\n\n\0",
        )
        .frame(frame(
            Message,
            &[
                ("destination", "f:o:o\nbar\rbaz\\foo\nbar\rbaz\\"),
                ("message-id", "456"),
            ],
            "",
        )),
        // stompjs unescapes with successive replaces (\r, then \n, then \c, then \\), so the
        // escaped backslash in `\\n` has its `\n` turned into a line break. It is `\` + `n`.
        row("escaped backslash then n", "MESSAGE\nk:\\\\n\n\n\0")
            .frame(frame(Message, &[("k", "\\n")], "")),
        row("escaped backslash then c", "MESSAGE\nk:\\\\c\n\n\0")
            .frame(frame(Message, &[("k", "\\c")], "")),
        row("undefined \\t", "MESSAGE\nk:a\\tb\n\n\0").fail(bad_escape("\\t")),
        row("undefined in name", "MESSAGE\n\\x:v\n\n\0").fail(bad_escape("\\x")),
        row("trailing backslash", "MESSAGE\nk:ab\\\n\n\0").fail(bad_escape("\\")),
        row("trailing backslash in name", "MESSAGE\nk\\:v\n\n\0").fail(bad_escape("\\")),
        row("undefined multibyte", "MESSAGE\nk:\\é\n\n\0").fail(bad_escape("\\é")),
        // 1.1 has no \r escape.
        row("1.1 three escapes", "MESSAGE\nk:a\\nb\\cc\\\\d\n\n\0")
            .v(Version::V1_1)
            .frame(frame(Message, &[("k", "a\nb:c\\d")], "")),
        row("1.1 \\r undefined", "MESSAGE\nk:a\\rb\n\n\0")
            .v(Version::V1_1)
            .fail(bad_escape("\\r")),
        // 1.0 has no escaping: backslashes are bytes.
        row("1.0 literal", "MESSAGE\nk:a\\nb\\tc\\\n\n\0")
            .v(Version::V1_0)
            .frame(frame(Message, &[("k", "a\\nb\\tc\\")], "")),
        // CONNECT, STOMP and CONNECTED are never escaped.
        row("CONNECTED literal", "CONNECTED\nk:a\\nb\\t\n\n\0")
            .frame(frame(Connected, &[("k", "a\\nb\\t")], "")),
        row("CONNECT literal", "CONNECT\npasscode:p\\w:d\n\n\0")
            .frame(frame(Connect, &[("passcode", "p\\w:d")], "")),
        row("STOMP literal", "STOMP\nlogin:a\\c\n\n\0")
            .frame(frame(Stomp, &[("login", "a\\c")], "")),
    ]);
}

#[test]
fn bodies() {
    let mut binary = Vec::new();
    for _ in 0..4 {
        binary.extend(0u8..=255);
    }
    let mut binary_wire =
        b"SEND\ndestination:foo\nmessage-id:456\ncontent-length:1024\n\n".to_vec();
    binary_wire.extend(&binary);
    binary_wire.push(0);
    check(vec![
        // stompjs: parser.spec "parses a Frame with body" and "without headers".
        row(
            "body to NUL",
            "MESSAGE\ndestination:bar\nmessage-id:203\n\nHello World\0",
        )
        .frame(frame(
            Message,
            &[("destination", "bar"), ("message-id", "203")],
            "Hello World",
        )),
        row("no headers, body", "MESSAGE\n\nHello World\0").frame(frame(
            Message,
            &[],
            "Hello World",
        )),
        // stompjs: frame.spec "unmarshall should not include the null byte in the body".
        row("body ending in LF", "MESSAGE\n\nAnd the newline\n\0").frame(frame(
            Message,
            &[],
            "And the newline\n",
        )),
        row("body starting with LF", "SEND\n\n\nx\0").frame(frame(Send, &[], "\nx")),
        row("body of CRLFs", "SEND\n\n\r\n\r\n\0").frame(frame(Send, &[], "\r\n\r\n")),
        // Without content-length the body stops at the first NUL; what follows is a new frame.
        row("second NUL starts next frame", "SEND\n\nhello\0world\0").frame(frame(
            Send,
            &[],
            "hello",
        )),
        row(
            "content-length with NULs inside",
            "SEND\ncontent-length:5\n\na\0b\0c\0",
        )
        .frame(frame(Send, &[("content-length", "5")], "a\0b\0c")),
        // stompjs: parser.spec "handles non binary octets in body": 0..=255 four times.
        row("all octets", &binary_wire).frame(frame(
            Send,
            &[
                ("destination", "foo"),
                ("message-id", "456"),
                ("content-length", "1024"),
            ],
            &binary,
        )),
        row("content-length 0", "SEND\ncontent-length:0\n\n\0").frame(frame(
            Send,
            &[("content-length", "0")],
            "",
        )),
        row(
            "content-length leading zeros",
            "SEND\ncontent-length:003\n\nabc\0",
        )
        .frame(frame(Send, &[("content-length", "003")], "abc")),
        row(
            "first content-length wins",
            "SEND\ncontent-length:1\ncontent-length:3\n\na\0",
        )
        .frame(frame(
            Send,
            &[("content-length", "1"), ("content-length", "3")],
            "a",
        )),
        row("missing NUL after body", "SEND\ncontent-length:2\n\nabc\0")
            .fail(DecodeError::MissingNul(2)),
        row(
            "missing NUL after empty body",
            "SEND\ncontent-length:0\n\nx\0",
        )
        .fail(DecodeError::MissingNul(0)),
        row("body not complete yet", "SEND\ncontent-length:10\n\nabc"),
        row("body without NUL yet", "SEND\n\nabc"),
        // The decoder is lenient about bodies on frames that should not have one.
        row("body on SUBSCRIBE", "SUBSCRIBE\nid:0\n\nx\0").frame(frame(
            Subscribe,
            &[("id", "0")],
            "x",
        )),
    ]);
}

#[test]
fn invalid_content_lengths() {
    let rows = [
        "", "abc", "-1", " 5", "5 ", "+5", "0x10", "1e3", "1.0", "٣", "5\t",
    ]
    .iter()
    .map(|v| {
        row(
            format!("content-length {v:?}"),
            format!("SEND\ncontent-length:{v}\n\nhello\0"),
        )
        .fail(DecodeError::InvalidContentLength((*v).to_owned()))
    })
    .collect();
    check(rows);
}

#[test]
fn line_endings_and_heart_beats() {
    let m = || {
        frame(
            Message,
            &[("destination", "foo"), ("message-id", "456")],
            "",
        )
    };
    check(vec![
        // stompjs: parser.spec "ignores CR while parsing a Frame with body".
        row(
            "CRLF throughout",
            "MESSAGE\r\ndestination:bar\r\nmessage-id:203\r\n\r\nHello World\0",
        )
        .frame(frame(
            Message,
            &[("destination", "bar"), ("message-id", "203")],
            "Hello World",
        )),
        row(
            "mixed LF then CRLF",
            "MESSAGE\ndestination:foo\r\nmessage-id:456\n\r\n\0",
        )
        .frame(m()),
        row(
            "mixed CRLF then LF",
            "MESSAGE\r\ndestination:foo\nmessage-id:456\r\n\n\0",
        )
        .frame(m()),
        row("blank line of CR LF", "SEND\n\r\n\0").frame(frame(Send, &[], "")),
        // stompjs: parser.spec "recognizes incoming pings": one before the frame, two after.
        row(
            "pings",
            "\nMESSAGE\ndestination:foo\nmessage-id:456\n\n\0\n\n",
        )
        .hb()
        .frame(m())
        .hb()
        .hb(),
        // stompjs: parser.spec "ignores CR in incoming pings".
        row(
            "CRLF pings",
            "\r\nMESSAGE\r\ndestination:foo\r\nmessage-id:456\r\n\r\n\0\r\n\r\n",
        )
        .hb()
        .frame(m())
        .hb()
        .hb(),
        row("mixed pings", "\n\r\n\nSEND\n\n\0\r\n\n")
            .hb()
            .hb()
            .hb()
            .frame(frame(Send, &[], ""))
            .hb()
            .hb(),
        row("only pings", "\n\n\n").hb().hb().hb(),
        row("lone CR waits", "\n\r").hb(),
        row("EOL after NUL is a ping", "SEND\n\nx\0\nSEND\n\ny\0")
            .frame(frame(Send, &[], "x"))
            .hb()
            .frame(frame(Send, &[], "y")),
    ]);
}

#[test]
fn several_frames_in_one_chunk() {
    let m1 = frame(
        Message,
        &[("destination", "foo"), ("message-id", "456")],
        "",
    );
    let m2 = frame(
        Message,
        &[("destination", "bar"), ("message-id", "203")],
        "Hello World",
    );
    check(vec![
        // stompjs: parser.spec "parses multiple frames in single chunk".
        row(
            "two messages",
            "MESSAGE\ndestination:foo\nmessage-id:456\n\n\0MESSAGE\ndestination:bar\nmessage-id:203\n\nHello World\0",
        )
        .frame(m1.clone())
        .frame(m2.clone()),
        row(
            "three with content-length and a ping, last incomplete",
            "SEND\ncontent-length:1\n\n\0\0\nRECEIPT\nreceipt-id:7\n\n\0ERROR\nmessage:x\n\npart",
        )
        .frame(frame(Send, &[("content-length", "1")], "\0"))
        .hb()
        .frame(frame(Receipt, &[("receipt-id", "7")], "")),
    ]);
}

#[test]
fn utf8() {
    check(vec![
        row("Cyrillic and emoji", "MESSAGE\nпривет:мир🙂\n\nПривет 🙂\0").frame(frame(
            Message,
            &[("привет", "мир🙂")],
            "Привет 🙂",
        )),
        row(
            "content-length counts bytes",
            "SEND\ncontent-length:17\n\nПривет 🙂\0",
        )
        .frame(frame(Send, &[("content-length", "17")], "Привет 🙂")),
        row(
            "escaped colon next to multibyte",
            "MESSAGE\nя\\cя:🙂\\n🙂\n\n\0",
        )
        .frame(frame(Message, &[("я:я", "🙂\n🙂")], "")),
        row("invalid UTF-8 in value", b"MESSAGE\nk:\xff\n\n\0").fail(DecodeError::InvalidUtf8),
        row("invalid UTF-8 in name", b"MESSAGE\n\xc3:v\n\n\0").fail(DecodeError::InvalidUtf8),
        // Not a command either: refused as soon as its line ends.
        row("invalid UTF-8 in command", b"MESS\xffAGE\n\n\0")
            .fail(DecodeError::UnknownCommand("MESS\u{fffd}AGE".into())),
        row("truncated emoji in value", b"MESSAGE\nk:\xf0\x9f\x99\n\n\0")
            .fail(DecodeError::InvalidUtf8),
        row("invalid UTF-8 in body is fine", b"MESSAGE\n\n\xff\xfe\0").frame(frame(
            Message,
            &[],
            b"\xff\xfe",
        )),
    ]);
}

#[test]
fn body_text_of_invalid_utf8_errs() {
    let mut d = Decoder::default();
    let mut buf = BytesMut::from(&b"MESSAGE\n\n\xf0\x9f\x99\0MESSAGE\n\n\xf0\x9f\x99\x82\0"[..]);
    let Some(Item::Frame(bad)) = d.decode(&mut buf).unwrap() else {
        panic!("expected a frame")
    };
    assert_eq!(&bad.body[..], b"\xf0\x9f\x99");
    assert!(bad.body_text().is_err());
    let Some(Item::Frame(good)) = d.decode(&mut buf).unwrap() else {
        panic!("expected a frame")
    };
    assert_eq!(good.body_text(), Ok("🙂"));
}

#[test]
fn first_repeated_header_wins_on_lookup() {
    let mut d = Decoder::default();
    let mut buf = BytesMut::from("MESSAGE\nfoo:World\nfoo:Hello\n\n\0");
    let Some(Item::Frame(f)) = d.decode(&mut buf).unwrap() else {
        panic!("expected a frame")
    };
    assert_eq!(f.get("foo"), Some("World"));
    assert_eq!(
        f.headers.get_all("foo").collect::<Vec<_>>(),
        ["World", "Hello"]
    );
}

/// Small enough to reach every limit with short rows.
const SMALL: Limits = Limits {
    max_headers: 2,
    max_header_line: 16,
    max_body: 8,
    max_frame: 64,
};

/// A line limit below the longest command.
const TINY_LINE: Limits = Limits {
    max_headers: 8,
    max_header_line: 8,
    max_body: 1024,
    max_frame: 1024,
};

/// A frame limit below what the others allow, so it is the one that trips.
const FRAME: Limits = Limits {
    max_headers: 8,
    max_header_line: 32,
    max_body: 1024,
    max_frame: 64,
};

#[test]
fn limits() {
    let line = |n: usize| format!("k:{}", "v".repeat(n - 2));
    check(vec![
        row("two headers fit", "SEND\na:1\nb:2\n\n\0")
            .limits(SMALL)
            .frame(frame(Send, &[("a", "1"), ("b", "2")], "")),
        row("three headers", "SEND\na:1\nb:2\nc:3\n\n\0")
            .limits(SMALL)
            .fail(limit(LimitKind::HeaderCount, 2)),
        row("line of 16 fits", format!("SEND\n{}\n\n\0", line(16)))
            .limits(SMALL)
            .frame(frame(Send, &[("k", &"v".repeat(14))], "")),
        row(
            "line of 16 plus CRLF fits",
            format!("SEND\r\n{}\r\n\r\n\0", line(16)),
        )
        .limits(SMALL)
        .frame(frame(Send, &[("k", &"v".repeat(14))], "")),
        row("line of 17", format!("SEND\n{}\n\n\0", line(17)))
            .limits(SMALL)
            .fail(limit(LimitKind::HeaderLineLength, 16)),
        row("line of 17 then CR", format!("SEND\n{}\r\n\n\0", line(17)))
            .limits(SMALL)
            .fail(limit(LimitKind::HeaderLineLength, 16)),
        // Longer than any command: refused at its 13th byte, before the line limit.
        row("command line too long", "ABCDEFGHIJKLMNOPQ\n\n\0")
            .limits(SMALL)
            .fail(DecodeError::UnknownCommand("ABCDEFGHIJKLM".into())),
        // A line limit below the longest command trips first, as soon as it is passed.
        row("command line over a tiny line limit", "CONNECTED\n\n\0")
            .limits(TINY_LINE)
            .fail(limit(LimitKind::HeaderLineLength, 8)),
        row("endless command line, tiny line limit", "X".repeat(200))
            .limits(TINY_LINE)
            .fail(limit(LimitKind::HeaderLineLength, 8)),
        row("command of 8 fits a tiny line limit", "RECEIPT\n\n\0")
            .limits(TINY_LINE)
            .frame(frame(Receipt, &[], "")),
        row("endless line", format!("SEND\nk:{}", "v".repeat(200)))
            .limits(SMALL)
            .fail(limit(LimitKind::HeaderLineLength, 16)),
        row("endless command line", "X".repeat(200))
            .limits(SMALL)
            .fail(DecodeError::UnknownCommand("X".repeat(13))),
        row("body of 8 fits", "SEND\n\n12345678\0")
            .limits(SMALL)
            .frame(frame(Send, &[], "12345678")),
        row("body of 9", "SEND\n\n123456789\0")
            .limits(SMALL)
            .fail(limit(LimitKind::BodySize, 8)),
        row("endless body", format!("SEND\n\n{}", "x".repeat(200)))
            .limits(SMALL)
            .fail(limit(LimitKind::BodySize, 8)),
        row(
            "content-length 8 fits",
            "SEND\ncontent-length:8\n\n123\x005678\0",
        )
        .limits(SMALL)
        .frame(frame(Send, &[("content-length", "8")], "123\x005678")),
        // Refused as soon as the header is read: not one byte of the body has arrived.
        row(
            "content-length 9, no body yet",
            "SEND\ncontent-length:9\n\n",
        )
        .limits(SMALL)
        .fail(limit(LimitKind::BodySize, 8)),
        row(
            "content-length beyond usize",
            "SEND\ncontent-length:99999999999999999999999999\n\n",
        )
        .fail(limit(LimitKind::BodySize, Limits::default().max_body)),
        row(
            "content-length 8 GiB",
            "SEND\ncontent-length:8589934592\n\n",
        )
        .fail(limit(LimitKind::BodySize, Limits::default().max_body)),
        // Frame size: command to NUL inclusive.
        row(
            "frame of exactly 64",
            format!("SEND\n\n{}\0", "x".repeat(57)),
        )
        .limits(FRAME)
        .frame(frame(Send, &[], "x".repeat(57))),
        row("frame of 65", format!("SEND\n\n{}\0", "x".repeat(58)))
            .limits(FRAME)
            .fail(limit(LimitKind::FrameSize, 64)),
        row(
            "endless body, frame limit",
            format!("SEND\n\n{}", "x".repeat(500)),
        )
        .limits(FRAME)
        .fail(limit(LimitKind::FrameSize, 64)),
        row(
            "content-length fills 64",
            format!("SEND\ncontent-length:39\n\n{}\0", "x".repeat(39)),
        )
        .limits(FRAME)
        .frame(frame(Send, &[("content-length", "39")], "x".repeat(39))),
        row("content-length one over", "SEND\ncontent-length:40\n\n")
            .limits(FRAME)
            .fail(limit(LimitKind::FrameSize, 64)),
        row(
            "head alone too big",
            format!("SEND\n{}\n{}\n{}\n\n\0", line(30), line(30), line(30)),
        )
        .limits(FRAME)
        .fail(limit(LimitKind::FrameSize, 64)),
        // Regression (fuzz): a line too long *and* past the frame limit must name the limit
        // crossed first in the stream, however the bytes were chunked.
        row(
            "frame limit crossed before line limit",
            format!("SEND\n{}\n{}\n\n\0", line(30), "k:".repeat(40)),
        )
        .limits(FRAME)
        .fail(limit(LimitKind::FrameSize, 64)),
        row(
            "line limit crossed before frame limit",
            format!("SEND\n{}\n\n\0", "k:".repeat(40)),
        )
        .limits(FRAME)
        .fail(limit(LimitKind::HeaderLineLength, 32)),
        row(
            "body crossing both limits names the frame's, crossed first",
            format!("SEND\n{}\n\n{}\0", line(30), "x".repeat(100)),
        )
        .limits(Limits {
            max_body: 40,
            ..FRAME
        })
        .fail(limit(LimitKind::FrameSize, 64)),
        row(
            "body crossing both limits names the body's, crossed first",
            format!("SEND\n\n{}\0", "x".repeat(100)),
        )
        .limits(Limits {
            max_body: 40,
            ..FRAME
        })
        .fail(limit(LimitKind::BodySize, 40)),
        row(
            "header count at the same line as frame limit",
            "SEND\na:1\nb:2\nc:3\n\n\0",
        )
        .limits(Limits {
            max_headers: 2,
            max_frame: 16,
            ..FRAME
        })
        .fail(limit(LimitKind::HeaderCount, 2)),
        // A limit error is final even when heart-beats and whole frames came first.
        row("frames then a limit", "\nSEND\n\nok\0\nSEND\n\n123456789\0")
            .limits(SMALL)
            .hb()
            .frame(frame(Send, &[], "ok"))
            .hb()
            .fail(limit(LimitKind::BodySize, 8)),
    ]);
}

/// Default limits with megabytes arriving: the error comes at the limit, and the buffer never
/// grows past it.
#[test]
fn default_limits_stop_endless_streams() {
    for (name, head, kind) in [
        ("body", &b"SEND\n\n"[..], LimitKind::BodySize),
        ("header line", &b"SEND\nk:"[..], LimitKind::HeaderLineLength),
    ] {
        let limits = Limits::default();
        let mut d = Decoder::new(limits);
        let mut buf = BytesMut::from(head);
        let chunk = [b'x'; 4096];
        let mut fed = head.len();
        let err = loop {
            match d.decode(&mut buf) {
                Ok(None) => {
                    assert!(buf.len() <= limits.max_frame, "{name}: {} held", buf.len());
                    assert!(fed < 2 * limits.max_frame, "{name}: never failed");
                    buf.extend_from_slice(&chunk);
                    fed += chunk.len();
                }
                Ok(Some(item)) => panic!("{name}: unexpected {item:?}"),
                Err(e) => break e,
            }
        };
        let DecodeError::LimitExceeded { kind: got, .. } = err else {
            panic!("{name}: {err:?}")
        };
        assert_eq!(got, kind, "{name}");
    }
}

#[test]
fn decoder_is_reusable_after_reset() {
    let mut d = Decoder::new(SMALL);
    let mut buf = BytesMut::from("SEND\nk:");
    assert_eq!(d.decode(&mut buf), Ok(None));
    d.reset();
    let mut buf = BytesMut::from("SEND\n\nok\0");
    assert_eq!(
        d.decode(&mut buf),
        Ok(Some(Item::Frame(frame(Send, &[], "ok"))))
    );
}
