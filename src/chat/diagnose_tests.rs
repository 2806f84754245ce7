use super::*;

fn ep(url: &str) -> Endpoint {
    Endpoint::parse(url).expect("a ws URL")
}

const PAGE: &str = "http://127.0.0.1:8080";

#[test]
fn a_ws_url_gives_the_http_url_and_origin_the_probe_uses() {
    let e = ep("ws://127.0.0.1:15674/ws?x=1");
    assert_eq!(e.host_port(), "127.0.0.1:15674");
    assert_eq!(e.path, "/ws");
    assert_eq!(e.http_url(), "http://127.0.0.1:15674/ws?x=1");
    assert_eq!(
        ep("wss://Chat.Example/stomp").http_url(),
        "https://chat.example/stomp"
    );
    assert_eq!(ep("wss://chat.example").host_port(), "chat.example:443");
    assert_eq!(ep("ws://chat.example").path, "/");
    assert_eq!(ep("ws://[::1]:9/ws").http_origin(), "http://[::1]:9");
    assert_eq!(ep("ws://u:p@h:81/ws").host_port(), "h:81");
    assert_eq!(Endpoint::parse("http://h/ws"), None);
    assert_eq!(Endpoint::parse("ws://:80/ws"), None);
    assert_eq!(Endpoint::parse("ws://h:notaport/ws"), None);
}

#[test]
fn same_origin_compares_scheme_host_and_port_as_location_origin_writes_them() {
    assert!(ep("ws://127.0.0.1:8080/ws").same_origin_as(PAGE));
    assert!(ep("ws://example.org:80/ws").same_origin_as("http://example.org"));
    assert!(ep("wss://example.org/ws").same_origin_as("https://example.org"));
    assert!(!ep("ws://127.0.0.1:8081/ws").same_origin_as(PAGE));
    assert!(!ep("ws://localhost:8080/ws").same_origin_as(PAGE));
    assert!(!ep("wss://127.0.0.1:8080/ws").same_origin_as(PAGE));
}

#[test]
fn a_network_error_means_nothing_listens_and_retrying_may_help() {
    let d = classify(&ep("ws://127.0.0.1:9/ws"), PAGE, &Probe::NetworkError);
    assert_eq!(
        d,
        Diagnosis::NothingListening {
            at: "127.0.0.1:9".into()
        }
    );
    assert!(d.retry_helps());
}

#[test]
fn a_404_is_a_wrong_path_and_retrying_cannot_help() {
    let probe = Probe::Answered {
        status: 404,
        body: String::new(),
    };
    let d = classify(&ep("ws://127.0.0.1:8080/nope"), PAGE, &probe);
    assert_eq!(
        d,
        Diagnosis::WrongPath {
            path: "/nope".into()
        }
    );
    assert!(!d.retry_helps());
}

#[test]
fn sockjs_greeting_points_at_the_raw_websocket_under_the_endpoint() {
    let probe = Probe::Answered {
        status: 200,
        body: "Welcome to SockJS!\n".into(),
    };
    let d = classify(&ep("ws://127.0.0.1:8080/ws"), PAGE, &probe);
    assert_eq!(
        d,
        Diagnosis::SockJs {
            websocket_path: "/ws/websocket".into()
        }
    );
    assert!(!d.retry_helps());
    // An ordinary page at that path is no endpoint at all.
    let page = Probe::Answered {
        status: 200,
        body: "<!doctype html>".into(),
    };
    assert_eq!(
        classify(&ep("ws://127.0.0.1:8080/ws"), PAGE, &page),
        Diagnosis::WrongPath { path: "/ws".into() }
    );
}

#[test]
fn spring_400_426_and_an_opaque_cross_origin_answer_name_the_page_origin() {
    let refused = Diagnosis::OriginRefused {
        origin: PAGE.into(),
    };
    for status in [400, 426] {
        let probe = Probe::Answered {
            status,
            body: String::new(),
        };
        assert_eq!(
            classify(&ep("ws://127.0.0.1:8080/ws"), PAGE, &probe),
            refused
        );
    }
    let d = classify(&ep("ws://127.0.0.1:9000/ws"), PAGE, &Probe::Opaque);
    assert_eq!(d, refused);
    assert!(!d.retry_helps());
}

#[test]
fn other_statuses_and_no_answer_keep_retrying() {
    let probe = Probe::Answered {
        status: 503,
        body: String::new(),
    };
    let d = classify(&ep("ws://h:1/ws"), PAGE, &probe);
    assert_eq!(
        d,
        Diagnosis::HttpStatus {
            status: 503,
            path: "/ws".into()
        }
    );
    assert!(d.retry_helps());
    let d = classify(&ep("ws://h:1/ws"), PAGE, &Probe::NoAnswer);
    assert_eq!(d, Diagnosis::Unknown);
    assert!(d.retry_helps());
}

#[test]
fn only_attempts_that_never_reached_connected_and_closed_silently_are_probed() {
    let silent = DisconnectReason::TransportClosed {
        code: 1006,
        reason: String::new(),
    };
    assert!(worth_probing(&silent, false));
    assert!(worth_probing(&DisconnectReason::ConnectTimeout, false));
    assert!(
        !worth_probing(&silent, true),
        "was connected: connection lost"
    );
    let spoken = DisconnectReason::TransportClosed {
        code: 1002,
        reason: String::new(),
    };
    assert!(!worth_probing(&spoken, false));
    let rejected = DisconnectReason::Rejected {
        message: Some("Bad CONNECT".into()),
    };
    assert!(!worth_probing(&rejected, false));
}

#[test]
fn an_error_after_connected_is_never_a_bad_password() {
    // RabbitMQ words a refused destination with "access refused"; Spring's heart-beat drop is
    // "Session closed.". Neither is about the login, which was accepted.
    assert_eq!(
        error_after_connected("Access refused", "to exchange 'x'"),
        Reason::Server("Access refused".into())
    );
    assert_eq!(
        error_after_connected("", "not authorized"),
        Reason::Server("not authorized".into())
    );
    assert_eq!(
        error_after_connected("Session closed.", ""),
        Reason::Server("Session closed.".into())
    );
    assert_eq!(
        error_after_connected("Unknown destination", "/app/x"),
        Reason::UnknownDestination("Unknown destination".into())
    );
    // The same words in answer to CONNECT are a login problem.
    assert_eq!(
        Reason::from_error("Access refused", ""),
        Reason::BadCredentials
    );
}
