//! Finding dictionary entries: by the exact path pattern a decoder is walking, and by
//! whatever name a person types (key, doc-style path, id or dropdown label).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::fields::{FIELDS, Field};

/// The entry for an exact key or path pattern (`clid`, `_ld[]._rr[]._ct`, `_pm[ui]`).
/// Called for every field decoded, so the index hashes with Fx, not SipHash.
pub fn by_pattern(pattern: &str) -> Option<&'static Field> {
    static INDEX: OnceLock<FxHashMap<&'static str, &'static Field>> = OnceLock::new();
    INDEX
        .get_or_init(|| FIELDS.iter().flat_map(|f| f.keys().map(move |k| (k, f))).collect())
        .get(pattern)
        .copied()
}

/// Every name a field answers to, as a person might type it.
pub fn names(field: &Field) -> impl Iterator<Item = &'static str> + '_ {
    std::iter::once(field.id).chain(field.keys()).chain(field.dropdown)
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
    let wanted = loose(name);
    FIELDS
        .iter()
        .flat_map(names)
        .map(|candidate| (strsim::jaro_winkler(&wanted, &loose(candidate)), candidate))
        .filter(|(score, _)| *score >= 0.85)
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
        assert_eq!(resolve("caller_number").unwrap().after_call, ["_cl"]);
        assert!(resolve("state").is_none());
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(suggest("call_stat"), Some("call_state"));
        assert_eq!(suggest("Staus of log"), Some("Status of log"));
        assert_eq!(suggest("zzzzzz"), None);
    }

    #[test]
    fn exact_patterns_do_not_loosen() {
        assert!(by_pattern("_ld[]._rr[]._ct").is_some());
        assert!(by_pattern("_ld._rr._ct").is_none());
    }
}
