//! Finding dictionary entries: by the exact path pattern a decoder is walking, and by
//! whatever name a person types (key, doc-style path, id or dropdown label; a v2
//! path's last segments; a v2 event type; a v2 code word).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::codes::Word;
use super::family::{Families, Family};
use super::fields::{FIELDS, Field};
use super::v2_events::{V2_EVENTS, V2Event, event};

/// Slots of the pattern table: a power of two, several times the ~170 patterns.
const SLOTS: usize = 1024;

/// FxHash of the pattern's bytes, eight at a time: v2 paths share long prefixes and
/// suffixes (`payload.legs[].ring_duration`, `payload.legs[].talk_duration`), so no
/// few bytes tell them apart, and this runs for every field decoded.
fn pattern_hash(pattern: &[u8]) -> usize {
    use std::hash::BuildHasher;
    // A multiplying hash: its high bits are its best, so they index the table.
    let hash = rustc_hash::FxBuildHasher.hash_one(pattern);
    usize::try_from(hash >> (u64::BITS - SLOTS.trailing_zeros())).unwrap_or(0)
}

/// The entry for an exact key or path pattern (`clid`, `_ld[]._rr[]._ct`, `_pm[ui]`).
pub fn by_pattern(pattern: &str) -> Option<&'static Field> {
    pattern_entry(pattern).map(|e| e.field)
}

/// The entry for the pattern `prefix.key` (`payload.legs[].uid`), found without
/// building it (the walker asks this for every nested field); its `key` is the
/// dictionary's copy of the pattern.
pub fn pattern_entry_joined(prefix: &str, key: &str) -> Option<PatternEntry> {
    let mut buf = [0u8; 128];
    let len = prefix.len() + 1 + key.len();
    let Some(joined) = buf.get_mut(..len) else {
        return pattern_entry(&format!("{prefix}.{key}"));
    };
    joined[..prefix.len()].copy_from_slice(prefix.as_bytes());
    joined[prefix.len()] = b'.';
    joined[prefix.len() + 1..].copy_from_slice(key.as_bytes());
    pattern_entry_bytes(joined)
}

/// Items of a list whose rows' paths [`Child::indexed_path`] has made.
pub const INDEXED_ITEMS: usize = 8;

/// The concrete paths of `pattern` (a dictionary pattern with one list, as
/// [`PatternEntry::key`] holds it) in the list's items, in the order of the index:
/// `payload.legs[2].uid` for `payload.legs[].uid` and 2. Made once, for the first
/// [`INDEXED_ITEMS`] items, so that the walker need not build them for every row of
/// every leg; none for a pattern with no list or two, or a string that is not the
/// dictionary's copy.
fn indexed_paths(pattern: &str) -> &'static [String] {
    static PATHS: OnceLock<FxHashMap<(usize, usize), Vec<String>>> = OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        pattern_table()
            .iter()
            .flatten()
            .filter(|entry| entry.key.matches("[]").count() == 1)
            .map(|entry| {
                let items = (0..INDEXED_ITEMS).map(|i| entry.key.replacen("[]", &format!("[{i}]"), 1));
                (address(entry.key), items.collect())
            })
            .collect()
    });
    paths.get(&address(pattern)).map_or(&[], Vec::as_slice)
}

/// A field one step inside a container pattern, as [`Children::field`] finds it.
#[derive(Debug, Clone, Copy)]
pub struct Child {
    pub entry: PatternEntry,
    indexed: &'static [String],
}

impl Child {
    fn of(entry: PatternEntry) -> Self {
        Child {
            entry,
            indexed: indexed_paths(entry.key),
        }
    }

    /// The concrete path of its pattern in the list's item `index`, made once:
    /// `payload.legs[2].uid` for `payload.legs[].uid` and 2.
    #[must_use]
    pub fn indexed_path(&self, index: usize) -> Option<&'static str> {
        self.indexed.get(index).map(String::as_str)
    }
}

/// The fields one step inside a container pattern (`payload.legs[]`): those whose
/// key is a [`segment`] by the segment's address, so that a nested key the parser
/// read through [`segment`] is found without hashing `prefix.key`.
#[derive(Debug, Default)]
pub struct Children {
    by_segment: FxHashMap<(usize, usize), Child>,
}

