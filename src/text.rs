//! Pure helpers for showing message text: links, avatar colours, grouping.

use crate::chat::Msg;

/// A piece of message text: shown as a text node, or as an anchor for an http(s) URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits text into plain runs and http/https links. Only those two schemes become links,
/// so `javascript:` and `data:` stay text whatever the message says.
pub fn linkify(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    // `plain` is where the current run of plain text began; `pos` where to search next.
    let (mut plain, mut pos) = (0, 0);
    while let Some(start) = find_scheme(text, pos) {
        let tail = &text[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(tail.len());
        let url = trim_trailing(&tail[..end]);
        let scheme_len = if tail[..5].eq_ignore_ascii_case("https") {
            8
        } else {
            7
        };
        if url.len() <= scheme_len {
            // A bare "http://" is not a link.
            pos = start + scheme_len;
            continue;
        }
        if start > plain {
            out.push(Segment::Text(&text[plain..start]));
        }
        out.push(Segment::Link(url));
        plain = start + url.len();
        pos = plain;
    }
    if plain < text.len() {
        out.push(Segment::Text(&text[plain..]));
    }
    out
}

/// The next "http://" or "https://" at or after `from` that starts a word.
fn find_scheme(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i + 7 <= bytes.len() {
        let rest = &bytes[i..];
        let is_scheme = rest[..7].eq_ignore_ascii_case(b"http://")
            || (rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://"));
        // `i` is at an ASCII 'h' when `is_scheme`, so slicing there is on a char boundary.
        if is_scheme
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(crate::case::is_alphanumeric)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Sentence punctuation after a URL is not part of it; a closing bracket is, if it closes
/// one opened inside the URL (Wikipedia-style links).
fn trim_trailing(url: &str) -> &str {
    let mut u = url;
    loop {
        let Some(last) = u.chars().next_back() else {
            return u;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' => true,
            ')' => u.matches('(').count() < u.matches(')').count(),
            _ => false,
        };
        if !strip {
            return u;
        }
        u = &u[..u.len() - last.len_utf8()];
    }
}

/// A stable hue (0..360) for a name, so each person keeps one avatar colour everywhere.
pub fn avatar_hue(name: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(16_777_619);
    }
    h % 360
}

/// The avatar colour as one of 24 classes (`hue-0` … `hue-23`): a strict CSP forbids
/// inline `style` attributes, so colours live in the stylesheet.
pub fn hue_class(name: &str) -> String {
    format!("hue-{}", avatar_hue(name) / 15)
}

/// The letter shown in an avatar: the first character of the name, upper-cased.
pub fn initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| crate::case::uppercase(c.encode_utf8(&mut [0; 4])))
        .unwrap_or_else(|| "?".into())
}

/// Consecutive messages by one sender within five minutes form a group (one header).
pub fn starts_group(prev: Option<&Msg>, msg: &Msg) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.sender != msg.sender || p.kind != msg.kind || (msg.at - p.at).abs() > 5 * 60 * 1000
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::{Delivery, MsgKind};
    use Segment::*;

    #[test]
    fn links_are_only_http_and_https() {
        assert_eq!(
            linkify("see https://example.org/a?b=1, then http://x.io."),
            vec![
                Text("see "),
                Link("https://example.org/a?b=1"),
                Text(", then "),
                Link("http://x.io"),
                Text("."),
            ]
        );
        assert_eq!(
            linkify("javascript:alert(1) data:text/html,<b>"),
            vec![Text("javascript:alert(1) data:text/html,<b>")]
        );
        assert_eq!(linkify("xhttp://a.b"), vec![Text("xhttp://a.b")]);
        assert_eq!(linkify("http:// alone"), vec![Text("http:// alone")]);
        assert_eq!(linkify(""), vec![]);
    }

    #[test]
    fn links_stop_at_markup_and_keep_balanced_brackets() {
        assert_eq!(
            linkify("<a href=\"https://e.com/x\">"),
            vec![Text("<a href=\""), Link("https://e.com/x"), Text("\">")]
        );
        assert_eq!(
            linkify("(https://en.wikipedia.org/wiki/Rust_(language))"),
            vec![
                Text("("),
                Link("https://en.wikipedia.org/wiki/Rust_(language)"),
                Text(")")
            ]
        );
        assert_eq!(
            linkify("Привет HTTPS://пример.рф/путь"),
            vec![Text("Привет "), Link("HTTPS://пример.рф/путь")]
        );
    }

    #[test]
    fn avatar_colour_is_stable_and_spread() {
        assert_eq!(avatar_hue("ann"), avatar_hue("ann"));
        assert_ne!(avatar_hue("ann"), avatar_hue("bob"));
        assert!(avatar_hue("Жора") < 360);
        assert_eq!(initial("жора"), "Ж");
        assert_eq!(initial(""), "?");
    }

    #[test]
    fn grouping_by_sender_and_time() {
        let m = |sender: &str, at| Msg {
            id: None,
            client_id: None,
            sender: sender.into(),
            kind: MsgKind::Chat,
            text: String::new(),
            at,
            own: false,
            delivery: Delivery::Received,
        };
        assert!(starts_group(None, &m("a", 0)));
        assert!(!starts_group(Some(&m("a", 0)), &m("a", 60_000)));
        assert!(starts_group(Some(&m("a", 0)), &m("b", 1)));
        assert!(starts_group(Some(&m("a", 0)), &m("a", 6 * 60_000)));
    }
}
