//! The public client against Apache ActiveMQ 5.17 (Classic), in headless Chromium.
//! Run by scripts/test-activemq.sh, which starts the broker with scripts/activemq.sh: user
//! `stomp`/`secret`, who may use destinations under `chat.` only.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

mod common;

use common::client::{
    acked, commit_delivers_and_abort_does_not, connected, echo_at,
    heart_beats_keep_an_idle_connection_up, next_event, next_message, send, subscribe,
    with_receipt,
};
use common::{sleep, unique, within, ws_url};
use stomp::session::SendFailure;
use stomp::web::{
    AckMode, ClientConfig, ClientError, ClientEvent, ConnectionState, Direction, DisconnectReason,
    ReconnectPolicy, SendRequest, StompClient,
};
use stomp::{Command, Version};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The user scripts/activemq.sh configures.
const LOGIN: &str = "stomp";
const PASSCODE: &str = "secret";

fn user() -> ClientConfig {
    ClientConfig::new(ws_url())
        .login(LOGIN, PASSCODE)
        .host("localhost")
        .heart_beat(0, 0)
}

/// A destination name the test user may use, fresh for every call.
fn dest(kind: &str, what: &str) -> String {
    format!("/{kind}/{}", unique(&format!("chat.{what}")))
}

/// Sends through a fresh topic and returns what came back.
async fn echo(
    client: &StompClient,
    req: impl FnOnce(String) -> SendRequest,
) -> stomp::session::Message {
    echo_at(client, dest("topic", "echo"), req).await
}

