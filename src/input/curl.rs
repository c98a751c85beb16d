//! curl command lines, as the documents print them and as browsers' "Copy as cURL
//! (bash)" writes them: single, double and `$'...'` quoting, backslash-newline
//! continuations, glued options (`-XPOST`), grouped short options (`-sSL`).
//!
//! Ours rather than shlex or shell-words: those reject `$'...'` and give no positions.

use super::form::parse_query_of;
use super::{Body, Capture, Credentials, Header, ParseError, header};
use crate::findings::{Finding, FindingId};

/// One shell word and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub offset: usize,
}

/// Whether a line starts a curl command (a `$ ` prompt before it is allowed).
pub fn is_curl(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    let line = line.strip_prefix(b"$ ").unwrap_or(line).trim_ascii_start();
    line.starts_with(b"curl") && line.get(4).is_none_or(u8::is_ascii_whitespace)
}

/// Splits a command line into words, as bash would. Stops at an unquoted `|`, `;`,
/// `&`, `>` or `<`: what follows is another command. The one way to fail is to end
/// inside a quote or after a continuation, where more lines may finish the command.
#[allow(
    clippy::too_many_lines,
    reason = "one state machine over the characters, as bash reads them"
)]
pub fn split_words(text: &str) -> Result<Vec<Word>, ParseError> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut current: Option<Word> = None;
    let push_char = |current: &mut Option<Word>, at: usize, c: char| {
        current
            .get_or_insert_with(|| Word {
                text: String::new(),
                offset: at,
            })
            .text
            .push(c);
    };
    let start_word = |current: &mut Option<Word>, at: usize| {
        current.get_or_insert_with(|| Word {
            text: String::new(),
            offset: at,
        });
    };
    while let Some((at, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => words.extend(current.take()),
            '|' | ';' | '&' | '>' | '<' => {
                words.extend(current.take());
                return Ok(words);
            }
            '#' if current.is_none() => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\\' => match chars.next() {
                None => {
                    return Err(ParseError::new(at, "the command ends with a `\\` continuation"));
                }
                Some((_, '\n' | '\r')) => {
                    if chars.peek().is_some_and(|(_, c)| *c == '\n') {
                        chars.next();
                    }
                    // A continuation at the very end: the command goes on on the next line.
                    if chars.peek().is_none() {
                        return Err(ParseError::new(at, "the command ends with a `\\` continuation"));
                    }
                }
                Some((_, c)) => push_char(&mut current, at, c),
            },
            '\'' => {
                start_word(&mut current, at);
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '\'' {
                        closed = true;
                        break;
                    }
                    push_char(&mut current, at, c);
                }
                if !closed {
                    return Err(unterminated(at, "single quote `'`"));
                }
            }
            '"' => {
                start_word(&mut current, at);
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.peek().map(|(_, c)| *c) {
                            Some(e @ ('"' | '\\' | '$' | '`')) => {
                                chars.next();
                                push_char(&mut current, at, e);
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => push_char(&mut current, at, '\\'),
                        },
                        c => push_char(&mut current, at, c),
                    }
                }
                if !closed {
                    return Err(unterminated(at, "double quote `\"`"));
                }
            }
            '$' if chars.peek().is_some_and(|(_, c)| *c == '\'') => {
                chars.next();
                start_word(&mut current, at);
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\'' => {
                            closed = true;
                            break;
                        }
                        '\\' => {
                            let Some((_, e)) = chars.next() else { break };
                            for c in ansi_c_escape(e, &mut chars) {
                                push_char(&mut current, at, c);
                            }
                        }
                        c => push_char(&mut current, at, c),
                    }
                }
                if !closed {
                    return Err(unterminated(at, "`$'` quote"));
                }
            }
            c => push_char(&mut current, at, c),
        }
    }
    words.extend(current);
    Ok(words)
}

fn unterminated(offset: usize, what: &str) -> ParseError {
    ParseError::new(
        offset,
        format!("unterminated {what}: expected its closing quote before the end of the command"),
    )
}

