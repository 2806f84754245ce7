#![cfg(not(target_arch = "wasm32"))] // native only: fake brokers and clock

//! Several broker URLs: a dead first one, a node lost mid-session (closed or silent), all
//! down, shuffled order, and that one URL behaves as before.

mod support;

use stomp::session::{
    ConnectionState, DisconnectReason, Event, ReconnectPolicy, SendRequest, SessionConfig,
    SubscribeOptions,
};
use stomp::{Command, Frame};
use support::{Broker, Harness};

const A: &str = "ws://127.0.0.1:1/ws";
const B: &str = "ws://127.0.0.1:2/ws";
const C: &str = "ws://127.0.0.1:3/ws";

fn no_jitter() -> ReconnectPolicy {
    ReconnectPolicy {
        jitter: 0.0,
        max_delay_ms: 10_000,
        ..ReconnectPolicy::default()
    }
}

/// A session over A, B, C (in order, no jitter), each node up or down as given.
fn cluster(a: Broker, b: Broker, c: Broker) -> Harness {
    let config = SessionConfig {
        endpoints: vec![A.into(), B.into(), C.into()],
        reconnect: no_jitter(),
        ..Harness::quiet_config()
    };
    let mut h = Harness::new(config, Broker::Down);
    h.brokers_by_url = vec![(A.into(), a), (B.into(), b), (C.into(), c)];
    h
}

fn urls(h: &Harness) -> Vec<&str> {
    h.opened_urls
        .iter()
        .map(|u| u.as_deref().unwrap_or("-"))
        .collect()
}

fn endpoint_changes(events: &[Event]) -> Vec<(usize, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::EndpointChanged { index, url } => Some((*index, url.clone())),
            _ => None,
        })
        .collect()
}

fn up() -> Broker {
    Broker::v12(0, 0)
}

#[test]
fn a_dead_first_url_costs_one_initial_delay_then_the_next_one_is_kept() {
    let mut h = cluster(Broker::Down, up(), up());
    assert_eq!(h.session.endpoint(), Some((0, A)));
    h.connect();
    h.advance(1_500);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(urls(&h), [A, B]);
    assert_eq!(h.opens[1] - h.opens[0], 1_000, "the initial delay, no more");
    assert_eq!(h.session.endpoint(), Some((1, B)));
    assert_eq!(endpoint_changes(&h.events), [(1, B.to_owned())]);
    // Stays there while it works.
    h.advance(600_000);
    assert_eq!(urls(&h), [A, B]);
}

#[test]
fn a_node_lost_mid_session_moves_to_the_next_with_subscriptions_and_outbox() {
    let mut h = cluster(up(), up(), up());
    let room = h
        .session
        .subscribe(h.now, "/topic/room", SubscribeOptions::default())
        .unwrap();
    h.connect();
    h.advance(20_000); // healthy: the attempt count starts over on loss
    let unconfirmed = h
        .session
        .send(
            h.now,
            SendRequest::new("/topic/room", "in flight").with_receipt(),
        )
        .unwrap();
    h.pump();
    h.take_frames();
    h.take_events();
    let lost_at = h.now;
    h.server_close(1006); // kill -9 of the node: the socket just drops
    h.session
        .send(h.now, SendRequest::new("/topic/room", "while away"))
        .unwrap();
    h.auto_receipt = true;
    h.advance(5_000);
    assert_eq!(urls(&h), [A, B]);
    assert_eq!(h.opens[1] - lost_at, 1_000, "back after the initial delay");
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    let subs = h.frames_of(Command::Subscribe);
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].get("id"), Some(room.to_string().as_str()));
    let sends: Vec<_> = h
        .frames_of(Command::Send)
        .iter()
        .map(|f| f.body_text().unwrap().to_owned())
        .collect();
    assert_eq!(
        sends,
        ["in flight", "while away"],
        "replayed in order, once"
    );
    let events = h.take_events();
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Send { id, state: stomp::session::SendState::Delivered } if *id == unconfirmed
    )));
    assert_eq!(endpoint_changes(&events), [(1, B.to_owned())]);
}

#[test]
fn a_silent_node_is_left_within_the_heart_beat_tolerance_plus_the_initial_delay() {
    // Heart-beats every 1000 ms from the server, which then falls silent (a hung VM).
    let config = SessionConfig {
        endpoints: vec![A.into(), B.into(), C.into()],
        reconnect: no_jitter(),
        heart_beat: stomp::session::HeartBeat {
            outgoing_ms: 0,
            incoming_ms: 1_000,
        },
        ..SessionConfig::default()
    };
    let mut h = Harness::new(config, Broker::Down);
    let beating = Broker::v12(1_000, 0);
    h.brokers_by_url = vec![
        (A.into(), beating.clone()),
        (B.into(), beating),
        (C.into(), up()),
    ];
    h.connect();
    let connected_at = h.now;
    h.advance(10_000);
    assert_eq!(
        h.disconnects()[0],
        DisconnectReason::HeartBeatLost,
        "silence is noticed"
    );
    assert_eq!(urls(&h)[..2], [A, B]);
    // 3 x 1000 ms of silence, then the 1000 ms initial delay.
    assert_eq!(h.opens[1] - connected_at, 4_000);
}

