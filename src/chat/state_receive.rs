//! A chat message arriving (live, from history, or in a room's snapshot): which room it
//! belongs to, whether it is ours, presence, delivery, and where it goes in the list.

use super::*;

impl ChatState {
    /// Ours when it carries the client id of a message of ours still in the outbox (the
    /// service fills it in where a server drops it), never by nickname: two people may
    /// share one. An echo of a confirmed one is still recognised as a duplicate by `same`.
    pub(super) fn is_own(&self, m: &ChatMessage) -> bool {
        m.client_id
            .as_deref()
            .is_some_and(|c| self.outbox.iter().any(|o| o.client_id == c))
    }

    /// A message of ours that may not have arrived (its connection or page is gone, so the
    /// client stopped looking for its echo) has arrived after all when the server broadcasts
    /// the same sender, type and content: its client id, oldest first.
    pub(super) fn uncertain_echo(&self, m: &ChatMessage, room: &RoomKey) -> Option<String> {
        if m.sender != self.me || !matches!(m.kind, MessageType::Chat | MessageType::Private) {
            return None;
        }
        let content = m.content.as_deref()?;
        self.outbox
            .iter()
            .find(|o| {
                o.delivery == Delivery::Uncertain
                    && o.text == content
                    && (&o.room == room || o.room.is_direct())
            })
            .map(|o| o.client_id.clone())
    }

    pub(super) fn receive(
        &mut self,
        mut m: ChatMessage,
        fallback: &RoomKey,
        now: Millis,
        live: bool,
    ) {
        let room_key = match m.kind {
            MessageType::Private => {
                let peer = if m.sender == self.me {
                    m.to.clone().unwrap_or_default()
                } else {
                    m.sender.clone()
                };
                RoomKey::Direct(peer)
            }
            _ if !m.room.is_empty() => RoomKey::Room(m.room.clone()),
            _ => fallback.clone(),
        };
        if m.client_id.is_none() {
            m.client_id = self.uncertain_echo(&m, &room_key);
        }
        let own = self.is_own(&m);
        let kind = match m.kind {
            MessageType::Typing => {
                // Presence goes by nickname: our own notice comes back on a plain broker.
                if m.sender != self.me && live {
                    let room = self.ensure_room(&room_key);
                    room.heard_from(&m.sender, now, now);
                    room.participants.insert(m.sender.clone());
                    room.typing.retain(|(n, _)| n != &m.sender);
                    room.typing.push((m.sender, now + TYPING_TTL));
                }
                return;
            }
            MessageType::Join => {
                let expiring = self.features.presence_expiry;
                let room = self.ensure_room(&room_key);
                if expiring {
                    // Listed already: an announcement (or a page back after a reconnect),
                    // not a "joined" line.
                    if !room.heard_from(&m.sender, now, now) {
                        return;
                    }
                } else {
                    room.participants.insert(m.sender.clone());
                }
                MsgKind::Joined
            }
            MessageType::Leave => {
                let room = self.ensure_room(&room_key);
                room.left(&m.sender);
                room.typing.retain(|(n, _)| n != &m.sender);
                MsgKind::Left
            }
            MessageType::Chat => MsgKind::Chat,
            MessageType::Private => MsgKind::Private,
        };
        let expiring = self.features.presence_expiry;
        if let Some(room) = self.room_mut(&room_key) {
            room.typing.retain(|(n, _)| n != &m.sender);
            // Whoever talks in a room is in it; on a plain broker (no participant list)
            // this is how people who joined before us show up.
            if kind == MsgKind::Chat && live && !m.sender.is_empty() {
                if expiring {
                    // Read from history, an old message lists nobody.
                    room.heard_from(&m.sender, m.timestamp.unwrap_or(now), now);
                } else {
                    room.participants.insert(m.sender.clone());
                }
            }
        }
        if own {
            if let Some(cid) = m.client_id.as_deref() {
                // Our own message came back: it is delivered, wherever it stood.
                if self.outgoing(cid).is_some() {
                    self.set_delivery(cid, Delivery::Delivered);
                }
            }
        }
        let msg = Msg {
            id: m.id,
            client_id: m.client_id,
            sender: m.sender,
            kind,
            text: m.content.unwrap_or_default(),
            at: m.timestamp.unwrap_or(now),
            own,
            delivery: if own {
                Delivery::Delivered
            } else {
                Delivery::Received
            },
        };
        self.push_message(&room_key, msg, live);
    }

    /// Appends unless already shown (same server id, or same clientId from the same sender);
    /// a duplicate instead fills in what the server stamped.
    pub(super) fn push_message(&mut self, key: &RoomKey, msg: Msg, live: bool) {
        // Ours from another tab or an earlier page (not in this outbox) is not news either.
        let counts = live
            && !msg.own
            && msg.sender != self.me
            && matches!(msg.kind, MsgKind::Chat | MsgKind::Private | MsgKind::Plain)
            && (self.page_hidden || self.active.as_ref() != Some(key));
        let room = self.ensure_room(key);
        let duplicate = room.update_same(&msg, |e| {
            if e.id.is_none() {
                e.id = msg.id.clone();
            }
            if msg.own && e.delivery != msg.delivery {
                e.delivery = msg.delivery.clone();
            }
            e.at = msg.at;
        });
        if duplicate {
            return;
        }
        let mention = counts && mention::mentions(&msg.text, &self.me);
        let room = self.ensure_room(key);
        room.push(msg);
        if counts {
            if room.unread == 0 {
                room.divide_at_last();
            }
            room.unread += 1;
            room.mentions += u32::from(mention);
        }
    }

    pub(super) fn merge_snapshot(&mut self, snapshot: RoomSnapshot) {
        let key = RoomKey::Room(snapshot.room.clone());
        self.ensure_room(&key);
        let known: HashSet<String> = self
            .room(&key)
            .map(|r| r.messages.iter().filter_map(|m| m.id.clone()).collect())
            .unwrap_or_default();
        let order: HashMap<String, usize> = snapshot
            .history
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.id.clone().map(|id| (id, i)))
            .collect();
        for m in snapshot.history {
            if !m.id.as_ref().is_some_and(|id| known.contains(id)) {
                // No server stamp on an old message: it sorts first, as the oldest.
                self.receive(m, &key, 0, false);
            }
        }
        let room = self.ensure_room(&key);
        // The list is authoritative; replayed JOIN/LEAVE lines must not change it.
        // Inserted one by one: collecting into the set would sort them first, another
        // instantiation of the stable sort in the wasm.
        room.participants.clear();
        for p in snapshot.participants {
            room.participants.insert(p);
        }
        // Server-stamped messages in server time (after a reconnect, what we had is older
        // than the history, which may not reach back that far; on a first join, what
        // arrived live is newer), ties in the history's order; our unconfirmed ones last,
        // since their local times are on another clock.
        room.sort_messages_by_key(|m| {
            let unconfirmed = m.own && m.delivery.unconfirmed();
            let rank = m.id.as_ref().and_then(|id| order.get(id)).copied();
            (unconfirmed, m.at, rank.unwrap_or(usize::MAX))
        });
        room.trim();
        room.synced = true;
    }
}