/// The characters an escape inside `$'...'` stands for.
fn ansi_c_escape(e: char, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Vec<char> {
    let mut digits = |radix: u32, max: usize| {
        let mut value = 0u32;
        let mut count = 0;
        while count < max {
            match chars.peek().and_then(|(_, c)| c.to_digit(radix)) {
                Some(d) => {
                    value = value * radix + d;
                    chars.next();
                    count += 1;
                }
                None => break,
            }
        }
        (count > 0).then_some(value)
    };
    let simple = match e {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'e' | 'E' => Some('\x1b'),
        'f' => Some('\x0c'),
        'v' => Some('\x0b'),
        '\\' | '\'' | '"' | '?' => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return vec![c];
    }
    let code = match e {
        'x' => digits(16, 2),
        'u' => digits(16, 4),
        'U' => digits(16, 8),
        '0'..='7' => {
            let mut value = e.to_digit(8).unwrap_or(0);
            for _ in 0..2 {
                match chars.peek().and_then(|(_, c)| c.to_digit(8)) {
                    Some(d) => {
                        value = value * 8 + d;
                        chars.next();
                    }
                    None => break,
                }
            }
            Some(value)
        }
        _ => None,
    };
    match code {
        Some(code) => vec![char::from_u32(code).unwrap_or('\u{FFFD}')],
        None => vec!['\\', e],
    }
}

/// What a curl option does to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Method,
    Header,
    /// `-d`, `--data`, `--data-ascii`, `--data-binary`: `@file` names a file.
    Data,
    DataRaw,
    DataUrlencode,
    Json,
    User,
    Get,
    Head,
    Url,
    UserAgent,
    Referer,
    Cookie,
    Form,
    /// Harmless: changes nothing callhook shows.
    Ignored,
    /// Harmless, and takes a value.
    IgnoredWithValue,
}

const LONG_OPTIONS: &[(&str, Opt)] = &[
    ("request", Opt::Method),
    ("header", Opt::Header),
    ("data", Opt::Data),
    ("data-ascii", Opt::Data),
    ("data-binary", Opt::Data),
    ("data-raw", Opt::DataRaw),
    ("data-urlencode", Opt::DataUrlencode),
    ("json", Opt::Json),
    ("user", Opt::User),
    ("get", Opt::Get),
    ("head", Opt::Head),
    ("url", Opt::Url),
    ("user-agent", Opt::UserAgent),
    ("referer", Opt::Referer),
    ("cookie", Opt::Cookie),
    ("form", Opt::Form),
    ("compressed", Opt::Ignored),
    ("silent", Opt::Ignored),
    ("show-error", Opt::Ignored),
    ("insecure", Opt::Ignored),
    ("location", Opt::Ignored),
    ("include", Opt::Ignored),
    ("verbose", Opt::Ignored),
    ("fail", Opt::Ignored),
    ("globoff", Opt::Ignored),
    ("no-buffer", Opt::Ignored),
    ("http1.0", Opt::Ignored),
    ("http1.1", Opt::Ignored),
    ("http2", Opt::Ignored),
    ("http2-prior-knowledge", Opt::Ignored),
    ("path-as-is", Opt::Ignored),
    ("raw", Opt::Ignored),
    ("tlsv1.2", Opt::Ignored),
    ("output", Opt::IgnoredWithValue),
    ("max-time", Opt::IgnoredWithValue),
    ("connect-timeout", Opt::IgnoredWithValue),
    ("retry", Opt::IgnoredWithValue),
    ("write-out", Opt::IgnoredWithValue),
    ("proxy", Opt::IgnoredWithValue),
    ("cacert", Opt::IgnoredWithValue),
    ("cert", Opt::IgnoredWithValue),
    ("resolve", Opt::IgnoredWithValue),
];

