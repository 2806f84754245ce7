//! Nicknames at CONNECT: one person's while connected, never locking out that person's own
//! reload or reconnect.

mod common;

use common::{start, Client};
use std::time::Duration;
use stomp::{Command, Frame};

fn claim<'a>(nick: &'a str, client: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("accept-version", "1.2"),
        ("heart-beat", "0,0"),
        ("chat-nickname", nick),
        ("chat-client-id", client),
    ]
}

/// CONNECTs with a claim and returns what came back: CONNECTED, or ERROR then the close.
async fn try_claim(server: &devbroker::ServerHandle, nick: &str, client: &str) -> (Client, Frame) {
    let mut c = Client::open(server).await;
    let mut f = Frame::new(Command::Connect);
    for (n, v) in claim(nick, client) {
        f.headers.push(n, v);
    }
    c.send_frame(&f).await;
    let r = c.frame().await;
    (c, r)
}

#[tokio::test]
async fn another_client_asking_for_a_connected_nickname_is_refused_with_a_free_one() {
    let server = start().await;
    let (_ann, ok) = try_claim(&server, "ann", "browser-a").await;
    assert_eq!(ok.command, Command::Connected);
    let (mut impostor, refused) = try_claim(&server, "ANN", "browser-b").await;
    assert_eq!(refused.command, Command::Error);
    assert_eq!(
        refused.get("message"),
        Some("nickname taken: ANN; try ANN2")
    );
    assert!(
        impostor.closed_code().await.is_some(),
        "the refused socket is closed"
    );
}

#[tokio::test]
async fn the_same_client_is_let_in_beside_its_old_session() {
    let server = start().await;
    // A reload or a reconnect after a drop: the old session is still registered.
    let (_old, first) = try_claim(&server, "ann", "browser-a").await;
    let (_new, second) = try_claim(&server, "ann", "browser-a").await;
    assert_eq!(
        (first.command, second.command),
        (Command::Connected, Command::Connected)
    );
}

#[tokio::test]
async fn the_name_is_free_again_once_its_session_is_gone() {
    let server = start().await;
    let (ann, _) = try_claim(&server, "ann", "browser-a").await;
    ann.drop_abruptly();
    let mut free = false;
    for _ in 0..50 {
        let (_c, r) = try_claim(&server, "ann", "browser-b").await;
        if r.command == Command::Connected {
            free = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(free, "ann is free again after her session ended");
}

#[tokio::test]
async fn a_nickname_in_use_by_a_client_that_claims_nothing_is_taken_too() {
    let server = start().await;
    let (mut plain, _) = Client::connected(&server).await;
    plain.join("general", "bob").await;
    let (_c, r) = try_claim(&server, "bob", "browser-b").await;
    assert_eq!(r.get("message"), Some("nickname taken: bob; try bob2"));
    let (_c, r) = try_claim(&server, "bob2", "browser-b").await;
    assert_eq!(r.command, Command::Connected);
}
