//! `@nick` mentions: who a message mentions, and the text split for highlighting.

use crate::case::{is_alphanumeric, lowercase};

/// Characters a nickname is made of, for finding where an `@name` ends.
fn nick_char(c: char) -> bool {
    is_alphanumeric(c) || matches!(c, '_' | '-' | '.')
}

/// Whether `text` mentions `nick` as `@nick` (any case), the `@` not inside a word (so not
/// an e-mail address) and the name not running on (`@annie` does not mention `ann`).
pub fn mentions(text: &str, nick: &str) -> bool {
    !nick.is_empty()
        && mention_spans(text)
            .any(|(start, end)| text[start + 1..end].eq_ignore_ascii_case_unicode(nick))
}

/// The byte ranges of every `@name` in `text`, the `@` included. A trailing `.` or `-` is
/// punctuation ("thanks @ann."), not part of the name.
pub fn mention_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = from + text[from..].find('@')?;
        from = at + 1;
        if text[..at].chars().next_back().is_some_and(nick_char) {
            continue;
        }
        let rest = &text[at + 1..];
        let len = rest.find(|c: char| !nick_char(c)).unwrap_or(rest.len());
        let name = rest[..len].trim_end_matches(['.', '-']);
        if name.is_empty() {
            continue;
        }
        from = at + 1 + name.len();
        return Some((at, from));
    })
}

/// A run of message text: plain, or an `@name` (`true` when the name is ours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Mention(&'a str, bool),
}

/// Splits text into plain runs and mentions, marking those of `me`.
pub fn split_mentions<'a>(text: &'a str, me: &str) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut plain = 0;
    for (start, end) in mention_spans(text) {
        if start > plain {
            out.push(Piece::Text(&text[plain..start]));
        }
        let mine = !me.is_empty() && text[start + 1..end].eq_ignore_ascii_case_unicode(me);
        out.push(Piece::Mention(&text[start..end], mine));
        plain = end;
    }
    if plain < text.len() {
        out.push(Piece::Text(&text[plain..]));
    }
    out
}

/// The `@prefix` being typed just before `caret` (a byte offset): where its `@` is and the
/// prefix typed so far, for completion.
pub fn typing_mention(text: &str, caret: usize) -> Option<(usize, &str)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    let prefix = &before[at + 1..];
    let starts_word = !before[..at].chars().next_back().is_some_and(nick_char);
    (starts_word && prefix.chars().all(nick_char)).then_some((at, prefix))
}

/// Known names starting with `prefix` (any case), without `me`, sorted, at most `limit`.
pub fn complete<'a>(
    names: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    me: &str,
    limit: usize,
) -> Vec<String> {
    let p = lowercase(prefix);
    // Kept in order as they come (after the equal keys: stable) rather than by `sort_by_key`:
    // a second instantiation of std's stable sort cost the wasm about 3 KB, for a list of
    // a room's names.
    let mut keyed: Vec<(String, &str)> = Vec::new();
    for n in names {
        if n.is_empty() || n.eq_ignore_ascii_case_unicode(me) {
            continue;
        }
        let key = lowercase(n);
        if key.starts_with(&p) {
            let at = keyed.partition_point(|(k, _)| *k <= key);
            keyed.insert(at, (key, n));
        }
    }
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.truncate(limit);
    keyed.into_iter().map(|(_, n)| n.to_owned()).collect()
}

/// Case-insensitive comparison beyond ASCII (nicknames may be Cyrillic).
trait EqIgnoreCase {
    fn eq_ignore_ascii_case_unicode(&self, other: &str) -> bool;
}

impl EqIgnoreCase for str {
    fn eq_ignore_ascii_case_unicode(&self, other: &str) -> bool {
        // Through crate::case: std's char::to_lowercase would link Unicode's case tables.
        self == other || lowercase(self) == lowercase(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_is_at_nick_at_word_boundaries_in_any_case() {
        assert!(mentions("hi @ann", "ann"));
        assert!(mentions("@Ann: look", "ann"));
        assert!(mentions("thanks @ann.", "ann"));
        assert!(mentions("(@ann)", "ann"));
        assert!(mentions("привет @Аня!", "аня"));
        assert!(!mentions("hi @annie", "ann"));
        assert!(!mentions("mail ann@example.com", "example.com"));
        assert!(!mentions("mail bob@ann", "ann"));
        assert!(!mentions("hi ann", "ann"));
        assert!(!mentions("hi @", ""));
        assert!(mentions("@bob @ann", "ann"), "not only the first mention");
        assert!(mentions("@a.b", "a.b"), "dots inside a name belong to it");
    }

    #[test]
    fn text_splits_into_runs_and_mentions() {
        assert_eq!(
            split_mentions("hey @Ann and @bob!", "ann"),
            vec![
                Piece::Text("hey "),
                Piece::Mention("@Ann", true),
                Piece::Text(" and "),
                Piece::Mention("@bob", false),
                Piece::Text("!"),
            ]
        );
        assert_eq!(split_mentions("a@b c", "b"), vec![Piece::Text("a@b c")]);
        assert_eq!(split_mentions("", "ann"), vec![]);
    }

    #[test]
    fn the_prefix_being_typed_is_found_before_the_caret() {
        assert_eq!(typing_mention("hi @an", 6), Some((3, "an")));
        assert_eq!(typing_mention("@", 1), Some((0, "")));
        assert_eq!(typing_mention("hi @an there", 12), None);
        assert_eq!(typing_mention("mail a@b", 8), None);
        assert_eq!(typing_mention("hi @an", 99), None);
        assert_eq!(typing_mention("@Аня", "@Аня".len()), Some((0, "Аня")));
    }

    #[test]
    fn completion_offers_known_names_but_not_mine() {
        let names = ["bob", "Ann", "anna", "andrew", "ann", "me"];
        assert_eq!(
            complete(names, "an", "me", 5),
            vec!["andrew", "Ann", "anna"]
        );
        assert_eq!(complete(names, "", "me", 2), vec!["andrew", "Ann"]);
        assert_eq!(complete(names, "AN", "andrew", 5), vec!["Ann", "anna"]);
        assert!(complete(names, "z", "me", 5).is_empty());
    }
}
