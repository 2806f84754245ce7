//! `Session::set_credentials`: a driver's before-connect hook refreshes a token, and the next
//! CONNECT carries it.
#![cfg(not(target_arch = "wasm32"))]

use bytes::BytesMut;
use stomp::session::{Session, SessionConfig, Transmit};
use stomp::{Command, Decoder, Item};

fn connect_frame(session: &mut Session) -> stomp::Frame {
    let mut wire = Vec::new();
    while let Some(t) = session.poll_transmit() {
        if let Transmit::Bytes(b) = t {
            wire.extend_from_slice(&b);
        }
    }
    let mut buf = BytesMut::from(&wire[..]);
    match Decoder::default().decode(&mut buf).unwrap() {
        Some(Item::Frame(f)) => f,
        other => panic!("expected CONNECT, got {other:?}"),
    }
}

#[test]
fn next_connect_carries_the_new_credentials() {
    let mut s = Session::new(SessionConfig {
        login: Some("old".into()),
        passcode: Some("old-pass".into()),
        connect_headers: vec![("token".into(), "t1".into())],
        ..SessionConfig::default()
    });
    s.connect(0);
    assert_eq!(s.poll_transmit(), Some(Transmit::Open));
    s.set_credentials(
        Some("new".into()),
        Some("new-pass".into()),
        vec![("token".into(), "t2".into())],
    );
    s.handle_open(1);
    let f = connect_frame(&mut s);
    assert_eq!(f.command, Command::Connect);
    assert_eq!(f.get("login"), Some("new"));
    assert_eq!(f.get("passcode"), Some("new-pass"));
    assert_eq!(f.get("token"), Some("t2"));
    assert_eq!(s.config().login.as_deref(), Some("new"));
}
