#![cfg(not(target_arch = "wasm32"))] // native only: counts heap allocations
//! A fire-and-forget SEND on an open connection takes the direct path (encoded straight from
//! its request into a recycled buffer): the same bytes as a held send's, in every version,
//! and no allocation of the session's own per send once the transport recycles buffers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use stomp::session::{
    Confirm, Event, HeartBeat, SendRequest, SendState, Session, SessionConfig, SessionError,
    Transmit,
};

struct Counting;

// Per thread: the tests of this file run in parallel, and only this thread's count matters.
thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
}

fn allocs() -> usize {
    ALLOCS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn connected(version: &str, config: SessionConfig) -> Session {
    let mut s = Session::new(SessionConfig {
        heart_beat: HeartBeat::NONE,
        ..config
    });
    s.connect(0);
    s.handle_open(0);
    s.handle_bytes(0, format!("CONNECTED\nversion:{version}\n\n\0").as_bytes());
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    s
}

/// Every message written since the last call, and the send states reported.
fn written(s: &mut Session) -> (Vec<Vec<u8>>, Vec<SendState>) {
    let mut out = Vec::new();
    while let Some(t) = s.poll_transmit() {
        if let Transmit::Bytes(b) = t {
            out.push(b);
        }
    }
    let mut states = Vec::new();
    while let Some(e) = s.poll_event() {
        if let Event::Send { state, .. } = e {
            states.push(state);
        }
    }
    (out, states)
}

fn requests() -> Vec<SendRequest> {
    let mut typed = SendRequest::new("/topic/a", "{\"text\":\"hi\"}");
    typed.content_type = Some("application/json".into());
    // Reserved and duplicate headers are dropped; the rest keep their order.
    typed.headers = vec![
        ("content-type".into(), "text/plain".into()),
        ("x-a".into(), "1".into()),
        ("receipt".into(), "mine".into()),
        ("destination".into(), "/elsewhere".into()),
        ("content-length".into(), "99".into()),
        ("x-b".into(), "two".into()),
    ];
    let mut escaped = SendRequest::new("/topic/with:colon", "body");
    escaped.headers = vec![("x-back\\slash".into(), "a\\b".into())];
    let mut untyped_ct = SendRequest::new("/queue/q", "x");
    untyped_ct.headers = vec![("content-type".into(), "text/plain".into())];
    vec![
        SendRequest::new("/app/chat", "hello"),
        SendRequest::new("/topic/empty", ""),
        SendRequest::new("/topic/ünïcode", "тело"),
        typed,
        escaped,
        untyped_ct,
    ]
}

#[test]
fn direct_path_writes_the_same_bytes_as_a_held_send() {
    for version in ["1.0", "1.1", "1.2"] {
        for tap in [false, true] {
            let config = SessionConfig {
                tap_frames: tap,
                ..SessionConfig::default()
            };
            let mut direct = connected(version, config.clone());
            let mut held = connected(version, config);
            for req in requests() {
                let mut caller = req.clone();
                caller.confirm = Confirm::Caller; // held in the outbox: the general path
                let a = direct.send(1, req.clone());
                let b = held.send(1, caller);
                let ((bytes_a, states_a), (bytes_b, _)) =
                    (written(&mut direct), written(&mut held));
                match (a, b) {
                    (Ok(_), Ok(_)) => {
                        assert_eq!(bytes_a, bytes_b, "{version} {:?}", req.destination);
                        assert_eq!(states_a, vec![SendState::Sent]);
                    }
                    (Err(ea), Err(eb)) => {
                        assert_eq!(ea, eb);
                        assert!(bytes_a.is_empty() && states_a.is_empty());
                    }
                    (a, b) => panic!("{version} {:?}: {a:?} vs {b:?}", req.destination),
                }
                for m in bytes_a {
                    direct.recycle(m);
                }
            }
        }
    }
}

#[test]
fn direct_path_refuses_a_frame_over_the_limit_and_keeps_nothing() {
    let mut s = connected(
        "1.2",
        SessionConfig {
            max_frame_bytes: 64,
            ..SessionConfig::default()
        },
    );
    let r = s.send(1, SendRequest::new("/topic/a", vec![b'x'; 100]));
    assert!(
        matches!(r, Err(SessionError::TooLarge { limit: 64, .. })),
        "{r:?}"
    );
    assert_eq!(written(&mut s), (vec![], vec![]));
    // The next send still works, and ids are not consumed by the refusal.
    let id = s.send(1, SendRequest::new("/topic/a", "ok")).unwrap();
    let mut fresh = connected("1.2", SessionConfig::default());
    assert_eq!(
        id,
        fresh.send(1, SendRequest::new("/topic/a", "ok")).unwrap()
    );
    assert_eq!(written(&mut s).0.len(), 1);
}

#[test]
fn a_recycled_send_allocates_nothing_in_the_session() {
    const N: usize = 2_000;
    let mut s = connected("1.2", SessionConfig::default());
    let reqs: Vec<SendRequest> = (0..N + 10)
        .map(|i| {
            SendRequest::new(
                "/app/chat.sendMessage",
                format!("{{\"text\":\"message {i}\"}}"),
            )
        })
        .collect();
    let mut reqs = reqs.into_iter();
    let pump = |s: &mut Session, req: SendRequest| {
        s.send(1, req).unwrap();
        while let Some(t) = s.poll_transmit() {
            if let Transmit::Bytes(b) = t {
                s.recycle(b);
            }
        }
        while s.poll_event().is_some() {}
    };
    // Warm up the queues and the spare buffer.
    for req in reqs.by_ref().take(10) {
        pump(&mut s, req);
    }
    let before = allocs();
    for req in reqs {
        pump(&mut s, req);
    }
    let n = allocs() - before;
    println!("allocations for {N} direct sends: {n}");
    // A few when the body grows a digit (the buffer is reserved for the frame plus a margin).
    assert!(n <= 4, "{n} allocations for {N} sends");
}

/// The SEND a held (general path) send of `req` writes on a fresh session of `version`.
fn held_bytes(version: &str, req: &SendRequest) -> Vec<u8> {
    let mut held = connected(version, SessionConfig::default());
    let mut caller = req.clone();
    caller.confirm = Confirm::Caller;
    held.send(1, caller).unwrap();
    let (mut bytes, _) = written(&mut held);
    assert_eq!(bytes.len(), 1);
    bytes.remove(0)
}

#[test]
fn a_reused_head_writes_each_send_to_its_own_destination() {
    // Repeats and alternations, so the head of the last send is reused and replaced; a
    // body of another length, an empty one, and a destination needing escapes.
    let sends = [
        ("/topic/a", "one"),
        ("/topic/a", "two, longer"),
        ("/topic/b", "three"),
        ("/topic/a", ""),
        ("/topic/with:colon", "four"),
        ("/topic/with:colon", "five"),
        ("/topic/a", "six"),
    ];
    for version in ["1.0", "1.1", "1.2"] {
        let mut s = connected(version, SessionConfig::default());
        for (dest, body) in sends {
            let req = SendRequest::new(dest, body);
            s.send(1, req.clone()).unwrap();
            let (bytes, _) = written(&mut s);
            assert_eq!(
                bytes,
                vec![held_bytes(version, &req)],
                "{version} {dest} {body:?}"
            );
            for b in bytes {
                s.recycle(b);
            }
        }
    }
}

#[test]
fn a_reused_head_follows_the_version_of_a_new_connection() {
    let mut s = connected("1.2", SessionConfig::default());
    let req = SendRequest::new("/topic/with:colon", "body");
    s.send(1, req.clone()).unwrap();
    assert_eq!(written(&mut s).0, vec![held_bytes("1.2", &req)]);
    // The server goes away; on the next connection 1.0 is agreed, which escapes nothing: the
    // head made for 1.2 (the colon as `\c`) must not be reused.
    s.handle_close(2, 1006, "gone");
    let mut now = 2;
    let opened = loop {
        now += 100;
        s.handle_timeout(now);
        let mut open = false;
        while let Some(t) = s.poll_transmit() {
            open |= matches!(t, Transmit::Open);
        }
        while s.poll_event().is_some() {}
        if open || now > 120_000 {
            break open;
        }
    };
    assert!(opened, "the session did not reconnect");
    s.handle_open(now);
    s.handle_bytes(now, b"CONNECTED\nversion:1.0\n\n\0");
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    s.send(now, req.clone()).unwrap();
    let (bytes, _) = written(&mut s);
    assert_eq!(bytes, vec![held_bytes("1.0", &req)]);
    assert_ne!(held_bytes("1.0", &req), held_bytes("1.2", &req));
}
