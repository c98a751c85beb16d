//! callhook's integration tests, one binary (as ripgrep and just have it): one link
//! instead of one per file, and one harness (`harness.rs`) for every module.
//! `cargo test --test integration MODULE` runs one module's tests.

#![allow(clippy::unwrap_used, reason = "in a test, a failed unwrap is a failed test")]

mod harness;

mod browse;
mod capture_formats;
mod decode;
mod docs;
mod fields;
mod fuzz_regressions;
mod generated_files;
mod listen;
mod live;
mod malformed_inputs;
mod migrate;
mod properties;
mod scaling;
mod secrets;
mod send;
mod terminal_safety;
mod timeline;
mod v2;
mod validate;
