//! Flattening a call log into one row per field, nested ones included, each matched
//! to its dictionary entry by path pattern (`_ld[0]._rr[0]._ct` is `_ld[]._rr[]._ct`).

use std::collections::HashSet;

use chrono::FixedOffset;
use serde_json::{Map, Value};

use super::interpret::{Interpretation, interpret};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::lookup::by_pattern;
use crate::vocabulary::{Field, ValueType};

/// One field of a call log, as sent and as interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// Concrete path: `_ld[0]._rr[0]._ct`, `_pm[ui]`, `call_state`.
    pub path: String,
    /// The key as sent (for a keyed list entry, its `ky`).
    pub key: String,
    pub field: Option<&'static Field>,
    pub value: Value,
    pub display: Option<String>,
}

pub struct Walker<'a> {
    tz: FixedOffset,
    pub rows: Vec<FieldRow>,
    pub findings: &'a mut Vec<Finding>,
    reported_unknown: HashSet<String>,
}

impl<'a> Walker<'a> {
    pub fn new(tz: FixedOffset, findings: &'a mut Vec<Finding>) -> Self {
        Self {
            tz,
            rows: Vec::new(),
            findings,
            reported_unknown: HashSet::new(),
        }
    }

    pub fn object(&mut self, map: &Map<String, Value>, path: &str, pattern: &str) {
        for (key, value) in map {
            self.value(key, value, &join(path, key), &join(pattern, key));
        }
    }

    fn value(&mut self, key: &str, value: &Value, path: &str, pattern: &str) {
        let field = by_pattern(pattern);
        let value_type = field.map(|f| f.value_type);
        match value {
            _ if value_type == Some(ValueType::Opaque) => self.row(key, value, path, pattern, field),
            Value::Object(map) if !map.is_empty() => self.object(map, path, pattern),
            Value::Array(items) if !items.is_empty() => {
                if value_type == Some(ValueType::KeyedList) && items.iter().all(keyed) {
                    for item in items {
                        self.keyed_entry(item, path, pattern);
                    }
                } else if value_type.is_some_and(|t| t != ValueType::List) && items.iter().all(scalar) {
                    self.row(key, value, path, pattern, field);
                } else {
                    let item_pattern = format!("{pattern}[]");
                    for (i, item) in items.iter().enumerate() {
                        self.value(key, item, &format!("{path}[{i}]"), &item_pattern);
                    }
                }
            }
            _ => self.row(key, value, path, pattern, field),
        }
    }

    /// `{"ky": "ui", "vl": "n2..."}` becomes the row `_pm[ui]`.
    fn keyed_entry(&mut self, item: &Value, path: &str, pattern: &str) {
        let Value::Object(map) = item else { return };
        let ky = map.get("ky").map(key_text).unwrap_or_default();
        let (path, pattern) = (format!("{path}[{ky}]"), format!("{pattern}[{ky}]"));
        self.value(&ky, map.get("vl").unwrap_or(&Value::Null), &path, &pattern);
        for (key, value) in map.iter().filter(|(k, _)| *k != "ky" && *k != "vl") {
            self.value(key, value, &join(&path, key), &join(&pattern, key));
        }
    }

    fn row(&mut self, key: &str, value: &Value, path: &str, pattern: &str, field: Option<&'static Field>) {
        let Interpretation { display, problem } = match field {
            Some(f) => interpret(f, value, self.tz),
            None => {
                if self.reported_unknown.insert(pattern.to_owned()) {
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
            path: path.to_owned(),
            key: key.to_owned(),
            field,
            value: value.clone(),
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
