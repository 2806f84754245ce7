#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    ConnectionState, Event, SendFailure, SendRequest, SendState, SessionConfig, SessionError,
};
use stomp::{Command, Frame};
use support::{states_of, Broker, Harness};

fn bodies(frames: &[&Frame]) -> Vec<String> {
    frames
        .iter()
        .map(|f| f.body_text().unwrap().to_owned())
        .collect()
}

#[test]
fn sends_while_offline_are_flushed_in_order_after_resubscribing() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::Down);
    let sub = h
        .session
        .subscribe(h.now, "/topic/room", Default::default())
        .unwrap();
    for i in 0..5 {
        h.session
            .send(h.now, SendRequest::new("/app/chat", format!("m{i}")))
            .unwrap();
    }
    h.connect();
    assert_eq!(h.session.outbox_len(), 5);
    assert!(h.frames.is_empty());
    h.broker = Broker::v12(0, 0);
    h.advance(60_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    let commands: Vec<Command> = h.frames.iter().map(|f| f.command).collect();
    assert_eq!(
        commands,
        [
            Command::Connect,
            Command::Subscribe,
            Command::Send,
            Command::Send,
            Command::Send,
            Command::Send,
            Command::Send
        ]
    );
    assert_eq!(h.frames[1].get("id"), Some(sub.to_string().as_str()));
    assert_eq!(
        bodies(&h.frames_of(Command::Send)),
        ["m0", "m1", "m2", "m3", "m4"]
    );
    assert_eq!(h.session.outbox_len(), 0, "fire-and-forget once written");
}

#[test]
fn outbox_is_bounded_and_says_so() {
    let config = SessionConfig {
        outbox_limit: 3,
        ..Harness::quiet_config()
    };
    let mut h = Harness::new(config, Broker::Down);
    for i in 0..3 {
        h.session
            .send(h.now, SendRequest::new("/app/a", format!("{i}")))
            .unwrap();
    }
    assert_eq!(
        h.session.send(h.now, SendRequest::new("/app/a", "x")),
        Err(SessionError::OutboxFull { limit: 3 })
    );
    assert_eq!(h.session.outbox_len(), 3);
}

#[test]
fn bound_counts_held_receipt_sends_but_not_fire_and_forget() {
    let config = SessionConfig {
        outbox_limit: 2,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    for _ in 0..10 {
        h.session
            .send(h.now, SendRequest::new("/app/a", "ff"))
            .unwrap();
    }
    h.session
        .send(h.now, SendRequest::new("/app/a", "r1").with_receipt())
        .unwrap();
    h.session
        .send(h.now, SendRequest::new("/app/a", "r2").with_receipt())
        .unwrap();
    assert_eq!(
        h.session
            .send(h.now, SendRequest::new("/app/a", "r3").with_receipt()),
        Err(SessionError::OutboxFull { limit: 2 })
    );
    h.pump();
    assert_eq!(
        h.frames_of(Command::Send).len(),
        12,
        "the refused one was not written"
    );
}

#[test]
fn receipt_send_lost_mid_flight_is_resent_exactly_once_in_order() {
    let mut h = Harness::connected();
    let a = h
        .session
        .send(h.now, SendRequest::new("/app/a", "a").with_receipt())
        .unwrap();
    let b = h
        .session
        .send(h.now, SendRequest::new("/app/a", "b").with_receipt())
        .unwrap();
    h.session
        .send(h.now, SendRequest::new("/app/a", "no-receipt"))
        .unwrap();
    h.pump();
    // "a" is confirmed; "b" is not when the connection drops.
    let ra = h.frames[0].get("receipt").unwrap().to_owned();
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &ra));
    h.server_close(1006);
    // Newer sends made while offline queue behind "b".
    h.session
        .send(h.now, SendRequest::new("/app/a", "c"))
        .unwrap();
    h.take_frames();
    h.auto_receipt = true;
    h.advance(60_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(bodies(&h.frames_of(Command::Send)), ["b", "c"]);
    let events = h.take_events();
    assert_eq!(
        states_of(&events, a),
        [SendState::Sent, SendState::Delivered]
    );
    assert_eq!(
        states_of(&events, b),
        [
            SendState::Sent,
            SendState::Queued,
            SendState::Sent,
            SendState::Delivered
        ]
    );
    assert_eq!(h.session.outbox_len(), 0);
    // Another drop and reconnect re-sends nothing: "b" was confirmed.
    h.take_frames();
    h.server_close(1006);
    h.advance(60_000);
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert!(h.frames_of(Command::Send).is_empty());
}

#[test]
fn a_resent_frame_gets_a_fresh_single_receipt_header() {
    let mut h = Harness::connected();
    h.session
        .send(h.now, SendRequest::new("/app/a", "x").with_receipt())
        .unwrap();
    h.pump();
    h.server_close(1006);
    h.advance(60_000);
    let sends = h.frames_of(Command::Send);
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[1].headers.get_all("receipt").count(), 1);
    assert_ne!(sends[0].get("receipt"), sends[1].get("receipt"));
}

