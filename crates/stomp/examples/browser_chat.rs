use futures_util::StreamExt;
use stomp::web::{
    ClientConfig, ClientError, ClientEvent, Confirm, ConnectionState, Outcome, SendRequest,
    StompClient, SubscribeOptions,
};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(text: &str);
}

pub fn start_chat() -> StompClient {
    let client = StompClient::connect(
        ClientConfig::new("ws://127.0.0.1:15674/ws")
            .login("guest", "guest")
            .host("/") // RabbitMQ: the vhost; Spring ignores it
            .heart_beat(10_000, 10_000),
    );

    // Connection state for the UI, and typed errors (ServerError, ProtocolError,
    // SocketClosed { code, clean }, BeforeConnectFailed, ...).
    let mut events = client.events();
    let c = client.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(event) = events.next().await {
            let text = match event {
                ClientEvent::State(ConnectionState::Reconnecting { at_ms, .. }) => {
                    format!("reconnecting in {} ms", at_ms.saturating_sub(c.clock_ms()))
                }
                ClientEvent::State(ConnectionState::Closed(reason)) => format!("offline: {reason}"),
                ClientEvent::Send { id, state } => format!("send {id:?}: {state:?}"),
                other => format!("{other:?}"),
            };
            log(&text);
        }
    });

    // Messages of a subscription are a Stream; dropping the handle unsubscribes.
    let c = client.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let opts = SubscribeOptions {
            receipt: true,
            ..Default::default()
        };
        let Ok(mut room) = c.subscribe("/topic/chat.general", opts).await else {
            return;
        };
        while let Some(msg) = room.next().await {
            let text = msg.body_text().unwrap_or("<binary>");
            log(&format!("{}: {text}", msg.destination()));
        }
    });
    client
}

/// Resolves `Delivered` when the broker confirms (RECEIPT). Sent while offline, it waits in the
/// outbox and goes out after the reconnect; unconfirmed when a connection drops, it is re-sent.
pub async fn say(client: &StompClient, text: &str) -> Result<Outcome, ClientError> {
    let req = SendRequest::new("/topic/chat.general", text.to_owned())
        .content_type("text/plain;charset=UTF-8")
        .with_receipt();
    client.send(req).await
}

/// For a server without receipts for SEND (Spring): the app confirms the send itself when its
/// own message comes back on the topic, with `client.confirm(id)`.
pub fn say_to_spring(client: &StompClient, json: String) -> Option<stomp::web::SendId> {
    let handle = client.send(SendRequest::new("/app/chat", json).confirm(Confirm::Caller));
    // The id is there at once (None only if the send was refused, e.g. too large).
    handle.id()
}

fn main() {
    let client = start_chat();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = say(&client, "hello").await;
    });
}
