//! Departures not announced yet. A session that ends without saying goodbye (a reload, a
//! closed lid, a dropped connection) is usually back within seconds under the same nickname:
//! announcing LEAVE at once and JOIN again a moment later would put a "left"/"joined" pair in
//! every room it was in, each time. So such a departure waits for a grace period and is
//! announced only if the nickname has not come back to that room by then; one that does come
//! back never left, and its JOIN is not announced either. An explicit LEAVE or a DISCONNECT is
//! announced at once. The nickname coming back from another client (a different
//! `chat-client-id`: someone else took the name that was freed) is not the same person: the
//! departure is announced then, before that newcomer's JOIN.

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
    /// The client id the departed session claimed its nickname with, if it claimed one.
    client: Option<String>,
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

    /// `nick` (claimed by `client`, if it claimed) went from `room` at `now_ms` without
    /// leaving; a later departure of the same nickname from the same room restarts the wait.
    pub fn add(&mut self, room: &str, nick: &str, client: Option<&str>, now_ms: i64) {
        self.cancel(room, nick);
        self.pending.push(Departure {
            room: room.to_owned(),
            nick: nick.to_owned(),
            client: client.map(str::to_owned),
            due_ms: now_ms.saturating_add(self.grace_ms),
        });
    }

    /// `nick` left `room` explicitly: true if a departure was waiting.
    pub fn cancel(&mut self, room: &str, nick: &str) -> bool {
        self.take(room, nick).is_some()
    }

    /// `nick` is back in `room`: the departure that was waiting, as the client id it was
    /// claimed with (`Some(None)`: it claimed none), or `None` if nothing waited.
    pub fn take(&mut self, room: &str, nick: &str) -> Option<Option<String>> {
        let i = self
            .pending
            .iter()
            .position(|d| d.room == room && d.nick == nick)?;
        Some(self.pending.remove(i).client)
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
        d.add("general", "ann", None, 10_000);
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
        d.add("general", "ann", Some("browser-a"), 0);
        d.add("random", "ann", None, 0);
        assert_eq!(d.take("general", "ann"), Some(Some("browser-a".into())));
        assert!(!d.cancel("general", "ann"), "nothing left to cancel");
        d.add("random", "ann", None, 900);
        assert_eq!(d.len(), 1, "one per room and nickname");
        assert!(d.take_due(1_000).is_empty(), "the wait restarted at 900");
        assert_eq!(d.take_due(1_900).len(), 1);
    }
}
