#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    Event, ReceiptFor, SendFailure, SendRequest, SendState, SessionConfig, SubscribeOptions,
};
use stomp::{Command, Frame};
use support::{states_of, Harness};

fn receipts(events: &[Event]) -> Vec<ReceiptFor> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Receipt(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn timeouts(events: &[Event]) -> Vec<ReceiptFor> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ReceiptTimeout(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn receipts_are_matched_to_what_asked_for_them() {
    let mut h = Harness::connected();
    let opts = SubscribeOptions {
        receipt: true,
        ..Default::default()
    };
    let sub = h.session.subscribe(h.now, "/topic/a", opts).unwrap();
    let s1 = h
        .session
        .send(h.now, SendRequest::new("/app/a", "1").with_receipt())
        .unwrap();
    let s2 = h
        .session
        .send(h.now, SendRequest::new("/app/a", "2").with_receipt())
        .unwrap();
    h.pump();
    let frames = h.take_frames();
    let ids: Vec<&str> = frames.iter().map(|f| f.get("receipt").unwrap()).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
    assert_eq!(h.session.outbox_len(), 2, "receipt sends are held");
    // Answer out of order.
    for i in [2, 0, 1] {
        h.server_send(Frame::new(Command::Receipt).header("receipt-id", ids[i]));
    }
    let events = h.take_events();
    assert_eq!(receipts(&events), vec![ReceiptFor::Subscribe(sub)]);
    let delivered: Vec<_> = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Send {
                    state: SendState::Delivered,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(
        delivered,
        [
            &Event::Send {
                id: s2,
                state: SendState::Delivered
            },
            &Event::Send {
                id: s1,
                state: SendState::Delivered
            }
        ]
    );
    assert_eq!(h.session.outbox_len(), 0);
    assert_eq!(h.session.poll_timeout(), None, "no receipt timer left");
}

#[test]
fn unknown_receipt_ids_are_reported_as_other() {
    let mut h = Harness::connected();
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", "77"));
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", "r-99"));
    assert_eq!(
        receipts(&h.take_events()),
        vec![
            ReceiptFor::Other("77".into()),
            ReceiptFor::Other("r-99".into())
        ]
    );
}

#[test]
fn receipt_timeout_leaves_the_send_uncertain_and_drops_it() {
    let config = SessionConfig {
        receipt_timeout_ms: 5_000,
        ..Harness::quiet_config()
    };
    let mut h = Harness::connected_with(config);
    let t0 = h.now;
    let s1 = h
        .session
        .send(h.now, SendRequest::new("/app/a", "1").with_receipt())
        .unwrap();
    h.advance(1_000);
    let sub = h
        .session
        .subscribe(
            h.now,
            "/topic/a",
            SubscribeOptions {
                receipt: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(h.session.poll_timeout(), Some(t0 + 5_000));
    h.advance_to(t0 + 4_999);
    assert!(timeouts(&h.take_events()).is_empty());
    h.advance(1);
    let events = h.take_events();
    assert!(timeouts(&events).is_empty(), "sends report states instead");
    assert_eq!(
        states_of(&events, s1),
        [SendState::Uncertain],
        "written, never confirmed: it may have arrived"
    );
    assert_eq!(h.session.outbox_len(), 0, "not silently kept either");
    h.advance_to(t0 + 6_000);
    assert_eq!(timeouts(&h.take_events()), vec![ReceiptFor::Subscribe(sub)]);
    // A late receipt is then just "other".
    let late = h.frames[0].get("receipt").unwrap().to_owned();
    h.server_send(Frame::new(Command::Receipt).header("receipt-id", &late));
    assert_eq!(receipts(&h.take_events()), vec![ReceiptFor::Other(late)]);
}

#[test]
fn error_answering_a_receipt_fails_that_send_only() {
    let mut h = Harness::connected();
    let s1 = h
        .session
        .send(
            h.now,
            SendRequest::new("/app/forbidden", "1").with_receipt(),
        )
        .unwrap();
    let s2 = h
        .session
        .send(h.now, SendRequest::new("/app/ok", "2").with_receipt())
        .unwrap();
    h.pump();
    let r1 = h.take_frames()[0].get("receipt").unwrap().to_owned();
    h.server_send(
        Frame::new(Command::Error)
            .header("receipt-id", &r1)
            .header("message", "Access refused"),
    );
    let events = h.take_events();
    assert_eq!(
        states_of(&events, s1),
        [
            SendState::Sent,
            SendState::Failed(SendFailure::Rejected("Access refused".into()))
        ]
    );
    let err = events
        .iter()
        .find_map(|e| match e {
            Event::ErrorFrame(se) => Some(se),
            _ => None,
        })
        .unwrap();
    assert_eq!(err.receipt_for, None);
    assert_eq!(err.send, Some(s1));
    // The other one is re-sent after the reconnect; the refused one is not.
    assert_eq!(h.session.outbox_len(), 1);
    assert_eq!(states_of(&events, s2), [SendState::Sent, SendState::Queued]);
    h.auto_receipt = true;
    h.advance(60_000);
    let resent: Vec<String> = h
        .frames_of(Command::Send)
        .iter()
        .map(|f| f.body_text().unwrap().to_owned())
        .collect();
    assert_eq!(resent, vec!["2"]);
    assert_eq!(
        states_of(&h.take_events(), s2),
        [SendState::Sent, SendState::Delivered]
    );
}

#[test]
fn error_answering_a_subscribe_receipt_forgets_that_subscription() {
    let mut h = Harness::connected();
    let ok = h
        .session
        .subscribe(h.now, "/topic/open", Default::default())
        .unwrap();
    let bad = h
        .session
        .subscribe(
            h.now,
            "/topic/forbidden",
            SubscribeOptions {
                receipt: true,
                ..Default::default()
            },
        )
        .unwrap();
    h.pump();
    let r = h.take_frames()[1].get("receipt").unwrap().to_owned();
    h.server_send(
        Frame::new(Command::Error)
            .header("receipt-id", &r)
            .header("message", "not allowed"),
    );
    let events = h.take_events();
    let err = events
        .iter()
        .find_map(|e| match e {
            Event::ErrorFrame(se) => Some(se),
            _ => None,
        })
        .unwrap();
    assert_eq!(err.receipt_for, Some(ReceiptFor::Subscribe(bad)));
    assert_eq!(err.message.as_deref(), Some("not allowed"));
    assert!(events.contains(&Event::SubscribeFailed {
        id: bad,
        reason: SendFailure::Rejected("not allowed".into())
    }));
    let left: Vec<_> = h.session.subscriptions().map(|(id, _)| id).collect();
    assert_eq!(left, [ok]);
    h.advance(60_000);
    let replayed: Vec<&str> = h
        .frames_of(Command::Subscribe)
        .iter()
        .map(|f| f.get("destination").unwrap())
        .collect();
    assert_eq!(replayed, ["/topic/open"], "the refused one is not replayed");
}
