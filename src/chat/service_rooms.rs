//! [`ChatService`]'s rooms: joining one (its topic, history and stream subscriptions, each a
//! task kept with the room) and leaving it.

use super::{batched, now, yield_to_events, ChatService, HISTORY_WAIT_MS};
use crate::chat::incoming::{parse_message, parse_snapshot};
use crate::chat::model::RoomKey;
use crate::chat::profile::expand;
use crate::chat::state::Action;
use crate::chat::stream_history;
use chat_proto::MessageType;
use futures::future::AbortHandle;
use futures::StreamExt;
use std::rc::Rc;
use stomp::web::SubscribeOptions;

impl ChatService {
    pub fn join(self: &Rc<Self>, room: &str) {
        let room = room.trim().to_owned();
        let Some((client, t, user)) = self.parts() else {
            return;
        };
        if self
            .live
            .borrow()
            .as_ref()
            .is_some_and(|l| l.rooms.contains_key(&room))
        {
            self.dispatch.dispatch(Action::Select(RoomKey::Room(room)));
            return;
        }
        self.dispatch.dispatch(Action::Join(room.clone()));
        let mut handles = Vec::new();
        let history = expand(&t.history, &room, &user);
        let out = self.outbound().unwrap_or_default();
        if let Some(name) = expand(&t.stream, &room, &user) {
            let key = RoomKey::Room(room.clone());
            let task = stream_history::follow(
                client.clone(),
                name,
                key,
                out.clone(),
                self.dispatch.clone(),
            );
            handles.push(self.spawn(task));
        }
        if let Some(topic) = expand(&t.subscribe, &room, &user) {
            let (dispatch, r, receipt) = (self.dispatch.clone(), room.clone(), t.receipts);
            let client = client.clone();
            let awaits_history = history.is_some();
            let this = self.clone();
            handles.push(self.spawn(async move {
                let opts = SubscribeOptions {
                    receipt,
                    ..SubscribeOptions::default()
                };
                let Ok(mut sub) = client.subscribe(&topic, opts).await else {
                    return;
                };
                dispatch.dispatch(Action::Subscribed {
                    room: r.clone(),
                    awaits_history,
                });
                if awaits_history {
                    this.wait_for_history(&r);
                }
                // Announced once the room's SUBSCRIBE is out (and confirmed where receipts
                // are asked for): a plain topic drops what is published before anyone
                // listens, our own page included.
                this.announce(&r, MessageType::Join);
                let key = RoomKey::Room(r);
                let incoming = |m: stomp::web::Message| {
                    let mut payload = parse_message(m.body());
                    out.borrow_mut().match_echo(&client, &key, &mut payload);
                    Action::Incoming {
                        room: key.clone(),
                        payload,
                        now: now(),
                    }
                };
                while let Some(first) = sub.next().await {
                    let mut batch = vec![incoming(first)];
                    // Let the socket deliver whatever else is on its way, then render once.
                    yield_to_events().await;
                    while let Some(m) = sub.try_next() {
                        batch.push(incoming(m));
                    }
                    dispatch.dispatch(batched(batch));
                }
            }));
        }
        if let Some(history) = history {
            let (dispatch, r) = (self.dispatch.clone(), room.clone());
            handles.push(self.spawn(async move {
                let Ok(mut sub) = client
                    .subscribe(&history, SubscribeOptions::default())
                    .await
                else {
                    return;
                };
                // Kept open: after a reconnect the replayed SUBSCRIBE is answered again.
                while let Some(m) = sub.next().await {
                    match parse_snapshot(m.body()) {
                        Some(s) => dispatch.dispatch(Action::Snapshot(s)),
                        None => dispatch.dispatch(Action::Subscribed {
                            room: r.clone(),
                            awaits_history: false,
                        }),
                    }
                }
            }));
        }
        if let Some(l) = self.live.borrow_mut().as_mut() {
            l.rooms.insert(room.clone(), handles);
        }
    }

    /// A history subscription the server never answers must not hold the room back.
    pub(super) fn wait_for_history(&self, room: &str) {
        let (dispatch, room) = (self.dispatch.clone(), room.to_owned());
        let task = async move {
            gloo_timers::future::TimeoutFuture::new(HISTORY_WAIT_MS).await;
            dispatch.dispatch(Action::HistoryMissing(room));
        };
        if let Some(l) = self.live.borrow_mut().as_mut() {
            l.tasks.push(self.spawn(task));
        }
    }

    pub fn leave(&self, key: &RoomKey) {
        if let RoomKey::Room(room) = key {
            self.announce(room, MessageType::Leave);
            if let Some(handles) = self
                .live
                .borrow_mut()
                .as_mut()
                .and_then(|l| l.rooms.remove(room))
            {
                handles.iter().for_each(AbortHandle::abort);
            }
        }
        self.dispatch.dispatch(Action::Leave(key.clone()));
    }
}
