//! `callhook send`: replays captures, or simulates what a webhook configuration
//! sends for a call flow, to a URL; with MyOperator's retry schedules, planted
//! disorder and duplicates, and an open-loop load generator. It sits above decode
//! and validate, beside `listen` (whose HTTP client and per-call lanes it shares).
//!
//! One concept a file:
//!
//! - `request`: what a request is as sent;
//! - `replay`: captures read into requests (`--call`, `--only-failed`);
//! - `transport` and `edit`: the call log in a request's own transport, and
//!   `--set` edits of it, every one checked before anything is sent;
//! - `flow`, `ids` and `simulate`: call flows (built in, or a flow file), the ids a
//!   call gets, and the requests a configuration makes of them;
//! - `planting`: `--disorder` and `--duplicate`, and what was planted;
//! - `delivery`: MyOperator's retry schedules;
//! - `scheduler`: pacing, per-call order, concurrency, retries, latency from the
//!   due time;
//! - `report`: what is reported, and the [`report::Report`] interface `render`
//!   implements.

pub mod delivery;
pub mod edit;
pub mod flow;
pub mod ids;
pub mod planting;
pub mod replay;
pub mod report;
pub mod request;
pub mod scheduler;
pub mod simulate;
pub mod transport;
