//! Output rendering, in one place: text tables, JSON, CSV and positioned error
//! messages. Renderers write to a `Write` they are given and pass every captured
//! string through `privacy` (secrets, phone numbers) and, for text, `terminal`
//! (control characters).

pub mod csv;
pub mod decode_json;
pub mod decode_text;
pub mod diagnostics;
pub mod fields;
pub mod json_writer;
pub mod listen;
pub mod message;
pub mod migrate;
pub mod pretty;
pub mod record_error;
pub mod send;
pub mod shown;
pub mod table;
pub mod timeline_json;
pub mod timeline_mermaid;
pub mod timeline_summary;
pub mod timeline_text;

/// Version of every JSON document callhook writes; bumped on incompatible change.
pub const SCHEMA_VERSION: u32 = 1;
