//! Helpers shared by the browser tests: where the broker is, sleeping, and timeouts.
#![allow(dead_code)]

use futures_util::future::{select, Either};
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The broker under test, given by the test script at compile time.
pub fn ws_url() -> &'static str {
    match option_env!("STOMP_WS_URL") {
        Some(url) => url,
        None => panic!("build the tests with STOMP_WS_URL set (scripts/test-web.sh does)"),
    }
}

/// The control server that can stop and start the broker (scripts/broker-control.py).
pub fn control_url() -> &'static str {
    match option_env!("STOMP_CONTROL_URL") {
        Some(url) => url,
        None => panic!("build the tests with STOMP_CONTROL_URL set (scripts/test-web.sh does)"),
    }
}

/// Resolves after `ms` milliseconds (a main-thread timer; fine in a visible test page).
pub async fn sleep(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Runs `fut` for at most `ms`; panics with `what` when it takes longer.
pub async fn within<T>(ms: u32, what: &str, fut: impl Future<Output = T>) -> T {
    let fut = Box::pin(fut);
    let timer = Box::pin(sleep(ms));
    match select(fut, timer).await {
        Either::Left((v, _)) => v,
        Either::Right(_) => panic!("timed out after {ms} ms waiting for {what}"),
    }
}

/// GETs a path of the control server; panics unless it answers 200.
pub async fn control(path: &str) {
    let window = web_sys::window().unwrap();
    let url = format!("{}/{}", control_url(), path);
    let resp = JsFuture::from(window.fetch_with_str(&url)).await.unwrap();
    let resp: web_sys::Response = resp.dyn_into().unwrap();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    assert_eq!(resp.status(), 200, "control {path}: {:?}", text.as_string());
}

/// A name no other test (or earlier run) uses, for destinations.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}

pub mod client {
    //! Client helpers: a guest connection and waiting on the event stream.
    use super::{within, ws_url};
    use futures_channel::mpsc::UnboundedReceiver;
    use futures_util::StreamExt;
    use stomp::web::{
        AckMode, ClientConfig, ClientError, ClientEvent, ConnectionState, Direction, Message,
        SendRequest, StompClient, SubscribeOptions, Subscription, TransactionId,
    };

    /// RabbitMQ's loopback guest, vhost `/`, no heart-beats unless a test asks.
    pub fn guest() -> ClientConfig {
        ClientConfig::new(ws_url())
            .login("guest", "guest")
            .host("/")
            .heart_beat(0, 0)
    }

    /// Waits for the next event matching `pred`, returning it.
    pub async fn next_event(
        events: &mut UnboundedReceiver<ClientEvent>,
        ms: u32,
        what: &str,
        pred: impl Fn(&ClientEvent) -> bool,
    ) -> ClientEvent {
        within(ms, what, async {
            loop {
                let e = events.next().await.expect("event stream ended");
                if pred(&e) {
                    return e;
                }
            }
        })
        .await
    }

    pub async fn connected(config: ClientConfig) -> StompClient {
        let client = StompClient::connect(config);
        let mut events = client.events();
        next_event(&mut events, 15_000, "CONNECTED", |e| {
            matches!(e, ClientEvent::State(ConnectionState::Connected))
        })
        .await;
        client
    }

    pub async fn next_message(sub: &mut Subscription, what: &str) -> Message {
        within(10_000, what, sub.next())
            .await
            .expect("subscription ended")
    }

    /// `send`, bounded: a lost receipt fails the test instead of hanging the page.
    pub async fn send(client: &StompClient, req: SendRequest) -> Result<(), ClientError> {
        within(15_000, "send", client.send(req)).await.map(drop)
    }

    /// `subscribe`, bounded like `send`.
    pub async fn subscribe(
        client: &StompClient,
        dest: &str,
        opts: SubscribeOptions,
    ) -> Result<Subscription, ClientError> {
        within(15_000, "subscribe", client.subscribe(dest, opts)).await
    }

    pub fn with_receipt() -> SubscribeOptions {
        SubscribeOptions {
            receipt: true,
            ..SubscribeOptions::default()
        }
    }

    pub fn acked(mode: AckMode) -> SubscribeOptions {
        SubscribeOptions {
            ack: mode,
            receipt: true,
            ..SubscribeOptions::default()
        }
    }

    /// Subscribes to `dest`, sends there (with a receipt) and returns what came back.
    pub async fn echo_at(
        client: &StompClient,
        dest: String,
        req: impl FnOnce(String) -> SendRequest,
    ) -> Message {
        let mut sub = subscribe(client, &dest, with_receipt()).await.unwrap();
        send(client, req(dest).with_receipt()).await.unwrap();
        next_message(&mut sub, "echo").await
    }

    /// With 1 s heart-beats both ways, an idle connection stays up for 5.5 s with nothing
    /// but heart-beats on the wire, and is still usable after (through `echo_dest`).
    pub async fn heart_beats_keep_an_idle_connection_up(config: ClientConfig, echo_dest: String) {
        let client = connected(config.heart_beat(1_000, 1_000).tap_frames(true)).await;
        assert_eq!(client.connected_info().unwrap().heart_beat, (1_000, 1_000));
        let mut events = client.events();
        let mut tap = client.tap();
        super::sleep(5_500).await;
        assert_eq!(client.state(), ConnectionState::Connected);
        while let Ok(e) = events.try_recv() {
            assert!(
                matches!(e, ClientEvent::State(ConnectionState::Connected)),
                "unexpected event while idle: {e:?}"
            );
        }
        let (mut beats_out, mut beats_in) = (0, 0);
        while let Ok(t) = tap.try_recv() {
            match (t.direction, t.frame) {
                (Direction::Out, None) => beats_out += 1,
                (Direction::In, None) => beats_in += 1,
                _ => {}
            }
        }
        assert!(beats_out >= 4, "{beats_out} heart-beats sent in 5.5 s");
        assert!(beats_in >= 3, "{beats_in} heart-beats received in 5.5 s");
        let m = echo_at(&client, echo_dest, |d| SendRequest::new(d, "still here")).await;
        assert_eq!(m.body_text().unwrap(), "still here");
        client.disconnect().await;
    }

    /// Two sends in a committed transaction arrive, in order, only after COMMIT; one in an
    /// aborted transaction never arrives (a marker sent after it comes first). Returns the
    /// aborted transaction.
    pub async fn commit_delivers_and_abort_does_not(
        client: &StompClient,
        dest: &str,
    ) -> TransactionId {
        let mut sub = subscribe(client, dest, with_receipt()).await.unwrap();
        let tx = client.begin().await.unwrap();
        for body in ["c1", "c2"] {
            let req = SendRequest::new(dest, body).in_transaction(tx);
            send(client, req).await.unwrap();
        }
        super::sleep(300).await;
        assert!(sub.try_next().is_none(), "nothing before COMMIT");
        client.commit(tx).await.unwrap();
        for body in ["c1", "c2"] {
            let m = next_message(&mut sub, body).await;
            assert_eq!(m.body_text().unwrap(), body);
        }
        let tx = client.begin().await.unwrap();
        let req = SendRequest::new(dest, "aborted").in_transaction(tx);
        send(client, req).await.unwrap();
        client.abort(tx).await.unwrap();
        send(client, SendRequest::new(dest, "marker").with_receipt())
            .await
            .unwrap();
        assert_eq!(
            next_message(&mut sub, "marker").await.body_text().unwrap(),
            "marker",
            "the aborted message would have come before the marker"
        );
        tx
    }
}

/// The scripted misbehaving server (scripts/bad-stomp-server.py); `path` picks the fault.
pub fn bad_url(path: &str) -> String {
    match option_env!("STOMP_BAD_URL") {
        Some(url) => format!("{url}/{path}"),
        None => panic!("build the tests with STOMP_BAD_URL set (scripts/test-web.sh does)"),
    }
}
