//! What output may show: secrets redacted unless `--show-secrets`, phone numbers
//! masked under `--mask-pii`. Every renderer passes captured text through here, so
//! the rule is written once: which names are secret ([`SECRET_WORDS`],
//! [`SECRET_SEGMENTS`], [`SECRET_CURL_OPTIONS`], and the values a `--config`
//! declares), how a secret is found inside free text (a quoted line, a message, a
//! body: [`redact_secrets`]), and the one shape of a masked phone number (country
//! code and last four digits: [`mask_phone_numbers`]).

use std::borrow::Cow;
use std::ops::Range;

/// Shown in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// Words that make a name secret wherever they stand in it (`X-Api-Key`,
/// `my-super-secret-token`, `Set-Cookie`, `X-JWT`, `X-Credential`).
pub const SECRET_WORDS: &[&str] = &[
    "token",
    "secret",
    "signature",
    "session",
    "key",
    "auth",
    "password",
    "passwd",
    "pwd",
    "cookie",
    "credential",
    "jwt",
    "bearer",
];

/// Names MyOperator sends that hold a secret word but carry no secret: `session_id`
/// is a v2 call's or chat's id (its uid), which `decode` shows in its table, so its
/// quoted lines and `send --dry-run` show it too. A test in `vocabulary::fields`
/// holds this list to the dictionary's keys that [`SECRET_WORDS`] would catch.
pub const PUBLIC_NAMES: &[&str] = &["session_id"];

/// Words that make a name secret only as a whole segment of it (`sig`, `X-Pass`,
/// `x_sig`), since inside words they are common (`design`, `passenger`).
pub const SECRET_SEGMENTS: &[&str] = &["sig", "pass", "pw"];

/// What of a curl option's value is secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretPart {
    /// All of it (`--oauth2-bearer TOKEN`, `-b COOKIES`).
    Whole,
    /// What follows the first `:` (`-u user:password`, `-E cert.pem:password`).
    AfterColon,
}

/// curl options whose value carries a secret: long name, short name, which part.
pub const SECRET_CURL_OPTIONS: &[(&str, Option<char>, SecretPart)] = &[
    ("user", Some('u'), SecretPart::AfterColon),
    ("proxy-user", Some('U'), SecretPart::AfterColon),
    ("cert", Some('E'), SecretPart::AfterColon),
    ("proxy-cert", None, SecretPart::AfterColon),
    ("cookie", Some('b'), SecretPart::Whole),
    ("oauth2-bearer", None, SecretPart::Whole),
    ("pass", None, SecretPart::Whole),
    ("proxy-pass", None, SecretPart::Whole),
    ("tlspassword", None, SecretPart::Whole),
    ("proxy-tlspassword", None, SecretPart::Whole),
    ("aws-sigv4", None, SecretPart::AfterColon),
];

/// The secret values a configuration declares (its header values and password),
/// redacted wherever they appear.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Declared(&'static [Box<str>]);

impl Declared {
    /// Values shorter than four characters are not taken: they would match too
    /// much text that is not them.
    #[must_use]
    pub fn new(values: impl IntoIterator<Item = String>) -> Self {
        let values: Vec<Box<str>> = values
            .into_iter()
            .filter(|v| v.chars().count() >= 4)
            .map(String::into_boxed_str)
            .collect();
        // Made once per run, from one configuration, and read until the end.
        Declared(Box::leak(values.into_boxed_slice()))
    }
}

/// The two output choices about sensitive data, and what a configuration declares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Privacy {
    pub show_secrets: bool,
    pub mask_pii: bool,
    pub declared: Declared,
}

/// How a secret found inside text is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// By `<redacted>`.
    Redacted,
    /// By one `*` a character, so that columns after it stay where they were (a
    /// quoted line with a caret under it).
    Kept,
}

impl Privacy {
    /// A secret value as output may show it.
    pub fn secret(self, value: &str) -> Cow<'_, str> {
        if self.show_secrets {
            self.text(value)
        } else {
            Cow::Borrowed(REDACTED)
        }
    }

    /// Captured text as output may show it: secrets inside it redacted
    /// ([`redact_secrets`]), phone numbers masked under `--mask-pii`.
    pub fn text(self, value: &str) -> Cow<'_, str> {
        self.shown(value, Width::Redacted)
    }

    /// A finding's message as output may show it: the same as [`Privacy::text`].
    /// Most records carry the same few messages word for word (`event_version` is
    /// a string, the first leg is the customer's), so each thread remembers, in
    /// each of [`REMEMBERED_MESSAGES`] slots, the last message that had no secret in
    /// it, which is cheaper to compare than to read for secrets again.
    pub fn message(self, value: &str) -> Cow<'_, str> {
        if self.show_secrets || value.len() <= SHORT_TEXT {
            return self.text(value);
        }
        let slot = usize::try_from(
            std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, value.as_bytes())
                >> (u64::BITS - REMEMBERED_MESSAGES.trailing_zeros()),
        )
        .unwrap_or(0);
        let declared = self.declared.0;
        let clean = MESSAGES.with_borrow(|slots| {
            slots.get(slot).is_some_and(|entry| {
                entry.as_ref().is_some_and(|(seen, under)| {
                    **seen == *value && std::ptr::eq(under.as_ptr(), declared.as_ptr()) && under.len() == declared.len()
                })
            })
        });
        if clean {
            return self.masked(Cow::Borrowed(value));
        }
        let redacted = redact_secrets(value, self.declared, Width::Redacted);
        if matches!(redacted, Cow::Borrowed(_)) {
            MESSAGES.with_borrow_mut(|slots| {
                if slots.is_empty() {
                    slots.resize(REMEMBERED_MESSAGES, None);
                }
                slots[slot] = Some((value.into(), declared));
            });
        }
        self.masked(redacted)
    }

    /// Text callhook wrote itself, with nothing captured in it (a time it formatted,
    /// a label of the dictionary): as [`Privacy::text`], but no secret name can
    /// stand in it, so only the values a configuration declares are looked for.
    /// Phone numbers are masked as in any text.
    pub fn own(self, value: &str) -> Cow<'_, str> {
        if self.show_secrets || self.declared.0.is_empty() {
            return self.masked(Cow::Borrowed(value));
        }
        self.text(value)
    }

    /// A captured name (a key, a path, a header name): not a secret value itself,
    /// but it may hold a phone number, masked under `--mask-pii`.
    pub fn name(self, value: &str) -> Cow<'_, str> {
        if self.mask_pii {
            mask_phone_numbers(value)
        } else {
            Cow::Borrowed(value)
        }
    }

    /// Captured text quoted where its columns matter (the line under an error, with
    /// a caret): as [`Privacy::text`], with every replacement as wide as what it
    /// replaces.
    pub fn quoted(self, value: &str) -> Cow<'_, str> {
        self.shown(value, Width::Kept)
    }

    /// A percent-encoded text (a query parameter's or form field's `raw`) and what
    /// it decodes to (`decoded`: `raw` read as `input::form` reads a component,
    /// `%XX` a byte, `+` a space), as output may show both: [`Privacy::text`] of
    /// each, except that the secrets are found once, in the decoded text, and the
    /// same bytes hidden in the encoded one, so that the two hide the same thing
    /// (and a long encoded call log is not read twice). Values the configuration
    /// declares are looked for in the encoded text too. Where the decoding lost
    /// bytes (invalid UTF-8) or `raw` does not decode to `decoded` as far as a
    /// secret is found, each is read on its own.
    pub fn encoded<'a>(self, raw: &'a str, decoded: &'a str) -> (Cow<'a, str>, Cow<'a, str>) {
        if raw == decoded {
            let shown = self.text(decoded);
            return (shown.clone(), shown);
        }
        if self.show_secrets || holds_replacement(decoded) {
            return (self.text(raw), self.text(decoded));
        }
        let spans = secret_spans(decoded, self.declared, Width::Redacted);
        let Some(mut raw_spans) = encoded_spans(raw, decoded, &spans) else {
            return (self.text(raw), self.text(decoded));
        };
        if !self.declared.0.is_empty() {
            declared_spans(raw, self.declared, &mut raw_spans);
            raw_spans = merged(raw_spans);
        }
        let raw = replaced(raw, &raw_spans, Width::Redacted);
        let decoded = replaced(decoded, &spans, Width::Redacted);
        (self.masked(raw), self.masked(decoded))
    }

    fn shown(self, value: &str, width: Width) -> Cow<'_, str> {
        let redacted = if self.show_secrets {
            Cow::Borrowed(value)
        } else {
            redact_secrets(value, self.declared, width)
        };
        self.masked(redacted)
    }

    /// Phone numbers masked under `--mask-pii`, in text already redacted.
    #[inline(always)]
    fn masked(self, redacted: Cow<'_, str>) -> Cow<'_, str> {
        if !self.mask_pii {
            return redacted;
        }
        match redacted {
            Cow::Borrowed(text) => mask_phone_numbers(text),
            Cow::Owned(text) => Cow::Owned(mask_phone_numbers(&text).into_owned()),
        }
    }

    /// The value of a field known to hold phone numbers, masked under `--mask-pii`
    /// in the one shape (country code and last four digits), each number of a list
    /// apart; runs of fewer than seven digits are not phone numbers and stay.
    pub fn phone(self, value: &str) -> Cow<'_, str> {
        if !self.mask_pii {
            return Cow::Borrowed(value);
        }
        mask_phone_field(value)
    }
}

