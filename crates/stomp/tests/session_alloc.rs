#![cfg(not(target_arch = "wasm32"))] // native only: counts heap allocations
//! Delivering a message through the session allocates nothing beyond what decoding the
//! frame already does: routing, the event and the queue reuse what they have.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::BytesMut;
use stomp::session::{Event, HeartBeat, Session, SessionConfig};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn messages(sub: &str, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let f = Frame::new(Command::Message)
                .header("destination", "/topic/room")
                .header("subscription", sub)
                .header("message-id", &i.to_string())
                .body(format!("{{\"text\":\"message {i}\"}}"));
            encode_to_vec(&f, Version::V1_2).unwrap()
        })
        .collect()
}

fn count<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.load(Ordering::Relaxed);
    let r = f();
    (ALLOCS.load(Ordering::Relaxed) - before, r)
}

#[test]
fn session_adds_no_allocation_per_message() {
    const N: usize = 2_000;
    let mut s = Session::new(SessionConfig {
        heart_beat: HeartBeat::NONE,
        ..SessionConfig::default()
    });
    let sub = s.subscribe(0, "/topic/room", Default::default()).unwrap();
    s.connect(0);
    s.handle_open(0);
    s.handle_bytes(0, b"CONNECTED\nversion:1.2\n\n\0");
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    let input = messages(&sub.to_string(), N);
    // Warm up the session's queues and buffer once.
    for m in &input[..10] {
        s.handle_bytes(1, m);
        while s.poll_event().is_some() {}
    }

    let (through_session, delivered) = count(|| {
        let mut delivered = 0;
        for m in &input {
            s.handle_bytes(1, m);
            while let Some(e) = s.poll_event() {
                if let Event::Message(msg) = e {
                    delivered += usize::from(msg.subscription == sub);
                }
            }
        }
        delivered
    });
    assert_eq!(delivered, N);

    let mut d = Decoder::default();
    let mut buf = BytesMut::new();
    let (decode_only, decoded) = count(|| {
        let mut decoded = 0;
        for m in &input {
            buf.extend_from_slice(m);
            while let Some(item) = d.decode(&mut buf).unwrap() {
                decoded += usize::from(matches!(item, Item::Frame(_)));
            }
        }
        decoded
    });
    assert_eq!(decoded, N);
    println!("allocations for {N} messages: decoder {decode_only}, session {through_session}");
    assert!(
        through_session <= decode_only + 16,
        "session {through_session} vs decoder {decode_only}"
    );
}
