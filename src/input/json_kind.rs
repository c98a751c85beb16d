//! What kind of JSON value something is, named once for every message that says
//! "expected an object, found a string": `serde_json`'s values (call logs, HAR
//! archives) and jsonc-parser's (webhook configurations) alike.

/// The six kinds of JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    /// The kind as a message says it: "null", "a boolean", "an object".
    pub fn described(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "a boolean",
            Self::Number => "a number",
            Self::String => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }
}

impl From<&serde_json::Value> for JsonKind {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Boolean,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

impl From<&jsonc_parser::ast::Value<'_>> for JsonKind {
    fn from(value: &jsonc_parser::ast::Value<'_>) -> Self {
        use jsonc_parser::ast::Value;
        match value {
            Value::NullKeyword(_) => Self::Null,
            Value::BooleanLit(_) => Self::Boolean,
            Value::NumberLit(_) => Self::Number,
            Value::StringLit(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

/// What kind of JSON value `value` is, as a message says it.
pub fn described(value: impl Into<JsonKind>) -> &'static str {
    value.into().described()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parsers_values_are_named_alike() {
        let text = r#"[null, true, 1, "s", [], {}]"#;
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        let ast = jsonc_parser::parse_to_ast(
            text,
            &jsonc_parser::CollectOptions::default(),
            &jsonc_parser::ParseOptions::default(),
        )
        .unwrap();
        let Some(jsonc_parser::ast::Value::Array(array)) = ast.value else {
            panic!("not an array")
        };
        let ours: Vec<&str> = array.elements.iter().map(described).collect();
        let theirs: Vec<&str> = serde.as_array().unwrap().iter().map(described).collect();
        assert_eq!(ours, theirs);
        assert_eq!(
            ours,
            ["null", "a boolean", "a number", "a string", "an array", "an object"]
        );
    }
}
