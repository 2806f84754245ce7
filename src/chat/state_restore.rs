//! Putting back private conversations kept across a reload.

use super::model::{Msg, RoomKey};
use super::state::ChatState;

impl ChatState {
    /// Adds the kept messages to each conversation. A message already there (restored
    /// twice, or unconfirmed and so back from the outbox) is not shown twice; what was
    /// written meanwhile stays after what came before it. Restored messages are not unread.
    pub(super) fn restore_direct(&mut self, conversations: Vec<(String, Vec<Msg>)>) {
        for (peer, messages) in conversations {
            if peer.is_empty() {
                continue;
            }
            let room = self.ensure_room(&RoomKey::Direct(peer));
            room.synced = true;
            let mut added = false;
            for m in messages {
                if !room.update_same(&m, |_| {}) {
                    room.push(m);
                    added = true;
                }
            }
            if added {
                super::reading::sort_messages(&mut room.messages, &mut |a, b| a.at.cmp(&b.at));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Delivery, MsgKind};
    use super::super::state::Action;
    use super::*;
    use std::rc::Rc;
    use yew::Reducible;

    fn dm(id: &str, sender: &str, text: &str, at: i64, own: bool) -> Msg {
        Msg {
            id: Some(id.into()),
            client_id: None,
            sender: sender.into(),
            kind: MsgKind::Private,
            text: text.into(),
            at,
            own,
            delivery: if own {
                Delivery::Delivered
            } else {
                Delivery::Received
            },
        }
    }

    fn texts(s: &ChatState, peer: &str) -> Vec<String> {
        s.room(&RoomKey::Direct(peer.into()))
            .map(|r| r.messages.iter().map(|m| m.text.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn restores_each_conversation_once_in_time_order_and_not_unread() {
        let kept = vec![(
            "bob".to_string(),
            vec![
                dm("1", "bob", "hi ann", 10, false),
                dm("2", "ann", "hi bob", 20, true),
            ],
        )];
        let s = Rc::new(ChatState::default())
            .reduce(Action::RestoreDirect(kept.clone()))
            .reduce(Action::RestoreDirect(kept));
        assert_eq!(texts(&s, "bob"), ["hi ann", "hi bob"]);
        let room = s.room(&RoomKey::Direct("bob".into())).unwrap();
        assert_eq!(room.unread, 0);
        assert!(
            room.synced,
            "a private conversation needs no subscription to send"
        );
        assert_eq!(s.active, None, "restoring does not choose what is read");
    }

    #[test]
    fn older_kept_messages_go_before_ones_already_shown() {
        let s = Rc::new(ChatState::default())
            .reduce(Action::RestoreDirect(vec![(
                "bob".into(),
                vec![dm("3", "bob", "later", 30, false)],
            )]))
            .reduce(Action::RestoreDirect(vec![(
                "bob".into(),
                vec![dm("1", "bob", "earlier", 10, false)],
            )]));
        assert_eq!(texts(&s, "bob"), ["earlier", "later"]);
    }
}