impl Children {
    /// The entry of the pattern `prefix.key`, where `prefix` is this container's
    /// pattern: [`pattern_entry_joined`]'s answer, by the key's address where it is
    /// a child's segment, else by the joined text (a key `x.y`, `legs[].uid`, or
    /// one not the dictionary's copy).
    #[must_use]
    pub fn field(&self, prefix: &str, key: &str) -> Option<Child> {
        match self.by_segment.get(&address(key)) {
            Some(child) => Some(*child),
            None => pattern_entry_joined(prefix, key).map(Child::of),
        }
    }
}

/// The children of the container pattern `prefix` (`payload`, `_ld[]._rr[]`): none
/// where no pattern starts with `prefix.`, so that no key inside it has an entry.
pub fn children(prefix: &str) -> Option<&'static Children> {
    static CONTAINERS: OnceLock<FxHashMap<&'static str, Children>> = OnceLock::new();
    let containers = CONTAINERS.get_or_init(|| {
        let mut containers: FxHashMap<&'static str, Children> = FxHashMap::default();
        for entry in pattern_table().iter().flatten() {
            for (dot, _) in entry.key.match_indices('.') {
                let (prefix, rest) = (&entry.key[..dot], &entry.key[dot + 1..]);
                let children = containers.entry(prefix).or_default();
                if let Some(step) = segment(rest) {
                    children.by_segment.insert(address(step), Child::of(*entry));
                }
            }
        }
        containers
    });
    containers.get(prefix)
}

/// Where a string of the dictionary is, and how long: what tells its patterns apart
/// without reading them (a pattern and its first segment start at one address).
fn address(text: &str) -> (usize, usize) {
    (text.as_ptr() as usize, text.len())
}

/// A key or pattern of the dictionary, as the table of patterns holds it.
#[derive(Debug, Clone, Copy)]
pub struct PatternEntry {
    /// The dictionary's own copy of it.
    pub key: &'static str,
    pub field: &'static Field,
    /// The families the field is sent in under it.
    pub families: Families,
}

/// The entry for an exact key or pattern.
pub fn pattern_entry(pattern: &str) -> Option<PatternEntry> {
    pattern_entry_bytes(pattern.as_bytes())
}

fn pattern_entry_bytes(pattern: &[u8]) -> Option<PatternEntry> {
    let table = pattern_table();
    let mut slot = pattern_hash(pattern);
    while let Some(entry) = table[slot] {
        if entry.key.as_bytes() == pattern {
            return Some(entry);
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
    None
}

/// Every key and pattern in an open-addressed table of [`SLOTS`], probed linearly.
fn pattern_table() -> &'static [Option<PatternEntry>] {
    static TABLE: OnceLock<Vec<Option<PatternEntry>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<Option<PatternEntry>> = vec![None; SLOTS];
        for (key, field) in FIELDS.iter().flat_map(|f| f.all_keys().map(move |k| (k, f))) {
            // The id itself where the key is spelt the same, so that a key read
            // through this table is the id's own string (output compares them so).
            let key = if key == field.id { field.id } else { key };
            let mut slot = pattern_hash(key.as_bytes());
            // A key may stand in several families of one entry (`company_id`): once.
            while let Some(taken) = table[slot] {
                if taken.key == key {
                    break;
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            table[slot] = Some(PatternEntry {
                key,
                field,
                families: Families::of(field, key),
            });
        }
        table
    })
}

/// The dictionary's own copy of `text`, when it is a step of some path pattern
/// (`legs`, `dial_status`, `_rr`, `ky`): nested keys read through this need no
/// allocation of their own.
pub fn segment(text: &str) -> Option<&'static str> {
    let table = segment_table();
    let mut slot = segment_slot(text.as_bytes());
    // Every key of every nested object is looked up here as it is parsed: the slot
    // is found from the length and the two end bytes, cheaper than a hash of them
    // all, and distinct enough for the ~100 segments.
    while let Some(segment) = table[slot] {
        if segment.as_bytes() == text.as_bytes() {
            return Some(segment);
        }
        slot = (slot + 1) & (SEGMENT_SLOTS - 1);
    }
    None
}

