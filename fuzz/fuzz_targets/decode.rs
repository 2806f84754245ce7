//! Arbitrary bytes, cut into arbitrary chunks, fed to the decoder.
//!
//! Checks, for every input: no panic; the items (and the first error) do not depend on where the
//! chunks end; after `Ok(None)` the caller's buffer never holds more than `max_frame` bytes; and
//! every frame that comes out re-encodes (when encodable) to bytes that decode to the same frame.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use stomp::{encode_to_vec, Decoder, Frame, Item, Limits, Version};

/// Items of one stream, and how it ended (`Some(error)` or `None` = needs more bytes).
type Outcome = (Vec<Item>, Option<stomp::DecodeError>);

fn run(data: &[u8], chunk_sizes: &[u8], limits: Limits, version: Version) -> Outcome {
    let mut decoder = Decoder::new(limits);
    decoder.set_version(version);
    let mut buf = BytesMut::new();
    let mut items = Vec::new();
    let mut rest = data;
    let mut sizes = chunk_sizes.iter().cycle();
    while !rest.is_empty() {
        let n = if chunk_sizes.is_empty() {
            rest.len()
        } else {
            (*sizes.next().unwrap() as usize).max(1).min(rest.len())
        };
        buf.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {
                    assert!(
                        buf.len() <= limits.max_frame,
                        "holding {} bytes with max_frame {}",
                        buf.len(),
                        limits.max_frame
                    );
                    break;
                }
                Err(e) => return (items, Some(e)),
            }
        }
    }
    (items, None)
}

/// What decoding the encoder's output must give back: the encoder writes its own
/// `content-length` last, for non-empty bodies only.
fn normalised(frame: &Frame) -> Frame {
    let mut f = frame.clone();
    f.headers.remove("content-length");
    if !f.body.is_empty() {
        f.headers.push("content-length", &f.body.len().to_string());
    }
    f
}

fuzz_target!(|input: &[u8]| {
    // Byte 0 picks version and limits, byte 1 how many chunk sizes follow; the rest is the stream.
    let [mode, n_sizes, rest @ ..] = input else {
        return;
    };
    let n_sizes = (*n_sizes as usize % 8).min(rest.len());
    let (chunk_sizes, data) = rest.split_at(n_sizes);
    let version = Version::ALL[*mode as usize % 3];
    let limits = if mode & 0x80 != 0 {
        Limits {
            max_headers: 4,
            max_header_line: 32,
            max_body: 64,
            max_frame: 128,
        }
    } else {
        Limits::default()
    };

    let whole = run(data, &[], limits, version);
    let chunked = run(data, chunk_sizes, limits, version);
    let one_by_one = run(data, &[1], limits, version);
    assert_eq!(whole, chunked, "chunking changed the outcome");
    assert_eq!(whole, one_by_one, "byte-at-a-time changed the outcome");

    for item in &whole.0 {
        let Item::Frame(frame) = item else { continue };
        let Ok(wire) = encode_to_vec(frame, version) else {
            continue;
        };
        let (again, err) = run(&wire, &[], Limits::unlimited(), version);
        assert_eq!(err, None, "re-encoded frame failed to decode: {frame:?}");
        assert_eq!(again, vec![Item::Frame(normalised(frame))], "round trip");
    }
});