/// Whether a header, query parameter, form field or JSON key looks like it carries
/// a secret: it holds one of [`SECRET_WORDS`], or one of [`SECRET_SEGMENTS`] as a
/// whole segment (between `-`, `_`, `.`, `[`, `]`, spaces or case changes).
pub fn is_secret_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > REMEMBERED_NAME {
        return secret_name(bytes);
    }
    // The same few names come back in every record (its headers, the keys of an
    // encoded call log): each thread remembers the answer for the last name seen in
    // each slot, which is cheaper to find than to work out again.
    let slot = usize::try_from(std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, bytes) >> 56).unwrap_or(0);
    REMEMBERED.with_borrow_mut(|table| {
        let entry = &mut table[slot];
        if usize::from(entry.len) == bytes.len() && entry.name[..bytes.len()] == *bytes {
            return entry.secret;
        }
        let secret = secret_name(bytes);
        entry.name[..bytes.len()].copy_from_slice(bytes);
        entry.len = u8::try_from(bytes.len()).unwrap_or(0);
        entry.secret = secret;
        secret
    })
}

/// Names up to this long are remembered by [`is_secret_name`].
const REMEMBERED_NAME: usize = 32;

/// A name [`is_secret_name`] answered for, and its answer; `len` 0 is no name.
#[derive(Clone, Copy)]
struct Remembered {
    len: u8,
    secret: bool,
    name: [u8; REMEMBERED_NAME],
}

thread_local! {
    /// 256 slots, by the top byte of the name's hash.
    static REMEMBERED: std::cell::RefCell<[Remembered; 256]> = const {
        std::cell::RefCell::new(
            [Remembered {
                len: 0,
                secret: false,
                name: [0; REMEMBERED_NAME],
            }; 256],
        )
    };
}

/// Slots of the messages [`Privacy::message`] remembers: a power of two, more than
/// the kinds of finding a record has.
const REMEMBERED_MESSAGES: usize = 64;

