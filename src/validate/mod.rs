//! `validate`: a webhook configuration checked before it is saved, every problem
//! found in one pass and placed by line and column like a compiler's.
//!
//! `rules` names what is checked; `config` reads the configuration and checks a v1
//! webhook, `v1_retirement` adds what the 2025 update and the retirement of v1 mean
//! for it, and `v2` checks a Webhook v2 one. `migration` turns a v1 webhook into the
//! v2 one that does the same job. Rendering is in `crate::render::diagnostics`.

pub mod config;
pub mod migration;
pub mod rules;
mod v1_retirement;
pub mod v2;

pub use config::{BodyFormat, Checked, Diagnostic, Webhook, check};
pub use rules::Rule;
pub use v2::Webhook as V2Webhook;
