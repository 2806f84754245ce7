#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    negotiate, ConnectionState, DisconnectReason, Event, HeartBeat, SessionConfig,
};
use support::{Broker, Harness};

fn hb(outgoing_ms: u32, incoming_ms: u32) -> HeartBeat {
    HeartBeat {
        outgoing_ms,
        incoming_ms,
    }
}

#[test]
fn negotiation_table() {
    // (cx, cy, sx, sy) → (we send every, we expect every)
    let table = [
        ((0, 0, 0, 0), (0, 0)),
        ((10_000, 10_000, 0, 0), (0, 0)),
        ((0, 0, 10_000, 10_000), (0, 0)),
        ((10_000, 10_000, 10_000, 10_000), (10_000, 10_000)),
        ((4_000, 5_000, 20_000, 1_000), (4_000, 20_000)),
        ((1_000, 0, 0, 7_000), (7_000, 0)),
        ((0, 1_000, 7_000, 0), (0, 7_000)),
        ((500, 500, 100, 100), (500, 500)),
        ((100, 100, 500, 500), (500, 500)),
        ((u32::MAX, 1, 1, u32::MAX), (u32::MAX, 1)),
    ];
    for ((cx, cy, sx, sy), expected) in table {
        assert_eq!(
            negotiate(hb(cx, cy), (sx, sy)),
            expected,
            "cx={cx} cy={cy} sx={sx} sy={sy}"
        );
    }
}

#[test]
fn negotiated_through_the_session() {
    for ((cx, cy), server, expected) in [
        ((4_000, 5_000), "20000,1000", (4_000, 20_000)),
        ((4_000, 5_000), "0,0", (0, 0)),
        ((4_000, 5_000), "garbage", (0, 0)),
        ((0, 0), "1000,1000", (0, 0)),
    ] {
        let config = SessionConfig {
            heart_beat: hb(cx, cy),
            ..SessionConfig::default()
        };
        let mut h = Harness::new(
            config,
            Broker::Up(vec![
                ("version".into(), "1.2".into()),
                ("heart-beat".into(), server.into()),
            ]),
        );
        h.connect();
        let got = h.take_events().into_iter().find_map(|e| match e {
            Event::Connected { heart_beat, .. } => Some(heart_beat),
            _ => None,
        });
        assert_eq!(got, Some(expected), "{server}");
    }
}

fn pinging() -> Harness {
    let config = SessionConfig {
        heart_beat: hb(1_000, 0),
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::v12(0, 1_000));
    h.connect();
    h.take_frames();
    h
}

#[test]
fn pings_every_interval_when_idle() {
    let mut h = pinging();
    let t0 = h.now;
    h.advance(3_500);
    assert_eq!(h.take_pings(), vec![t0 + 1_000, t0 + 2_000, t0 + 3_000]);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
}

#[test]
fn no_ping_while_frames_are_going_out() {
    let mut h = pinging();
    let t0 = h.now;
    // A frame every 600 ms keeps the line busy: no EOL is ever needed.
    for i in 1..=10 {
        h.advance_to(t0 + i * 600);
        h.session
            .send(h.now, stomp::session::SendRequest::new("/app/x", "hi"))
            .unwrap();
        h.pump();
    }
    assert_eq!(h.take_pings(), Vec::<u64>::new());
    // Then silence: the first ping comes one interval after the last frame.
    h.advance(1_500);
    assert_eq!(h.take_pings(), vec![t0 + 6_000 + 1_000]);
}

fn watching(tolerance: f64) -> Harness {
    let config = SessionConfig {
        heart_beat: hb(0, 1_000),
        heart_beat_tolerance: tolerance,
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::v12(1_000, 0));
    h.connect();
    h.take_events();
    h
}

#[test]
fn silent_server_is_lost_after_tolerance_times_interval() {
    for (tolerance, after) in [(2.0, 2_000), (3.0, 3_000), (1.5, 1_500), (0.1, 1_000)] {
        let mut h = watching(tolerance);
        let t0 = h.now;
        h.advance(after - 1);
        assert_eq!(
            h.session.state(),
            &ConnectionState::Connected,
            "{tolerance}"
        );
        h.advance(1);
        let events = h.take_events();
        assert_eq!(events[0], Event::HeartBeatLost, "{tolerance}");
        assert_eq!(
            events[1],
            Event::Disconnected(DisconnectReason::HeartBeatLost)
        );
        assert_eq!(h.closes, vec![t0 + after]);
        assert!(matches!(
            h.session.state(),
            ConnectionState::Reconnecting { attempt: 1, .. }
        ));
    }
}

#[test]
fn any_bytes_count_as_liveness() {
    let mut h = watching(2.0);
    // EOLs, whole frames and even half a frame each reset the clock.
    let inputs: [&[u8]; 4] = [b"\n", b"\r\n", b"RECEIPT\nreceipt-id:x\n\n\0", b"MESS"];
    for input in inputs {
        h.advance(1_900);
        h.server_bytes(input);
        h.pump();
    }
    h.advance(1_999);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert!(!h.take_events().contains(&Event::HeartBeatLost));
    h.advance(1);
    assert!(h.take_events().contains(&Event::HeartBeatLost));
}

#[test]
fn without_negotiated_heart_beats_nothing_times_out() {
    let mut h = Harness::connected();
    assert_eq!(h.session.poll_timeout(), None);
    h.advance(10_000_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert!(h.pings.is_empty());
}

#[test]
fn heart_beat_lost_reconnects_and_resumes() {
    let mut h = watching(2.0);
    h.advance(2_000);
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { .. }
    ));
    h.advance(60_000);
    // The fake broker answers but never pings, so it is lost again and again — each time
    // after a fresh CONNECTED.
    assert!(h.opens.len() >= 2);
    let connected = h
        .events
        .iter()
        .filter(|e| matches!(e, Event::Connected { .. }))
        .count();
    assert_eq!(connected, h.opens.len() - 1);
}
