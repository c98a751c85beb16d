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
        let label = &name.text;
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
                Some(label),
                lost_message(id, label, raw_value, &value.text),
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
    // Most names and values have nothing to decode (`state`, `1`): one memchr, a copy.
    let Some(first) = memchr::memchr2(b'%', b'+', bytes) else {
        return Decoded {
            text: raw.to_owned(),
            had_plus: false,
            bad_percent: false,
            bad_utf8: false,
        };
    };
    // Decoded in a copy of the text, where the decoded bytes are never ahead of the
    // encoded ones (decoding never grows text). Eight bytes at a time up to the next
    // `%` or `+`: an encoded call log has one every few bytes, so the runs between
    // are short, too short for a copy call each, and the word is stored whole.
    let mut out = bytes.to_vec();
    let (mut had_plus, mut bad_percent) = (false, false);
    let (mut read, mut written) = (first, first);
    loop {
        if let (Some(word), Some(to)) = (bytes.get(read..read + 8), out.get_mut(written..written + 8)) {
            to.copy_from_slice(word);
            let found = escapes_in(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
            let run = found.trailing_zeros() as usize / 8;
            read += run;
            written += run;
            if found == 0 {
                continue;
            }
        }
        // `read` is at a `%` or `+`, or within the last eight bytes. Escapes come in
        // runs (`%22%3A%22`): the byte after one is looked at before the next word.
        loop {
            let Some(&b) = bytes.get(read) else {
                out.truncate(written);
                return finished(out, had_plus, bad_percent);
            };
            let (decoded, len) = match b {
                b'+' => {
                    had_plus = true;
                    (b' ', 1)
                }
                b'%' => match bytes.get(read + 1..read + 3) {
                    Some(&[hi, lo]) if HEX[usize::from(hi)] | HEX[usize::from(lo)] < 16 => {
                        (HEX[usize::from(hi)] << 4 | HEX[usize::from(lo)], 3)
                    }
                    _ => {
                        bad_percent = true;
                        (b'%', 1)
                    }
                },
                b => (b, 1),
            };
            if let Some(slot) = out.get_mut(written) {
                *slot = decoded;
            }
            read += len;
            written += 1;
            if !matches!(bytes.get(read), Some(b'%' | b'+')) {
                break;
            }
        }
    }
}

/// The decoded bytes as text, and what decoding them lost.
fn finished(out: Vec<u8>, had_plus: bool, bad_percent: bool) -> Decoded {
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

/// The high bit of each byte of `word` (little-endian) that is `%` or `+`, and
/// perhaps of bytes after the first such: the lowest bit set is the first one.
fn escapes_in(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    zero_in(word ^ (ONES * u64::from(b'%'))) | zero_in(word ^ (ONES * u64::from(b'+')))
}

/// Each byte's value as a hex digit; 0xff for a byte that is none. Or-ing two entries
/// is below 16 only when both are digits.
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            d @ b'0'..=b'9' => d - b'0',
            d @ b'a'..=b'f' => d - b'a' + 10,
            d @ b'A'..=b'F' => d - b'A' + 10,
            _ => 0xff,
        };
        b += 1;
    }
    table
};

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

    /// The plain decoder `decode_component` replaced: index by index, a byte at a time.
    fn decode_component_plainly(raw: &str) -> Decoded {
        let bytes = raw.as_bytes();
        let hex = |b: Option<&u8>| char::from(*b?).to_digit(16).and_then(|d| u8::try_from(d).ok());
        let mut out = Vec::new();
        let (mut had_plus, mut bad_percent) = (false, false);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => {
                    had_plus = true;
                    out.push(b' ');
                }
                b'%' => match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        i += 2;
                    }
                    _ => {
                        bad_percent = true;
                        out.push(b'%');
                    }
                },
                b => out.push(b),
            }
            i += 1;
        }
        let text = String::from_utf8_lossy(&out).into_owned();
        let bad_utf8 = std::str::from_utf8(&out).is_err();
        Decoded {
            text,
            had_plus,
            bad_percent,
            bad_utf8,
        }
    }

    proptest::proptest! {
        /// Over text made of what a decoder meets: escapes valid and not (`%`, `%4`,
        /// `%zz`, `%C3`, `%ff`), `+`, ASCII, and UTF-8 of more than one byte.
        #[test]
        fn decoding_matches_the_plain_decoder(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("%[0-9a-fA-F]{2}").unwrap(),
                    proptest::string::string_regex("%[0-9a-fA-Fg-z%+]{0,2}").unwrap(),
                    proptest::string::string_regex("%[89a-fA-F][0-9a-fA-F]").unwrap(),
                    proptest::string::string_regex("[+ =&a-z0-9]{1,6}").unwrap(),
                    proptest::string::string_regex("[é✓\\u{10348}\"]{1,2}").unwrap(),
                ],
                0..24,
            ),
        ) {
            let raw = parts.concat();
            let fast = decode_component(&raw);
            let plain = decode_component_plainly(&raw);
            proptest::prop_assert_eq!(&fast.text, &plain.text, "{:?}", raw);
            proptest::prop_assert_eq!(
                (fast.had_plus, fast.bad_percent, fast.bad_utf8),
                (plain.had_plus, plain.bad_percent, plain.bad_utf8),
                "{:?}", raw
            );
        }
    }

    #[test]
    fn a_name_without_value_and_empty_parts() {
        let (pairs, _) = parse_form("&flag&&x=", FormContext::Query);
        assert_eq!(pairs.len(), 2);
        assert_eq!((&*pairs[0].name, &*pairs[0].value), ("flag", ""));
        assert_eq!((&*pairs[1].name, &*pairs[1].value), ("x", ""));
    }
}
