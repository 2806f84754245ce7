//! Codec throughput on MESSAGE frames shaped like a Spring/RabbitMQ chat broadcast.
//!
//! Decode is measured as a receiving client sees it: a buffer holding many frames is decoded
//! until empty and every body is handed to a callback. Throughput counts wire bytes.
//! Run: `cargo bench -p stomp --bench codec -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stomp::{encode, encode_to_vec, Command, Decoder, Frame, Item, Limits, Version};

const SIZES: [(&str, usize); 4] = [
    ("200B", 200),
    ("1KiB", 1024),
    ("64KiB", 64 * 1024),
    ("1MiB", 1024 * 1024),
];

/// Six headers once the encoder adds content-length, as a broker delivers them.
fn message(body_len: usize) -> Frame {
    let body: Vec<u8> = br#"{"room":"general","from":"alice","text":"hello "#
        .iter()
        .copied()
        .chain(std::iter::repeat(b'x'))
        .take(body_len)
        .collect();
    Frame::new(Command::Message)
        .header("destination", "/topic/chat.general")
        .header("content-type", "application/json;charset=UTF-8")
        .header("subscription", "sub-0")
        .header("message-id", "T_sub-0@@session-Kq3X9bZr@@1042")
        .header("redelivered", "false")
        .body(body)
}

fn decode(c: &mut Criterion) {
    decode_group(c, "decode", |body| {
        black_box(body);
    });
    // What a chat client does next: check the body is UTF-8 text. Bodies with content-length
    // are never scanned by the decoder, so the plain group's large-frame figures show only the
    // cost of the head; this group shows the cost of touching every byte once.
    decode_group(c, "decode+utf8", |body| {
        black_box(std::str::from_utf8(body).is_ok());
    });
}

fn decode_group(c: &mut Criterion, group_name: &str, on_body: impl Fn(&[u8])) {
    let mut group = c.benchmark_group(group_name);
    for (name, size) in SIZES {
        let one = encode_to_vec(&message(size), Version::V1_2).unwrap();
        // Enough frames for a stream of at least 4 MiB, so per-batch costs vanish.
        let count = (4 * 1024 * 1024 / one.len()).max(4);
        let stream = one.repeat(count);
        eprintln!(
            "{group_name}/{name}: {} wire bytes per frame, {count} frames per stream",
            one.len()
        );
        group.throughput(Throughput::Bytes(stream.len() as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || BytesMut::from(&stream[..]),
                |mut buf| {
                    let mut decoder = Decoder::new(Limits::default());
                    while let Some(item) = decoder.decode(&mut buf).unwrap() {
                        if let Item::Frame(frame) = item {
                            on_body(&frame.body);
                        }
                    }
                    buf
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn encode_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode");
    for (name, size) in SIZES {
        let frame = message(size);
        let wire_len = encode_to_vec(&frame, Version::V1_2).unwrap().len();
        eprintln!("encode/{name}: {wire_len} wire bytes per frame");
        group.throughput(Throughput::Bytes(wire_len as u64));
        let mut out = Vec::with_capacity(wire_len);
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                encode(black_box(&frame), Version::V1_2, &mut out).unwrap();
                black_box(&out);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, decode, encode_frames);
criterion_main!(benches);
