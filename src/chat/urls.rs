//! The server field holds one broker URL or several (the nodes of a cluster), separated by
//! commas or white space, as `?server=` does. Parsed here so the form and the service agree.

/// Why a server field cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlsError {
    /// Nothing but separators.
    Empty,
    /// This entry is not a `ws://` or `wss://` URL.
    NotWebSocket(String),
}

/// The URLs in the order given, duplicates dropped (a node listed twice would only be tried
/// twice in a row).
pub fn parse_urls(field: &str) -> Result<Vec<String>, UrlsError> {
    let mut urls: Vec<String> = Vec::new();
    for part in field.split(|c: char| c == ',' || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        let lower = part.to_ascii_lowercase();
        let host = lower
            .strip_prefix("ws://")
            .or_else(|| lower.strip_prefix("wss://"));
        if !matches!(host, Some(h) if !h.is_empty() && !h.starts_with('/')) {
            return Err(UrlsError::NotWebSocket(part.to_owned()));
        }
        if !urls.iter().any(|u| u == part) {
            urls.push(part.to_owned());
        }
    }
    if urls.is_empty() {
        return Err(UrlsError::Empty);
    }
    Ok(urls)
}

/// The field written back from a list: one separator style, so a saved field reads the same.
pub fn join_urls(urls: &[String]) -> String {
    urls.join(", ")
}

/// `host:port` of a URL, short enough for the status bar ("which node").
pub fn node_label(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_stays_one() {
        assert_eq!(
            parse_urls("  ws://127.0.0.1:15674/ws "),
            Ok(vec!["ws://127.0.0.1:15674/ws".to_owned()])
        );
    }

    #[test]
    fn commas_and_spaces_separate_in_order_without_duplicates() {
        let got = parse_urls("ws://a:1/ws, wss://b:2/ws,,ws://c:3/ws\nws://a:1/ws").unwrap();
        assert_eq!(got, ["ws://a:1/ws", "wss://b:2/ws", "ws://c:3/ws"]);
        assert_eq!(join_urls(&got), "ws://a:1/ws, wss://b:2/ws, ws://c:3/ws");
        assert_eq!(parse_urls(&join_urls(&got)).unwrap(), got, "round trip");
    }

    #[test]
    fn anything_but_websocket_urls_is_refused_by_name() {
        assert_eq!(parse_urls(" , "), Err(UrlsError::Empty));
        assert_eq!(
            parse_urls("ws://a/ws, http://b/ws"),
            Err(UrlsError::NotWebSocket("http://b/ws".into()))
        );
        assert_eq!(
            parse_urls("ws:///ws"),
            Err(UrlsError::NotWebSocket("ws:///ws".into()))
        );
        assert_eq!(
            parse_urls("WSS://Host/ws"),
            Ok(vec!["WSS://Host/ws".to_owned()])
        );
    }

    #[test]
    fn node_label_is_host_and_port() {
        assert_eq!(node_label("ws://127.0.0.1:15674/ws"), "127.0.0.1:15674");
        assert_eq!(node_label("wss://chat.example/stomp"), "chat.example");
        assert_eq!(node_label("odd"), "odd");
    }
}
