//! Which identities the messages of one room carry, so that a new message can be told apart
//! from every one already shown without comparing it with each of them.
//!
//! A busy room holds up to `MAX_ROOM_MESSAGES`; scanning them all for every arrival cost a
//! comparison per message kept, per message received. This keeps a count per hash of each
//! server id and each client id instead: a miss proves there is no duplicate, and only a hit
//! (a real duplicate, or very rarely a hash collision) needs the exact scan.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::model::Msg;

/// A counting set of 64-bit hashes of message identities. Counted, because two messages may
/// share a hash: forgetting one must not forget the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeenKeys(HashMap<u64, u32>);

impl SeenKeys {
    pub fn add(&mut self, m: &Msg) {
        for key in keys(m) {
            *self.0.entry(key).or_default() += 1;
        }
    }

    pub fn remove(&mut self, m: &Msg) {
        for key in keys(m) {
            if let Some(n) = self.0.get_mut(&key) {
                *n -= 1;
                if *n == 0 {
                    self.0.remove(&key);
                }
            }
        }
    }

    /// False only if no message added (and not removed) shares an identity with `m`.
    pub fn may_contain(&self, m: &Msg) -> bool {
        keys(m).any(|k| self.0.contains_key(&k))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The identities by which two messages can be the same: the server's id, and our client id
/// (the exact rule, with its sender condition, is `model::same`).
fn keys(m: &Msg) -> impl Iterator<Item = u64> + '_ {
    let id = m.id.as_deref().map(|id| hash(b'i', id));
    let cid = m.client_id.as_deref().map(|c| hash(b'c', c));
    id.into_iter().chain(cid)
}

fn hash(kind: u8, s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    s.hash(&mut h);
    h.finish()
}
