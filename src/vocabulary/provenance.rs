//! How a fact of the vocabulary is known: one scale for the v1 dictionary, the v2
//! paths and events, and each v1 field's v2 counterpart. v1 meanings come from
//! MyOperator's documents and from arithmetic on its samples; v2 facts come from a
//! different mix (its thin pages, the Postman samples that public code quotes, real
//! traffic that code describes), so the scale has a step for each.

/// How a meaning, value, event or counterpart is known, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// Stated on MyOperator's own pages.
    Documented,
    /// Seen in a published sample or in real traffic described by public code,
    /// including MyOperator's Postman collection as that code quotes it.
    SeenInSamples,
    /// Worked out from published sample values, checked by arithmetic.
    Derived,
    /// Worked out from other facts (names, shapes, sample values); nothing confirms it.
    Inferred,
    /// Seen in a published sample; nothing says what it is.
    Unknown,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Documented => "documented",
            Self::SeenInSamples => "seen in samples",
            Self::Derived => "derived",
            Self::Inferred => "inferred",
            Self::Unknown => "unknown",
        }
    }
}
