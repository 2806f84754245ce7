#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    ConnectionState, DisconnectReason, Event, HeartBeat, ProtocolViolation, SessionConfig,
};
use stomp::{Command, Frame, Version};
use support::{Broker, Harness};

#[test]
fn connect_frame_carries_every_configured_header() {
    let config = SessionConfig {
        host: Some("/".into()),
        login: Some("guest".into()),
        passcode: Some("p:w".into()),
        connect_headers: vec![("X-Token".into(), "abc".into())],
        heart_beat: HeartBeat {
            outgoing_ms: 4000,
            incoming_ms: 5000,
        },
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::Silent);
    h.connect();
    assert_eq!(h.opens.len(), 1);
    let frames = h.take_frames();
    assert_eq!(frames.len(), 1);
    let c = &frames[0];
    assert_eq!(c.command, Command::Connect);
    assert_eq!(c.get("accept-version"), Some("1.0,1.1,1.2"));
    assert_eq!(c.get("host"), Some("/"));
    assert_eq!(c.get("login"), Some("guest"));
    assert_eq!(c.get("passcode"), Some("p:w"));
    assert_eq!(c.get("heart-beat"), Some("4000,5000"));
    assert_eq!(c.get("X-Token"), Some("abc"));
    assert_eq!(
        h.session.state(),
        &ConnectionState::Connecting { attempt: 0 }
    );
}

#[test]
fn offered_versions_go_out_ascending_and_once() {
    let config = SessionConfig {
        accept_versions: vec![Version::V1_1, Version::V1_2, Version::V1_1],
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::Silent);
    h.connect();
    let c = &h.take_frames()[0];
    assert_eq!(c.get("accept-version"), Some("1.1,1.2"));
}

#[test]
fn stomp_command_and_restricted_versions() {
    let config = SessionConfig {
        use_stomp_command: true,
        accept_versions: vec![Version::V1_2, Version::V1_1],
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::Silent);
    h.connect();
    let c = &h.take_frames()[0];
    assert_eq!(c.command, Command::Stomp);
    assert_eq!(c.get("accept-version"), Some("1.1,1.2"));
    assert_eq!(c.get("host"), None);
    assert_eq!(c.get("login"), None);
}

#[test]
fn version_comes_from_connected_and_defaults_to_1_0() {
    for (header, expected) in [
        (Some("1.2"), Version::V1_2),
        (Some("1.1"), Version::V1_1),
        (None, Version::V1_0),
    ] {
        let mut h = Harness::new(Harness::quiet_config(), Broker::version(header));
        assert_eq!(h.session.version(), None);
        h.connect();
        assert_eq!(h.session.version(), Some(expected), "{header:?}");
        let connected = h
            .take_events()
            .into_iter()
            .find_map(|e| match e {
                Event::Connected { version, .. } => Some(version),
                _ => None,
            })
            .unwrap();
        assert_eq!(connected, expected);
    }
}

#[test]
fn connected_event_reports_server_session_and_heart_beat() {
    let mut h = Harness::new(SessionConfig::default(), Broker::v12(15_000, 0));
    h.connect();
    let events = h.take_events();
    assert_eq!(
        events[..2],
        [
            Event::StateChanged(ConnectionState::Connecting { attempt: 0 }),
            Event::StateChanged(ConnectionState::Connected),
        ]
    );
    match &events[2] {
        Event::Connected {
            version,
            server,
            session,
            heart_beat,
            headers,
        } => {
            assert_eq!(*version, Version::V1_2);
            assert_eq!(server.as_deref(), Some("fake/1.0"));
            assert_eq!(session.as_deref(), Some("sess-1"));
            // we send: cx=10000 vs sy=0 → none; we expect: max(sx=15000, cy=10000)
            assert_eq!(*heart_beat, (0, 15_000));
            assert_eq!(headers.get("heart-beat"), Some("15000,0"));
        }
        other => panic!("expected Connected, got {other:?}"),
    }
}

#[test]
fn version_not_offered_is_a_protocol_error() {
    let config = SessionConfig {
        accept_versions: vec![Version::V1_2],
        ..Harness::quiet_config()
    };
    for bad in ["1.1", "2.0", ""] {
        let mut h = Harness::new(config.clone(), Broker::version(Some(bad)));
        h.connect();
        let events = h.take_events();
        assert!(
            events.contains(&Event::ProtocolError(
                ProtocolViolation::UnsupportedVersion(bad.into())
            )),
            "{bad}: {events:?}"
        );
        assert_eq!(h.closes.len(), 1);
        assert!(matches!(
            h.session.state(),
            ConnectionState::Reconnecting { attempt: 1, .. }
        ));
    }
}

