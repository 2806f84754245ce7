//! Where the dev broker meets Spring's simple broker: a SEND or SUBSCRIBE to an `/app/...`
//! destination that no handler maps is dropped without a word (Spring logs it at debug), and the
//! session carries on. An ERROR here would close a session that Spring keeps open.

mod common;

use common::{start, Client};
use std::time::Duration;

#[tokio::test]
async fn unmapped_app_destinations_are_ignored_and_the_session_carries_on() {
    let server = start().await;
    let (mut c, _) = Client::connected(&server).await;
    c.join("calm", "alice").await;

    c.send_json("/app/nope", r#"{"type":"CHAT","content":"x"}"#)
        .await;
    // Mapped only as a subscription (@SubscribeMapping): a SEND there has no handler either.
    c.send_json(&chat_proto::dest::history("calm"), "{}").await;
    c.subscribe("s-nope", "/app/chat/calm/nope").await;
    c.send_text("SEND\ndestination:/app/chat.sendMessage\n\nnot even json\0")
        .await;
    // The barrier is answered only after everything above was handled: no ERROR came first.
    c.barrier().await;
    c.expect_silence(Duration::from_millis(300)).await;

    c.send_json(
        &chat_proto::dest::post("calm"),
        r#"{"type":"CHAT","content":"still connected"}"#,
    )
    .await;
    let m = c.chat().await;
    assert_eq!(m.content.as_deref(), Some("still connected"));
    server.shutdown().await;
}

#[tokio::test]
async fn an_ignored_app_subscription_delivers_nothing_later() {
    let server = start().await;
    let (mut c, _) = Client::connected(&server).await;
    c.subscribe("s-nope", "/app/chat/calm/nope").await;
    c.barrier().await;
    let (mut other, _) = Client::connected(&server).await;
    // Nothing anyone sends reaches the /app subscription: the broker never registered it.
    other
        .send_json("/app/chat/calm/nope", r#"{"type":"CHAT","content":"x"}"#)
        .await;
    other.send_text("SEND\ndestination:/topic/x\n\nhi\0").await;
    other.barrier().await;
    c.expect_silence(Duration::from_millis(300)).await;
    server.shutdown().await;
}