/// Slots of the segment table: a power of two, several times the segments.
const SEGMENT_SLOTS: usize = 512;

fn segment_slot(text: &[u8]) -> usize {
    let (first, last) = match text {
        [] => (0, 0),
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
    };
    // The three as one word, multiplied (Fibonacci hashing): its high bits index.
    let word = u32::try_from(text.len() & 0xff).unwrap_or(0) << 16 | u32::from(first) << 8 | u32::from(last);
    usize::try_from(word.wrapping_mul(0x9E37_79B1) >> (u32::BITS - SEGMENT_SLOTS.trailing_zeros())).unwrap_or(0)
}

/// Every step of every pattern, by [`segment_slot`], probed linearly.
fn segment_table() -> &'static [Option<&'static str>] {
    static TABLE: OnceLock<Vec<Option<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let steps = FIELDS
            .iter()
            .flat_map(Field::all_keys)
            .flat_map(|pattern| pattern.split('.'));
        let names = steps.map(|step| step.split('[').next().unwrap_or(step));
        let mut table = vec![None; SEGMENT_SLOTS];
        for name in names.chain(["ky", "vl"]).filter(|name| !name.is_empty()) {
            let mut slot = segment_slot(name.as_bytes());
            while let Some(taken) = table[slot] {
                if taken == name {
                    break;
                }
                slot = (slot + 1) & (SEGMENT_SLOTS - 1);
            }
            table[slot] = Some(name);
        }
        table
    })
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

/// What a name a person types stands for, as `callhook fields NAME` explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Field(&'static Field),
    Event(&'static V2Event),
    /// A v2 code word, with every field that has it (`incoming` is a `direction`
    /// and a `payload.category`).
    Word(Vec<(&'static Field, &'static Word)>),
}

/// What a name stands for, in this order: a field by any of its names; a v2 event
/// type (in any case); a v2 path by its last segments (`dial_status`,
/// `legs.agent.contact`) when only one path ends so; a v2 code word (in any case).
/// `Err` holds the paths a name's last segments fit when several do.
pub fn explain(name: &str) -> Result<Entry, Vec<&'static Field>> {
    if let Some(field) = resolve(name) {
        return Ok(Entry::Field(field));
    }
    if let Some(found) = event(name).or_else(|| event(&name.trim().to_ascii_lowercase())) {
        return Ok(Entry::Event(found));
    }
    let ending = ending_so(name);
    if let [only] = ending.as_slice() {
        return Ok(Entry::Field(only));
    }
    let words = words_spelt(name);
    if !words.is_empty() {
        return Ok(Entry::Word(words));
    }
    Err(ending)
}

/// The v2 paths whose last segments are `name` (`dial_status` ends
/// `payload.legs[].dial_status`).
fn ending_so(name: &str) -> Vec<&'static Field> {
    let wanted = loose(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    FIELDS
        .iter()
        .filter(|f| {
            f.v2_paths().iter().any(|path| {
                let path = loose(path);
                path.strip_suffix(&wanted).is_some_and(|rest| rest.ends_with('.'))
            })
        })
        .collect()
}

/// Every field with a v2 code word spelt `name`, in any case.
fn words_spelt(name: &str) -> Vec<(&'static Field, &'static Word)> {
    let name = name.trim();
    FIELDS
        .iter()
        .flat_map(|f| f.value_type.words().iter().map(move |w| (f, w)))
        .filter(|(_, w)| w.spellings().any(|s| s.eq_ignore_ascii_case(name)))
        .collect()
}

