//! The MyOperator vocabulary: the field dictionary, the code labels and the ways of
//! finding an entry, and for Webhook v2 its events, its paths and where each v1
//! field went. Everything that gives a key or a code a meaning reads from here.

pub mod call_states;
pub mod codes;
pub mod counterparts;
pub mod evidence;
pub mod fields;
pub mod lookup;
pub mod v2_events;
pub mod v2_fields;

pub use codes::Code;
pub use evidence::Evidence;
pub use fields::{FIELDS, Field, Provenance, ValueType};
