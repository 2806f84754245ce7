#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    AckMode, ConnectionState, DisconnectReason, Event, ProtocolViolation, ReconnectPolicy,
    SessionConfig, SubscribeOptions,
};
use stomp::{Command, Frame};
use support::{Broker, Harness};

fn policy(jitter: f64, max_attempts: Option<u32>) -> ReconnectPolicy {
    ReconnectPolicy {
        enabled: true,
        initial_delay_ms: 1_000,
        max_delay_ms: 10_000,
        multiplier: 2.0,
        jitter,
        max_attempts,
        healthy_after_ms: 5_000,
    }
}

fn down_with(policy: ReconnectPolicy) -> Harness {
    let config = SessionConfig {
        reconnect: policy,
        ..Harness::quiet_config()
    };
    Harness::new(config, Broker::Down)
}

#[test]
fn session_follows_the_backoff_sequence() {
    let mut h = down_with(policy(0.0, None));
    h.connect();
    h.advance(100_000);
    let gaps: Vec<u64> = h.opens.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(
        gaps[..8],
        [1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000]
    );
    let attempts: Vec<u32> = h
        .states()
        .iter()
        .filter_map(|s| match s {
            ConnectionState::Connecting { attempt } => Some(*attempt),
            _ => None,
        })
        .collect();
    assert_eq!(attempts[..5], [0, 1, 2, 3, 4]);
}

#[test]
fn jittered_session_delays_stay_in_bounds_and_differ_by_seed() {
    let mut runs = Vec::new();
    for seed in [1, 2] {
        let config = SessionConfig {
            reconnect: policy(0.5, None),
            seed,
            ..Harness::quiet_config()
        };
        let mut h = Harness::new(config, Broker::Down);
        h.connect();
        h.advance(200_000);
        let gaps: Vec<u64> = h.opens.windows(2).map(|w| w[1] - w[0]).collect();
        for (i, g) in gaps.iter().enumerate() {
            // The un-jittered delay of attempt i + 1: 1 s doubling up to the 10 s cap.
            let base = (1_000u64 << i.min(10)).min(10_000);
            assert!(*g <= base && *g >= base / 2, "gap {i}: {g} vs {base}");
        }
        runs.push(gaps);
    }
    assert_ne!(runs[0], runs[1]);
}

#[test]
fn max_attempts_then_closed_with_the_last_reason() {
    let mut h = down_with(policy(0.0, Some(3)));
    h.connect();
    h.advance(1_000_000);
    assert_eq!(h.opens.len(), 4, "the first connect and 3 retries");
    let expected = DisconnectReason::MaxAttemptsReached {
        attempts: 3,
        last: Box::new(DisconnectReason::TransportClosed {
            code: 1006,
            reason: String::new(),
        }),
    };
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(expected.clone())
    );
    assert_eq!(h.session.poll_timeout(), None);
    assert_eq!(
        expected.to_string(),
        "gave up after 3 attempts to reconnect; the connection closed (code 1006)"
    );
    // `connect` starts over with a fresh count.
    h.broker = Broker::v12(0, 0);
    h.connect();
    assert_eq!(h.session.state(), &ConnectionState::Connected);
}

#[test]
fn disabled_reconnect_closes_on_first_loss() {
    let mut p = policy(0.0, None);
    p.enabled = false;
    let mut h = down_with(p);
    h.connect();
    assert!(matches!(
        h.session.state(),
        ConnectionState::Closed(DisconnectReason::TransportClosed { code: 1006, .. })
    ));
}

#[test]
fn reconnect_now_skips_the_wait() {
    let mut h = down_with(policy(0.0, None));
    h.connect();
    h.advance(1_000);
    assert_eq!(h.opens.len(), 2);
    let ConnectionState::Reconnecting { at_ms, attempt } = h.session.state().clone() else {
        panic!("{:?}", h.session.state())
    };
    assert_eq!((attempt, at_ms), (2, h.now + 2_000));
    h.broker = Broker::v12(0, 0);
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(h.opens.len(), 3);
    // Anywhere else it does nothing.
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(h.opens.len(), 3);
}

