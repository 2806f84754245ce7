//! Decodes (or encodes) N MESSAGE frames once, for instruction counting under callgrind, where
//! wall-clock benchmarks on a shared machine are too noisy to compare two versions:
//! `cargo build --profile bench -p stomp-sansio --example codec_counts` then
//! `valgrind --tool=callgrind target/release/examples/codec_counts decode 200 20000` (and 10000);
//! the difference of the two totals divided by 10000 is instructions per frame.

use bytes::BytesMut;
use stomp::{encode, encode_to_vec, Command, Decoder, Frame, Item, Version};

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "decode".into());
    let mut numbers = args.map(|a| a.parse::<usize>().expect("a number"));
    let body_len = numbers.next().unwrap_or(200);
    let count = numbers.next().unwrap_or(10_000);
    let frame = Frame::new(Command::Message)
        .header("destination", "/topic/chat.general")
        .header("content-type", "application/json;charset=UTF-8")
        .header("subscription", "sub-0")
        .header("message-id", "T_sub-0@@session-Kq3X9bZr@@1042")
        .header("redelivered", "false")
        .body(vec![b'x'; body_len]);
    match op.as_str() {
        "decode" => {
            let wire = encode_to_vec(&frame, Version::V1_2).unwrap().repeat(count);
            let mut buf = BytesMut::from(&wire[..]);
            let mut decoder = Decoder::default();
            let mut body_bytes = 0;
            while let Some(item) = decoder.decode(&mut buf).unwrap() {
                if let Item::Frame(f) = item {
                    body_bytes += std::hint::black_box(f.body).len();
                }
            }
            println!("decoded {count} frames, {body_bytes} body bytes");
        }
        "encode" => {
            let mut out = Vec::new();
            let mut wire_bytes = 0;
            for _ in 0..count {
                out.clear();
                encode(std::hint::black_box(&frame), Version::V1_2, &mut out).unwrap();
                wire_bytes += std::hint::black_box(&out).len();
            }
            println!("encoded {count} frames, {wire_bytes} wire bytes");
        }
        _ => panic!("first argument: decode or encode"),
    }
}
