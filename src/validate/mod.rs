//! `validate`: a webhook configuration checked before it is saved, every problem
//! found in one pass and placed by line and column like a compiler's.
//!
//! `rules` names what is checked; `config` reads the configuration and checks a v1
//! webhook, `v1_retirement` adds what the 2025 update and the retirement of v1 mean
//! for it, and `v2` checks a Webhook v2 one. `migration` turns a v1 webhook into the
//! v2 one that does the same job. `capture` checks a decoded request against the
//! configuration that sent it. Rendering is in `crate::render::diagnostics`.

pub(crate) mod capture;
pub(crate) mod config;
pub(crate) mod migration;
mod rules;
mod v1_retirement;
pub(crate) mod v2;

pub(crate) use capture::{Webhooks, check_against};
pub(crate) use config::{Checked, Diagnostic, Webhook, check, read_config};
pub use rules::Rule;
