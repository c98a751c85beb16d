//! The timeline's own reader of a v2 envelope's JSON text: one pass over the bytes
//! that checks the JSON as strictly as `serde_json` does, and hands the fields the
//! timeline uses to [`V2Facts::take`] in the order they come, as the serde reader
//! (`V2Facts::from_json`) does, without its tokenising and visiting of every value.
//!
//! It reads only the common case and gives up on anything else: text with an escape
//! (a backslash anywhere), a key the timeline reads sent twice, nesting deeper than
//! a v2 event has, anything that is not JSON. Giving up is never an answer: the
//! serde reader then reads the record, so both give the same facts
//! (`fast_read_parity` checks) and the rare record costs what it did.

use serde_json::Number;

use super::{Scalar, V2Facts};

/// Why the scan gave up: the serde reader decides.
struct GiveUp;

type Scanned<T> = Result<T, GiveUp>;

/// Nesting the scan follows before it gives up; `serde_json` allows 128.
const DEEPEST: u32 = 64;

/// The facts of a v2 envelope, or `None` when the scan gives up or the text is not
/// an envelope (no `event_type` text, no `payload` object).
pub(super) fn envelope(text: &str) -> Option<V2Facts> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\\', bytes).is_some() {
        return None;
    }
    let mut scan = Scan {
        text,
        at: 0,
        depth: 0,
        id: String::with_capacity(48),
    };
    let mut facts = V2Facts::default();
    let (mut typed, mut payload) = (false, false);
    scan.space();
    scan.object(|scan, key| {
        if key == "payload" {
            payload = scan.byte() == Some(b'{');
            return scan.payload(&mut facts).map(|()| true);
        }
        let (known, text) = scan.field(&mut facts, "", key, None)?;
        if key == "event_type" {
            typed = text;
        }
        Ok(known)
    })
    .ok()?;
    scan.space();
    (scan.at == bytes.len() && typed && payload).then(|| facts.sealed())
}

/// A position in the text being scanned.
struct Scan<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
    /// A field's name, `prefix` and key, made here for [`V2Facts::take`].
    id: String,
}

/// The keys an object had that the timeline reads, for a key sent twice: the serde
/// reader sends such a record to the parsed value, which the scan does not mimic.
/// Each key is kept as a [`signature`]; two keys of one signature by chance only
/// cost a read by the serde reader.
#[derive(Default)]
struct Seen {
    keys: [u64; 24],
    len: usize,
}

impl Seen {
    fn note(&mut self, key: &str) -> Scanned<()> {
        let signature = signature(key);
        if self.len == self.keys.len() || self.keys[..self.len].contains(&signature) {
            return Err(GiveUp);
        }
        self.keys[self.len] = signature;
        self.len += 1;
        Ok(())
    }
}

