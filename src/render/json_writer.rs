//! JSON written straight into a byte buffer, compact or pretty: the hot path of
//! `--format ndjson` and `--format json`. `serde_json` escapes every struct key on
//! every record; here keys are literals. `json_view!` declares a view once and
//! derives both this writer and `Serialize` from the same field list, so the two
//! cannot drift; tests check they write the same bytes.

use std::borrow::Cow;
use std::cell::Cell;

use serde_json::Value;

use crate::terminal::{is_unsafe, may_start_unsafe};

/// Writes itself as JSON, byte for byte as `serde_json` would.
pub trait WriteJson {
    /// Compact, as `serde_json::to_vec` writes it.
    fn write_json(&self, out: &mut Vec<u8>);

    /// Pretty, as `serde_json::to_vec_pretty` writes it, for a value nested `level`
    /// deep (two spaces a level): the first line is not indented, the last ends the
    /// value. Scalars are written as compactly.
    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        let _ = level;
        self.write_json(out);
    }
}

/// A newline and the indentation of `level`, where a pretty value's next line starts.
pub fn new_line(out: &mut Vec<u8>, level: usize) {
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b' ', 2 * level));
}

/// Items as a pretty JSON list at `level`, as `serde_json` writes one.
pub fn write_pretty_list<T: WriteJson>(out: &mut Vec<u8>, level: usize, items: impl IntoIterator<Item = T>) {
    out.push(b'[');
    let mut any = false;
    for item in items {
        out.extend_from_slice(if any { b"," } else { b"" });
        new_line(out, level + 1);
        item.write_pretty(out, level + 1);
        any = true;
    }
    if any {
        new_line(out, level);
    }
    out.push(b']');
}

/// A JSON string, escaped as `serde_json` escapes it and, beyond that, with what
/// must not reach a terminal (`terminal::is_unsafe`: DEL, C1 controls, bidirectional
/// and zero-width characters) as `\u` escapes: the same string to a JSON reader,
/// and harmless when the JSON is read on a terminal.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no look: found so a word at a time, they are copied whole.
    let first = next_look(bytes, 0);
    out.extend_from_slice(&bytes[..first]);
    if first < bytes.len() {
        write_looked_at_and_after(out, s, first);
    }
    out.push(b'"');
}

/// The text from `at`, a byte [`looked_at`], on. Eight bytes at a time, each word
/// stored whole and cut back to the next byte that needs a look: in JSON inside a
/// string (a form field's call log) a quote comes every few bytes, too often for a
/// copy call per run between them.
fn write_looked_at_and_after(out: &mut Vec<u8>, s: &str, at: usize) {
    let bytes = s.as_bytes();
    let mut at = write_looked_at(out, s, at);
    while let Some(word) = bytes.get(at..at + 8) {
        let word: &[u8; 8] = word.try_into().unwrap_or(&[0; 8]);
        let start = out.len();
        out.extend_from_slice(word);
        let Some(p) = first_look(word) else {
            at += 8;
            continue;
        };
        out.truncate(start + p);
        at = write_looked_at(out, s, at + p);
    }
    // The last bytes: in the word that ends the string, which may overlap bytes
    // already written (those are left out of the look); byte by byte in a string
    // shorter than a word.
    if let Some(last_start) = bytes.len().checked_sub(8) {
        let last: &[u8; 8] = bytes[last_start..].try_into().unwrap_or(&[0; 8]);
        while at < bytes.len() {
            match first_look_from(last, at - last_start) {
                Some(p) => {
                    out.extend_from_slice(&bytes[at..last_start + p]);
                    at = write_looked_at(out, s, last_start + p);
                }
                None => {
                    out.extend_from_slice(&bytes[at..]);
                    break;
                }
            }
        }
    } else {
        while let Some(&b) = bytes.get(at) {
            if looked_at(b) {
                at = write_looked_at(out, s, at);
            } else {
                out.push(b);
                at += 1;
            }
        }
    }
}

