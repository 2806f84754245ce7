//! The built app over HTTP: compressed when the build left `.br`/`.gz` files, hashed files
//! cached for a year, the page itself revalidated.

mod common;

use std::path::PathBuf;

use devbroker::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const WASM: &str = "stomp-chat-0123456789abcdef_bg.wasm";

fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devbroker-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: [(&str, &[u8]); 7] = [
        ("index.html", b"<!doctype html><title>plain</title>"),
        ("index.html.br", b"brotli page"),
        ("index.html.gz", b"gzip page"),
        (WASM, b"\0asm plain"),
        ("stomp-chat-0123456789abcdef_bg.wasm.br", b"brotli wasm"),
        ("stomp-chat-0123456789abcdef_bg.wasm.gz", b"gzip wasm"),
        ("index-fedcba9876543210.css", b"body{}"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    dir
}

/// One HTTP/1.1 request; the status line and headers (lower-cased names) and the body.
async fn get(addr: std::net::SocketAddr, path: &str, encoding: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn compressed_and_cached_by_name() {
    let server = common::start_with(Config {
        static_dir: dist(),
        ..common::config()
    })
    .await;
    let addr = server.local_addr();

    let (head, body) = get(addr, &format!("/{WASM}"), "gzip, deflate, br").await;
    assert!(head.contains("content-encoding: br"), "{head}");
    assert_eq!(body, "brotli wasm");
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert!(
        head.contains("cache-control: public, max-age=31536000, immutable"),
        "{head}"
    );
    assert!(head.contains("vary: accept-encoding"), "{head}");

    let (head, body) = get(addr, &format!("/{WASM}"), "gzip").await;
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert_eq!(body, "gzip wasm");

    let (head, body) = get(addr, &format!("/{WASM}"), "identity").await;
    assert!(!head.contains("content-encoding"), "{head}");
    assert_eq!(body, "\0asm plain");

    let (head, _) = get(addr, "/index-fedcba9876543210.css", "br").await;
    assert!(
        head.contains("cache-control: public, max-age=31536000, immutable"),
        "{head}"
    );

    for path in ["/", "/index.html", "/some/route"] {
        let (head, body) = get(addr, path, "br, gzip").await;
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}");
        assert!(head.contains("cache-control: no-cache"), "{path}: {head}");
        assert!(head.contains("content-encoding: br"), "{path}: {head}");
        assert_eq!(body, "brotli page", "{path}");
    }

    // A hashed name that does not exist gets the page, which must not be cached for a year.
    let (head, _) = get(addr, "/stomp-chat-ffffffffffffffff.js", "identity").await;
    assert!(head.contains("cache-control: no-cache"), "{head}");
}

#[test]
fn hashed_names_are_trunks() {
    use devbroker::http::is_hashed;
    assert!(is_hashed("/stomp-chat-0123456789abcdef_bg.wasm"));
    assert!(is_hashed("/stomp-chat-0123456789abcdef.js"));
    assert!(is_hashed("/index-fedcba9876543210.css"));
    assert!(
        is_hashed("/stomp-chat-11a1e88af9ed7d7.js"),
        "a hash with a leading zero dropped"
    );
    assert!(!is_hashed("/index.html"));
    assert!(!is_hashed("/"));
    assert!(!is_hashed("/favicon.ico"));
    assert!(!is_hashed("/my-page.css"));
}
