//! Our messages on their way out: handing the outbox to the client once each, following
//! the client's delivery states by send id, and confirming a message when its echo comes
//! back on a server without receipts.

use super::echo::{Echoes, Pending};
use super::incoming::Incoming;
use super::model::{Delivery, Outgoing, RoomKey};
use super::profile::{expand, Templates};
use super::state::{Action, ChatState};
use chat_proto::{ChatMessage, MessageType};
use futures::FutureExt;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use stomp::web::{ClientError, Confirm, SendFailure, SendId, SendRequest, SendState, StompClient};
use wasm_bindgen_futures::spawn_local;
use yew::UseReducerDispatcher;

/// Everything the sending side of one client keeps. Shared by the service and the room
/// subscription tasks (which look for echoes), behind an `Rc<RefCell<_>>`.
#[derive(Default)]
pub struct Outbound {
    /// Our sends the client still tracks, by its id.
    by_id: HashMap<SendId, String>,
    /// Handed to the client and not settled: never hand an entry over twice.
    in_flight: HashMap<String, SendId>,
    echoes: Echoes<SendId>,
}

pub type SharedOutbound = Rc<RefCell<Outbound>>;

impl Outbound {
    /// Where the client says a send of ours is; `None` for one that is not ours (an
    /// announcement) or a state the app does not show.
    pub fn on_state(&mut self, id: SendId, state: &SendState) -> Option<Action> {
        let cid = self.by_id.get(&id)?.clone();
        let final_state = !matches!(state, SendState::Queued | SendState::Sent);
        if final_state {
            self.by_id.remove(&id);
            self.in_flight.remove(&cid);
            self.echoes.forget(&id);
        }
        let delivery = match state {
            SendState::Queued => Delivery::Queued,
            SendState::Sent => Delivery::Sent,
            SendState::Delivered => Delivery::Delivered,
            SendState::Uncertain => Delivery::Uncertain,
            // Never written, and the session is gone: the next session sends it.
            SendState::Failed(SendFailure::SessionClosed | SendFailure::Cancelled) => return None,
            SendState::Failed(f) => Delivery::Failed(f.to_string()),
        };
        Some(Action::Delivery {
            client_id: cid,
            delivery,
        })
    }

    /// If `payload` (arrived on `room`) is the echo of a message of ours, confirms that
    /// send with the client and labels the payload with its client id, so the reducer
    /// shows it once, as ours and delivered.
    pub fn match_echo(&mut self, client: &StompClient, room: &RoomKey, payload: &mut Incoming) {
        let Incoming::Chat(m) = payload else { return };
        if self.echoes.is_empty() {
            return;
        }
        if let Some(p) = self.echoes.take_match(room, m) {
            client.confirm(p.id);
            m.client_id = Some(p.client_id);
        }
    }

    /// The client forgets a send the person discarded.
    pub fn discard(&mut self, client: &StompClient, cid: &str) {
        if let Some(id) = self.in_flight.remove(cid) {
            self.by_id.remove(&id);
            self.echoes.forget(&id);
            client.cancel(id);
        }
    }
}

