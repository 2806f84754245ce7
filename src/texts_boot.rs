//! Texts of the start-up: the app's own "Reconnecting as …" and what boot/boot.js shows
//! before the app has started. The boot script cannot call Rust, so it carries its own copy
//! of the connect form's texts; the test below holds the two copies equal.

use crate::i18n::{Lang, Texts};

impl Texts {
    /// Shown instead of the connect form while a saved session connects again by itself.
    pub fn reconnecting_as(&self, nickname: &str) -> String {
        if self.lang == Lang::Ru {
            format!("Снова подключаемся как {nickname}…")
        } else {
            format!("Reconnecting as {nickname}…")
        }
    }

    /// The Connect button of index.html's form once pressed, until the app has started.
    pub fn starting(&self) -> &'static str {
        if self.lang == Lang::Ru {
            "Запуск…"
        } else {
            "Starting…"
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::chat::profile::ProfileKind;
    use crate::i18n::Lang;

    const BOOT_JS: &str = include_str!("../boot/boot.js");

    /// The boot script's table for one language: from `tag: {` to the closing `},`.
    fn table(tag: &str) -> &'static str {
        let start = BOOT_JS
            .find(&format!("    {tag}: {{\n"))
            .expect("a table per language");
        let len = BOOT_JS[start..].find("\n    },").expect("its end");
        &BOOT_JS[start..start + len]
    }

    #[test]
    fn the_boot_script_says_what_the_app_says() {
        for lang in [Lang::En, Lang::Ru] {
            let t = lang.texts();
            let js = table(lang.tag());
            let reconnecting = t.reconnecting_as("");
            let joins = t.will_join(&[]);
            let pairs = [
                ("app_title", t.app_title),
                ("switch_lang", t.switch_lang),
                ("app_tagline", t.app_tagline),
                ("nickname", t.nickname),
                ("will_join", joins.trim_end()),
                ("server_section", t.server_section()),
                ("server_url", t.server_url),
                ("server_urls_hint", t.server_urls_hint()),
                ("profile", t.profile),
                ("profile_devbroker", t.profile_devbroker),
                ("profile_spring_tutorial", t.profile_spring_tutorial),
                ("profile_spring_simple", t.profile_spring_simple),
                ("profile_plain", t.profile_plain),
                ("profile_rabbit_stream", t.profile_rabbit_stream()),
                ("profile_custom", t.profile_custom),
                ("login", t.login),
                ("passcode", t.passcode),
                ("optional", t.optional),
                ("connect", t.connect),
                ("starting", t.starting()),
                (
                    "reconnecting_as",
                    reconnecting.trim_end_matches('…').trim_end(),
                ),
                ("short_devbroker", t.profile_short(ProfileKind::DevBroker)),
                (
                    "short_spring_tutorial",
                    t.profile_short(ProfileKind::SpringTutorial),
                ),
                (
                    "short_spring_simple",
                    t.profile_short(ProfileKind::SpringSimple),
                ),
                ("short_plain", t.profile_short(ProfileKind::Plain)),
                (
                    "short_rabbit_stream",
                    t.profile_short(ProfileKind::RabbitStream),
                ),
                ("short_custom", t.profile_short(ProfileKind::Custom)),
            ];
            for (key, value) in pairs {
                let line = format!("      {key}: {},", serde_json::to_string(value).unwrap());
                assert!(
                    js.lines().any(|l| l == line),
                    "boot/boot.js ({}) should have: {line}",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn the_boot_script_knows_every_profile() {
        for p in ProfileKind::ALL {
            assert!(
                BOOT_JS.contains(&format!("\"{}\"", p.id())),
                "boot/boot.js lacks the profile {}",
                p.id()
            );
        }
    }
}
