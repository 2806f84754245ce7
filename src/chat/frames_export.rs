//! What the inspector shows of a frame beyond its text: the body pretty-printed when it is
//! JSON, its size, and the log as JSON Lines for export.

use super::frames::{Dir, FrameEntry};
#[cfg(not(target_arch = "wasm32"))]
use super::model::Millis;
#[cfg(not(target_arch = "wasm32"))]
use serde::Serialize;

impl FrameEntry {
    /// The body indented, when it is a JSON object or array (a cut preview is not).
    pub fn pretty_body(&self) -> Option<String> {
        let t = self.body.trim_start();
        if !(t.starts_with('{') || t.starts_with('[')) {
            return None;
        }
        #[cfg(target_arch = "wasm32")]
        js_sys::JSON::parse(&self.body).ok()?;
        #[cfg(not(target_arch = "wasm32"))]
        serde_json::from_str::<serde::de::IgnoredAny>(&self.body).ok()?;
        Some(indent(t.trim_end()))
    }

    /// Bytes on the wire: the frame's, or one per heart-beat.
    pub fn wire_bytes(&self) -> usize {
        if self.is_heartbeat() {
            self.beats as usize
        } else {
            self.size
        }
    }

    /// One line of the exported log.
    pub fn json_line(&self) -> String {
        let dir = match self.dir {
            Dir::In => "in",
            Dir::Out => "out",
        };
        line(self, dir)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn line(e: &FrameEntry, dir: &str) -> String {
    if e.is_heartbeat() {
        serde_json::to_string(&BeatLine {
            at: e.at,
            dir,
            heartbeats: e.beats,
        })
    } else {
        serde_json::to_string(&FrameLine {
            at: e.at,
            body: &e.body,
            body_bytes: e.body_len,
            bytes: e.size,
            command: &e.command,
            dir,
            headers: &e.headers,
        })
    }
    // Cannot fail; `expect` would link serde_json's `Debug` for nothing.
    .unwrap_or_default()
}

/// The same line by the browser's `JSON.stringify` (keys in insertion order, the numbers
/// whole): serde_json stays out of the wasm (src/chat/wire_json.rs; tests/wire_json.rs
/// compares the two).
#[cfg(target_arch = "wasm32")]
fn line(e: &FrameEntry, dir: &str) -> String {
    use super::js_json::{set, stringify};
    use wasm_bindgen::JsValue;
    let o: JsValue = js_sys::Object::new().into();
    set(&o, "at", JsValue::from_f64(e.at as f64));
    if e.is_heartbeat() {
        set(&o, "dir", dir.into());
        set(&o, "heartbeats", e.beats.into());
    } else {
        set(&o, "body", e.body.as_str().into());
        set(&o, "bodyBytes", JsValue::from_f64(e.body_len as f64));
        set(&o, "bytes", JsValue::from_f64(e.size as f64));
        set(&o, "command", e.command.as_str().into());
        set(&o, "dir", dir.into());
        let headers = js_sys::Array::new();
        for (k, v) in &e.headers {
            headers.push(&js_sys::Array::of2(&k.into(), &v.into()));
        }
        set(&o, "headers", headers.into());
    }
    stringify(&o)
}

// Typed lines rather than `json!`: its `Value` tree costs the wasm several KB of map and
// value code. Fields in the order `json!` wrote them (its map sorts keys), so the file is
// byte for byte what it was.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Serialize)]
struct BeatLine<'a> {
    at: Millis,
    dir: &'a str,
    heartbeats: u32,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameLine<'a> {
    at: Millis,
    body: &'a str,
    body_bytes: usize,
    bytes: usize,
    command: &'a str,
    dir: &'a str,
    headers: &'a [(String, String)],
}

/// Re-indents valid JSON text by two spaces, keeping its keys in the order they came
/// (a parsed map would sort them, and the inspector shows what was on the wire).
fn indent(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// The log as JSON Lines, oldest first, one frame per line.
pub fn json_lines<'a>(entries: impl IntoIterator<Item = &'a FrameEntry>) -> String {
    entries.into_iter().fold(String::new(), |mut out, e| {
        out.push_str(&e.json_line());
        out.push('\n');
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn send(body: &str) -> FrameEntry {
        FrameEntry::frame(
            5,
            Dir::Out,
            "SEND",
            [("destination", "/app/chat/x"), ("passcode", "secret")],
            body.as_bytes(),
        )
    }

    #[test]
    fn json_bodies_are_indented_and_others_left_alone() {
        let e = send(r#"{"type":"CHAT","content":"hi"}"#);
        assert_eq!(
            e.pretty_body().unwrap(),
            "{\n  \"type\": \"CHAT\",\n  \"content\": \"hi\"\n}"
        );
        assert_eq!(send("plain text").pretty_body(), None);
        assert_eq!(send("{not json").pretty_body(), None);
        assert_eq!(
            send("42").pretty_body(),
            None,
            "a bare number is left as it is"
        );
        assert_eq!(
            send(r#" {"a":[1, {}, []],"s":"x,{\"y\":[]}"} "#)
                .pretty_body()
                .unwrap(),
            "{\n  \"a\": [\n    1,\n    {},\n    []\n  ],\n  \"s\": \"x,{\\\"y\\\":[]}\"\n}"
        );
    }

    #[test]
    fn sizes_count_the_frame_as_sent() {
        // "SEND\n" + "destination:/app/chat/x\n" + "passcode:secret\n" + "\n" + "ab" + NUL
        assert_eq!(send("ab").wire_bytes(), 5 + 24 + 16 + 1 + 2 + 1);
        let mut beat = FrameEntry::heartbeat(1, Dir::In);
        beat.beats = 3;
        assert_eq!(beat.wire_bytes(), 3);
    }

    #[test]
    fn the_export_is_one_json_object_per_line_without_the_passcode() {
        let beat = FrameEntry::heartbeat(7, Dir::In);
        let out = json_lines([&send("ab"), &beat]);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["command"], "SEND");
        assert_eq!(lines[0]["headers"][0][1], "/app/chat/x");
        assert_eq!(lines[0]["bytes"], 49);
        assert!(!out.contains("secret"));
        assert_eq!(lines[1]["heartbeats"], 1);
        assert_eq!(lines[1]["dir"], "in");
    }

    #[test]
    fn the_lines_are_byte_for_byte_what_json_macro_wrote() {
        let (f, b) = (
            send(r#"{"a":"\u00e9"}"#),
            FrameEntry::heartbeat(9, Dir::Out),
        );
        let frame = serde_json::json!({
            "at": f.at, "dir": "out", "command": f.command, "headers": f.headers,
            "body": f.body, "bodyBytes": f.body_len, "bytes": f.size,
        });
        let beat = serde_json::json!({ "at": b.at, "dir": "out", "heartbeats": b.beats });
        assert_eq!(f.json_line(), frame.to_string());
        assert_eq!(b.json_line(), beat.to_string());
    }
}
