#![cfg(not(target_arch = "wasm32"))] // native only: a fake clock and broker
//! `Session::send_now`, the fire-and-forget send the driver writes itself: the same bytes as
//! the general path's, never ahead of a frame or an event queued before it, nothing taken for
//! a send that needs more (receipt, transaction, tap, limits), and its write counted for the
//! outgoing heart-beat like any other.

use stomp::session::{
    Confirm, Event, HeartBeat, SendRequest, SendState, Session, SessionConfig, Transmit,
};

fn connected_with(version: &str, heart_beat: &str, config: SessionConfig) -> Session {
    let mut s = Session::new(config);
    s.connect(0);
    s.handle_open(0);
    let connected = format!("CONNECTED\nversion:{version}\nheart-beat:{heart_beat}\n\n\0");
    s.handle_bytes(0, connected.as_bytes());
    drain(&mut s);
    s
}

fn connected(version: &str) -> Session {
    let config = SessionConfig {
        heart_beat: HeartBeat::NONE,
        ..SessionConfig::default()
    };
    connected_with(version, "0,0", config)
}

/// Every message written and every event since the last call.
fn drain(s: &mut Session) -> (Vec<Vec<u8>>, Vec<Event>) {
    let bytes = std::iter::from_fn(|| s.poll_transmit())
        .filter_map(|t| match t {
            Transmit::Bytes(b) => Some(b),
            _ => None,
        })
        .collect();
    (bytes, std::iter::from_fn(|| s.poll_event()).collect())
}

fn requests() -> Vec<SendRequest> {
    let mut typed = SendRequest::new("/topic/a", "{\"text\":\"hi\"}");
    typed.content_type = Some("application/json".into());
    typed.headers = vec![
        ("x-a".into(), "1".into()),
        ("receipt".into(), "mine".into()),
        ("content-length".into(), "99".into()),
    ];
    let mut escaped = SendRequest::new("/topic/with:colon", "body");
    escaped.headers = vec![("x-back\\slash".into(), "a\\b".into())];
    vec![
        SendRequest::new("/app/chat", "hello"),
        SendRequest::new("/app/chat", "hello again, longer"),
        SendRequest::new("/topic/empty", ""),
        SendRequest::new("/topic/ünïcode", "тело"),
        SendRequest::new("/topic/bin", vec![0u8, 0xff, 0, 1]),
        typed,
        escaped,
        SendRequest::new("/app/chat", "back to the first"),
    ]
}

#[test]
fn writes_the_same_bytes_and_ids_as_send() {
    for version in ["1.0", "1.1", "1.2"] {
        let mut fast = connected(version);
        let mut general = connected(version);
        for req in requests() {
            let (id, bytes) = fast.send_now(1, &req).expect("takes the fast path");
            let bytes = bytes.to_vec();
            let expected_id = general.send(1, req.clone()).unwrap();
            assert_eq!(id, expected_id);
            let (written, events) = drain(&mut general);
            assert_eq!(vec![bytes], written, "{version} {:?}", req.destination);
            assert!(matches!(
                events.as_slice(),
                [Event::Send {
                    state: SendState::Sent,
                    ..
                }]
            ));
            // Nothing queued by the fast path: the caller wrote it and knows it is Sent.
            assert_eq!(drain(&mut fast), (vec![], vec![]));
        }
        assert_eq!(fast.outbox_len(), 0);
    }
}

#[test]
fn never_jumps_ahead_of_queued_frames_or_events() {
    let mut s = connected("1.2");
    // A subscription made while connected is written at once: a SUBSCRIBE transmit waits.
    s.subscribe(1, "/topic/x", Default::default()).unwrap();
    let req = SendRequest::new("/app/chat", "after the subscribe");
    assert!(s.send_now(1, &req).is_none());
    // Drained transmits but an event still waiting (the Sent of a general send): no.
    let _ = s.send(1, SendRequest::new("/app/chat", "general")).unwrap();
    while s.poll_transmit().is_some() {}
    assert!(s.send_now(1, &req).is_none());
    while s.poll_event().is_some() {}
    assert!(s.send_now(1, &req).is_some());

    // Offline, sends are held; after the reconnect they are flushed first, and the fast path
    // waits until the driver has written them.
    s.handle_close(2, 1006, "gone");
    drain(&mut s);
    assert!(s.send_now(3, &req).is_none(), "not connected");
    let held = s.send(3, SendRequest::new("/app/chat", "held")).unwrap();
    drain(&mut s);
    let mut now = 3;
    while !matches!(s.poll_transmit(), Some(Transmit::Open)) {
        now += 100;
        s.handle_timeout(now);
        assert!(now < 120_000, "no reconnect");
    }
    s.handle_open(now);
    s.handle_bytes(now, b"CONNECTED\nversion:1.2\n\n\0");
    assert!(s.send_now(now, &req).is_none(), "the held send goes first");
    let (written, events) = drain(&mut s);
    let texts: Vec<String> = written
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("SUBSCRIBE")),
        "{texts:?}"
    );
    assert!(texts.last().unwrap().ends_with("held\0"), "{texts:?}");
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Send { id, state: SendState::Sent } if *id == held
    )));
    let (id, bytes) = s.send_now(now, &req).unwrap();
    assert!(bytes.ends_with(b"after the subscribe\0"));
    assert!(id > held, "ids keep their order");
}

