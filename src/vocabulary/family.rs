//! Payload families: which shape of call log or event a record carries. A record's
//! family is detected once, from its top-level keys (and the values of the two keys
//! that name a v2 event's channel), by [`FamilyDetector`], which `decode` and the
//! timeline's fast reader share; the dictionary keeps each field's keys per family
//! ([`FamilyKeys`]).
//!
//! A family is data in three places: a variant of [`Family`], the keys its fields are
//! sent under in `FIELDS`, and a rule in [`RULES`]. v1 In-Call and After-Call logs are
//! told by counting signs (long keys against short ones); a v1 Disposition log (`_dsp`)
//! and a v2 event (an envelope with `event_type` and `payload`) are told by their
//! envelope, whatever else they hold, and a v2 event's channel by its `event_type`
//! (`call.*`, `message.*`) or, failing that, its `channel`.

use super::fields::Field;
use super::v2_events::{Channel, channel_of};

/// The shapes of call log and event MyOperator sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// v1 In-Call: long keys (`clid_raw`, `call_state`), sent during the call.
    InCall,
    /// v1 After-Call: short keys (`_ai`, `_cr`), sent once the call has ended.
    AfterCall,
    /// v1 Disposition: a log with the agents' dispositions in `_dsp`.
    Disposition,
    /// Webhook v2, a call event (`call.end`, `disposition`, ...).
    V2Call,
    /// Webhook v2, a WhatsApp event (`message.received`, `conversation.close`, ...).
    V2WhatsApp,
    /// No rule recognised the record, or a v2 envelope whose event names no channel.
    Unknown,
}

impl Family {
    /// Every family, in the order of [`Families`]' bits.
    pub const ALL: [Family; 6] = [
        Family::InCall,
        Family::AfterCall,
        Family::Disposition,
        Family::V2Call,
        Family::V2WhatsApp,
        Family::Unknown,
    ];

    fn bit(self) -> u8 {
        1 << Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// As output names it: `in-call`, `after-call`, `disposition`, `v2-call`,
    /// `v2-whatsapp`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InCall => "in-call",
            Self::AfterCall => "after-call",
            Self::Disposition => "disposition",
            Self::V2Call => "v2-call",
            Self::V2WhatsApp => "v2-whatsapp",
            Self::Unknown => "unknown",
        }
    }

    /// As a table of keys heads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::InCall => "In-Call",
            Self::AfterCall => "After-Call",
            Self::Disposition => "Disposition",
            Self::V2Call => "v2 call",
            Self::V2WhatsApp => "v2 WhatsApp",
            Self::Unknown => "unknown",
        }
    }

    /// Whether it is a Webhook v2 event.
    pub fn is_v2(self) -> bool {
        matches!(self, Self::V2Call | Self::V2WhatsApp)
    }
}

/// The families a key is sent in, for a key the dictionary knows: worked out once per
/// key, when the table of keys is built, since the detector asks for every key of
/// every record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Families(u8);

impl Families {
    /// The families in which `field` is sent under `key`.
    pub fn of(field: &Field, key: &str) -> Self {
        Families(
            field
                .keys
                .iter()
                .filter(|k| k.keys.contains(&key))
                .fold(0, |bits, k| bits | k.family.bit()),
        )
    }

    pub fn contains(self, family: Family) -> bool {
        self.0 & family.bit() != 0
    }
}

/// The keys a field is sent under in one family: In-Call long keys, After-Call
/// short-key path patterns (`_ld[]._rr[]._ct`; `[]` stands for any list index, and
/// `[ky]` for the element of a `{"ky","vl"}` list whose `ky` is that word), v2 paths
/// (`payload.legs[].agent.contact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyKeys {
    pub family: Family,
    pub keys: &'static [&'static str],
}

const fn keys_of(family: Family, keys: &'static [&'static str]) -> FamilyKeys {
    FamilyKeys { family, keys }
}

/// A field's In-Call keys, for the dictionary.
pub const fn in_call(keys: &'static [&'static str]) -> FamilyKeys {
    keys_of(Family::InCall, keys)
}

