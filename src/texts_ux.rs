//! Texts of the connect screen's server section, the tab title and the nickname check,
//! kept apart from `i18n.rs` so that file stays readable; English and Russian as there.

use crate::chat::profile::ProfileKind;
use crate::i18n::{Lang, Texts};

impl Texts {
    fn ru(&self) -> bool {
        self.lang == Lang::Ru
    }

    pub fn server_section(&self) -> &'static str {
        if self.ru() {
            "Сервер"
        } else {
            "Server"
        }
    }

    /// The profile's name short enough for the server section's one-line summary.
    pub fn profile_short(&self, p: ProfileKind) -> &'static str {
        let ru = self.ru();
        match p {
            ProfileKind::DevBroker if ru => "Dev-брокер",
            ProfileKind::DevBroker => "Dev broker",
            ProfileKind::SpringTutorial if ru => "Spring, учебник",
            ProfileKind::SpringTutorial => "Spring tutorial",
            ProfileKind::SpringSimple if ru => "Spring, простейший",
            ProfileKind::SpringSimple => "Spring simple",
            ProfileKind::Plain if ru => "Обычный брокер",
            ProfileKind::Plain => "Plain broker",
            ProfileKind::RabbitStream if ru => "RabbitMQ + история",
            ProfileKind::RabbitStream => "RabbitMQ + history",
            ProfileKind::Custom if ru => "Свои адреса",
            ProfileKind::Custom => "Custom",
        }
    }

    /// "You will join #general" before connecting.
    pub fn will_join(&self, rooms: &[String]) -> String {
        let list = rooms
            .iter()
            .map(|r| format!("#{r}"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.ru() {
            format!("Вы войдёте в {list}")
        } else {
            format!("You will join {list}")
        }
    }

    /// Said once by the status bar's live region; the countdown is shown beside it.
    pub fn connection_lost(&self) -> &'static str {
        if self.ru() {
            "Нет связи."
        } else {
            "Connection lost."
        }
    }

    /// The tab's title: the unread count first, so it shows in a narrow tab.
    pub fn tab_title(&self, unread: u32) -> String {
        match unread {
            0 => self.app_title.to_owned(),
            n => format!("({n}) {}", self.app_title),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{EN, RU};

    #[test]
    fn will_join_lists_rooms() {
        let rooms = vec!["general".to_owned(), "rust".to_owned()];
        assert_eq!(EN.will_join(&rooms), "You will join #general, #rust");
        assert_eq!(RU.will_join(&rooms[..1]), "Вы войдёте в #general");
    }

    #[test]
    fn tab_title_shows_unread_first() {
        assert_eq!(EN.tab_title(0), "STOMP Chat");
        assert_eq!(EN.tab_title(3), "(3) STOMP Chat");
        assert_eq!(RU.tab_title(12), "(12) STOMP Чат");
    }
}
