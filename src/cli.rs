//! The command line. The doc comments here are the `--help` text, the man pages and
//! the completions: `tests/integration/generated_files.rs` fails when `completions/` or
//! `man/` are stale.

use std::path::PathBuf;

use chrono::FixedOffset;
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::input::InputFormat;

const EXAMPLES: &str = "\
Examples:
  pbpaste | callhook decode                  decode whatever was copied
  callhook decode examples/in-call-post.form
  callhook decode --format ndjson captures/*.ndjson | jq .payload.family
  callhook fields                            the whole field dictionary
  callhook fields _ld._rr._ct                one field, by key, path, id or label
  callhook fields \"Status of log\"
  callhook timeline examples/in-call-events.ndjson --summary
  callhook validate examples/webhook-v2.json
  callhook migrate examples/webhook.json     a v1 configuration in Webhook v2";

/// Decode, look up and check MyOperator call webhooks, offline, from captured requests.
///
/// MyOperator calls your URL during and after every call with a call log in cryptic
/// keys. callhook shows every field of what you captured with its meaning, and
/// explains any key, code or dropdown label.
#[derive(Debug, Parser)]
#[command(name = "callhook", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// When to colour output. `auto` colours only when stdout is a terminal, and
    /// then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Show passwords, tokens and secret-looking values instead of `<redacted>`.
    #[arg(long, global = true)]
    pub show_secrets: bool,

    /// Mask phone numbers everywhere they appear (keeps the last four digits), for
    /// output pasted into tickets.
    #[arg(long, global = true)]
    pub mask_pii: bool,

    /// Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC.
    #[arg(long, value_name = "OFFSET", value_parser = parse_offset, default_value = "+00:00", global = true)]
    pub tz: FixedOffset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Decode(DecodeArgs),
    Timeline(TimelineArgs),
    Validate(ValidateArgs),
    Migrate(MigrateArgs),
    Fields(FieldsArgs),
    #[command(hide = true)]
    Generate(GenerateArgs),
}

const DECODE_EXAMPLES: &str = "\
Examples:
  callhook decode examples/in-call-post.form
  callhook decode examples/get-webhook.url examples/after-call.json
  callhook decode examples/listener-capture.http examples/devtools.har
  pbpaste | callhook decode
  tail -f hooks.ndjson | callhook decode --format ndjson
  callhook decode --config examples/webhook.json examples/listener-capture.http

Exit status: 0 every record decoded; 1 a record failed to decode or has an error
finding; 2 the command could not run (bad arguments, unreadable file).";

/// Show every field of captured webhook requests, with its meaning.
///
/// Reads files, or standard input (`-`, or no FILE while stdin is not a terminal).
/// A file may hold many records, and the format is detected per record: raw HTTP
/// requests (as `nc -l` captures them), curl command lines (as "Copy as cURL" writes
/// them), URLs or request targets with a query string (GET webhooks), form bodies
/// (`myoperator=...`), call logs as JSON (an object, an array, or one per line), HAR
/// archives, and nginx or Apache access-log lines. A record that cannot be read is
/// reported on stderr with its place, and decoding goes on.
#[derive(Debug, Args)]
#[command(after_help = DECODE_EXAMPLES)]
pub struct DecodeArgs {
    /// Files to decode; `-` is standard input.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Output format. `ndjson` prints exactly one JSON object per record.
    #[arg(long, short = 'f', value_enum, default_value_t = DecodeFormat::Text)]
    pub format: DecodeFormat,

    /// Read every record as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Name query parameters by this webhook configuration's mapping, and check each
    /// request against it (method, headers, credentials, parameters, values).
    #[arg(long, value_name = "CONFIG", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DecodeFormat {
    Text,
    Json,
    Ndjson,
}

const TIMELINE_EXAMPLES: &str = "\
Examples:
  callhook timeline examples/in-call-events.ndjson
  callhook timeline captures/*.http --summary
  callhook timeline --anomalies-only --check hooks.log
  callhook timeline --call n2.1596270949.2175190 --format mermaid capture.har

Exit status: 0 no problem; 1 a record failed to decode, or an anomaly was found
under --check; 2 the command could not run (bad arguments, unreadable file).";

/// Show each call's states in the order they happened and arrived, and what is wrong.
///
/// Reads everything `decode` reads. Events are grouped by call uid (`uid`, or the
/// After-Call `_pm` entry `ui`) and ordered by event time (`call_time`, then
/// `created`), ties broken by the documented order of states, then by arrival.
/// Arrival is the order of the records in the input, or the received time where the
/// capture has one (HAR, access logs). Each call is checked against the documented
/// flow of states; every anomaly has a stable id and is explained under its call.
#[derive(Debug, Args)]
#[command(after_help = TIMELINE_EXAMPLES)]
pub struct TimelineArgs {
    /// Files to read; `-` is standard input.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Output format. `csv` needs --summary; `mermaid` draws one call as a sequence
    /// diagram, for pasting into a ticket.
    #[arg(long, short = 'f', value_enum, default_value_t = TimelineFormat::Text)]
    pub format: TimelineFormat,

    /// One row per call (uid, type, start, duration, answered, time to answer, state
    /// path, anomalies), then totals.
    #[arg(long)]
    pub summary: bool,

    /// Draw with ASCII only, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,

    /// Show only this call (repeatable).
    #[arg(long = "call", value_name = "UID")]
    pub calls: Vec<String>,

    /// Show only calls that have this call state (repeatable).
    #[arg(long = "state", value_name = "N")]
    pub states: Vec<i16>,

    /// Show only calls with at least one anomaly.
    #[arg(long)]
    pub anomalies_only: bool,

    /// Exit with status 1 when any call shown has an anomaly.
    #[arg(long)]
    pub check: bool,

    /// Read every record as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Text,
    Json,
    Ndjson,
    Csv,
    Mermaid,
}

const VALIDATE_EXAMPLES: &str = "\
Examples:
  callhook validate webhook.json && save-it
  callhook validate examples/webhook-v2.json examples/webhook-v2-broken.json
  callhook validate examples/webhook.json examples/webhook-broken.json
  callhook validate --format json webhook.json | jq '.diagnostics[].rule'
  callhook validate --explain header-underscore

Exit status: 0 no errors (warnings allowed unless --deny-warnings); 1 an error, or a
warning under --deny-warnings; 2 the command could not run (bad arguments, unreadable
file).";

/// Check webhook configurations before saving them, with errors placed like a compiler's.
///
/// A configuration is a JSON file that mirrors the panel's components: one webhook
/// object, or an array of them. A Webhook v2 one has `"version": 2`, `url`,
/// `events`, `auth` and `headers`; one without `version` is v1 (`target_url`,
/// `method`, `headers`, `credentials`, `log_criteria`, `query_params`, and `type` and
/// `format`), warned that v1 is retired and of what the 2025 update made view-only.
/// Every problem is found in one pass and shown with its rule id, the line and
/// column, the source line with the span underlined, and a help line. Passwords,
/// keys and header values are masked in the quoted source.
#[derive(Debug, Args)]
#[command(after_help = VALIDATE_EXAMPLES)]
pub struct ValidateArgs {
    /// Configuration files to check; `-` is standard input.
    #[arg(value_name = "CONFIG", value_hint = ValueHint::FilePath, required_unless_present = "explain")]
    pub configs: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,

    /// Count warnings as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Say what a rule checks and why it matters, then exit.
    #[arg(long, value_name = "RULE", conflicts_with = "configs")]
    pub explain: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

const MIGRATE_EXAMPLES: &str = "\
Examples:
  callhook migrate examples/webhook.json
  callhook migrate webhook.json > webhook-v2.json && callhook validate webhook-v2.json
  callhook migrate --format json webhook.json | jq '.webhooks[].fields[] | select(.v2 == [])'

Exit status: 0 migrated, and validate finds no error in the result; 1 the v1 configuration has
errors (shown as validate shows them), or the result does not pass; 2 the command
could not run (unreadable file, a configuration that is v2 already).";

/// Write the Webhook v2 configuration that does a v1 configuration's job.
///
/// MyOperator retired Webhook v1 (In-Call, After-Call, Disposition) on 31 July 2026.
/// From a v1 configuration, as `validate` reads it, this writes the v2 one: the
/// events for the v1 webhook's `type` (In-Call when it has none), the URL on
/// https with its Custom parameters in its query, credentials as Basic
/// authentication, headers carried over, and mapped query parameters dropped with a
/// note. The configuration goes to standard output, so that `> webhook-v2.json`
/// saves it; notes, and a table of where each v1 field and mapped query parameter
/// is in v2 (or that it has no v2 counterpart) for your handler code, go to
/// standard error. `--format json` writes all of it as one document. Secret values
/// are `<redacted>` unless --show-secrets. What is written is checked as `validate`
/// checks it.
#[derive(Debug, Args)]
#[command(after_help = MIGRATE_EXAMPLES)]
pub struct MigrateArgs {
    /// The v1 configuration; `-` is standard input.
    #[arg(value_name = "V1-CONFIG", value_hint = ValueHint::FilePath)]
    pub config: PathBuf,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
}

const FIELDS_EXAMPLES: &str = "\
Examples:
  callhook fields
  callhook fields call_state
  callhook fields _ld._rr._ct
  callhook fields \"Status of log\"
  callhook fields --format csv > fields.csv

Exit status: 0 found; 1 no field has that name (the error suggests the nearest).";

/// Explain call-log fields, codes and dropdown labels.
///
/// Without NAME, prints the whole dictionary. With NAME (any In-Call key, After-Call
/// key or path such as `_ld._rr._ct` or `_pm.ui`, dictionary id, or dropdown label,
/// in any case), explains that one entry, with every code of a coded field.
#[derive(Debug, Args)]
#[command(after_help = FIELDS_EXAMPLES)]
pub struct FieldsArgs {
    /// The key, path, id or dropdown label to explain.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Text,
    Json,
    Csv,
}

/// Write deterministic, realistic captures (for benchmarks and tests).
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many calls.
    #[arg(long, default_value_t = 1000)]
    pub calls: usize,

    /// The random seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// What to write.
    #[arg(long, short = 'f', value_enum, default_value_t = GenerateFormat::Ndjson)]
    pub format: GenerateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// In-Call call logs, one per line.
    Ndjson,
    /// Raw HTTP POST requests with form bodies, back to back.
    Http,
    /// GET webhook URLs.
    Url,
}

/// `+05:30`, `-0300`, `+05`, `Z` or `UTC`.
pub fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    let bad = || format!("expected a UTC offset such as `+05:30`, `-03:00` or `Z`, found `{text}`");
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Ok(FixedOffset::east_opt(0).expect("zero is a valid offset"));
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+05:30").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("-0300").unwrap().local_minus_utc(), -10800);
        assert_eq!(parse_offset("+05").unwrap().local_minus_utc(), 18000);
        assert_eq!(parse_offset("Z").unwrap().local_minus_utc(), 0);
        for bad in ["05:30", "+5:30", "+25:00", "+05:75", "", "+"] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }
}