/// Hands every message that is ready to the client, once.
pub fn flush(
    state: &ChatState,
    client: &StompClient,
    t: &Templates,
    me: &str,
    out: &SharedOutbound,
    dispatch: &UseReducerDispatcher<ChatState>,
) {
    for o in state.ready_to_send() {
        if out.borrow().in_flight.contains_key(&o.client_id) {
            continue;
        }
        let confirm = confirm_mode(&o.room, t);
        dispatch.dispatch(Action::HandedOver {
            client_id: o.client_id.clone(),
            receipt: confirm == Confirm::Receipt,
        });
        let Some((req, msg)) = chat_request(o, t, me) else {
            dispatch.dispatch(Action::Delivery {
                client_id: o.client_id.clone(),
                delivery: Delivery::Failed("this server has no private messages".into()),
            });
            continue;
        };
        let handle = client.send(req);
        let Some(id) = handle.id() else {
            // Refused at once (too large, outbox full, closed): the handle holds the error.
            let (dispatch, cid) = (dispatch.clone(), o.client_id.clone());
            spawn_local(handle.map(move |r| {
                if let Err(e) = r {
                    dispatch.dispatch(Action::Delivery {
                        client_id: cid,
                        delivery: Delivery::Failed(refusal(&e)),
                    });
                }
            }));
            continue;
        };
        let mut out = out.borrow_mut();
        out.by_id.insert(id, o.client_id.clone());
        out.in_flight.insert(o.client_id.clone(), id);
        if matches!(confirm, Confirm::Caller | Confirm::Echo) {
            out.echoes.add(Pending {
                id,
                client_id: o.client_id.clone(),
                room: o.room.clone(),
                kind: msg.kind,
                sender: msg.sender,
                content: o.text.clone(),
            });
        }
        // The state the client gave it while we held the handle (its events follow).
        if let Some(a) = handle.state().and_then(|st| out.on_state(id, &st)) {
            dispatch.dispatch(a);
        }
    }
}

fn refusal(e: &ClientError) -> String {
    match e {
        ClientError::SendFailed(SendFailure::TooLarge { size, limit }) => {
            format!(
                "too long: {}; this server takes up to {}",
                kb(*size),
                kb(*limit)
            )
        }
        other => other.to_string(),
    }
}

/// Bytes as a person reads them: "70 KB".
pub fn kb(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

pub fn json_request(dest: String, msg: &ChatMessage) -> SendRequest {
    let body = super::wire_json::to_json(msg).into_bytes();
    SendRequest::new(dest, body).content_type("application/json")
}

/// The SEND for one outbox entry (with the payload it carries); `None` if the profile has
/// no private destination.
pub fn chat_request(o: &Outgoing, t: &Templates, me: &str) -> Option<(SendRequest, ChatMessage)> {
    let (dest, msg) = match &o.room {
        RoomKey::Room(room) => (
            expand(&t.publish, room, me)?,
            ChatMessage::new(MessageType::Chat, room, me),
        ),
        RoomKey::Direct(peer) => {
            let mut m = ChatMessage::new(MessageType::Private, "", me);
            m.to = Some(peer.clone());
            (expand(&t.private_send, "", peer)?, m)
        }
    };
    let mut msg = msg.with_content(&o.text);
    msg.client_id = Some(o.client_id.clone());
    if !t.server_stamps {
        msg.id = Some(o.client_id.clone());
        msg.timestamp = Some(o.at);
    }
    Some((
        json_request(dest, &msg).confirm(confirm_mode(&o.room, t)),
        msg,
    ))
}

/// How a send of ours to `room` is confirmed. With a stream (RabbitMQ), no SEND on the
/// connection may ask for a RECEIPT: see the `stream_history` module.
pub fn confirm_mode(room: &RoomKey, t: &Templates) -> Confirm {
    match (t.stream.is_empty(), room) {
        (false, RoomKey::Room(_)) => Confirm::Echo,
        (false, RoomKey::Direct(_)) => Confirm::None,
        (true, _) if t.receipts => Confirm::Receipt,
        (true, _) => Confirm::Caller,
    }
}

/// The size of the SEND frame a message would make, for refusing it before it is sent.
/// Headers are counted generously; the client checks the exact frame again.
pub fn frame_size(room: &RoomKey, text: &str, t: &Templates, me: &str) -> usize {
    let o = Outgoing {
        client_id: "0".repeat(24),
        sender: me.to_owned(),
        room: room.clone(),
        text: text.to_owned(),
        at: 1_700_000_000_000,
        delivery: Delivery::Queued,
        receipt: confirm_mode(room, t) == Confirm::Receipt,
        attempts: 0,
    };
    const HEADERS: usize = 160;
    let body = match chat_request(&o, t, me) {
        Some((req, _)) => req.body.len() + req.destination.len(),
        None => text.len(),
    };
    body + HEADERS
}
