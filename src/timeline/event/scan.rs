//! The timeline's reader of a v1 call log's JSON text by the shared scanner
//! (`timeline::scan`), for the common case: one flat object of keys to strings,
//! numbers, literals and lists of those, as MyOperator's In-Call webhook sends. It
//! hands the same facts to [`Facts::take`] and the same keys and values to the
//! [`FamilyDetector`] as the serde reader (`FactsReader`), in the same order,
//! without tokenising or building the values the timeline does not read.
//!
//! It gives up (and the serde reader reads the record) on what the serde reader
//! reads in its own ways: an escape, a key the timeline reads sent twice, a nested
//! object or list where the timeline reads the value (`_pm`, `_ld`, a fact sent as
//! an object), a HAR archive's `log`, the `myoperator` wrapper, anything that is not
//! JSON.

use serde_json::Value;

use super::{Fact, Facts};
use crate::input::har;
use crate::timeline::scan::{GiveUp, Scan, Scanned};
use crate::vocabulary::family::{Families, Family, FamilyDetector};
use crate::vocabulary::lookup::{PatternEntry, pattern_entry};
use crate::vocabulary::{FIELDS, ValueType};

/// The facts of a call log, or `None` when the scan gives up.
pub(super) fn call_log(text: &str) -> Option<Facts> {
    let mut scan = Scan::of(text)?;
    let mut facts = Facts::default();
    let mut family = FamilyDetector::default();
    scan.object(|scan, key| member(scan, key, &mut facts, &mut family))
        .ok()?;
    if !scan.at_end() {
        return None;
    }
    facts.after_call = family.family() == Family::AfterCall;
    Some(facts)
}

/// The id of a top-level key the scan reads: two for each dictionary entry, one
/// for the key spelt as the entry's id and one for any other (`clid` and `_cr` name
/// one field; a test checks that no two keys read take one id), and past every
/// entry's for a key only the family detector reads. The look-up gives the id's
/// own string for a key spelt as it, so the two are told apart by address.
fn key_id(entry: Option<&PatternEntry>, value_key: Option<usize>) -> usize {
    match entry {
        Some(e) => e.field.position * 2 + usize::from(!std::ptr::eq(e.key, e.field.id)),
        None => FIELDS.len() * 2 + value_key.unwrap_or(0),
    }
}

/// One top-level member, as `FactsReader` reads it: when the timeline reads its
/// value (which may then not come twice), the key's id ([`key_id`]).
fn member(scan: &mut Scan<'_>, key: &str, facts: &mut Facts, family: &mut FamilyDetector) -> Scanned<Option<usize>> {
    if key == har::ROOT_KEY || key == "myoperator" {
        return Err(GiveUp);
    }
    let entry = pattern_entry(key);
    let field = entry.map(|e| e.field);
    family.key(key, entry.map_or_else(Families::default, |e| e.families));
    // Lists walked as the decoder walks them (`_pm`, `_ld`).
    if field.is_some_and(|f| matches!(f.value_type, ValueType::List | ValueType::KeyedList)) {
        return Err(GiveUp);
    }
    let value_key = FamilyDetector::value_key(key);
    let reads_value = value_key.is_some();
    let fact = field.and_then(|f| Fact::of(f.id));
    if !reads_value && fact.is_none() {
        scan.skip()?;
        return Ok(None);
    }
    let id = key_id(entry.as_ref(), value_key);
    // A scalar, or a list of scalars: taken whole, as the decoder takes them for a
    // field that is not walked.
    let value = match scan.byte() {
        Some(b'[') => {
            let mut items = Vec::new();
            scan.array(|scan, _| {
                items.push(scalar(scan)?);
                Ok(())
            })?;
            Value::Array(items)
        }
        _ => scalar(scan)?,
    };
    if reads_value && let Value::String(text) = &value {
        family.value(key, text);
    }
    if let Some(fact) = fact {
        facts.take(fact, value);
    }
    Ok(Some(id))
}

/// A string, number or literal as its value; a list or object gives up.
fn scalar(scan: &mut Scan<'_>) -> Scanned<Value> {
    match scan.byte() {
        Some(b'"') => Ok(Value::String(scan.string()?.to_owned())),
        Some(b'-' | b'0'..=b'9') => Ok(Value::Number(scan.number()?)),
        _ => scan.literal(),
    }
}

#[cfg(test)]
mod tests {
    use super::key_id;
    use crate::timeline::event::Fact;
    use crate::timeline::scan::KEY_IDS;
    use crate::vocabulary::FIELDS;
    use crate::vocabulary::family::FamilyDetector;
    use crate::vocabulary::lookup::pattern_entry;

    /// The top-level keys the timeline reads (those of its facts, and those the
    /// family detector reads the value of) have distinct ids the set of seen keys
    /// holds, so that a log with all of them is still the scan's.
    #[test]
    fn the_keys_read_have_distinct_ids() {
        let mut keys: Vec<&str> = FIELDS
            .iter()
            .filter(|f| Fact::of(f.id).is_some())
            .flat_map(crate::vocabulary::Field::all_keys)
            .filter(|k| !k.contains(['[', '.']))
            .chain(["event_type", "channel"])
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut ids: Vec<usize> = keys
            .iter()
            .map(|k| key_id(pattern_entry(k).as_ref(), FamilyDetector::value_key(k)))
            .collect();
        assert!(ids.iter().all(|&id| id < KEY_IDS), "{keys:?} {ids:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), keys.len(), "{keys:?}");
    }
}
