//! The timeline's own JSON scanner, shared by its two fast readers (a v1 call log's,
//! `event::scan`, and a v2 envelope's, `v2::scan`): one pass over the bytes that
//! checks the JSON as strictly as `serde_json` does (strings without control
//! characters, numbers by serde's own rules where they are not plain integers,
//! literals, structure, nothing after the value), without tokenising or building
//! the values the timeline does not read.
//!
//! It reads only the common case and gives up on anything else: text with an escape
//! (a backslash anywhere), a key the timeline reads sent twice, nesting deeper than
//! 64, anything that is not JSON. Giving up is never an answer: each reader's serde
//! reader then reads the record, so both give the same facts (`fast_read_parity`
//! checks) and the rare record costs what it did.

use serde_json::{Number, Value};

/// Why the scan gave up: the serde reader decides.
pub(super) struct GiveUp;

pub(super) type Scanned<T> = Result<T, GiveUp>;

/// Nesting the scan follows before it gives up; `serde_json` allows 128.
const DEEPEST: u32 = 64;

/// A position in the text being scanned.
pub(super) struct Scan<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

/// How many ids the readers may give the keys they read (`0..KEY_IDS`): a bit each
/// in [`Seen`]. An id past them gives up, so it is safe, only slow.
pub(super) const KEY_IDS: usize = 512;

/// The keys an object had that the timeline reads, for a key sent twice: the serde
/// readers treat such a record in ways the scan does not mimic. Each key is known by
/// the id its reader gives it (distinct keys of one object, distinct ids: a v2 field
/// by its variant, a v1 key by its dictionary entry), so a key is told new by one
/// bit, without a look at the others.
#[derive(Default)]
struct Seen([u64; KEY_IDS / 64]);

impl Seen {
    fn note(&mut self, id: usize) -> Scanned<()> {
        let word = self.0.get_mut(id / 64).ok_or(GiveUp)?;
        let bit = 1u64 << (id % 64);
        if *word & bit != 0 {
            return Err(GiveUp);
        }
        *word |= bit;
        Ok(())
    }
}

/// Eight bytes at once: the high bit set in each byte that is a quote or a control
/// character, and maybe in bytes after such a one (borrows run upwards), never
/// before: so the lowest bit set is the first such byte.
fn quote_or_control(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let quotes = word ^ (ONES * u64::from(b'"'));
    let is_quote = quotes.wrapping_sub(ONES) & !quotes;
    let is_control = word.wrapping_sub(ONES * 0x20) & !word;
    (is_quote | is_control) & HIGHS
}

impl<'a> Scan<'a> {
    /// A scan of `text` from its start; `None` when it has a backslash, which the
    /// scan leaves to serde.
    pub(super) fn of(text: &'a str) -> Option<Self> {
        if memchr::memchr(b'\\', text.as_bytes()).is_some() {
            return None;
        }
        Some(Scan { text, at: 0, depth: 0 })
    }

