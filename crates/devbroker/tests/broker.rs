//! Broker destinations (/topic, /queue, /user), receipts and the CONNECT handshake.

mod common;

use common::{receipts_all, start, start_with, Client};
use std::time::Duration;
use stomp::{Command, Frame};

fn send(dest: &str, body: &str) -> Frame {
    Frame::new(Command::Send)
        .header("destination", dest)
        .header("content-type", "text/plain")
        .body(body.to_owned())
}

#[tokio::test]
async fn topic_fans_out_direct_sends_with_custom_headers() {
    let server = start().await;
    let (mut a, _) = Client::connected(&server).await;
    let (mut b, _) = Client::connected(&server).await;
    let (mut c, _) = Client::connected(&server).await;
    a.subscribe("s1", "/topic/news").await;
    b.subscribe("s2", "/topic/news").await;
    c.subscribe("s3", "/topic/other").await;
    a.barrier().await;
    b.barrier().await;
    c.send_frame(&send("/topic/news", "x").header("x-custom", "42"))
        .await;
    for (client, sub) in [(&mut a, "s1"), (&mut b, "s2")] {
        let f = client.frame().await;
        assert_eq!(f.command, Command::Message);
        assert_eq!(f.get("destination"), Some("/topic/news"));
        assert_eq!(f.get("subscription"), Some(sub));
        assert_eq!(f.get("content-type"), Some("text/plain"));
        assert_eq!(f.get("x-custom"), Some("42"), "user headers are forwarded");
        assert_eq!(f.body_text(), Ok("x"));
    }
    c.expect_silence(Duration::from_millis(200)).await;

    // After UNSUBSCRIBE nothing more arrives.
    a.send_frame(&Frame::new(Command::Unsubscribe).header("id", "s1"))
        .await;
    a.barrier().await;
    a.send_frame(&send("/topic/news", "y")).await;
    assert_eq!(b.frame().await.body_text(), Ok("y"));
    a.expect_silence(Duration::from_millis(200)).await;
    server.shutdown().await;
}

#[tokio::test]
async fn queue_is_shared_round_robin() {
    let server = start().await;
    let (mut a, _) = Client::connected(&server).await;
    let (mut b, _) = Client::connected(&server).await;
    let (mut p, _) = Client::connected(&server).await;
    a.subscribe("qa", "/queue/jobs").await;
    b.subscribe("qb", "/queue/jobs").await;
    a.barrier().await;
    b.barrier().await;
    for i in 0..6 {
        p.send_frame(&send("/queue/jobs", &format!("job{i}"))).await;
    }
    let mut got_a = Vec::new();
    let mut got_b = Vec::new();
    for _ in 0..3 {
        got_a.push(a.frame().await.body_text().unwrap().to_owned());
        got_b.push(b.frame().await.body_text().unwrap().to_owned());
    }
    a.expect_silence(Duration::from_millis(200)).await;
    b.expect_silence(Duration::from_millis(10)).await;
    let mut all: Vec<_> = got_a.iter().chain(&got_b).cloned().collect();
    all.sort();
    assert_eq!(all, ["job0", "job1", "job2", "job3", "job4", "job5"]);
    // Strict alternation: each gets every other job.
    let parity = |v: &[String]| {
        v.iter()
            .map(|s| s[3..].parse::<u32>().unwrap() % 2)
            .collect::<Vec<_>>()
    };
    assert!(parity(&got_a).windows(2).all(|w| w[0] == w[1]));
    assert_ne!(parity(&got_a)[0], parity(&got_b)[0]);
    server.shutdown().await;
}

#[tokio::test]
async fn user_queue_subscriptions_are_private_to_the_session() {
    let server = start().await;
    let mut ann = Client::open(&server).await;
    let c = ann
        .connect(&[("accept-version", "1.2"), ("login", "ann")])
        .await;
    assert_eq!(c.get("user-name"), Some("ann"), "a known user is named");
    let (mut eve, connected) = Client::connected(&server).await;
    assert_eq!(connected.get("user-name"), None, "no user without a login");
    ann.subscribe("u", "/user/queue/inbox").await;
    eve.subscribe("u", "/user/queue/inbox").await;
    ann.barrier().await;
    // Spring's `/user/{name}/queue/...` form addresses one user's sessions.
    eve.send_frame(&send("/user/ann/queue/inbox", "for ann"))
        .await;
    let f = ann.frame().await;
    assert_eq!(f.get("destination"), Some("/user/queue/inbox"));
    assert_eq!(f.body_text(), Ok("for ann"));
    eve.expect_silence(Duration::from_millis(200)).await;
    server.shutdown().await;
}

#[tokio::test]
async fn receipts_only_for_disconnect_by_default() {
    let server = start().await;
    let (mut a, _) = Client::connected(&server).await;
    a.send_frame(&send("/topic/t", "x").header("receipt", "r1"))
        .await;
    a.send_frame(
        &Frame::new(Command::Subscribe)
            .header("id", "1")
            .header("destination", "/topic/t")
            .header("receipt", "r2"),
    )
    .await;
    a.expect_silence(Duration::from_millis(300)).await;
    a.send_frame(&Frame::new(Command::Disconnect).header("receipt", "r3"))
        .await;
    assert_eq!(a.frame().await.get("receipt-id"), Some("r3"));
    server.shutdown().await;
}

#[tokio::test]
async fn receipts_all_answers_every_request_in_order() {
    let server = start_with(receipts_all()).await;
    let (mut a, _) = Client::connected(&server).await;
    a.send_frame(
        &Frame::new(Command::Subscribe)
            .header("id", "1")
            .header("destination", "/topic/t")
            .header("receipt", "sub"),
    )
    .await;
    let r = a.frame().await;
    assert_eq!(
        (r.command, r.get("receipt-id")),
        (Command::Receipt, Some("sub"))
    );
    a.send_frame(&send("/topic/t", "hello").header("receipt", "snd"))
        .await;
    // The broadcast reaches the subscriber before the SEND's receipt.
    assert_eq!(a.frame().await.body_text(), Ok("hello"));
    assert_eq!(a.frame().await.get("receipt-id"), Some("snd"));
    a.send_json(
        &chat_proto::dest::post("r"),
        r#"{"type":"CHAT","sender":"ann","content":"x"}"#,
    )
    .await;
    a.send_frame(
        &Frame::new(Command::Ack)
            .header("id", "m")
            .header("receipt", "ack"),
    )
    .await;
    assert_eq!(a.frame().await.get("receipt-id"), Some("ack"));
    server.shutdown().await;
}

#[tokio::test]
async fn connect_negotiates_version_and_heart_beat() {
    let server = start().await;
    let mut a = Client::open(&server).await;
    let c = a
        .connect(&[("accept-version", "1.0,1.1"), ("heart-beat", "0,0")])
        .await;
    assert_eq!(c.get("version"), Some("1.1"));
    assert_eq!(c.get("heart-beat"), Some("10000,10000"), "Spring's default");
    assert_eq!(c.get("server"), None, "like Spring");

    // No accept-version: a 1.0 client. STOMP is accepted like CONNECT.
    let mut b = Client::open(&server).await;
    b.send_text("STOMP\nhost:localhost\n\n\0").await;
    let c = b.frame().await;
    assert_eq!(
        (c.command, c.get("version")),
        (Command::Connected, Some("1.0"))
    );
    server.shutdown().await;
}
