//! callhook: decode, look up, order and validate MyOperator call webhooks.
//!
//! The binary is a thin shell over [`run`]. Layout, by concern: `input` (one file per
//! capture format), `vocabulary` (the field dictionary and code labels), `decode`
//! (records to meanings), `render` (text, JSON), `commands` (one module per
//! subcommand), `cli` (the command line, whose doc comments are the help).

pub mod decode;
pub mod findings;
pub mod input;
pub mod privacy;
pub mod terminal;
pub mod vocabulary;
