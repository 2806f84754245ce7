//! Departures not announced yet. A session that ends without saying goodbye (a reload, a
//! closed lid, a dropped connection) is usually back within seconds under the same nickname:
//! announcing LEAVE at once and JOIN again a moment later would put a "left"/"joined" pair in
//! every room it was in, each time. So such a departure waits for a grace period and is
//! announced only if the nickname has not come back to that room by then; one that does come
//! back never left, and its JOIN is not announced either. An explicit LEAVE or a DISCONNECT is
//! announced at once.

/// Departures waiting for their grace period to end, at most one per room and nickname.
#[derive(Debug)]
pub struct Departures {
    grace_ms: i64,
    pending: Vec<Departure>,
}

#[derive(Debug)]
struct Departure {
    room: String,
    nick: String,
    due_ms: i64,
}

impl Departures {
    /// `grace_ms` 0: every departure is announced at once (nothing waits here).
    pub fn new(grace_ms: u64) -> Self {
        Departures {
            grace_ms: i64::try_from(grace_ms).unwrap_or(i64::MAX),
            pending: Vec::new(),
        }
    }

    /// Whether departures wait at all.
    pub fn waits(&self) -> bool {
        self.grace_ms > 0
    }

    /// `nick` went from `room` at `now_ms` without leaving; a later departure of the same
    /// nickname from the same room restarts the wait.
    pub fn add(&mut self, room: &str, nick: &str, now_ms: i64) {
        self.cancel(room, nick);
        self.pending.push(Departure {
            room: room.to_owned(),
            nick: nick.to_owned(),
            due_ms: now_ms.saturating_add(self.grace_ms),
        });
    }

    /// `nick` is back in `room` (or left it explicitly): true if a departure was waiting.
    pub fn cancel(&mut self, room: &str, nick: &str) -> bool {
        let before = self.pending.len();
        self.pending.retain(|d| !(d.room == room && d.nick == nick));
        self.pending.len() != before
    }

    /// The nicknames still counted in `room` while their departure waits.
    pub fn in_room<'a>(&'a self, room: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pending
            .iter()
            .filter(move |d| d.room == room)
            .map(|d| d.nick.as_str())
    }

    /// The departures whose grace period is over at `now_ms`, as (room, nickname), oldest first.
    pub fn take_due(&mut self, now_ms: i64) -> Vec<(String, String)> {
        let mut due = Vec::new();
        self.pending.retain_mut(|d| {
            if d.due_ms > now_ms {
                return true;
            }
            due.push((std::mem::take(&mut d.room), std::mem::take(&mut d.nick)));
            false
        });
        due
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_departure_is_due_after_its_grace_period_and_only_once() {
        let mut d = Departures::new(1_000);
        d.add("general", "ann", 10_000);
        assert!(d.take_due(10_999).is_empty());
        assert_eq!(d.in_room("general").collect::<Vec<_>>(), ["ann"]);
        assert_eq!(
            d.take_due(11_000),
            [("general".to_owned(), "ann".to_owned())]
        );
        assert!(d.take_due(20_000).is_empty());
        assert!(d.is_empty());
    }

    #[test]
    fn coming_back_cancels_and_a_second_departure_restarts_the_wait() {
        let mut d = Departures::new(1_000);
        d.add("general", "ann", 0);
        d.add("random", "ann", 0);
        assert!(d.cancel("general", "ann"));
        assert!(!d.cancel("general", "ann"), "nothing left to cancel");
        d.add("random", "ann", 900);
        assert_eq!(d.len(), 1, "one per room and nickname");
        assert!(d.take_due(1_000).is_empty(), "the wait restarted at 900");
        assert_eq!(d.take_due(1_900).len(), 1);
    }
}
