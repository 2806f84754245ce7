//! The texts' rules: languages, plurals, reasons and diagnoses.

use super::*;

#[test]
fn language_follows_the_browser_tag() {
    assert_eq!(Lang::from_tag("ru-RU"), Lang::Ru);
    assert_eq!(Lang::from_tag("RU"), Lang::Ru);
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag("de"), Lang::En);
    assert_eq!(Lang::Ru.other(), Lang::En);
}

#[test]
fn russian_plurals() {
    let f = |n| ru_plural(n, "one", "few", "many");
    let got: Vec<_> = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111]
        .map(f)
        .to_vec();
    assert_eq!(
        got,
        [
            "one", "few", "few", "many", "many", "many", "many", "one", "few", "many", "one",
            "many"
        ]
    );
    assert_eq!(RU.new_messages(3), "3 новых сообщения ↓");
    assert_eq!(EN.new_messages(1), "1 new message ↓");
}

#[test]
fn typing_lines_and_reasons() {
    assert_eq!(EN.typing(&["bob"]), "bob is typing…");
    assert_eq!(RU.typing(&["боб", "ева"]), "боб и ева печатают…");
    assert_eq!(EN.typing(&["a", "b", "c"]), "3 people are typing…");
    assert_eq!(
        EN.reason(&Reason::Server("boom".into())),
        "The server reported an error: boom"
    );
    assert!(RU.reconnecting(5).ends_with("5 секунд"));
}

#[test]
fn connection_diagnoses_name_what_to_change() {
    let origin = Diagnosis::OriginRefused {
        origin: "http://127.0.0.1:8080".into(),
    };
    assert!(EN
        .reason(&Reason::CouldNotConnect(origin.clone()))
        .ends_with(
            r#"allow http://127.0.0.1:8080 with setAllowedOriginPatterns("http://127.0.0.1:8080")."#
        ));
    assert!(RU
        .diagnosis(&origin)
        .contains(r#"setAllowedOriginPatterns("http://127.0.0.1:8080")"#));
    let none = Diagnosis::NothingListening {
        at: "127.0.0.1:9".into(),
    };
    assert_eq!(
        EN.diagnosis(&none),
        "Could not connect: nothing is listening at 127.0.0.1:9."
    );
    assert_eq!(EN.retrying(1), "Retrying in 1 second");
    assert_eq!(RU.retrying(2), "Повтор через 2 секунды");
}
