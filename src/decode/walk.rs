//! Flattening a call log into one row per field, nested ones included, each matched
//! to its dictionary entry by path pattern (`_ld[0]._rr[0]._ct` is `_ld[]._rr[]._ct`).

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::FixedOffset;
use serde_json::Value;

use super::FamilyVotes;
use super::document::Key;
use super::interpret::{Interpretation, interpret};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::lookup::by_pattern;
use crate::vocabulary::{Field, ValueType};

/// One field of a call log, as sent and as interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// Concrete path where it is not the key itself (a top-level field's is).
    nested_path: Option<String>,
    /// The key as sent (for a keyed list entry, its `ky`).
    pub key: Cow<'static, str>,
    pub field: Option<&'static Field>,
    pub value: Value,
    pub display: Option<Cow<'static, str>>,
}

impl FieldRow {
    /// Concrete path: `_ld[0]._rr[0]._ct`, `_pm[ui]`, `call_state`.
    pub fn path(&self) -> &str {
        self.nested_path.as_deref().unwrap_or(&self.key)
    }

    /// Whether this is a field of the top-level object, whose path is its key.
    pub fn is_top_level(&self) -> bool {
        self.nested_path.is_none()
    }
}

pub struct Walker<'a> {
    tz: FixedOffset,
    pub rows: Vec<FieldRow>,
    pub findings: &'a mut Vec<Finding>,
    /// What the top-level keys say of the family.
    pub family: FamilyVotes,
    reported_unknown: HashSet<String>,
}

impl<'a> Walker<'a> {
    pub fn new(tz: FixedOffset, findings: &'a mut Vec<Finding>) -> Self {
        Self {
            tz,
            rows: Vec::new(),
            findings,
            family: FamilyVotes::default(),
            reported_unknown: HashSet::new(),
        }
    }

    /// The fields of a top-level object whose keys were looked up as they were read.
    pub fn top_level(&mut self, entries: Vec<(Key, Value)>) {
        for (key, value) in entries {
            self.value_of(key.text, value, None, None, key.field);
        }
    }

    /// The fields of an object, in order. Consumed, so values move into rows
    /// rather than being copied.
    pub fn entries<K: Into<Cow<'static, str>>>(
        &mut self,
        entries: impl IntoIterator<Item = (K, Value)>,
        path: &str,
        pattern: &str,
    ) {
        for (key, value) in entries {
            let key = key.into();
            if path.is_empty() {
                // At the top level a key is its own path and pattern.
                self.value(key, value, None, None);
            } else {
                let child_pattern = join(pattern, &key);
                let child_path = join(path, &key);
                self.value(key, value, Some(child_path), Some(&child_pattern));
            }
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
            self.family.vote(&key, field);
        }
        let value_type = field.map(|f| f.value_type);
        let container = match &value {
            Value::Object(map) => !map.is_empty(),
            Value::Array(items) => !items.is_empty(),
            _ => false,
        };
        if !container || value_type == Some(ValueType::Opaque) {
            let unknown = field.is_none().then(|| pattern_text.to_owned());
            return self.row(key, value, nested_path, field, unknown);
        }
        let pattern = pattern_text.to_owned();
        let path = nested_path.clone().unwrap_or_else(|| key.to_string());
        match value {
            Value::Object(map) => self.entries(map, &path, &pattern),
            Value::Array(items) => {
                if value_type == Some(ValueType::KeyedList) && items.iter().all(keyed) {
                    for item in items {
                        self.keyed_entry(item, &path, &pattern);
                    }
                } else if value_type.is_some_and(|t| t != ValueType::List) && items.iter().all(scalar) {
                    self.row(key, Value::Array(items), nested_path, field, None);
                } else {
                    let item_pattern = format!("{pattern}[]");
                    for (i, item) in items.into_iter().enumerate() {
                        self.value(key.clone(), item, Some(format!("{path}[{i}]")), Some(&item_pattern));
                    }
                }
            }
            scalar => self.row(key, scalar, nested_path, field, None),
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
        let Interpretation { display, problem } = match field {
            Some(f) => interpret(f, &value, self.tz),
            None => {
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
            }
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

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
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
