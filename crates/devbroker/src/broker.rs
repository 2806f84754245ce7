//! The message broker: who is subscribed to what, and delivery. Like Spring's simple broker,
//! `/topic/...` fans out to every subscriber, `/queue/...` goes to one subscriber in turn, and
//! `/user/queue/...` subscriptions receive only what is addressed to the session's user.
//! Destinations match exactly (no wildcards).
//!
//! One lock guards the registry and the chat state, so every subscriber sees messages in the
//! same order and history order equals broadcast order. Delivery never waits: frames go into
//! each session's bounded outbox and a session whose outbox is full is disconnected.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use chat_proto::ChatMessage;
use stomp::{Command, Frame, Headers, Version};

use crate::chat::{Chat, Route, SessionId};
use crate::config::Config;
use crate::error::ProtocolError;
use crate::identity::Claims;
use crate::outbox::Outbox;

mod delivery;
pub use delivery::encode_message;
use delivery::json;

#[derive(Debug)]
struct Session {
    outbox: Outbox,
    version: Version,
    /// User name from CONNECT's `login`, replaced by the chat nickname once it joins a room.
    user: Option<String>,
    /// Subscription id → destination.
    subs: HashMap<String, String>,
}

#[derive(Debug)]
struct Registry {
    sessions: HashMap<SessionId, Session>,
    /// `/topic/...` and `/queue/...` destination → subscribers in subscription order.
    dests: HashMap<String, Vec<(SessionId, String)>>,
    /// Round-robin position per `/queue/...` destination.
    queue_next: HashMap<String, usize>,
    /// User name → its sessions.
    users: HashMap<String, Vec<SessionId>>,
    chat: Chat,
    claims: Claims,
}

pub struct Broker {
    reg: Mutex<Registry>,
    config: Config,
    next_session: AtomicU64,
    next_message: AtomicU64,
}

/// Fields of a MESSAGE besides destination, subscription and message-id.
struct Payload<'a> {
    content_type: Option<&'a str>,
    extra: Option<&'a Headers>,
    body: &'a Bytes,
}

