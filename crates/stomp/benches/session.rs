//! What the session costs on top of the decoder when receiving, and per send.
//!
//! The browser client must reach 0.9× a raw WebSocket in messages/s; on the receive path the
//! session adds routing, an event and (for client-ack subscriptions) ack bookkeeping to every
//! decoded frame. `decode_only` is the same bytes through the bare decoder, for comparison.

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stomp::session::{
    AckMode, Event, HeartBeat, SendRequest, Session, SessionConfig, SubscribeOptions, Transmit,
};
use stomp::{encode_to_vec, Command, Decoder, Frame, Version};

const N: usize = 1_000;

/// A chat message as a Spring broker would deliver it.
fn message(sub: &str, i: usize) -> Vec<u8> {
    let body = format!(
        r#"{{"type":"CHAT","room":"general","sender":"alice","text":"message number {i} with some words","ts":1764000000000}}"#
    );
    let f = Frame::new(Command::Message)
        .header("destination", "/topic/room.general")
        .header("content-type", "application/json")
        .header("subscription", sub)
        .header("message-id", &format!("m-{i}"))
        .header("ack", &format!("a-{i}"))
        .body(body);
    encode_to_vec(&f, Version::V1_2).unwrap()
}

fn connected(ack: AckMode) -> (Session, String) {
    let mut s = Session::new(SessionConfig {
        heart_beat: HeartBeat::NONE,
        ..SessionConfig::default()
    });
    let opts = SubscribeOptions {
        ack,
        ..Default::default()
    };
    let sub = s.subscribe(0, "/topic/room.general", opts).unwrap();
    s.connect(0);
    s.handle_open(0);
    s.handle_bytes(0, b"CONNECTED\nversion:1.2\n\n\0");
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    (s, sub.to_string())
}

fn receive(c: &mut Criterion) {
    let (_, sub) = connected(AckMode::Auto);
    let frames: Vec<Vec<u8>> = (0..N).map(|i| message(&sub, i)).collect();
    let bytes: usize = frames.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("receive");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("decode_only", |b| {
        b.iter(|| {
            let mut d = Decoder::default();
            let mut buf = BytesMut::new();
            let mut n = 0;
            for f in &frames {
                buf.extend_from_slice(f);
                while let Some(item) = d.decode(&mut buf).unwrap() {
                    if let stomp::Item::Frame(f) = item {
                        n += f.body.len();
                    }
                }
            }
            n
        })
    });
    for (name, ack) in [
        ("session_auto_ack", AckMode::Auto),
        ("session_client_ack", AckMode::ClientIndividual),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || connected(ack).0,
                |mut s| {
                    let mut n = 0;
                    for f in &frames {
                        s.handle_bytes(1, f);
                        while let Some(e) = s.poll_event() {
                            if let Event::Message(m) = e {
                                n += m.body().len();
                                if let Some(t) = m.ack {
                                    s.ack(1, &t).unwrap();
                                }
                            }
                        }
                        while s.poll_transmit().is_some() {}
                    }
                    n
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
    eprintln!("receive: {N} frames, {bytes} bytes per iteration");
}

fn send(c: &mut Criterion) {
    let mut g = c.benchmark_group("send");
    g.throughput(Throughput::Elements(N as u64));
    let body = r#"{"type":"CHAT","room":"general","text":"hello there, how is everyone"}"#;
    // "recycled" as the web driver does: each written buffer is handed back for the next send.
    for (name, recycle) in [("session_send", false), ("session_send_recycled", true)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || connected(AckMode::Auto).0,
                |mut s| {
                    let mut bytes = 0;
                    for _ in 0..N {
                        let req = SendRequest::new("/app/chat.send", body)
                            .content_type("application/json");
                        s.send(1, req).unwrap();
                        while let Some(t) = s.poll_transmit() {
                            if let Transmit::Bytes(b) = t {
                                bytes += b.len();
                                if recycle {
                                    s.recycle(b);
                                }
                            }
                        }
                    }
                    bytes
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn config() -> Criterion {
    // Short runs: the machine is shared; the figures are stable to a few percent anyway.
    Criterion::default()
        .sample_size(20)
        .measurement_time(std::time::Duration::from_secs(3))
        .warm_up_time(std::time::Duration::from_secs(1))
}

criterion_group! { name = benches; config = config(); targets = receive, send }
criterion_main!(benches);
