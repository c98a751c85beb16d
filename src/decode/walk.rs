//! Flattening a call log into one row per field, nested ones included, each matched
//! to its dictionary entry by path pattern (`_ld[0]._rr[0]._ct` is `_ld[]._rr[]._ct`).

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::FixedOffset;
use serde_json::Value;

use super::document::{Key, Node};
use super::interpret::{Interpretation, interpret};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::lookup::{by_pattern, children};
use crate::vocabulary::{Field, ValueType};

/// How the walker walks a value: takes it whole, as one row, or goes into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// A scalar, an empty list or object, a value of unknown structure, or a list of
    /// scalars its field describes (`users`).
    Whole,
    /// An object: a row per member.
    Entries,
    /// A `{"ky", "vl"}` list: a row per entry, `_pm[ui]`.
    Keyed,
    /// Any other list: a row per item, `_ld[0]`.
    Items,
}

impl Walk {
    /// How a value of `value_type` (none for a key the dictionary does not know) is read.
    pub fn of(value_type: Option<ValueType>, value: &Node) -> Self {
        // The types matched by kind (`matches!`), not compared (`==`): the derived
        // comparison also compares a code type's table, on every row.
        match value {
            _ if matches!(value_type, Some(ValueType::Opaque)) => Walk::Whole,
            // A known field that holds one value, sent a list or an object: taken
            // whole, so that it is reported as the wrong type for that field, not
            // walked into as fields nobody knows.
            Node::Object(_) | Node::Array(_) if value_type.is_some_and(ValueType::is_scalar) => Walk::Whole,
            Node::Object(map) if !map.is_empty() => Walk::Entries,
            Node::Array(items) if !items.is_empty() => {
                if matches!(value_type, Some(ValueType::KeyedList)) && items.iter().all(keyed) {
                    Walk::Keyed
                } else if value_type.is_some_and(|t| !matches!(t, ValueType::List)) && items.iter().all(scalar) {
                    Walk::Whole
                } else {
                    Walk::Items
                }
            }
            _ => Walk::Whole,
        }
    }
}

/// One field of a call log, as sent and as interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// Concrete path where it is not the key itself (a top-level field's is): the
    /// dictionary's own string where the path is its own pattern (`payload.did`) or
    /// one made once for a list's item (`payload.legs[2].uid`).
    nested_path: Option<Cow<'static, str>>,
    /// The key as sent (for a keyed list entry, its `ky`).
    pub(crate) key: Cow<'static, str>,
    pub(crate) field: Option<&'static Field>,
    pub value: Value,
    pub(crate) display: Option<Cow<'static, str>>,
    /// The display is callhook's own text ([`Interpretation::own`]).
    pub(crate) display_own: bool,
}

impl FieldRow {
    /// Concrete path: `_ld[0]._rr[0]._ct`, `_pm[ui]`, `call_state`.
    #[must_use]
    pub fn path(&self) -> &str {
        self.nested_path.as_deref().unwrap_or(&self.key)
    }

    /// The path where it is the dictionary's own string (`payload.did`,
    /// `payload.legs[2].uid`, [`crate::vocabulary::lookup::Child::indexed_path`]): the same
    /// string, at the same place, on every record.
    pub(crate) fn dictionary_path(&self) -> Option<&'static str> {
        match self.nested_path {
            Some(Cow::Borrowed(path)) => Some(path),
            _ => None,
        }
    }

    /// Whether this is a field of the top-level object, whose path is its key.
    pub(crate) fn is_top_level(&self) -> bool {
        self.nested_path.is_none()
    }

    /// The index of the first list on its path: which leg of `payload.legs[2].result`
    /// (2), which dial leg of `_ld[0]._rr[1]._ct` (0). Rows of one leg share it.
    #[must_use]
    pub fn first_index(&self) -> Option<usize> {
        let path = self.nested_path.as_deref()?;
        let start = path.find('[')? + 1;
        let end = start + path[start..].find(']')?;
        path[start..end].parse().ok()
    }
}

pub struct Walker<'a> {
    tz: FixedOffset,
    pub rows: Vec<FieldRow>,
    pub findings: &'a mut Vec<Finding>,
    reported_unknown: HashSet<String>,
    /// The index of the list item being walked where its path is its pattern with
    /// the pattern's one `[]` as `[index]` (`payload.legs[2]` of `payload.legs[]`):
    /// there the rows' paths are the dictionary's, made once
    /// ([`crate::vocabulary::lookup::Child::indexed_path`]).
    item: Option<usize>,
}