async fn rejected_with(config: ClientConfig) -> (Option<String>, StompClient) {
    let client = StompClient::connect(config);
    let mut events = client.events();
    let state = next_event(&mut events, 15_000, "rejection", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(_)))
    })
    .await;
    match state {
        ClientEvent::State(ConnectionState::Closed(DisconnectReason::Rejected { message })) => {
            (message, client)
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn connected_names_activemq_and_mirrors_the_heart_beats() {
    let client = connected(user().heart_beat(2_000, 3_000)).await;
    let info = client.connected_info().expect("connected info");
    assert_eq!(info.version, Version::V1_2);
    let server = info.server.expect("server header");
    assert!(server.starts_with("ActiveMQ/5."), "{server}");
    assert!(
        info.session
            .as_deref()
            .is_some_and(|s| s.starts_with("ID:")),
        "{:?}",
        info.session
    );
    // ActiveMQ answers `heart-beat:3000,2000` to our 2000,3000: it sends at the pace we want to
    // hear and wants ours at the pace we offered, so we send every 2 s and expect every 3 s.
    assert_eq!(info.heart_beat, (2_000, 3_000));
    assert_eq!(info.headers.get("heart-beat"), Some("3000,2000"));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn wrong_password_is_rejected_with_activemqs_message_and_not_retried() {
    let (message, client) = rejected_with(user().login(LOGIN, "wrong")).await;
    assert_eq!(
        message.as_deref(),
        Some("User name [stomp] or password is invalid.")
    );
    sleep(1_500).await;
    assert!(
        matches!(
            client.state(),
            ConnectionState::Closed(DisconnectReason::Rejected { .. })
        ),
        "{:?}",
        client.state()
    );
    assert!(send(&client, SendRequest::new(dest("topic", "x"), "x"))
        .await
        .is_err());
}

#[wasm_bindgen_test]
async fn unknown_user_and_missing_credentials_are_rejected() {
    let (message, _c) = rejected_with(user().login("nobody", "secret")).await;
    assert_eq!(
        message.as_deref(),
        Some("User name [nobody] or password is invalid.")
    );
    // Anonymous access is off: no login at all is refused too.
    let (message, _c) = rejected_with(ClientConfig::new(ws_url()).heart_beat(0, 0)).await;
    let message = message.expect("an ERROR message");
    assert!(message.contains("password is invalid"), "{message}");
}

#[wasm_bindgen_test]
async fn topic_broadcasts_to_every_subscriber_with_activemq_headers() {
    let d = dest("topic", "room");
    let alice = connected(user()).await;
    let bob = connected(user()).await;
    let mut a = subscribe(&alice, &d, with_receipt()).await.unwrap();
    let mut b = subscribe(&bob, &d, with_receipt()).await.unwrap();
    for i in 0..3 {
        send(
            &bob,
            SendRequest::new(d.clone(), format!("hello {i}"))
                .content_type("text/plain")
                .with_receipt(),
        )
        .await
        .unwrap();
    }
    for sub in [&mut a, &mut b] {
        for i in 0..3 {
            let m = next_message(sub, "broadcast").await;
            assert_eq!(m.body_text().unwrap(), format!("hello {i}"));
            // `/topic/x` is topic://x inside ActiveMQ and is named back the same way.
            assert_eq!(m.destination(), d);
            assert_eq!(m.content_type(), Some("text/plain"));
            assert!(m.message_id().is_some_and(|id| id.starts_with("ID:")));
            assert!(m.frame.get("timestamp").is_some());
        }
    }
    alice.disconnect().await;
    bob.disconnect().await;
}

#[wasm_bindgen_test]
async fn queue_keeps_messages_until_a_consumer_comes_and_gives_each_to_one_consumer() {
    let d = dest("queue", "work");
    let producer = connected(user()).await;
    for i in 0..6 {
        send(
            &producer,
            SendRequest::new(d.clone(), format!("job {i}")).with_receipt(),
        )
        .await
        .unwrap();
    }
    // Sent before anyone subscribed: a queue keeps them.
    let w1 = connected(user()).await;
    let w2 = connected(user()).await;
    let mut s1 = subscribe(&w1, &d, with_receipt()).await.unwrap();
    let mut s2 = subscribe(&w2, &d, with_receipt()).await.unwrap();
    let mut got: Vec<String> = vec![];
    within(10_000, "all six jobs", async {
        while got.len() < 6 {
            for m in
                std::iter::from_fn(|| s1.try_next()).chain(std::iter::from_fn(|| s2.try_next()))
            {
                assert_eq!(m.destination(), d);
                got.push(m.body_text().unwrap().to_owned());
            }
            sleep(50).await;
        }
    })
    .await;
    sleep(300).await;
    assert!(
        s1.try_next().is_none() && s2.try_next().is_none(),
        "no job twice"
    );
    got.sort();
    let want: Vec<String> = (0..6).map(|i| format!("job {i}")).collect();
    assert_eq!(got, want, "each job exactly once across both consumers");
    for c in [producer, w1, w2] {
        c.disconnect().await;
    }
}

#[wasm_bindgen_test]
async fn binary_body_with_nul_bytes_arrives_whole() {
    let client = connected(user()).await;
    let body: Vec<u8> = b"a\0b\0\0c\xff\xfe\0".to_vec();
    let m = echo(&client, |d| {
        SendRequest::new(d, body.clone()).content_type("application/octet-stream")
    })
    .await;
    assert_eq!(m.body(), &body[..]);
    assert_eq!(m.frame.content_length(), Some(body.len()));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn sixty_four_kib_bodies_round_trip_on_a_queue() {
    let client = connected(user()).await;
    let d = dest("queue", "big");
    let mut sub = subscribe(&client, &d, with_receipt()).await.unwrap();
    let text: String = (0..64 * 1024)
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    let binary: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 256) as u8).collect();
    send(
        &client,
        SendRequest::new(d.clone(), text.clone()).with_receipt(),
    )
    .await
    .unwrap();
    send(
        &client,
        SendRequest::new(d.clone(), binary.clone()).with_receipt(),
    )
    .await
    .unwrap();
    let m = next_message(&mut sub, "64 KiB text").await;
    assert_eq!(m.body().len(), text.len());
    assert!(m.body_text().unwrap() == text, "text body differs");
    let m = next_message(&mut sub, "64 KiB binary").await;
    assert_eq!(m.body().len(), binary.len());
    assert!(m.body() == &binary[..], "binary body differs");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn non_ascii_and_escaped_headers_and_body_round_trip() {
    let client = connected(user()).await;
    let text = "héllo — 世界 🎉 ñ";
    let weird = "a:b\nc\\d\re:";
    let m = echo(&client, |d| {
        SendRequest::new(d, text)
            .header("x-greeting", text)
            .header("x-weird", weird)
            .header("x-ünïcode-name", "ok")
    })
    .await;
    assert_eq!(m.body_text().unwrap(), text);
    assert_eq!(m.frame.get("x-greeting"), Some(text));
    assert_eq!(m.frame.get("x-weird"), Some(weird));
    assert_eq!(m.frame.get("x-ünïcode-name"), Some("ok"));
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn client_individual_ack_and_unacked_messages_come_back_redelivered() {
    let client = connected(user()).await;
    let d = dest("queue", "ack");
    let mut sub = subscribe(&client, &d, acked(AckMode::ClientIndividual))
        .await
        .unwrap();
    for i in 0..3 {
        send(
            &client,
            SendRequest::new(d.clone(), format!("m{i}")).with_receipt(),
        )
        .await
        .unwrap();
    }
    let mut got = vec![];
    for _ in 0..3 {
        got.push(next_message(&mut sub, "first delivery").await);
    }
    let bodies: Vec<_> = got.iter().map(|m| m.body_text().unwrap()).collect();
    assert_eq!(bodies, ["m0", "m1", "m2"]);
    assert!(got.iter().all(|m| m.frame.get("redelivered").is_none()));
    // Ack the outer two only; m1 stays unacknowledged when the subscription goes.
    client.ack(&got[0]).await.unwrap();
    client.ack(&got[2]).await.unwrap();
    drop(sub);
    let mut again = subscribe(&client, &d, acked(AckMode::ClientIndividual))
        .await
        .unwrap();
    let m = next_message(&mut again, "redelivery").await;
    assert_eq!(m.body_text().unwrap(), "m1");
    assert_eq!(m.frame.get("redelivered"), Some("true"));
    client.ack(&m).await.unwrap();
    sleep(300).await;
    assert!(again.try_next().is_none(), "acked messages stay acked");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn nack_sends_a_persistent_message_to_the_dead_letter_queue_not_back_to_us() {
    // ActiveMQ treats a STOMP NACK as a poison ack: no redelivery, the message goes to
    // ActiveMQ.DLQ (only persistent ones; a non-persistent one would just be dropped).
    let client = connected(user()).await;
    let d = dest("queue", "nack");
    let mut sub = subscribe(&client, &d, acked(AckMode::ClientIndividual))
        .await
        .unwrap();
    let marker = unique("poison");
    send(
        &client,
        SendRequest::new(d.clone(), marker.clone())
            .header("persistent", "true")
            .with_receipt(),
    )
    .await
    .unwrap();
    let m = next_message(&mut sub, "delivery").await;
    assert_eq!(m.body_text().unwrap(), marker);
    client.nack(&m).await.unwrap();
    let mut dlq = subscribe(
        &client,
        "/queue/ActiveMQ.DLQ",
        acked(AckMode::ClientIndividual),
    )
    .await
    .unwrap();
    let dead = within(10_000, "our message on the DLQ", async {
        loop {
            let m = next_message(&mut dlq, "DLQ message").await;
            client.ack(&m).await.unwrap();
            if m.body_text() == Ok(marker.as_str()) {
                return m;
            }
        }
    })
    .await;
    assert_eq!(dead.destination(), "/queue/ActiveMQ.DLQ");
    assert!(
        sub.try_next().is_none(),
        "a NACKed message is not redelivered"
    );
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn committed_transaction_delivers_and_aborted_one_does_not() {
    let client = connected(user()).await;
    commit_delivers_and_abort_does_not(&client, &dest("queue", "tx")).await;
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn heart_beats_keep_an_idle_connection_alive() {
    heart_beats_keep_an_idle_connection_up(user(), dest("topic", "hb")).await;
}

#[wasm_bindgen_test]
async fn forbidden_destination_rejects_the_subscribe_then_the_client_recovers() {
    let client = connected(user().reconnect(ReconnectPolicy {
        initial_delay_ms: 100,
        ..Default::default()
    }))
    .await;
    let mut events = client.events();
    let forbidden = format!("/queue/{}", unique("private"));
    let name = forbidden.trim_start_matches("/queue/").to_owned();
    let result = subscribe(&client, &forbidden, with_receipt()).await;
    assert_eq!(
        result.err(),
        Some(ClientError::Rejected(format!(
            "User stomp is not authorized to read from: queue://{name}"
        )))
    );
    let err = next_event(&mut events, 5_000, "ERROR event", |e| {
        matches!(e, ClientEvent::ServerError(_))
    })
    .await;
    let ClientEvent::ServerError(err) = err else {
        unreachable!()
    };
    // ActiveMQ answers with the receipt id of the refused SUBSCRIBE and keeps the socket open;
    // the client closes it (an ERROR ends a STOMP connection) and reconnects.
    assert!(err.receipt_for.is_some(), "{err:?}");
    next_event(&mut events, 10_000, "reconnected", |e| {
        matches!(e, ClientEvent::State(ConnectionState::Connected))
    })
    .await;
    // The refused subscription is not replayed after the reconnect (that would loop), and the
    // connection works.
    sleep(500).await;
    assert_eq!(client.state(), ConnectionState::Connected);
    while let Ok(e) = events.try_recv() {
        assert!(
            !matches!(
                e,
                ClientEvent::ServerError(_) | ClientEvent::Disconnected(_)
            ),
            "the refused SUBSCRIBE came back after the reconnect: {e:?}"
        );
    }
    let m = echo(&client, |d| SendRequest::new(d, "after")).await;
    assert_eq!(m.body_text().unwrap(), "after");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn forbidden_destination_rejects_a_receipted_send() {
    let client = connected(user().reconnect(ReconnectPolicy {
        initial_delay_ms: 100,
        ..Default::default()
    }))
    .await;
    let forbidden = format!("/topic/{}", unique("private"));
    let name = forbidden.trim_start_matches("/topic/").to_owned();
    let result = send(&client, SendRequest::new(forbidden, "x").with_receipt()).await;
    // Failed, typed, with the broker's words.
    assert_eq!(
        result,
        Err(ClientError::SendFailed(SendFailure::Rejected(format!(
            "User stomp is not authorized to write to: topic://{name}"
        ))))
    );
    let mut events = client.events();
    if client.state() != ConnectionState::Connected {
        next_event(&mut events, 10_000, "reconnected", |e| {
            matches!(e, ClientEvent::State(ConnectionState::Connected))
        })
        .await;
    }
    let m = echo(&client, |d| SendRequest::new(d, "fine")).await;
    assert_eq!(m.body_text().unwrap(), "fine");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn graceful_disconnect_waits_for_the_receipt() {
    let client = connected(user().tap_frames(true)).await;
    let mut tap = client.tap();
    within(10_000, "disconnect", client.disconnect()).await;
    assert_eq!(
        client.state(),
        ConnectionState::Closed(DisconnectReason::UserRequest)
    );
    let frames: Vec<_> = std::iter::from_fn(|| tap.try_recv().ok())
        .filter_map(|t| t.frame.map(|f| (t.direction, f)))
        .collect();
    let asked = frames
        .iter()
        .find(|(d, f)| *d == Direction::Out && f.command == Command::Disconnect)
        .and_then(|(_, f)| f.get("receipt"))
        .expect("DISCONNECT with a receipt header")
        .to_owned();
    let answered = frames
        .iter()
        .find(|(d, f)| *d == Direction::In && f.command == Command::Receipt)
        .and_then(|(_, f)| f.get("receipt-id"))
        .expect("RECEIPT for the DISCONNECT");
    assert_eq!(answered, asked);
}

#[wasm_bindgen_test]
async fn a_subscribe_that_kills_the_connection_fails_instead_of_looping() {
    // ActiveMQ closes the socket, without ERROR, on a SUBSCRIBE to the empty queue name.
    let client = connected(
        user()
            .receipt_timeout_ms(1_500)
            .max_send_attempts(2)
            .reconnect(ReconnectPolicy {
                initial_delay_ms: 100,
                ..Default::default()
            }),
    )
    .await;
    let mut events = client.events();
    let result = subscribe(&client, "/queue/", with_receipt()).await;
    assert_eq!(
        result.err(),
        Some(ClientError::SubscribeFailed(SendFailure::TooManyAttempts {
            attempts: 2
        }))
    );
    if client.state() != ConnectionState::Connected {
        next_event(&mut events, 10_000, "reconnected", |e| {
            matches!(e, ClientEvent::State(ConnectionState::Connected))
        })
        .await;
    }
    // Given up means not replayed: the connection now stays up.
    sleep(1_000).await;
    assert_eq!(client.state(), ConnectionState::Connected);
    let m = echo(&client, |d| SendRequest::new(d, "still fine")).await;
    assert_eq!(m.body_text().unwrap(), "still fine");
    client.disconnect().await;
}

#[wasm_bindgen_test]
async fn a_send_that_kills_the_connection_fails_after_max_attempts() {
    // The same empty queue name on SEND: ActiveMQ drops the socket each time; the receipted
    // send is re-sent once after the reconnect, then given up, and the client carries on.
    let client = connected(user().max_send_attempts(2).reconnect(ReconnectPolicy {
        initial_delay_ms: 100,
        ..Default::default()
    }))
    .await;
    let mut events = client.events();
    let result = send(&client, SendRequest::new("/queue/", "x").with_receipt()).await;
    assert_eq!(
        result,
        Err(ClientError::SendFailed(SendFailure::TooManyAttempts {
            attempts: 2
        }))
    );
    if client.state() != ConnectionState::Connected {
        next_event(&mut events, 10_000, "reconnected", |e| {
            matches!(e, ClientEvent::State(ConnectionState::Connected))
        })
        .await;
    }
    let m = echo(&client, |d| SendRequest::new(d, "carried on")).await;
    assert_eq!(m.body_text().unwrap(), "carried on");
    client.disconnect().await;
}

// ---- ActiveMQ's own ws transport -------------------------------------------------------------
// What a browser meets on a real ActiveMQ `ws://` connector (scripts/ws-tcp-bridge.py, mode
// `activemq`, behaves like activemq-http's StompSocket): binary WebSocket messages are ignored,
// each text message must hold exactly one frame, and frames come back as text messages.

fn amq_ws_url() -> &'static str {
    match option_env!("STOMP_AMQ_WS_URL") {
        Some(url) => url,
        None => panic!("build the tests with STOMP_AMQ_WS_URL set (scripts/test-activemq.sh does)"),
    }
}

/// A bare browser WebSocket whose incoming messages (text as `Ok`, binary as `Err` bytes)
/// arrive on a channel.
struct RawWs {
    ws: web_sys::WebSocket,
    rx: futures_channel::mpsc::UnboundedReceiver<Result<String, Vec<u8>>>,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

async fn raw_ws(url: &str) -> RawWs {
    use wasm_bindgen::JsCast;
    let protocols = js_sys::Array::of1(&"v12.stomp".into());
    let ws = web_sys::WebSocket::new_with_str_sequence(url, &protocols).unwrap();
    ws.set_binary_type(web_sys::BinaryType::Arraybuffer);
    let (tx, rx) = futures_channel::mpsc::unbounded();
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| {
            let data = e.data();
            let item = match data.as_string() {
                Some(text) => Ok(text),
                None => Err(js_sys::Uint8Array::new(&data).to_vec()),
            };
            let _ = tx.unbounded_send(item);
        },
    );
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    within(10_000, "open", async {
        while ws.ready_state() != web_sys::WebSocket::OPEN {
            sleep(20).await;
        }
    })
    .await;
    assert_eq!(ws.protocol(), "v12.stomp");
    RawWs {
        ws,
        rx,
        _on_message: on_message,
    }
}

const CONNECT: &str =
    "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:stomp\npasscode:secret\nheart-beat:0,0\n\n\0";

#[wasm_bindgen_test]
async fn ws_transport_ignores_binary_messages_and_answers_text_frames_with_text() {
    use futures_util::StreamExt;
    let mut c = raw_ws(amq_ws_url()).await;
    // A binary CONNECT goes nowhere: no answer, no close.
    c.ws.send_with_u8_array(CONNECT.as_bytes()).unwrap();
    sleep(1_000).await;
    assert!(c.rx.try_recv().is_err(), "no answer to a binary CONNECT");
    assert_eq!(c.ws.ready_state(), web_sys::WebSocket::OPEN);
    // The same frame as text is answered, with one text message holding one frame.
    c.ws.send_with_str(CONNECT).unwrap();
    let reply = within(10_000, "CONNECTED", c.rx.next()).await.unwrap();
    let text = reply.expect("CONNECTED comes as a text message");
    assert!(text.starts_with("CONNECTED\n"), "{text:?}");
    assert!(text.contains("\nserver:ActiveMQ/5."), "{text:?}");
    assert!(
        text.ends_with("\0\n"),
        "one frame, then ActiveMQ's newline: {text:?}"
    );
    c.ws.close().unwrap();
}

#[wasm_bindgen_test]
async fn ws_transport_client_connects_and_round_trips_text() {
    let config = ClientConfig::new(amq_ws_url())
        .login(LOGIN, PASSCODE)
        .host("localhost")
        .heart_beat(1_000, 1_000);
    let client = connected(config).await;
    assert!(client
        .connected_info()
        .and_then(|i| i.server)
        .is_some_and(|s| s.starts_with("ActiveMQ/")));
    let m = echo(&client, |d| {
        SendRequest::new(d, "héllo 世界").header("x-weird", "a:b\nc")
    })
    .await;
    assert_eq!(m.body_text().unwrap(), "héllo 世界");
    assert_eq!(m.frame.get("x-weird"), Some("a:b\nc"));
    // Heart-beats are text "\n" messages both ways; the connection survives idle time.
    sleep(3_500).await;
    assert_eq!(client.state(), ConnectionState::Connected);
    client.disconnect().await;
}
