//! Output rendering, in one place: one output interface per command
//! ([`decode::DecodeReport`], [`timeline::TimelineReport`]) with a type per format,
//! the JSON document framing and writers every command shares, tables, CSV and
//! positioned messages. Renderers write to a `Write` they are given and show every
//! captured string through `visible` (secrets, phone numbers) and, for text,
//! `terminal` (control characters).

pub mod browse;
pub mod csv;
pub mod decode;
pub mod diagnostics;
pub mod entry_text;
pub mod fields;
pub mod json_document;
pub mod json_writer;
pub mod listen;
pub mod message;
pub mod migrate;
pub mod ndjson;
pub mod ordered;
pub mod reading;
pub mod send;
pub mod table;
pub mod timeline;
pub mod visible;

/// Version of every JSON document callhook writes; bumped on incompatible change.
pub const SCHEMA_VERSION: u32 = 1;