/// Where the next byte at or after `from` that is [`looked_at`] is (the length if
/// none): eight bytes at a time while none of them is a control, `"`, `\\`, DEL or
/// above ASCII, then byte by byte within the word that has one.
fn next_look(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        if may_look(u64::from_le_bytes(word.try_into().unwrap_or([0; 8]))) != 0
            && let Some(p) = word.iter().position(|&b| looked_at(b))
        {
            return at + p;
        }
        at += 8;
    }
    // The last bytes: as the word that ends the string, which may overlap bytes
    // already read (a byte looked at before `from` only sends this to the slow way).
    if let Some(last) = bytes.len().checked_sub(8).and_then(|start| bytes.get(start..))
        && may_look(u64::from_le_bytes(last.try_into().unwrap_or([0; 8]))) == 0
    {
        return bytes.len();
    }
    bytes[at..]
        .iter()
        .position(|&b| looked_at(b))
        .map_or(bytes.len(), |p| at + p)
}

/// The byte at `at`, which is [`looked_at`], written escaped (or the safe character
/// it starts, as it is); where the text after it starts.
#[inline(always)]
fn write_looked_at(out: &mut Vec<u8>, s: &str, at: usize) -> usize {
    match s.as_bytes().get(at) {
        Some(&b) if b < 0x80 => {
            push_escaped(out, b);
            at + 1
        }
        _ => write_char_at(out, s, at),
    }
}

/// The character that starts at `at` (a lead byte [`looked_at`]): `\u` escapes where
/// it is unsafe, else as it is; where the text after it starts.
fn write_char_at(out: &mut Vec<u8>, s: &str, at: usize) -> usize {
    let c = s[at..].chars().next().unwrap_or_default();
    if is_unsafe(c) {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            push_unicode_escape(out, *unit);
        }
    } else {
        out.extend_from_slice(&s.as_bytes()[at..at + c.len_utf8()]);
    }
    at + c.len_utf8()
}

/// Whether a JSON string writer looks at a byte: a control character, `"`, `\\`, or
/// a byte that may start a character that must not reach a terminal.
fn looked_at(b: u8) -> bool {
    may_start_unsafe(b) || b == b'"' || b == b'\\'
}

/// The first of eight bytes that is [`looked_at`]: found in the word at once where
/// they are ASCII, byte by byte from the first byte above ASCII.
fn first_look(word: &[u8; 8]) -> Option<usize> {
    first_look_from(word, 0)
}

/// [`first_look`] among the bytes of `word` from `from` (below 8) on.
fn first_look_from(word: &[u8; 8], from: usize) -> Option<usize> {
    // A byte before `from` may flag bytes after it that are not looked at: the
    // bytes are looked at one by one from the lowest flagged, so that costs only time.
    let flagged = may_look(u64::from_le_bytes(*word)) & (u64::MAX << (8 * from));
    if flagged == 0 {
        return None;
    }
    // The lowest byte flagged is the first that is a control, `"`, `\\`, DEL or
    // above ASCII (a borrow only flags bytes above one that is).
    let p = flagged.trailing_zeros() as usize / 8;
    let rest = word.get(p..).unwrap_or_default();
    rest.iter().position(|&b| looked_at(b)).map(|q| p + q)
}

/// The high bit of each of eight bytes (little-endian) that may be [`looked_at`]: a
/// control, `"`, `\\`, DEL or above ASCII, and perhaps of bytes after the first such.
fn may_look(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    below_space
        | zero_in(w ^ (ONES * u64::from(b'"')))
        | zero_in(w ^ (ONES * u64::from(b'\\')))
        | zero_in(w ^ (ONES * 0x7f))
        | (w & HIGH)
}

/// A JSON string known to need no escape (a path of dictionary keys and indexes).
pub fn write_plain_str(out: &mut Vec<u8>, s: &str) {
    debug_assert!(
        !s.bytes().any(|b| b < 0x20 || b == 0x7f || b == b'"' || b == b'\\'),
        "{s}"
    );
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// `\u` and four hex digits.
fn push_unicode_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    out.extend((0..4).rev().map(|i| HEX[usize::from((unit >> (4 * i)) & 0xf)]));
}

/// One ASCII byte of a JSON string (or a byte of a safe character), escaped as
/// `serde_json` escapes it, and DEL as `\u007f`.
fn push_escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        0..=0x1f | 0x7f => push_unicode_escape(out, u16::from(b)),
        _ => out.push(b),
    }
}

