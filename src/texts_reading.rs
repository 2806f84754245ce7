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
            (_, true) => format!("{} КБ", tenths_of_kib(n, ',')),
            (_, false) => format!("{} KB", tenths_of_kib(n, '.')),
        }
    }
}

/// `n / 1024` to one decimal, rounded half to even like `{:.1}` on the f64, in integers:
/// formatting an f64 pulls about 12 KB of float printing into the wasm for this one label.
fn tenths_of_kib(n: usize, point: char) -> String {
    let (q, r) = (n / 1024 * 10, n % 1024 * 10);
    let (mut t, rest) = (q + r / 1024, r % 1024);
    if rest > 512 || (rest == 512 && t % 2 == 1) {
        t += 1;
    }
    format!("{}{point}{}", t / 10, t % 10)
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
        assert_eq!(EN.bytes(10_000), "9.8 KB");
    }

    #[test]
    fn kib_tenths_round_like_float_formatting() {
        for n in (10_000..400_000)
            .step_by(7)
            .chain([10_035, 10_086, 1 << 30])
        {
            let want = format!("{:.1}", n as f64 / 1024.0);
            assert_eq!(super::tenths_of_kib(n, '.'), want, "{n}");
        }
    }
}