    /// Whether only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.space();
        self.at == self.text.len()
    }

    pub(super) fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    #[inline]
    pub(super) fn space(&mut self) {
        let bytes = self.text.as_bytes();
        // Most calls find none: one comparison says so.
        if bytes.get(self.at).is_some_and(|&b| b > b' ') {
            return;
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Scanned<()> {
        self.space();
        if self.byte() != Some(byte) {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(())
    }

    /// An object's members: `member` gets each key and reads its value, giving the
    /// key's id when the key is one the timeline reads (which may not come twice).
    pub(super) fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &'a str) -> Scanned<Option<usize>>,
    ) -> Scanned<()> {
        self.expect(b'{')?;
        self.deeper()?;
        let mut seen = Seen::default();
        self.space();
        if self.byte() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.space();
            let key = self.string()?;
            self.expect(b':')?;
            self.space();
            if let Some(id) = member(self, key)? {
                seen.note(id)?;
            }
            self.space();
            match self.byte() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(GiveUp),
            }
        }
    }

    fn deeper(&mut self) -> Scanned<()> {
        self.depth += 1;
        if self.depth > DEEPEST {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// A string without escapes, its quotes taken off.
    #[inline]
    pub(super) fn string(&mut self) -> Scanned<&'a str> {
        if self.byte() != Some(b'"') {
            return Err(GiveUp);
        }
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut end = start;
        // To the closing quote, eight bytes at a time, then one by one; JSON text
        // holds no control character unescaped.
        while let Some(word) = bytes.get(end..end + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let found = quote_or_control(u64::from_le_bytes(word));
            if found != 0 {
                end += (found.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        while let Some(&b) = bytes.get(end) {
            if b == b'"' || b < 0x20 {
                break;
            }
            end += 1;
        }
        if bytes.get(end) != Some(&b'"') {
            return Err(GiveUp);
        }
        self.at = end + 1;
        // Both ends are quotes, so on character boundaries.
        self.text.get(start..end).ok_or(GiveUp)
    }

    /// A number, checked and read as `serde_json` reads it.
    #[inline]
    pub(super) fn number(&mut self) -> Scanned<Number> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut end = start;
        // A plain non-negative integer that fits (no leading zero, nothing after
        // its digits that goes on a number): most of them, read as scanned.
        let mut value = 0u64;
        while let Some(&digit @ b'0'..=b'9') = bytes.get(end) {
            value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
            end += 1;
        }
        let digits = end - start;
        let more = matches!(bytes.get(end), Some(b'-' | b'+' | b'.' | b'e' | b'E'));
        if !more && (1..=19).contains(&digits) && (bytes[start] != b'0' || digits == 1) {
            self.at = end;
            return Ok(Number::from(value));
        }
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = bytes.get(end) {
            end += 1;
        }
        self.at = end;
        serde_json::from_str::<Number>(&self.text[start..end]).map_err(|_| GiveUp)
    }

    /// A literal: `true`, `false` or `null`, as its value.
    #[inline]
    pub(super) fn literal(&mut self) -> Scanned<Value> {
        let rest = &self.text.as_bytes()[self.at..];
        let (len, value) = match rest.first() {
            Some(b't') if rest.starts_with(b"true") => (4, Value::Bool(true)),
            Some(b'f') if rest.starts_with(b"false") => (5, Value::Bool(false)),
            Some(b'n') if rest.starts_with(b"null") => (4, Value::Null),
            _ => return Err(GiveUp),
        };
        self.at += len;
        Ok(value)
    }

    /// Checks and skips any value.
    pub(super) fn skip(&mut self) -> Scanned<()> {
        match self.byte() {
            Some(b'{') => self.object(|scan, _| scan.skip().map(|()| None)),
            Some(b'[') => self.array(|scan, _| scan.skip()),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => self.literal().map(drop),
        }
    }

    /// A list's elements: `element` gets each one's index and reads it.
    pub(super) fn array(&mut self, mut element: impl FnMut(&mut Self, usize) -> Scanned<()>) -> Scanned<()> {
        self.expect(b'[')?;
        self.deeper()?;
        self.space();
        if self.byte() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(());
        }
        for i in 0.. {
            self.space();
            element(self, i)?;
            self.space();
            match self.byte() {
                Some(b',') => self.at += 1,
                Some(b']') => break,
                _ => return Err(GiveUp),
            }
        }
        self.at += 1;
        self.depth -= 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings end at their first quote and give up at a control character, wherever
    /// either falls among the eight-byte words, after multi-byte characters too.
    #[test]
    fn strings_end_at_the_first_quote_and_refuse_control_characters() {
        for len in 0..20 {
            for (stop, ends) in [("\"", true), ("\u{1}", false), ("\u{1f}", false), ("\t", false)] {
                for filler in ["a", "é", " ", "\u{7f}", "~"] {
                    let body = filler.repeat(len);
                    let text = format!("\"{body}{stop}tail\"");
                    let mut scan = Scan::of(&text).unwrap();
                    let read = scan.string().ok();
                    assert_eq!(read, ends.then_some(body.as_str()), "{text:?}");
                    if ends {
                        assert_eq!(&text[scan.at..], "tail\"");
                    }
                }
            }
        }
    }

    /// A key id is refused the second time, in every word of the set and past it.
    #[test]
    fn a_key_id_is_refused_the_second_time() {
        let mut seen = Seen::default();
        for id in [0, 1, 63, 64, 200, KEY_IDS - 1] {
            assert!(seen.note(id).is_ok(), "{id}");
            assert!(seen.note(id).is_err(), "{id}");
        }
        assert!(seen.note(2).is_ok());
        assert!(seen.note(KEY_IDS).is_err());
    }

    proptest::proptest! {
        /// A number reads as `serde_json` reads the same token (the longest run of
        /// the characters a number may hold), and ends where that token ends.
        #[test]
        fn numbers_read_as_serde_reads_them(token in "[0-9]{0,22}|[-+.eE0-9]{1,12}", after in "[,}\\] a\"]?") {
            let text = format!("{token}{after}");
            let mut scan = Scan::of(&text).unwrap();
            let read = scan.number().ok();
            proptest::prop_assert_eq!(read.clone(), serde_json::from_str::<Number>(&token).ok(), "{:?}", text);
            if read.is_some() {
                proptest::prop_assert_eq!(&text[scan.at..], after.as_str());
            }
        }
    }

    /// Literals read as their values; anything else, a cut-off one included, is
    /// refused.
    #[test]
    fn literals_read_as_their_values() {
        for (text, value) in [
            ("true", Some(Value::Bool(true))),
            ("false", Some(Value::Bool(false))),
            ("null", Some(Value::Null)),
            ("nul", None),
            ("True", None),
            ("{", None),
        ] {
            let mut scan = Scan::of(text).unwrap();
            assert_eq!(scan.literal().ok(), value, "{text}");
        }
    }
}
