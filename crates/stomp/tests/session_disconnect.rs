#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    ConnectionState, DisconnectReason, Event, ProtocolViolation, ReceiptFor, SendFailure,
    SendRequest, SendState, SessionConfig, SessionError,
};
use stomp::Command;
use support::{states_of, Broker, Harness};

fn config() -> SessionConfig {
    SessionConfig {
        disconnect_timeout_ms: 2_000,
        ..Harness::quiet_config()
    }
}

#[test]
fn graceful_disconnect_closes_when_the_receipt_arrives() {
    let mut h = Harness::connected_with(config());
    h.auto_receipt = true;
    h.session.disconnect(h.now);
    h.pump();
    let d = h.frames_of(Command::Disconnect);
    assert_eq!(d.len(), 1);
    assert!(d[0].get("receipt").is_some());
    let events = h.take_events();
    assert_eq!(
        events,
        [
            Event::StateChanged(ConnectionState::Disconnecting),
            Event::Receipt(ReceiptFor::Disconnect),
            Event::Disconnected(DisconnectReason::UserRequest),
            Event::StateChanged(ConnectionState::Closed(DisconnectReason::UserRequest)),
        ]
    );
    assert_eq!(h.closes, [h.now]);
    assert_eq!(h.session.poll_timeout(), None);
    h.advance(1_000_000);
    assert_eq!(h.opens.len(), 1, "no reconnect after a disconnect");
}

#[test]
fn graceful_disconnect_without_receipt_closes_after_the_timeout() {
    // RabbitMQ over Web STOMP never sends the DISCONNECT receipt.
    let mut h = Harness::connected_with(config());
    let t0 = h.now;
    h.session.disconnect(h.now);
    h.pump();
    assert_eq!(h.session.state(), &ConnectionState::Disconnecting);
    assert_eq!(h.session.poll_timeout(), Some(t0 + 2_000));
    h.advance(1_999);
    assert!(h.closes.is_empty());
    h.advance(1);
    assert_eq!(h.closes, [t0 + 2_000]);
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(DisconnectReason::UserRequest)
    );
}

#[test]
fn server_closing_after_disconnect_is_the_expected_end() {
    let mut h = Harness::connected_with(config());
    h.session.disconnect(h.now);
    h.pump();
    h.server_close(1000);
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(DisconnectReason::UserRequest)
    );
    assert!(h.closes.is_empty(), "already closed by the server");
}

#[test]
fn messages_still_arrive_while_disconnecting() {
    let mut h = Harness::connected_with(config());
    let sub = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    h.session.disconnect(h.now);
    h.pump();
    h.take_events();
    h.message(&sub.to_string(), "/topic/a", "1", "last words");
    assert!(matches!(&h.take_events()[..], [Event::Message(_)]));
}

#[test]
fn disconnect_in_every_other_state() {
    // While connecting: close at once.
    let mut h = Harness::new(config(), Broker::Silent);
    h.connect();
    h.session.disconnect(h.now);
    h.pump();
    assert_eq!(h.closes.len(), 1);
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(DisconnectReason::UserRequest)
    );
    // While waiting to reconnect: stop waiting.
    let mut h = Harness::new(config(), Broker::Down);
    h.connect();
    h.session.disconnect(h.now);
    h.pump();
    assert_eq!(h.session.poll_timeout(), None);
    assert_eq!(
        h.session.state(),
        &ConnectionState::Closed(DisconnectReason::UserRequest)
    );
    // Before ever connecting, and twice.
    let mut h = Harness::new(config(), Broker::Down);
    h.session.disconnect(h.now);
    h.session.disconnect(h.now);
    h.pump();
    assert_eq!(
        h.states(),
        [ConnectionState::Closed(DisconnectReason::UserRequest)]
    );
    assert!(h.opens.is_empty() && h.closes.is_empty());
}

#[test]
fn commands_after_disconnect_are_errors_and_connect_starts_again() {
    let mut h = Harness::connected_with(config());
    let sub = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    h.session.disconnect(h.now);
    assert_eq!(
        h.session.send(h.now, SendRequest::new("/app/a", "x")),
        Err(SessionError::Closed)
    );
    assert_eq!(
        h.session.subscribe(h.now, "/topic/b", Default::default()),
        Err(SessionError::Closed)
    );
    assert_eq!(h.session.begin(h.now), Err(SessionError::Closed));
    h.advance(2_000);
    assert_eq!(
        h.session.unsubscribe(h.now, &sub),
        Err(SessionError::Closed)
    );
    // The server had it: kept for the next connect, not a failure.
    assert!(!h
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::SubscribeFailed { .. })));
    h.take_frames();
    h.connect();
    assert_eq!(h.session.state(), &ConnectionState::Connected);
    assert_eq!(
        h.frames_of(Command::Subscribe)[0].get("id"),
        Some(sub.to_string().as_str())
    );
}

#[test]
fn display_reasons_read_as_plain_words() {
    let table = [
        (DisconnectReason::UserRequest, "you disconnected"),
        (
            DisconnectReason::Rejected { message: None },
            "the server refused the connection",
        ),
        (
            DisconnectReason::ServerError {
                message: Some("queue deleted".into()),
            },
            "the server reported an error: queue deleted",
        ),
        (
            DisconnectReason::HeartBeatLost,
            "the server stopped responding",
        ),
        (
            DisconnectReason::TransportClosed {
                code: 1001,
                reason: "going away".into(),
            },
            "the connection closed (code 1001: going away)",
        ),
        (
            DisconnectReason::ConnectTimeout,
            "the server did not answer in time",
        ),
        (
            DisconnectReason::ProtocolError(ProtocolViolation::UnexpectedFrame(Command::Send)),
            "the server sent something unexpected: unexpected SEND frame",
        ),
    ];
    for (reason, text) in table {
        assert_eq!(reason.to_string(), text);
    }
}

#[test]
fn disconnect_receipt_confirms_sends_still_awaiting_theirs() {
    let mut h = Harness::connected_with(config());
    let id = h
        .session
        .send(h.now, SendRequest::new("/app/a", "x").with_receipt())
        .unwrap();
    h.session.disconnect(h.now);
    h.pump();
    let r = h.frames_of(Command::Disconnect)[0]
        .get("receipt")
        .unwrap()
        .to_owned();
    h.take_events();
    h.server_send(stomp::Frame::new(Command::Receipt).header("receipt-id", &r));
    let events = h.take_events();
    assert_eq!(
        events[..2],
        [
            Event::Send {
                id,
                state: SendState::Delivered
            },
            Event::Receipt(ReceiptFor::Disconnect)
        ]
    );
    assert_eq!(states_of(&events, id), [SendState::Delivered]);
}

#[test]
fn disconnect_timeout_leaves_written_sends_uncertain_and_fails_unwritten_ones() {
    let mut h = Harness::connected_with(config());
    let written = h
        .session
        .send(h.now, SendRequest::new("/app/a", "x").with_receipt())
        .unwrap();
    h.session.disconnect(h.now);
    h.advance(2_000);
    let events = h.take_events();
    // Written once and never confirmed: it may have arrived, so not "failed".
    assert_eq!(
        states_of(&events, written),
        [SendState::Sent, SendState::Uncertain]
    );

    let mut h = Harness::new(config(), Broker::Silent);
    let queued = h
        .session
        .send(h.now, SendRequest::new("/app/a", "y").with_receipt())
        .unwrap();
    h.connect();
    h.session.disconnect(h.now);
    let events = h.take_events();
    assert_eq!(
        states_of(&events, queued),
        [
            SendState::Queued,
            SendState::Failed(SendFailure::SessionClosed)
        ]
    );
}
