//! The delivery model: each send's `SendState`s per `Confirm` mode, what a lost connection,
//! a timeout, a poison ERROR, `confirm` and `cancel` do, and `max_frame_bytes`.
#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    Confirm, Event, ReceiptFor, SendFailure, SendId, SendRequest, SendState, SessionConfig,
    SessionError,
};
use stomp::{Command, Frame};
use support::{states_of, Broker, Harness};

use SendState::{Delivered, Queued, Sent, Uncertain};

fn send(h: &mut Harness, body: &str, confirm: Confirm) -> SendId {
    h.send_confirmed("/app/chat", body, confirm)
}

/// The server drops the socket; the session reconnects at once.
fn drop_and_reconnect(h: &mut Harness) {
    h.server_close(1006);
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(
        h.session.state(),
        &stomp::session::ConnectionState::Connected
    );
}

fn failed(why: &str) -> SendState {
    SendState::Failed(SendFailure::Rejected(why.into()))
}

#[test]
fn each_mode_walks_its_states() {
    let mut h = Harness::connected();
    let none = send(&mut h, "n", Confirm::None);
    let receipt = send(&mut h, "r", Confirm::Receipt);
    let caller = send(&mut h, "c", Confirm::Caller);
    let r = h.frames_of(Command::Send)[1]
        .get("receipt")
        .unwrap()
        .to_owned();
    assert_eq!(
        h.frames_of(Command::Send)[2].get("receipt"),
        None,
        "no receipt asked"
    );
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &r));
    assert!(h.session.confirm(h.now, caller));
    let events = h.take_events();
    assert_eq!(states_of(&events, none), [Sent]);
    assert_eq!(states_of(&events, receipt), [Sent, Delivered]);
    assert_eq!(states_of(&events, caller), [Sent, Delivered]);
    assert_eq!(h.session.outbox_len(), 0);
    assert_eq!(h.session.poll_timeout(), None, "nothing left to wait for");
}

#[test]
fn the_first_state_is_reported_during_the_send_call() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::v12(0, 0));
    let offline = h.session.send(h.now, SendRequest::new("/a", "x")).unwrap();
    assert_eq!(
        h.session.poll_event(),
        Some(Event::Send {
            id: offline,
            state: Queued
        })
    );
    h.connect();
    assert_eq!(states_of(&h.take_events(), offline), [Sent]);
    let online = h.session.send(h.now, SendRequest::new("/a", "y")).unwrap();
    assert_eq!(
        h.session.poll_event(),
        Some(Event::Send {
            id: online,
            state: Sent
        })
    );
}

#[test]
fn confirm_only_a_written_caller_send_once() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::v12(0, 0));
    let queued = send(&mut h, "q", Confirm::Caller);
    assert!(!h.session.confirm(h.now, queued), "not written yet");
    h.connect();
    let none = send(&mut h, "n", Confirm::None);
    let receipt = send(&mut h, "r", Confirm::Receipt);
    assert!(
        !h.session.confirm(h.now, none),
        "fire and forget is final at Sent"
    );
    assert!(
        !h.session.confirm(h.now, receipt),
        "its RECEIPT confirms it"
    );
    assert!(h.session.confirm(h.now, queued));
    assert!(!h.session.confirm(h.now, queued), "already final");
    let events = h.take_events();
    assert_eq!(states_of(&events, queued), [Queued, Sent, Delivered]);
    assert_eq!(states_of(&events, receipt), [Sent]);
}

#[test]
fn caller_send_is_uncertain_when_its_connection_ends_and_never_resent() {
    let mut h = Harness::connected();
    let caller = send(&mut h, "c", Confirm::Caller);
    h.take_frames();
    drop_and_reconnect(&mut h);
    assert!(
        h.sent_bodies().is_empty(),
        "not re-sent: it may have arrived"
    );
    assert_eq!(states_of(&h.take_events(), caller), [Sent, Uncertain]);
    assert!(
        !h.session.confirm(h.now, caller),
        "too late: already Uncertain"
    );
    assert_eq!(h.session.outbox_len(), 0);
}

