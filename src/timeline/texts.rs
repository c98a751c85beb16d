//! A record's few texts in one string, each read back by its [`Span`]: what a
//! reading worker hands the thread that gathers events (a sighting's uid, caller,
//! company and agents; a v2 event's ids, numbers and names) costs one allocation
//! there, and that thread frees one string, not one a text made on another thread.

use std::fmt::{Display, Write as _};

/// Texts kept one after another.
#[derive(Debug, Clone, Default)]
pub(super) struct Texts(String);

/// Where a text is in its [`Texts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

impl Texts {
    /// Room for `bytes` of text: most records' texts, in one allocation.
    pub fn with_capacity(bytes: usize) -> Self {
        Texts(String::with_capacity(bytes))
    }

    /// Keeps `text`; `None` past 4 GiB, where the text reads as absent.
    pub fn keep(&mut self, text: &str) -> Option<Span> {
        self.keep_written(|out| out.push_str(text))
    }

    /// Keeps `value` as it displays (a number as sent).
    pub fn keep_shown(&mut self, value: impl Display) -> Option<Span> {
        self.keep_written(|out| {
            let _ = write!(out, "{value}");
        })
    }

    /// Keeps `parts` joined by `between`.
    pub fn keep_joined<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>, between: &str) -> Option<Span> {
        self.keep_written(|out| {
            for (i, part) in parts.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(between);
                }
                out.push_str(part);
            }
        })
    }

    fn keep_written(&mut self, write: impl FnOnce(&mut String)) -> Option<Span> {
        let start = self.0.len();
        write(&mut self.0);
        match (u32::try_from(start), u32::try_from(self.0.len())) {
            (Ok(start), Ok(end)) => Some(Span { start, end }),
            _ => None,
        }
    }

    /// The text at `span`.
    pub fn of(&self, span: Option<Span>) -> Option<&str> {
        span.and_then(|s| self.0.get(s.start as usize..s.end as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text reads back as kept, blank, shown, joined and multi-byte ones among
    /// them, whatever was kept before and after it.
    #[test]
    fn texts_read_back_as_kept() {
        let mut texts = Texts::with_capacity(4);
        let a = texts.keep("n2.1596270949.2175190");
        let blank = texts.keep("");
        let number = texts.keep_shown(918_586_848_544u64);
        let joined = texts.keep_joined(["+91 98", "Priyā", ""], ", ");
        let none = texts.keep_joined([], ", ");
        assert_eq!(texts.of(a), Some("n2.1596270949.2175190"));
        assert_eq!(texts.of(blank), Some(""));
        assert_eq!(texts.of(number), Some("918586848544"));
        assert_eq!(texts.of(joined), Some("+91 98, Priyā, "));
        assert_eq!(texts.of(none), Some(""));
        assert_eq!(texts.of(None), None);
    }
}
