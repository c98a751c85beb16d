//! Web-server access-log lines, nginx and Apache "combined" and "common" formats.
//! A GET webhook leaves its whole payload in the logged request target.
//!
//! `host ident user [10/Oct/2000:13:55:36 -0700] "GET /path?q HTTP/1.1" 200 2326
//! "referer" "user agent"` (the last two only in "combined").

use chrono::DateTime;

use super::form::parse_query_of;
use super::{Capture, Credentials, Header, ParseError};

/// Whether a line looks like an access-log line: three fields, then `[time]`.
pub fn is_access_log(line: &[u8]) -> bool {
    let mut fields = line.splitn(4, |&b| b == b' ');
    let (Some(host), Some(_), Some(_), Some(rest)) = (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return false;
    };
    !host.is_empty() && rest.starts_with(b"[") && rest.contains(&b']') && rest.contains(&b'"')
}

/// Parses one line.
pub fn parse_access_log(line: &str) -> Result<Capture, ParseError> {
    let mut offset = 0;
    let mut field = |what: &str| -> Result<(usize, &str), ParseError> {
        let rest = &line[offset..];
        let end = rest
            .find(' ')
            .ok_or_else(|| ParseError::new(offset, format!("expected {what} followed by a space")))?;
        let start = offset;
        offset += end + 1;
        Ok((start, &rest[..end]))
    };
    let _host = field("the client address")?;
    let _ident = field("the identity (`-`)")?;
    let (_, user) = field("the user (`-`)")?;
    let time_start = offset;
    if !line[offset..].starts_with('[') {
        return Err(ParseError::new(offset, "expected `[` and the request time"));
    }
    let time_end = line[offset..]
        .find(']')
        .map(|p| offset + p)
        .ok_or_else(|| ParseError::new(offset, "expected `]` after the time"))?;
    let time_text = &line[time_start + 1..time_end];
    let received = DateTime::parse_from_str(time_text, "%d/%b/%Y:%H:%M:%S %z").map_err(|e| {
        ParseError::new(
            time_start + 1,
            format!("expected a time like `10/Oct/2000:13:55:36 -0700`, found {time_text:?} ({e})"),
        )
    })?;
    let mut at = time_end + 1;
    if !line[at..].starts_with(" \"") {
        return Err(ParseError::new(
            at,
            "expected a space and the quoted request after the time",
        ));
    }
    at += 2;
    let request_end = closing_quote(line, at)
        .ok_or_else(|| ParseError::new(at - 1, "unterminated request: expected its closing `\"`"))?;
    let request = unescape(&line[at..request_end]);
    let mut parts = request.split(' ');
    let (method, target) = match (parts.next(), parts.next()) {
        (Some(method), Some(target)) if !method.is_empty() && !target.is_empty() => (method, target),
        _ => {
            return Err(ParseError::new(
                at,
                format!("expected a request `METHOD /target HTTP/1.1` in the quotes, found {request:?}"),
            ));
        }
    };
    let rest = line[request_end + 1..].trim_start();
    let status_text = rest.split(' ').next().unwrap_or_default();
    let status = status_text.parse::<u16>().ok();
    let mut headers = Vec::new();
    let mut quoted = Vec::new();
    let mut search = request_end + 1;
    while let Some(open) = line[search..].find('"').map(|p| search + p) {
        let Some(close) = closing_quote(line, open + 1) else {
            break;
        };
        quoted.push(unescape(&line[open + 1..close]));
        search = close + 1;
    }
    for (name, value) in ["Referer", "User-Agent"].into_iter().zip(quoted) {
        if value != "-" {
            headers.push(Header {
                name: name.to_owned(),
                value,
                offset: 0,
                has_colon: true,
            });
        }
    }
    let (query, findings) = parse_query_of(target);
    Ok(Capture {
        method: Some(method.to_owned()),
        url: Some(target.to_owned()),
        query,
        headers,
        credentials: (user != "-").then(|| Credentials {
            username: user.to_owned(),
            password: None,
        }),
        received: Some(received),
        status,
        findings,
        ..Capture::default()
    })
}

/// The offset of the `"` closing a quoted field that starts at `from`; nginx and
/// Apache escape quotes inside as `\"` or `\x22`.
fn closing_quote(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Undoes the logs' escapes: `\xHH` (nginx), `\"` and `\\`.
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            if bytes[i + 1] == b'x'
                && let Some(hex) = text.get(i + 2..i + 4)
                && let Ok(b) = u8::from_str_radix(hex, 16)
            {
                out.push(b);
                i += 4;
                continue;
            }
            out.push(bytes[i + 1]);
            i += 2;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMBINED: &str = r#"203.0.113.7 - - [01/Aug/2020:14:05:56 +0530] "GET /webhook.php?uid=n2.1596270949.2175190&call_state=6&caller_number=%2B919711636496 HTTP/1.1" 200 2 "-" "MyOperator-Webhook/1.0""#;

    #[test]
    fn combined_lines() {
        assert!(is_access_log(COMBINED.as_bytes()));
        let c = parse_access_log(COMBINED).unwrap();
        assert_eq!(c.method.as_deref(), Some("GET"));
        assert_eq!(c.query.len(), 3);
        assert_eq!(c.query[2].value, "+919711636496");
        assert_eq!(c.received.unwrap().to_rfc3339(), "2020-08-01T14:05:56+05:30");
        assert_eq!(c.status, Some(200));
        assert_eq!(c.headers.len(), 1);
        assert_eq!(c.headers[0].value, "MyOperator-Webhook/1.0");
    }

    #[test]
    fn common_lines_with_a_user_and_escapes() {
        let line = r#"::1 - admin [01/Aug/2020:08:35:56 +0000] "GET /h?note=say\x22hi\x22 HTTP/1.0" 404 -"#;
        let c = parse_access_log(line).unwrap();
        assert_eq!(c.query[0].value, "say\"hi\"");
        assert_eq!(c.credentials.unwrap().username, "admin");
        assert!(c.headers.is_empty());
    }

    #[test]
    fn impossible_dates_and_broken_quotes_are_positioned() {
        let err = parse_access_log(r#"1.2.3.4 - - [31/Feb/2020:25:00:00 +0000] "GET / HTTP/1.1" 200 1"#).unwrap_err();
        assert_eq!(err.offset, 13);
        let err = parse_access_log(r#"1.2.3.4 - - [01/Aug/2020:08:35:56 +0000] "GET / HTTP/1.1 200 1"#).unwrap_err();
        assert!(err.message.contains("unterminated"), "{err:?}");
    }
}
