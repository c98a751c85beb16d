//! Compact JSON written straight into a byte buffer: the hot path of
//! `--format ndjson`. serde_json escapes every struct key on every record; here keys
//! are literals. `json_view!` declares a view once and derives both this writer and
//! `Serialize` (used for pretty JSON) from the same field list, so the two cannot
//! drift; a test checks they write the same bytes.

use std::borrow::Cow;

use serde_json::Value;

/// Writes itself as compact JSON, byte for byte as `serde_json::to_vec` would.
pub trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// A JSON string, escaped exactly as serde_json escapes it.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escape: one branch-free pass (which vectorizes) and a copy.
    let plain = !bytes
        .iter()
        .fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if plain {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    // Eight bytes at a time, copied whole where none needs escaping. Runs between
    // escapes are short (a call log's quotes), so no run is copied by length.
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word: [u8; 8] = word.try_into().unwrap_or_default();
        if needs_escape(u64::from_le_bytes(word)) {
            word.iter().for_each(|&b| push_escaped(out, b));
        } else {
            out.extend_from_slice(&word);
        }
    }
    words.remainder().iter().for_each(|&b| push_escaped(out, b));
    out.push(b'"');
}

/// One byte of a JSON string, escaped as serde_json escapes it.
fn push_escaped(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        0..=0x1f => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xf)],
        ]),
        _ => out.push(b),
    }
}

/// Whether any of eight bytes is a control character, `"` or `\\`.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    below_space | zero_byte(word ^ (ONES * u64::from(b'"'))) | zero_byte(word ^ (ONES * u64::from(b'\\'))) != 0
}

/// A string known for the life of the program (a field id, a meaning), with its JSON
/// form escaped once: every record repeats them, so writing one is a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    text: &'static str,
    json: &'static [u8],
}

impl Known {
    /// Escapes `text` for good; for the bounded set of dictionary strings only.
    pub fn new(text: &'static str) -> Self {
        let mut json = Vec::with_capacity(text.len() + 2);
        write_str(&mut json, text);
        Known {
            text,
            json: Box::leak(json.into_boxed_slice()),
        }
    }

    pub fn text(&self) -> &'static str {
        self.text
    }
}

impl serde::Serialize for Known {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.text)
    }
}

impl WriteJson for Known {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.json);
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
        // Rare (a share in the totals): serde_json's float formatting, exactly.
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
}

impl<T: WriteJson> WriteJson for Vec<T> {
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
}

impl WriteJson for Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Value::String(s) => write_str(out, s),
            Value::Null => out.extend_from_slice(b"null"),
            // Numbers, booleans and nested values: serde_json itself, rare enough.
            other => {
                let _ = serde_json::to_writer(&mut *out, other);
            }
        }
    }
}

impl WriteJson for Cow<'_, Value> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_ref().write_json(out);
    }
}

/// Declares a view struct whose fields are written as JSON in order, deriving both
/// `Serialize` and [`WriteJson`] from the one list.
macro_rules! json_view {
    ($(#[$meta:meta])* $vis:vis struct $name:ident $(<$lt:lifetime>)? { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        $vis struct $name $(<$lt>)? { $($field: $ty),* }

        impl $(<$lt>)? $crate::render::json_writer::WriteJson for $name $(<$lt>)? {
            #[allow(unused_assignments)]
            fn write_json(&self, out: &mut Vec<u8>) {
                let mut separator = b'{';
                $(
                    out.push(separator);
                    separator = b',';
                    out.extend_from_slice(concat!("\"", stringify!($field), "\":").as_bytes());
                    $crate::render::json_writer::WriteJson::write_json(&self.$field, out);
                )*
                if separator == b'{' {
                    out.push(b'{');
                }
                out.push(b'}');
            }
        }
    };
}
pub(crate) use json_view;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly_as_serde_json_does() {
        let all: String = (0u8..128).map(char::from).chain("é✓\u{2028}".chars()).collect();
        for s in [all.as_str(), "", "plain", "quote \" and \\ back", "\u{7f}\u{9b}"] {
            let mut ours = Vec::new();
            write_str(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn the_word_scan_sees_every_byte_that_needs_escaping() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let expected = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(needs_escape(u64::from_le_bytes(word)), expected, "byte {b} at {at}");
            }
        }
    }

    #[test]
    fn known_strings_write_as_any_string() {
        for text in ["call unique id", "a \"quoted\" `ky`", ""] {
            let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
            let mut ours = Vec::new();
            Known::new(leaked).write_json(&mut ours);
            assert_eq!(ours, serde_json::to_vec(text).unwrap());
            assert_eq!(serde_json::to_vec(&Known::new(leaked)).unwrap(), ours);
        }
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
