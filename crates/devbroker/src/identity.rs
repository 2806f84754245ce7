//! Nicknames claimed at CONNECT. A client that sends `chat-nickname` (and `chat-client-id`,
//! an id it keeps across reloads) owns that nickname while connected: another client asking
//! for it, in any letter case, is refused with an ERROR that suggests a free one.
//!
//! Why refuse rather than rename: a renamed "ann2" would not know she was renamed until her
//! messages showed it, and her friends would not know who "ann2" is; a refusal at the door
//! says it at once and lets her choose. The same client id is never refused: the same person
//! reloading, reconnecting after a drop while the broker still holds the old session (until
//! its heart-beat runs out), or in a second tab.

use std::collections::HashMap;

use crate::chat::SessionId;

/// The CONNECT headers a chat client sends to claim its nickname.
pub const NICKNAME_HEADER: &str = "chat-nickname";
pub const CLIENT_HEADER: &str = "chat-client-id";

#[derive(Debug, Clone)]
struct Claim {
    nick: String,
    client: String,
}

#[derive(Debug, Default)]
pub struct Claims {
    by_session: HashMap<SessionId, Claim>,
}

fn key(nick: &str) -> String {
    nick.trim().to_lowercase()
}

impl Claims {
    /// Who holds `nick` against this client: a session of another client that claimed it, or,
    /// among `joined` (sessions that joined a room with a nickname, claiming nothing), one
    /// that uses it.
    fn taken<'a>(
        &self,
        nick: &str,
        client: &str,
        joined: impl Iterator<Item = (SessionId, &'a str)>,
    ) -> bool {
        let k = key(nick);
        self.by_session
            .values()
            .any(|c| key(&c.nick) == k && c.client != client)
            || joined
                .filter(|(s, _)| !self.by_session.contains_key(s))
                .any(|(_, n)| key(n) == k)
    }

    /// Claims `nick` for `session`, or says which free nickname to try instead.
    pub fn claim<'a>(
        &mut self,
        session: SessionId,
        nick: &str,
        client: &str,
        joined: impl Iterator<Item = (SessionId, &'a str)> + Clone,
    ) -> Result<(), String> {
        if self.taken(nick, client, joined.clone()) {
            let base = nick.trim();
            let free = (2..)
                .map(|n| format!("{base}{n}"))
                .find(|c| !self.taken(c, client, joined.clone()))
                .expect("some number is free");
            return Err(free);
        }
        self.by_session.insert(
            session,
            Claim {
                nick: nick.trim().to_owned(),
                client: client.to_owned(),
            },
        );
        Ok(())
    }

    pub fn release(&mut self, session: SessionId) {
        self.by_session.remove(&session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: [(SessionId, &str); 0] = [];

    #[test]
    fn another_client_is_refused_in_any_case_with_a_free_suggestion() {
        let mut c = Claims::default();
        c.claim(1, "ann", "a", NONE.into_iter()).unwrap();
        c.claim(2, "ann2", "b", NONE.into_iter()).unwrap();
        assert_eq!(c.claim(3, "Ann", "c", NONE.into_iter()), Err("Ann3".into()));
    }

    #[test]
    fn the_same_client_is_never_locked_out_and_a_release_frees_the_name() {
        let mut c = Claims::default();
        c.claim(1, "ann", "a", NONE.into_iter()).unwrap();
        c.claim(2, "ann", "a", NONE.into_iter()).unwrap();
        c.release(1);
        c.release(2);
        c.claim(3, "ann", "b", NONE.into_iter()).unwrap();
    }

    #[test]
    fn a_nickname_joined_without_a_claim_is_taken_too() {
        let mut c = Claims::default();
        let joined = [(7, "bob")];
        assert_eq!(
            c.claim(1, "bob", "a", joined.into_iter()),
            Err("bob2".into())
        );
        c.claim(1, "bo", "a", joined.into_iter()).unwrap();
    }
}
