#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use stomp::session::{
    AckToken, Event, SendFailure, SendRequest, SendState, Session, SessionConfig, SessionError,
    SubscriptionId, TransactionId,
};
use stomp::Command;
use support::{states_of, Harness};

#[test]
fn unknown_ids_are_typed_errors() {
    let mut h = Harness::connected();
    let ghost = SubscriptionId::parse("sub-42").unwrap();
    assert_eq!(
        h.session.unsubscribe(h.now, &ghost),
        Err(SessionError::UnknownSubscription(ghost))
    );
    let tx = TransactionId::parse("tx-9").unwrap();
    assert_eq!(
        h.session.commit(h.now, &tx),
        Err(SessionError::UnknownTransaction(tx))
    );
    assert_eq!(
        h.session.abort(h.now, &tx),
        Err(SessionError::UnknownTransaction(tx))
    );
    assert_eq!(
        h.session
            .send(h.now, SendRequest::new("/app/a", "x").in_transaction(tx)),
        Err(SessionError::UnknownTransaction(tx))
    );
    // Unsubscribing twice.
    let sub = h
        .session
        .subscribe(h.now, "/topic/a", Default::default())
        .unwrap();
    h.session.unsubscribe(h.now, &sub).unwrap();
    assert_eq!(
        h.session.unsubscribe(h.now, &sub),
        Err(SessionError::UnknownSubscription(sub))
    );
}

#[test]
fn connection_bound_commands_need_a_connection() {
    let mut s = Session::new(SessionConfig::default());
    assert_eq!(s.begin(0), Err(SessionError::NotConnected));
    // Subscribing and sending while idle is fine: they wait for the connection.
    assert!(s.subscribe(0, "/topic/a", Default::default()).is_ok());
    assert!(s.send(0, SendRequest::new("/app/a", "x")).is_ok());
    assert_eq!(s.outbox_len(), 1);
    assert_eq!(s.poll_transmit(), None, "nothing happens before connect");
    let forged_token = {
        let mut h = Harness::connected();
        let sub = h
            .session
            .subscribe(
                h.now,
                "/q",
                stomp::session::SubscribeOptions {
                    ack: stomp::session::AckMode::Client,
                    ..Default::default()
                },
            )
            .unwrap();
        h.message(&sub.to_string(), "/q", "1", "x");
        h.take_events()
            .into_iter()
            .find_map(|e| match e {
                Event::Message(m) => m.ack,
                _ => None,
            })
            .unwrap()
    };
    let token: AckToken = forged_token;
    assert_eq!(s.ack(0, &token), Err(SessionError::NotConnected));
    assert_eq!(s.nack(0, &token), Err(SessionError::NotConnected));
}

#[test]
fn transactions_begin_commit_abort() {
    let mut h = Harness::connected();
    let t1 = h.session.begin(h.now).unwrap();
    let t2 = h.session.begin(h.now).unwrap();
    assert_ne!(t1, t2);
    h.session
        .send(
            h.now,
            SendRequest::new("/app/a", "in tx").in_transaction(t1),
        )
        .unwrap();
    h.session.commit(h.now, &t1).unwrap();
    h.session.abort(h.now, &t2).unwrap();
    assert_eq!(
        h.session.commit(h.now, &t1),
        Err(SessionError::UnknownTransaction(t1))
    );
    h.pump();
    let seen: Vec<(Command, Option<&str>)> = h
        .frames
        .iter()
        .map(|f| (f.command, f.get("transaction")))
        .collect();
    let (s1, s2) = (t1.to_string(), t2.to_string());
    assert_eq!(
        seen,
        [
            (Command::Begin, Some(s1.as_str())),
            (Command::Begin, Some(s2.as_str())),
            (Command::Send, Some(s1.as_str())),
            (Command::Commit, Some(s1.as_str())),
            (Command::Abort, Some(s2.as_str())),
        ]
    );
}

#[test]
fn a_transaction_does_not_survive_a_reconnect() {
    let mut h = Harness::connected();
    let tx = h.session.begin(h.now).unwrap();
    let held = h
        .session
        .send(
            h.now,
            SendRequest::new("/app/a", "x")
                .in_transaction(tx)
                .with_receipt(),
        )
        .unwrap();
    h.pump();
    h.server_close(1006);
    let events = h.take_events();
    assert_eq!(
        states_of(&events, held),
        [
            SendState::Sent,
            SendState::Failed(SendFailure::TransactionLost)
        ]
    );
    assert_eq!(h.session.outbox_len(), 0);
    h.advance(60_000);
    h.take_frames();
    assert_eq!(
        h.session.commit(h.now, &tx),
        Err(SessionError::UnknownTransaction(tx))
    );
    assert_eq!(
        h.session
            .send(h.now, SendRequest::new("/app/a", "x").in_transaction(tx)),
        Err(SessionError::UnknownTransaction(tx))
    );
    h.pump();
    assert!(
        h.frames_of(Command::Send).is_empty(),
        "not re-sent outside its tx"
    );
}

#[test]
fn ids_read_back_from_their_wire_form_only() {
    for ok in ["sub-0", "sub-17"] {
        assert_eq!(SubscriptionId::parse(ok).unwrap().to_string(), ok);
    }
    for bad in [
        "sub-",
        "sub-01",
        "sub-+1",
        "sub-1x",
        "17",
        "tx-1",
        "sub-99999999999999999999",
    ] {
        assert_eq!(SubscriptionId::parse(bad), None, "{bad}");
    }
    assert_eq!(TransactionId::parse("tx-3").unwrap().to_string(), "tx-3");
}

#[test]
fn inputs_in_the_wrong_state_are_ignored() {
    let mut s = Session::new(SessionConfig::default());
    s.handle_open(5);
    s.handle_bytes(5, b"CONNECTED\nversion:1.2\n\n\0");
    s.handle_close(5, 1000, "");
    s.handle_timeout(5);
    s.reconnect_now(5);
    assert_eq!(s.poll_transmit(), None);
    assert_eq!(s.poll_event(), None);
    assert_eq!(s.state(), &stomp::session::ConnectionState::Idle);
}

#[test]
fn unencodable_subscription_is_refused_and_leaves_nothing_behind() {
    // STOMP 1.0 has no header escaping: a line break cannot be sent.
    let mut h = Harness::new(Harness::quiet_config(), support::Broker::version(None));
    h.connect();
    let opts = stomp::session::SubscribeOptions {
        receipt: true,
        ..Default::default()
    };
    assert!(matches!(
        h.session.subscribe(h.now, "/topic/a\nb", opts.clone()),
        Err(SessionError::Encode(_))
    ));
    assert_eq!(h.session.subscriptions().count(), 0);
    assert_eq!(h.session.poll_timeout(), None, "no receipt left waiting");
    // Offline, it is checked against the strictest version offered (1.0 by default).
    let mut s = Session::new(SessionConfig::default());
    assert!(matches!(
        s.subscribe(0, "/topic/a\nb", opts),
        Err(SessionError::Encode(_))
    ));
    assert_eq!(s.subscriptions().count(), 0);
}
