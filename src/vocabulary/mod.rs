//! The MyOperator vocabulary: the field dictionary with each field's keys per payload
//! family (v1's keys and v2's paths alike), the family detector, the code labels and
//! words and the call-state flow, the ways of finding an entry, Webhook v2's events,
//! where each v1 field went, and how each of these is known. Everything that gives a
//! key, a path or a code a meaning reads from here.

pub(crate) mod call_states;
pub(crate) mod codes;
pub(crate) mod counterparts;
pub(crate) mod family;
pub(crate) mod fields;
pub(crate) mod lookup;
pub(crate) mod provenance;
pub mod v2_events;

pub(crate) use family::Family;
pub(crate) use fields::ValueType;
pub use fields::{FIELDS, Field};
pub(crate) use provenance::Provenance;
