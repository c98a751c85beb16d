//! The one shape of every JSON document callhook writes (`--format json` of every
//! command): an object whose first member is `"schema_version"`, then lists and
//! members, pretty as `serde_json` writes it. A list is streamed a few items at a time, so
//! a document of a million records is never built whole; `decode` renders its items
//! on the reading workers and writes the pieces between them from here.

use std::io::{self, Write};

use serde::Serialize;

use super::SCHEMA_VERSION;
use super::json_writer::WriteJson;
use super::ordered;
use crate::terminal::escape_control_in_json;

/// The document's nesting level of a list's items: inside the document, inside the list.
const ITEM_LEVEL: usize = 2;

/// Opens a document: `{` and its `"schema_version"`.
pub fn open(out: &mut dyn Write) -> io::Result<()> {
    write!(out, "{{\n  \"schema_version\": {SCHEMA_VERSION}")
}

/// Opens the list member `name`; its items follow, each after [`item_separator`].
pub fn open_list(out: &mut dyn Write, name: &str) -> io::Result<()> {
    write!(out, ",\n  \"{name}\": [")
}

/// What goes before the item of a list that follows `items` others.
pub fn item_separator(items: usize) -> &'static [u8] {
    if items == 0 { b"\n" } else { b",\n" }
}

/// One item of a list, at its place in the document.
pub fn write_item(out: &mut Vec<u8>, item: &impl WriteJson) {
    out.extend(std::iter::repeat_n(b' ', 2 * ITEM_LEVEL));
    item.write_pretty(out, ITEM_LEVEL);
}

/// Closes a list that holds `items` items.
pub fn close_list(out: &mut dyn Write, items: usize) -> io::Result<()> {
    out.write_all(if items == 0 { b"]" } else { b"\n  ]" })
}

/// The member `name`, written whole.
pub fn member(out: &mut dyn Write, name: &str, value: &impl Serialize) -> io::Result<()> {
    write!(out, ",\n  \"{name}\": ")?;
    write_nested(out, value)
}

/// Closes the document, and its line.
pub fn close(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\n}\n")
}

/// A document written straight through, for commands that have every item at hand.
pub struct JsonDocument<'w> {
    out: &'w mut dyn Write,
}

impl<'w> JsonDocument<'w> {
    pub fn open(out: &'w mut dyn Write) -> io::Result<Self> {
        open(out)?;
        Ok(JsonDocument { out })
    }

    /// The list member `name`: `write` puts each item in a buffer, with
    /// [`write_item`]; the items are rendered on `threads` threads, each on its own,
    /// and written in order.
    pub fn list<T: Sync>(
        &mut self,
        name: &str,
        items: &[T],
        threads: usize,
        write: impl Fn(&mut Vec<u8>, &T) + Sync,
    ) -> io::Result<&mut Self> {
        open_list(self.out, name)?;
        ordered::write_in_order(self.out, items, threads, |buffer, i, item| {
            buffer.extend_from_slice(item_separator(i));
            write(buffer, item);
        })?;
        close_list(self.out, items.len())?;
        Ok(self)
    }

    /// The list member `name`, of items serde writes.
    pub fn serde_list<T: Serialize>(&mut self, name: &str, items: &[T]) -> io::Result<&mut Self> {
        open_list(self.out, name)?;
        for (i, item) in items.iter().enumerate() {
            self.out.write_all(item_separator(i))?;
            self.out.write_all(b"    ")?;
            write_nested_at(self.out, item, "    ")?;
        }
        close_list(self.out, items.len())?;
        Ok(self)
    }

    /// The member `name`.
    pub fn member(&mut self, name: &str, value: &impl Serialize) -> io::Result<&mut Self> {
        member(self.out, name, value)?;
        Ok(self)
    }

    pub fn close(&mut self) -> io::Result<()> {
        close(self.out)
    }
}

/// A value serde writes, nested one level into the document.
fn write_nested(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    write_nested_at(out, value, "  ")
}

/// A value serde writes pretty, every line after its first indented by `indent`.
fn write_nested_at(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in escape_control_in_json(&text).lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::json_writer::json_view;

    json_view! {
        struct Item<'a> {
            name: &'a str,
            tags: Vec<u32>,
        }
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        schema_version: u32,
        items: &'a [Item<'a>],
        serde_items: Vec<Vec<u32>>,
        empty: Vec<Item<'a>>,
        summary: serde_json::Value,
    }

    /// Written a piece at a time, a document is what `serde_json` writes for it
    /// whole, its items rendered on one thread or several.
    #[test]
    fn pieces_make_the_document_serde_json_writes() {
        let names: Vec<String> = (0..300).map(|i| format!("item {i}\n")).collect();
        let items: Vec<Item> = names
            .iter()
            .zip(0..)
            .map(|(name, i)| Item {
                name,
                tags: (0..i % 3).collect(),
            })
            .collect();
        let summary = serde_json::json!({"records": 2, "nested": {"x": [1]}});
        for (count, threads) in [(0, 1), (1, 1), (2, 1), (2, 2), (300, 1), (300, 3)] {
            let mut out = Vec::new();
            JsonDocument::open(&mut out)
                .unwrap()
                .list("items", &items[..count], threads, write_item)
                .unwrap()
                .serde_list("serde_items", &[vec![1u32], vec![]])
                .unwrap()
                .list("empty", &Vec::<Item>::new(), threads, write_item)
                .unwrap()
                .member("summary", &summary)
                .unwrap()
                .close()
                .unwrap();
            let whole = Whole {
                schema_version: SCHEMA_VERSION,
                items: &items[..count],
                serde_items: vec![vec![1], vec![]],
                empty: vec![],
                summary: summary.clone(),
            };
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&whole).unwrap() + "\n",
                "{count} items on {threads} threads"
            );
        }
    }
}
