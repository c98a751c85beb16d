//! Flattening a call log into one row per field, nested ones included, each matched
//! to its dictionary entry by path pattern (`_ld[0]._rr[0]._ct` is `_ld[]._rr[]._ct`).

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::FixedOffset;
use serde_json::Value;

use super::document::Key;
use super::interpret::{Interpretation, interpret};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::family::FamilyDetector;
use crate::vocabulary::lookup::by_pattern;
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
    pub fn of(value_type: Option<ValueType>, value: &Value) -> Self {
        match value {
            _ if value_type == Some(ValueType::Opaque) => Walk::Whole,
            // A known field that holds one value, sent a list or an object: taken
            // whole, so that it is reported as the wrong type for that field, not
            // walked into as fields nobody knows.
            Value::Object(_) | Value::Array(_) if value_type.is_some_and(ValueType::is_scalar) => Walk::Whole,
            Value::Object(map) if !map.is_empty() => Walk::Entries,
            Value::Array(items) if !items.is_empty() => {
                if value_type == Some(ValueType::KeyedList) && items.iter().all(keyed) {
                    Walk::Keyed
                } else if value_type.is_some_and(|t| t != ValueType::List) && items.iter().all(scalar) {
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
    /// Concrete path where it is not the key itself (a top-level field's is).
    nested_path: Option<String>,
    /// The key as sent (for a keyed list entry, its `ky`).
    pub(crate) key: Cow<'static, str>,
    pub(crate) field: Option<&'static Field>,
    pub value: Value,
    pub(crate) display: Option<Cow<'static, str>>,
}

impl FieldRow {
    /// Concrete path: `_ld[0]._rr[0]._ct`, `_pm[ui]`, `call_state`.
    #[must_use]
    pub fn path(&self) -> &str {
        self.nested_path.as_deref().unwrap_or(&self.key)
    }

    /// Whether this is a field of the top-level object, whose path is its key.
    pub(crate) fn is_top_level(&self) -> bool {
        self.nested_path.is_none()
    }
}

pub struct Walker<'a> {
    tz: FixedOffset,
    pub rows: Vec<FieldRow>,
    pub findings: &'a mut Vec<Finding>,
    /// What the top-level keys say of the family.
    pub family: FamilyDetector,
    reported_unknown: HashSet<String>,
}

impl<'a> Walker<'a> {
    pub fn new(tz: FixedOffset, findings: &'a mut Vec<Finding>) -> Self {
        Self {
            tz,
            rows: Vec::new(),
            findings,
            family: FamilyDetector::default(),
            reported_unknown: HashSet::new(),
        }
    }

    /// The fields of a top-level object whose keys were looked up as they were read.
    pub fn top_level(&mut self, entries: Vec<(Key, Value)>) {
        for (key, value) in entries {
            self.value_of(key.text, value, None, None, key.field);
        }
    }

    /// One field of the top-level object, whose entry is looked up here.
    pub fn top_level_entry(&mut self, key: Cow<'static, str>, value: Value) {
        // At the top level a key is its own path and pattern.
        self.value(key, value, None, None);
    }

    /// The fields of an object nested at `path` (matched by `pattern`), in order.
    /// Consumed, so values move into rows rather than being copied.
    fn entries(&mut self, entries: serde_json::Map<String, Value>, path: &str, pattern: &str) {
        for (key, value) in entries {
            let child_pattern = join(pattern, &key);
            let child_path = join(path, &key);
            self.value(Cow::Owned(key), value, Some(child_path), Some(&child_pattern));
        }
    }

    /// `path` is `None` where it is the key, `pattern` where it equals the path.
    fn value(&mut self, key: Cow<'static, str>, value: Value, nested_path: Option<String>, pattern: Option<&str>) {
        let field = by_pattern(pattern.or(nested_path.as_deref()).unwrap_or(&key));
        self.value_of(key, value, nested_path, pattern, field);
    }

    /// [`Walker::value`] with the entry of its pattern found.
    fn value_of(
        &mut self,
        key: Cow<'static, str>,
        value: Value,
        nested_path: Option<String>,
        pattern: Option<&str>,
        field: Option<&'static Field>,
    ) {
        let pattern_text = pattern.or(nested_path.as_deref()).unwrap_or(&key);
        if nested_path.is_none() {
            self.family.key(&key, field);
        }
        let walk = Walk::of(field.map(|f| f.value_type), &value);
        if walk == Walk::Whole {
            let unknown = field.is_none().then(|| pattern_text.to_owned());
            return self.row(key, value, nested_path, field, unknown);
        }
        let pattern = pattern_text.to_owned();
        let path = nested_path.clone().unwrap_or_else(|| key.to_string());
        match (walk, value) {
            (Walk::Entries, Value::Object(map)) => self.entries(map, &path, &pattern),
            (Walk::Keyed, Value::Array(items)) => {
                for item in items {
                    self.keyed_entry(item, &path, &pattern);
                }
            }
            (_, Value::Array(items)) => {
                let item_pattern = format!("{pattern}[]");
                for (i, item) in items.into_iter().enumerate() {
                    self.value(key.clone(), item, Some(format!("{path}[{i}]")), Some(&item_pattern));
                }
            }
            (_, other) => self.row(key, other, nested_path, field, None),
        }
    }

    /// `{"ky": "ui", "vl": "n2..."}` becomes the row `_pm[ui]`.
    fn keyed_entry(&mut self, item: Value, path: &str, pattern: &str) {
        let Value::Object(map) = item else { return };
        let mut ky = Cow::default();
        let mut vl = Value::Null;
        let mut others = Vec::new();
        for (key, value) in map {
            match key.as_str() {
                "ky" => ky = Cow::Owned(key_text(&value)),
                "vl" => vl = value,
                _ => others.push((key, value)),
            }
        }
        let (path, pattern) = (format!("{path}[{ky}]"), format!("{pattern}[{ky}]"));
        self.value(ky, vl, Some(path.clone()), Some(&pattern));
        for (key, value) in others {
            let (child_path, child_pattern) = (join(&path, &key), join(&pattern, &key));
            self.value(Cow::Owned(key), value, Some(child_path), Some(&child_pattern));
        }
    }

    /// `unknown` is the pattern of a field the dictionary does not know.
    fn row(
        &mut self,
        key: Cow<'static, str>,
        value: Value,
        nested_path: Option<String>,
        field: Option<&'static Field>,
        unknown: Option<String>,
    ) {
        let path = nested_path.as_deref().unwrap_or(&key);
        let Interpretation { display, problem } = if let Some(f) = field {
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
        });
    }
}

/// The path of `key` inside `prefix`: `_ld[0]._rr`. An empty key is still a step
/// (`.x` inside `""`), so no nested key passes for a top-level one.
fn join(prefix: &str, key: &str) -> String {
    format!("{prefix}.{key}")
}

fn keyed(item: &Value) -> bool {
    item.get("ky").is_some_and(scalar)
}

fn scalar(item: &Value) -> bool {
    !matches!(item, Value::Array(_) | Value::Object(_))
}

fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