/// A message found to hold no secret, with the declared values it was read for.
type CleanMessage = (Box<str>, &'static [Box<str>]);

thread_local! {
    /// Each slot's last clean message; empty until the first long message.
    static MESSAGES: std::cell::RefCell<Vec<Option<CleanMessage>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`is_secret_name`] worked out.
fn secret_name(bytes: &[u8]) -> bool {
    holds_secret_word(bytes) && !PUBLIC_NAMES.iter().any(|p| bytes.eq_ignore_ascii_case(p.as_bytes()))
}

/// Whether one of [`SECRET_WORDS`] or [`SECRET_SEGMENTS`] stands in a name.
fn holds_secret_word(bytes: &[u8]) -> bool {
    // Called for every header, parameter and key found in quoted text: one pass, and
    // only the words that start with a byte are compared there (most bytes start
    // none).
    for (i, &b) in bytes.iter().enumerate() {
        let first = usize::from(b.to_ascii_lowercase());
        let mut words = WORDS_BY_FIRST_BYTE[first];
        while words != 0 {
            let word = SECRET_WORDS[words.trailing_zeros() as usize].as_bytes();
            // The second byte first: it tells most candidates apart.
            if bytes.get(i + 1).map(u8::to_ascii_lowercase) == Some(word[1])
                && bytes[i..]
                    .get(..word.len())
                    .is_some_and(|at| at.eq_ignore_ascii_case(word))
            {
                return true;
            }
            words &= words - 1;
        }
        if SEGMENT_FIRST_BYTES[first] && (i == 0 || segment_boundary(bytes, i)) {
            let end = (i + 1..bytes.len())
                .find(|&j| segment_boundary(bytes, j))
                .unwrap_or(bytes.len());
            let segment = &bytes[i..end];
            if SECRET_SEGMENTS
                .iter()
                .any(|w| segment.eq_ignore_ascii_case(w.as_bytes()))
            {
                return true;
            }
        }
    }
    false
}

/// Whether a segment of a name ends before byte `i` (`i` > 0): at a byte that is not
/// an ASCII letter or digit, or the byte after it, or at a lower-to-upper case change.
fn segment_boundary(bytes: &[u8], i: usize) -> bool {
    let (before, at) = (bytes[i - 1], bytes[i]);
    !at.is_ascii_alphanumeric()
        || !before.is_ascii_alphanumeric()
        || (at.is_ascii_uppercase() && before.is_ascii_lowercase())
}

/// For each lower-case byte, the [`SECRET_WORDS`] that start with it, one bit a word.
const WORDS_BY_FIRST_BYTE: [u16; 256] = {
    assert!(SECRET_WORDS.len() <= 16);
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < SECRET_WORDS.len() {
        table[SECRET_WORDS[i].as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// The lower-case bytes a [`SECRET_SEGMENTS`] word starts with.
const SEGMENT_FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < SECRET_SEGMENTS.len() {
        table[SECRET_SEGMENTS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
};

/// The secret long curl option a word names (`--user`, `-u`, `-uadmin:pw`,
/// `--user=admin:pw`), with the value glued to it, if any.
pub fn secret_curl_option(word: &str) -> Option<(SecretPart, Option<&str>)> {
    if let Some(long) = word.strip_prefix("--") {
        let (name, glued) = match long.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (long, None),
        };
        return SECRET_CURL_OPTIONS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, _, part)| (part, glued));
    }
    let short = word.strip_prefix('-')?;
    let c = short.chars().next()?;
    SECRET_CURL_OPTIONS
        .iter()
        .find(|(_, s, _)| *s == Some(c))
        .map(|&(_, _, part)| (part, Some(&short[c.len_utf8()..]).filter(|g| !g.is_empty())))
}

/// Secrets inside free text (a line quoted under an error, a finding's message, a
/// body that is neither form nor JSON) replaced, as decoded output redacts them:
/// values of secret-named `name=value` pairs, JSON members (`"token": "..."`, also
/// escaped or percent-encoded) and header lines (an Authorization scheme stays), a
/// URL's `user:password@`, the values of curl's secret options, and the values a
/// configuration declares.
#[must_use]
pub fn redact_secrets(text: &str, declared: Declared, width: Width) -> Cow<'_, str> {
    replaced(text, &secret_spans(text, declared, width), width)
}

/// Whether `text` holds U+FFFD, what a lossy decoding leaves: its first byte found
/// with memchr, which a long decoded call log is read with faster than by `contains`.
fn holds_replacement(text: &str) -> bool {
    const UTF8: &[u8] = "\u{fffd}".as_bytes();
    let bytes = text.as_bytes();
    memchr::memchr_iter(UTF8[0], bytes).any(|at| bytes[at..].starts_with(UTF8))
}

/// `text` with each span (in order, not overlapping, on character boundaries)
/// replaced.
#[inline(always)]
fn replaced<'a>(text: &'a str, spans: &[Range<usize>], width: Width) -> Cow<'a, str> {
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for span in spans {
        if span.start < copied {
            continue;
        }
        out.push_str(&text[copied..span.start]);
        match width {
            Width::Redacted => out.push_str(REDACTED),
            Width::Kept => out.extend(std::iter::repeat_n('*', text[span.clone()].chars().count())),
        }
        copied = span.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The spans of `decoded` (in order, not overlapping) as byte ranges of `raw`, the
/// percent-encoding it was decoded from; `None` where `raw` does not decode to
/// `decoded` byte for byte as far as the last span. Beyond it `raw` is not read:
/// with no span, not at all.
fn encoded_spans(raw: &str, decoded: &str, spans: &[Range<usize>]) -> Option<Vec<Range<usize>>> {
    let Some(last) = spans.last() else {
        return Some(Vec::new());
    };
    let raw_bytes = raw.as_bytes();
    let hex = |b: Option<&u8>| b.and_then(|&b| char::from(b).to_digit(16));
    // Where each decoded byte up to the last span's end starts in `raw`.
    let mut starts = Vec::with_capacity(last.end + 1);
    let mut i = 0;
    for &expected in decoded.as_bytes().get(..last.end)? {
        starts.push(i);
        let (byte, len) = match *raw_bytes.get(i)? {
            b'%' => match (hex(raw_bytes.get(i + 1)), hex(raw_bytes.get(i + 2))) {
                (Some(hi), Some(lo)) => (u8::try_from(hi * 16 + lo).ok()?, 3),
                _ => (b'%', 1),
            },
            b'+' => (b' ', 1),
            b => (b, 1),
        };
        if byte != expected {
            return None;
        }
        i += len;
    }
    starts.push(i);
    spans
        .iter()
        .map(|s| {
            let range = starts[s.start]..starts[s.end];
            (raw.is_char_boundary(range.start) && raw.is_char_boundary(range.end)).then_some(range)
        })
        .collect()
}

/// Byte ranges of the secret values in `text`, in order, not overlapping.
#[inline(always)]
fn secret_spans(text: &str, declared: Declared, width: Width) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    if width == Width::Kept {
        // A quoted line is often the one that failed to parse: a header line that
        // lost its colon (`X-Token abc`) still names its secret.
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            header_without_colon(text, line_start, line.trim_end(), &mut spans);
            line_start += line.len();
        }
    }
    // Short text (most of what output shows: a value, an interpreted time) is read
    // in one pass, byte by byte; longer text with memchr, which costs more to start
    // than a short text takes to read.
    let (option_words, percent_quotes) = if bytes.len() <= SHORT_TEXT {
        let (mut option_words, mut percent_quotes) = (false, false);
        for (at, &b) in bytes.iter().enumerate() {
            match b {
                b'=' | b':' | b'@' => punctuation_secret(text, at, &mut spans),
                b'-' => option_words |= opens_word(bytes, at),
                b'%' => percent_quotes |= bytes[at + 1..].starts_with(b"22"),
                _ => {}
            }
        }
        (option_words, percent_quotes)
    } else {
        for at in memchr::memchr3_iter(b'=', b':', b'@', bytes) {
            punctuation_secret(text, at, &mut spans);
        }
        (true, find_escape(bytes, b"%22").is_some())
    };
    if option_words {
        curl_option_values(text, &mut spans);
    }
    if percent_quotes {
        percent_json_member_values(text, &mut spans);
    }
    declared_spans(text, declared, &mut spans);
    merged(spans)
}

/// Where the values a configuration declares occur in `text`.
#[inline(always)]
fn declared_spans(text: &str, declared: Declared, spans: &mut Vec<Range<usize>>) {
    for value in declared.0 {
        let mut from = 0;
        while let Some(found) = text[from..].find(&**value) {
            spans.push(from + found..from + found + value.len());
            from += found + value.len();
        }
    }
}

