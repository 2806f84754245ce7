//! What else survives a reload, beside the settings and the outbox: private conversations
//! (bounded), the composer's draft for each conversation, and the passcode for this tab only.

use super::model::{Delivery, Msg, MsgKind, RoomKey};
use gloo_storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[path = "saved_json.rs"]
mod json;

const DIRECT_KEY: &str = "stomp-chat.direct";
const DRAFTS_KEY: &str = "stomp-chat.drafts";
const PASSCODE_KEY: &str = "stomp-chat.passcode";

/// Messages kept per private conversation: enough to pick the thread up again, small enough
/// for localStorage's few megabytes with many conversations.
pub const KEEP_PER_CONVERSATION: usize = 200;

/// One kept message. Unconfirmed ones of ours are not kept here: the outbox brings them back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct KeptMsg {
    id: Option<String>,
    client_id: Option<String>,
    sender: String,
    text: String,
    at: i64,
    own: bool,
}

/// Whose conversations these are: another nickname or server must not see them.
#[derive(Debug, Default, Serialize, Deserialize)]
struct KeptDirect {
    owner: String,
    conversations: Vec<(String, Vec<KeptMsg>)>,
}

fn owner(url: &str, me: &str) -> String {
    format!("{me} @ {url}")
}

/// The private conversations to keep, the newest [`KEEP_PER_CONVERSATION`] messages of each.
pub fn save_direct<'a>(
    url: &str,
    me: &str,
    rooms: impl Iterator<Item = (&'a str, &'a [std::rc::Rc<Msg>])>,
) {
    let conversations = rooms
        .map(|(peer, messages)| {
            let kept: Vec<KeptMsg> = messages
                .iter()
                .filter(|m| m.kind == MsgKind::Private && !m.delivery.unconfirmed())
                .rev()
                .take(KEEP_PER_CONVERSATION)
                .map(|m| KeptMsg {
                    id: m.id.clone(),
                    client_id: m.client_id.clone(),
                    sender: m.sender.clone(),
                    text: m.text.clone(),
                    at: m.at,
                    own: m.own,
                })
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (peer.to_owned(), kept)
        })
        .collect();
    json::write_direct(&KeptDirect {
        owner: owner(url, me),
        conversations,
    });
}

/// The conversations kept for this nickname on this server, if any.
pub fn load_direct(url: &str, me: &str) -> Vec<(String, Vec<Msg>)> {
    let kept = json::read_direct();
    if kept.owner != owner(url, me) {
        return Vec::new();
    }
    kept.conversations
        .into_iter()
        .map(|(peer, messages)| {
            let messages = messages
                .into_iter()
                .map(|k| Msg {
                    id: k.id,
                    client_id: k.client_id,
                    sender: k.sender,
                    kind: MsgKind::Private,
                    text: k.text,
                    at: k.at,
                    delivery: if k.own {
                        Delivery::Delivered
                    } else {
                        Delivery::Received
                    },
                    own: k.own,
                })
                .collect();
            (peer, messages)
        })
        .collect()
}

fn drafts() -> HashMap<String, String> {
    json::read_drafts()
}

pub fn load_draft(room: &RoomKey) -> String {
    drafts().remove(&room.to_string()).unwrap_or_default()
}

/// An empty draft is forgotten.
pub fn save_draft(room: &RoomKey, text: &str) {
    let mut all = drafts();
    if text.is_empty() {
        if all.remove(&room.to_string()).is_none() {
            return;
        }
    } else {
        all.insert(room.to_string(), text.to_owned());
    }
    json::write_drafts(&all);
}

/// The passcode lives in sessionStorage: a reload of this tab can connect again by itself,
/// but it is gone with the tab and never written to localStorage with the settings.
pub fn save_passcode(passcode: &str) {
    if passcode.is_empty() {
        SessionStorage::delete(PASSCODE_KEY);
    } else {
        super::storage::save_string(&SessionStorage::raw(), PASSCODE_KEY, passcode);
    }
}

pub fn load_passcode() -> String {
    super::storage::load_string(&SessionStorage::raw(), PASSCODE_KEY).unwrap_or_default()
}
