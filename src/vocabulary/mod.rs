//! The MyOperator vocabulary: the field dictionary with each field's keys per payload
//! family, the family detector, the code labels and call-state flow, the ways of
//! finding an entry, and for Webhook v2 its events, its paths and where each v1
//! field went. Everything that gives a key or a code a meaning reads from here.

pub(crate) mod call_states;
pub(crate) mod codes;
pub(crate) mod counterparts;
pub(crate) mod evidence;
pub(crate) mod family;
pub(crate) mod fields;
pub(crate) mod lookup;
pub mod v2_events;
#[allow(dead_code, reason = "read by tests until the v2 decoder (issue 12) reads it")]
pub(crate) mod v2_fields;

pub(crate) use evidence::Evidence;
pub(crate) use family::Family;
pub use fields::{FIELDS, Field};
pub(crate) use fields::{Provenance, ValueType};
