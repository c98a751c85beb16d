//! `validate`: a webhook configuration checked before it is saved, every problem
//! found in one pass and placed by line and column like a compiler's.
//!
//! `rules` names what is checked; `config` reads the configuration and checks it.
//! Rendering is in `crate::render::diagnostics`.

pub mod config;
pub mod rules;

pub use config::{Checked, Diagnostic, Webhook, check};
pub use rules::Rule;