/// A field's After-Call keys, for the dictionary.
pub const fn after_call(keys: &'static [&'static str]) -> FamilyKeys {
    keys_of(Family::AfterCall, keys)
}

/// A field's Disposition keys, for the dictionary.
pub const fn disposition(keys: &'static [&'static str]) -> FamilyKeys {
    keys_of(Family::Disposition, keys)
}

/// A field's paths on v2 call events, for the dictionary.
pub const fn v2_call(keys: &'static [&'static str]) -> FamilyKeys {
    keys_of(Family::V2Call, keys)
}

/// A field's paths on v2 WhatsApp events, for the dictionary.
pub const fn v2_whatsapp(keys: &'static [&'static str]) -> FamilyKeys {
    keys_of(Family::V2WhatsApp, keys)
}

/// A field's paths on every v2 event, call and WhatsApp (the envelope's).
pub const fn v2_every(keys: &'static [&'static str]) -> [FamilyKeys; 2] {
    [v2_call(keys), v2_whatsapp(keys)]
}

/// What top-level keys say of a record's family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// A key the dictionary lists for the family: one sign each.
    DictionaryKey,
    /// Any key that starts so, known or not: one sign each.
    Prefix(&'static str),
    /// Every one of these keys, and, where given, an event of this channel: the
    /// family, however many signs the others count.
    Envelope {
        keys: &'static [&'static str],
        channel: Option<Channel>,
    },
}

/// What top-level keys say of a record's family.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub family: Family,
    pub sign: Sign,
}

/// The keys of a v2 envelope that tell it from a v1 log.
pub const V2_ENVELOPE: &[&str] = &["event_type", "payload"];

