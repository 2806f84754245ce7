//! Whether a message calls someone by name: `@nick`, in any letter case, as a whole word.

/// True when `text` has `@nick` not glued to more of a name on either side
/// (`@ann,` and `(@Ann)` call ann; `@anna` and `me@ann` do not).
pub fn mentions(text: &str, nick: &str) -> bool {
    let nick = nick.trim();
    if nick.is_empty() {
        return false;
    }
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let lower = text.to_lowercase();
    let want = format!("@{}", nick.to_lowercase());
    lower.match_indices(&want).any(|(at, m)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + m.len()..].chars().next();
        !before.is_some_and(name_char) && !after.is_some_and(name_char)
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn at_nick_as_a_word_in_any_case() {
        assert!(mentions("hi @ann, look", "ann"));
        assert!(mentions("(@Ann)", "ann"));
        assert!(mentions("@АННА привет", "анна"));
        assert!(mentions("@ann", "Ann"));
        assert!(!mentions("hi @anna", "ann"));
        assert!(!mentions("mail me@ann", "ann"));
        assert!(!mentions("ann without the at", "ann"));
        assert!(!mentions("@ann-2 is another", "ann"));
        assert!(!mentions("@", ""));
    }
}