impl<'a> Walker<'a> {
    pub fn new(tz: FixedOffset, findings: &'a mut Vec<Finding>) -> Self {
        Self {
            tz,
            rows: Vec::new(),
            findings,
            reported_unknown: HashSet::new(),
            item: None,
        }
    }

    /// The fields of a top-level object whose keys were looked up as they were read.
    pub fn top_level(&mut self, entries: Vec<(Key, Node)>) {
        for (key, value) in entries {
            self.value_of(key.text, value, None, None, key.field);
        }
    }

    /// One field of the top-level object, whose entry is looked up here.
    pub fn top_level_entry(&mut self, key: Cow<'static, str>, value: Node) {
        // At the top level a key is its own path and pattern.
        self.value(key, value, None, None);
    }

    /// The fields of an object nested at `path` (matched by `pattern`), in order.
    /// Consumed, so values move into rows rather than being copied.
    fn entries(&mut self, entries: Vec<(Cow<'static, str>, Node)>, path: &str, pattern: &str) {
        // Outside lists a path is its own pattern (`payload.did`): built once.
        let own_pattern = path == pattern;
        // The container's fields, found once per object, each then by its key's
        // segment rather than by hashing `pattern.key`.
        let children = children(pattern);
        for (key, value) in entries {
            let child = children.and_then(|c| c.field(pattern, &key));
            if own_pattern {
                // The entry holds the dictionary's copy of the joined path, which
                // the row takes instead of a path of its own.
                match child {
                    Some(child) => {
                        let entry = child.entry;
                        self.value_of(key, value, Some(Cow::Borrowed(entry.key)), None, Some(entry.field));
                    }
                    None => {
                        let child_path = join(path, &key);
                        self.value_of(key, value, Some(Cow::Owned(child_path)), None, None);
                    }
                }
                continue;
            }
            // Inside a list (`payload.legs[0].uid`), the pattern is looked up without
            // being built, and built only for what needs it: a value walked into,
            // or a key the dictionary does not know.
            let field = child.map(|c| c.entry.field);
            let child_path = match (child, self.item) {
                (Some(child), Some(index)) => child.indexed_path(index).map(Cow::Borrowed),
                _ => None,
            }
            .unwrap_or_else(|| Cow::Owned(join(path, &key)));
            let walked = matches!(value, Node::Object(_) | Node::Array(_));
            let child_pattern = (walked || field.is_none()).then(|| join(pattern, &key));
            self.value_of(key, value, Some(child_path), child_pattern.as_deref(), field);
        }
    }

    /// `path` is `None` where it is the key, `pattern` where it equals the path.
    fn value(
        &mut self,
        key: Cow<'static, str>,
        value: Node,
        nested_path: Option<Cow<'static, str>>,
        pattern: Option<&str>,
    ) {
        let field = by_pattern(pattern.or(nested_path.as_deref()).unwrap_or(&key));
        self.value_of(key, value, nested_path, pattern, field);
    }

    /// [`Walker::value`] with the entry of its pattern found.
    fn value_of(
        &mut self,
        key: Cow<'static, str>,
        value: Node,
        nested_path: Option<Cow<'static, str>>,
        pattern: Option<&str>,
        field: Option<&'static Field>,
    ) {
        let pattern_text = pattern.or(nested_path.as_deref()).unwrap_or(&key);
        let walk = Walk::of(field.map(|f| f.value_type), &value);
        if walk == Walk::Whole {
            let unknown = field.is_none().then(|| pattern_text.to_owned());
            return self.row(key, value.into_value(), nested_path, field, unknown);
        }
        let pattern = pattern_text.to_owned();
        self.walk_into(walk, key, value, nested_path, field, pattern);
    }

    /// [`Walker::value_of`] for a value walked into. Not inlined there: most rows
    /// are taken whole (all of v1's flat records), and inlined this slows them.
    #[inline(never)]
    fn walk_into(
        &mut self,
        walk: Walk,
        key: Cow<'static, str>,
        value: Node,
        nested_path: Option<Cow<'static, str>>,
        field: Option<&'static Field>,
        pattern: String,
    ) {
        let path = nested_path.as_deref().unwrap_or(&key).to_owned();
        match (walk, value) {
            (Walk::Entries, Node::Object(map)) => self.entries(map, &path, &pattern),
            (Walk::Keyed, Node::Array(items)) => {
                let outer = self.item.take();
                for item in items {
                    self.keyed_entry(item, &path, &pattern);
                }
                self.item = outer;
            }
            (_, Node::Array(items)) => {
                let mut item_pattern = String::with_capacity(pattern.len() + 2);
                item_pattern.push_str(&pattern);
                item_pattern.push_str("[]");
                // Only a list outside lists, whose items' paths differ from their
                // pattern by the one index.
                let indexed = path == pattern && !pattern.contains("[]");
                let outer = self.item.take();
                // Every item has the one pattern: its entry found once.
                let item_field = by_pattern(&item_pattern);
                let mut index = itoa::Buffer::new();
                for (i, item) in items.into_iter().enumerate() {
                    self.item = indexed.then_some(i);
                    let i = index.format(i);
                    let mut item_path = String::with_capacity(path.len() + i.len() + 2);
                    item_path.push_str(&path);
                    item_path.push('[');
                    item_path.push_str(i);
                    item_path.push(']');
                    let item_path = Some(Cow::Owned(item_path));
                    self.value_of(key.clone(), item, item_path, Some(&item_pattern), item_field);
                }
                self.item = outer;
            }
            (_, other) => self.row(key, other.into_value(), nested_path, field, None),
        }
    }

    /// `{"ky": "ui", "vl": "n2..."}` becomes the row `_pm[ui]`.
    fn keyed_entry(&mut self, item: Node, path: &str, pattern: &str) {
        let Node::Object(map) = item else { return };
        let mut ky = Cow::default();
        let mut vl = Node::Scalar(Value::Null);
        let mut others = Vec::new();
        for (key, value) in map {
            match key.as_ref() {
                "ky" => ky = Cow::Owned(key_text(&value)),
                "vl" => vl = value,
                _ => others.push((key, value)),
            }
        }
        let (path, pattern) = (format!("{path}[{ky}]"), format!("{pattern}[{ky}]"));
        self.value(ky, vl, Some(Cow::Owned(path.clone())), Some(&pattern));
        for (key, value) in others {
            let (child_path, child_pattern) = (join(&path, &key), join(&pattern, &key));
            self.value(key, value, Some(Cow::Owned(child_path)), Some(&child_pattern));
        }
    }

    /// `unknown` is the pattern of a field the dictionary does not know.
    fn row(
        &mut self,
        key: Cow<'static, str>,
        value: Value,
        nested_path: Option<Cow<'static, str>>,
        field: Option<&'static Field>,
        unknown: Option<String>,
    ) {
        let path = nested_path.as_deref().unwrap_or(&key);
        let Interpretation { display, own, problem } = if let Some(f) = field {
            interpret(f, &value, self.tz)
        } else {
            if let Some(pattern) = unknown
                && self.reported_unknown.insert(pattern)
            {
                self.findings.push(Finding::new(
                    FindingId::UnknownField,
                    Some(path),
                    format!("`{key}` is not in the dictionary; its value is shown as sent"),
                ));
            }
            Interpretation::default()
        };
        if let Some((id, message)) = problem {
            self.findings.push(Finding::new(id, Some(path), message));
        }
        self.rows.push(FieldRow {
            nested_path,
            key,
            field,
            value,
            display,
            display_own: own,
        });
    }
}

/// The path of `key` inside `prefix`: `_ld[0]._rr`. An empty key is still a step
/// (`.x` inside `""`), so no nested key passes for a top-level one.
fn join(prefix: &str, key: &str) -> String {
    let mut path = String::with_capacity(prefix.len() + 1 + key.len());
    path.push_str(prefix);
    path.push('.');
    path.push_str(key);
    path
}

fn keyed(item: &Node) -> bool {
    item.get("ky").is_some_and(scalar)
}

fn scalar(item: &Node) -> bool {
    matches!(item, Node::Scalar(_))
}

fn key_text(value: &Node) -> String {
    match value {
        Node::Scalar(Value::String(s)) => s.clone(),
        other => other.clone().into_value().to_string(),
    }
}
