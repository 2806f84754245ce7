//! Properties of the codec over generated frames and byte streams:
//! - encode (1.2) then decode gives the frame back, `content-length` as the encoder writes it;
//!   in 1.1 and 1.0 every frame the encoder accepts comes back the same way;
//! - a stream of frames and heart-beats decodes to the same items however it is chunked;
//! - the decoder never panics on any bytes, its result never depends on chunking, and with
//!   small limits the caller's buffer never holds more than `max_frame` + one chunk.

use bytes::BytesMut;
use proptest::collection::vec;
use proptest::prelude::*;
use stomp::{encode_to_vec, Command, DecodeError, Decoder, Frame, Item, Limits, Version};

/// Header text that hits the escaping rules often: colons, line breaks, backslashes,
/// multibyte characters, spaces; plus fully arbitrary unicode.
fn header_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c:\\\\\r\n п🙂-]{0,10}",
        any::<String>(),
        Just(String::new()),
    ]
}

fn frame() -> impl Strategy<Value = Frame> {
    let command = prop::sample::select(Command::ALL.to_vec());
    (
        command,
        vec((header_text(), header_text()), 0..8),
        vec(any::<u8>(), 0..600),
    )
        .prop_map(|(command, headers, body)| {
            let mut f = Frame::new(command);
            for (name, value) in &headers {
                if command.escapes_headers() {
                    f.headers.push(name, value);
                } else {
                    // Unescaped frames cannot carry line breaks, nor colons in names.
                    let clean = |s: &str, colon: bool| {
                        s.replace(['\r', '\n'], "")
                            .replace(':', if colon { ":" } else { "" })
                    };
                    f.headers.push(&clean(name, false), &clean(value, true));
                }
            }
            if command.allows_body() {
                f.body = body.into();
            }
            f
        })
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

/// Decodes `data` fed in chunks of the given sizes (cycled; empty = all at once), checking
/// the buffer bound as it goes.
fn decode_chunked(
    data: &[u8],
    sizes: &[usize],
    limits: Limits,
    version: Version,
) -> (Vec<Item>, Option<DecodeError>) {
    let mut d = Decoder::new(limits);
    d.set_version(version);
    let mut buf = BytesMut::new();
    let mut items = vec![];
    let mut rest = data;
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let n = sizes.next().map_or(rest.len(), |&n| n.clamp(1, rest.len()));
        buf.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        assert!(buf.len() <= limits.max_frame.saturating_add(n));
        loop {
            match d.decode(&mut buf) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {
                    assert!(buf.len() <= limits.max_frame, "holding {}", buf.len());
                    break;
                }
                Err(e) => return (items, Some(e)),
            }
        }
    }
    (items, None)
}

/// Bytes that look like STOMP often enough to get past the command line.
fn stompish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        prop::sample::select(
            [
                "SEND\n",
                "MESSAGE\r\n",
                "CONNECTED\n",
                "ERROR\n",
                "content-length:",
                "destination:/topic/a",
                "k:v\n",
                "\\n",
                "\\c",
                "\\t",
                "\n",
                "\r\n",
                "\0",
                "5",
                ":",
            ]
            .to_vec()
        )
        .prop_map(|s| s.as_bytes().to_vec()),
        vec(any::<u8>(), 0..6),
    ];
    vec(token, 0..40).prop_map(|t| t.concat())
}

const SMALL: Limits = Limits {
    max_headers: 3,
    max_header_line: 24,
    max_body: 40,
    max_frame: 96,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn v12_round_trip(f in frame()) {
        let wire = encode_to_vec(&f, Version::V1_2).expect("1.2 encodes every frame");
        let (items, err) = decode_chunked(&wire, &[], Limits::unlimited(), Version::V1_2);
        prop_assert_eq!(err, None);
        prop_assert_eq!(items, vec![Item::Frame(as_sent(&f))]);
    }

    #[test]
    fn older_versions_round_trip_what_they_accept(f in frame(), old in prop_oneof![Just(Version::V1_1), Just(Version::V1_0)]) {
        if let Ok(wire) = encode_to_vec(&f, old) {
            let (items, err) = decode_chunked(&wire, &[], Limits::unlimited(), old);
            prop_assert_eq!(err, None);
            prop_assert_eq!(items, vec![Item::Frame(as_sent(&f))]);
        }
    }

    #[test]
    fn chunking_never_changes_a_stream(
        parts in vec(prop_oneof![
            3 => frame().prop_map(Some),
            1 => Just(None),
        ], 1..8),
        crlf in any::<bool>(),
        sizes in vec(1usize..64, 1..6),
    ) {
        let mut wire = vec![];
        let mut expected = vec![];
        for part in &parts {
            match part {
                Some(f) => {
                    wire.extend(encode_to_vec(f, Version::V1_2).unwrap());
                    expected.push(Item::Frame(as_sent(f)));
                }
                None => {
                    wire.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                    expected.push(Item::HeartBeat);
                }
            }
        }
        let whole = decode_chunked(&wire, &[], Limits::default(), Version::V1_2);
        prop_assert_eq!(&whole, &(expected, None));
        prop_assert_eq!(decode_chunked(&wire, &sizes, Limits::default(), Version::V1_2), whole.clone());
        prop_assert_eq!(decode_chunked(&wire, &[1], Limits::default(), Version::V1_2), whole);
    }

    #[test]
    fn any_bytes_no_panic_same_result_bounded_buffer(
        data in prop_oneof![stompish_bytes(), vec(any::<u8>(), 0..512)],
        sizes in vec(1usize..40, 1..5),
        small in any::<bool>(),
        version in prop::sample::select(Version::ALL.to_vec()),
    ) {
        let limits = if small { SMALL } else { Limits::default() };
        let whole = decode_chunked(&data, &[], limits, version);
        prop_assert_eq!(decode_chunked(&data, &sizes, limits, version), whole.clone());
        prop_assert_eq!(decode_chunked(&data, &[1], limits, version), whole);
    }
}

/// Text full of multi-byte characters, or bytes that are often not UTF-8.
fn splittable() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[aé€😀\n:\0]{0,80}".prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
        vec(any::<u8>(), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Pieces of a split frame concatenate to the frame, none is empty or over the limit,
    /// and when the frame is UTF-8 each piece is too (limits of 4 bytes and up: below that a
    /// 4-byte character cannot fit whole).
    #[test]
    fn split_pieces_rebuild_the_frame_and_stay_text(data in splittable(), max in 0usize..40) {
        let pieces: Vec<&[u8]> = stomp::split_message(&data, max).collect();
        prop_assert_eq!(pieces.concat(), data.clone());
        let text = std::str::from_utf8(&data).is_ok();
        for p in &pieces {
            prop_assert!(!p.is_empty());
            prop_assert!(max == 0 || p.len() <= max, "{} > {}", p.len(), max);
            if text && (max == 0 || max >= 4) {
                prop_assert!(std::str::from_utf8(p).is_ok(), "{:?}", p);
            }
        }
        if max == 0 {
            prop_assert!(pieces.len() <= 1);
        }
    }
}
