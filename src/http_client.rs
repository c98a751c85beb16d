//! The one HTTP client callhook sends with: `listen`'s forwards to the app and
//! `send`'s deliveries. A pool of HTTP/1.1 connections (hyper-util's client, on the
//! tokio runtime both already run), one exchange at a time with a deadline, the
//! answer read up to a limit, and an error said as one line with its causes.
//!
//! What to send (which headers are dropped, which added) is each caller's business;
//! re-basing a captured target onto a URL and the hop-by-hop headers are here
//! because both callers need exactly the same.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The most of an answer read.
pub const MAX_RESPONSE: usize = 16 << 20;

/// An answer: status, headers and body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

/// A request, ready to go: the headers in order, as they are to be sent.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub method: &'a str,
    pub url: Uri,
    pub headers: Vec<(&'a str, &'a [u8])>,
    pub body: Bytes,
}

/// Why an exchange has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeError {
    /// No answer within the client's timeout.
    Timeout(Duration),
    /// Anything else, as one line with its causes.
    Failed(String),
}

impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout(d) => write!(f, "no answer within {}", humantime(*d)),
            Self::Failed(why) => f.write_str(why),
        }
    }
}

/// A pooled HTTP/1.1 client.
#[derive(Clone)]
pub struct HttpClient {
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl HttpClient {
    /// A client whose connections are made within `timeout`, and whose exchanges end
    /// by it too. Must be made inside a tokio runtime.
    pub fn new(timeout: Duration, idle_per_host: usize) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(idle_per_host)
            .build(connector);
        Self { client, timeout }
    }

    /// One exchange: the answer, or why there is none.
    pub async fn exchange(&self, outgoing: Outgoing<'_>) -> Result<Answer, ExchangeError> {
        let failed = ExchangeError::Failed;
        let method = Method::from_bytes(outgoing.method.as_bytes())
            .map_err(|e| failed(format!("method {:?}: {e}", outgoing.method)))?;
        let mut builder = Request::builder().method(method).uri(outgoing.url);
        for (name, value) in outgoing.headers {
            builder = builder.header(name, value);
        }
        let request = builder
            .body(Full::new(outgoing.body))
            .map_err(|e| failed(format!("the request cannot be built: {e}")))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| failed(chain(&e)))?;
            let status = response.status().as_u16();
            let headers: Vec<(HeaderName, HeaderValue)> =
                response.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect();
            let body = Limited::new(response.into_body(), MAX_RESPONSE)
                .collect()
                .await
                .map_err(|e| failed(format!("reading the answer failed: {e}")))?
                .to_bytes();
            Ok(Answer { status, headers, body })
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(ExchangeError::Timeout(self.timeout)),
        }
    }
}

/// `http://host/base` and `/hook?x=1` make `http://host/base/hook?x=1`; an
/// absolute target gives its path and query.
pub fn rebase(base: &Uri, target: &str) -> Uri {
    let path_and_query = match target.parse::<Uri>() {
        Ok(uri) if uri.scheme().is_some() => uri.path_and_query().map_or("/".to_owned(), |p| p.as_str().to_owned()),
        _ if target.is_empty() => "/".to_owned(),
        _ => target.to_owned(),
    };
    let base_path = base.path().trim_end_matches('/');
    // A request to the root (a bare call log has no target of its own) goes to the
    // base URL as written: `--to http://app/hook` means `/hook`, not `/hook/`, which
    // a strict router answers 404.
    let joined = match path_and_query.strip_prefix('/') {
        Some(query) if !base_path.is_empty() && (query.is_empty() || query.starts_with('?')) => {
            format!("{}{query}", base.path())
        }
        _ => format!("{base_path}{path_and_query}"),
    };
    let mut parts = base.clone().into_parts();
    parts.path_and_query = joined.parse().ok().or_else(|| "/".parse().ok());
    Uri::from_parts(parts).unwrap_or_else(|_| base.clone())
}

