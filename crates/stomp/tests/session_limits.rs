//! Nothing is held without bound or without a reason: failed subscriptions leave nothing
//! behind, messages awaiting ACK are bounded, garbage from the server fails at once, and
//! split frames stay valid text.
#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    AckMode, ConnectionState, DisconnectReason, Event, ProtocolViolation, ReconnectPolicy,
    SendFailure, SendRequest, Session, SessionConfig, SessionError, SubscribeOptions,
    SubscriptionId, Transmit,
};
use stomp::{Command, DecodeError, Frame};
use support::{Broker, Harness};

fn receipted() -> SubscribeOptions {
    SubscribeOptions {
        receipt: true,
        ..Default::default()
    }
}

fn listed(h: &Harness) -> Vec<SubscriptionId> {
    h.session.subscriptions().map(|(id, _)| id).collect()
}

fn replayed(h: &Harness) -> Vec<String> {
    h.frames_of(Command::Subscribe)
        .iter()
        .map(|f| f.get("destination").unwrap().to_owned())
        .collect()
}

#[test]
fn a_rejected_subscribe_is_not_listed_nor_replayed() {
    let mut h = Harness::connected();
    let ok = h
        .session
        .subscribe(h.now, "/topic/ok", Default::default())
        .unwrap();
    let bad = h
        .session
        .subscribe(h.now, "/topic/no", receipted())
        .unwrap();
    h.pump();
    let r = h.take_frames()[1].get("receipt").unwrap().to_owned();
    h.server_send(
        Frame::new(Command::Error)
            .header("receipt-id", &r)
            .header("message", "forbidden"),
    );
    assert!(h.take_events().contains(&Event::SubscribeFailed {
        id: bad,
        reason: SendFailure::Rejected("forbidden".into())
    }));
    assert_eq!(listed(&h), [ok]);
    assert_eq!(
        h.session.unsubscribe(h.now, &bad),
        Err(SessionError::UnknownSubscription(bad))
    );
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(replayed(&h), ["/topic/ok"]);
}

#[test]
fn a_subscribe_given_up_is_not_listed_nor_replayed() {
    let config = SessionConfig {
        max_send_attempts: 2,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let doomed = h.session.subscribe(h.now, "/queue/", receipted()).unwrap();
    for _ in 0..2 {
        h.pump();
        h.server_close(1000);
        h.session.reconnect_now(h.now);
    }
    h.take_frames();
    h.pump();
    assert!(h.take_events().contains(&Event::SubscribeFailed {
        id: doomed,
        reason: SendFailure::TooManyAttempts { attempts: 2 }
    }));
    assert!(listed(&h).is_empty());
    assert!(replayed(&h).is_empty());
    h.server_close(1000);
    h.session.reconnect_now(h.now);
    h.pump();
    assert!(replayed(&h).is_empty(), "and never again");
}

#[test]
fn closing_for_good_forgets_subscriptions_the_server_never_confirmed() {
    let config = SessionConfig {
        reconnect: ReconnectPolicy {
            enabled: false,
            ..ReconnectPolicy::default()
        },
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let active = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    let pending = h.session.subscribe(h.now, "/topic/b", receipted()).unwrap();
    h.pump();
    h.server_close(1011);
    assert!(matches!(h.session.state(), ConnectionState::Closed(_)));
    let failed: Vec<_> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::SubscribeFailed { id, reason } => Some((id, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(failed, [(pending, SendFailure::SessionClosed)]);
    assert_eq!(
        listed(&h),
        [active],
        "the server had this one: kept for a reconnect"
    );
    h.take_frames();
    h.connect();
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(
        replayed(&h),
        ["/topic/a"],
        "the unconfirmed one is not replayed"
    );
}

#[test]
fn a_subscribe_never_written_fails_when_the_connect_is_refused() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::Reject("bad login".into()));
    let never = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    h.connect();
    assert!(matches!(h.session.state(), ConnectionState::Closed(_)));
    assert!(h.take_events().contains(&Event::SubscribeFailed {
        id: never,
        reason: SendFailure::SessionClosed
    }));
    assert!(listed(&h).is_empty());
    h.broker = Broker::v12(0, 0);
    h.take_frames();
    h.connect();
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert!(replayed(&h).is_empty());
}

#[test]
fn messages_awaiting_ack_are_bounded_oldest_forgotten_first() {
    let config = SessionConfig {
        max_unacked: 3,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let opts = SubscribeOptions {
        ack: AckMode::ClientIndividual,
        ..Default::default()
    };
    let sub = h.session.subscribe(h.now, "/queue/q", opts).unwrap();
    h.pump();
    h.take_events();
    for i in 0..5 {
        h.message(&sub.to_string(), "/queue/q", &format!("m{i}"), "x");
    }
    let events = h.take_events();
    let limits: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e, Event::UnackedLimit { .. }))
        .collect();
    assert_eq!(
        limits,
        [&Event::UnackedLimit {
            subscription: sub,
            limit: 3
        }],
        "reported once"
    );
    let tokens: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Message(m) => m.ack,
            _ => None,
        })
        .collect();
    assert_eq!(tokens.len(), 5, "every message is still delivered");
    for old in &tokens[..2] {
        assert_eq!(h.session.ack(h.now, old), Err(SessionError::UnknownMessage));
    }
    for recent in &tokens[2..] {
        assert_eq!(h.session.ack(h.now, recent), Ok(()));
    }
    // A new connection starts a new count, and may report again.
    h.server_close(1006);
    h.session.reconnect_now(h.now);
    h.pump();
    h.take_events();
    for i in 0..4 {
        h.message(&sub.to_string(), "/queue/q", &format!("n{i}"), "x");
    }
    let again = h.take_events();
    assert_eq!(
        again
            .iter()
            .filter(|e| matches!(e, Event::UnackedLimit { .. }))
            .count(),
        1
    );
}

#[test]
fn garbage_from_the_server_closes_at_its_first_line_break() {
    let mut h = Harness::connected();
    // Binary noise with a line break early and no blank line ever.
    let mut noise = vec![0xAB_u8; 2048];
    noise[5] = b'\n';
    h.server_bytes(&noise[..6]);
    let events = h.take_events();
    let violation = events.iter().find_map(|e| match e {
        Event::ProtocolError(v) => Some(v.clone()),
        _ => None,
    });
    assert!(
        matches!(
            violation,
            Some(ProtocolViolation::Decode(DecodeError::UnknownCommand(_)))
        ),
        "{events:?}"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Disconnected(DisconnectReason::ProtocolError(_)))));
    assert!(matches!(
        h.session.state(),
        ConnectionState::Reconnecting { .. }
    ));
    assert_eq!(h.closes.len(), 1, "the socket is closed");
}

#[test]
fn split_text_frames_are_valid_text_in_every_message() {
    let mut s = Session::new(SessionConfig {
        max_ws_message: 64,
        heart_beat: stomp::session::HeartBeat::NONE,
        ..SessionConfig::default()
    });
    s.connect(0);
    s.handle_open(0);
    s.handle_bytes(0, b"CONNECTED\nversion:1.2\n\n\0");
    while s.poll_transmit().is_some() {}
    s.send(
        0,
        SendRequest::new("/app/chat", "Привет, мир! 😀 ".repeat(20)),
    )
    .unwrap();
    let messages: Vec<Vec<u8>> = std::iter::from_fn(|| s.poll_transmit())
        .map(|t| match t {
            Transmit::Bytes(b) => b,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(messages.len() > 5);
    for m in &messages {
        assert!(m.len() <= 64);
        assert!(std::str::from_utf8(m).is_ok(), "{m:?}");
    }
}