/// Spans in order, the empty ones dropped and those that touch or overlap made one.
#[inline(always)]
fn merged(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.retain(|s| !s.is_empty());
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Texts up to this long are scanned byte by byte.
const SHORT_TEXT: usize = 96;

/// The secret that a `=`, `:` or `@` at `at` may give away: a pair's value, a JSON
/// member's or a header's, a URL's password.
fn punctuation_secret(text: &str, at: usize, spans: &mut Vec<Range<usize>>) {
    match text.as_bytes()[at] {
        b'=' => pair_value(text, at, spans),
        b':' => {
            json_member_value(text, at, spans);
            header_value(text, at, spans);
        }
        _ => userinfo_password(text, at, spans),
    }
}

/// Whether the `-` at `dash` starts a word, as a curl option does.
fn opens_word(bytes: &[u8], dash: usize) -> bool {
    dash == 0 || matches!(bytes[dash - 1], b' ' | b'\t' | b'\n' | b'\'' | b'"')
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']' | b'%')
}

/// The name that ends just before `end`: the run of name characters before it.
fn name_before(text: &str, end: usize) -> (&str, usize) {
    let bytes = text.as_bytes();
    let start = bytes[..end]
        .iter()
        .rposition(|&b| !is_name_byte(b))
        .map_or(0, |p| p + 1);
    (&text[start..end], start)
}

/// `token=abc` (query, form, cookie): the value runs to `&`, `;`, a quote, white
/// space or the end.
fn pair_value(text: &str, eq: usize, spans: &mut Vec<Range<usize>>) {
    let (name, _) = name_before(text, eq);
    if name.is_empty() || !is_secret_name(&percent_decoded(name)) {
        return;
    }
    let bytes = text.as_bytes();
    let end = bytes[eq + 1..]
        .iter()
        .position(|&b| matches!(b, b'&' | b';' | b'"' | b'\'' | b',' | b'<' | b'>' | b'#') || b.is_ascii_whitespace())
        .map_or(bytes.len(), |p| eq + 1 + p);
    spans.push(eq + 1..end);
}

/// `%5B` and friends read, for names sent percent-encoded.
fn percent_decoded(name: &str) -> Cow<'_, str> {
    if !name.contains('%') {
        return Cow::Borrowed(name);
    }
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// `"token": "abc"`, `\"token\":\"abc\"` (JSON inside a string), or
/// `%22token%22%3A%22abc%22` (percent-encoded): the value, quoted or not.
fn json_member_value(text: &str, colon: usize, spans: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // What a quote looks like here: `"`, `\"` or `%22`, found before the colon
    // (spaces allowed between).
    let before = text[..colon].trim_end_matches([' ', '\t']);
    let (quote, key_end): (&str, usize) = if before.ends_with("\\\"") {
        ("\\\"", before.len() - 2)
    } else if before.ends_with('"') {
        ("\"", before.len() - 1)
    } else {
        return;
    };
    // The quote before the key: the last `"` before it (after a `\\` where quotes
    // are escaped).
    let escaped = quote.len() == 2;
    let Some(key_start) = memchr::memrchr_iter(b'"', &bytes[..key_end])
        .find(|&p| !escaped || (p > 0 && bytes[p - 1] == b'\\'))
        .map(|p| p + 1)
    else {
        return;
    };
    if !is_secret_name(&text[key_start..key_end]) {
        return;
    }
    let mut start = colon + 1;
    while bytes.get(start).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        start += 1;
    }
    if text[start..].starts_with(quote) {
        let from = start + quote.len();
        let end = closing_quote(text, from, quote).unwrap_or(text.len());
        spans.push(from..end);
    } else if bytes.get(start) == Some(&b'{') {
        // An object's members are looked at one by one.
    } else if bytes.get(start) == Some(&b'[') {
        // A list of secrets (a wrong type, often): all of it, to its bracket.
        let end = memchr::memchr(b']', &bytes[start..]).map_or(bytes.len(), |p| start + p + 1);
        spans.push(start..end);
    } else {
        let end = bytes[start..]
            .iter()
            .position(|&b| matches!(b, b',' | b'}' | b']' | b'\\') || b.is_ascii_whitespace())
            .map_or(bytes.len(), |p| start + p);
        spans.push(start..end);
    }
}

/// `%22token%22%3A%22abc%22`: JSON percent-encoded in a form body or a query.
fn percent_json_member_values(text: &str, spans: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // `%22%3` is searched for (digits, in any case the same), then the `A`: a key's
    // closing quote and the colon. Found with memmem: an encoded log has an escape
    // every few bytes, too many to look at each.
    let quote_colon = memchr::memmem::Finder::new(b"%22%3");
    for found in quote_colon.find_iter(bytes) {
        if !bytes.get(found + 5).is_some_and(|b| b.eq_ignore_ascii_case(&b'a')) {
            continue;
        }
        let colon = found + 3;
        let key_end = colon - 3;
        let Some(key_start) = rfind_escape(&bytes[..key_end], b"%22").map(|p| p + 3) else {
            continue;
        };
        if !is_secret_name(&percent_decoded(&text[key_start..key_end])) {
            continue;
        }
        let mut start = colon + 3;
        loop {
            if starts_with_escape(&bytes[start..], b"%20") {
                start += 3;
            } else if bytes.get(start) == Some(&b'+') {
                start += 1;
            } else {
                break;
            }
        }
        let end = if starts_with_escape(&bytes[start..], b"%22") {
            start += 3;
            find_escape(&bytes[start..], b"%22").map_or(text.len(), |p| start + p)
        } else {
            let after = |p: Option<usize>| p.map_or(text.len(), |p| start + p);
            after(text[start..].find(|c: char| c == '&' || c.is_whitespace()))
                .min(after(find_escape(&bytes[start..], b"%2c")))
                .min(after(find_escape(&bytes[start..], b"%7d")))
        };
        spans.push(start..end);
    }
}

/// Whether `bytes` starts with `escapes` (percent escapes, in lower case), in either
/// case.
fn starts_with_escape(bytes: &[u8], escapes: &[u8]) -> bool {
    bytes
        .get(..escapes.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(escapes))
}

/// Where `escapes` (percent escapes, in lower case) first occur in `bytes`, in
/// either case.
fn find_escape(bytes: &[u8], escapes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'%', bytes).find(|&p| starts_with_escape(&bytes[p..], escapes))
}

/// Where `escapes` (percent escapes, in lower case) last occur in `bytes`, in either
/// case.
fn rfind_escape(bytes: &[u8], escapes: &[u8]) -> Option<usize> {
    memchr::memrchr_iter(b'%', bytes).find(|&p| starts_with_escape(&bytes[p..], escapes))
}

/// Where the string opened before `from` closes.
fn closing_quote(text: &str, from: usize, quote: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i..].starts_with(quote.as_bytes()) {
            return Some(i);
        }
        // `\x` escapes one character; inside escaped JSON (`\"`), `\\\"` is a quote.
        if bytes[i] == b'\\' && quote == "\"" {
            i += 2;
            continue;
        }
        i += 1;
    }
    None
}

