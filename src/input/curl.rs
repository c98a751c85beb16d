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

/// Whether a curl command read so far is complete, fed a line at a time: the quotes
/// and continuations of [`split_words`], tracked as lines come, so that framing a
/// command of many continuation lines is one pass over it, not one per line.
#[derive(Debug, Default)]
pub struct CurlFraming {
    quote: Quote,
    /// A `\` was the last byte fed: it escapes the first byte of the next line.
    escape: bool,
    /// Inside a word: `#` starts a comment only before one.
    in_word: bool,
    /// Inside a `#` comment, to the end of its line.
    comment: bool,
    /// An unquoted `|`, `;`, `&`, `>` or `<` ended the command.
    ended: bool,
    /// The last line fed ended with a `\` continuation.
    continued: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Quote {
    #[default]
    None,
    Single,
    Double,
    AnsiC,
}

impl CurlFraming {
    /// Reads one more line (with its line ending, if it has one).
    pub fn feed(&mut self, line: &[u8]) {
        if self.ended {
            return;
        }
        self.continued = false;
        let mut i = 0;
        while i < line.len() {
            let b = line[i];
            i += 1;
            if self.escape {
                self.escape = false;
                if self.quote == Quote::None && matches!(b, b'\n' | b'\r') {
                    if b == b'\r' && line.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    self.continued = i == line.len();
                } else if self.quote == Quote::None {
                    self.in_word = true;
                }
                continue;
            }
            if self.comment {
                self.comment = b != b'\n';
                continue;
            }
            match (self.quote, b) {
                (Quote::None, b' ' | b'\t' | b'\n' | b'\r') => self.in_word = false,
                (Quote::None, b'|' | b';' | b'&' | b'>' | b'<') => {
                    self.ended = true;
                    return;
                }
                (Quote::None, b'#') if !self.in_word => self.comment = true,
                (Quote::None | Quote::Double | Quote::AnsiC, b'\\') => self.escape = true,
                (Quote::None, b'\'') => (self.quote, self.in_word) = (Quote::Single, true),
                (Quote::None, b'"') => (self.quote, self.in_word) = (Quote::Double, true),
                (Quote::None, b'$') if line.get(i) == Some(&b'\'') => {
                    i += 1;
                    (self.quote, self.in_word) = (Quote::AnsiC, true);
                }
                (Quote::None, _) => self.in_word = true,
                (Quote::Single | Quote::AnsiC, b'\'') | (Quote::Double, b'"') => self.quote = Quote::None,
                _ => {}
            }
        }
    }