/// A string with its JSON form escaped once (a field id, a meaning): every record
/// repeats them, so writing one is a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreEscaped {
    text: Cow<'static, str>,
    json: Box<[u8]>,
}

impl PreEscaped {
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        let text = text.into();
        let mut json = Vec::with_capacity(text.len() + 2);
        write_str(&mut json, &text);
        PreEscaped {
            text,
            json: json.into_boxed_slice(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

impl serde::Serialize for PreEscaped {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl WriteJson for PreEscaped {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.json);
    }
}

/// A record's number as a renderer writes it: known, or left for the one writer that
/// knows it (the records of one file are numbered only once they are back in order,
/// after the workers rendered them). Left, it writes nothing and notes where it
/// belongs.
#[derive(Debug, Clone, Copy)]
pub enum RecordNumber<'a> {
    Known(usize),
    Later(&'a Cell<Option<usize>>),
}

impl RecordNumber<'_> {
    /// The number, or its place noted at the end of `out`.
    pub fn write(self, out: &mut Vec<u8>) {
        match self {
            RecordNumber::Known(n) => n.write_json(out),
            RecordNumber::Later(place) => place.set(Some(out.len())),
        }
    }
}

impl WriteJson for RecordNumber<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.write(out);
    }
}

impl serde::Serialize for RecordNumber<'_> {
    /// serde cannot leave a place; only tests serialize views, with known numbers.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RecordNumber::Known(n) => serializer.serialize_u64(*n as u64),
            RecordNumber::Later(_) => serializer.serialize_unit(),
        }
    }
}

impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl WriteJson for Cow<'_, str> {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        (**self).write_pretty(out, level);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! write_integer {
    ($($t:ty),*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) {
                // No String per number: a record writes several.
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}
write_integer!(u16, u32, u64, usize, i16, i64);

impl WriteJson for f64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        // Rare (a share in the totals): `serde_json`'s float formatting, exactly.
        let _ = serde_json::to_writer(&mut *out, self);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        match self {
            Some(v) => v.write_pretty(out, level),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item.write_json(out);
        }
        out.push(b']');
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        write_pretty_list(out, level, self.iter());
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        self.as_slice().write_pretty(out, level);
    }
}

impl WriteJson for Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Value::String(s) => write_str(out, s),
            Value::Null => out.extend_from_slice(b"null"),
            // Nested values here, so that their strings are escaped as every string is.
            Value::Array(items) => items.write_json(out),
            Value::Object(map) => {
                out.push(b'{');
                for (i, (key, value)) in map.iter().enumerate() {
                    out.extend_from_slice(if i > 0 { b"," } else { b"" });
                    write_str(out, key);
                    out.push(b':');
                    value.write_json(out);
                }
                out.push(b'}');
            }
            // Numbers and booleans: `serde_json` itself, rare enough.
            other => {
                let _ = serde_json::to_writer(&mut *out, other);
            }
        }
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        match self {
            Value::Array(items) => write_pretty_list(out, level, items.iter()),
            Value::Object(map) if !map.is_empty() => {
                out.push(b'{');
                for (i, (key, value)) in map.iter().enumerate() {
                    out.extend_from_slice(if i > 0 { b"," } else { b"" });
                    new_line(out, level + 1);
                    write_str(out, key);
                    out.extend_from_slice(b": ");
                    value.write_pretty(out, level + 1);
                }
                new_line(out, level);
                out.push(b'}');
            }
            scalar => scalar.write_json(out),
        }
    }
}

impl WriteJson for Cow<'_, Value> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_ref().write_json(out);
    }

    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        self.as_ref().write_pretty(out, level);
    }
}

