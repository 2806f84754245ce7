//! The only code that talks to the STOMP client: intents become client calls, client events
//! and messages become [`Action`]s.

use super::frames::{Dir, FrameEntry};
use super::identity;
use super::incoming::parse_message;
use super::model::{Millis, Reason, RoomKey};
use super::presence;
use super::profile::{expand, Templates};
use super::room_tasks::RoomTasks;
use super::sender::{self, json_request, SharedOutbound};
use super::state::{Action, ChatState, Features};
use super::urls::parse_urls;
use chat_proto::{ChatMessage, MessageType};
use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use std::cell::RefCell;
use std::rc::Rc;
use stomp::web::{ClientConfig, ConnectionState, Direction, StompClient, SubscribeOptions};
use wasm_bindgen_futures::spawn_local;
use yew::UseReducerDispatcher;

// Joining and leaving rooms: the subscriptions of one room and their tasks.
#[path = "service_rooms.rs"]
mod rooms;
// What the client reports (state, errors, sends) as actions for the status bar and outbox.
#[path = "service_events.rs"]
mod events;

/// What the connect form hands over.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectRequest {
    /// One broker URL, or several separated by commas (the nodes of a cluster).
    pub url: String,
    pub nickname: String,
    pub login: String,
    pub passcode: String,
    pub templates: Templates,
    pub rooms: Vec<String>,
}

/// How long a room's history subscription may stay unanswered before we take it that the
/// server keeps no history (Spring answers `@SubscribeMapping` at once, or never).
const HISTORY_WAIT_MS: u32 = 3_000;

pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// A fresh id for a message of ours, unique enough across tabs and reloads.
pub fn client_id() -> String {
    let r = (js_sys::Math::random() * 1e12) as u64;
    format!("{:x}-{:x}", now(), r)
}

pub struct ChatService {
    dispatch: UseReducerDispatcher<ChatState>,
    live: RefCell<Option<Live>>,
}

struct Live {
    client: StompClient,
    me: String,
    templates: Templates,
    /// Each room's subscription tasks; aborting drops the subscriptions, which unsubscribes.
    rooms: RoomTasks,
    tasks: Vec<AbortHandle>,
    out: SharedOutbound,
}

impl Drop for Live {
    fn drop(&mut self) {
        for h in self.tasks.iter().chain(self.rooms.values().flatten()) {
            h.abort();
        }
    }
}

impl ChatService {
    pub fn new(dispatch: UseReducerDispatcher<ChatState>) -> Self {
        ChatService {
            dispatch,
            live: RefCell::new(None),
        }
    }

    pub fn connect(self: &Rc<Self>, req: ConnectRequest) {
        self.live.borrow_mut().take();
        let me = req.nickname.trim().to_owned();
        let t = &req.templates;
        self.dispatch.dispatch(Action::NewSession {
            me: me.clone(),
            features: Features {
                rooms: t.has_rooms(),
                private: t.has_private(),
                presence_expiry: t.presence_refresh,
            },
        });
        // The form has checked the field; a bad one here still reaches the user, as a failed
        // connection to what was typed.
        let urls = parse_urls(&req.url).unwrap_or_else(|_| vec![req.url.trim().to_owned()]);
        let several = urls.len() > 1;
        let mut config = ClientConfig::failover(urls)
            // A busy room's messages reach the page in one task per batch, not one per message
            // (BENCHMARKS.md, UI section, session 9).
            .socket_in_worker(true)
            .tap_frames(true)
            .max_ws_message(t.ws_split)
            .max_frame_bytes(t.max_frame)
            .header(identity::NICKNAME_HEADER, me.clone())
            .header(identity::CLIENT_HEADER, identity::browser_client_id());
        if !req.login.is_empty() {
            config = config.login(req.login.clone(), req.passcode.clone());
        }
        let client = StompClient::connect(config);
        let mut live = Live {
            client: client.clone(),
            me,
            templates: req.templates.clone(),
            rooms: RoomTasks::new(),
            tasks: Vec::new(),
            out: SharedOutbound::default(),
        };
        live.tasks
            .push(self.spawn(self.clone().events(client.clone(), several)));
        live.tasks
            .push(self.spawn(tap(client.clone(), self.dispatch.clone())));
        let user = live.me.clone();
        for (template, private) in [
            (&req.templates.private_subscribe, true),
            (&req.templates.errors, false),
        ] {
            if let Some(d) = expand(template, "", &user) {
                let task = queue(client.clone(), d, private, self.dispatch.clone());
                live.tasks.push(self.spawn(task));
            }
        }
        if req.templates.presence_refresh {
            live.tasks.push(self.spawn(self.clone().keep_present()));
        }
        *self.live.borrow_mut() = Some(live);
        // A server with one topic has one room, whatever was joined elsewhere before.
        let rooms = match req.templates.single_room() {
            Some(only) => vec![only],
            None => req.rooms,
        };
        for room in rooms {
            self.join(&room);
        }
    }