/// The closest name to `name`, when it is close enough to be a typo: of a field, a
/// v2 event type or a v2 code word.
pub fn suggest(name: &str) -> Option<&'static str> {
    let events = V2_EVENTS.iter().flat_map(V2Event::spellings);
    let words = FIELDS.iter().flat_map(|f| f.value_type.words().iter().map(|w| w.value));
    nearest(name, FIELDS.iter().flat_map(names).chain(events).chain(words), 0.85)
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

    fn indexed_path(pattern: &str, index: usize) -> Option<&'static str> {
        indexed_paths(pattern).get(index).map(String::as_str)
    }

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
    fn explains_v2_paths_by_their_endings_events_and_words() {
        let id = |name: &str| match explain(name) {
            Ok(Entry::Field(f)) => f.id.to_owned(),
            Ok(Entry::Event(e)) => format!("event {}", e.name),
            Ok(Entry::Word(words)) => {
                let fields: Vec<&str> = words.iter().map(|(f, _)| f.id).collect();
                format!("word {}", fields.join(" "))
            }
            Err(several) => format!("several {}", several.len()),
        };
        assert_eq!(id("payload.legs[].dial_status"), "payload.legs[].dial_status");
        assert_eq!(id("payload.legs[2].dial_status"), "payload.legs[].dial_status");
        assert_eq!(id("dial_status"), "payload.legs[].dial_status");
        assert_eq!(id("legs.agent.contact"), "payload.legs[].agent.contact");
        assert_eq!(id("customer_number"), "payload.customer_number");
        // A v1 name comes first: `status` is `_su`'s, not `payload.status`.
        assert_eq!(id("status"), "status");
        assert_eq!(id("call.dial_begin"), "event call.dial_begin");
        assert_eq!(id("Call.Disposition"), "event disposition");
        assert_eq!(id("disposition"), "event disposition");
        assert_eq!(id("bridged"), "word payload.status");
        assert_eq!(id("no answer"), "word payload.legs[].dial_status");
        assert_eq!(id("incoming"), "word direction payload.direction payload.category");
        assert_eq!(id("started_at"), "several 2");
        assert_eq!(id("nothing-like-it"), "several 0");
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(suggest("call_stat"), Some("call_state"));
        assert_eq!(suggest("Staus of log"), Some("Status of log"));
        assert_eq!(suggest("call.dial_begins"), Some("call.dial_begin"));
        assert_eq!(suggest("NOANSWR"), Some("NOANSWER"));
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
    fn patterns_are_found_in_few_probes() {
        let table = pattern_table();
        let mut worst = 0;
        for key in FIELDS.iter().flat_map(Field::all_keys) {
            let mut slot = pattern_hash(key.as_bytes());
            let mut probes = 1;
            while table[slot].is_some_and(|e| e.key != key) {
                slot = (slot + 1) & (SLOTS - 1);
                probes += 1;
            }
            worst = worst.max(probes);
        }
        assert!(worst <= 3, "a pattern takes {worst} probes");
    }

    #[test]
    fn joined_patterns_are_found_as_built_ones() {
        let by_joined = |prefix: &str, key: &str| pattern_entry_joined(prefix, key).map(|e| e.field.id);
        assert_eq!(
            by_joined("payload.legs[]", "dial_status"),
            Some("payload.legs[].dial_status")
        );
        assert_eq!(by_joined("_ld[]._rr[]", "_ct"), Some("agent_number"));
        assert!(by_joined("payload.legs[]", "nope").is_none());
        let long = "x".repeat(200);
        assert!(by_joined(&long, "y").is_none());
        let entry = pattern_entry_joined("payload", "did").unwrap();
        assert_eq!(entry.key, "payload.did");
        assert!(std::ptr::eq(entry.key, pattern_entry("payload.did").unwrap().key));
        assert_eq!(segment("dial_status"), Some("dial_status"));
        assert_eq!(segment("_rr"), Some("_rr"));
        assert_eq!(segment("ky"), Some("ky"));
        assert_eq!(segment("payload.legs"), None);
    }

    /// Every step of every pattern is a segment, found in a few probes; nothing
    /// else is.
    #[test]
    fn segments_are_the_patterns_steps() {
        let table = segment_table();
        let filled = table.iter().flatten().count();
        assert!(filled > 50 && filled < SEGMENT_SLOTS / 2, "{filled}");
        let mut worst = 0;
        for name in table.iter().flatten() {
            assert_eq!(segment(name), Some(*name));
            let mut slot = segment_slot(name.as_bytes());
            let mut probes = 1;
            while table[slot] != Some(*name) {
                slot = (slot + 1) & (SEGMENT_SLOTS - 1);
                probes += 1;
            }
            worst = worst.max(probes);
        }
        assert!(worst <= 6, "a segment takes {worst} probes");
        for field in FIELDS {
            for pattern in field.all_keys() {
                for step in pattern.split('.') {
                    let name = step.split('[').next().unwrap_or(step);
                    assert!(name.is_empty() || segment(name) == Some(name), "{name}");
                }
            }
        }
        for other in ["", "x", "legsx", "Legs", "payload.legs", "dial_statu", "é"] {
            assert_eq!(segment(other), None, "{other}");
        }
    }

    /// The paths made once are the patterns with their one list's `[]` as the
    /// index; patterns with no list or two, other strings of the same text, and
    /// items past the first few have none.
    #[test]
    fn indexed_paths_are_their_patterns_with_the_index() {
        let mut made = 0;
        for entry in pattern_table().iter().flatten() {
            for index in 0..INDEXED_ITEMS + 2 {
                let path = indexed_path(entry.key, index);
                if entry.key.matches("[]").count() == 1 && index < INDEXED_ITEMS {
                    assert_eq!(path, Some(entry.key.replacen("[]", &format!("[{index}]"), 1).as_str()));
                    made += 1;
                } else {
                    assert_eq!(path, None, "{} {index}", entry.key);
                }
            }
        }
        assert!(made > 100, "{made}");
        let uid = pattern_entry("payload.legs[].uid").unwrap().key;
        assert_eq!(indexed_path(uid, 3), Some("payload.legs[3].uid"));
        assert_eq!(indexed_path("payload.legs[].uid".to_owned().leak(), 3), None);
        // The first segment of a pattern starts where it does.
        assert_eq!(indexed_path(&uid[..7], 0), None);
    }

    /// A container's children answer as [`pattern_entry_joined`] does for every
    /// prefix of every pattern (and some that are none) and every key: each
    /// segment as the dictionary's copy and as a copy of its own, dotted and
    /// bracketed keys, keys of no pattern; with the same indexed paths.
    #[test]
    fn children_are_found_as_joined_patterns() {
        let mut prefixes: Vec<&str> = vec!["", "x", "payload.legs", "legs[]", "_ld[]._rr[]._ct"];
        for entry in pattern_table().iter().flatten() {
            prefixes.extend(entry.key.match_indices('.').map(|(dot, _)| &entry.key[..dot]));
            prefixes.push(entry.key);
        }
        let segments: Vec<&'static str> = segment_table().iter().flatten().copied().collect();
        let owned: Vec<String> = segments.iter().map(|s| (*s).to_owned()).collect();
        let others = ["", "nope", "legs[].uid", "did.x", "_rr[]._ct", "ky", "vl", "é"];
        let mut found = 0;
        for prefix in prefixes {
            let keys = segments
                .iter()
                .copied()
                .chain(owned.iter().map(String::as_str))
                .chain(others);
            for key in keys {
                let slow = pattern_entry_joined(prefix, key);
                let fast = children(prefix).and_then(|c| c.field(prefix, key));
                assert_eq!(
                    fast.map(|c| (c.entry.key.as_ptr(), c.entry.key.len(), c.entry.field.id)),
                    slow.map(|e| (e.key.as_ptr(), e.key.len(), e.field.id)),
                    "{prefix} . {key}"
                );
                if let (Some(fast), Some(slow)) = (fast, slow) {
                    found += 1;
                    for index in 0..INDEXED_ITEMS + 1 {
                        assert_eq!(fast.indexed_path(index), indexed_path(slow.key, index), "{}", slow.key);
                    }
                }
            }
        }
        assert!(found > 200, "{found}");
        assert!(children("payload").is_some() && children("payload.did").is_none());
        // The segments are found by their address, not the joined text.
        let legs = children("payload.legs[]").unwrap();
        let uid = segment("uid").unwrap();
        assert!(std::ptr::eq(
            legs.by_segment[&address(uid)].entry.key,
            pattern_entry("payload.legs[].uid").unwrap().key
        ));
        let copy = String::from("uid");
        assert!(!legs.by_segment.contains_key(&address(copy.as_str())));
    }

    #[test]
    fn exact_patterns_do_not_loosen() {
        assert!(by_pattern("_ld[]._rr[]._ct").is_some());
        assert!(by_pattern("_ld._rr._ct").is_none());
    }
}
