//! `Confirm::Echo`: confirmed by the caller (who reads its own message back), never with a
//! RECEIPT on the wire, and written again while unconfirmed: after a reconnect and after each
//! `receipt_timeout_ms` on a live connection, up to `max_send_attempts` writes.
#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{Confirm, SendId, SendState, SessionConfig};
use stomp::Command;
use support::{states_of, Harness};

use SendState::{Delivered, Queued, Sent, Uncertain};

fn send(h: &mut Harness, body: &str) -> SendId {
    h.send_confirmed("/amq/queue/s", body, Confirm::Echo)
}

fn config(attempts: u32) -> SessionConfig {
    SessionConfig {
        receipt_timeout_ms: 3_000,
        max_send_attempts: attempts,
        ..Harness::quiet_config()
    }
}

#[test]
fn asks_for_no_receipt_and_ends_delivered_when_the_caller_confirms() {
    let mut h = Harness::connected_with(config(3));
    let id = send(&mut h, "e");
    let frames = h.frames_of(Command::Send);
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].get("receipt"), None, "no receipt on the wire");
    assert!(h.session.confirm(h.now, id));
    assert_eq!(states_of(&h.take_events(), id), [Sent, Delivered]);
    assert_eq!(h.session.outbox_len(), 0);
    h.advance(10_000);
    assert_eq!(h.sent_bodies(), ["e"], "confirmed: never written again");
}

#[test]
fn is_written_again_each_timeout_until_confirmed() {
    let mut h = Harness::connected_with(config(3));
    let id = send(&mut h, "e");
    assert_eq!(h.session.poll_timeout(), Some(h.now + 3_000));
    h.advance(2_999);
    assert_eq!(h.sent_bodies(), ["e"]);
    h.advance(1);
    assert_eq!(
        h.sent_bodies(),
        ["e", "e"],
        "unconfirmed after the timeout: written again"
    );
    assert!(h.session.confirm(h.now, id));
    h.advance(10_000);
    assert_eq!(h.sent_bodies(), ["e", "e"]);
    assert_eq!(states_of(&h.take_events(), id), [Sent, Sent, Delivered]);
}

#[test]
fn ends_uncertain_after_its_last_attempt() {
    let mut h = Harness::connected_with(config(2));
    let id = send(&mut h, "e");
    h.advance(3_000);
    h.advance(3_000);
    assert_eq!(h.sent_bodies(), ["e", "e"], "two writes in all");
    assert_eq!(states_of(&h.take_events(), id), [Sent, Sent, Uncertain]);
    assert_eq!(h.session.outbox_len(), 0);
    assert!(!h.session.confirm(h.now, id), "already final");
}

#[test]
fn is_written_again_after_a_reconnect() {
    let mut h = Harness::connected_with(config(3));
    let id = send(&mut h, "e");
    h.server_close(1006);
    h.session.reconnect_now(h.now);
    h.pump();
    assert_eq!(
        h.sent_bodies(),
        ["e", "e"],
        "written on the new connection too"
    );
    assert!(h.session.confirm(h.now, id));
    assert_eq!(
        states_of(&h.take_events(), id),
        [Sent, Queued, Sent, Delivered]
    );
}
