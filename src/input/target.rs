//! A URL or request target with a query string: what a GET webhook leaves in a log,
//! a browser's address bar or the documents' examples.

use super::form::parse_query_of;
use super::url::UrlParts;
use super::{Capture, ParseError};

/// Parses `https://host/path?query` or `/path?query`.
pub fn parse_target(text: &str) -> Result<Capture, ParseError> {
    let url = UrlParts::split(text);
    if let Some(scheme_len) = url.http_scheme_len() {
        if url.host_port().is_empty() {
            return Err(ParseError::new(scheme_len, "expected a host name after the scheme"));
        }
    } else if !text.starts_with('/') {
        return Err(ParseError::new(
            0,
            "expected a URL (`https://host/path?query`) or a request target (`/path?query`)",
        ));
    }
    if let Some(space) = text.find([' ', '\t']) {
        return Err(ParseError::new(
            space,
            "expected no white space inside a URL; percent-encode it as `%20`",
        ));
    }
    let (query, findings) = parse_query_of(text);
    Ok(Capture {
        url: Some(text.to_owned()),
        query,
        findings,
        ..Capture::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_urls_and_targets() {
        let c = parse_target("https://crm.example.com/webhook.php?uid=n2.1&call_state=1#frag").unwrap();
        let names: Vec<_> = c.query.iter().map(|p| (&*p.name, &*p.value)).collect();
        assert_eq!(names, [("uid", "n2.1"), ("call_state", "1")]);
        assert_eq!(c.query[1].offset, "https://crm.example.com/webhook.php?uid=n2.1&".len());
        let c = parse_target("/webhook.php?a=%2B1").unwrap();
        assert_eq!(c.query[0].value, "+1");
        assert!(parse_target("/webhook.php").unwrap().query.is_empty());
    }

    #[test]
    fn errors_say_where_and_what() {
        assert_eq!(parse_target("https:///x?a=1").unwrap_err().offset, 8);
        assert_eq!(parse_target("/x?a=1 b").unwrap_err().offset, 6);
        assert!(parse_target("ftp://x").unwrap_err().message.contains("expected a URL"));
    }
}
