//! Finding dictionary entries: by the exact path pattern a decoder is walking, and by
//! whatever name a person types (key, doc-style path, id or dropdown label).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::family::Family;
use super::fields::{FIELDS, Field};

/// Slots of the pattern table: a power of two, several times the ~100 patterns.
const SLOTS: usize = 1024;

/// A hash that reads four bytes and the length: patterns differ there, and it costs
/// less than hashing every byte (this runs for every field decoded).
fn pattern_hash(pattern: &[u8]) -> usize {
    let n = pattern.len();
    let byte = |i: usize| pattern.get(i).copied().map_or(0, usize::from);
    let mixed = (n.wrapping_mul(0x9E37)
        ^ byte(0) << 3
        ^ byte(1) << 11
        ^ byte(n.wrapping_sub(1)) << 17
        ^ byte(n.wrapping_sub(2)) << 23)
        .wrapping_mul(0x2545_F491);
    (mixed >> 7) & (SLOTS - 1)
}

/// The entry for an exact key or path pattern (`clid`, `_ld[]._rr[]._ct`, `_pm[ui]`).
pub fn by_pattern(pattern: &str) -> Option<&'static Field> {
    pattern_entry(pattern).map(|(_, field)| field)
}

/// The entry for an exact key or pattern, with the dictionary's own copy of it.
pub fn pattern_entry(pattern: &str) -> Option<(&'static str, &'static Field)> {
    type Table = Vec<Option<(&'static str, &'static Field)>>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![None; SLOTS];
        for (key, field) in FIELDS.iter().flat_map(|f| f.all_keys().map(move |k| (k, f))) {
            // The id itself where the key is spelt the same, so that a key read
            // through this table is the id's own string (output compares them so).
            let key = if key == field.id { field.id } else { key };
            let mut slot = pattern_hash(key.as_bytes());
            while table[slot].is_some() {
                slot = (slot + 1) & (SLOTS - 1);
            }
            table[slot] = Some((key, field));
        }
        table
    });
    let mut slot = pattern_hash(pattern.as_bytes());
    while let Some((key, field)) = table[slot] {
        if key == pattern {
            return Some((key, field));
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
    None
}

/// The field's In-Call (long) key, if it has one.
pub fn in_call_key(field: &Field) -> Option<&'static str> {
    field.keys_in(Family::InCall).first().copied()
}

/// The field's After-Call short-key path patterns.
pub fn after_call_keys(field: &Field) -> &'static [&'static str] {
    field.keys_in(Family::AfterCall)
}

/// Every name a field answers to, as a person might type it.
pub fn names(field: &Field) -> impl Iterator<Item = &'static str> + '_ {
    std::iter::once(field.id).chain(field.all_keys()).chain(field.dropdown)
}

/// The entry a person means by `name`: any key, path, id or dropdown label, in any
/// case; paths may be written as the documents do (`_ld._rr._ct`, `_pm.ui`) or with
/// indexes (`_ld[0]._rr[0]._ct`).
pub fn resolve(name: &str) -> Option<&'static Field> {
    static INDEX: OnceLock<FxHashMap<String, &'static Field>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            FIELDS
                .iter()
                .flat_map(|f| names(f).map(move |n| (loose(n), f)))
                .collect()
        })
        .get(&loose(name))
        .copied()
}

/// The closest name to `name`, when it is close enough to be a typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    nearest(name, FIELDS.iter().flat_map(names), 0.85)
}

/// The candidate most like `wanted` (Jaro-Winkler, both spelt as [`resolve`] spells
/// names), if it is at least `at_least` alike: the "did you mean" of every command.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, at_least: f64) -> Option<&'a str> {
    let wanted = loose(wanted);
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&wanted, &loose(candidate)), candidate))
        .filter(|(score, _)| *score >= at_least)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// One spelling for every way of writing the same name: lower case, single spaces,
/// list indexes dropped and `[ky]` written as `.ky`.
fn loose(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.trim().chars().peekable();
    let mut last_space = false;
    while let Some(c) = chars.next() {
        if c == '[' {
            let mut inner = String::new();
            for d in chars.by_ref() {
                if d == ']' {
                    break;
                }
                inner.push(d);
            }
            if !inner.is_empty() && !inner.bytes().all(|b| b.is_ascii_digit()) {
                out.push('.');
                out.push_str(&inner.to_lowercase());
            }
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_doc_paths_indexed_paths_labels_and_ids() {
        let ct = resolve("_ld._rr._ct").unwrap();
        assert_eq!(ct.id, "agent_number");
        assert_eq!(resolve("_ld[0]._rr[2]._ct"), Some(ct));
        assert_eq!(resolve("USER'S PHONE   number"), Some(ct));
        assert_eq!(resolve("_pm.ui").unwrap().id, "uid");
        assert_eq!(resolve("_pm[ui]").unwrap().id, "uid");
        assert_eq!(resolve("Status of log").unwrap().id, "status");
        assert_eq!(resolve("_su").unwrap().id, "status");
        assert_eq!(resolve("call_state").unwrap().id, "call_state");
        assert_eq!(after_call_keys(resolve("caller_number").unwrap()), ["_cl"]);
        assert!(resolve("state").is_none());
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(suggest("call_stat"), Some("call_state"));
        assert_eq!(suggest("Staus of log"), Some("Status of log"));
        assert_eq!(suggest("zzzzzz"), None);
    }

    #[test]
    fn every_key_is_found_by_its_exact_pattern_and_only_it() {
        for field in FIELDS {
            for key in field.all_keys() {
                assert_eq!(by_pattern(key).map(|f| f.id), Some(field.id), "{key}");
                assert!(
                    by_pattern(&format!("{key}x"))
                        .is_none_or(|f| f.id != field.id || f.all_keys().any(|k| k == format!("{key}x")))
                );
            }
        }
        assert!(by_pattern("").is_none());
        assert!(by_pattern("nope").is_none());
    }

    #[test]
    fn exact_patterns_do_not_loosen() {
        assert!(by_pattern("_ld[]._rr[]._ct").is_some());
        assert!(by_pattern("_ld._rr._ct").is_none());
    }
}