#[test]
fn connect_timeout_closes_and_reconnects() {
    let config = SessionConfig {
        connect_timeout_ms: 3_000,
        ..Harness::quiet_config()
    };
    let mut h = Harness::new(config, Broker::Silent);
    h.connect();
    let start = h.now;
    assert_eq!(h.session.poll_timeout(), Some(start + 3_000));
    h.advance(2_999);
    assert_eq!(h.closes, Vec::<u64>::new());
    h.advance(1);
    assert_eq!(h.closes, vec![start + 3_000]);
    assert_eq!(h.disconnects(), vec![DisconnectReason::ConnectTimeout]);
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
}

#[test]
fn error_before_connected_is_a_rejection_without_reconnect() {
    let mut h = Harness::new(
        Harness::quiet_config(),
        Broker::Reject("Bad credentials".into()),
    );
    h.connect();
    let events = h.take_events();
    let err = events
        .iter()
        .find_map(|e| match e {
            Event::ErrorFrame(se) => Some(se.clone()),
            _ => None,
        })
        .expect("ErrorFrame event");
    assert_eq!(err.message.as_deref(), Some("Bad credentials"));
    let rejected = DisconnectReason::Rejected {
        message: Some("Bad credentials".into()),
    };
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(rejected.clone())
    );
    assert_eq!(h.closes.len(), 1, "we close the socket ourselves");
    assert_eq!(h.session.poll_timeout(), None, "no reconnect is scheduled");
    h.advance(1_000_000);
    assert_eq!(h.opens.len(), 1);
    assert_eq!(
        rejected.to_string(),
        "the server refused the connection: Bad credentials"
    );
}

#[test]
fn transport_failure_before_open_reconnects() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::Down);
    h.connect();
    assert_eq!(
        h.disconnects(),
        vec![DisconnectReason::TransportClosed {
            code: 1006,
            reason: String::new()
        }]
    );
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    h.broker = Broker::v12(0, 0);
    h.advance(60_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(h.opens.len(), 2);
}

#[test]
fn tap_frames_reports_both_directions_and_hides_the_passcode() {
    let config = SessionConfig {
        tap_frames: true,
        login: Some("u".into()),
        passcode: Some("secret".into()),
        heart_beat: HeartBeat {
            outgoing_ms: 1000,
            incoming_ms: 0,
        },
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::v12(0, 1000));
    h.connect();
    h.server_bytes(b"\n");
    h.advance(1000);
    let events = h.take_events();
    let out: Vec<&Option<Frame>> = events
        .iter()
        .filter_map(|e| match e {
            Event::FrameOut { frame, .. } => Some(frame),
            _ => None,
        })
        .collect();
    let connect = out[0].as_ref().unwrap();
    assert_eq!(connect.command, Command::Connect);
    assert_eq!(connect.get("passcode"), Some("***"));
    assert_eq!(connect.get("login"), Some("u"));
    assert_eq!(out[1], &None, "the ping");
    assert_eq!(
        h.frames[0].get("passcode"),
        Some("secret"),
        "the wire has it"
    );
    let ins: Vec<Option<Command>> = events
        .iter()
        .filter_map(|e| match e {
            Event::FrameIn { frame, .. } => Some(frame.as_ref().map(|f| f.command)),
            _ => None,
        })
        .collect();
    assert_eq!(ins, vec![Some(Command::Connected), None]);
}

#[test]
fn no_tap_events_by_default() {
    let mut h = Harness::connected();
    h.server_bytes(b"\n");
    h.session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    let events = h.take_events();
    assert!(!events
        .iter()
        .any(|e| matches!(e, Event::FrameIn { .. } | Event::FrameOut { .. })));
}

#[test]
fn decoder_follows_the_negotiated_version() {
    // `\r` is an escape in 1.2 only; in 1.1 it is undefined, which the spec makes fatal.
    let raw = |sub: &str| {
        format!("MESSAGE\nsubscription:{sub}\ndestination:/q\nmessage-id:1\nx:a\\r\\cb\n\nhi\0")
    };
    let mut h12 = Harness::new(Harness::quiet_config(), Broker::version(Some("1.2")));
    let sub = h12
        .session
        .subscribe(h12.now, "/q", Default::default())
        .unwrap();
    h12.connect();
    h12.take_events();
    h12.server_bytes(raw(&sub.to_string()).as_bytes());
    match &h12.take_events()[..] {
        [Event::Message(m)] => assert_eq!(m.frame.get("x"), Some("a\r:b")),
        other => panic!("{other:?}"),
    }
    let mut h11 = Harness::new(Harness::quiet_config(), Broker::version(Some("1.1")));
    let sub = h11
        .session
        .subscribe(h11.now, "/q", Default::default())
        .unwrap();
    h11.connect();
    h11.take_events();
    h11.server_bytes(raw(&sub.to_string()).as_bytes());
    assert!(matches!(
        &h11.take_events()[0],
        Event::ProtocolError(ProtocolViolation::Decode(_))
    ));
}
