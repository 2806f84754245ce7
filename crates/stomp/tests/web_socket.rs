//! The raw browser pieces against a real broker: the WebSocket wrapper and the Worker ticker.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use bytes::BytesMut;
use common::{sleep, within, ws_url};
use futures_channel::mpsc;
use futures_util::StreamExt;
use stomp::web::{Socket, SocketEvent, Ticker, Wake};
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn open(url: &str) -> (Socket, mpsc::UnboundedReceiver<SocketEvent>) {
    let (tx, rx) = mpsc::unbounded();
    let s = Socket::open(url, move |e| {
        let _ = tx.unbounded_send(e);
    })
    .unwrap();
    (s, rx)
}

#[wasm_bindgen_test]
async fn socket_negotiates_v12_subprotocol_and_carries_stomp_frames() {
    let (socket, mut rx) = open(ws_url());
    let ev = within(10_000, "open", rx.next()).await.unwrap();
    assert_eq!(
        ev,
        SocketEvent::Open {
            protocol: "v12.stomp".into()
        }
    );
    let connect = Frame::new(Command::Connect)
        .header("accept-version", "1.2")
        .header("host", "/")
        .header("login", "guest")
        .header("passcode", "guest")
        .header("heart-beat", "0,0");
    socket
        .send(&encode_to_vec(&connect, Version::V1_2).unwrap())
        .unwrap();
    let SocketEvent::Message(bytes) = within(10_000, "CONNECTED", rx.next()).await.unwrap() else {
        panic!("expected a message");
    };
    let mut buf = BytesMut::from(&bytes[..]);
    let Some(Item::Frame(frame)) = Decoder::default().decode(&mut buf).unwrap() else {
        panic!("expected a frame in {bytes:?}");
    };
    assert_eq!(frame.command, Command::Connected);
    assert_eq!(frame.get("version"), Some("1.2"));
    assert!(frame.get("server").unwrap().starts_with("RabbitMQ"));

    socket.close();
    loop {
        match within(10_000, "close", rx.next()).await.unwrap() {
            SocketEvent::Close { code, clean, .. } => {
                assert_eq!(code, 1000);
                assert!(clean);
                break;
            }
            SocketEvent::Message(_) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn socket_reports_refused_connection_as_unclean_close() {
    // Port 9 (discard) is closed on loopback here: the handshake fails.
    let (_socket, mut rx) = open("ws://127.0.0.1:9/ws");
    match within(10_000, "close", rx.next()).await.unwrap() {
        SocketEvent::Close { code, clean, .. } => {
            assert_eq!(code, 1006);
            assert!(!clean);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[wasm_bindgen_test]
fn socket_rejects_a_bad_url_with_a_typed_error() {
    let err = Socket::open("http://[::1", |_| {})
        .err()
        .expect("must fail");
    assert!(
        matches!(err, stomp::web::SocketError::Open { .. }),
        "{err:?}"
    );
}

#[wasm_bindgen_test]
async fn dropped_socket_sends_no_more_events_and_closes() {
    for _ in 0..20 {
        let (socket, mut rx) = open(ws_url());
        drop(socket);
        sleep(20).await;
        // The handlers were detached before the close: the channel sees nothing at all.
        assert!(rx.try_recv().is_err());
    }
}

#[wasm_bindgen_test]
async fn ticker_fires_once_per_arm_and_rearming_replaces_the_deadline() {
    let (tx, mut rx) = mpsc::unbounded();
    let mut ticker = Ticker::new(move |w| {
        let _ = tx.unbounded_send(w);
    });
    assert!(
        ticker.uses_worker(),
        "blob: worker should be allowed in the test page"
    );
    let t0 = js_sys::Date::now();
    ticker.arm(5_000);
    ticker.arm(50);
    assert_eq!(within(2_000, "tick", rx.next()).await, Some(Wake::Timer));
    let elapsed = js_sys::Date::now() - t0;
    assert!(elapsed >= 40.0, "fired after {elapsed} ms");
    // Fires once only.
    sleep(150).await;
    assert!(rx.try_recv().is_err());
    // Disarm cancels.
    ticker.arm(50);
    ticker.disarm();
    sleep(150).await;
    assert!(rx.try_recv().is_err());
    drop(ticker);
}

#[wasm_bindgen_test]
async fn ticker_wakes_when_the_page_becomes_visible() {
    let (tx, mut rx) = mpsc::unbounded();
    let ticker = Ticker::new(move |w| {
        let _ = tx.unbounded_send(w);
    });
    let document = web_sys::window().unwrap().document().unwrap();
    // The test page is visible; a visibilitychange event is what the browser sends when a
    // hidden tab comes back.
    let event = web_sys::Event::new("visibilitychange").unwrap();
    document.dispatch_event(&event).unwrap();
    assert_eq!(within(1_000, "wake", rx.next()).await, Some(Wake::Visible));
    // After drop the listener is gone.
    drop(ticker);
    document.dispatch_event(&event).unwrap();
    sleep(50).await;
    assert!(
        rx.next().await.is_none(),
        "the channel closed with the ticker"
    );
}

#[wasm_bindgen_test]
async fn main_thread_ticker_fires_and_rearms_too() {
    let (tx, mut rx) = mpsc::unbounded();
    let mut ticker = Ticker::main_thread(move |w| {
        let _ = tx.unbounded_send(w);
    });
    assert!(!ticker.uses_worker());
    ticker.arm(5_000);
    ticker.arm(30);
    assert_eq!(within(2_000, "tick", rx.next()).await, Some(Wake::Timer));
    ticker.arm(30);
    ticker.disarm();
    sleep(100).await;
    assert!(rx.try_recv().is_err());
}
