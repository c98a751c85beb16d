//! How a Webhook v2 fact is known. The v1 dictionary grades meanings by
//! [`super::Provenance`] (documented, derived, unknown); v2 facts come from a
//! different mix of sources, so they are graded on their own scale.

/// How a v2 event, field or v1-to-v2 counterpart is known, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Stated on MyOperator's own pages.
    Documented,
    /// Seen in a published sample or in real traffic described by public code,
    /// including MyOperator's Postman collection as that code quotes it.
    SeenInSamples,
    /// Worked out from other facts (names, shapes, sample values); nothing confirms it.
    Inferred,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Documented => "documented",
            Self::SeenInSamples => "seen in samples",
            Self::Inferred => "inferred",
        }
    }
}
