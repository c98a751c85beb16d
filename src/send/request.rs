//! What a request is as `send` sends it: the method, the target (path and query,
//! re-based onto `--to` when sent), the headers in order and the body bytes, with
//! what the report says of it (its call, its event, where it came from) and when
//! it is due.
//!
//! Replayed requests keep the captured bytes; simulated ones are built here from a
//! configuration. Either way, what goes on the wire is decided once, in
//! [`OutboundRequest::wire_headers`], and the dry run writes exactly that.

use chrono::{DateTime, Utc};

use crate::http_client::hop_by_hop;

/// One request to send.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboundRequest {
    pub method: String,
    /// The path and query as captured or configured (`/webhook.php?state=1`), or an
    /// absolute URL; sent after `--to`'s path.
    pub target: String,
    /// The host the request was captured or configured for, for a dry run without
    /// `--to`.
    pub host: Option<String>,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    pub label: Label,
    /// When it was received (a capture) or would be sent (a simulation): what
    /// `--preserve-timing` keeps the gaps of.
    pub at: Option<DateTime<Utc>>,
    /// Headers and query parameters a configuration declares, whose values output
    /// redacts unless `--show-secrets` (besides those whose names look secret).
    pub secret_names: Vec<String>,
}

/// What the report says of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Label {
    /// The call it belongs to: `uid`, `_pm[ui]` or `session_id`.
    pub call: Option<String>,
    /// `state 5`, `after-call`, `call.answered`, `request`.
    pub event: String,
    /// `capture.http:12`, `flow answered-incoming, webhook 1`.
    pub origin: String,
}

impl OutboundRequest {
    /// The headers as they go on the wire: the captured or configured ones less
    /// hop-by-hop and framing headers, HTTP/2 pseudo-headers and `Host` (the client
    /// writes those for the URL it sends to), in order, then `Content-Length` with
    /// `length` (the body's, or that of the body as a dry run writes it).
    pub fn wire_headers<'a>(&'a self, length: &'a str) -> Vec<(&'a str, &'a [u8])> {
        let mut dropped = hop_by_hop(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        dropped.push("host".to_owned());
        let mut out: Vec<(&str, &[u8])> = self
            .headers
            .iter()
            // HTTP/2 pseudo-headers (`:authority`, as devtools copy them) are the
            // request line's parts, not headers.
            .filter(|(name, _)| !name.starts_with(':') && !dropped.contains(&name.to_ascii_lowercase()))
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        if !self.body.is_empty() || self.method.eq_ignore_ascii_case("POST") {
            out.push(("Content-Length", length.as_bytes()));
        }
        out
    }

    /// The first header of that name, in any case.
    #[cfg(test)]
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The path and query part of the target.
    pub fn path_and_query(&self) -> &str {
        match self.target.find("://") {
            Some(scheme) => {
                let rest = &self.target[scheme + 3..];
                rest.find('/').map_or("/", |p| &rest[p..])
            }
            None if self.target.is_empty() => "/",
            None => &self.target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> OutboundRequest {
        OutboundRequest {
            method: "POST".into(),
            target: "https://crm.example.com/hook?a=1".into(),
            host: None,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), v.as_bytes().to_vec()))
                .collect(),
            body: b"x=1".to_vec(),
            label: Label::default(),
            at: None,
            ..OutboundRequest::default()
        }
    }

    #[test]
    fn framing_and_host_are_the_client_s() {
        let r = request(&[
            ("Host", "crm.example.com"),
            ("Content-Length", "3"),
            ("Transfer-Encoding", "chunked"),
            ("Connection", "keep-alive, X-Hop"),
            ("X-Hop", "1"),
            (":authority", "crm.example.com"),
            ("my-super-secret-token", "abc"),
        ]);
        let headers = r.wire_headers("3");
        let names: Vec<&str> = headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["my-super-secret-token", "Content-Length"]);
        assert_eq!(headers[1].1, b"3");
        assert_eq!(r.path_and_query(), "/hook?a=1");
    }
}
