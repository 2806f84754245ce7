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
    pub(super) fn sort_messages_by_key<K: Ord>(
        &mut self,
        mut key: impl FnMut(&Rc<super::Msg>) -> K,
    ) {
        let marked = self.divider.and_then(|d| self.messages.get(d)).cloned();
        sort_messages(&mut self.messages, &mut |a, b| key(a).cmp(&key(b)));
        if let Some(m) = marked {
            // The sort moves pointers and clones nothing, so identity finds it again.
            self.divider = self.messages.iter().position(|x| Rc::ptr_eq(x, &m));
        }
    }
}

/// Every sort of a room's messages goes through this one instantiation of the standard
/// library's stable sort (the comparison a `dyn`): one per call site would add about 4 KB of
/// wasm each.
pub(super) fn sort_messages(
    messages: &mut [Rc<super::Msg>],
    cmp: &mut dyn FnMut(&Rc<super::Msg>, &Rc<super::Msg>) -> std::cmp::Ordering,
) {
    messages.sort_by(cmp);
}
