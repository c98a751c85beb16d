//! `validate`: a webhook configuration checked before it is saved, every problem
//! found in one pass and placed by line and column like a compiler's.
//!
//! `rules` names what is checked; `config` reads the configuration and checks it;
//! `capture` checks a decoded request against the configuration that sent it.
//! Rendering is in `crate::render::diagnostics`.

pub mod capture;
pub mod config;
pub mod rules;

pub use capture::check_against;
pub use config::{Checked, Diagnostic, Webhook, check, read_config};
pub use rules::Rule;