    /// Whether what was fed is a whole command: no quote open, no continuation
    /// pending (as [`split_words`] would accept it).
    pub fn complete(&self) -> bool {
        self.ended || (self.quote == Quote::None && !self.escape && !self.continued)
    }
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
    /// `--oauth2-bearer TOKEN`: an `Authorization: Bearer` header.
    Bearer,
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

/// The options callhook follows, and every other curl option that takes a value
/// (from curl's manual), so that a value is never taken for the URL. Which of them
/// carry secrets is `privacy::SECRET_CURL_OPTIONS`.
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
    ("oauth2-bearer", Opt::Bearer),
    ("get", Opt::Get),
    ("head", Opt::Head),
    ("url", Opt::Url),
    ("user-agent", Opt::UserAgent),
    ("referer", Opt::Referer),
    ("cookie", Opt::Cookie),
    ("form", Opt::Form),
    ("form-string", Opt::Form),
    ("compressed", Opt::Ignored),
    ("silent", Opt::Ignored),
    ("show-error", Opt::Ignored),
    ("insecure", Opt::Ignored),
    ("location", Opt::Ignored),
    ("include", Opt::Ignored),
    ("verbose", Opt::Ignored),
    ("fail", Opt::Ignored),
    ("fail-with-body", Opt::Ignored),
    ("globoff", Opt::Ignored),
    ("no-buffer", Opt::Ignored),
    ("http1.0", Opt::Ignored),
    ("http1.1", Opt::Ignored),
    ("http2", Opt::Ignored),
    ("http2-prior-knowledge", Opt::Ignored),
    ("http3", Opt::Ignored),
    ("path-as-is", Opt::Ignored),
    ("raw", Opt::Ignored),
    ("tlsv1", Opt::Ignored),
    ("tlsv1.0", Opt::Ignored),
    ("tlsv1.1", Opt::Ignored),
    ("tlsv1.2", Opt::Ignored),
    ("tlsv1.3", Opt::Ignored),
    ("ipv4", Opt::Ignored),
    ("ipv6", Opt::Ignored),
    ("basic", Opt::Ignored),
    ("digest", Opt::Ignored),
    ("ntlm", Opt::Ignored),
    ("negotiate", Opt::Ignored),
    ("anyauth", Opt::Ignored),
    ("progress-bar", Opt::Ignored),
    ("no-progress-meter", Opt::Ignored),
    ("no-keepalive", Opt::Ignored),
    ("tcp-nodelay", Opt::Ignored),
    ("ssl-no-revoke", Opt::Ignored),
    ("abstract-unix-socket", Opt::IgnoredWithValue),
    ("alt-svc", Opt::IgnoredWithValue),
    ("aws-sigv4", Opt::IgnoredWithValue),
    ("cacert", Opt::IgnoredWithValue),
    ("capath", Opt::IgnoredWithValue),
    ("cert", Opt::IgnoredWithValue),
    ("cert-type", Opt::IgnoredWithValue),
    ("ciphers", Opt::IgnoredWithValue),
    ("config", Opt::IgnoredWithValue),
    ("connect-timeout", Opt::IgnoredWithValue),
    ("connect-to", Opt::IgnoredWithValue),
    ("continue-at", Opt::IgnoredWithValue),
    ("cookie-jar", Opt::IgnoredWithValue),
    ("create-file-mode", Opt::IgnoredWithValue),
    ("crlfile", Opt::IgnoredWithValue),
    ("curves", Opt::IgnoredWithValue),
    ("delegation", Opt::IgnoredWithValue),
    ("dns-interface", Opt::IgnoredWithValue),
    ("dns-ipv4-addr", Opt::IgnoredWithValue),
    ("dns-ipv6-addr", Opt::IgnoredWithValue),
    ("dns-servers", Opt::IgnoredWithValue),
    ("doh-url", Opt::IgnoredWithValue),
    ("dump-header", Opt::IgnoredWithValue),
    ("ech", Opt::IgnoredWithValue),
    ("egd-file", Opt::IgnoredWithValue),
    ("engine", Opt::IgnoredWithValue),
    ("etag-compare", Opt::IgnoredWithValue),
    ("etag-save", Opt::IgnoredWithValue),
    ("expect100-timeout", Opt::IgnoredWithValue),
    ("ftp-account", Opt::IgnoredWithValue),
    ("ftp-alternative-to-user", Opt::IgnoredWithValue),
    ("ftp-method", Opt::IgnoredWithValue),
    ("ftp-port", Opt::IgnoredWithValue),
    ("happy-eyeballs-timeout-ms", Opt::IgnoredWithValue),
    ("haproxy-clientip", Opt::IgnoredWithValue),
    ("hostpubmd5", Opt::IgnoredWithValue),
    ("hostpubsha256", Opt::IgnoredWithValue),
    ("hsts", Opt::IgnoredWithValue),
    ("interface", Opt::IgnoredWithValue),
    ("ip-tos", Opt::IgnoredWithValue),
    ("ipfs-gateway", Opt::IgnoredWithValue),
    ("keepalive-cnt", Opt::IgnoredWithValue),
    ("keepalive-time", Opt::IgnoredWithValue),
    ("key", Opt::IgnoredWithValue),
    ("key-type", Opt::IgnoredWithValue),
    ("krb", Opt::IgnoredWithValue),
    ("libcurl", Opt::IgnoredWithValue),
    ("limit-rate", Opt::IgnoredWithValue),
    ("local-port", Opt::IgnoredWithValue),
    ("login-options", Opt::IgnoredWithValue),
    ("mail-auth", Opt::IgnoredWithValue),
    ("mail-from", Opt::IgnoredWithValue),
    ("mail-rcpt", Opt::IgnoredWithValue),
    ("max-filesize", Opt::IgnoredWithValue),
    ("max-redirs", Opt::IgnoredWithValue),
    ("max-time", Opt::IgnoredWithValue),
    ("netrc-file", Opt::IgnoredWithValue),
    ("noproxy", Opt::IgnoredWithValue),
    ("output", Opt::IgnoredWithValue),
    ("output-dir", Opt::IgnoredWithValue),
    ("parallel-max", Opt::IgnoredWithValue),
    ("pass", Opt::IgnoredWithValue),
    ("pinnedpubkey", Opt::IgnoredWithValue),
    ("preproxy", Opt::IgnoredWithValue),
    ("proto", Opt::IgnoredWithValue),
    ("proto-default", Opt::IgnoredWithValue),
    ("proto-redir", Opt::IgnoredWithValue),
    ("proxy", Opt::IgnoredWithValue),
    ("proxy-cacert", Opt::IgnoredWithValue),
    ("proxy-capath", Opt::IgnoredWithValue),
    ("proxy-cert", Opt::IgnoredWithValue),
    ("proxy-cert-type", Opt::IgnoredWithValue),
    ("proxy-ciphers", Opt::IgnoredWithValue),
    ("proxy-crlfile", Opt::IgnoredWithValue),
    ("proxy-header", Opt::IgnoredWithValue),
    ("proxy-key", Opt::IgnoredWithValue),
    ("proxy-key-type", Opt::IgnoredWithValue),
    ("proxy-pass", Opt::IgnoredWithValue),
    ("proxy-pinnedpubkey", Opt::IgnoredWithValue),
    ("proxy-service-name", Opt::IgnoredWithValue),
    ("proxy-tls13-ciphers", Opt::IgnoredWithValue),
    ("proxy-tlsauthtype", Opt::IgnoredWithValue),
    ("proxy-tlspassword", Opt::IgnoredWithValue),
    ("proxy-tlsuser", Opt::IgnoredWithValue),
    ("proxy-user", Opt::IgnoredWithValue),
    ("proxy1.0", Opt::IgnoredWithValue),
    ("pubkey", Opt::IgnoredWithValue),
    ("quote", Opt::IgnoredWithValue),
    ("random-file", Opt::IgnoredWithValue),
    ("range", Opt::IgnoredWithValue),
    ("rate", Opt::IgnoredWithValue),
    ("request-target", Opt::IgnoredWithValue),
    ("resolve", Opt::IgnoredWithValue),
    ("retry", Opt::IgnoredWithValue),
    ("retry-delay", Opt::IgnoredWithValue),
    ("retry-max-time", Opt::IgnoredWithValue),
    ("sasl-authzid", Opt::IgnoredWithValue),
    ("service-name", Opt::IgnoredWithValue),
    ("socks4", Opt::IgnoredWithValue),
    ("socks4a", Opt::IgnoredWithValue),
    ("socks5", Opt::IgnoredWithValue),
    ("socks5-gssapi-service", Opt::IgnoredWithValue),
    ("socks5-hostname", Opt::IgnoredWithValue),
    ("speed-limit", Opt::IgnoredWithValue),
    ("speed-time", Opt::IgnoredWithValue),
    ("stderr", Opt::IgnoredWithValue),
    ("telnet-option", Opt::IgnoredWithValue),
    ("tftp-blksize", Opt::IgnoredWithValue),
    ("time-cond", Opt::IgnoredWithValue),
    ("tls-max", Opt::IgnoredWithValue),
    ("tls13-ciphers", Opt::IgnoredWithValue),
    ("tlsauthtype", Opt::IgnoredWithValue),
    ("tlspassword", Opt::IgnoredWithValue),
    ("tlsuser", Opt::IgnoredWithValue),
    ("trace", Opt::IgnoredWithValue),
    ("trace-ascii", Opt::IgnoredWithValue),
    ("trace-config", Opt::IgnoredWithValue),
    ("unix-socket", Opt::IgnoredWithValue),
    ("upload-file", Opt::IgnoredWithValue),
    ("url-query", Opt::IgnoredWithValue),
    ("variable", Opt::IgnoredWithValue),
    ("write-out", Opt::IgnoredWithValue),
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
    ('4', Opt::Ignored),
    ('6', Opt::Ignored),
    ('0', Opt::Ignored),
    ('#', Opt::Ignored),
    ('c', Opt::IgnoredWithValue),
    ('C', Opt::IgnoredWithValue),
    ('D', Opt::IgnoredWithValue),
    ('E', Opt::IgnoredWithValue),
    ('K', Opt::IgnoredWithValue),
    ('o', Opt::IgnoredWithValue),
    ('m', Opt::IgnoredWithValue),
    ('P', Opt::IgnoredWithValue),
    ('Q', Opt::IgnoredWithValue),
    ('r', Opt::IgnoredWithValue),
    ('t', Opt::IgnoredWithValue),
    ('T', Opt::IgnoredWithValue),
    ('U', Opt::IgnoredWithValue),
    ('w', Opt::IgnoredWithValue),
    ('x', Opt::IgnoredWithValue),
    ('y', Opt::IgnoredWithValue),
    ('Y', Opt::IgnoredWithValue),
    ('z', Opt::IgnoredWithValue),
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
    // Words that are not options: the URL is the first that looks like one (an
    // unknown option's value may stand before it), else the first.
    let mut loose: Vec<Word> = Vec::new();
    while let Some(word) = words.next() {
        if options_end || !word.text.starts_with('-') || word.text == "-" {
            loose.push(word);
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
    if command.url.is_none() {
        let at = loose.iter().position(|w| looks_like_url(&w.text)).unwrap_or(0);
        command.url = (at < loose.len()).then(|| loose.swap_remove(at));
    }
    command.into_capture(curl.offset)
}

/// `https://...`, `/path`, `localhost:8080/...`, `host.example/...`.
fn looks_like_url(word: &str) -> bool {
    word.contains("://")
        || word.starts_with('/')
        || word.starts_with("localhost")
        || word
            .split(['/', '?'])
            .next()
            .is_some_and(|host| host.contains('.') && !host.contains(' '))
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
            let (name, glued) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (long, None),
            };
            if let Some(&(_, opt)) = LONG_OPTIONS.iter().find(|(n, _)| *n == name) {
                return vec![(opt, format!("--{name}"), glued.filter(|_| takes_value(opt)))];
            }
            self.findings.push(Finding::new(
                FindingId::UnknownCurlFlag,
                Some(&format!("--{name}")),
                format!("unknown curl option `--{name}` ignored; if it takes a value, the URL may be wrong"),
            ));
            return Vec::new();
        }
        // One pass over the cluster, keeping only what does something: `-sss...`
        // costs nothing per letter, and an unknown letter is reported once.
        let cluster = &word.text[1..];
        let mut uses = Vec::new();
        let mut unknown: Vec<char> = Vec::new();
        for (i, c) in cluster.char_indices() {
            match SHORT_OPTIONS.iter().find(|(name, _)| *name == c) {
                Some(&(_, opt)) if takes_value(opt) => {
                    let rest = &cluster[i + c.len_utf8()..];
                    uses.push((opt, format!("-{c}"), (!rest.is_empty()).then(|| rest.to_owned())));
                    break;
                }
                Some(&(_, opt)) if opt != Opt::Ignored => uses.push((opt, format!("-{c}"), None)),
                Some(_) => {}
                None if unknown.contains(&c) => {}
                None => {
                    unknown.push(c);
                    self.findings.push(Finding::new(
                        FindingId::UnknownCurlFlag,
                        Some(&format!("-{c}")),
                        format!("unknown curl option `-{c}` ignored"),
                    ));
                }
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
            Opt::Bearer => self
                .headers
                .push(named_header("Authorization", format!("Bearer {value}"), offset)),
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

    /// The framing agrees with `split_words` on every prefix of commands that use
    /// every quoting style, continuation, comment and operator.
    #[test]
    fn framing_line_by_line_agrees_with_splitting_whole() {
        let commands = [
            "curl -X POST \\\n  'http://x/\nh' \\\r\n  -d \"a\\\"b\nc\" $'d\\'e\nf' # note ' here\n",
            "curl x \\\n\\\n -H 'a: b'\n",
            "curl 'x' | jq '\n",
            "curl \"unterminated\n more\n",
            "curl a\\ b \\\n",
            "curl a#b 'c\n",
        ];
        for command in commands {
            let mut framing = CurlFraming::default();
            let mut read = String::new();
            for line in command.split_inclusive('\n') {
                framing.feed(line.as_bytes());
                read.push_str(line);
                assert_eq!(framing.complete(), split_words(&read).is_ok(), "{read:?}");
            }
        }
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
