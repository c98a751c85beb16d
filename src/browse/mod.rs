//! `browse`'s model: the call list, a call's ladder and an event's record as state,
//! what each key does to it, and the reading that feeds it, live under `--follow`.
//! Nothing here draws or touches the terminal, so all of it is tested without one;
//! the drawing is `crate::render::browse`, the terminal and the loop
//! `crate::commands::browse`.
//!
//! `load` reads captures on a thread of its own through the reading pipeline and the
//! timeline, as `timeline` does, and sends whole snapshots; `records` knows where
//! each event's record is and reads it again for the event view; `list` filters,
//! sorts and keeps the selection; `filter` reads the `/` filter; `app` holds the
//! views and turns keys into changes and effects.

pub(crate) mod app;
pub(crate) mod filter;
pub(crate) mod list;
pub(crate) mod load;
pub(crate) mod records;

#[cfg(test)]
mod tests;
