#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{AckMode, AckToken, Event, SessionError, SubscribeOptions, SubscriptionId};
use stomp::{Command, Frame, Version};
use support::{Broker, Harness};

fn connected(version: Option<&str>) -> Harness {
    let mut h = Harness::new(Harness::quiet_config(), Broker::version(version));
    h.connect();
    h.take_frames();
    h.take_events();
    h
}

fn subscribe(h: &mut Harness, ack: AckMode) -> SubscriptionId {
    let opts = SubscribeOptions {
        ack,
        ..Default::default()
    };
    let id = h.session.subscribe(h.now, "/queue/q", opts).unwrap();
    h.pump();
    h.take_frames();
    id
}

/// Delivers MESSAGEs with ids `m0..mN` (and 1.2 `ack` headers `a-m0..`) and returns tokens.
fn deliver(h: &mut Harness, sub: SubscriptionId, n: usize) -> Vec<Option<AckToken>> {
    for i in 0..n {
        h.message(&sub.to_string(), "/queue/q", &format!("m{i}"), "x");
    }
    h.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Message(m) => Some(m.ack),
            _ => None,
        })
        .collect()
}

#[test]
fn ack_headers_per_version() {
    // (CONNECTED version, ACK headers expected for message m0)
    type Headers<'a> = &'a [(&'a str, &'a str)];
    let table: [(Option<&str>, Headers); 3] = [
        (Some("1.2"), &[("id", "a-m0")]),
        (
            Some("1.1"),
            &[("subscription", "sub-0"), ("message-id", "m0")],
        ),
        (None, &[("message-id", "m0")]),
    ];
    for (version, expected) in table {
        let mut h = connected(version);
        let sub = subscribe(&mut h, AckMode::ClientIndividual);
        let tokens = deliver(&mut h, sub, 1);
        h.session.ack(h.now, tokens[0].as_ref().unwrap()).unwrap();
        h.pump();
        let frames = h.take_frames();
        assert_eq!(frames.len(), 1);
        assert_eq!(frames[0].command, Command::Ack);
        let got: Vec<(&str, &str)> = frames[0].headers.iter().collect();
        assert_eq!(got, expected, "{version:?}");
    }
}

#[test]
fn auto_subscriptions_give_no_token() {
    let mut h = connected(Some("1.2"));
    let sub = subscribe(&mut h, AckMode::Auto);
    assert_eq!(deliver(&mut h, sub, 2), [None, None]);
}

#[test]
fn client_mode_is_cumulative() {
    let mut h = connected(Some("1.2"));
    let sub = subscribe(&mut h, AckMode::Client);
    let t: Vec<AckToken> = deliver(&mut h, sub, 4).into_iter().flatten().collect();
    h.session.ack(h.now, &t[2]).unwrap();
    h.pump();
    assert_eq!(h.take_frames()[0].get("id"), Some("a-m2"));
    // m0..m2 are settled by that one ACK; m3 is still pending.
    for earlier in &t[..3] {
        assert_eq!(
            h.session.ack(h.now, earlier),
            Err(SessionError::UnknownMessage)
        );
    }
    h.session.nack(h.now, &t[3]).unwrap();
    h.pump();
    let f = h.take_frames();
    assert_eq!(
        (f[0].command, f[0].get("id")),
        (Command::Nack, Some("a-m3"))
    );
}

#[test]
fn client_individual_settles_one_at_a_time() {
    let mut h = connected(Some("1.2"));
    let sub = subscribe(&mut h, AckMode::ClientIndividual);
    let t: Vec<AckToken> = deliver(&mut h, sub, 3).into_iter().flatten().collect();
    h.session.ack(h.now, &t[1]).unwrap();
    h.session.ack(h.now, &t[0]).unwrap();
    h.session.nack(h.now, &t[2]).unwrap();
    assert_eq!(
        h.session.ack(h.now, &t[1]),
        Err(SessionError::UnknownMessage)
    );
    h.pump();
    let ids: Vec<(Command, &str)> = h
        .frames
        .iter()
        .map(|f| (f.command, f.get("id").unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            (Command::Ack, "a-m1"),
            (Command::Ack, "a-m0"),
            (Command::Nack, "a-m2")
        ]
    );
}

#[test]
fn tokens_die_with_the_connection() {
    let mut h = connected(Some("1.2"));
    let sub = subscribe(&mut h, AckMode::Client);
    let t = deliver(&mut h, sub, 1)[0].unwrap();
    h.server_close(1006);
    assert_eq!(h.session.ack(h.now, &t), Err(SessionError::NotConnected));
    h.advance(60_000);
    assert_eq!(h.session.version(), Some(Version::V1_2));
    assert_eq!(h.session.ack(h.now, &t), Err(SessionError::UnknownMessage));
}

#[test]
fn nack_does_not_exist_in_1_0() {
    let mut h = connected(None);
    let sub = subscribe(&mut h, AckMode::Client);
    let t = deliver(&mut h, sub, 1)[0].unwrap();
    assert_eq!(
        h.session.nack(h.now, &t),
        Err(SessionError::Unsupported {
            command: "NACK",
            version: Version::V1_0
        })
    );
    h.session.ack(h.now, &t).unwrap();
}

#[test]
fn unsubscribed_tokens_and_stray_messages() {
    let mut h = connected(Some("1.2"));
    let sub = subscribe(&mut h, AckMode::Client);
    let t = deliver(&mut h, sub, 1)[0].unwrap();
    h.session.unsubscribe(h.now, &sub).unwrap();
    assert_eq!(h.session.ack(h.now, &t), Err(SessionError::UnknownMessage));
    // A message still in flight for the old subscription is not delivered to it: it is
    // reported as unhandled, with no ack token.
    h.message(&sub.to_string(), "/queue/q", "late", "x");
    let events = h.take_events();
    assert!(
        matches!(&events[..], [Event::UnhandledMessage(f)] if f.get("message-id") == Some("late")),
        "{events:?}"
    );
}

#[test]
fn message_without_subscription_header_routes_by_destination() {
    // STOMP 1.0 brokers may leave `subscription` out.
    let mut h = connected(None);
    let sub = subscribe(&mut h, AckMode::Auto);
    h.server_send(
        Frame::new(Command::Message)
            .header("destination", "/queue/q")
            .header("message-id", "7")
            .body("hi"),
    );
    let events = h.take_events();
    match &events[..] {
        [Event::Message(m)] => {
            assert_eq!(m.subscription, sub);
            assert_eq!(m.destination(), "/queue/q");
            assert_eq!(m.message_id(), Some("7"));
            assert_eq!(m.body(), b"hi");
        }
        other => panic!("{other:?}"),
    }
}