#[test]
fn all_down_cycles_the_list_and_backs_off_per_pass() {
    let mut h = cluster(Broker::Down, Broker::Down, Broker::Down);
    h.connect();
    h.advance(40_000);
    assert_eq!(urls(&h)[..7], [A, B, C, A, B, C, A]);
    let gaps: Vec<u64> = h.opens.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(
        gaps[..9],
        [1_000, 1_000, 1_000, 2_000, 2_000, 2_000, 4_000, 4_000, 4_000]
    );
}

#[test]
fn a_graceful_disconnect_and_connect_stays_on_the_same_node() {
    let mut h = cluster(Broker::Down, up(), up());
    h.connect();
    h.advance(1_500);
    h.session.disconnect(h.now);
    h.pump();
    // The broker does not answer DISCONNECT here: the session closes after its timeout.
    h.advance(5_000);
    assert!(matches!(h.session.state(), ConnectionState::Closed(_)));
    h.connect();
    assert_eq!(urls(&h), [A, B, B]);
}

#[test]
fn shuffled_clients_spread_over_the_nodes() {
    let mut firsts = std::collections::HashSet::new();
    for seed in 1..40 {
        let config = SessionConfig {
            endpoints: vec![A.into(), B.into(), C.into()],
            shuffle_endpoints: true,
            seed,
            ..Harness::quiet_config()
        };
        let mut h = Harness::new(config, up());
        h.connect();
        assert_eq!(h.session.state(), &ConnectionState::Connected);
        let mut order = h.session.endpoints().to_vec();
        order.sort();
        assert_eq!(order, [A, B, C]);
        firsts.insert(h.opened_urls[0].clone().unwrap());
    }
    assert_eq!(firsts.len(), 3);
}

#[test]
fn one_url_behaves_as_before() {
    let config = SessionConfig {
        endpoints: vec![A.into()],
        reconnect: no_jitter(),
        ..Harness::quiet_config()
    };
    let mut h = Harness::new(config, up());
    h.connect();
    h.server_close(1006);
    h.advance(100);
    h.broker = Broker::Down;
    h.advance(30_000);
    let gaps: Vec<u64> = h.opens.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps[..4], [1_000, 2_000, 4_000, 8_000]);
    assert!(urls(&h).iter().all(|u| *u == A));
    assert!(endpoint_changes(&h.events).is_empty());
}

fn stream_message(h: &mut Harness, sub: &str, offset: u64) {
    let f = Frame::new(Command::Message)
        .header("subscription", sub)
        .header("destination", "/amq/queue/room-s")
        .header("message-id", &format!("m{offset}"))
        .header("ack", &format!("a{offset}"))
        .header("x-stream-offset", &offset.to_string())
        .body(format!("msg {offset}"));
    h.server_send(f);
}

#[test]
fn a_stream_consumer_resumes_after_the_last_offset_on_the_next_node() {
    let mut h = cluster(up(), up(), up());
    let opts = SubscribeOptions {
        ack: stomp::session::AckMode::Client,
        headers: vec![
            ("x-stream-offset".into(), "first".into()),
            ("prefetch-count".into(), "50".into()),
        ],
        ..SubscribeOptions::default()
    };
    let plain = h
        .session
        .subscribe(h.now, "/topic/other", SubscribeOptions::default())
        .unwrap();
    let stream = h
        .session
        .subscribe(h.now, "/amq/queue/room-s", opts)
        .unwrap();
    h.connect();
    let first = h.frames_of(Command::Subscribe)[1].clone();
    assert_eq!(first.get("x-stream-offset"), Some("first"));
    // A reconnect before anything arrived asks for the same start again.
    h.server_close(1006);
    h.advance(1_500);
    let again = h.frames_of(Command::Subscribe)[3].clone();
    assert_eq!(again.get("x-stream-offset"), Some("first"));
    let id = stream.to_string();
    for offset in [0, 1, 2, 7] {
        stream_message(&mut h, &id, offset);
    }
    // A message of another subscription with the header changes nothing.
    h.message(&plain.to_string(), "/topic/other", "x", "not a stream");
    h.take_frames();
    h.server_close(1006);
    h.advance(1_500);
    assert_eq!(urls(&h), [A, B, C]);
    let subs = h.frames_of(Command::Subscribe);
    let resumed = subs
        .iter()
        .find(|f| f.get("id") == Some(id.as_str()))
        .unwrap();
    assert_eq!(resumed.get("x-stream-offset"), Some("offset=8"));
    assert_eq!(
        resumed.get("prefetch-count"),
        Some("50"),
        "other headers kept"
    );
    assert_eq!(
        resumed
            .headers
            .iter()
            .filter(|(n, _)| *n == "x-stream-offset")
            .count(),
        1
    );
    let other = subs
        .iter()
        .find(|f| f.get("id") == Some(plain.to_string().as_str()))
        .unwrap();
    assert_eq!(other.get("x-stream-offset"), None);
}
