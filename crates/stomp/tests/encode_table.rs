//! The encoder's rules as data: each row is a frame, a version and the exact wire bytes (or the
//! error) it must give. Every row that encodes is also decoded back, which must give the frame
//! with `content-length` as the encoder writes it (its own, last, for non-empty bodies only).
//!
//! Rows marked `stompjs:` restate cases of stomp-js/stompjs `spec/unit/frame.spec.js`.

use bytes::BytesMut;
use stomp::{encode_to_vec, Command, Decoder, EncodeError, Frame, Item, Version};

use Command::*;
use Version::*;

fn frame(command: Command, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Frame {
    let mut f = Frame::new(command).body(body.as_ref().to_vec());
    for (n, v) in headers {
        f.headers.push(n, v);
    }
    f
}

struct Row {
    name: String,
    frame: Frame,
    version: Version,
    expected: Result<Vec<u8>, EncodeError>,
}

fn ok(name: impl Into<String>, frame: Frame, version: Version, wire: impl AsRef<[u8]>) -> Row {
    Row {
        name: name.into(),
        frame,
        version,
        expected: Ok(wire.as_ref().to_vec()),
    }
}

fn err(name: impl Into<String>, frame: Frame, version: Version, e: EncodeError) -> Row {
    Row {
        name: name.into(),
        frame,
        version,
        expected: Err(e),
    }
}

fn unencodable(name: &str) -> EncodeError {
    EncodeError::Unencodable {
        name: name.to_owned(),
    }
}

/// What decoding the encoder's output gives back.
fn as_sent(frame: &Frame) -> Frame {
    let mut f = frame.clone();
    f.headers.remove("content-length");
    if !f.body.is_empty() {
        f.headers.push("content-length", &f.body.len().to_string());
    }
    f
}

fn check(rows: Vec<Row>) {
    for row in rows {
        let got = encode_to_vec(&row.frame, row.version);
        assert_eq!(
            got.as_ref()
                .map(|w| String::from_utf8_lossy(w).into_owned()),
            row.expected
                .as_ref()
                .map(|w| String::from_utf8_lossy(w).into_owned()),
            "{}",
            row.name
        );
        assert_eq!(got, row.expected, "{} (bytes)", row.name);
        let Ok(wire) = got else { continue };
        let mut d = Decoder::default();
        d.set_version(row.version);
        let mut buf = BytesMut::from(&wire[..]);
        assert_eq!(
            d.decode(&mut buf),
            Ok(Some(Item::Frame(as_sent(&row.frame)))),
            "{} (decoded back)",
            row.name
        );
        assert!(buf.is_empty(), "{}: bytes left over", row.name);
    }
}

#[test]
fn every_command_in_every_version() {
    let mut rows = vec![];
    for c in Command::ALL {
        for v in Version::ALL {
            rows.push(ok(
                format!("bare {c} {v}"),
                Frame::new(c),
                v,
                format!("{c}\n\n\0"),
            ));
            rows.push(ok(
                format!("{c} {v} with a header"),
                frame(c, &[("id", "0")], ""),
                v,
                format!("{c}\nid:0\n\n\0"),
            ));
        }
    }
    check(rows);
}

#[test]
fn bodies_only_where_allowed() {
    let mut rows = vec![];
    for c in Command::ALL {
        let f = frame(c, &[], "x");
        if c.allows_body() {
            rows.push(ok(
                format!("{c} body"),
                f,
                V1_2,
                format!("{c}\ncontent-length:1\n\nx\0"),
            ));
        } else {
            rows.push(err(
                format!("{c} body"),
                f,
                V1_2,
                EncodeError::BodyNotAllowed(c),
            ));
        }
    }
    check(rows);
}

#[test]
fn headers_and_content_length() {
    check(vec![
        ok(
            "order and repeats kept",
            frame(Send, &[("foo", "World"), ("bar", ""), ("foo", "Hello")], ""),
            V1_2,
            "SEND\nfoo:World\nbar:\nfoo:Hello\n\n\0",
        ),
        ok(
            "spaces kept",
            frame(Send, &[(" k ", " v ")], ""),
            V1_2,
            "SEND\n k : v \n\n\0",
        ),
        // stompjs: frame.spec "marshall a CONNECT frame".
        ok(
            "stompjs CONNECT",
            frame(
                Connect,
                &[("login", "jmesnil"), ("passcode", "wombats")],
                "",
            ),
            V1_2,
            "CONNECT\nlogin:jmesnil\npasscode:wombats\n\n\0",
        ),
        // stompjs: frame.spec "marshall a SEND frame". (stompjs can also leave content-length out
        // on request; we always send it, so a body can never be cut at a NUL.)
        ok(
            "stompjs SEND",
            frame(Send, &[("destination", "/queue/test")], "hello, world!"),
            V1_2,
            "SEND\ndestination:/queue/test\ncontent-length:13\n\nhello, world!\0",
        ),
        ok(
            "caller's content-length replaced, all of them",
            frame(
                Send,
                &[
                    ("content-length", "99"),
                    ("k", "v"),
                    ("content-length", "x"),
                ],
                "abc",
            ),
            V1_2,
            "SEND\nk:v\ncontent-length:3\n\nabc\0",
        ),
        ok(
            "content-length dropped when there is no body",
            frame(Subscribe, &[("content-length", "0"), ("id", "1")], ""),
            V1_2,
            "SUBSCRIBE\nid:1\n\n\0",
        ),
        ok(
            "NULs in body",
            frame(Message, &[], b"\0a\0"),
            V1_2,
            b"MESSAGE\ncontent-length:3\n\n\0a\0\0",
        ),
        ok(
            "content-length in bytes, multibyte",
            frame(Send, &[("заголовок", "значение🙂")], "Привет 🙂"),
            V1_2,
            "SEND\nзаголовок:значение🙂\ncontent-length:17\n\nПривет 🙂\0",
        ),
        ok(
            "binary body",
            frame(Error, &[], [0xffu8, 0xfe, 0x00, 0x80]),
            V1_2,
            b"ERROR\ncontent-length:4\n\n\xff\xfe\x00\x80\0",
        ),
    ]);
}

#[test]
fn escaping_per_version_and_command() {
    let tricky = || frame(Send, &[("a:b\\", "c\nd\re\\")], "");
    check(vec![
        ok("1.2 escapes all four", tricky(), V1_2, "SEND\na\\cb\\\\:c\\nd\\re\\\\\n\n\0"),
        ok("1.1 leaves CR alone", tricky(), V1_1, "SEND\na\\cb\\\\:c\\nd\re\\\\\n\n\0"),
        err("1.0 cannot send a line break", tricky(), V1_0, unencodable("a:b\\")),
        // Fuzz regression: under 1.1 a CR ending a value reads back as part of CRLF.
        err(
            "1.1 value ending in CR",
            frame(Send, &[("k", "v\r")], ""),
            V1_1,
            unencodable("k"),
        ),
        ok(
            "1.2 value ending in CR",
            frame(Send, &[("k", "v\r")], ""),
            V1_2,
            "SEND\nk:v\\r\n\n\0",
        ),
        ok(
            "1.0 colon in value and backslashes are literal",
            frame(Send, &[("k\\", "a:b\\n")], ""),
            V1_0,
            "SEND\nk\\:a:b\\n\n\n\0",
        ),
        err(
            "1.0 colon in name",
            frame(Send, &[("a:b", "v")], ""),
            V1_0,
            unencodable("a:b"),
        ),
        err(
            "1.0 CR in value",
            frame(Send, &[("k", "a\rb")], ""),
            V1_0,
            unencodable("k"),
        ),
        // A literal backslash followed by `n` (stompjs reads this back as a line break).
        ok(
            "backslash then n",
            frame(Send, &[("k", "\\n")], ""),
            V1_2,
            "SEND\nk:\\\\n\n\n\0",
        ),
        // stompjs: frame.spec "marshall should support \\, \\n and \\r in header values".
        ok(
            "stompjs escaped destination",
            frame(
                Message,
                &[
                    ("destination", "f:o:o\nbar\rbaz\\foo\nbar\rbaz\\"),
                    ("message-id", "456"),
                ],
                "",
            ),
            V1_2,
            "MESSAGE\ndestination:f\\co\\co\\nbar\\rbaz\\\\foo\\nbar\\rbaz\\\\\nmessage-id:456\n\n\0",
        ),
        // CONNECT, STOMP and CONNECTED are never escaped, in any version.
        ok(
            "CONNECT literal",
            frame(Connect, &[("passcode", "p:w\\d")], ""),
            V1_2,
            "CONNECT\npasscode:p:w\\d\n\n\0",
        ),
        ok(
            "STOMP literal",
            frame(Stomp, &[("login", "a\\c")], ""),
            V1_1,
            "STOMP\nlogin:a\\c\n\n\0",
        ),
        ok(
            "CONNECTED literal",
            frame(Connected, &[("server", "x:y")], ""),
            V1_2,
            "CONNECTED\nserver:x:y\n\n\0",
        ),
        err(
            "CONNECT cannot carry a line break",
            frame(Connect, &[("login", "a\nb")], ""),
            V1_2,
            unencodable("login"),
        ),
        err(
            "CONNECTED cannot carry a colon in a name",
            frame(Connected, &[("a:b", "v")], ""),
            V1_2,
            unencodable("a:b"),
        ),
    ]);
}

#[test]
fn errors_leave_the_buffer_unchanged() {
    let mut out = b"prefix".to_vec();
    let bad = frame(Connect, &[("ok", "1"), ("login", "a\nb")], "");
    assert!(stomp::encode(&bad, V1_2, &mut out).is_err());
    assert_eq!(out, b"prefix");
    let with_body = frame(Ack, &[("id", "1")], "x");
    assert!(stomp::encode(&with_body, V1_2, &mut out).is_err());
    assert_eq!(out, b"prefix");
}
