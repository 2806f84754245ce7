//! The WebSocket in a Worker, against a real broker: the raw `WorkerSocket` keeps the events
//! and guarantees of `Socket`, batches bursts into few page tasks, and leaks no worker; the
//! client works through it as through the main-thread socket.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{
    connected, heart_beats_keep_an_idle_connection_up, next_message, send, subscribe, with_receipt,
};
use common::{bad_url, sleep, unique, within, ws_url};
use futures_channel::mpsc;
use futures_util::StreamExt;
use stomp::web::{ClientConfig, SendRequest, SocketError, SocketEvent, WorkerSocket, WsFrames};
use stomp::{encode_to_vec, Command, Frame, Version};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn open(url: &str) -> (WorkerSocket, mpsc::UnboundedReceiver<SocketEvent>) {
    let (tx, rx) = mpsc::unbounded();
    let s = WorkerSocket::open(url, move |e| {
        let _ = tx.unbounded_send(e);
    })
    .unwrap();
    (s, rx)
}

fn guest() -> ClientConfig {
    common::client::guest().socket_in_worker(true)
}

fn connect_frame() -> Vec<u8> {
    let connect = Frame::new(Command::Connect)
        .header("accept-version", "1.2")
        .header("host", "/")
        .header("login", "guest")
        .header("passcode", "guest")
        .header("heart-beat", "0,0");
    encode_to_vec(&connect, Version::V1_2).unwrap()
}

async fn next(rx: &mut mpsc::UnboundedReceiver<SocketEvent>, what: &str) -> SocketEvent {
    within(10_000, what, rx.next())
        .await
        .expect("channel ended")
}