/// Every rule, in order of precedence: the first envelope a record has decides;
/// otherwise the family with most signs wins, and a tie goes to the rule listed first.
pub const RULES: &[Rule] = &[
    Rule {
        family: Family::Disposition,
        sign: Sign::Envelope {
            keys: &["_dsp"],
            channel: None,
        },
    },
    Rule {
        family: Family::V2Call,
        sign: Sign::Envelope {
            keys: V2_ENVELOPE,
            channel: Some(Channel::Call),
        },
    },
    Rule {
        family: Family::V2WhatsApp,
        sign: Sign::Envelope {
            keys: V2_ENVELOPE,
            channel: Some(Channel::WhatsApp),
        },
    },
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

/// The top-level keys whose values the detector reads: a v2 event's type, then its
/// channel.
const VALUE_KEYS: [&str; 2] = ["event_type", "channel"];

/// Counts the signs of a record's top-level keys as they are read.
#[derive(Debug, Default, Clone, Copy)]
pub struct FamilyDetector {
    /// Per rule: signs counted, or for an envelope one bit per key seen.
    signs: [u32; RULES.len()],
    /// The channel `event_type`, then `channel`, named.
    channels: [Option<Channel>; VALUE_KEYS.len()],
}

impl FamilyDetector {
    /// One top-level key, with the families the dictionary sends it in (none for a
    /// key it does not know).
    pub fn key(&mut self, key: &str, families: Families) {
        for (signs, rule) in self.signs.iter_mut().zip(RULES) {
            match rule.sign {
                Sign::DictionaryKey => *signs += u32::from(families.contains(rule.family)),
                Sign::Prefix(prefix) => *signs += u32::from(key.starts_with(prefix)),
                Sign::Envelope { keys, .. } => {
                    if let Some(i) = keys.iter().position(|k| *k == key) {
                        *signs |= 1 << i;
                    }
                }
            }
        }
    }

    /// Whether the detector reads the value of the top-level key `key`.
    pub fn reads_value(key: &str) -> bool {
        Self::value_key(key).is_some()
    }

    /// Which of the keys whose value the detector reads `key` is, counting from 0.
    pub fn value_key(key: &str) -> Option<usize> {
        VALUE_KEYS.iter().position(|k| *k == key)
    }

    /// The text value of a top-level key the detector reads ([`Self::reads_value`]).
    pub fn value(&mut self, key: &str, text: &str) {
        match Self::value_key(key) {
            Some(0) => self.channels[0] = channel_of(text),
            Some(i) => self.channels[i] = Channel::parse(text),
            None => {}
        }
    }

    /// Whether the record has a v2 envelope's keys, whatever its event.
    pub fn is_v2_envelope(self) -> bool {
        RULES.iter().zip(self.signs).any(|(rule, signs)| {
            matches!(rule.sign, Sign::Envelope { keys, .. } if keys == V2_ENVELOPE && signs == (1 << keys.len()) - 1)
        })
    }

    /// The channel the record's event names: by its type, else by its `channel`.
    pub fn channel(self) -> Option<Channel> {
        self.channels.into_iter().flatten().next()
    }

    /// The family of the first envelope the record has, else the one with the most
    /// signs; [`Family::Unknown`] when no key was a sign, or when the record is in an
    /// envelope whose channel nothing names.
    pub fn family(self) -> Family {
        let mut enveloped = false;
        for (&signs, rule) in self.signs.iter().zip(RULES) {
            if let Sign::Envelope { keys, channel } = rule.sign
                && signs == (1 << keys.len()) - 1
            {
                if channel.is_none() || channel == self.channel() {
                    return rule.family;
                }
                enveloped = true;
            }
        }
        if enveloped {
            return Family::Unknown;
        }
        let mut best: Option<(u32, Family)> = None;
        for (&signs, rule) in self.signs.iter().zip(RULES) {
            if matches!(rule.sign, Sign::Envelope { .. }) {
                continue;
            }
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
    use crate::vocabulary::lookup::pattern_entry;

    fn detect(entries: &[(&str, &str)]) -> Family {
        let mut detector = FamilyDetector::default();
        for (key, value) in entries {
            detector.key(key, pattern_entry(key).map_or_else(Families::default, |e| e.families));
            if FamilyDetector::reads_value(key) {
                detector.value(key, value);
            }
        }
        detector.family()
    }

    fn family_of(keys: &[&str]) -> Family {
        detect(&keys.iter().map(|k| (*k, "")).collect::<Vec<_>>())
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
    fn a_disposition_log_is_told_by_its_dispositions_whatever_else_it_has() {
        assert_eq!(family_of(&["_ai", "_cr", "_pm", "_dsp"]), Family::Disposition);
        assert_eq!(family_of(&["_dsp"]), Family::Disposition);
    }

    #[test]
    fn a_v2_envelope_is_told_by_its_event_type_then_its_channel() {
        let envelope = |event: &'static str, channel: &'static str| {
            let mut entries = vec![
                ("event_id", "e1"),
                ("company_id", "6836cad944e39380"),
                ("event_type", event),
            ];
            if !channel.is_empty() {
                entries.push(("channel", channel));
            }
            entries.push(("payload", ""));
            detect(&entries)
        };
        assert_eq!(envelope("call.end", "call"), Family::V2Call);
        assert_eq!(envelope("disposition", ""), Family::V2Call);
        assert_eq!(envelope("call.disposition", ""), Family::V2Call);
        // An unknown `call.*` event is still a call event.
        assert_eq!(envelope("call.transferred", ""), Family::V2Call);
        assert_eq!(envelope("message.received", ""), Family::V2WhatsApp);
        assert_eq!(envelope("conversation.close", ""), Family::V2WhatsApp);
        // The type decides over the channel; the channel decides an unknown type.
        assert_eq!(envelope("message.read", "call"), Family::V2WhatsApp);
        assert_eq!(envelope("order.placed", "WhatsApp"), Family::V2WhatsApp);
        assert_eq!(envelope("order.placed", ""), Family::Unknown);
        // Without `payload` it is no envelope: `company_id` is an In-Call key.
        assert_eq!(
            detect(&[("event_type", "call.end"), ("company_id", "x")]),
            Family::InCall
        );
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
