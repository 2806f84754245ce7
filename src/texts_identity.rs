//! Texts about nicknames: one that is taken, and the way to another. English and Russian.

use crate::i18n::{Lang, Texts};

impl Texts {
    /// "ann is taken; try ann2" as the connect screen says it.
    pub fn nickname_taken(&self, nick: &str, free: &str) -> String {
        match self.lang {
            Lang::Ru => format!("Имя «{nick}» уже занято. Попробуйте «{free}»."),
            _ => format!("The nickname “{nick}” is taken. Try “{free}”."),
        }
    }

    /// The button that connects with the suggested nickname.
    pub fn use_nickname(&self, free: &str) -> String {
        match self.lang {
            Lang::Ru => format!("Войти как {free}"),
            _ => format!("Connect as {free}"),
        }
    }
}
