//! Payload families: which shape of call log a record carries. A record's family is
//! detected once, from its top-level keys, by [`FamilyDetector`], which `decode` and
//! the timeline's fast reader share; the dictionary keeps each field's keys per
//! family ([`FamilyKeys`]).
//!
//! A family is data in three places: a variant of [`Family`], the keys its fields are
//! sent under in `FIELDS`, and a rule in [`RULES`]. The v1 Disposition family (`_dsp`)
//! and the v2 call and WhatsApp events (an envelope with `event_type` and `payload`)
//! are each one more of the three; a rule that must read a value (v2's `event_type`,
//! which tells a call event from a WhatsApp one) is a rule on that key's value.

use super::fields::Field;

/// The shapes of call log MyOperator sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// v1 In-Call: long keys (`clid_raw`, `call_state`), sent during the call.
    InCall,
    /// v1 After-Call: short keys (`_ai`, `_cr`), sent once the call has ended.
    AfterCall,
    /// No rule recognised the record.
    Unknown,
}

impl Family {
    /// As output names it: `in-call`, `after-call`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InCall => "in-call",
            Self::AfterCall => "after-call",
            Self::Unknown => "unknown",
        }
    }
}

/// The keys a field is sent under in one family: In-Call long keys, After-Call
/// short-key path patterns (`_ld[]._rr[]._ct`; `[]` stands for any list index, and
/// `[ky]` for the element of a `{"ky","vl"}` list whose `ky` is that word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyKeys {
    pub family: Family,
    pub keys: &'static [&'static str],
}

/// A field's In-Call keys, for the dictionary.
pub const fn in_call(keys: &'static [&'static str]) -> FamilyKeys {
    FamilyKeys {
        family: Family::InCall,
        keys,
    }
}

/// A field's After-Call keys, for the dictionary.
pub const fn after_call(keys: &'static [&'static str]) -> FamilyKeys {
    FamilyKeys {
        family: Family::AfterCall,
        keys,
    }
}

/// Which top-level keys are a sign of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// A key the dictionary lists for the family.
    DictionaryKey,
    /// Any key that starts so, known or not.
    Prefix(&'static str),
}

impl Sign {
    fn is_shown_by(self, family: Family, key: &str, field: Option<&Field>) -> bool {
        match self {
            Sign::DictionaryKey => field.is_some_and(|f| f.keys_in(family).contains(&key)),
            Sign::Prefix(prefix) => key.starts_with(prefix),
        }
    }
}

/// What top-level keys say of a record's family.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub family: Family,
    pub sign: Sign,
}

/// Every rule, in order of precedence: the family with most signs wins, and a tie goes
/// to the rule listed first.
pub const RULES: &[Rule] = &[
    Rule {
        family: Family::InCall,
        sign: Sign::DictionaryKey,
    },
    // Every short key, known or not: After-Call logs carry keys no page describes.
    Rule {
        family: Family::AfterCall,
        sign: Sign::Prefix("_"),
    },
];

/// Counts the signs of a record's top-level keys as they are read.
#[derive(Debug, Default, Clone, Copy)]
pub struct FamilyDetector {
    signs: [u32; RULES.len()],
}

impl FamilyDetector {
    /// One top-level key, with its dictionary entry if it has one.
    pub fn key(&mut self, key: &str, field: Option<&Field>) {
        for (signs, rule) in self.signs.iter_mut().zip(RULES) {
            *signs += u32::from(rule.sign.is_shown_by(rule.family, key, field));
        }
    }

    /// The family with the most signs; [`Family::Unknown`] when no key was a sign.
    pub fn family(self) -> Family {
        let mut best: Option<(u32, Family)> = None;
        for (&signs, rule) in self.signs.iter().zip(RULES) {
            if signs > 0 && best.is_none_or(|(most, _)| signs > most) {
                best = Some((signs, rule.family));
            }
        }
        best.map_or(Family::Unknown, |(_, family)| family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::lookup::by_pattern;

    fn family_of(keys: &[&str]) -> Family {
        let mut detector = FamilyDetector::default();
        for key in keys {
            detector.key(key, by_pattern(key));
        }
        detector.family()
    }

    #[test]
    fn long_keys_short_keys_ties_and_strangers() {
        assert_eq!(family_of(&["uid", "call_state", "clid"]), Family::InCall);
        assert_eq!(family_of(&["_ai", "_pm", "_ld", "_unheard_of"]), Family::AfterCall);
        // One of each: a tie goes to In-Call, listed first.
        assert_eq!(family_of(&["uid", "_ai"]), Family::InCall);
        assert_eq!(family_of(&["uid", "_ai", "_cr"]), Family::AfterCall);
        assert_eq!(family_of(&["hello", "world"]), Family::Unknown);
        assert_eq!(family_of(&[]), Family::Unknown);
    }

    #[test]
    fn every_family_with_keys_has_a_rule() {
        for field in crate::vocabulary::FIELDS {
            for keys in field.keys {
                assert!(RULES.iter().any(|r| r.family == keys.family), "{}", field.id);
                assert!(!keys.keys.is_empty(), "{}: an empty key list", field.id);
            }
        }
    }
}