const SHORT_OPTIONS: &[(char, Opt)] = &[
    ('X', Opt::Method),
    ('H', Opt::Header),
    ('d', Opt::Data),
    ('u', Opt::User),
    ('G', Opt::Get),
    ('I', Opt::Head),
    ('A', Opt::UserAgent),
    ('e', Opt::Referer),
    ('b', Opt::Cookie),
    ('F', Opt::Form),
    ('s', Opt::Ignored),
    ('S', Opt::Ignored),
    ('k', Opt::Ignored),
    ('L', Opt::Ignored),
    ('i', Opt::Ignored),
    ('v', Opt::Ignored),
    ('f', Opt::Ignored),
    ('g', Opt::Ignored),
    ('N', Opt::Ignored),
    ('o', Opt::IgnoredWithValue),
    ('m', Opt::IgnoredWithValue),
    ('w', Opt::IgnoredWithValue),
    ('x', Opt::IgnoredWithValue),
];

fn takes_value(opt: Opt) -> bool {
    !matches!(opt, Opt::Get | Opt::Head | Opt::Ignored)
}

/// Parses a curl command into the request it would send.
pub fn parse_curl(text: &str) -> Result<Capture, ParseError> {
    let words = split_words(text)?;
    let mut words = words.into_iter().peekable();
    if words.peek().is_some_and(|w| w.text == "$") {
        words.next();
    }
    let Some(curl) = words.next().filter(|w| w.text == "curl") else {
        return Err(ParseError::new(0, "expected a command starting with `curl`"));
    };
    let mut command = Command::default();
    let mut options_end = false;
    while let Some(word) = words.next() {
        if options_end || !word.text.starts_with('-') || word.text == "-" {
            if command.url.is_none() {
                command.url = Some(word);
            }
            continue;
        }
        if word.text == "--" {
            options_end = true;
            continue;
        }
        for (opt, name, glued) in command.options(&word) {
            let value = if takes_value(opt) {
                match glued.or_else(|| words.next().map(|w| w.text)) {
                    Some(value) => value,
                    None => return Err(ParseError::new(word.offset, format!("expected a value after `{name}`"))),
                }
            } else {
                String::new()
            };
            command.apply(opt, &name, value, word.offset);
        }
    }
    command.into_capture(curl.offset)
}

/// What a curl command's options said so far.
#[derive(Default)]
struct Command {
    method: Option<String>,
    url: Option<Word>,
    headers: Vec<Header>,
    data: Vec<String>,
    credentials: Option<Credentials>,
    findings: Vec<Finding>,
    get: bool,
    head: bool,
    json: bool,
}

impl Command {
    /// The options one word names, each with its name as written and a value glued
    /// to it: one long option, or a cluster of short ones (`-sSL`, `-XPOST`,
    /// `-HAccept:x`). Unknown options are findings, and name none.
    fn options(&mut self, word: &Word) -> Vec<(Opt, String, Option<String>)> {
        if let Some(long) = word.text.strip_prefix("--") {
            if let Some(&(_, opt)) = LONG_OPTIONS.iter().find(|(name, _)| *name == long) {
                return vec![(opt, word.text.clone(), None)];
            }
            self.findings.push(Finding::new(
                FindingId::UnknownCurlFlag,
                Some(&word.text),
                format!(
                    "unknown curl option `{}` ignored; if it takes a value, that value may be read as the URL",
                    word.text
                ),
            ));
            return Vec::new();
        }
        let cluster: Vec<char> = word.text[1..].chars().collect();
        let mut uses = Vec::new();
        for (i, &c) in cluster.iter().enumerate() {
            match SHORT_OPTIONS.iter().find(|(name, _)| *name == c) {
                Some(&(_, opt)) if takes_value(opt) && i + 1 < cluster.len() => {
                    uses.push((opt, format!("-{c}"), Some(cluster[i + 1..].iter().collect())));
                    break;
                }
                Some(&(_, opt)) => uses.push((opt, format!("-{c}"), None)),
                None => self.findings.push(Finding::new(
                    FindingId::UnknownCurlFlag,
                    Some(&format!("-{c}")),
                    format!("unknown curl option `-{c}` ignored"),
                )),
            }
        }
        uses
    }