/// `X-Token: abc` at the start of a line, or after a quote or a space (curl's
/// `-H 'X-Token: abc'`): the value runs to the end of the line or the quote.
/// `Authorization: Basic abc` keeps its scheme.
fn header_value(text: &str, colon: usize, spans: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let (name, name_start) = name_before(text, colon);
    if name.is_empty() || !is_secret_name(name) {
        return;
    }
    let opener = name_start.checked_sub(1).map(|p| bytes[p]);
    if !matches!(opener, None | Some(b'\n' | b'\r' | b'\'' | b'"' | b' ' | b'\t')) {
        return;
    }
    let mut start = colon + 1;
    while bytes.get(start).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        start += 1;
    }
    let stop = |b: u8| b == b'\n' || b == b'\r' || (matches!(opener, Some(b'\'' | b'"')) && Some(b) == opener);
    let end = bytes[start..]
        .iter()
        .position(|&b| stop(b))
        .map_or(bytes.len(), |p| start + p);
    let value = &text[start..end];
    if name.to_ascii_lowercase().ends_with("authorization")
        && let Some(space) = value.find(' ')
    {
        start += space + 1;
    }
    spans.push(start..end);
}

/// `X-Token abc` at the start of a quoted line: a header line without its colon.
fn header_without_colon(text: &str, start: usize, line: &str, spans: &mut Vec<Range<usize>>) {
    let Some(space) = line.find([' ', '\t']) else {
        return;
    };
    let name = &line[..space];
    if name.is_empty() || !name.bytes().all(is_name_byte) || !is_secret_name(name) {
        return;
    }
    let mut value = space + 1;
    if name.to_ascii_lowercase().ends_with("authorization")
        && let Some(scheme_end) = line[value..].find(' ')
    {
        value += scheme_end + 1;
    }
    let _ = text;
    spans.push(start + value..start + line.len());
}

/// `://user:password@`: the password.
fn userinfo_password(text: &str, at: usize, spans: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // A userinfo is short: looking back a bounded way keeps text full of `@` linear.
    let from = at.saturating_sub(512);
    let Some(scheme_end) = bytes[from..at].windows(3).rposition(|w| w == b"://").map(|p| from + p) else {
        return;
    };
    let userinfo = &text[scheme_end + 3..at];
    if userinfo
        .bytes()
        .any(|b| matches!(b, b'/' | b'?' | b'#' | b' ' | b'\n' | b'"' | b'\''))
    {
        return;
    }
    if let Some(colon) = userinfo.find(':') {
        let start = scheme_end + 3 + colon + 1;
        if start < at && bytes[start..at].iter().all(|&b| b != b'@') {
            spans.push(start..at);
        }
    }
}

/// The values of curl's secret options (`-u admin:pw`, `--oauth2-bearer T`,
/// `-b 'a=b'`, `--user=admin:pw`, `-uadmin:pw`), in a command line.
fn curl_option_values(text: &str, spans: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(dash) = memchr::memchr(b'-', &bytes[i..]).map(|p| i + p) {
        i = dash + 1;
        if !opens_word(bytes, dash) {
            continue;
        }
        let word_end = bytes[dash..]
            .iter()
            .position(|&b| b.is_ascii_whitespace())
            .map_or(bytes.len(), |p| dash + p);
        let word = text[dash..word_end].trim_end_matches(['\'', '"']);
        let Some((part, glued)) = secret_curl_option(word) else {
            continue;
        };
        let value = match glued {
            Some(glued) => {
                let start = dash + word.len() - glued.len();
                start..start + glued.len()
            }
            None => {
                let mut start = word_end;
                while bytes
                    .get(start)
                    .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\\' | b'\n' | b'\r'))
                {
                    start += 1;
                }
                let quote = bytes.get(start).copied().filter(|b| matches!(b, b'\'' | b'"'));
                if quote.is_some() {
                    start += 1;
                }
                let end = bytes[start..]
                    .iter()
                    .position(|&b| match quote {
                        Some(q) => b == q,
                        None => b.is_ascii_whitespace(),
                    })
                    .map_or(bytes.len(), |p| start + p);
                start..end
            }
        };
        let value = match part {
            SecretPart::Whole => value,
            SecretPart::AfterColon => match text[value.clone()].find(':') {
                Some(colon) => value.start + colon + 1..value.end,
                None => continue,
            },
        };
        i = i.max(value.end);
        spans.push(value);
    }
}

/// Masks the phone numbers in a phone field: each run of seven or more digits
/// (spaces, `-`, `.` and brackets inside a number allowed) keeps its country code
/// and last four digits.
fn mask_phone_field(value: &str) -> Cow<'_, str> {
    let bytes = value.as_bytes();
    let joins = |b: u8| matches!(b, b' ' | b'-' | b'.' | b'(' | b')');
    mask_digit_runs(value, joins, |start, end, digits| {
        if digits < 7 {
            return None;
        }
        let plus = start > 0 && bytes[start - 1] == b'+';
        let mut first_two = bytes[start..end].iter().filter(|b| b.is_ascii_digit());
        let keep = if plus {
            digits.saturating_sub(10).min(3)
        } else if digits == 12 && first_two.next() == Some(&b'9') && first_two.next() == Some(&b'1') {
            2
        } else {
            0
        };
        Some(keep..digits - 4)
    })
}

/// Masks what looks like a phone number inside free text: an Indian mobile number
/// (10 digits from 6 to 9, optionally after `91`, `+91` or `%2B91`) or any `+`
/// followed by 11 to 13 digits. Epochs and hex ids do not match: epochs start with 1
/// and ids mix in letters. Percent-encoded text (`%22919...%22`) is read through its
/// escapes. The country code and the last four digits stay, the shape of every
/// masked number.
pub fn mask_phone_numbers(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    mask_digit_runs(
        text,
        |_| false,
        |run_start, end, _| {
            // After a `%`, the first two digits are the escape's, not the number's.
            let start = if run_start >= 1 && bytes[run_start - 1] == b'%' {
                (run_start + 2).min(end)
            } else {
                run_start
            };
            let bounded_before =
                start == 0 || !bytes[start - 1].is_ascii_alphanumeric() || escape_ends_at(bytes, start);
            let bounded_after = end == bytes.len() || !bytes[end].is_ascii_alphabetic();
            if start == end || !bounded_before || !bounded_after {
                return None;
            }
            let run = &bytes[start..end];
            let plus = (start >= 1 && bytes[start - 1] == b'+')
                || (escape_ends_at(bytes, start)
                    && bytes[start - 2] == b'2'
                    && bytes[start - 1].eq_ignore_ascii_case(&b'b'));
            let keep = match run.len() {
                10 if matches!(run[0], b'6'..=b'9') => 0,
                12 if run.starts_with(b"91") && matches!(run[2], b'6'..=b'9') => 2,
                11..=13 if plus => run.len() - 10,
                _ => return None,
            };
            let skipped = start - run_start;
            Some(skipped + keep..skipped + run.len() - 4)
        },
    )
}

