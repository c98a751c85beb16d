//! A JSON document as decoding needs it: the top-level object as its entries in
//! order, duplicates kept, without the hash map `serde_json::Value` would build for
//! it. A call log is mostly one flat object, so this is most of the parsing saved.

use std::fmt;

use std::borrow::Cow;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::input::json_kind::JsonKind;
use crate::vocabulary::Field;
use crate::vocabulary::lookup::pattern_entry;

/// A key of the top-level object with its dictionary entry, looked up once as it
/// is read: the text is the dictionary's own string where the key is one it knows
/// (most keys of most records), so that it costs no allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: Cow<'static, str>,
    pub field: Option<&'static Field>,
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        match pattern_entry(text) {
            Some((known, field)) => Key {
                text: Cow::Borrowed(known),
                field: Some(field),
            },
            None => Key {
                text: Cow::Owned(text.to_owned()),
                field: None,
            },
        }
    }
}

/// A parsed JSON document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Object(Vec<(Key, Value)>),
    Array(Vec<Value>),
    Scalar(Value),
}

impl Document {
    /// What kind of JSON value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Object(_) => JsonKind::Object,
            Document::Array(_) => JsonKind::Array,
            Document::Scalar(value) => JsonKind::from(value),
        }
        .described()
    }

    /// The document as a `serde_json::Value`, for the rare reader that wants one.
    pub fn into_value(self) -> Value {
        match self {
            Document::Object(entries) => {
                Value::Object(entries.into_iter().map(|(k, v)| (k.text.into_owned(), v)).collect())
            }
            Document::Array(items) => Value::Array(items),
            Document::Scalar(v) => v,
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            entries.push((key, map.next_value()?));
        }
        Ok(Document::Object(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Document::Array(items))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Document, E> {
        Ok(Document::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Document, E> {
        Ok(Document::Scalar(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Document, E> {
        Ok(Document::Scalar(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Document, E> {
        Ok(Document::Scalar(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Document, E> {
        Ok(Document::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Document, E> {
        Ok(Document::Scalar(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Document, E> {
        Ok(Document::Scalar(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Document, E> {
        Ok(Document::Scalar(Value::Null))
    }
}

/// Reads an object key as a [`Key`].
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_duplicates() {
        let doc: Document = serde_json::from_str(r#"{"b": 1, "a": {"x": [1]}, "b": 2}"#).unwrap();
        let Document::Object(entries) = doc else {
            panic!("not an object")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| &*k.text).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(entries[1].1["x"][0], 1);
        let doc: Document = serde_json::from_str("[{}, 1]").unwrap();
        assert_eq!(doc.kind(), "an array");
        assert_eq!(serde_json::from_str::<Document>("null").unwrap().kind(), "null");
    }

    #[test]
    fn known_keys_are_the_dictionary_s_own_strings() {
        let doc: Document = serde_json::from_str(r#"{"clid": 1, "cl\u0069d": 2, "mine": 3}"#).unwrap();
        let Document::Object(entries) = doc else {
            panic!("not an object")
        };
        let keys: Vec<(&str, bool, bool)> = entries
            .iter()
            .map(|(k, _)| (&*k.text, matches!(k.text, Cow::Borrowed(_)), k.field.is_some()))
            .collect();
        assert_eq!(
            keys,
            [("clid", true, true), ("clid", true, true), ("mine", false, false)]
        );
    }
}
