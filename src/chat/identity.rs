//! Who this browser is to a server that keeps nicknames apart: a client id kept across
//! reloads (so the same person is never locked out by an old session of theirs), and the
//! server's refusal of a nickname someone else is using.

use super::model::Reason;
use gloo_storage::{LocalStorage, Storage};

const CLIENT_KEY: &str = "stomp-chat.client-id";

/// The CONNECT headers that claim a nickname (the dev broker enforces them; other servers
/// ignore headers they do not know).
pub const NICKNAME_HEADER: &str = "chat-nickname";
pub const CLIENT_HEADER: &str = "chat-client-id";

/// This browser's id, made once and kept: its tabs and reloads are one client.
pub fn browser_client_id() -> String {
    let store = LocalStorage::raw();
    if let Some(id) = super::storage::load_string(&store, CLIENT_KEY) {
        if !id.is_empty() {
            return id;
        }
    }
    let id = format!("b-{}", super::service::client_id());
    super::storage::save_string(&store, CLIENT_KEY, &id);
    id
}

/// The dev broker's refusal, `nickname taken: ann; try ann2`.
pub fn nickname_taken(message: &str) -> Option<Reason> {
    let rest = message.trim().strip_prefix("nickname taken: ")?;
    let (nick, free) = rest.rsplit_once("; try ")?;
    Some(Reason::NicknameTaken {
        nick: nick.to_owned(),
        free: free.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_refusal_and_nothing_else() {
        assert_eq!(
            Reason::from_error("nickname taken: Ann; try Ann2", ""),
            Reason::NicknameTaken {
                nick: "Ann".into(),
                free: "Ann2".into()
            }
        );
        assert_eq!(nickname_taken("Bad CONNECT"), None);
        assert_eq!(nickname_taken("nickname taken: ann"), None);
    }
}
