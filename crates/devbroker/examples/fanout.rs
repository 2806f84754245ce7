//! Throughput of the dev broker on loopback: one publisher posting chat messages through
//! `/app`, N subscribers on the room topic, all in one process (so client and server share
//! the cores). Prints MESSAGE frames delivered per second and posts fully fanned out per second.
//!
//! `cargo run --release -p devbroker --example fanout -- [subscribers] [messages]`

use std::time::Instant;

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use stomp::{Command, Decoder, Frame, Item, Limits, Version};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn send(ws: &mut Ws, f: &Frame) {
    let bytes = stomp::encode_to_vec(f, Version::V1_2).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    ws.send(Message::text(text)).await.unwrap();
}

async fn open(url: &str) -> Ws {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    send(
        &mut ws,
        &Frame::new(Command::Connect).header("accept-version", "1.2"),
    )
    .await;
    ws.next().await.unwrap().unwrap();
    ws
}

/// Counts MESSAGE frames until `n` arrived.
async fn count(mut ws: Ws, n: usize) {
    let mut dec = Decoder::new(Limits::default());
    let mut buf = BytesMut::new();
    let mut seen = 0;
    while seen < n {
        let Some(Ok(m)) = ws.next().await else {
            panic!("socket ended after {seen}")
        };
        buf.extend_from_slice(&m.into_data());
        while let Some(item) = dec.decode(&mut buf).unwrap() {
            if let Item::Frame(f) = item {
                if f.command == Command::Message {
                    seen += 1;
                }
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let subscribers: usize = args.next().map_or(10, |a| a.parse().unwrap());
    let messages: usize = args.next().map_or(20_000, |a| a.parse().unwrap());
    let server = devbroker::serve(devbroker::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: devbroker::BrokerLimits {
            // Measure the broker, not the slow-consumer guard.
            outbound_queue: messages + 16,
            outbound_bytes: usize::MAX,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let url = server.ws_url();
    let topic = chat_proto::dest::room_topic("bench");
    let mut readers = Vec::new();
    for i in 0..subscribers {
        let mut ws = open(&url).await;
        let sub = Frame::new(Command::Subscribe)
            .header("id", &i.to_string())
            .header("destination", &topic);
        send(&mut ws, &sub).await;
        readers.push(ws);
    }
    let mut publisher = open(&url).await;
    // SUBSCRIBE has no receipt by default; a short pause lets the broker register them all.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let started = Instant::now();
    let tasks: Vec<_> = readers
        .into_iter()
        .map(|ws| tokio::spawn(count(ws, messages)))
        .collect();
    let post = Frame::new(Command::Send)
        .header("destination", &chat_proto::dest::post("bench"))
        .header("content-type", "application/json")
        .body(r#"{"type":"CHAT","sender":"bench","content":"hello, this is a typical chat line"}"#);
    for _ in 0..messages {
        send(&mut publisher, &post).await;
    }
    for t in tasks {
        t.await.unwrap();
    }
    let all = started.elapsed();
    println!(
        "{subscribers} subscribers, {messages} posts through /app: {} MESSAGE frames delivered in {:.2} s = {:.0} frames/s, {:.0} posts/s",
        messages * subscribers,
        all.as_secs_f64(),
        (messages * subscribers) as f64 / all.as_secs_f64(),
        messages as f64 / all.as_secs_f64()
    );
    server.shutdown().await;
}
