//! The decoder allocates a small constant per frame, whatever the body size and however the
//! bytes arrive: counted with a global allocator that tallies calls while switched on.
//! Only the thread that switched counting on is counted: the test harness allocates on its own
//! threads meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use bytes::BytesMut;
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Limits, Version};

struct Counting;

thread_local! {
    // Const-initialised and without destructor: safe to touch from inside the allocator.
    static ON: Cell<bool> = const { Cell::new(false) };
}
static CALLS: AtomicUsize = AtomicUsize::new(0);

fn tally() {
    if ON.with(Cell::get) {
        CALLS.fetch_add(1, Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tally();
        System.alloc(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        tally();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` alone.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    CALLS.store(0, Relaxed);
    ON.with(|on| on.set(true));
    let out = f();
    ON.with(|on| on.set(false));
    (out, CALLS.load(Relaxed))
}

fn message(body_len: usize) -> Frame {
    Frame::new(Command::Message)
        .header("destination", "/topic/chat.general")
        .header("content-type", "application/json")
        .header("subscription", "sub-0")
        .header("message-id", "T_sub-0@@session-1@@42")
        .header("redelivered", "false")
        .body(vec![b'x'; body_len])
}

/// Frames in the shorter of the two streams compared.
const FRAMES: usize = 10;

/// Allocations per frame: the difference between decoding `FRAMES` and `2 * FRAMES` frames,
/// so one-off costs (the buffer turning shared on its first split) cancel out.
fn marginal(one_frame: &[u8], decode: impl Fn(&[u8], usize) -> usize) -> f64 {
    let short = decode(&one_frame.repeat(FRAMES), FRAMES);
    let long = decode(&one_frame.repeat(2 * FRAMES), 2 * FRAMES);
    (long - short) as f64 / FRAMES as f64
}

/// Decodes a stream already in the buffer; returns the allocations made.
fn whole(wire: &[u8], expect: usize) -> usize {
    let mut buf = BytesMut::from(wire);
    let mut decoder = Decoder::new(Limits::unlimited());
    let mut frames = Vec::with_capacity(expect);
    let ((), calls) = counted(|| {
        while let Some(item) = decoder.decode(&mut buf).unwrap() {
            frames.push(item);
        }
    });
    assert_eq!(frames.len(), expect);
    calls
}

/// Decodes the stream arriving in `chunk`-byte pieces, counting only inside `decode` (the
/// caller's buffer growing is the caller's business).
fn chunked(wire: &[u8], expect: usize, chunk: usize) -> usize {
    let mut buf = BytesMut::with_capacity(wire.len());
    let mut decoder = Decoder::new(Limits::unlimited());
    let mut frames = Vec::with_capacity(expect);
    let mut total = 0;
    for piece in wire.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            let (item, calls) = counted(|| decoder.decode(&mut buf).unwrap());
            total += calls;
            match item {
                Some(item) => frames.push(item),
                None => break,
            }
        }
    }
    assert_eq!(frames.len(), expect);
    assert!(frames.iter().all(|f| matches!(f, Item::Frame(_))));
    total
}

#[test]
fn allocations_per_frame_are_small_and_independent_of_body_size() {
    let mut seen = vec![];
    for body in [0, 200, 1024, 64 * 1024, 1024 * 1024] {
        let one = encode_to_vec(&message(body), Version::V1_2).unwrap();
        let all_in = marginal(&one, whole);
        let kib = marginal(&one, |w, n| chunked(w, n, 1000));
        // A byte at a time only where that stays quick.
        let bytewise = if body <= 1024 {
            marginal(&one, |w, n| chunked(w, n, 1))
        } else {
            kib
        };
        println!("body {body}: {all_in} whole, {kib} in 1000-byte chunks, {bytewise} bytewise");
        seen.push((body, all_in, kib, bytewise));
    }
    // Headers cost two allocations (one string, one offsets vector); the body none.
    for &(body, all_in, kib, bytewise) in &seen {
        assert_eq!(all_in, 2.0, "body {body}: allocations per frame");
        assert_eq!(kib, all_in, "body {body}: chunking changed allocations");
        assert_eq!(
            bytewise, all_in,
            "body {body}: byte-at-a-time changed allocations"
        );
    }
}
