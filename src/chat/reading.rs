//! Where reading stands in a room: the "New messages" divider, kept on the same message
//! while the list around it changes.

use super::model::Room;
use std::rc::Rc;

impl Room {
    /// The unread run starts with the message just pushed (the room had none unread).
    pub(super) fn divide_at_last(&mut self) {
        self.divider = self.messages.len().checked_sub(1);
    }

    /// Reorders the messages by `key`; the divider stays above the message it was above.
    pub(super) fn sort_messages_by_key<K: Ord>(&mut self, key: impl FnMut(&Rc<super::Msg>) -> K) {
        let marked = self.divider.and_then(|d| self.messages.get(d)).cloned();
        self.messages.sort_by_key(key);
        if let Some(m) = marked {
            // The sort moves pointers and clones nothing, so identity finds it again.
            self.divider = self.messages.iter().position(|x| Rc::ptr_eq(x, &m));
        }
    }
}
