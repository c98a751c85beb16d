//! How output names a dictionary entry: its meaning as `decode` states it (a derived
//! meaning says so), and, for JSON, its strings escaped once per entry rather than on
//! every record that repeats them.

use std::sync::OnceLock;

use super::json_writer::{PreEscaped, WriteJson};
use crate::vocabulary::{FIELDS, Field, Provenance};

/// What output writes of one entry.
#[derive(Debug)]
pub struct EntryText {
    pub id: PreEscaped,
    pub meaning: PreEscaped,
    pub provenance: PreEscaped,
    /// A `decode` JSON field row up to its value, for the entry at the top level
    /// under its own id: `{"path":"clid","key":"clid",...,"value":`.
    pub top_level_start: Box<[u8]>,
    /// The same row from after its key to its value, for the entry anywhere else:
    /// `,"field":"...","meaning":"...","provenance":"...","value":`.
    pub after_key: Box<[u8]>,
}

impl EntryText {
    fn new(field: &'static Field) -> Self {
        let meaning: std::borrow::Cow<'static, str> = if field.provenance == Provenance::Derived {
            format!("{} (derived)", field.meaning).into()
        } else {
            field.meaning_shown().into()
        };
        let (id, meaning, provenance) = (
            PreEscaped::new(field.id),
            PreEscaped::new(meaning),
            PreEscaped::new(field.provenance.as_str()),
        );
        let mut start = Vec::new();
        let mut after_key = Vec::new();
        for (name, json) in [
            ("path", &id),
            ("key", &id),
            ("field", &id),
            ("meaning", &meaning),
            ("provenance", &provenance),
        ] {
            start.push(if start.is_empty() { b'{' } else { b',' });
            start.extend_from_slice(format!("\"{name}\":").as_bytes());
            json.write_json(&mut start);
            if !matches!(name, "path" | "key") {
                after_key.push(b',');
                after_key.extend_from_slice(format!("\"{name}\":").as_bytes());
                json.write_json(&mut after_key);
            }
        }
        start.extend_from_slice(b",\"value\":");
        after_key.extend_from_slice(b",\"value\":");
        EntryText {
            id,
            meaning,
            provenance,
            top_level_start: start.into_boxed_slice(),
            after_key: after_key.into_boxed_slice(),
        }
    }
}

/// The text of a dictionary entry; `None` for a field that is not one of [`FIELDS`]
/// (made elsewhere, in a test).
pub fn entry_text(field: &Field) -> Option<&'static EntryText> {
    static TABLE: OnceLock<Vec<EntryText>> = OnceLock::new();
    TABLE
        .get_or_init(|| FIELDS.iter().map(EntryText::new).collect())
        .get(field.position)
        .filter(|text| text.id.text() == field.id)
}

/// What output says a key means that is not in the dictionary.
pub const UNKNOWN_MEANING: &str = "not in the dictionary";

/// The meaning written for a key that is not in the dictionary, escaped.
pub fn unknown_meaning() -> &'static PreEscaped {
    static UNKNOWN: OnceLock<PreEscaped> = OnceLock::new();
    UNKNOWN.get_or_init(|| PreEscaped::new(UNKNOWN_MEANING))
}

/// The meaning to show for a field that may not be in the dictionary.
pub fn meaning(field: Option<&'static Field>) -> &'static str {
    match field {
        None => UNKNOWN_MEANING,
        Some(f) => entry_text(f).map_or_else(|| f.meaning_shown(), |text| text.meaning.text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_meanings_say_so_and_unknown_keys_are_named() {
        let derived = FIELDS.iter().find(|f| f.provenance == Provenance::Derived).unwrap();
        assert_eq!(meaning(Some(derived)), format!("{} (derived)", derived.meaning));
        let documented = FIELDS.iter().find(|f| f.provenance == Provenance::Documented).unwrap();
        assert_eq!(meaning(Some(documented)), documented.meaning);
        assert_eq!(meaning(None), "not in the dictionary");
        let text = entry_text(documented).unwrap();
        assert_eq!(text.id.text(), documented.id);
        assert!(
            std::str::from_utf8(&text.top_level_start)
                .unwrap()
                .ends_with(",\"value\":")
        );
        let stranger = Field {
            id: "not-an-entry",
            ..*documented
        };
        assert!(entry_text(&stranger).is_none());
    }
}
