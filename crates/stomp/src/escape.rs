//! Header escaping, per protocol version.
//!
//! STOMP 1.2 escapes `\r`, `\n`, `:` and `\` in header names and values of every frame but
//! CONNECT, STOMP and CONNECTED; 1.1 escapes all but `\r`; 1.0 has no escaping at all.
//! Both directions are single passes. `unescape(escape(s)) == s` holds for every string.

use crate::version::Version;

/// How header text is escaped for one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaping {
    /// 1.0, and CONNECT/STOMP/CONNECTED frames in any version: octets are taken literally.
    None,
    /// 1.1: `\n`, `\c`, `\\`.
    V1_1,
    /// 1.2: `\r`, `\n`, `\c`, `\\`.
    V1_2,
}

impl Escaping {
    /// The escaping a frame with `command` uses in `version`.
    pub fn for_frame(version: Version, command: crate::Command) -> Escaping {
        if !command.escapes_headers() {
            return Escaping::None;
        }
        match version {
            Version::V1_0 => Escaping::None,
            Version::V1_1 => Escaping::V1_1,
            Version::V1_2 => Escaping::V1_2,
        }
    }
}

/// An escape sequence the spec does not define (e.g. `\t`), which it says is a fatal error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("undefined escape sequence {sequence:?} in header")]
pub struct UndefinedEscape {
    /// The offending sequence as it appeared, e.g. `"\\t"`, or `"\\"` at the end of the text.
    pub sequence: String,
}

/// Appends `s` escaped for `mode` to `out`.
pub fn escape_into(s: &str, mode: Escaping, out: &mut Vec<u8>) {
    if mode == Escaping::None || !s.bytes().any(needs_escape) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b':' => out.extend_from_slice(b"\\c"),
            b'\r' if mode == Escaping::V1_2 => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

fn needs_escape(b: u8) -> bool {
    matches!(b, b'\\' | b'\n' | b':' | b'\r')
}

/// Escapes `s` for `mode`.
pub fn escape(s: &str, mode: Escaping) -> String {
    let mut out = Vec::with_capacity(s.len());
    escape_into(s, mode, &mut out);
    // Escaping replaces ASCII bytes by ASCII bytes, so UTF-8 stays valid.
    String::from_utf8(out).expect("escaping preserves UTF-8")
}

/// Appends `s` unescaped for `mode` to `out`.
pub fn unescape_into(s: &str, mode: Escaping, out: &mut String) -> Result<(), UndefinedEscape> {
    if mode == Escaping::None {
        out.push_str(s);
        return Ok(());
    }
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let unescaped = match rest.as_bytes().get(i + 1) {
            Some(b'\\') => '\\',
            Some(b'n') => '\n',
            Some(b'c') => ':',
            Some(b'r') if mode == Escaping::V1_2 => '\r',
            Some(_) => {
                let seq_end = i + 1 + rest[i + 1..].chars().next().map_or(0, char::len_utf8);
                return Err(UndefinedEscape {
                    sequence: rest[i..seq_end].to_owned(),
                });
            }
            None => {
                return Err(UndefinedEscape {
                    sequence: "\\".to_owned(),
                })
            }
        };
        out.push(unescaped);
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    Ok(())
}

/// Unescapes `s` for `mode`.
pub fn unescape(s: &str, mode: Escaping) -> Result<String, UndefinedEscape> {
    let mut out = String::with_capacity(s.len());
    unescape_into(s, mode, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_table() {
        let cases: &[(&str, Escaping, &str)] = &[
            ("plain", Escaping::V1_2, "plain"),
            ("a:b", Escaping::V1_2, "a\\cb"),
            ("a\nb", Escaping::V1_2, "a\\nb"),
            ("a\rb", Escaping::V1_2, "a\\rb"),
            ("a\rb", Escaping::V1_1, "a\rb"),
            ("a\\b", Escaping::V1_2, "a\\\\b"),
            // The sequence stompjs gets wrong: a literal backslash followed by `n`.
            ("\\n", Escaping::V1_2, "\\\\n"),
            ("a:b\n", Escaping::None, "a:b\n"),
            ("  padded  ", Escaping::V1_2, "  padded  "),
            ("Привет:🙂", Escaping::V1_2, "Привет\\c🙂"),
        ];
        for &(raw, mode, escaped) in cases {
            assert_eq!(escape(raw, mode), escaped, "escape {raw:?} {mode:?}");
            assert_eq!(
                unescape(escaped, mode).unwrap(),
                raw,
                "unescape {escaped:?} {mode:?}"
            );
        }
    }

    #[test]
    fn undefined_escapes_are_errors() {
        let cases: &[(&str, Escaping, &str)] = &[
            ("a\\tb", Escaping::V1_2, "\\t"),
            ("a\\", Escaping::V1_2, "\\"),
            ("\\r", Escaping::V1_1, "\\r"),
            ("x\\é", Escaping::V1_2, "\\é"),
        ];
        for &(s, mode, seq) in cases {
            assert_eq!(unescape(s, mode).unwrap_err().sequence, seq, "{s:?}");
        }
        // Without escaping a backslash is just a byte.
        assert_eq!(unescape("a\\tb", Escaping::None).unwrap(), "a\\tb");
    }

    proptest! {
        #[test]
        fn unescape_inverts_escape(s in any::<String>()) {
            for mode in [Escaping::V1_2, Escaping::None] {
                prop_assert_eq!(unescape(&escape(&s, mode), mode).unwrap(), s.clone());
            }
        }

        #[test]
        fn v11_round_trips_without_cr(s in "[^\r]*") {
            prop_assert_eq!(unescape(&escape(&s, Escaping::V1_1), Escaping::V1_1).unwrap(), s);
        }

        #[test]
        fn escaped_text_has_no_line_breaks_or_colons(s in any::<String>()) {
            let e = escape(&s, Escaping::V1_2);
            prop_assert!(!e.contains('\n') && !e.contains('\r') && !e.contains(':'));
        }
    }
}