#[test]
fn caller_send_is_uncertain_after_the_receipt_timeout() {
    let config = SessionConfig {
        receipt_timeout_ms: 3_000,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let caller = send(&mut h, "c", Confirm::Caller);
    assert_eq!(h.session.poll_timeout(), Some(h.now + 3_000));
    h.advance(2_999);
    assert_eq!(states_of(&h.take_events(), caller), [Sent]);
    h.advance(1);
    assert_eq!(states_of(&h.take_events(), caller), [Uncertain]);
    assert_eq!(h.session.outbox_len(), 0);
}

#[test]
fn receipt_send_is_resent_after_a_reconnect_until_confirmed() {
    let mut h = Harness::connected();
    let receipt = send(&mut h, "r", Confirm::Receipt);
    let first = h.frames_of(Command::Send)[0]
        .get("receipt")
        .unwrap()
        .to_owned();
    drop_and_reconnect(&mut h);
    drop_and_reconnect(&mut h);
    assert_eq!(
        h.sent_bodies(),
        ["r", "r", "r"],
        "at least once: written on every connection"
    );
    let last = h.frames_of(Command::Send)[2]
        .get("receipt")
        .unwrap()
        .to_owned();
    assert_ne!(first, last);
    // A RECEIPT for an earlier write is stale: it names nothing on this connection.
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &first));
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &last));
    let events = h.take_events();
    assert!(events.contains(&Event::Receipt(ReceiptFor::Other(first))));
    assert_eq!(
        states_of(&events, receipt),
        [Sent, Queued, Sent, Queued, Sent, Delivered]
    );
}

#[test]
fn queued_sends_are_written_after_the_reconnect_whatever_their_mode() {
    let mut h = Harness::connected();
    h.server_close(1006);
    let ids: Vec<SendId> = [Confirm::None, Confirm::Receipt, Confirm::Caller]
        .into_iter()
        .zip(["n", "r", "c"])
        .map(|(c, b)| send(&mut h, b, c))
        .collect();
    h.take_frames();
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(h.sent_bodies(), ["n", "r", "c"]);
    let events = h.take_events();
    for id in ids {
        assert_eq!(states_of(&events, id), [Queued, Sent]);
    }
}

#[test]
fn error_without_receipt_id_fails_the_last_written_send_only() {
    // Spring answers an oversize or malformed frame with an ERROR naming nothing, then
    // closes with 1002.
    let mut h = Harness::connected();
    let older_receipt = send(&mut h, "r", Confirm::Receipt);
    let older_caller = send(&mut h, "c", Confirm::Caller);
    let fire = send(&mut h, "n", Confirm::None);
    let poison = send(&mut h, "p", Confirm::Receipt);
    h.take_frames();
    h.server_send(Frame::new(Command::Error).header("message", "frame too large"));
    let events = h.take_events();
    assert_eq!(
        states_of(&events, poison),
        [Sent, failed("frame too large")]
    );
    let err = events
        .iter()
        .find_map(|e| match e {
            Event::ErrorFrame(se) => Some(se),
            _ => None,
        })
        .unwrap();
    assert_eq!(err.send, Some(poison));
    assert_eq!(err.receipt_for, None);
    // The others follow their own rules.
    assert_eq!(states_of(&events, older_receipt), [Sent, Queued]);
    assert_eq!(states_of(&events, older_caller), [Sent, Uncertain]);
    assert_eq!(states_of(&events, fire), [Sent]);
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(h.sent_bodies(), ["r"], "the poison frame is not re-sent");
}

#[test]
fn error_without_receipt_id_blames_nothing_when_nothing_awaits() {
    let mut h = Harness::connected();
    let fire = send(&mut h, "n", Confirm::None);
    h.server_send(Frame::new(Command::Error).header("message", "Session closed."));
    let events = h.take_events();
    assert_eq!(states_of(&events, fire), [Sent]);
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::ErrorFrame(se) if se.send.is_none())));
}

