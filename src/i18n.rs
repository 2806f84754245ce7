//! English and Russian texts. The language follows `navigator.language` and can be switched.

use crate::chat::diagnose::Diagnosis;
use crate::chat::Reason;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    /// From a BCP 47 tag such as `ru-RU`; anything not Russian is English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ru,
            Lang::Ru => Lang::En,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

/// Every fixed string of the interface; formatted ones are methods below.
pub struct Texts {
    pub lang: Lang,
    pub lang_name: &'static str,
    pub switch_lang: &'static str,
    pub app_title: &'static str,
    pub app_tagline: &'static str,
    pub server_url: &'static str,
    pub profile: &'static str,
    pub profile_devbroker: &'static str,
    pub profile_spring_tutorial: &'static str,
    pub profile_spring_simple: &'static str,
    pub profile_plain: &'static str,
    pub profile_custom: &'static str,
    pub nickname: &'static str,
    pub login: &'static str,
    pub passcode: &'static str,
    pub optional: &'static str,
    pub connect: &'static str,
    pub disconnect: &'static str,
    pub destinations: &'static str,
    pub t_publish: &'static str,
    pub t_subscribe: &'static str,
    pub t_join: &'static str,
    pub t_leave: &'static str,
    pub t_typing: &'static str,
    pub t_history: &'static str,
    pub t_private_send: &'static str,
    pub t_private_subscribe: &'static str,
    pub t_errors: &'static str,
    pub t_server_stamps: &'static str,
    pub t_receipts: &'static str,
    pub t_echo_ids: &'static str,
    pub t_max_frame: &'static str,
    pub t_ws_split: &'static str,
    pub templates_hint: &'static str,
    pub nickname_needed: &'static str,
    pub connecting: &'static str,
    pub connected: &'static str,
    pub retry_now: &'static str,
    pub heart_beat_off: &'static str,
    pub rooms: &'static str,
    pub direct: &'static str,
    pub join_room: &'static str,
    pub join: &'static str,
    pub leave: &'static str,
    pub room_invalid: &'static str,
    pub you: &'static str,
    pub joined: &'static str,
    pub left: &'static str,
    pub st_queued: &'static str,
    pub st_uncertain: &'static str,
    pub discard: &'static str,
    pub show_more: &'static str,
    pub show_less: &'static str,
    pub st_sent: &'static str,
    pub st_delivered: &'static str,
    pub st_failed: &'static str,
    pub retry: &'static str,
    pub no_messages: &'static str,
    pub no_room: &'static str,
    pub earlier: &'static str,
    pub composer_label: &'static str,
    pub send: &'static str,
    pub offline_hint: &'static str,
    pub people: &'static str,
    pub message_privately: &'static str,
    pub inspector: &'static str,
    pub filter: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub clear: &'static str,
    pub copy: &'static str,
    pub heart_beat: &'static str,
    pub dir_in: &'static str,
    pub dir_out: &'static str,
    pub close: &'static str,
    pub dismiss: &'static str,
    pub menu: &'static str,
    pub plain_sender: &'static str,
    pub r_bad_credentials: &'static str,
    pub r_unknown_destination: &'static str,
    pub r_forbidden: &'static str,
    pub r_server_gone: &'static str,
    pub r_unreachable: &'static str,
    pub r_server: &'static str,
    pub r_protocol: &'static str,
    pub r_by_user: &'static str,
}

impl Texts {
    pub fn reason(&self, r: &Reason) -> String {
        match r {
            Reason::BadCredentials => self.r_bad_credentials.into(),
            Reason::UnknownDestination(d) => format!("{} ({d})", self.r_unknown_destination),
            Reason::Forbidden(d) => format!("{} ({d})", self.r_forbidden),
            Reason::ServerGone => self.r_server_gone.into(),
            Reason::Unreachable => self.r_unreachable.into(),
            Reason::CouldNotConnect(d) => self.diagnosis(d),
            Reason::Server(m) => format!("{}: {m}", self.r_server),
            Reason::Protocol(m) => format!("{}: {m}", self.r_protocol),
            Reason::ByUser => self.r_by_user.into(),
            Reason::NicknameTaken { nick, free } => self.nickname_taken(nick, free),
        }
    }

    pub fn reconnecting(&self, seconds: i64) -> String {
        match self.lang {
            Lang::Ru => format!(
                "Нет связи. Повтор через {seconds} {}",
                ru_plural(seconds, "секунду", "секунды", "секунд")
            ),
            _ => format!(
                "Connection lost. Retrying in {seconds} second{}",
                if seconds == 1 { "" } else { "s" }
            ),
        }
    }

    /// Status-bar line while retrying a server this client never reached.
    pub fn retrying(&self, seconds: i64) -> String {
        match self.lang {
            Lang::Ru => format!(
                "Повтор через {seconds} {}",
                ru_plural(seconds, "секунду", "секунды", "секунд")
            ),
            _ => format!(
                "Retrying in {seconds} second{}",
                if seconds == 1 { "" } else { "s" }
            ),
        }
    }