/// Declares a view struct whose fields are written as JSON in order, deriving both
/// `Serialize` and [`WriteJson`] from the one list. `field as "name": Type` writes the
/// field under another name (`kind as "type"`). Every view has a field, so none is
/// written as an empty `{}`.
macro_rules! json_view {
    ($(#[$meta:meta])* $vis:vis struct $name:ident $(<$lt:lifetime>)? {
        $($field:ident $(as $rename:literal)?: $ty:ty),+ $(,)?
    }) => {
        $crate::render::json_writer::json_view! {
            $(#[$meta])* $vis struct $name $(<$lt>)? { $($field $(as $rename)?: $ty),+ ; }
        }
    };
    // Members after `;` are `Option`s, left out of the object when `None`.
    ($(#[$meta:meta])* $vis:vis struct $name:ident $(<$lt:lifetime>)? {
        $($field:ident $(as $rename:literal)?: $ty:ty),+ ; $($optional:ident: $oty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        $vis struct $name $(<$lt>)? {
            $($(#[serde(rename = $rename)])? $field: $ty,)+
            $(#[serde(skip_serializing_if = "Option::is_none")] $optional: $oty,)*
        }

        impl $(<$lt>)? $crate::render::json_writer::WriteJson for $name $(<$lt>)? {
            fn write_json(&self, out: &mut Vec<u8>) {
                let mut separator = b'{';
                $(
                    out.push(separator);
                    separator = b',';
                    out.extend_from_slice(
                        concat!("\"", $crate::render::json_writer::json_view!(@name $field $($rename)?), "\":").as_bytes()
                    );
                    $crate::render::json_writer::WriteJson::write_json(&self.$field, out);
                )+
                $(
                    if let Some(value) = &self.$optional {
                        out.push(separator);
                        out.extend_from_slice(concat!("\"", stringify!($optional), "\":").as_bytes());
                        $crate::render::json_writer::WriteJson::write_json(value, out);
                    }
                )*
                let _ = separator;
                out.push(b'}');
            }

            fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
                let mut separator: &[u8] = b"{";
                $(
                    out.extend_from_slice(separator);
                    separator = b",";
                    $crate::render::json_writer::new_line(out, level + 1);
                    out.extend_from_slice(
                        concat!("\"", $crate::render::json_writer::json_view!(@name $field $($rename)?), "\": ").as_bytes()
                    );
                    $crate::render::json_writer::WriteJson::write_pretty(&self.$field, out, level + 1);
                )+
                $(
                    if let Some(value) = &self.$optional {
                        out.extend_from_slice(separator);
                        $crate::render::json_writer::new_line(out, level + 1);
                        out.extend_from_slice(concat!("\"", stringify!($optional), "\": ").as_bytes());
                        $crate::render::json_writer::WriteJson::write_pretty(value, out, level + 1);
                    }
                )*
                let _ = separator;
                $crate::render::json_writer::new_line(out, level);
                out.push(b'}');
            }
        }
    };
    (@name $field:ident) => { stringify!($field) };
    (@name $field:ident $rename:literal) => { $rename };
}
pub(crate) use json_view;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::escape_control_in_json;

    #[test]
    fn strings_escape_as_serde_json_does_and_terminal_controls_too() {
        let all: String = (0u8..128).map(char::from).chain("é✓\u{2028}".chars()).collect();
        let unsafe_ones = "\u{7f}\u{9b}\u{202e}a\u{200b}\u{feff}\u{2066}\u{ad}\u{61c}\u{180e}";
        for s in [
            all.as_str(),
            "",
            "plain",
            "quote \" and \\ back",
            unsafe_ones,
            "नमस्ते “x” ₹",
        ] {
            let mut ours = Vec::new();
            write_str(&mut ours, s);
            let serde = serde_json::to_string(s).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                escape_control_in_json(&serde),
                "{s:?}"
            );
        }
        let mut ours = Vec::new();
        write_str(&mut ours, "a\u{9b}2J\u{202e}");
        assert_eq!(ours, br#""a\u009b2J\u202e""#);
    }

    #[test]
    fn the_word_scan_sees_every_byte_that_needs_a_look() {
        for b in 0u8..=255 {
            let expected = may_start_unsafe(b) || b == b'"' || b == b'\\';
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                assert_eq!(first_look(&word), expected.then_some(at), "byte {b} at {at}");
                // A byte looked at after it is found first, after one above ASCII too.
                if at < 7 {
                    word[at + 1..].fill(b'"');
                    assert_eq!(
                        first_look(&word),
                        Some(if expected { at } else { at + 1 }),
                        "byte {b} at {at}"
                    );
                }
            }
            for len in [1, 7, 8, 9, 17] {
                for at in 0..len {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    let found = next_look(&text, 0);
                    assert_eq!(found == at, expected, "byte {b} at {at} of {len}");
                    assert!(expected || found == len, "byte {b} at {at} of {len}");
                    // From past it, nothing is found.
                    assert_eq!(next_look(&text, at + 1), len, "byte {b} at {at} of {len}");
                }
            }
        }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// Strings of what a writer meets, in runs of every length around the word's:
        /// JSON inside a string, escapes, controls, characters safe and unsafe.
        #[test]
        fn strings_write_as_serde_json_escaped_for_the_terminal(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-z0-9 .:,{}]{0,17}").unwrap(),
                    proptest::sample::select(vec![
                        "\"", "\\", "\\\"", "\n", "\r\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "\u{80}", "\u{9b}",
                        "\u{ad}", "é", "✓", "₹", "नमस्ते", "\u{202e}", "\u{2028}", "\u{200b}", "\u{feff}",
                        "\u{61c}", "\u{180e}", "\u{10348}", "\u{fffd}",
                    ]).prop_map(String::from),
                ],
                0..20,
            ),
        ) {
            let s = parts.concat();
            let mut ours = Vec::new();
            write_str(&mut ours, &s);
            let serde = serde_json::to_string(&s).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), escape_control_in_json(&serde).into_owned());
        }
    }

    #[test]
    fn pre_escaped_strings_write_as_any_string() {
        for text in ["call unique id", "a \"quoted\" `ky`", ""] {
            let mut ours = Vec::new();
            PreEscaped::new(text.to_owned()).write_json(&mut ours);
            assert_eq!(ours, serde_json::to_vec(text).unwrap());
            assert_eq!(serde_json::to_vec(&PreEscaped::new(text.to_owned())).unwrap(), ours);
        }
    }

    json_view! {
        struct Sample<'a> {
            name: &'a str,
            kind as "type": u32,
            tags: Vec<&'a str>,
            value: Value,
            inner: Option<Inner>,
            number: RecordNumber<'a>,
        }
    }

    json_view! {
        struct Inner {
            empty: Vec<u32>,
            nothing: Option<u32>,
        }
    }

    /// Compact and pretty, nested lists, objects and empty ones alike, the views write
    /// what `serde_json` writes; a number left for later notes its place instead.
    #[test]
    fn views_write_as_serde_json_compact_and_pretty() {
        let value = serde_json::json!({"a": [1, {"b": []}, {}], "c": {"d": null}, "e": "x\ny"});
        for (tags, inner) in [
            (
                vec!["a", "b"],
                Some(Inner {
                    empty: vec![],
                    nothing: None,
                }),
            ),
            (vec![], None),
        ] {
            let sample = Sample {
                name: "n\"1",
                kind: 3,
                tags,
                value: value.clone(),
                inner,
                number: RecordNumber::Known(7),
            };
            let mut compact = Vec::new();
            sample.write_json(&mut compact);
            assert_eq!(
                String::from_utf8(compact).unwrap(),
                serde_json::to_string(&sample).unwrap()
            );
            let mut pretty = Vec::new();
            sample.write_pretty(&mut pretty, 0);
            assert_eq!(
                String::from_utf8(pretty).unwrap(),
                serde_json::to_string_pretty(&sample).unwrap()
            );
        }
        let place = Cell::new(None);
        let mut out = b"{\"record\":".to_vec();
        RecordNumber::Later(&place).write_json(&mut out);
        assert_eq!(place.get(), Some(10));
        assert_eq!(out.len(), 10, "nothing written in its place");
    }

    #[test]
    fn values_and_options_match_serde_json() {
        let value = serde_json::json!({"a": [1, 2.5, null, true, "x\n"], "b": {"c": -3}});
        let mut ours = Vec::new();
        value.write_json(&mut ours);
        assert_eq!(ours, serde_json::to_vec(&value).unwrap());
        let mut ours = Vec::new();
        Some(vec![1u32, 2]).write_json(&mut ours);
        None::<u32>.write_json(&mut ours);
        assert_eq!(ours, b"[1,2]null");
    }
}
