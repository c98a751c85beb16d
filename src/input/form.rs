//! `application/x-www-form-urlencoded` decoding, for query strings and form bodies.
//!
//! Ours rather than `form_urlencoded`, because a webhook debugger must report what
//! form decoding loses: a literal `+` that becomes a space, a `%zz` that decoders
//! disagree on, bytes that are not UTF-8. Pairs keep their order and duplicates.

use super::url::UrlParts;
use crate::findings::{Finding, FindingId};
use crate::privacy::is_secret_name;

/// Whether the text is a query string or a form body; only the finding ids differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormContext {
    Query,
    Body,
}

/// One `name=value` pair, as sent and as a form decoder reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPair {
    pub raw_name: String,
    pub raw_value: String,
    pub name: String,
    pub value: String,
    /// Byte offset of the pair in the text it was parsed from.
    pub offset: usize,
}

/// Splits `text` on `&` and decodes each pair; findings name the pair they concern.
pub fn parse_form(text: &str, context: FormContext) -> (Vec<FormPair>, Vec<Finding>) {
    let mut pairs = Vec::new();
    let mut findings = Vec::new();
    let mut offset = 0;
    // Split with memchr: a form body is one long call log with no `&` in it.
    let ends = memchr::memchr_iter(b'&', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let (start, part) = (offset, &text[offset..end]);
        offset = end + 1;
        if part.is_empty() {
            continue;
        }
        let (raw_name, raw_value) = match memchr::memchr(b'=', part.as_bytes()) {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => (part, ""),
        };
        let name = decode_component(raw_name);
        let value = decode_component(raw_value);
        let label = name.text.clone();
        for (lost, id_query, id_body) in [
            (value.had_plus, FindingId::PlusInQuery, FindingId::PlusInForm),
            (
                name.bad_percent || value.bad_percent,
                FindingId::InvalidPercentEncoding,
                FindingId::InvalidPercentEncoding,
            ),
            (
                name.bad_utf8 || value.bad_utf8,
                FindingId::InvalidUtf8,
                FindingId::InvalidUtf8,
            ),
        ] {
            if !lost {
                continue;
            }
            let id = match context {
                FormContext::Query => id_query,
                FormContext::Body => id_body,
            };
            findings.push(Finding::new(
                id,
                Some(&label),
                lost_message(id, &label, raw_value, &value.text),
            ));
        }
        pairs.push(FormPair {
            raw_name: raw_name.to_owned(),
            raw_value: raw_value.to_owned(),
            name: name.text,
            value: value.text,
            offset: start,
        });
    }
    (pairs, findings)
}

/// The query parameters of a URL or request target, with offsets into `url`. What
/// follows `#` is a fragment, never sent, so a `?` there starts no query.
pub fn parse_query_of(url: &str) -> (Vec<FormPair>, Vec<Finding>) {
    let Some((query, start)) = UrlParts::split(url).query() else {
        return (Vec::new(), Vec::new());
    };
    let (mut pairs, findings) = parse_form(query, FormContext::Query);
    for pair in &mut pairs {
        pair.offset += start;
    }
    (pairs, findings)
}

/// What form decoding lost, naming the parameter; the value is quoted only when
/// the name does not look secret (a message names a secret, never its value).
fn lost_message(id: FindingId, name: &str, raw: &str, decoded: &str) -> String {
    if is_secret_name(name) {
        return match id {
            FindingId::PlusInQuery | FindingId::PlusInForm => {
                format!("`{name}` has a literal `+` that form decoding turns into a space; percent-encode it as `%2B`")
            }
            FindingId::InvalidPercentEncoding => format!(
                "`{name}` has a `%` not followed by two hex digits; it is kept literally, but decoders disagree"
            ),
            _ => format!("`{name}` decodes to bytes that are not UTF-8; they are shown as U+FFFD"),
        };
    }
    match id {
        FindingId::PlusInQuery | FindingId::PlusInForm => format!(
            "`{name}` has a literal `+` that form decoding turns into a space (PHP reads {decoded:?}); percent-encode it as `%2B`"
        ),
        FindingId::InvalidPercentEncoding => format!(
            "`{name}` has a `%` not followed by two hex digits in {raw:?}; it is kept literally, but decoders disagree"
        ),
        _ => format!("`{name}` decodes to bytes that are not UTF-8; they are shown as U+FFFD"),
    }
}

