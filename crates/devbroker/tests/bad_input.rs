//! Every kind of bad input gets an ERROR frame that says why, then a close with 1002 (as
//! Spring), and other sessions carry on.

mod common;

use common::{start, Client};
use devbroker::ServerHandle;
use stomp::{Command, Frame};

/// Another session that must keep working whatever its neighbour does.
async fn bystander(server: &ServerHandle) -> Client {
    let (mut c, _) = Client::connected(server).await;
    c.join("calm", "bystander").await;
    c
}

async fn still_works(c: &mut Client) {
    c.send_json(
        &chat_proto::dest::post("calm"),
        r#"{"type":"CHAT","content":"still fine"}"#,
    )
    .await;
    let m = c.chat().await;
    assert_eq!(m.content.as_deref(), Some("still fine"));
}

/// Sends `raw` (after CONNECT when `connect`), expects ERROR + close 1002; returns the ERROR.
async fn refused(server: &ServerHandle, connect: bool, raw: &[u8]) -> Frame {
    let mut c = Client::open(server).await;
    if connect {
        c.connect(&[("accept-version", "1.2")]).await;
    }
    c.send_binary(raw).await;
    let (err, code) = c.error_then_close().await;
    assert_eq!(code, Some(1002));
    assert_eq!(err.get("content-type"), Some("text/plain"));
    assert_eq!(
        err.body_text().unwrap(),
        err.get("message").unwrap(),
        "the body repeats the message"
    );
    err
}

#[tokio::test]
async fn malformed_frames() {
    let server = start().await;
    let mut calm = bystander(&server).await;
    let cases: &[(&[u8], &str)] = &[
        (
            b"HELLO\n\n\0",
            "malformed STOMP frame: unknown command \"HELLO\"",
        ),
        (
            b"SEND\ndestination /topic/a\n\n\0",
            "malformed STOMP frame: header line without a colon",
        ),
        (
            b"SEND\ndestination:/topic/a\ncontent-length:x\n\n\0",
            "invalid content-length",
        ),
        (
            b"SEND\ndestination:/topic/a\ncontent-length:2\n\nabc\0",
            "is not followed by NUL",
        ),
        (b"SEND\nbad\\tescape:1\n\n\0", "escape"),
    ];
    for (raw, why) in cases {
        let err = refused(&server, true, raw).await;
        let msg = err.get("message").unwrap();
        assert!(msg.contains(why), "{msg:?} should say {why:?}");
    }
    still_works(&mut calm).await;
    server.shutdown().await;
}

#[tokio::test]
async fn frames_before_connect() {
    let server = start().await;
    let mut calm = bystander(&server).await;
    let err = refused(&server, false, b"SEND\ndestination:/topic/a\n\nhi\0").await;
    assert_eq!(
        err.get("message"),
        Some("SEND before CONNECT: the session is not connected yet")
    );
    let err = refused(
        &server,
        false,
        b"SUBSCRIBE\nid:1\ndestination:/topic/a\n\n\0",
    )
    .await;
    assert_eq!(
        err.get("message"),
        Some("SUBSCRIBE before CONNECT: the session is not connected yet")
    );
    let err = refused(&server, false, b"CONNECT\naccept-version:2.0\n\n\0").await;
    assert!(err
        .get("message")
        .unwrap()
        .contains("supported: 1.0,1.1,1.2"));
    let err = refused(&server, true, b"CONNECT\naccept-version:1.2\n\n\0").await;
    assert_eq!(
        err.get("message"),
        Some("CONNECT received twice on one session")
    );
    let err = refused(&server, true, b"MESSAGE\ndestination:/topic/a\n\n\0").await;
    assert!(err.get("message").unwrap().contains("server frame"));
    still_works(&mut calm).await;
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_destinations_and_missing_headers() {
    let server = start().await;
    let mut calm = bystander(&server).await;
    // (An /app destination with no handler is ignored, as in Spring: tests/app_unhandled.rs.)
    let err = refused(
        &server,
        true,
        b"SEND\ndestination:/exchange/x\nreceipt:r9\n\nhi\0",
    )
    .await;
    assert_eq!(
        err.get("receipt-id"),
        Some("r9"),
        "ties the ERROR to the frame"
    );
    assert!(err
        .get("message")
        .unwrap()
        .starts_with("unknown destination \"/exchange/x\""));
    let err = refused(&server, true, b"SEND\ndestination:/exchange/x\n\nhi\0").await;
    assert!(err
        .get("message")
        .unwrap()
        .starts_with("unknown destination \"/exchange/x\""));
    let err = refused(&server, true, b"SEND\n\nhi\0").await;
    assert_eq!(
        err.get("message"),
        Some("SEND requires a \"destination\" header")
    );
    still_works(&mut calm).await;
    server.shutdown().await;
}

#[tokio::test]
async fn invalid_json_to_app() {
    let server = start().await;
    let mut calm = bystander(&server).await;
    for body in ["not json", r#"{"type":"SHOUT"}"#, r#"{"sender":"x"}"#] {
        let raw = format!("SEND\ndestination:/app/chat/calm\n\n{body}\0");
        let err = refused(&server, true, raw.as_bytes()).await;
        let msg = err.get("message").unwrap();
        assert!(
            msg.starts_with("invalid JSON payload for /app/chat/calm: "),
            "{msg}"
        );
    }
    still_works(&mut calm).await;
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_frame_is_refused_with_the_limit() {
    let server = start().await;
    let mut calm = bystander(&server).await;
    // In one WebSocket message, with and without content-length, and split across several.
    let body = "x".repeat(70_000);
    let with_len = format!("SEND\ndestination:/topic/a\ncontent-length:70000\n\n{body}\0");
    let without_len = format!("SEND\ndestination:/topic/a\n\n{body}\0");
    for raw in [&with_len, &without_len] {
        let err = refused(&server, true, raw.as_bytes()).await;
        assert_eq!(
            err.get("message"),
            Some("STOMP frame exceeds 65536 bytes, the inbound message size limit")
        );
    }
    let mut c = Client::open(&server).await;
    c.connect(&[("accept-version", "1.2")]).await;
    for piece in without_len.as_bytes().chunks(10_000) {
        c.send_binary(piece).await;
    }
    let (err, code) = c.error_then_close().await;
    assert!(err.get("message").unwrap().contains("exceeds 65536"));
    assert_eq!(code, Some(1002));
    still_works(&mut calm).await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_frame_just_under_the_limit_is_fine() {
    let server = start().await;
    let (mut c, _) = Client::connected(&server).await;
    c.subscribe("s", "/topic/big").await;
    let body = "y".repeat(65_000);
    let f = Frame::new(Command::Send)
        .header("destination", "/topic/big")
        .body(body.clone());
    c.send_frame(&f).await;
    assert_eq!(c.frame().await.body.len(), 65_000);
    server.shutdown().await;
}