#[test]
fn large_frames_are_split_into_websocket_messages() {
    let config = SessionConfig {
        max_ws_message: 100,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    h.messages.clear();
    h.session
        .send(h.now, SendRequest::new("/app/a", "x".repeat(250)))
        .unwrap();
    h.pump();
    assert_eq!(h.messages.len(), 3);
    assert!(h.messages.iter().all(|&m| m <= 100));
    assert_eq!(h.frames_of(Command::Send)[0].body.len(), 250);
}

#[test]
fn send_headers_and_reserved_names() {
    let mut h = Harness::connected();
    h.session
        .send(
            h.now,
            SendRequest::new("/app/a", "{}")
                .content_type("application/json")
                .header("priority", "9")
                .header("destination", "/evil")
                .header("receipt", "mine"),
        )
        .unwrap();
    h.pump();
    let f = h.frames_of(Command::Send)[0].clone();
    assert_eq!(f.get("destination"), Some("/app/a"));
    assert_eq!(f.headers.get_all("destination").count(), 1);
    assert_eq!(f.get("content-type"), Some("application/json"));
    assert_eq!(f.get("priority"), Some("9"));
    assert_eq!(f.get("receipt"), None);
}

#[test]
fn closing_for_good_settles_what_is_left() {
    let config = SessionConfig {
        reconnect: stomp::session::ReconnectPolicy {
            enabled: false,
            ..Default::default()
        },
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let id = h
        .session
        .send(h.now, SendRequest::new("/app/a", "x").with_receipt())
        .unwrap();
    h.server_close(1011);
    let events = h.take_events();
    // Written, not confirmed, and no connection follows to re-send it on.
    assert_eq!(
        states_of(&events, id),
        [SendState::Sent, SendState::Uncertain]
    );
    assert!(matches!(h.session.state(), ConnectionState::Closed(_)));
    assert_eq!(h.session.outbox_len(), 0);
}

#[test]
fn queued_send_that_cannot_be_encoded_fails_visibly() {
    // STOMP 1.0 cannot carry a line break in a header.
    let mut h = Harness::new(Harness::quiet_config(), Broker::version(None));
    let id = h
        .session
        .send(
            h.now,
            SendRequest::new("/app/a", "x").header("note", "two\nlines"),
        )
        .unwrap();
    h.connect();
    let events = h.take_events();
    let states = states_of(&events, id);
    assert!(
        matches!(
            states[..],
            [SendState::Queued, SendState::Failed(SendFailure::Encode(_))]
        ),
        "{states:?}"
    );
    // While connected the same request is refused directly.
    assert!(matches!(
        h.session.send(
            h.now,
            SendRequest::new("/app/a", "x").header("note", "two\nlines")
        ),
        Err(SessionError::Encode(_))
    ));
}

#[test]
fn a_send_that_keeps_killing_the_connection_is_given_up() {
    // RabbitMQ answers some bad SENDs with ERROR lacking receipt-id, or drops the socket:
    // the session cannot tell which frame was guilty, so it bounds the re-sends.
    let config = SessionConfig {
        max_send_attempts: 3,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let poison = h
        .session
        .send(
            h.now,
            SendRequest::new("/exchange/missing", "x").with_receipt(),
        )
        .unwrap();
    h.pump();
    for _ in 0..5 {
        if h.frames_of(Command::Send).is_empty() {
            break;
        }
        h.take_frames();
        h.server_close(1006);
        // Straight back, well within the receipt timeout.
        h.session.reconnect_now(h.now);
        h.pump();
        assert_eq!(h.session.state(), &ConnectionState::Connected);
    }
    let failed: Vec<_> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Send {
                id,
                state: SendState::Failed(reason),
            } => Some((id, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        [(poison, SendFailure::TooManyAttempts { attempts: 3 })]
    );
    assert_eq!(
        h.opens.len(),
        4,
        "written on 3 connections, then left out of the 4th"
    );
    assert_eq!(h.session.outbox_len(), 0);
}

#[test]
fn a_receipted_subscribe_that_keeps_killing_the_connection_is_given_up() {
    // ActiveMQ closes the socket, without ERROR, on a SUBSCRIBE to "/queue/".
    let config = SessionConfig {
        max_send_attempts: 3,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let fine = h
        .session
        .subscribe(h.now, "/topic/fine", Default::default())
        .unwrap();
    let opts = stomp::session::SubscribeOptions {
        receipt: true,
        ..Default::default()
    };
    let poison = h.session.subscribe(h.now, "/queue/", opts).unwrap();
    h.pump();
    let mut writes = 0;
    for _ in 0..5 {
        let subscribes = h.frames_of(Command::Subscribe);
        if !subscribes
            .iter()
            .any(|f| f.get("destination") == Some("/queue/"))
        {
            break;
        }
        writes += 1;
        h.take_frames();
        h.server_close(1000);
        h.session.reconnect_now(h.now);
        h.pump();
        assert_eq!(h.session.state(), &ConnectionState::Connected);
    }
    assert_eq!(writes, 3);
    let failed: Vec<_> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::SubscribeFailed { id, reason } => Some((id, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        [(poison, SendFailure::TooManyAttempts { attempts: 3 })]
    );
    // The other subscription is still replayed; the given-up one is forgotten.
    let replayed: Vec<_> = h
        .frames_of(Command::Subscribe)
        .iter()
        .map(|f| f.get("id").unwrap().to_owned())
        .collect();
    assert_eq!(replayed, [fine.to_string()]);
    assert!(h.session.unsubscribe(h.now, &poison).is_err());
}
