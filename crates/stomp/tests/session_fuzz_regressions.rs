//! Cases found by the `session` fuzz target (fuzz/fuzz_targets/session.rs); the inputs are
//! kept in fuzz/regressions/session/.
#![cfg(not(target_arch = "wasm32"))]

use stomp::session::{
    Confirm, ConnectionState, Event, HeartBeat, SendRequest, SendState, Session, SessionConfig,
    Transmit,
};

fn connected(config: SessionConfig, server_heart_beat: &str) -> Session {
    let mut s = Session::new(config);
    s.connect(0);
    assert_eq!(s.poll_transmit(), Some(Transmit::Open));
    s.handle_open(0);
    while s.poll_transmit().is_some() {}
    let connected = format!("CONNECTED\nversion:1.2\nheart-beat:{server_heart_beat}\n\n\0");
    s.handle_bytes(0, connected.as_bytes());
    while s.poll_transmit().is_some() {}
    while s.poll_event().is_some() {}
    assert_eq!(s.state(), &ConnectionState::Connected);
    s
}

/// `infinite-tolerance-deadline-at-end-of-clock`: with an infinite heart-beat tolerance the
/// "server lost" deadline saturated to `u64::MAX` and was still reported, so a driver that
/// got there found the next deadline not later than now, and real drivers armed a timer
/// for a moment that means "never".
#[test]
fn infinite_tolerance_reports_no_lost_deadline() {
    for tolerance in [f64::INFINITY, f64::MAX, 1e300] {
        let config = SessionConfig {
            heart_beat: HeartBeat {
                outgoing_ms: 0,
                incoming_ms: 1_000,
            },
            heart_beat_tolerance: tolerance,
            ..SessionConfig::default()
        };
        let mut s = connected(config, "1000,1000");
        assert_eq!(s.poll_timeout(), None, "tolerance {tolerance}");
        s.handle_timeout(u64::MAX);
        assert_eq!(
            s.state(),
            &ConnectionState::Connected,
            "tolerance {tolerance}"
        );
    }
}

/// A finite tolerance still gives a deadline, and the outgoing heart-beat is still due
/// alongside an infinite one.
#[test]
fn finite_tolerance_and_pings_keep_their_deadlines() {
    let config = SessionConfig {
        heart_beat: HeartBeat {
            outgoing_ms: 0,
            incoming_ms: 1_000,
        },
        heart_beat_tolerance: 2.5,
        ..SessionConfig::default()
    };
    let s = connected(config, "1000,1000");
    assert_eq!(s.poll_timeout(), Some(2_500));

    let config = SessionConfig {
        heart_beat: HeartBeat {
            outgoing_ms: 1_000,
            incoming_ms: 1_000,
        },
        heart_beat_tolerance: f64::INFINITY,
        ..SessionConfig::default()
    };
    let mut s = connected(config, "1000,1000");
    assert_eq!(s.poll_timeout(), Some(1_000));
    s.handle_timeout(1_000);
    assert_eq!(s.poll_transmit(), Some(Transmit::Bytes(vec![b'\n'])));
    assert_eq!(s.poll_timeout(), Some(2_000));
}

/// `session-stays-disconnecting-d065e449`: ten sends with receipts written 159 ms apart, then a
/// graceful disconnect whose timeout is longer than their receipt timeout. Their receipt
/// deadlines fall before the disconnect's, so a driver firing the session's timeouts sees ten
/// of them first (the model gave up after ten in all and took the session for stuck). What
/// must hold: each deadline is later than the last, every send settles, and the session is
/// `Closed` by the disconnect's deadline, not later.
#[test]
fn receipt_deadlines_before_a_disconnect_deadline_do_not_hold_it() {
    let config = SessionConfig {
        receipt_timeout_ms: 6_399,
        disconnect_timeout_ms: 13_183,
        ..SessionConfig::default()
    };
    let mut s = connected(config, "0,0");
    let mut now = 0;
    let mut ids = Vec::new();
    for i in 0..10 {
        let req = SendRequest::new("/queue/a", format!("m{i}")).confirm(Confirm::Receipt);
        ids.push(s.send(now, req).unwrap());
        while s.poll_transmit().is_some() {}
        now += 159;
    }
    s.disconnect(now);
    let limit = now + 13_183;
    let mut fired = 0;
    while !matches!(s.state(), ConnectionState::Closed(_)) {
        let next = s
            .poll_timeout()
            .expect("a disconnecting session has a deadline");
        assert!(
            next > now && next <= limit,
            "deadline {next} after {now}, limit {limit}"
        );
        now = next;
        s.handle_timeout(now);
        while s.poll_transmit().is_some() {}
        fired += 1;
    }
    assert!(
        fired > 10,
        "only {fired} deadlines: the receipts' came first"
    );
    assert!(now <= limit);
    let mut settled = Vec::new();
    while let Some(e) = s.poll_event() {
        if let Event::Send { id, state } = e {
            if !matches!(state, SendState::Queued | SendState::Sent) {
                settled.push(id);
            }
        }
    }
    for id in ids {
        assert_eq!(
            settled.iter().filter(|&&s| s == id).count(),
            1,
            "{id:?} settled once"
        );
    }
}