    /// What option `name` does with `value` (empty for an option without one), given
    /// in the word at `offset`.
    fn apply(&mut self, opt: Opt, name: &str, value: String, offset: usize) {
        match opt {
            Opt::Method => self.method = Some(value),
            Opt::Header => self.headers.push(parse_header_line(&value, offset)),
            Opt::UserAgent => self.headers.push(named_header("User-Agent", value, offset)),
            Opt::Referer => self.headers.push(named_header("Referer", value, offset)),
            Opt::Cookie if value.contains('=') => self.headers.push(named_header("Cookie", value, offset)),
            Opt::Data | Opt::DataRaw | Opt::Json => {
                if opt != Opt::DataRaw && value.starts_with('@') {
                    self.findings.push(Finding::new(
                        FindingId::UnknownCurlFlag,
                        Some(name),
                        format!("`{name} {value}` reads a file, which callhook cannot see; the body is incomplete"),
                    ));
                }
                self.json |= opt == Opt::Json;
                self.data.push(value);
            }
            Opt::DataUrlencode => self.data.push(urlencode_data(&value)),
            Opt::User => {
                let (username, password) = match value.split_once(':') {
                    Some((u, p)) => (u.to_owned(), Some(p.to_owned())),
                    None => (value, None),
                };
                self.credentials = Some(Credentials { username, password });
            }
            Opt::Get => self.get = true,
            Opt::Head => self.head = true,
            Opt::Url => {
                if self.url.is_none() {
                    self.url = Some(Word { text: value, offset });
                }
            }
            Opt::Form => self.findings.push(Finding::new(
                FindingId::UnknownCurlFlag,
                Some(name),
                format!("`{name}` sends a multipart form, which callhook does not decode"),
            )),
            // A cookie that sets no value, and what changes nothing callhook shows.
            Opt::Cookie | Opt::Ignored | Opt::IgnoredWithValue => {}
        }
    }

    /// The request the command sends; `curl_offset` is where the command starts.
    fn into_capture(self, curl_offset: usize) -> Result<Capture, ParseError> {
        let Command {
            method,
            url,
            mut headers,
            data,
            credentials,
            mut findings,
            get,
            head,
            json,
        } = self;
        let Some(url) = url else {
            return Err(ParseError::new(
                curl_offset,
                "a curl command with no URL: expected a URL after the options",
            ));
        };
        let mut url = url.text;
        let joined = data.join("&");
        let body = if get && !data.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&joined);
            None
        } else if data.is_empty() {
            None
        } else {
            Some(joined)
        };
        if json {
            for (name, value) in [("Content-Type", "application/json"), ("Accept", "application/json")] {
                if header(&headers, name).is_none() {
                    headers.push(named_header(name, value.to_owned(), curl_offset));
                }
            }
        }
        let method = method.unwrap_or_else(|| {
            if head {
                "HEAD"
            } else if body.is_some() {
                "POST"
            } else {
                "GET"
            }
            .to_owned()
        });
        let (query, query_findings) = parse_query_of(&url);
        findings.extend(query_findings);
        let content_type = header(&headers, "content-type")
            .map(|h| h.value.clone())
            .or_else(|| body.as_ref().map(|_| "application/x-www-form-urlencoded".to_owned()));
        Ok(Capture {
            method: Some(method),
            url: Some(url),
            query,
            headers,
            credentials,
            body: body.map(|text| Body {
                bytes: text.into_bytes(),
                content_type,
            }),
            findings,
            ..Capture::default()
        })
    }
}

fn parse_header_line(line: &str, offset: usize) -> Header {
    let (name, value) = line.split_once(':').unwrap_or((line.trim_end_matches(';'), ""));
    Header {
        name: name.trim().to_owned(),
        value: value.trim().to_owned(),
        offset,
        has_colon: true,
    }
}

fn named_header(name: &str, value: String, offset: usize) -> Header {
    Header {
        name: name.to_owned(),
        value,
        offset,
        has_colon: true,
    }
}

/// `--data-urlencode` as curl does it: `name=value` and `=value` encode the value,
/// anything else is encoded whole.
fn urlencode_data(value: &str) -> String {
    match value.split_once('=') {
        Some((name, content)) if !name.is_empty() => format!("{name}={}", percent_encode(content)),
        Some((_, content)) => percent_encode(content),
        None => percent_encode(value),
    }
}