/// The absolute `http` URL a command sends to, or what is wrong with it; `option`
/// names the argument in the message.
pub fn http_url(text: &str, option: &str) -> Result<Uri, String> {
    let uri: Uri = text
        .parse()
        .map_err(|e| format!("{option} {text:?} is not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http") if uri.host().is_some() => match port_text(&uri) {
            Some(port) if port.parse::<u16>().map_or(true, |p| p == 0) => Err(format!(
                "{option} {text:?} has the port {port:?}: name a port from 1 to 65535, or none for 80"
            )),
            _ => Ok(uri),
        },
        Some("https") => Err(format!(
            "{option} {text}: callhook sends over plain http, to an app on this machine or your network; use http://"
        )),
        _ => Err(format!(
            "{option} {text:?} must be an absolute http URL, such as http://localhost:3000/hook"
        )),
    }
}

/// What follows the host's colon, as written (`http::Uri` takes `host:` and
/// `host:99999` and reports no port for them).
fn port_text(uri: &Uri) -> Option<&str> {
    let authority = uri.authority()?.as_str();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host_end = authority.rfind(']').unwrap_or(0);
    authority[host_end..]
        .rfind(':')
        .map(|colon| &authority[host_end + colon + 1..])
}

/// Hop-by-hop headers, those the captured `Connection` names, and the framing ones
/// the client writes itself: never copied from a captured request.
pub fn hop_by_hop<'a>(headers: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<String> {
    let mut names: Vec<String> = [
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("connection") {
            names.extend(
                String::from_utf8_lossy(value)
                    .split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty()),
            );
        }
    }
    names
}

/// An error and its causes, as one line: hyper's own message says little.
fn chain(e: &hyper_util::client::legacy::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `250 ms`, `4 s`, `1.5 s`.
pub fn humantime(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_go_after_the_base_path() {
        let base: Uri = "http://127.0.0.1:3000/app/".parse().unwrap();
        assert_eq!(
            rebase(&base, "/hook?a=%2B91&b=+1").to_string(),
            "http://127.0.0.1:3000/app/hook?a=%2B91&b=+1"
        );
        let root: Uri = "http://127.0.0.1:3000".parse().unwrap();
        assert_eq!(rebase(&root, "/h").to_string(), "http://127.0.0.1:3000/h");
        assert_eq!(rebase(&root, "").to_string(), "http://127.0.0.1:3000/");
        let hook: Uri = "http://127.0.0.1:3000/hook".parse().unwrap();
        assert_eq!(rebase(&hook, "/").to_string(), "http://127.0.0.1:3000/hook");
        assert_eq!(rebase(&hook, "").to_string(), "http://127.0.0.1:3000/hook");
        assert_eq!(rebase(&hook, "/?a=1").to_string(), "http://127.0.0.1:3000/hook?a=1");
        assert_eq!(rebase(&base, "/").to_string(), "http://127.0.0.1:3000/app/");
        assert_eq!(
            rebase(&root, "http://other/x?y=1").to_string(),
            "http://127.0.0.1:3000/x?y=1"
        );
    }

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_dropped() {
        let dropped = hop_by_hop([("Connection", &b"keep-alive, X-Private"[..])]);
        assert!(dropped.contains(&"x-private".to_owned()));
        assert!(dropped.contains(&"transfer-encoding".to_owned()));
        assert!(!dropped.contains(&"content-type".to_owned()));
    }

    #[test]
    fn urls_must_be_plain_http_with_a_host() {
        assert!(http_url("http://127.0.0.1:1/x", "--to").is_ok());
        assert!(http_url("https://x/", "--to").unwrap_err().contains("use http://"));
        assert!(http_url("/x", "--to").unwrap_err().contains("absolute http URL"));
        assert!(http_url("ht tp://", "--to").unwrap_err().contains("not a URL"));
        assert!(http_url("http://[::1]:8080/", "--to").is_ok());
        assert!(http_url("http://[::1]/", "--to").is_ok());
        assert!(http_url("http://user:pass@127.0.0.1/", "--to").is_ok());
        for bad in [
            "http://127.0.0.1:/",
            "http://127.0.0.1:99999/",
            "http://[::1]:0/",
            "http://h:x1/",
        ] {
            let err = http_url(bad, "--to").unwrap_err();
            assert!(err.contains("from 1 to 65535"), "{bad}: {err}");
        }
    }
}