    fn spawn(&self, fut: impl std::future::Future<Output = ()> + 'static) -> AbortHandle {
        let (handle, reg) = AbortHandle::new_pair();
        spawn_local(async move {
            let _ = Abortable::new(fut, reg).await;
        });
        handle
    }

    /// Presence on a server without a participant list: announce ourselves in every room
    /// now and then, and let whoever stopped announcing expire.
    async fn keep_present(self: Rc<Self>) {
        loop {
            gloo_timers::future::TimeoutFuture::new(presence::ANNOUNCE_EVERY_MS).await;
            let rooms: Vec<String> = self
                .live
                .borrow()
                .as_ref()
                .map(|l| l.rooms.keys().cloned().collect())
                .unwrap_or_default();
            let connected = self
                .parts()
                .is_some_and(|(c, _, _)| c.state() == ConnectionState::Connected);
            // Offline, an announcement would only wait in the outbox; the page announces
            // itself anyway when it is back.
            if connected {
                for room in rooms {
                    self.announce(&room, MessageType::Join);
                }
            }
            self.dispatch.dispatch(Action::PresenceTick(now()));
        }
    }

    fn outbound(&self) -> Option<SharedOutbound> {
        self.live.borrow().as_ref().map(|l| l.out.clone())
    }

    fn me(&self) -> String {
        self.live
            .borrow()
            .as_ref()
            .map(|l| l.me.clone())
            .unwrap_or_default()
    }

    /// After a reconnect the session replays our subscriptions (and history subscriptions
    /// answer again), but a server that tracks presence has forgotten us: announce again.
    fn rejoin(&self) {
        let Some((rooms, history)) = self.live.borrow().as_ref().map(|l| {
            (
                l.rooms.keys().cloned().collect::<Vec<_>>(),
                expand(&l.templates.history, "x", "x").is_some(),
            )
        }) else {
            return;
        };
        for room in rooms {
            if history {
                self.wait_for_history(&room);
            } else {
                self.dispatch.dispatch(Action::Subscribed {
                    room: room.clone(),
                    awaits_history: false,
                });
            }
            self.announce(&room, MessageType::Join);
        }
    }

    pub fn typing(&self, room: &str) {
        self.announce(room, MessageType::Typing);
    }

    /// JOIN, LEAVE or TYPING, where the profile says; an empty template means the server
    /// did not ask for it, and nothing is published.
    fn announce(&self, room: &str, kind: MessageType) {
        let Some((client, t, user)) = self.parts() else {
            return;
        };
        let template = match kind {
            MessageType::Join => &t.join,
            MessageType::Leave => &t.leave,
            _ => &t.typing,
        };
        let Some(dest) = expand(template, room, &user) else {
            return;
        };
        let mut msg = ChatMessage::new(kind, room, &user);
        if !t.server_stamps {
            msg.id = Some(client_id());
            msg.timestamp = Some(now());
        }
        // Fire and forget: a lost announcement is repeated by the next one.
        drop(client.send(json_request(dest, &msg)));
    }

