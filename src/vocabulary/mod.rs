//! The MyOperator vocabulary: the field dictionary, the code labels and the ways of
//! finding an entry. Everything that gives a key or a code a meaning reads from here.

pub mod call_states;
pub mod codes;
pub mod fields;
pub mod lookup;

pub use codes::Code;
pub use fields::{FIELDS, Field, Provenance, ValueType};