    pub fn diagnosis(&self, d: &Diagnosis) -> String {
        let ru = self.lang == Lang::Ru;
        match d {
            Diagnosis::NothingListening { at } if ru => {
                format!("Не удалось подключиться: по адресу {at} никто не слушает.")
            }
            Diagnosis::NothingListening { at } => {
                format!("Could not connect: nothing is listening at {at}.")
            }
            Diagnosis::WrongPath { path } if ru => {
                format!("Не удалось подключиться: по пути {path} нет WebSocket (неверный путь?).")
            }
            Diagnosis::WrongPath { path } => {
                format!("Could not connect: no WebSocket endpoint at {path} (wrong path?).")
            }
            Diagnosis::SockJs { websocket_path: p } if ru => format!(
                "Не удалось подключиться: это точка SockJS, её обычный WebSocket — по пути {p}."
            ),
            Diagnosis::SockJs { websocket_path: p } => format!(
                "Could not connect: this is a SockJS endpoint; its raw WebSocket is at {p}."
            ),
            Diagnosis::OriginRefused { origin: o } if ru => format!(
                "Не удалось подключиться: сервер ответил по HTTP, но отказал в WebSocket-соединении. \
                 Сервер Spring по умолчанию принимает только свой origin: разрешите {o} \
                 через setAllowedOriginPatterns(\"{o}\")."
            ),
            Diagnosis::OriginRefused { origin: o } => format!(
                "Could not connect: the server answered HTTP but refused the WebSocket handshake. \
                 A Spring server accepts only its own origin by default: allow {o} with \
                 setAllowedOriginPatterns(\"{o}\")."
            ),
            Diagnosis::HttpStatus { status, path } if ru => {
                format!("Не удалось подключиться: сервер ответил HTTP {status} по пути {path}.")
            }
            Diagnosis::HttpStatus { status, path } => {
                format!("Could not connect: the server answered HTTP {status} at {path}.")
            }
            Diagnosis::Unknown => self.r_unreachable.into(),
        }
    }

    pub fn connected_detail(&self, version: &str, hb: (u32, u32)) -> String {
        let beat = if hb == (0, 0) {
            self.heart_beat_off.to_owned()
        } else {
            format!("♥ {}/{} ms", hb.0, hb.1)
        };
        format!("STOMP {version} · {beat}")
    }

    pub fn typing(&self, names: &[&str]) -> String {
        let ru = self.lang == Lang::Ru;
        match names {
            [] => String::new(),
            [a] if ru => format!("{a} печатает…"),
            [a] => format!("{a} is typing…"),
            [a, b] if ru => format!("{a} и {b} печатают…"),
            [a, b] => format!("{a} and {b} are typing…"),
            _ if ru => format!("{} человек печатают…", names.len()),
            _ => format!("{} people are typing…", names.len()),
        }
    }

    pub fn new_messages(&self, n: u32) -> String {
        if self.lang == Lang::Ru {
            let n64 = i64::from(n);
            format!(
                "{n} {} ↓",
                ru_plural(n64, "новое сообщение", "новых сообщения", "новых сообщений")
            )
        } else {
            format!("{n} new message{} ↓", if n == 1 { "" } else { "s" })
        }
    }

    pub fn unread(&self, n: u32) -> String {
        if self.lang == Lang::Ru {
            format!("{n} непрочитанных")
        } else {
            format!("{n} unread")
        }
    }

    pub fn message_to(&self, room: &str) -> String {
        if self.lang == Lang::Ru {
            format!("Сообщение в {room}")
        } else {
            format!("Message {room}")
        }
    }

    /// A message whose SEND frame the server would refuse: sizes in bytes.
    pub fn too_long(&self, size: usize, limit: usize) -> String {
        let (size, limit) = (size.div_ceil(1024), limit / 1024);
        if self.lang == Lang::Ru {
            format!("Слишком длинное: {size} КБ; этот сервер принимает до {limit} КБ.")
        } else {
            format!("Too long: {size} KB; this server takes up to {limit} KB.")
        }
    }

    pub fn no_history(&self, room: &str) -> String {
        if self.lang == Lang::Ru {
            format!("Сервер не хранит историю #{room}: видны только новые сообщения.")
        } else {
            format!("This server keeps no history for #{room}: only new messages show.")
        }
    }

    pub fn skipped(&self, n: u64) -> String {
        if self.lang == Lang::Ru {
            format!("пауза, пропущено кадров: {n}")
        } else {
            format!("paused, {n} frames skipped")
        }
    }
}

/// Russian has three plural forms: 1 (21, 31…), 2–4 (22–24…), and the rest (5–20, 25…).
pub fn ru_plural<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.abs();
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

// The two languages' texts.
#[path = "i18n_tables.rs"]
mod tables;
pub use tables::{EN, RU};

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
