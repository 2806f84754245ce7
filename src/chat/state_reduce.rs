//! The reducer's one big match: each [`Action`] applied to the state.

use super::*;

impl ChatState {
    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Connecting { me, attempt } => {
                self.me = me;
                self.connection = Connection::Connecting { attempt };
            }
            Action::Connected {
                version,
                heart_beat,
                server,
                node,
            } => {
                self.connection = Connection::Connected {
                    version,
                    heart_beat,
                    server,
                    node,
                };
            }
            Action::Reconnecting {
                attempt,
                retry_at,
                reason,
            } => {
                self.connection = Connection::Reconnecting {
                    attempt,
                    retry_at,
                    reason,
                };
                self.connection_lost();
            }
            Action::Disconnected(reason) => {
                self.connection = if reason == Reason::ByUser {
                    Connection::Offline
                } else {
                    Connection::Failed { reason }
                };
                self.connection_lost();
            }
            Action::Join(name) => {
                let key = RoomKey::Room(name);
                self.ensure_room(&key);
                self.select(key);
            }
            Action::Leave(key) => {
                self.rooms.retain(|r| r.key != key);
                self.outbox.retain(|o| o.room != key);
                if self.active.as_ref() == Some(&key) {
                    self.active = None;
                    if let Some(next) = self.rooms.first().map(|r| r.key.clone()) {
                        self.select(next);
                    }
                }
            }
            Action::Select(key) => self.select(key),
            Action::PresenceTick(now) => {
                for room in self.rooms.iter_mut() {
                    if room
                        .heard
                        .values()
                        .any(|at| now.saturating_sub(*at) > PRESENCE_TTL_MS)
                    {
                        Rc::make_mut(room).expire_presence(now);
                    }
                }
            }
            Action::OpenDirect(peer) => {
                let key = RoomKey::Direct(peer);
                self.ensure_room(&key).synced = true;
                self.select(key);
            }
            Action::Subscribed {
                room,
                awaits_history,
            } => {
                if !awaits_history {
                    self.ensure_room(&RoomKey::Room(room)).synced = true;
                }
            }
            Action::Snapshot(snapshot) => self.merge_snapshot(snapshot),
            Action::Incoming { room, payload, now } => match payload {
                Incoming::Chat(m) => self.receive(m, &room, now, true),
                Incoming::Text(text) => {
                    let msg = Msg {
                        id: None,
                        client_id: None,
                        sender: String::new(),
                        kind: MsgKind::Plain,
                        text,
                        at: now,
                        own: false,
                        delivery: Delivery::Received,
                    };
                    self.push_message(&room, msg, true);
                }
            },
            Action::Compose {
                client_id,
                room,
                text,
                now,
            } => {
                let kind = if room.is_direct() {
                    MsgKind::Private
                } else {
                    MsgKind::Chat
                };
                let msg = Msg {
                    id: None,
                    client_id: Some(client_id.clone()),
                    sender: self.me.clone(),
                    kind,
                    text: text.clone(),
                    at: now,
                    own: true,
                    delivery: Delivery::Queued,
                };
                self.ensure_room(&room).push(msg);
                self.outbox.push(Outgoing {
                    client_id,
                    sender: self.me.clone(),
                    room,
                    text,
                    at: now,
                    delivery: Delivery::Queued,
                    receipt: false,
                    attempts: 0,
                });
            }
            Action::NewSession { me, features } => {
                self.me = me;
                self.features = features;
                self.connection = Connection::Connecting { attempt: 0 };
                self.connection_lost();
                let orphans: Vec<(String, Delivery)> = self
                    .outbox
                    .iter()
                    .map(|o| (o.client_id.clone(), o.orphaned()))
                    .collect();
                for (cid, d) in orphans {
                    self.set_delivery(&cid, d);
                }
            }
            Action::HandedOver { client_id, receipt } => {
                if let Some(o) = self.outbox.iter_mut().find(|o| o.client_id == client_id) {
                    o.attempts = o.attempts.saturating_add(1);
                    o.receipt = receipt;
                }
            }
            Action::Delivery {
                client_id,
                delivery,
            } => {
                let moves = match (self.outgoing(&client_id), &delivery) {
                    (None, _) => false,
                    (Some(Delivery::Queued), Delivery::Sent) => true,
                    // The client re-writes a receipted send after a reconnect.
                    (Some(Delivery::Sent), Delivery::Queued) => true,
                    (Some(Delivery::Queued | Delivery::Sent), Delivery::Uncertain) => true,
                    (Some(Delivery::Queued | Delivery::Sent), Delivery::Failed(_)) => true,
                    (Some(_), Delivery::Delivered) => true,
                    _ => false,
                };
                if moves {
                    self.set_delivery(&client_id, delivery);
                }
            }
            Action::Retry(cid) => {
                if self.outgoing(&cid).is_some_and(Delivery::needs_attention) {
                    if let Some(o) = self.outbox.iter_mut().find(|o| o.client_id == cid) {
                        o.attempts = 0;
                    }
                    self.set_delivery(&cid, Delivery::Queued);
                }
            }
            Action::Discard(cid) => {
                if let Some(pos) = self.outbox.iter().position(|o| o.client_id == cid) {
                    let o = self.outbox.remove(pos);
                    if let Some(room) = self.room_mut(&o.room) {
                        room.remove_own(&cid);
                    }
                }
            }
            Action::HistoryMissing(room) => {
                let key = RoomKey::Room(room.clone());
                if self.room(&key).is_some_and(|r| !r.synced) {
                    self.ensure_room(&key).synced = true;
                    self.push_notice(NoticeBody::NoHistory(room));
                }
            }
            Action::RestoreOutbox(items) => {
                for mut o in items {
                    if self.outbox.iter().any(|x| x.client_id == o.client_id) {
                        continue;
                    }
                    o.delivery = o.orphaned();
                    let msg = Msg {
                        id: None,
                        client_id: Some(o.client_id.clone()),
                        sender: if o.sender.is_empty() {
                            self.me.clone()
                        } else {
                            o.sender.clone()
                        },
                        kind: if o.room.is_direct() {
                            MsgKind::Private
                        } else {
                            MsgKind::Chat
                        },
                        text: o.text.clone(),
                        at: o.at,
                        own: true,
                        delivery: o.delivery.clone(),
                    };
                    self.ensure_room(&o.room).push(msg);
                    if self.active.is_none() {
                        self.active = Some(o.room.clone());
                    }
                    self.outbox.push(o);
                }
            }
            Action::RestoreDirect(conversations) => self.restore_direct(conversations),
            Action::Tick(now) => {
                for room in self.rooms.iter_mut() {
                    if room.typing.iter().any(|(_, until)| *until <= now) {
                        Rc::make_mut(room).typing.retain(|(_, until)| *until > now);
                    }
                }
            }
            Action::Frame(entry) => self.frames.push(entry),
            Action::Batch(actions) => actions.into_iter().for_each(|a| self.apply(a)),
            Action::PauseFrames(paused) => self.frames.paused = paused,
            Action::PageHidden(hidden) => {
                self.page_hidden = hidden;
                let unread = self.active_room().is_some_and(|r| r.unread > 0);
                if let (false, true, Some(key)) = (hidden, unread, self.active.clone()) {
                    self.select(key);
                }
            }
            Action::ClearFrames => self.frames.clear(),
            Action::Notice(text) => self.push_notice(NoticeBody::Text(text)),
            Action::DismissNotice(id) => self.notices.retain(|n| n.id != id),
        }
    }
}
