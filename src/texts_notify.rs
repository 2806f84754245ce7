//! Texts of desktop notifications and their switch. English and Russian.

use crate::i18n::{Lang, Texts};

impl Texts {
    pub fn notify_private(&self, sender: &str) -> String {
        match self.lang {
            Lang::Ru => format!("{sender} (лично)"),
            _ => format!("{sender} (private)"),
        }
    }

    pub fn notify_mention(&self, sender: &str, room: &str) -> String {
        match self.lang {
            Lang::Ru => format!("{sender} в {room}"),
            _ => format!("{sender} in {room}"),
        }
    }

    pub fn notify_label(&self) -> &'static str {
        match self.lang {
            Lang::Ru => "Уведомления о личных сообщениях и упоминаниях, пока вкладка скрыта",
            _ => "Notify me of private messages and mentions while this tab is hidden",
        }
    }

    pub fn notify_blocked(&self) -> &'static str {
        match self.lang {
            Lang::Ru => "Уведомления запрещены в настройках браузера для этого сайта",
            _ => "Notifications are blocked for this site in the browser's settings",
        }
    }
}