/// Headers of a SEND that are about the SEND itself and must not be copied into MESSAGE.
const NOT_FORWARDED: &[&str] = &[
    "destination",
    "receipt",
    "content-length",
    "content-type",
    "transaction",
    "subscription",
    "message-id",
    "ack",
];

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl Broker {
    pub fn new(config: Config) -> Self {
        let prefix = format!("{:x}", now_ms());
        Broker {
            reg: Mutex::new(Registry {
                sessions: HashMap::new(),
                dests: HashMap::new(),
                queue_next: HashMap::new(),
                users: HashMap::new(),
                chat: Chat::new(config.limits.clone(), prefix),
                claims: Claims::default(),
            }),
            config,
            next_session: AtomicU64::new(1),
            next_message: AtomicU64::new(1),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn new_session_id(&self) -> SessionId {
        self.next_session.fetch_add(1, Ordering::Relaxed)
    }

    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        // A panic elsewhere must not take the whole broker down with a poisoned lock.
        self.reg.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a connected session. Returns false when the broker is full.
    pub fn register(
        &self,
        id: SessionId,
        outbox: Outbox,
        version: Version,
        login: Option<String>,
    ) -> bool {
        let mut reg = self.lock();
        if reg.sessions.len() >= self.config.limits.max_sessions {
            return false;
        }
        reg.sessions.insert(
            id,
            Session {
                outbox,
                version,
                user: None,
                subs: HashMap::new(),
            },
        );
        if let Some(login) = login.filter(|l| !l.is_empty()) {
            reg.set_user(id, Some(login));
        }
        true
    }

    /// Claims a nickname for the session's client (see [`crate::identity`]).
    pub fn claim_nickname(
        &self,
        id: SessionId,
        nick: &str,
        client: &str,
    ) -> Result<(), ProtocolError> {
        let reg = &mut *self.lock();
        reg.claims
            .claim(id, nick, client, reg.chat.joined())
            .map_err(|free| ProtocolError::NicknameTaken {
                nick: nick.trim().to_owned(),
                free,
            })?;
        reg.chat.set_client(id, client);
        Ok(())
    }

    /// Forgets the session and tells its rooms it left: at once after a DISCONNECT
    /// (`goodbye`), else once its nickname has stayed away for the grace period
    /// ([`Broker::expire_departures`]).
    pub fn unregister(&self, id: SessionId, goodbye: bool) {
        let mut reg = self.lock();
        reg.claims.release(id);
        let effects = reg.chat.session_ended(id, goodbye, now_ms());
        reg.set_user(id, None);
        if let Some(s) = reg.sessions.remove(&id) {
            for dest in s.subs.into_values() {
                reg.drop_subscriber(&dest, id);
            }
        }
        for e in effects {
            reg.apply(self, e);
        }
    }

    /// Announces the departures whose grace period is over (called on a timer).
    pub fn expire_departures(&self) {
        let mut reg = self.lock();
        for e in reg.chat.expire_departures(now_ms()) {
            reg.apply(self, e);
        }
    }

    /// Queues a frame for the session itself (CONNECTED, RECEIPT, ...).
    pub fn reply(&self, id: SessionId, frame: &Frame) {
        let reg = self.lock();
        if let Some(s) = reg.sessions.get(&id) {
            s.push_frame(frame);
        }
    }

    pub fn subscribe(
        &self,
        session: SessionId,
        sub_id: &str,
        destination: &str,
    ) -> Result<(), ProtocolError> {
        if destination.starts_with("/app/") {
            return self.app_subscribe(session, sub_id, destination);
        }
        if !is_broker_destination(destination) && !is_user_queue(destination) {
            return Err(ProtocolError::UnknownDestination(destination.to_owned()));
        }
        let mut reg = self.lock();
        let Some(s) = reg.sessions.get_mut(&session) else {
            return Ok(());
        };
        if s.subs.contains_key(sub_id) {
            return Err(ProtocolError::DuplicateSubscription(sub_id.to_owned()));
        }
        if s.subs.len() >= self.config.limits.max_subscriptions {
            return Err(ProtocolError::TooManySubscriptions(
                self.config.limits.max_subscriptions,
            ));
        }
        s.subs.insert(sub_id.to_owned(), destination.to_owned());
        if !is_user_queue(destination) {
            reg.dests
                .entry(destination.to_owned())
                .or_default()
                .push((session, sub_id.to_owned()));
        }
        Ok(())
    }

    pub fn unsubscribe(&self, session: SessionId, sub_id: &str) {
        let mut reg = self.lock();
        let Some(dest) = reg
            .sessions
            .get_mut(&session)
            .and_then(|s| s.subs.remove(sub_id))
        else {
            return;
        };
        if let Some(subs) = reg.dests.get_mut(&dest) {
            subs.retain(|(sid, id)| !(*sid == session && id == sub_id));
            if subs.is_empty() {
                reg.dests.remove(&dest);
                reg.queue_next.remove(&dest);
            }
        }
    }

    /// A client SEND. `/app/...` goes to the chat handlers; broker destinations are delivered
    /// as Spring's simple broker would.
    pub fn send(&self, session: SessionId, frame: &Frame) -> Result<(), ProtocolError> {
        let destination = frame
            .get("destination")
            .ok_or(ProtocolError::MissingHeader {
                command: Command::Send,
                header: "destination",
            })?;
        let payload = Payload {
            content_type: frame.get("content-type"),
            extra: Some(&frame.headers),
            body: &frame.body,
        };
        if destination.starts_with("/app/") {
            return self.app_send(session, destination, &frame.body);
        }
        if is_broker_destination(destination) {
            self.lock().publish(self, destination, &payload);
            return Ok(());
        }
        // `/user/{name}/queue/...` addresses another user's sessions, as in Spring.
        if let Some((user, queue)) = destination
            .strip_prefix("/user/")
            .and_then(|rest| rest.split_once('/'))
            .filter(|(_, q)| q.starts_with("queue/"))
        {
            let target = format!("/user/{queue}");
            let reg = self.lock();
            reg.to_users(self, [user], None, &target, &payload);
            return Ok(());
        }
        Err(ProtocolError::UnknownDestination(destination.to_owned()))
    }

    fn app_send(
        &self,
        session: SessionId,
        destination: &str,
        body: &Bytes,
    ) -> Result<(), ProtocolError> {
        let route = match Route::parse(destination) {
            // Spring finds no @MessageMapping for it and drops the message, logged at debug;
            // the session carries on. A client written against Spring must meet the same here.
            Some(Route::History(_)) | None => {
                tracing::info!(
                    session,
                    destination,
                    "SEND to an /app destination with no handler: ignored"
                );
                return Ok(());
            }
            Some(r) => r,
        };
        let msg: ChatMessage =
            serde_json::from_slice(body).map_err(|e| ProtocolError::InvalidJson {
                destination: destination.to_owned(),
                reason: e.to_string(),
            })?;
        let mut reg = self.lock();
        let effects = reg.chat.handle_send(session, &route, msg, now_ms());
        if matches!(route, Route::Join(_)) {
            let nick = reg.chat.nickname(session).map(str::to_owned);
            if nick.is_some() {
                reg.set_user(session, nick);
            }
        }
        for e in effects {
            reg.apply(self, e);
        }
        Ok(())
    }

    /// `@SubscribeMapping`: answer once, register nothing.
    fn app_subscribe(
        &self,
        session: SessionId,
        sub_id: &str,
        destination: &str,
    ) -> Result<(), ProtocolError> {
        let Some(Route::History(room)) = Route::parse(destination) else {
            // As in Spring: no @SubscribeMapping answers, and the simple broker does not take
            // /app/ subscriptions, so nothing is registered and nothing is said.
            tracing::info!(
                session,
                destination,
                "SUBSCRIBE to an /app destination with no handler: ignored"
            );
            return Ok(());
        };
        let reg = self.lock();
        let body = json(&reg.chat.snapshot(&room));
        if let Some(s) = reg.sessions.get(&session) {
            let payload = Payload {
                content_type: Some("application/json"),
                extra: None,
                body: &body,
            };
            s.deliver(self, destination, sub_id, &payload);
        }
        Ok(())
    }

    fn message_id(&self) -> String {
        self.next_message
            .fetch_add(1, Ordering::Relaxed)
            .to_string()
    }
}

fn is_broker_destination(d: &str) -> bool {
    let rest = d
        .strip_prefix("/topic/")
        .or_else(|| d.strip_prefix("/queue/"));
    rest.is_some_and(|r| !r.is_empty())
}

fn is_user_queue(d: &str) -> bool {
    d.starts_with("/user/queue/")
}
