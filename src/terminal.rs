//! Captured text is data, never terminal control: before text output, control
//! characters, escape sequences and bidirectional overrides are written as visible
//! escapes, so a captured request cannot clear, recolour or retitle the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character shown as an escape (`\n`, `\x1b`, `\u{202e}`).
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && needs_escape(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
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
    if !json.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c != '\n' && needs_escape(c) {
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

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
