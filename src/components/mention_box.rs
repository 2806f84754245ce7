//! Nickname completion in the composer: after `@` and a few letters, a small listbox of
//! the room's known names; ↑/↓ choose, Tab or Enter complete, Escape closes. Focus stays in
//! the text area, which points at the chosen option with `aria-activedescendant`.

use super::use_texts;
use crate::chat::mention::{complete, typing_mention};
use crate::chat::Room;
use yew::prelude::*;

/// Options shown at most.
const OPTIONS: usize = 6;
/// Recent messages whose senders are offered besides the room's participants.
const RECENT: usize = 200;

pub const LIST_ID: &str = "mention-list";

pub fn option_id(i: usize) -> String {
    format!("mention-opt-{i}")
}

/// The `@` being completed (its byte offset) and the names offered for it, if any.
pub fn candidates(
    room: Option<&Room>,
    me: &str,
    text: &str,
    caret: usize,
) -> Option<(usize, Vec<String>)> {
    let (at, prefix) = typing_mention(text, caret)?;
    let room = room?;
    let recent = room
        .messages
        .iter()
        .rev()
        .take(RECENT)
        .map(|m| m.sender.as_str());
    let names = complete(
        room.participants.iter().map(String::as_str).chain(recent),
        prefix,
        me,
        OPTIONS,
    );
    (!names.is_empty()).then_some((at, names))
}

/// `text` with the `@prefix` from `at` to `caret` (byte offsets) replaced by `@name` and a
/// space; and the caret after it.
pub fn apply(text: &str, at: usize, caret: usize, name: &str) -> (String, usize) {
    let tail = &text[caret..];
    // A space to go on typing, unless something (a space, a comma) already follows.
    let sep = if tail.is_empty() || tail.starts_with(crate::case::is_alphanumeric) {
        " "
    } else {
        ""
    };
    let head = format!("{}@{name}{sep}", &text[..at]);
    let caret = head.len();
    (head + tail, caret)
}

#[derive(Properties, PartialEq)]
pub struct MentionBoxProps {
    pub names: Vec<String>,
    pub selected: usize,
    pub on_pick: Callback<usize>,
}

#[component]
pub fn MentionBox(props: &MentionBoxProps) -> Html {
    super::render_count::count("MentionBox");
    let t = use_texts();
    html! {
        <ul id={LIST_ID} class="mention-box" role="listbox" aria-label={t.nicknames()}>
            { for props.names.iter().enumerate().map(|(i, name)| {
                let pick = props.on_pick.clone();
                // mousedown, not click: the text area keeps the focus.
                let onmousedown = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    pick.emit(i);
                });
                let selected = i == props.selected;
                html! {
                    <li id={option_id(i)} role="option" aria-selected={selected.to_string()}
                        class={classes!("mention-box__option", selected.then_some("mention-box__option--active"))}
                        {onmousedown}>{ format!("@{name}") }</li>
                }
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::RoomKey;

    #[test]
    fn completion_replaces_the_prefix_and_adds_a_space() {
        assert_eq!(apply("hi @an", 3, 6, "ann"), ("hi @ann ".into(), 8));
        assert_eq!(apply("@an, you?", 0, 3, "ann"), ("@ann, you?".into(), 4));
        assert_eq!(apply("@an you", 0, 3, "ann"), ("@ann you".into(), 4));
    }

    #[test]
    fn names_come_from_participants_and_recent_senders() {
        let mut room = Room::new(RoomKey::Room("r".into()));
        room.participants
            .extend(["anna".to_owned(), "me".to_owned()]);
        assert_eq!(
            candidates(Some(&room), "me", "hi @", 4),
            Some((3, vec!["anna".to_owned()]))
        );
        assert_eq!(
            candidates(Some(&room), "me", "hi @m", 5),
            None,
            "not myself"
        );
        assert_eq!(candidates(Some(&room), "me", "hi anna", 7), None);
        assert_eq!(candidates(None, "me", "@a", 2), None);
    }
}