/// A name or value as a form decoder reads it (`+` a space, `%XX` a byte).
pub fn decode_text(raw: &str) -> String {
    decode_component(raw).text
}

struct Decoded {
    text: String,
    had_plus: bool,
    bad_percent: bool,
    bad_utf8: bool,
}

fn decode_component(raw: &str) -> Decoded {
    let bytes = raw.as_bytes();
    // Written by index into a buffer of the input's length (decoding never grows
    // text): an encoded call log changes every few bytes, so there are no long runs
    // to copy, and a push per byte would check the capacity each time.
    let mut out = vec![0u8; bytes.len()];
    let (mut had_plus, mut bad_percent) = (false, false);
    let (mut i, mut written) = (0, 0);
    while let (Some(&b), Some(slot)) = (bytes.get(i), out.get_mut(written)) {
        *slot = match b {
            b'+' => {
                had_plus = true;
                b' '
            }
            b'%' => {
                if let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                    i += 2;
                    hi << 4 | lo
                } else {
                    bad_percent = true;
                    b'%'
                }
            }
            b => b,
        };
        i += 1;
        written += 1;
    }
    out.truncate(written);
    let (text, bad_utf8) = match String::from_utf8(out) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    Decoded {
        text,
        had_plus,
        bad_percent,
        bad_utf8,
    }
}

fn hex(b: Option<&u8>) -> Option<u8> {
    match *b? {
        d @ b'0'..=b'9' => Some(d - b'0'),
        d @ b'a'..=b'f' => Some(d - b'a' + 10),
        d @ b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_duplicates() {
        let (pairs, findings) = parse_form("b=2&a=1&b=3", FormContext::Query);
        let names: Vec<_> = pairs.iter().map(|p| (&*p.name, &*p.value)).collect();
        assert_eq!(names, [("b", "2"), ("a", "1"), ("b", "3")]);
        assert!(findings.is_empty());
        assert_eq!(pairs[2].offset, 8);
    }

    #[test]
    fn a_literal_plus_becomes_a_space_and_is_reported() {
        let (pairs, findings) = parse_form("caller_number=+919999999999", FormContext::Query);
        assert_eq!(pairs[0].value, " 919999999999");
        assert_eq!(pairs[0].raw_value, "+919999999999");
        assert_eq!(findings[0].id, FindingId::PlusInQuery);
        assert_eq!(findings[0].path.as_deref(), Some("caller_number"));
        let (_, findings) = parse_form("x=a+b", FormContext::Body);
        assert_eq!(findings[0].id, FindingId::PlusInForm);
    }

    #[test]
    fn percent_encoded_plus_is_fine() {
        let (pairs, findings) = parse_form("n=%2B91", FormContext::Query);
        assert_eq!(pairs[0].value, "+91");
        assert!(findings.is_empty());
    }

    #[test]
    fn bad_percent_and_bad_utf8_are_kept_and_reported() {
        let (pairs, findings) = parse_form("a=100%zz&b=%FF", FormContext::Query);
        assert_eq!(pairs[0].value, "100%zz");
        assert_eq!(pairs[1].value, "\u{FFFD}");
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, [FindingId::InvalidPercentEncoding, FindingId::InvalidUtf8]);
    }

    #[test]
    fn the_query_of_a_url_stops_at_its_fragment() {
        let (pairs, _) = parse_query_of("https://x/h?a=1&b=2#c?d=3");
        let names: Vec<_> = pairs.iter().map(|p| (&*p.name, p.offset)).collect();
        assert_eq!(names, [("a", 12), ("b", 16)]);
        assert!(parse_query_of("/h#frag?a=1").0.is_empty());
        assert!(parse_query_of("/h").0.is_empty());
    }

    #[test]
    fn a_name_without_value_and_empty_parts() {
        let (pairs, _) = parse_form("&flag&&x=", FormContext::Query);
        assert_eq!(pairs.len(), 2);
        assert_eq!((&*pairs[0].name, &*pairs[0].value), ("flag", ""));
        assert_eq!((&*pairs[1].name, &*pairs[1].value), ("x", ""));
    }
}