#[test]
fn too_large_is_refused_at_once_with_nothing_queued_or_written() {
    let limit = 60;
    let config = SessionConfig {
        max_frame_bytes: limit,
        ..Harness::quiet_config()
    };
    // "SEND\ndestination:/app/chat\ncontent-length:N\n\n" + body + NUL.
    let overhead = "SEND\ndestination:/app/chat\ncontent-length:10\n\n\0".len();
    let fits = "x".repeat(limit - overhead);
    let over = "x".repeat(limit - overhead + 1);
    let mut h = Harness::new(config.clone(), Broker::v12(0, 0));
    // Offline: measured as it would be written.
    assert_eq!(
        h.session
            .send(h.now, SendRequest::new("/app/chat", over.clone())),
        Err(SessionError::TooLarge {
            size: limit + 1,
            limit
        })
    );
    assert_eq!(h.session.outbox_len(), 0);
    assert!(h.take_events().is_empty(), "no id, no event");
    let mut h = Harness::connected_with(config);
    for mode in [Confirm::None, Confirm::Caller] {
        let req = SendRequest::new("/app/chat", over.clone()).confirm(mode);
        assert_eq!(
            h.session.send(h.now, req),
            Err(SessionError::TooLarge {
                size: limit + 1,
                limit
            })
        );
    }
    // A receipt header counts too.
    let req = SendRequest::new("/app/chat", fits.clone()).with_receipt();
    assert!(matches!(
        h.session.send(h.now, req),
        Err(SessionError::TooLarge { limit: 60, .. })
    ));
    h.pump();
    assert!(h.frames_of(Command::Send).is_empty());
    assert!(h.take_events().is_empty());
    assert_eq!(h.session.outbox_len(), 0);
    let ok = send(&mut h, &fits, Confirm::None);
    assert_eq!(states_of(&h.take_events(), ok), [Sent]);
}

#[test]
fn cancel_takes_back_what_is_held() {
    let mut h = Harness::new(Harness::quiet_config(), Broker::v12(0, 0));
    let queued = send(&mut h, "q", Confirm::None);
    assert!(h.session.cancel(queued));
    assert!(!h.session.cancel(queued), "already final");
    h.connect();
    assert!(
        h.sent_bodies().is_empty(),
        "a cancelled send is never written"
    );
    let written = send(&mut h, "w", Confirm::Receipt);
    let r = h.frames_of(Command::Send)[0]
        .get("receipt")
        .unwrap()
        .to_owned();
    let fire = send(&mut h, "n", Confirm::None);
    assert!(h.session.cancel(written));
    assert!(!h.session.cancel(fire), "final at Sent");
    assert_eq!(h.session.outbox_len(), 0);
    // Its RECEIPT may still come; it confirms nothing any more.
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &r));
    let events = h.take_events();
    assert!(events.contains(&Event::Receipt(ReceiptFor::Other(r))));
    let cancelled = SendState::Failed(SendFailure::Cancelled);
    assert_eq!(states_of(&events, queued), [Queued, cancelled.clone()]);
    assert_eq!(states_of(&events, written), [Sent, cancelled]);
    h.take_frames();
    drop_and_reconnect(&mut h);
    assert!(
        h.sent_bodies().is_empty(),
        "not re-sent after a reconnect either"
    );
}

#[test]
fn abort_fails_and_commit_releases_the_sends_of_a_transaction() {
    let mut h = Harness::connected();
    let aborted_tx = h.session.begin(h.now).unwrap();
    let req = SendRequest::new("/a", "x")
        .with_receipt()
        .in_transaction(aborted_tx);
    let aborted = h.session.send(h.now, req).unwrap();
    h.session.abort(h.now, &aborted_tx).unwrap();
    let committed_tx = h.session.begin(h.now).unwrap();
    let req = SendRequest::new("/a", "y")
        .with_receipt()
        .in_transaction(committed_tx);
    let committed = h.session.send(h.now, req).unwrap();
    h.session.commit(h.now, &committed_tx).unwrap();
    h.take_frames();
    drop_and_reconnect(&mut h);
    let events = h.take_events();
    let lost = SendState::Failed(SendFailure::TransactionLost);
    assert_eq!(states_of(&events, aborted), [Sent, lost]);
    // Committed: the server has it for good, so it is re-sent like any receipt send.
    assert_eq!(states_of(&events, committed), [Sent, Queued, Sent]);
    let resent = h.frames_of(Command::Send)[0];
    assert_eq!(resent.body_text(), Ok("y"));
    assert_eq!(resent.get("transaction"), None, "its transaction is over");
}
