//! Who is in a room on a broker that keeps no participant list (the "Plain broker" profiles):
//! every page announces itself in each room it is in every [`ANNOUNCE_EVERY_MS`] (a JOIN on
//! the room's topic, as when it joined), and a person not heard from (announcement, typing or
//! a message) for [`PRESENCE_TTL_MS`] drops off the list. Traffic is bounded: one small
//! message per person per room per interval. It needs no server of our own, and it survives a
//! failover: the page announces itself again from whichever node it is on, and a node lost
//! with its sockets only makes its people drop off after the expiry.
//!
//! A JOIN from someone already listed is such a refresh: it updates the list, and shows no
//! "joined" line (nor does the JOIN a page sends again after a reconnect).

use super::model::{Millis, Room};

/// How often a page announces itself in each of its rooms.
pub const ANNOUNCE_EVERY_MS: u32 = 30_000;
/// Not heard from for this long: gone. Two announcements and a half, so one lost
/// announcement (or one late timer in a background tab) does not drop anyone.
pub const PRESENCE_TTL_MS: Millis = 75_000;

impl Room {
    /// `name` was heard from at `at` (seen at `now`): listed from now on. True if not listed
    /// before. Something said longer than the expiry ago (read from history) lists nobody.
    pub fn heard_from(&mut self, name: &str, at: Millis, now: Millis) -> bool {
        if name.is_empty() || now.saturating_sub(at) > PRESENCE_TTL_MS {
            return false;
        }
        let at = at.min(now);
        self.heard.heard(name, at);
        self.participants.insert(name.to_owned())
    }

    /// `name` left: off the list at once.
    pub fn left(&mut self, name: &str) {
        self.participants.remove(name);
        self.heard.remove(name);
    }

    /// Drops whoever was not heard from within the expiry; returns who. People listed by the
    /// server itself (never "heard" here) are left alone.
    pub fn expire_presence(&mut self, now: Millis) -> Vec<String> {
        let gone: Vec<String> = self
            .heard
            .iter()
            .filter(|(_, at)| now.saturating_sub(**at) > PRESENCE_TTL_MS)
            .map(|(n, _)| n.clone())
            .collect();
        for n in &gone {
            self.left(n);
        }
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::model::RoomKey;

    fn room() -> Room {
        Room::new(RoomKey::Room("r".into()))
    }

    #[test]
    fn heard_people_are_listed_until_the_expiry() {
        let mut r = room();
        assert!(r.heard_from("ann", 1_000, 1_000));
        assert!(!r.heard_from("ann", 20_000, 20_000), "a refresh, not news");
        assert!(r.heard_from("bob", 30_000, 30_000));
        assert!(r.expire_presence(20_000 + PRESENCE_TTL_MS).is_empty());
        assert_eq!(r.expire_presence(20_001 + PRESENCE_TTL_MS), ["ann"]);
        assert_eq!(r.participants.iter().collect::<Vec<_>>(), ["bob"]);
        assert!(
            r.heard_from("ann", 200_000, 200_000),
            "back again: news again"
        );
    }

    #[test]
    fn old_history_lists_nobody_and_server_lists_are_kept() {
        let mut r = room();
        assert!(!r.heard_from("old", 0, PRESENCE_TTL_MS + 1));
        assert!(r.participants.is_empty());
        r.participants.insert("from-server".into());
        assert!(r.expire_presence(10_000_000).is_empty());
        assert!(r.participants.contains("from-server"));
    }

    #[test]
    fn a_clock_ahead_of_ours_counts_as_now() {
        let mut r = room();
        r.heard_from("ann", 10_000_000, 1_000);
        assert_eq!(r.expire_presence(1_001 + PRESENCE_TTL_MS), ["ann"]);
    }

    #[test]
    fn leaving_is_at_once() {
        let mut r = room();
        r.heard_from("ann", 1, 1);
        r.left("ann");
        assert!(r.participants.is_empty());
        assert!(r.expire_presence(1_000_000).is_empty());
    }
}