/// A key's length and its first, middle and last bytes, in one word: nothing
/// copied or hashed, and distinct for the keys the timeline reads.
fn signature(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let at = |i: usize| bytes.get(i).map_or(0, |&b| u64::from(b));
    let len = bytes.len();
    ((len as u64) << 24) | (at(0) << 16) | (at(len / 2) << 8) | at(len.wrapping_sub(1))
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
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    #[inline]
    fn space(&mut self) {
        let bytes = self.text.as_bytes();
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

    /// An object's members: `member` gets each key and reads its value, saying
    /// whether the key is one the timeline reads (which may not come twice).
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Scanned<bool>) -> Scanned<()> {
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
            if member(self, key)? {
                seen.note(key)?;
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
    fn string(&mut self) -> Scanned<&'a str> {
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
    fn number(&mut self) -> Scanned<Number> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut end = start;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = bytes.get(end) {
            end += 1;
        }
        let token = &self.text[start..end];
        self.at = end;
        let digits = token.as_bytes();
        // A plain non-negative integer that fits (no leading zero): most of them.
        if !digits.is_empty()
            && digits.len() <= 19
            && digits.iter().all(u8::is_ascii_digit)
            && (digits[0] != b'0' || digits.len() == 1)
        {
            return token.parse::<u64>().map(Number::from).map_err(|_| GiveUp);
        }
        serde_json::from_str::<Number>(token).map_err(|_| GiveUp)
    }

    /// A literal: `true`, `false` or `null`.
    fn literal(&mut self) -> Scanned<()> {
        let rest = &self.text.as_bytes()[self.at..];
        for word in [&b"true"[..], b"false", b"null"] {
            if rest.starts_with(word) {
                self.at += word.len();
                return Ok(());
            }
        }
        Err(GiveUp)
    }

    /// A value as [`V2Facts::take`] reads it; a list or object is checked and
    /// skipped.
    fn scalar(&mut self) -> Scanned<Scalar<'a>> {
        Ok(match self.byte() {
            Some(b'"') => Scalar::Text(self.string()?.into()),
            Some(b'{' | b'[') => {
                self.skip()?;
                Scalar::Compound
            }
            Some(b'-' | b'0'..=b'9') => Scalar::Number(self.number()?),
            _ => {
                self.literal()?;
                Scalar::Other
            }
        })
    }

    /// Checks and skips any value.
    fn skip(&mut self) -> Scanned<()> {
        match self.byte() {
            Some(b'{') => self.object(|scan, _| scan.skip().map(|()| false)),
            Some(b'[') => self.array(|scan, _| scan.skip()),
            _ => self.scalar().map(drop),
        }
    }

    /// A list's elements: `element` gets each one's index and reads it.
    fn array(&mut self, mut element: impl FnMut(&mut Self, usize) -> Scanned<()>) -> Scanned<()> {
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

    /// Reads the value of `key` as the field `prefix` and `key` (of leg `leg`):
    /// whether the timeline reads that field, and whether the value is text.
    fn field(&mut self, facts: &mut V2Facts, prefix: &str, key: &str, leg: Option<usize>) -> Scanned<(bool, bool)> {
        let value = self.scalar()?;
        let text = matches!(value, Scalar::Text(_));
        // No field the timeline reads has a longer name.
        if prefix.len() + key.len() > 48 {
            return Ok((false, text));
        }
        self.id.clear();
        self.id.push_str(prefix);
        self.id.push_str(key);
        Ok((facts.take(&self.id, leg, &value), text))
    }

    /// The payload: its fields, legs and message data. Anything but an object is
    /// not read, as the serde reader does not read it.
    fn payload(&mut self, facts: &mut V2Facts) -> Scanned<()> {
        if self.byte() != Some(b'{') {
            return self.skip();
        }
        self.object(|scan, key| match key {
            "legs" => scan.legs(facts).map(|()| true),
            "data" => scan.data(facts).map(|()| true),
            _ => scan.field(facts, "payload.", key, None).map(|(known, _)| known),
        })
    }

    fn legs(&mut self, facts: &mut V2Facts) -> Scanned<()> {
        if self.byte() != Some(b'[') {
            return self.skip();
        }
        self.array(|scan, leg| {
            if scan.byte() != Some(b'{') {
                return scan.skip();
            }
            scan.object(|scan, key| {
                if key == "agent" {
                    if scan.byte() != Some(b'{') {
                        return scan.skip().map(|()| true);
                    }
                    return scan
                        .object(|scan, key| {
                            scan.field(facts, "payload.legs[].agent.", key, Some(leg))
                                .map(|(known, _)| known)
                        })
                        .map(|()| true);
                }
                scan.field(facts, "payload.legs[].", key, Some(leg))
                    .map(|(known, _)| known)
            })
        })
    }

    /// `payload.data`: only `context.link` is read.
    fn data(&mut self, facts: &mut V2Facts) -> Scanned<()> {
        if self.byte() != Some(b'{') {
            return self.skip();
        }
        self.object(|scan, key| {
            if key != "context" {
                return scan.skip().map(|()| false);
            }
            if scan.byte() != Some(b'{') {
                return scan.skip().map(|()| true);
            }
            scan.object(|scan, key| {
                if key != "link" {
                    return scan.skip().map(|()| false);
                }
                let value = scan.scalar()?;
                facts.take("payload.data.context.link", None, &value);
                Ok(true)
            })
            .map(|()| true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::v2::{FIELDS, LEG_FIELDS};

    /// Keys the timeline reads that may meet in one object have distinct
    /// signatures, so that a record with all of them is still the scan's.
    #[test]
    fn the_keys_read_have_distinct_signatures() {
        let envelope = FIELDS.iter().filter(|f| !f.starts_with("payload."));
        let payload = FIELDS.iter().filter_map(|f| f.strip_prefix("payload."));
        let leg = LEG_FIELDS.iter().copied();
        for keys in [
            envelope.copied().chain(["payload"]).collect::<Vec<_>>(),
            payload.chain(["legs", "data"]).collect(),
            leg.chain(["agent"]).collect(),
            LEG_FIELDS.iter().filter_map(|f| f.strip_prefix("agent.")).collect(),
        ] {
            let mut signatures: Vec<u64> = keys.iter().map(|k| signature(k)).collect();
            signatures.sort_unstable();
            signatures.dedup();
            assert_eq!(signatures.len(), keys.len(), "{keys:?}");
        }
    }

    /// Strings end at their first quote and give up at a control character, wherever
    /// either falls among the eight-byte words, after multi-byte characters too.
    #[test]
    fn strings_end_at_the_first_quote_and_refuse_control_characters() {
        for len in 0..20 {
            for (stop, ends) in [("\"", true), ("\u{1}", false), ("\u{1f}", false), ("\t", false)] {
                for filler in ["a", "é", " ", "\u{7f}", "~"] {
                    let body = filler.repeat(len);
                    let text = format!("\"{body}{stop}tail\"");
                    let mut scan = Scan {
                        text: &text,
                        at: 0,
                        depth: 0,
                        id: String::new(),
                    };
                    let read = scan.string().ok();
                    assert_eq!(read, ends.then_some(body.as_str()), "{text:?}");
                    if ends {
                        assert_eq!(&text[scan.at..], "tail\"");
                    }
                }
            }
        }
    }
}