#[test]
fn leaves_to_send_what_it_does_not_handle() {
    let mut s = connected("1.2");
    for confirm in [Confirm::Receipt, Confirm::Caller, Confirm::Echo] {
        let mut req = SendRequest::new("/app/chat", "x");
        req.confirm = confirm;
        assert!(s.send_now(1, &req).is_none(), "{confirm:?}");
    }
    let tx = s.begin(1).unwrap();
    drain(&mut s);
    let mut req = SendRequest::new("/app/chat", "x");
    req.transaction = Some(tx);
    assert!(s.send_now(1, &req).is_none(), "in a transaction");

    let limits = |max_frame_bytes, max_ws_message, tap_frames| SessionConfig {
        heart_beat: HeartBeat::NONE,
        max_frame_bytes,
        max_ws_message,
        tap_frames,
        ..SessionConfig::default()
    };
    let big = SendRequest::new("/app/chat", vec![b'x'; 100]);
    for (config, why) in [
        (limits(64, 0, false), "over max_frame_bytes"),
        (limits(0, 64, false), "split into messages"),
        (limits(0, 0, true), "tapped"),
    ] {
        let mut s = connected_with("1.2", "0,0", config);
        assert!(s.send_now(1, &big).is_none(), "{why}");
        assert_eq!(drain(&mut s), (vec![], vec![]), "{why}: nothing happened");
        // The general path still gives the answer (a refusal, or the write).
        let general = s.send(1, big.clone());
        match why {
            "over max_frame_bytes" => assert!(general.is_err()),
            _ => assert!(general.is_ok()),
        }
        // A refusal consumed no id: the next send gets a fresh session's first.
        if general.is_err() {
            let small = SendRequest::new("/app/chat", "ok");
            let first = connected("1.2").send(1, small.clone()).unwrap();
            let (id, _) = s.send_now(1, &small).expect("fits");
            assert_eq!(id, first, "{why}");
        }
    }
}

#[test]
fn its_writes_count_for_the_outgoing_heart_beat() {
    let config = SessionConfig {
        heart_beat: HeartBeat {
            outgoing_ms: 1_000,
            incoming_ms: 0,
        },
        ..SessionConfig::default()
    };
    let mut s = connected_with("1.2", "0,1000", config);
    assert_eq!(s.poll_timeout(), Some(1_000));
    let req = SendRequest::new("/app/chat", "x");
    // A send at 800 is a write: the next heart-beat is due 1 s after it, as after `send`.
    assert!(s.send_now(800, &req).is_some());
    assert_eq!(s.poll_timeout(), Some(1_800));
    s.handle_timeout(1_000);
    assert_eq!(
        drain(&mut s).0,
        Vec::<Vec<u8>>::new(),
        "nothing due at 1000"
    );
    // Silence after it: the heart-beat goes out on time.
    s.handle_timeout(1_800);
    assert_eq!(drain(&mut s).0, vec![b"\n".to_vec()]);
    assert_eq!(s.poll_timeout(), Some(2_800));
}

#[test]
fn writes_where_the_general_path_wrote_once_its_buffer_is_recycled() {
    // The web socket reuses its view of wasm memory when a message starts where the last
    // one did: mixed general and fast sends should all use the one buffer.
    let mut s = connected("1.2");
    let mut typed = SendRequest::new("/app/chat", "x").with_receipt();
    typed.content_type = Some("text/plain".into());
    s.send(1, typed).unwrap();
    let (mut written, _) = drain(&mut s);
    let general = written.remove(0);
    let at = general.as_ptr();
    s.recycle(general);
    let (_, bytes) = s.send_now(1, &SendRequest::new("/app/chat", "y")).unwrap();
    assert_eq!(bytes.as_ptr(), at);
    let (_, bytes) = s.send_now(1, &SendRequest::new("/app/chat", "z")).unwrap();
    assert_eq!(bytes.as_ptr(), at);
}

#[test]
fn a_general_send_after_a_fast_one_writes_only_its_own_frame() {
    // The two paths share one buffer: what the fast path left in it must not leak into the
    // next frame the general path writes there, whether the fast send was written or not.
    let config = SessionConfig {
        heart_beat: HeartBeat::NONE,
        max_ws_message: 48,
        ..SessionConfig::default()
    };
    let mut s = connected_with("1.2", "0,0", config.clone());
    let mut reference = connected_with("1.2", "0,0", config);
    let short = SendRequest::new("/a", "ok");
    let long = SendRequest::new("/app/chat", "too long for one message of 48 bytes");
    for req in [&short, &long, &short] {
        // Fast if it fits one message; if not, `None`, and `send` splits it.
        if s.send_now(1, req).is_none() {
            s.send(1, req.clone()).unwrap();
        }
        drain(&mut s);
        // The general path right after, on the same buffer.
        s.send(1, short.clone()).unwrap();
        let (written, _) = drain(&mut s);
        reference.send(1, short.clone()).unwrap();
        let (expected, _) = drain(&mut reference);
        assert_eq!(written, expected);
    }
}