    /// Hands every message that is ready to the client, once.
    pub fn flush(&self, state: &ChatState) {
        let Some((client, t, user)) = self.parts() else {
            return;
        };
        if let Some(out) = self.outbound() {
            sender::flush(state, &client, &t, &user, &out, &self.dispatch);
        }
    }

    /// Drops a message of ours that is not confirmed: from the screen, the stored outbox
    /// and the client (which then never writes it again).
    pub fn discard(&self, client_id: &str) {
        if let (Some((client, ..)), Some(out)) = (self.parts(), self.outbound()) {
            out.borrow_mut().discard(&client, client_id);
        }
        self.dispatch
            .dispatch(Action::Discard(client_id.to_owned()));
    }

    /// The SEND frame a message would make is over the server's limit: (size, limit).
    pub fn too_long(&self, room: &RoomKey, text: &str) -> Option<(usize, usize)> {
        let (_, t, me) = self.parts()?;
        let size = sender::frame_size(room, text, &t, &me);
        (t.max_frame > 0 && size > t.max_frame).then_some((size, t.max_frame))
    }

    pub fn retry_now(&self) {
        if let Some(l) = self.live.borrow().as_ref() {
            l.client.reconnect_now();
        }
    }

    pub fn disconnect(&self) {
        let Some(client) = self.parts().map(|p| p.0) else {
            self.dispatch.dispatch(Action::Disconnected(Reason::ByUser));
            return;
        };
        let rooms: Vec<String> = self
            .live
            .borrow()
            .as_ref()
            .map(|l| l.rooms.keys().cloned().collect())
            .unwrap_or_default();
        for room in rooms {
            self.announce(&room, MessageType::Leave);
        }
        let dispatch = self.dispatch.clone();
        let live = self.live.borrow_mut().take();
        spawn_local(async move {
            client.disconnect().await;
            drop(live);
            dispatch.dispatch(Action::Disconnected(Reason::ByUser));
        });
    }

    fn parts(&self) -> Option<(StompClient, Templates, String)> {
        self.live
            .borrow()
            .as_ref()
            .map(|l| (l.client.clone(), l.templates.clone(), l.me.clone()))
    }
}

/// One macrotask's pause, so messages already arriving are taken in the same batch.
pub(crate) async fn yield_to_events() {
    super::macrotask::next().await;
}

pub(crate) fn batched(mut actions: Vec<Action>) -> Action {
    if actions.len() == 1 {
        actions.pop().expect("one")
    } else {
        Action::Batch(actions)
    }
}

/// Every frame in and out goes to the inspector.
async fn tap(client: StompClient, dispatch: UseReducerDispatcher<ChatState>) {
    let mut frames = client.tap();
    let entry = |t: stomp::web::TappedFrame| {
        let dir = match t.direction {
            Direction::In => Dir::In,
            Direction::Out => Dir::Out,
        };
        let at = t.at_ms as Millis;
        Action::Frame(match &t.frame {
            None => FrameEntry::heartbeat(at, dir),
            Some(f) => FrameEntry::frame(at, dir, f.command.as_str(), f.headers.iter(), &f.body),
        })
    };
    while let Some(first) = frames.next().await {
        let mut batch = vec![entry(first)];
        yield_to_events().await;
        while let Ok(t) = frames.try_recv() {
            batch.push(entry(t));
        }
        dispatch.dispatch(batched(batch));
    }
}

/// Our private messages, or the server's notices about our bad requests.
async fn queue(
    client: StompClient,
    dest: String,
    private: bool,
    dispatch: UseReducerDispatcher<ChatState>,
) {
    let Ok(mut sub) = client.subscribe(&dest, SubscribeOptions::default()).await else {
        return;
    };
    while let Some(m) = sub.next().await {
        if private {
            dispatch.dispatch(Action::Incoming {
                room: RoomKey::Direct(String::new()),
                payload: parse_message(m.body()),
                now: now(),
            });
        } else {
            let text = super::incoming::text(m.body())
                .and_then(super::wire_json::notice)
                .map(|n| n.message)
                .unwrap_or_else(|| String::from_utf8_lossy(m.body()).into_owned());
            dispatch.dispatch(Action::Notice(text));
        }
    }
}