/// The one scanner of both phone masks: each run of digits in `text` (starting at a
/// digit, going on over digits and the bytes `joins` lets into a number) is given to
/// `masked` as its start, end and count of digits; where it answers, the run's
/// digits numbered in that range (0 for its first digit) become `*`.
fn mask_digit_runs(
    text: &str,
    joins: impl Fn(u8) -> bool,
    mut masked: impl FnMut(usize, usize, usize) -> Option<Range<usize>>,
) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = 0;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || joins(bytes[i])) {
            digits += usize::from(bytes[i].is_ascii_digit());
            i += 1;
        }
        let Some(stars) = masked(start, i, digits) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied..start]);
        let mut digit = 0;
        // A run is ASCII: digits and the bytes that join them.
        for &b in &bytes[start..i] {
            let star = b.is_ascii_digit() && stars.contains(&digit);
            digit += usize::from(b.is_ascii_digit());
            buf.push(if star { '*' } else { char::from(b) });
        }
        copied = i;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether a `%XX` escape ends just before `at`.
fn escape_ends_at(bytes: &[u8], at: usize) -> bool {
    at >= 3 && bytes[at - 3] == b'%' && bytes[at - 2].is_ascii_hexdigit() && bytes[at - 1].is_ascii_hexdigit()
}

