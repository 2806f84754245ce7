//! Texts of reading a room (divider, day separators, mentions, completion) and of the
//! inspector's additions; English and Russian, kept apart from `i18n.rs`.

use crate::i18n::{ru_plural, Lang, Texts};

impl Texts {
    fn in_ru(&self) -> bool {
        self.lang == Lang::Ru
    }

    pub fn unread_divider(&self) -> &'static str {
        if self.in_ru() {
            "Новые сообщения"
        } else {
            "New messages"
        }
    }

    pub fn today(&self) -> &'static str {
        if self.in_ru() {
            "Сегодня"
        } else {
            "Today"
        }
    }

    pub fn yesterday(&self) -> &'static str {
        if self.in_ru() {
            "Вчера"
        } else {
            "Yesterday"
        }
    }

    /// The locale dates are written in: British order in English ("Monday, 26 November").
    pub fn date_locale(&self) -> &'static str {
        if self.in_ru() {
            "ru-RU"
        } else {
            "en-GB"
        }
    }

    /// The room list's "@" badge, read out.
    pub fn mentions_label(&self, n: u32) -> String {
        if self.in_ru() {
            let word = ru_plural(i64::from(n), "упоминание", "упоминания", "упоминаний");
            format!("{n} {word} вас")
        } else {
            format!("{n} mention{} of you", if n == 1 { "" } else { "s" })
        }
    }

    pub fn nicknames(&self) -> &'static str {
        if self.in_ru() {
            "Ники"
        } else {
            "Nicknames"
        }
    }

    pub fn export_log(&self) -> &'static str {
        if self.in_ru() {
            "Экспорт"
        } else {
            "Export"
        }
    }

    pub fn export_log_hint(&self) -> &'static str {
        if self.in_ru() {
            "Скачать журнал кадров (JSON Lines)"
        } else {
            "Download the frame log (JSON Lines)"
        }
    }

    /// A frame's size on the wire.
    pub fn bytes(&self, n: usize) -> String {
        match (n, self.in_ru()) {
            (0..=9_999, true) => format!("{n} Б"),
            (0..=9_999, false) => format!("{n} B"),
            (_, true) => format!("{:.1} КБ", n as f64 / 1024.0).replace('.', ","),
            (_, false) => format!("{:.1} KB", n as f64 / 1024.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{EN, RU};

    #[test]
    fn mention_badges_and_sizes_read_well() {
        assert_eq!(EN.mentions_label(1), "1 mention of you");
        assert_eq!(EN.mentions_label(2), "2 mentions of you");
        assert_eq!(RU.mentions_label(3), "3 упоминания вас");
        assert_eq!(EN.bytes(512), "512 B");
        assert_eq!(RU.bytes(20_480), "20,0 КБ");
    }
}