/// Percent-encodes everything but unreserved characters, as curl does.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        split_words(text).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn bash_quoting() {
        assert_eq!(
            words(r#"a 'b c' "d \"e\" \$f" g\ h"#),
            ["a", "b c", "d \"e\" $f", "g h"]
        );
        assert_eq!(words("$'it\\'s\\n\\x41\\u00e9\\101' ''"), ["it's\nAé\u{41}", ""]);
        assert_eq!(words("curl \\\n  -X POST \\\r\n  url"), ["curl", "-X", "POST", "url"]);
        assert_eq!(words("curl x | jq ."), ["curl", "x"]);
        assert_eq!(split_words("a 'b c").unwrap_err(), unterminated(2, "single quote `'`"));
        assert!(matches!(
            split_words("a $'b\\'").unwrap_err(),
            ParseError { offset: 2, .. }
        ));
        assert!(matches!(split_words("curl \\").unwrap_err(), ParseError { .. }));
    }

    #[test]
    fn the_documents_commands() {
        let c =
            parse_curl("curl -X POST http://your-service-url.com/webhook.php -H 'my-super-secret-token: abc123def'")
                .unwrap();
        assert_eq!(c.method.as_deref(), Some("POST"));
        assert_eq!(c.headers[0].name, "my-super-secret-token");
        assert_eq!(c.headers[0].value, "abc123def");
        let c = parse_curl("curl -u admin:123456 http://your-service-url.com/webhook.php").unwrap();
        let creds = c.credentials.unwrap();
        assert_eq!(
            (creds.username.as_str(), creds.password.as_deref()),
            ("admin", Some("123456"))
        );
        let c = parse_curl("curl -XGET http://x/webhook.php?caller_number=+919999999999").unwrap();
        assert_eq!(c.method.as_deref(), Some("GET"));
        assert_eq!(c.findings[0].id, FindingId::PlusInQuery);
    }

    #[test]
    fn data_flags_join_encode_and_move_with_get() {
        let c = parse_curl("curl http://x/h -d a=1 --data-raw 'b=@2' --data-urlencode 'c=d e&f'").unwrap();
        assert_eq!(c.method.as_deref(), Some("POST"));
        assert_eq!(c.body.unwrap().bytes, b"a=1&b=@2&c=d%20e%26f");
        let c = parse_curl("curl -G http://x/h?z=0 -d a=1 -d b=2").unwrap();
        assert_eq!(c.url.as_deref(), Some("http://x/h?z=0&a=1&b=2"));
        assert!(c.body.is_none());
        assert_eq!(c.method.as_deref(), Some("GET"));
    }

    #[test]
    fn grouped_glued_unknown_and_missing() {
        let c = parse_curl("curl -sSLXPUT --frobnicate -Hx-a:1 --url http://x/").unwrap();
        assert_eq!(c.method.as_deref(), Some("PUT"));
        assert_eq!(c.headers[0].name, "x-a");
        assert_eq!(c.findings[0].id, FindingId::UnknownCurlFlag);
        assert_eq!(c.url.as_deref(), Some("http://x/"));
        let err = parse_curl("curl -H 'a: b'").unwrap_err();
        assert!(err.message.contains("no URL"));
        let err = parse_curl("curl http://x -H").unwrap_err();
        assert_eq!(err, ParseError::new(14, "expected a value after `-H`"));
    }

    #[test]
    fn copy_as_curl_from_a_browser() {
        let text = "curl 'https://crm.example.com/webhook.php' \\\n  -H 'content-type: application/x-www-form-urlencoded' \\\n  --data-raw $'myoperator={\"clid\":\"9711636496\",\"note\":\"it\\'s\"}' \\\n  --compressed";
        let c = parse_curl(text).unwrap();
        assert_eq!(
            c.body.unwrap().bytes,
            br#"myoperator={"clid":"9711636496","note":"it's"}"#
        );
        assert!(c.findings.is_empty());
    }
}
