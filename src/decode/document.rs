//! A JSON document as decoding needs it: the top-level object as its entries in
//! order, duplicates kept, and every value below it as a [`Node`], objects as their
//! entries in order, without the hash maps `serde_json::Value` would build for them.
//! A v1 call log is mostly one flat object and a v2 event a few small nested ones:
//! hashing each key of each object costs more than walking them does.

use std::fmt;

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::input::json_kind::JsonKind;
use crate::vocabulary::Field;
use crate::vocabulary::family::Families;
use crate::vocabulary::lookup::{pattern_entry, segment};

/// A key of the top-level object with its dictionary entry, looked up once as it
/// is read: the text is the dictionary's own string where the key is one it knows
/// (most keys of most records), so that it costs no allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: Cow<'static, str>,
    pub field: Option<&'static Field>,
    /// The families the dictionary sends it in.
    pub families: Families,
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        match pattern_entry(text) {
            Some(entry) => Key {
                text: Cow::Borrowed(entry.key),
                field: Some(entry.field),
                families: entry.families,
            },
            None => Key {
                text: Cow::Owned(text.to_owned()),
                field: None,
                families: Families::default(),
            },
        }
    }
}

/// A JSON value below the top level: an object as its entries in order, a list, or a
/// scalar (never a list or object). A key given twice in one object keeps its first
/// place and its last value, as `serde_json::Value` keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Keys the dictionary has as a step of a path are its own strings.
    Object(Vec<(Cow<'static, str>, Node)>),
    Array(Vec<Node>),
    Scalar(Value),
}

impl Node {
    /// The value of `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The scalar, if this is one.
    pub fn as_scalar(&self) -> Option<&Value> {
        match self {
            Node::Scalar(value) => Some(value),
            _ => None,
        }
    }

    /// A scalar that is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Scalar(Value::Null))
    }

    /// As a `serde_json::Value`, for a value taken whole: a scalar moved out, a list
    /// or object built.
    #[inline]
    pub fn into_value(self) -> Value {
        match self {
            Node::Scalar(value) => value,
            container => container.built(),
        }
    }

    fn built(self) -> Value {
        match self {
            Node::Scalar(value) => value,
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    map.insert(key.into_owned(), value.into_value());
                }
                Value::Object(map)
            }
        }
    }

    /// What kind of JSON value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Object(_) => JsonKind::Object,
            Node::Array(_) => JsonKind::Array,
            Node::Scalar(value) => JsonKind::from(value),
        }
        .described()
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

/// Above this many entries an object finds repeated keys through a hash map; below
/// it, by looking at the entries (most objects of a call log have a dozen).
const SCANNED_ENTRIES: usize = 16;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(Cow<'static, str>, Node)> = Vec::with_capacity(map.size_hint().unwrap_or(16));
        let mut index: Option<FxHashMap<Cow<'static, str>, usize>> = None;
        while let Some(key) = map.next_key_seed(SegmentSeed)? {
            let value: Node = map.next_value()?;
            let seen = match &mut index {
                Some(index) => index.get(&key).copied(),
                None => entries.iter().position(|(k, _)| *k == key),
            };
            if let Some(at) = seen {
                entries[at].1 = value;
                continue;
            }
            if let Some(index) = &mut index {
                index.insert(key.clone(), entries.len());
            } else if entries.len() == SCANNED_ENTRIES {
                let mut built: FxHashMap<Cow<'static, str>, usize> =
                    entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
                built.insert(key.clone(), entries.len());
                index = Some(built);
            }
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
}

/// A parsed JSON document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Object(Vec<(Key, Node)>),
    Array(Vec<Node>),
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
            Document::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.text.into_owned(), v.into_value()))
                    .collect(),
            ),
            Document::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
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
        while let Some(item) = seq.next_element::<Node>()? {
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

/// Reads a nested object's key: the dictionary's own string where it is a step of a
/// path, or its own.
struct SegmentSeed;

impl<'de> DeserializeSeed<'de> for SegmentSeed {
    type Value = Cow<'static, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for SegmentSeed {
    type Value = Cow<'static, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(segment(v).map_or_else(|| Cow::Owned(v.to_owned()), Cow::Borrowed))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(segment(&v).map_or(Cow::Owned(v), Cow::Borrowed))
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
        assert_eq!(entries[1].1.get("x"), Some(&Node::Array(vec![Node::Scalar(1.into())])));
        let doc: Document = serde_json::from_str("[{}, 1]").unwrap();
        assert_eq!(doc.kind(), "an array");
        assert_eq!(serde_json::from_str::<Document>("null").unwrap().kind(), "null");
    }

    /// Below the top level, objects read as `serde_json::Value` reads them: a key
    /// given twice keeps its first place and its last value, however many keys.
    #[test]
    fn nested_objects_are_what_serde_json_reads() {
        let mut many = String::from("{");
        for i in 0..40 {
            many.push_str(&format!("\"k{}\": {i}, ", i % 23));
        }
        many.push_str("\"z\": [1, {\"a\": 1, \"a\": [true, null, 1.5, \"s\"]}]}");
        for text in [
            many.as_str(),
            r#"{"a": 1, "b": 2, "a": 3}"#,
            "[]",
            "{}",
            r#""x""#,
            "-1",
            "1e400",
        ] {
            let node: Result<Node, _> = serde_json::from_str(text);
            let value: Result<Value, _> = serde_json::from_str(text);
            assert_eq!(node.map(Node::into_value).ok(), value.ok(), "{text}");
        }
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