/// What a request sends that anyone on a plain http path could read: its Basic
/// credentials and its secret-looking headers, said as a message says it ("Basic
/// credentials and the header X-Token"); `None` when it sends no secret.
pub fn exposed_secrets<'h>(has_credentials: bool, header_names: impl IntoIterator<Item = &'h str>) -> Option<String> {
    let secret: Vec<&str> = header_names.into_iter().filter(|n| is_secret_name(n)).collect();
    match (has_credentials, secret.as_slice()) {
        (false, []) => None,
        (true, []) => Some("Basic credentials".to_owned()),
        (true, names) => Some(format!("Basic credentials and the header {}", names.join(", "))),
        (false, names) => Some(format!("the secret header {}", names.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_indian_numbers_in_any_dress_but_not_epochs_or_ids() {
        let text = "clid=9711636496&raw=919711636496&cl=%2B919711636496 plus +14155550123 \
                    at 1596270956 ms 1596270956000 id 5f25296c4122c135 uid n2.1596270949.2175190 \
                    json %22clid%22%3A%229711636496%22";
        let masked = mask_phone_numbers(text);
        assert_eq!(
            masked,
            "clid=******6496&raw=91******6496&cl=%2B91******6496 plus +1******0123 \
             at 1596270956 ms 1596270956000 id 5f25296c4122c135 uid n2.1596270949.2175190 \
             json %22clid%22%3A%22******6496%22"
        );
    }

    #[test]
    fn phone_fields_keep_the_country_code_and_the_last_four_of_each_number() {
        let p = Privacy {
            mask_pii: true,
            ..Privacy::default()
        };
        assert_eq!(p.phone("+919711636496"), "+91******6496");
        assert_eq!(p.phone("919711636496"), "91******6496");
        assert_eq!(p.phone("9711636496"), "******6496");
        assert_eq!(p.phone("+1 (415) 555-0123"), "+1 (***) ***-0123");
        assert_eq!(p.phone("+919711636496,+918586848544"), "+91******6496,+91******8544");
        assert_eq!(p.phone("1 agent"), "1 agent");
        assert_eq!(p.phone("ext 101"), "ext 101");
        assert_eq!(Privacy::default().phone("9711636496"), "9711636496");
        // The same shape as a number found in free text.
        assert_eq!(mask_phone_numbers("+919711636496"), p.phone("+919711636496"));
    }

    #[test]
    fn secrets_inside_free_text_are_found_wherever_they_stand() {
        let redact = |t: &str| redact_secrets(t, Declared::default(), Width::Redacted).into_owned();
        let kept = |t: &str| redact_secrets(t, Declared::default(), Width::Kept).into_owned();
        assert_eq!(redact("/h?token=abc&a=1"), "/h?token=<redacted>&a=1");
        assert_eq!(redact("sid=1; session=xyz"), "sid=1; session=<redacted>");
        assert_eq!(redact("{\"token\":\"abc\"}x"), "{\"token\":\"<redacted>\"}x");
        assert_eq!(
            redact("{\"api_key\": 1234, \"a\": 1}"),
            "{\"api_key\": <redacted>, \"a\": 1}"
        );
        assert_eq!(
            redact("myoperator={\\\"password\\\":\\\"pw\\\"}"),
            "myoperator={\\\"password\\\":\\\"<redacted>\\\"}"
        );
        assert_eq!(
            redact("myoperator=%7B%22token%22%3A%22abc%22%2C%22pin%22%3A12%7D"),
            "myoperator=%7B%22token%22%3A%22<redacted>%22%2C%22pin%22%3A12%7D"
        );
        assert_eq!(redact("X-Api-Key: abc123\nHost: x"), "X-Api-Key: <redacted>\nHost: x");
        assert_eq!(
            redact("Authorization: Basic YWRtaW46cHc="),
            "Authorization: Basic <redacted>"
        );
        assert_eq!(
            redact("curl -H 'X-Token: abc' http://x"),
            "curl -H 'X-Token: <redacted>' http://x"
        );
        assert_eq!(
            redact("https://admin:hunter2@x.example/h"),
            "https://admin:<redacted>@x.example/h"
        );
        assert_eq!(
            redact(
                "curl -u admin:pw -uadm:p2 --user=a:p3 --oauth2-bearer tok -b 'a=b; c=d' -E c.pem:cpw --pass 'p w' --proxy-user u:p4 http://x"
            ),
            "curl -u admin:<redacted> -uadm:<redacted> --user=a:<redacted> --oauth2-bearer <redacted> -b '<redacted>' -E c.pem:<redacted> --pass '<redacted>' --proxy-user u:<redacted> http://x"
        );
        assert_eq!(
            redact("password=hunter2 in a text body"),
            "password=<redacted> in a text body"
        );
        assert_eq!(kept("X-Token abc123"), "X-Token ******");
        assert_eq!(kept("{\"token\":\"abc\"}x"), "{\"token\":\"***\"}x");
        assert_eq!(
            redact("caller=9711636496&state=5 at https://x/h"),
            "caller=9711636496&state=5 at https://x/h"
        );
        let declared = Declared::new(["s3cr3t-value".to_owned(), "ab".to_owned()]);
        assert_eq!(
            redact_secrets("X-Hook: s3cr3t-value ab", declared, Width::Kept),
            "X-Hook: ************ ab"
        );
    }

    proptest::proptest! {
        /// Any text: no panic, and a quoted line keeps its width, character for
        /// character, whatever is redacted or masked in it.
        #[test]
        fn redaction_never_panics_and_quoted_text_keeps_its_width(
            text in "(\\PC|[\"':=@%&\\\\ -]|token|pass|-u|://|%22|%3A|9711636496){0,40}"
        ) {
            let quoted = Privacy { mask_pii: true, ..Privacy::default() }.quoted(&text);
            proptest::prop_assert_eq!(quoted.chars().count(), text.chars().count());
            let _ = Privacy { mask_pii: true, ..Privacy::default() }.text(&text);
            let _ = Privacy { mask_pii: true, ..Privacy::default() }.phone(&text);
            let _ = is_secret_name(&text);
        }

        /// Short text, read byte by byte, finds what the same text finds when long
        /// enough to be read with memchr (spaces before it change nothing).
        #[test]
        fn short_and_long_text_find_the_same_secrets(
            text in "(\\PC|[\"':=@%&\\\\ -]|token|pass|-u|://|%22|%3A|9711636496){0,16}"
        ) {
            let pad = " ".repeat(SHORT_TEXT);
            let short = redact_secrets(&text, Declared::default(), Width::Redacted);
            let padded = format!("{pad}{text}");
            let long = redact_secrets(&padded, Declared::default(), Width::Redacted);
            proptest::prop_assert_eq!(format!("{pad}{short}"), long.into_owned());
        }
    }

    /// A name's segments, as bytes: split at every byte that is not an ASCII letter or
    /// digit, and at lower-to-upper case changes.
    fn segments(name: &str) -> impl Iterator<Item = &[u8]> {
        let bytes = name.as_bytes();
        let mut start = 0;
        let mut i = 0;
        std::iter::from_fn(move || {
            while i <= bytes.len() {
                let end = i;
                let boundary = i == bytes.len() || !bytes[i].is_ascii_alphanumeric();
                let case_change =
                    !boundary && i > 0 && bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase();
                i += 1;
                if boundary || case_change {
                    let segment = &bytes[start..end];
                    start = if boundary { end + 1 } else { end };
                    if !segment.is_empty() {
                        return Some(segment);
                    }
                }
            }
            None
        })
    }

    /// What [`is_secret_name`] decides, said plainly: a word anywhere, or a segment.
    fn secret_name_by_definition(name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        (SECRET_WORDS.iter().any(|w| lower.contains(w))
            || segments(name).any(|s| SECRET_SEGMENTS.iter().any(|w| s.eq_ignore_ascii_case(w.as_bytes()))))
            && !PUBLIC_NAMES.contains(&lower.as_str())
    }

    proptest::proptest! {
        /// A remembered answer is the one worked out, however the names come back:
        /// more names than slots, so slots are taken over, and each name asked twice.
        #[test]
        fn remembered_secret_names_are_worked_out_ones(
            names in proptest::collection::vec("(?i)[a-z_.-]{0,3}(key|pass|sig|pw|id|x){0,2}[a-z0-9_-]{0,34}", 300..600),
        ) {
            for name in names.iter().chain(&names).chain(names.iter().rev()) {
                proptest::prop_assert_eq!(is_secret_name(name), secret_name(name.as_bytes()), "{:?}", name);
                proptest::prop_assert_eq!(is_secret_name(name), secret_name_by_definition(name), "{:?}", name);
            }
        }
    }

    proptest::proptest! {
        /// The one-pass check by first byte decides as the definition does.
        #[test]
        fn secret_names_are_what_the_definition_says(
            name in "([a-zA-Z_.\\[\\] -]|é|tok|TOKEN|secre|Key|pa|ss|pw|d|sig|Sig|jwt|aut|h|bearer|cookie|sess|ion){0,12}"
        ) {
            proptest::prop_assert_eq!(is_secret_name(&name), secret_name_by_definition(&name));
        }

        /// Percent-encoded JSON members found in either case, as before the scan
        /// went by escapes.
        #[test]
        fn percent_encoded_members_are_found_in_either_case(
            text in "(%22|%3A|%3a|%2C|%2c|%7D|%20|\\+|&| |token|Token|pin|abc|1|%){0,24}"
        ) {
            let mut spans = Vec::new();
            percent_json_member_values(&text, &mut spans);
            let lower = text.to_ascii_lowercase();
            let mut expected = Vec::new();
            let mut from = 0;
            while let Some(found) = lower[from..].find("%22%3a") {
                let colon = from + found + 3;
                from = colon + 3;
                let key_end = colon - 3;
                let Some(key_start) = lower[..key_end].rfind("%22").map(|p| p + 3) else { continue };
                if !is_secret_name(&percent_decoded(&text[key_start..key_end])) { continue }
                let mut start = colon + 3;
                while lower[start..].starts_with("%20") || lower[start..].starts_with('+') {
                    start += if lower[start..].starts_with('+') { 1 } else { 3 };
                }
                let end = if lower[start..].starts_with("%22") {
                    start += 3;
                    lower[start..].find("%22").map_or(text.len(), |p| start + p)
                } else {
                    lower[start..].find(|c: char| c == '&' || c.is_whitespace()).map_or(text.len(), |p| start + p)
                        .min(lower[start..].find("%2c").map_or(text.len(), |p| start + p))
                        .min(lower[start..].find("%7d").map_or(text.len(), |p| start + p))
                };
                expected.push(start..end);
            }
            proptest::prop_assert_eq!(spans, expected);
        }
    }

    #[test]
    fn secret_words_are_lower_case_ascii() {
        for w in SECRET_WORDS.iter().chain(SECRET_SEGMENTS) {
            assert!(w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
        }
    }

    #[test]
    fn encoded_text_hides_what_its_decoding_hides() {
        let privacy = Privacy::default();
        let (raw, decoded) = privacy.encoded("%7B%22token%22%3A%22abc%22%7D", "{\"token\":\"abc\"}");
        assert_eq!(raw, "%7B%22token%22%3A%22<redacted>%22%7D");
        assert_eq!(decoded, "{\"token\":\"<redacted>\"}");
        // An encoded `=` is no pair to a scan of the encoded text; decoded, it is, and
        // the encoded text hides the same bytes.
        let (raw, decoded) = privacy.encoded("pin=1&token%3Dab%2Fc+d", "pin=1&token=ab/c d");
        assert_eq!(raw, "pin=1&token%3D<redacted>+d");
        assert_eq!(decoded, "pin=1&token=<redacted> d");
        let (raw, decoded) = privacy.encoded("a+b%20token=x", "a b token=x");
        assert_eq!(
            (raw, decoded),
            ("a+b%20token=<redacted>".into(), "a b token=<redacted>".into())
        );
        // Text that is not the other's encoding is read on its own.
        let (raw, decoded) = privacy.encoded("token=abc", "token=abd");
        assert_eq!((raw, decoded), ("token=<redacted>".into(), "token=<redacted>".into()));
        let (raw, decoded) = privacy.encoded("%41token=abc", "token=abc");
        assert_eq!(
            (raw, decoded),
            ("%41token=<redacted>".into(), "token=<redacted>".into())
        );
        // Nor is text whose decoding lost bytes.
        let (raw, decoded) = privacy.encoded("%FF&token=abc", "\u{FFFD}&token=abc");
        assert_eq!(raw, "%FF&token=<redacted>");
        assert_eq!(decoded, "\u{FFFD}&token=<redacted>");
        // A declared value is found as it is written in the encoded text too.
        let declared = Privacy {
            declared: Declared::new(["s3cr3t+v".to_owned()]),
            ..Privacy::default()
        };
        let (raw, decoded) = declared.encoded("a=s3cr3t+v&b=s3cr3t%2Bv", "a=s3cr3t v&b=s3cr3t+v");
        assert_eq!(raw, "a=<redacted>&b=<redacted>");
        assert_eq!(decoded, "a=s3cr3t v&b=<redacted>");
        // Shown secrets and masked numbers are as `text` shows each.
        for privacy in [
            Privacy {
                show_secrets: true,
                ..Privacy::default()
            },
            Privacy {
                mask_pii: true,
                ..Privacy::default()
            },
        ] {
            let (raw, decoded) = privacy.encoded("token=%2B919711636496", "token=+919711636496");
            if privacy.show_secrets {
                assert_eq!(raw, privacy.text("token=%2B919711636496"));
            } else {
                assert_eq!(raw, "token=<redacted>");
            }
            assert_eq!(decoded, privacy.text("token=+919711636496"));
        }
    }

    /// `text` percent-encoded a character at a time: as it is (where it may be), in
    /// escapes, or a space as `+`, as `choices` say.
    fn encoded(text: &str, choices: &[u8]) -> String {
        let mut out = String::new();
        for (c, &choice) in text.chars().zip(choices.iter().cycle()) {
            match choice {
                0 if c != '%' && c != '+' => out.push(c),
                2 if c == ' ' => out.push('+'),
                _ => {
                    for b in c.to_string().bytes() {
                        out.push_str(&if choice == 2 {
                            format!("%{b:02x}")
                        } else {
                            format!("%{b:02X}")
                        });
                    }
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// However a text is encoded, the decoded text shows what `text` shows of
        /// it, and the encoded text shown decodes to that (text with U+FFFD in it,
        /// which may be what a lossy decoding left, is read twice, as before).
        #[test]
        fn encoded_text_decodes_to_what_its_decoding_shows(
            text in "(\\PC|[\"':=@%&+\\\\ -]|token|pass|-u|://|%22|%3A|9711636496){0,24}",
            choices in proptest::collection::vec(0u8..3, 1..8),
        ) {
            proptest::prop_assume!(!text.contains(char::REPLACEMENT_CHARACTER));
            let raw = encoded(&text, &choices);
            let (raw_shown, shown) = Privacy::default().encoded(&raw, &text);
            proptest::prop_assert_eq!(&shown, &Privacy::default().text(&text));
            proptest::prop_assert_eq!(crate::input::form::decode_text(&raw_shown), shown.into_owned());
        }
    }

    /// Every privacy choice a run can make, a declared value included.
    fn every_privacy() -> Vec<Privacy> {
        let declared = Declared::new(["s3cr3t-value".to_owned()]);
        let mut all = Vec::new();
        for show_secrets in [false, true] {
            for mask_pii in [false, true] {
                for declared in [Declared::default(), declared] {
                    all.push(Privacy {
                        show_secrets,
                        mask_pii,
                        declared,
                    });
                }
            }
        }
        all
    }

    /// A message shown again, after other messages and under other privacy
    /// choices, shows what `text` shows of it: a remembered message is one found
    /// clean for the same declared values, and one with a secret is never taken
    /// for clean.
    #[test]
    fn remembered_messages_show_what_text_shows() {
        let long = "`event_version` is the string \"1\", where MyOperator documents an integer: compare it as a number (`int(v) == 1`), not with `=== 1`";
        let messages = [
            long.to_owned(),
            format!("{long}; token=abc123 was sent beside it"),
            format!("{long}; the caller +919711636496 and s3cr3t-value"),
            format!("{long} \"password\": \"hunter22\""),
            "short: token=abc".to_owned(),
        ];
        for round in 0..3 {
            for privacy in every_privacy() {
                for message in &messages {
                    assert_eq!(
                        privacy.message(message),
                        privacy.text(message),
                        "round {round}: {message}"
                    );
                }
            }
        }
        assert!(Privacy::default().message(&messages[1]).contains(REDACTED));
    }

    proptest::proptest! {
        /// Long messages made of secret-looking pieces, each shown twice under every
        /// privacy choice, show what `text` shows.
        #[test]
        fn messages_show_what_text_shows(
            pieces in proptest::collection::vec("(\\PC|[\"':=@%&+ -]|token|pass|-u|://|%22|9711636496|s3cr3t-value){0,12}", 1..6),
        ) {
            let message = format!("{} {}", "x".repeat(SHORT_TEXT), pieces.join(" "));
            for _ in 0..2 {
                for privacy in every_privacy() {
                    proptest::prop_assert_eq!(privacy.message(&message), privacy.text(&message));
                }
            }
        }
    }

    #[test]
    fn secrets_are_redacted_unless_shown() {
        assert_eq!(Privacy::default().secret("abc123def"), REDACTED);
        let shown = Privacy {
            show_secrets: true,
            ..Privacy::default()
        };
        assert_eq!(shown.secret("abc123def"), "abc123def");
    }

    #[test]
    fn a_replacement_character_is_found_where_contains_finds_it() {
        for text in [
            "",
            "plain",
            "\u{fffd}",
            "a\u{fffd}",
            "\u{fffe}\u{ffef}",
            "\u{ef}\u{bf}\u{bd}",
            "ok\u{fffd}ok",
        ] {
            assert_eq!(
                holds_replacement(text),
                text.contains(char::REPLACEMENT_CHARACTER),
                "{text:?}"
            );
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "my-super-secret-token",
            "API_KEY",
            "Authorization",
            "x-signature",
            "password",
            "sig",
            "pass",
            "X-Pass",
            "X-JWT",
            "X-Credential",
            "Cookie",
            "Set-Cookie",
            "x_sig",
            "userPass",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "caller_number",
            "uid",
            "state",
            "passenger",
            "design",
            "signal",
            "compass",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn exposed_secrets_name_credentials_and_secret_headers() {
        assert_eq!(exposed_secrets(false, ["Host", "Accept"]), None);
        assert_eq!(exposed_secrets(true, ["Host"]).as_deref(), Some("Basic credentials"));
        assert_eq!(
            exposed_secrets(true, ["X-Token", "Host", "Api-Key"]).as_deref(),
            Some("Basic credentials and the header X-Token, Api-Key")
        );
        assert_eq!(
            exposed_secrets(false, ["X-Token"]).as_deref(),
            Some("the secret header X-Token")
        );
    }
}
