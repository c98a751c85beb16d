//! `timeline`'s output: one [`TimelineReport`] per `--format` (and `--summary`):
//! calls as text, the summary as a table or CSV, JSON and NDJSON of calls or of
//! summary rows, one call as a Mermaid diagram.

pub mod json;
pub mod legs;
pub mod mermaid;
pub mod summary;
pub mod text;

use std::io::{self, Write};

use crate::timeline::Timeline;
use crate::timeline::call::Call;

pub use json::{CallsAs, TimelineJson, TimelineNdjson};
pub use mermaid::Mermaid;
pub use summary::{SummaryCsv, SummaryTable};
pub use text::{CallsText, Glyphs};

/// One `timeline --format`: how the selected calls of a timeline are written.
pub trait TimelineReport {
    /// Why this format cannot show `calls`, when it cannot: said as an error, and
    /// nothing is written.
    fn refuses(&self, calls: &[&Call]) -> Option<String> {
        let _ = calls;
        None
    }

    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()>;
}
