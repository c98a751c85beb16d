//! How deeply brackets nest in JSON text, outside strings, without parsing it: where a
//! document spread over many lines ends (the reader), and whether a configuration is
//! nested too deeply to hand to a recursive parser (`validate`).

/// Bracket depth so far, fed a piece of text at a time.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsonDepth {
    depth: i64,
    opened: bool,
    in_string: bool,
    escaped: bool,
}

impl JsonDepth {
    /// Reads `bytes`, which continue what was fed before.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.feed_until_deeper_than(bytes, usize::MAX);
    }

    /// Reads `bytes` up to the first bracket that opens more than `limit` levels:
    /// its offset in `bytes`, or `None` when there is none.
    pub fn feed_until_deeper_than(&mut self, bytes: &[u8], limit: usize) -> Option<usize> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    self.opened = true;
                    if self.depth > limit {
                        return Some(i);
                    }
                }
                b'}' | b']' => self.depth -= 1,
                _ => {}
            }
        }
        None
    }

    /// How many brackets are open.
    pub fn depth(&self) -> i64 {
        self.depth
    }

    /// Whether a bracket was opened and every one is closed again.
    pub fn closed(&self) -> bool {
        self.opened && self.depth <= 0 && !self.in_string
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_and_escaped_quotes_do_not_count() {
        let mut depth = JsonDepth::default();
        depth.feed(br#"{"a": "}]\"{", "b": ["#);
        assert_eq!(depth.depth(), 2);
        assert!(!depth.closed());
        depth.feed(b"1]}");
        assert!(depth.closed());
        assert!(!JsonDepth::default().closed(), "nothing opened yet");
    }

    #[test]
    fn the_first_bracket_past_the_limit_is_found() {
        let text = br#"[[["[[[[" [[ ]] ["#;
        let mut depth = JsonDepth::default();
        // The fifth level opens at the second `[` after the string.
        assert_eq!(depth.feed_until_deeper_than(text, 4), Some(11));
        assert_eq!(depth.depth(), 5);
        assert_eq!(JsonDepth::default().feed_until_deeper_than(text, 5), None);
    }
}