#[test]
fn subscriptions_are_replayed_with_the_same_ids_and_unsubscribe_forgets() {
    let mut h = Harness::connected();
    let a = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    let b = h
        .session
        .subscribe(
            h.now,
            "/user/queue/private",
            SubscribeOptions {
                ack: AckMode::ClientIndividual,
                headers: vec![("durable".into(), "true".into())],
                receipt: false,
            },
        )
        .unwrap();
    let c = h
        .session
        .subscribe(h.now, "/topic/c", Default::default())
        .unwrap();
    h.session.unsubscribe(h.now, &c).unwrap();
    h.pump();
    let first: Vec<Frame> = h.take_frames();
    assert_eq!(first.last().unwrap().command, Command::Unsubscribe);
    assert_eq!(
        first.last().unwrap().get("id"),
        Some(c.to_string().as_str())
    );
    h.server_close(1006);
    h.advance(60_000);
    let subs: Vec<(String, String, Option<String>)> = h
        .frames_of(Command::Subscribe)
        .iter()
        .map(|f| {
            (
                f.get("id").unwrap().to_owned(),
                f.get("destination").unwrap().to_owned(),
                f.get("ack").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        subs,
        [
            (a.to_string(), "/topic/a".to_string(), None),
            (
                b.to_string(),
                "/user/queue/private".to_string(),
                Some("client-individual".to_string())
            ),
        ]
    );
    assert_eq!(
        h.frames_of(Command::Subscribe)[1].get("durable"),
        Some("true")
    );
    let remembered: Vec<_> = h.session.subscriptions().collect();
    assert_eq!(remembered, [(a, "/topic/a"), (b, "/user/queue/private")]);
    // Messages to the replayed ids still arrive as theirs.
    h.take_events();
    h.message(&a.to_string(), "/topic/a", "m1", "hello");
    let got = h.take_events();
    assert!(
        matches!(&got[0], Event::Message(m) if m.subscription == a && m.body_text() == Ok("hello"))
    );
}

#[test]
fn error_after_connected_reconnects_with_backoff() {
    let config = SessionConfig {
        reconnect: policy(0.0, None),
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    h.server_send(Frame::new(Command::Error).header("message", "boom"));
    h.pump();
    assert_eq!(h.closes.len(), 1, "we close even if the server does not");
    assert_eq!(
        h.disconnects(),
        [DisconnectReason::ServerError {
            message: Some("boom".into())
        }]
    );
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    h.advance(1_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
}

#[test]
fn error_right_after_connected_does_not_loop_tightly() {
    // The server accepts CONNECT, then refuses every SUBSCRIBE with ERROR: each connection
    // lives 0 ms, so the attempt count must keep growing instead of restarting at 1.
    let config = SessionConfig {
        reconnect: policy(0.0, None),
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    h.session
        .subscribe(h.now, "/topic/forbidden", Default::default())
        .unwrap();
    h.pump();
    let mut gaps = Vec::new();
    for _ in 0..6 {
        h.server_send(Frame::new(Command::Error).header("message", "forbidden"));
        h.pump();
        let ConnectionState::Reconnecting { at_ms, .. } = *h.session.state() else {
            panic!("{:?}", h.session.state())
        };
        gaps.push(at_ms - h.now);
        h.advance_to(at_ms);
        assert_eq!(h.session.state(), &ConnectionState::Connected);
    }
    assert_eq!(gaps, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
}

#[test]
fn attempts_reset_after_a_healthy_connection() {
    let config = SessionConfig {
        reconnect: policy(0.0, None),
        ..Harness::quiet_config()
    };
    let mut h = Harness::new(config, Broker::Down);
    h.connect();
    h.advance(3_000); // attempts 1 and 2 fail
    h.broker = Broker::v12(0, 0);
    h.advance(4_000); // attempt 3 succeeds
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    h.advance(4_999);
    h.server_close(1006);
    assert!(
        matches!(
            h.session.state(),
            ConnectionState::Reconnecting { attempt: 4, .. }
        ),
        "not healthy long enough: {:?}",
        h.session.state()
    );
    h.advance(10_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    h.advance(5_000);
    h.server_close(1006);
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
}

#[test]
fn malformed_bytes_are_a_protocol_error_then_reconnect() {
    let mut h = Harness::connected();
    h.server_bytes(b"BOGUS\n\n\0");
    h.pump();
    let events = h.take_events();
    assert!(matches!(
        &events[0],
        Event::ProtocolError(ProtocolViolation::Decode(_))
    ));
    assert_eq!(h.closes.len(), 1);
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    // Frames after the bad bytes in the same message are not processed.
    let mut h = Harness::connected();
    let sub = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    let mut bytes = b"MESSAGE\nsubscription:x\nbad\n\n\0".to_vec();
    bytes.extend_from_slice(
        format!("MESSAGE\nsubscription:{sub}\ndestination:/topic/a\nmessage-id:1\n\nhi\0")
            .as_bytes(),
    );
    h.server_bytes(&bytes);
    assert!(!h
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::Message(_))));
}

#[test]
fn client_only_frames_from_the_server_are_protocol_errors() {
    let mut h = Harness::connected();
    h.server_send(Frame::new(Command::Send).header("destination", "/x"));
    h.pump();
    assert!(h
        .events
        .contains(&Event::ProtocolError(ProtocolViolation::UnexpectedFrame(
            Command::Send
        ))));
    assert_eq!(
        h.disconnects(),
        [DisconnectReason::ProtocolError(
            ProtocolViolation::UnexpectedFrame(Command::Send)
        )]
    );
}
