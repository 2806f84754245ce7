//! Delivery: the registry's fan-out to subscribers and users, and a session's outbox.

use axum::extract::ws::{Message, Utf8Bytes};
use bytes::Bytes;
use chat_proto::{dest, ServerNotice};
use stomp::{Command, Frame, Version};

use super::{Broker, Payload, Registry, Session, NOT_FORWARDED};
use crate::chat::{Effect, SessionId};
use crate::outbox::Out;

impl Registry {
    pub(super) fn set_user(&mut self, session: SessionId, user: Option<String>) {
        let Some(s) = self.sessions.get_mut(&session) else {
            return;
        };
        if s.user == user {
            return;
        }
        if let Some(old) = std::mem::replace(&mut s.user, user.clone()) {
            if let Some(list) = self.users.get_mut(&old) {
                list.retain(|sid| *sid != session);
                if list.is_empty() {
                    self.users.remove(&old);
                }
            }
        }
        if let Some(new) = user {
            self.users.entry(new).or_default().push(session);
        }
    }

    pub(super) fn drop_subscriber(&mut self, dest: &str, session: SessionId) {
        if let Some(subs) = self.dests.get_mut(dest) {
            subs.retain(|(sid, _)| *sid != session);
            if subs.is_empty() {
                self.dests.remove(dest);
                self.queue_next.remove(dest);
            }
        }
    }

    pub(super) fn publish(&mut self, broker: &Broker, destination: &str, payload: &Payload<'_>) {
        let Some(subs) = self.dests.get(destination) else {
            return; // nobody listens: dropped, as the simple broker does
        };
        if destination.starts_with("/queue/") {
            let next = self.queue_next.entry(destination.to_owned()).or_default();
            let (sid, sub_id) = &subs[*next % subs.len()];
            *next = (*next + 1) % subs.len();
            if let Some(s) = self.sessions.get(sid) {
                s.deliver(broker, destination, sub_id, payload);
            }
            return;
        }
        for (sid, sub_id) in subs {
            if let Some(s) = self.sessions.get(sid) {
                s.deliver(broker, destination, sub_id, payload);
            }
        }
    }

    /// Delivers to the `destination` (`/user/queue/...`) subscriptions of every session of
    /// these users, plus one extra session.
    pub(super) fn to_users<'u>(
        &self,
        broker: &Broker,
        users: impl IntoIterator<Item = &'u str>,
        also_session: Option<SessionId>,
        destination: &str,
        payload: &Payload<'_>,
    ) {
        let mut targets: Vec<SessionId> = users
            .into_iter()
            .filter_map(|u| self.users.get(u))
            .flatten()
            .copied()
            .collect();
        targets.extend(also_session);
        targets.sort_unstable();
        targets.dedup();
        for sid in targets {
            let Some(s) = self.sessions.get(&sid) else {
                continue;
            };
            for (sub_id, d) in &s.subs {
                if d == destination {
                    s.deliver(broker, destination, sub_id, payload);
                }
            }
        }
    }

    pub(super) fn apply(&mut self, broker: &Broker, effect: Effect) {
        match effect {
            Effect::Broadcast { room, message } => {
                let body = json(&message);
                let payload = Payload {
                    content_type: Some("application/json"),
                    extra: None,
                    body: &body,
                };
                self.publish(broker, &dest::room_topic(&room), &payload);
            }
            Effect::Private {
                users,
                also_session,
                message,
            } => {
                let body = json(&message);
                let payload = Payload {
                    content_type: Some("application/json"),
                    extra: None,
                    body: &body,
                };
                self.to_users(
                    broker,
                    users.iter().map(String::as_str),
                    also_session,
                    dest::PRIVATE_QUEUE,
                    &payload,
                );
            }
            Effect::Notice { session, text } => {
                tracing::debug!(session, %text, "notice");
                let body = json(&ServerNotice { message: text });
                let payload = Payload {
                    content_type: Some("application/json"),
                    extra: None,
                    body: &body,
                };
                if let Some(s) = self.sessions.get(&session) {
                    for (sub_id, d) in &s.subs {
                        if d == dest::ERRORS_QUEUE {
                            s.deliver(broker, d, sub_id, &payload);
                        }
                    }
                }
            }
        }
    }
}

/// Serializing the chat types can only fail on non-string map keys, which they have none of.
pub(super) fn json<T: serde::Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("chat payloads always serialize"))
}

impl Session {
    pub(super) fn deliver(
        &self,
        broker: &Broker,
        destination: &str,
        sub_id: &str,
        payload: &Payload<'_>,
    ) {
        let mut f = Frame::new(Command::Message)
            .header("destination", destination)
            .header("subscription", sub_id)
            .header("message-id", &broker.message_id());
        if let Some(ct) = payload.content_type {
            f.headers.push("content-type", ct);
        }
        if let Some(extra) = payload.extra {
            for (n, v) in extra.iter().filter(|(n, _)| !NOT_FORWARDED.contains(n)) {
                f.headers.push(n, v);
            }
        }
        f.body = payload.body.clone();
        self.push_frame(&f);
    }

    pub(super) fn push_frame(&self, frame: &Frame) {
        match encode_message(frame, self.version) {
            Some(m) => self.outbox.push_or_kick(Out::Message(m)),
            None => tracing::warn!(?frame, "frame cannot be encoded for {}", self.version),
        }
    }
}

/// Encodes a frame as one WebSocket message: text when it is UTF-8, binary otherwise.
pub fn encode_message(frame: &Frame, version: Version) -> Option<Message> {
    let bytes = stomp::encode_to_vec(frame, version).ok()?;
    Some(match String::from_utf8(bytes) {
        Ok(s) => Message::Text(Utf8Bytes::from(s)),
        Err(e) => Message::Binary(Bytes::from(e.into_bytes())),
    })
}
