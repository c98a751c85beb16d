//! Captured text is data, never terminal control: before any output, control
//! characters (C0, DEL, C1, where U+009B is a CSI), bidirectional controls,
//! zero-width characters and line separators are written as visible escapes, so a
//! captured request cannot clear, recolour or retitle the terminal, nor hide or
//! reorder what is shown. [`is_unsafe`] is the one list; text output escapes with
//! [`escape_control`], JSON with `\u` escapes (`render::json_writer` and
//! [`escape_control_in_json`]), CSV and tables through their writers, and
//! `validate`'s quoted source replaces them with `?` byte for byte.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character shown as an escape (`\n`, `\x1b`, `\u{202e}`).
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(may_start_unsafe) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && is_unsafe(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON text with what JSON writers leave raw (C1 controls, bidirectional
/// overrides) written as `\u` escapes, for JSON meant to be read on a terminal. It
/// stays the same JSON: such characters can only be inside strings, and the line
/// breaks of pretty printing stay.
pub fn escape_control_in_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls and
/// DEL; bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
/// U+2069), which reorder what follows; zero-width and invisible characters (U+00AD,
/// U+180E, U+200B to U+200D, U+2060 to U+2064, U+FEFF), which hide text or make two
/// different ids look alike; and U+2028 and U+2029, line breaks to some terminals.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Whether a byte may start a character [`is_unsafe`] names: an ASCII control or
/// DEL, or the first byte of the UTF-8 of one (U+0080 to U+00BF, U+061C, U+180E,
/// U+2000 to U+2FFF, U+FEFF). A cheap test for the hot paths, which look closer only
/// where it holds.
#[must_use]
pub fn may_start_unsafe(b: u8) -> bool {
    b < 0x20 || b == 0x7f || matches!(b, 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xef)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_keeps_text() {
        assert_eq!(escape_control("plain +91 ✓"), "plain +91 ✓");
        assert_eq!(escape_control("a\x1b]0;pwned\x07b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(escape_control("x\ny\u{9b}2J"), "x\\ny\\x9b2J");
        assert_eq!(escape_control("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(
            escape_control("a\u{7f}\u{200b}b\u{2066}c\u{feff}\u{ad}\u{2028}"),
            "a\\x7f\\u{200b}b\\u{2066}c\\u{feff}\\xad\\u{2028}"
        );
    }

    #[test]
    fn every_unsafe_character_starts_with_a_byte_the_hot_paths_look_at() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32).filter(|&c| is_unsafe(c)) {
            let mut utf8 = [0; 4];
            let first = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(may_start_unsafe(first), "{c:?}");
        }
    }

    #[test]
    fn json_keeps_its_meaning_and_its_lines() {
        let json = "{\n  \"a\": \"x\u{9b}2J\u{202e}\"\n}";
        let escaped = escape_control_in_json(json);
        assert_eq!(escaped, "{\n  \"a\": \"x\\u009b2J\\u202e\"\n}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["a"], "x\u{9b}2J\u{202e}");
    }
}
