//! Recognising our own message when the server broadcasts it back: the confirmation a
//! server without receipts gives (Spring's simple broker). By client id where the server
//! keeps it; else by sender, type and content, oldest first, since a Spring `ChatMessage`
//! POJO drops every field it does not declare.

use super::model::RoomKey;
use chat_proto::{ChatMessage, MessageType};
use std::collections::VecDeque;

/// A message of ours written and waiting to be seen again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending<Id> {
    pub id: Id,
    pub client_id: String,
    pub room: RoomKey,
    pub kind: MessageType,
    pub sender: String,
    pub content: String,
}

/// Written messages awaiting their echo, oldest first.
#[derive(Debug)]
pub struct Echoes<Id> {
    pending: VecDeque<Pending<Id>>,
}

impl<Id> Default for Echoes<Id> {
    fn default() -> Self {
        Echoes {
            pending: VecDeque::new(),
        }
    }
}

impl<Id: PartialEq> Echoes<Id> {
    pub fn add(&mut self, p: Pending<Id>) {
        self.pending.push_back(p);
    }

    /// It reached a final state some other way (receipt, failure, discard).
    pub fn forget(&mut self, id: &Id) {
        self.pending.retain(|p| &p.id != id);
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// The pending message `m` (arrived on `room`) is the echo of, taken out. A message that
    /// carries a client id matches by that id only, so someone else's identical text never
    /// confirms ours.
    pub fn take_match(&mut self, room: &RoomKey, m: &ChatMessage) -> Option<Pending<Id>> {
        let pos = match m.client_id.as_deref() {
            Some(cid) => self.pending.iter().position(|p| p.client_id == cid),
            None => self.pending.iter().position(|p| {
                p.sender == m.sender
                    && p.kind == m.kind
                    && m.content.as_deref() == Some(p.content.as_str())
                    && (p.room == *room || p.room.is_direct())
            }),
        }?;
        self.pending.remove(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(id: u32, cid: &str, content: &str) -> Pending<u32> {
        Pending {
            id,
            client_id: cid.into(),
            room: RoomKey::Room("public".into()),
            kind: MessageType::Chat,
            sender: "ann".into(),
            content: content.into(),
        }
    }

    fn echo(sender: &str, content: &str) -> ChatMessage {
        ChatMessage::new(MessageType::Chat, "", sender).with_content(content)
    }

    #[test]
    fn without_client_ids_the_oldest_identical_message_is_confirmed_first() {
        let mut e = Echoes::default();
        e.add(pending(1, "a", "hi"));
        e.add(pending(2, "b", "hi"));
        e.add(pending(3, "c", "bye"));
        let room = RoomKey::Room("public".into());
        assert_eq!(e.take_match(&room, &echo("ann", "hi")).unwrap().id, 1);
        assert_eq!(e.take_match(&room, &echo("ann", "bye")).unwrap().id, 3);
        assert_eq!(e.take_match(&room, &echo("ann", "hi")).unwrap().id, 2);
        assert!(e.take_match(&room, &echo("ann", "hi")).is_none());
    }

    #[test]
    fn another_sender_type_content_or_room_is_not_ours() {
        let mut e = Echoes::default();
        e.add(pending(1, "a", "hi"));
        let room = RoomKey::Room("public".into());
        assert!(e.take_match(&room, &echo("bob", "hi")).is_none());
        assert!(e.take_match(&room, &echo("ann", "hi!")).is_none());
        let mut join = echo("ann", "hi");
        join.kind = MessageType::Join;
        assert!(e.take_match(&room, &join).is_none());
        assert!(e
            .take_match(&RoomKey::Room("other".into()), &echo("ann", "hi"))
            .is_none());
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn a_client_id_decides_alone() {
        let mut e = Echoes::default();
        e.add(pending(1, "a", "hi"));
        e.add(pending(2, "b", "hi"));
        let room = RoomKey::Room("public".into());
        let mut m = echo("ann", "hi");
        m.client_id = Some("b".into());
        assert_eq!(e.take_match(&room, &m).unwrap().id, 2);
        // Someone else's identical text with their own client id is not ours.
        m.client_id = Some("zzz".into());
        assert!(e.take_match(&room, &m).is_none());
        e.forget(&1);
        assert!(e.is_empty());
    }
}
