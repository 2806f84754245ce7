//! Cases found by the `session` fuzz target (fuzz/fuzz_targets/session.rs); the inputs are
//! kept in fuzz/regressions/session/.
#![cfg(not(target_arch = "wasm32"))]

use stomp::session::{ConnectionState, HeartBeat, Session, SessionConfig, Transmit};

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
