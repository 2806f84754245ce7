//! The frame inspector's log: every frame in and out, bounded, heart-beats collapsed.

use super::model::Millis;
use std::collections::VecDeque;
use std::rc::Rc;

/// Entries kept; older ones fall off the front.
pub const LOG_CAPACITY: usize = 500;
/// Body characters kept per entry; the inspector is for reading, not for archiving.
pub const BODY_PREVIEW: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameEntry {
    pub seq: u64,
    pub at: Millis,
    pub dir: Dir,
    /// Empty for a heart-beat.
    pub command: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body's full size in bytes (the preview may be cut).
    pub body_len: usize,
    /// For a heart-beat entry: how many consecutive beats it stands for.
    pub beats: u32,
    /// The frame's size as STOMP text, NUL included (headers as given, unescaped).
    pub size: usize,
}

impl FrameEntry {
    /// An entry for a frame; a `passcode` header value is masked here, so it never reaches
    /// the state, the screen or the clipboard.
    pub fn frame<'a>(
        at: Millis,
        dir: Dir,
        command: &str,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: &[u8],
    ) -> Self {
        let mut size = command.len() + 2 + body.len() + 1;
        let headers = headers
            .into_iter()
            .map(|(k, v)| {
                size += k.len() + v.len() + 2;
                let v = if k.eq_ignore_ascii_case("passcode") {
                    "••••••".to_owned()
                } else {
                    v.to_owned()
                };
                (k.to_owned(), v)
            })
            .collect();
        let text = String::from_utf8_lossy(body);
        let preview = match text.char_indices().nth(BODY_PREVIEW) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.into_owned(),
        };
        FrameEntry {
            seq: 0,
            at,
            dir,
            command: command.to_owned(),
            headers,
            body: preview,
            body_len: body.len(),
            beats: 0,
            size,
        }
    }

    pub fn heartbeat(at: Millis, dir: Dir) -> Self {
        FrameEntry {
            seq: 0,
            at,
            dir,
            command: String::new(),
            headers: Vec::new(),
            body: String::new(),
            body_len: 0,
            beats: 1,
            size: 0,
        }
    }

    pub fn is_heartbeat(&self) -> bool {
        self.command.is_empty()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Case-insensitive match on the command or the destination; an empty filter matches all.
    pub fn matches(&self, filter: &str) -> bool {
        let f = crate::case::lowercase(filter.trim());
        if f.is_empty() {
            return true;
        }
        crate::case::lowercase(&self.command).contains(&f)
            || self
                .header("destination")
                .is_some_and(|d| crate::case::lowercase(d).contains(&f))
    }

    /// The frame as STOMP text (without the NUL), for "copy".
    pub fn to_text(&self) -> String {
        if self.is_heartbeat() {
            return "\n".repeat(self.beats.max(1) as usize);
        }
        let mut out = format!("{}\n", self.command);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}:{v}\n"));
        }
        out.push('\n');
        out.push_str(&self.body);
        out
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameLog {
    entries: VecDeque<Rc<FrameEntry>>,
    next_seq: u64,
    pub paused: bool,
    /// Frames not recorded because the log was paused.
    pub skipped: u64,
}

impl FrameLog {
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Rc<FrameEntry>> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn push(&mut self, mut entry: FrameEntry) {
        if self.paused {
            self.skipped += 1;
            return;
        }
        if entry.is_heartbeat() {
            // Beats in and out interleave; a quiet stretch collapses into one row per direction.
            let same = self
                .entries
                .iter_mut()
                .rev()
                .take_while(|e| e.is_heartbeat())
                .find(|e| e.dir == entry.dir);
            if let Some(last) = same {
                let last = Rc::make_mut(last);
                last.beats += entry.beats.max(1);
                last.at = entry.at;
                return;
            }
        }
        self.next_seq += 1;
        entry.seq = self.next_seq;
        self.entries.push_back(Rc::new(entry));
        while self.entries.len() > LOG_CAPACITY {
            self.entries.pop_front();
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.skipped = 0;
    }
}