#[wasm_bindgen_test]
async fn worker_socket_opens_speaks_stomp_in_text_and_binary_and_closes_cleanly() {
    for binary in [false, true] {
        let (socket, mut rx) = open(ws_url());
        let protocol = "v12.stomp".to_owned();
        assert_eq!(next(&mut rx, "open").await, SocketEvent::Open { protocol });
        assert_eq!(socket.protocol(), "v12.stomp");
        let frame = connect_frame();
        if binary {
            socket.send(&frame).unwrap();
        } else {
            socket.send_text_if_utf8(&frame).unwrap();
        }
        let SocketEvent::Message(bytes) = next(&mut rx, "CONNECTED").await else {
            panic!("expected a message");
        };
        assert!(bytes.starts_with(b"CONNECTED\n"), "{bytes:?}");
        socket.close();
        loop {
            match next(&mut rx, "close").await {
                SocketEvent::Close { code, clean, .. } => {
                    assert_eq!((code, clean), (1000, true));
                    break;
                }
                SocketEvent::Message(_) => continue,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

#[wasm_bindgen_test]
async fn worker_socket_passes_a_server_close_code_and_reason_through() {
    let (socket, mut rx) = open(&bad_url("closecode"));
    assert!(matches!(
        next(&mut rx, "open").await,
        SocketEvent::Open { .. }
    ));
    socket.send_text_if_utf8(&connect_frame()).unwrap();
    assert!(matches!(
        next(&mut rx, "CONNECTED").await,
        SocketEvent::Message(_)
    ));
    assert_eq!(
        next(&mut rx, "close").await,
        SocketEvent::Close {
            code: 4001,
            reason: "scripted close".into(),
            clean: true,
        }
    );
}

#[wasm_bindgen_test]
async fn worker_socket_delivers_a_binary_message_as_its_bytes() {
    // The scripted server sends a binary message whose header is not UTF-8.
    let (socket, mut rx) = open(&bad_url("badutf8"));
    assert!(matches!(
        next(&mut rx, "open").await,
        SocketEvent::Open { .. }
    ));
    socket.send(&connect_frame()).unwrap();
    assert!(matches!(
        next(&mut rx, "CONNECTED").await,
        SocketEvent::Message(_)
    ));
    let expected = b"MESSAGE\ndestination:/x\nsubscription:sub-0\nmessage-id:\xff\xfe\n\nhi\0";
    assert_eq!(
        next(&mut rx, "binary").await,
        SocketEvent::Message(expected.to_vec())
    );
}

#[wasm_bindgen_test]
async fn worker_socket_reports_a_refused_connection_as_an_unclean_close() {
    let Some(dead) = option_env!("STOMP_DEAD_URL") else {
        panic!("build with STOMP_DEAD_URL (scripts/test-web.sh)");
    };
    let (_socket, mut rx) = open(dead);
    match next(&mut rx, "close").await {
        SocketEvent::Close { code, clean, .. } => assert_eq!((code, clean), (1006, false)),
        other => panic!("unexpected {other:?}"),
    }
}

#[wasm_bindgen_test]
fn worker_socket_rejects_bad_urls_at_once_with_a_typed_error() {
    for url in [
        "http://[::1",
        "ftp://127.0.0.1/ws",
        "ws://127.0.0.1/ws#frag",
    ] {
        let before = WorkerSocket::live_workers();
        let err = WorkerSocket::open(url, |_| {}).err().expect(url);
        assert!(matches!(err, SocketError::Open { .. }), "{url}: {err:?}");
        assert_eq!(WorkerSocket::live_workers(), before, "no worker for {url}");
    }
}

#[wasm_bindgen_test]
async fn worker_socket_resolves_relative_and_http_urls_as_the_browser_does() {
    // The worker's own base URL is a blob: one; the page's must be used.
    let (socket, _rx) = open("/ws");
    let doc = web_sys::window().unwrap().document().unwrap();
    let base = doc.base_uri().unwrap().unwrap();
    // "http://host:port/..." -> "ws://host:port/ws"
    let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
    let expected = format!("{}/ws", origin.replacen("http", "ws", 1));
    assert_eq!(socket.url(), expected);
    let http = ws_url().replacen("ws://", "http://", 1);
    let (socket, mut rx) = open(&http);
    assert_eq!(socket.url(), ws_url());
    assert!(matches!(
        next(&mut rx, "open").await,
        SocketEvent::Open { .. }
    ));
}

#[wasm_bindgen_test]
async fn dropped_worker_sockets_send_nothing_more_and_their_workers_exit() {
    // Settle what earlier tests left closing.
    wait_for_workers(0).await;
    for i in 0..1_000 {
        let (socket, mut rx) = open(ws_url());
        // Every tenth waits for the connection; the rest are dropped while connecting.
        if i % 10 == 0 {
            assert!(matches!(
                next(&mut rx, "open").await,
                SocketEvent::Open { .. }
            ));
        }
        drop(socket);
        assert!(rx.try_recv().is_err(), "an event after the drop");
        if i % 50 == 49 {
            // Let exits through now and then, as an app reconnecting over time would.
            wait_for_workers(0).await;
        }
    }
    wait_for_workers(0).await;
}

/// Waits (at most 10 s) until exactly `n` socket workers are live.
async fn wait_for_workers(n: usize) {
    for _ in 0..200 {
        if WorkerSocket::live_workers() == n {
            return;
        }
        sleep(50).await;
    }
    panic!(
        "{} socket workers live, expected {n}",
        WorkerSocket::live_workers()
    );
}

#[wasm_bindgen_test]
async fn client_through_a_worker_socket_keeps_text_and_binary_messages_in_order() {
    for frames in [WsFrames::Text, WsFrames::Binary] {
        let client = connected(guest().ws_frames(frames)).await;
        let dest = format!("/queue/{}", unique("worker-order"));
        let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
        // RabbitMQ sends text messages: bodies must be UTF-8 (NULs are, and need the
        // content-length the client writes).
        let bodies: [&[u8]; 4] = [b"one", &[0, 1, 0, 2], "три".as_bytes(), b"four"];
        for body in bodies {
            send(&client, SendRequest::new(&dest, body.to_vec()))
                .await
                .unwrap();
        }
        for body in bodies {
            assert_eq!(next_message(&mut sub, "echo").await.body(), body);
        }
        client.disconnect().await;
    }
}

#[wasm_bindgen_test]
async fn a_burst_of_a_thousand_arrives_complete_in_order_in_fewer_page_tasks() {
    let client = connected(guest().ws_frames(WsFrames::Binary)).await;
    let dest = format!("/queue/{}", unique("worker-burst"));
    let mut sub = subscribe(&client, &dest, with_receipt()).await.unwrap();
    let before = WorkerSocket::batches_delivered();
    for i in 0..1_000 {
        drop(client.send(SendRequest::new(&dest, format!("m{i}"))));
    }
    for i in 0..1_000 {
        let m = next_message(&mut sub, "burst").await;
        assert_eq!(m.body_text().unwrap(), format!("m{i}"));
    }
    let batches = WorkerSocket::batches_delivered() - before;
    let (all, own) = WorkerSocket::longest_batch_wait_ms();
    let note = format!(
        "1,000 messages arrived in {batches} batches; longest wait of an event in a worker \
         so far: {all:.1} ms, of it after the page was free: {own:.1} ms"
    );
    web_sys::console::log_1(&note.into());
    assert!(batches < 1_000, "{batches} batches for 1,000 messages");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn heart_beats_keep_an_idle_worker_socket_connection_up() {
    let dest = format!("/queue/{}", unique("worker-hb"));
    heart_beats_keep_an_idle_connection_up(guest(), dest).await;
}
