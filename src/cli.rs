//! The command line. The doc comments here are the `--help` text, the man pages and
//! the completions: `tests/integration/generated_files.rs` fails when `completions/` or
//! `man/` are stale.

use std::path::PathBuf;

use chrono::FixedOffset;
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::input::InputFormat;
use crate::listen::{Durability, Mode};
use crate::render::listen::ListenFormat;
use crate::render::send::SendFormat;
use crate::send::delivery::RetryPolicy;
use crate::settings::{ColorChoice, parse_duration};
use crate::validate::Rule;

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
  callhook migrate examples/webhook.json     a v1 configuration in Webhook v2
  callhook listen --forward-to http://localhost:3000/hook
  callhook send --config webhook.json --flow agent-hunt --to http://localhost:3000/
  callhook browse examples/calls.ndjson      the calls, a ladder per call, each event";

/// Decode, look up, check, receive, replay and browse MyOperator call webhooks.
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

    /// Mask phone numbers everywhere they appear (keeps the country code and the
    /// last four digits: `+91******6496`), for output pasted into tickets.
    #[arg(long, global = true)]
    pub mask_pii: bool,

    /// Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a
    /// zone without daylight saving time by name: `IST` (India, +05:30),
    /// `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...
    #[arg(long, value_name = "OFFSET", value_parser = parse_offset, default_value = "+00:00", global = true)]
    pub tz: FixedOffset,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Decode(DecodeArgs),
    Timeline(TimelineArgs),
    Validate(ValidateArgs),
    Migrate(MigrateArgs),
    Fields(FieldsArgs),
    Listen(ListenArgs),
    Send(SendArgs),
    Browse(BrowseArgs),
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
  callhook decode examples/v2-call-end.json         a Webhook v2 event
  callhook decode --config examples/webhook.json examples/listener-capture.http
  callhook decode --config examples/webhook-v2.json examples/v2-session.http

Exit status: 0 every record decoded; 1 a record failed to decode or has an error
finding; 2 the command could not run (bad arguments, unreadable file).";

/// Show every field of captured webhook requests, with its meaning.
///
/// Reads files, or standard input (`-`, or no FILE while stdin is not a terminal).
/// A file may hold many records, and the format is detected per record: raw HTTP
/// requests (as `nc -l` captures them), curl command lines (as "Copy as cURL" writes
/// them), URLs or request targets with a query string (GET webhooks), form bodies
/// (`myoperator=...`), call logs and v2 events as JSON (an object, an array, or one
/// per line), HAR archives, nginx or Apache access-log lines, and the log `callhook
/// listen` writes. A body may hold a Webhook v2 event, or a v1 call log in any shape
/// MyOperator sends it: a `myoperator` form field, JSON with the log's keys, JSON
/// with the log in `myoperator` (an object or JSON text), or a form sent as text;
/// each record says which. A record that cannot be read is reported on stderr with
/// its place, and decoding goes on.
#[derive(Debug, Args)]
#[command(after_help = DECODE_EXAMPLES)]
pub struct DecodeArgs {
    /// Files to decode; `-` is standard input.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Output format. `ndjson` prints exactly one JSON object per record; `csv` a row
    /// per field, for a spreadsheet.
    #[arg(long, short = 'f', value_enum, default_value_t = DecodeFormat::Text)]
    pub format: DecodeFormat,

    /// Draw text output with ASCII only, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,

    /// Read every record as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Check each request against the webhook of this configuration that sent it: for
    /// v1, name query parameters by their mapping and check method, headers,
    /// credentials, parameters and values; for Webhook v2, check the URL, the
    /// authentication (Basic, or an API key in a header or the query), the custom
    /// headers, and that the webhook subscribes to the event.
    #[arg(long, value_name = "CONFIG", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DecodeFormat {
    Text,
    Json,
    Ndjson,
    /// A row per field (record, path, key, value, meaning, interpretation), for a
    /// spreadsheet.
    Csv,
}

const TIMELINE_EXAMPLES: &str = "\
Examples:
  callhook timeline examples/in-call-events.ndjson
  callhook timeline captures/*.http --summary
  callhook timeline --anomalies-only --check hooks.log
  callhook timeline --call n2.1596270949.2175190 --format mermaid capture.har

Exit status: 0 no problem; 1 a record failed to decode or has an error finding, a
--call matched no call, or an anomaly was found under --check (stderr says which); 2
the command could not run (bad arguments, unreadable file).";

/// Show each call's states in the order they happened and arrived, and what is wrong.
///
/// Reads everything `decode` reads. Events are grouped by call uid (`uid`, or the
/// After-Call `_pm` entry `ui`) and ordered by event time (`call_time`, then
/// `created`), ties broken by the documented order of states, then by arrival.
/// Arrival is the order of the records in the input, or the received time where the
/// capture has one (HAR, access logs, the `listen` log). Each call is checked against the documented
/// flow of states; every anomaly has a stable id and is explained under its call.
#[derive(Debug, Args)]
#[command(after_help = TIMELINE_EXAMPLES)]
#[allow(clippy::struct_excessive_bools, reason = "command-line switches")]
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

    /// Exit with status 1 when any call shown has an anomaly (stderr says how many, in
    /// how many calls).
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

const BROWSE_EXAMPLES: &str = "\
Examples:
  callhook browse examples/calls.ndjson examples/after-call.json
  callhook browse --follow capture.ndjson      while `callhook listen --log capture.ndjson` runs
  callhook browse --mask-pii captures/*.http   phone numbers masked, for a screen share
  pbpaste | callhook browse

Keys: arrows or j/k move, Enter opens (a call's ladder, then an event), Esc goes
back, / filters (uid: caller: agent: state: event: anomaly: type: outcome:), s and r
sort, e exports the calls shown as CSV, m the selected call as Mermaid, y copies the
open event's record as JSON (OSC 52), ? lists every key, q quits.

Exit status: 0 quit; 2 the command could not run (stdout is not a terminal, bad
arguments, unreadable file).";

/// Browse calls interactively: the call list, a call's ladder, each event decoded.
///
/// Reads everything `timeline` reads. The list has one row per call (start, uid,
/// type, caller, agents, outcome, duration, time to answer, state path, anomaly
/// count), sortable and filtered with `/`. Enter opens a call's ladder, MyOperator
/// to your endpoint, one arrow per event in the order they happened with its
/// arrival number, offset and anomalies; Enter on an event shows its record decoded
/// (every field with its meaning and interpretation, findings, the raw request with
/// secrets redacted unless --show-secrets). With --follow, calls and events are
/// added as the files grow, as `callhook listen --log` writes them. Needs a
/// terminal: for files and pipes, `callhook timeline` prints the same.
#[derive(Debug, Args)]
#[command(after_help = BROWSE_EXAMPLES)]
pub struct BrowseArgs {
    /// Files to read; `-` is standard input.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Keep reading the files as they grow (a `callhook listen` log), adding calls
    /// and events as they are appended; the selection stays where it is.
    #[arg(long)]
    pub follow: bool,

    /// Read every record as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Panic after drawing the first frame (tests that the terminal is restored).
    #[arg(long, hide = true)]
    pub test_panic: bool,
}

const VALIDATE_EXAMPLES: &str = "\
Examples:
  callhook validate webhook.json && save-it
  callhook validate examples/webhook-v2.json examples/webhook-v2-broken.json
  callhook validate examples/webhook.json examples/webhook-broken.json
  callhook validate --format json webhook.json | jq '.diagnostics[].rule'
  pbpaste | callhook validate
  callhook validate --explain header-underscore
  callhook validate --explain

Exit status: 0 no errors (warnings allowed unless --deny-warnings); 1 an error, or a
warning under --deny-warnings; 2 the command could not run (bad arguments, unreadable
file, a captured request or call log given instead of a configuration).";

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
    /// Configuration files to check; `-` is standard input, read as well when no file
    /// is named and input is piped. A UTF-8 byte order mark is skipped.
    #[arg(value_name = "CONFIG", value_hint = ValueHint::FilePath)]
    pub configs: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,

    /// Count warnings as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Say what a rule checks and why it matters, then exit; without a RULE, list
    /// every rule with its severity.
    #[arg(
        long,
        value_name = "RULE",
        conflicts_with = "configs",
        num_args = 0..=1,
        default_missing_value = "",
        value_parser = RuleName,
        hide_possible_values = true
    )]
    pub explain: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

/// A rule id for `--explain`: any text is taken (the command says what is near an
/// unknown one), and the ids are offered as the values completions list.
#[derive(Debug, Clone, Copy)]
struct RuleName;

impl clap::builder::TypedValueParser for RuleName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Rule::ALL.iter().map(|rule| {
            clap::builder::PossibleValue::new(rule.as_str()).help(rule.explain())
        })))
    }
}

const MIGRATE_EXAMPLES: &str = "\
Examples:
  callhook migrate examples/webhook.json
  callhook migrate webhook.json > webhook-v2.json && callhook validate webhook-v2.json
  callhook migrate --format json webhook.json | jq '.webhooks[].fields[] | select(.v2 == [])'

Exit status: 0 migrated, and validate finds no error in the result; 1 the v1 configuration has
errors (shown as validate shows them), or the result does not pass; 2 the command
could not run (unreadable file, a configuration that is v2 already, a captured request
or call log given instead of a configuration).";

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
  callhook fields call_state 9                  one code of a field
  callhook fields payload.legs[].dial_status    a Webhook v2 path
  callhook fields call.dial_begin               a v2 event type
  callhook fields bridged                       a v2 code word
  callhook fields --format csv > fields.csv

Exit status: 0 found; 1 no field has that name (the error suggests the nearest, or
names the fields that have it as a code), the name ends several v2 paths (the error
lists them), or the field has no such CODE (the error lists its codes).";

/// Explain call-log fields, codes and dropdown labels, v1 and Webhook v2.
///
/// Without NAME, prints the whole dictionary: the v1 fields, the v2 paths and the v2
/// events. With NAME, explains that one entry: any In-Call key, After-Call key or
/// path such as `_ld._rr._ct` or `_pm.ui`, dictionary id, dropdown label, v2 path
/// (`payload.legs[].dial_status`, or just its end, `dial_status`), v2 event type
/// (`call.dial_begin`) or v2 code word (`bridged`, `NOANSWER`), in any case; with
/// every code of a coded field, and each field's counterpart in the other version,
/// with how it is known. With NAME and CODE, explains that one code of the field
/// (`call_state 9`, `dial_status NOANSWER`).
#[derive(Debug, Args)]
#[command(after_help = FIELDS_EXAMPLES)]
pub struct FieldsArgs {
    /// The key, path, id, dropdown label, v2 event type or code word to explain.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// One code of that field to explain alone: a v1 code (`9`) or a v2 code word
    /// (`NOANSWER`, in any case).
    #[arg(value_name = "CODE", requires = "name")]
    pub code: Option<String>,

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

const LISTEN_EXAMPLES: &str = "\
Examples:
  callhook listen                                      receive on 127.0.0.1:8787
  callhook listen --forward-to http://localhost:3000/hook
  callhook listen --mode proxy --forward-to http://localhost:3000/ --ack-timeout 5s
  callhook listen --config webhook.json --enforce-auth --durability fsync
  callhook listen --format ndjson | jq -c .listen
  callhook timeline callhook-listen.ndjson             the calls received so far

Exit status: 0 stopped by Ctrl-C, SIGTERM or a closed output; 2 could not start (bad
arguments, the port is taken, the log is locked by another listener or unreadable).";

/// Receive webhooks live, keep every one in a log, decode them as they arrive, and
/// forward them to your app.
///
/// An HTTP/1.1 server for any path, method and body. Each request is appended to
/// the log (`--log`, NDJSON, one request a line) before it is answered, so every
/// request answered 2xx is in the log even if callhook is killed; one that cannot
/// be stored (disk full) gets 503 with Retry-After, never 2xx. One line per
/// request shows its number, family, state or v2 event type, call, caller,
/// findings and the anomalies of its call (citing requests by their number). With
/// --forward-to, each request goes on to your app byte for byte, in order within
/// its call and concurrently across calls; while the app is down, requests wait in
/// the log and are retried with back-off, across restarts too.
/// `decode`, `timeline` and `decode --config` read the log directly.
#[derive(Debug, Args)]
#[command(after_help = LISTEN_EXAMPLES)]
pub struct ListenArgs {
    /// The address to listen on; a port of 0 picks a free one (the address is
    /// printed on stderr). Loopback by default: expose it through a tunnel.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub bind: std::net::SocketAddr,

    /// The capture log: appended to, created if missing, locked while listening.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, default_value = "callhook-listen.ndjson")]
    pub log: PathBuf,

    /// When a request counts as stored: `write` once the kernel has it (survives the
    /// process being killed), `fsync` once it is on disk (survives a power loss;
    /// one fdatasync covers many requests).
    #[arg(long, value_enum, default_value_t = Durability::Write)]
    pub durability: Durability,

    /// The largest body taken; larger ones get 413 (`1MiB`, `512KiB`, `2000`).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "1MiB")]
    pub max_body: usize,

    /// How long a client may take to send a request's headers before it is cut off.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub header_timeout: std::time::Duration,

    /// The most connections open at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,

    /// Forward each request to this app (`http://host:port/base`): the request's
    /// path and query go after the base path.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// `ack` answers 200 once stored and forwards afterwards; `proxy` waits for the
    /// app and returns its answer (needs --forward-to).
    #[arg(long, value_enum, default_value_t = Mode::Ack)]
    pub mode: Mode,

    /// In proxy mode, how long the sender waits for the app before getting 504.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "4s")]
    pub ack_timeout: std::time::Duration,

    /// How long one forward attempt may take.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub forward_timeout: std::time::Duration,

    /// The most forwards under way at once, across calls.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub forward_concurrency: usize,

    /// The wait before the first retry of a failed forward; it doubles each time.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub retry_delay: std::time::Duration,

    /// The longest wait between retries.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s")]
    pub retry_max_delay: std::time::Duration,

    /// Stop retrying a request this long after it was received.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "24h")]
    pub give_up_after: std::time::Duration,

    /// Show the start of the app's answer on each request's line.
    #[arg(long)]
    pub show_response: bool,

    /// Output format. `ndjson` writes one decoded record per line to stdout
    /// (decode's schema, with a `listen` member) and all status to stderr.
    #[arg(long, short = 'f', value_enum, default_value_t = ListenFormat::Text)]
    pub format: ListenFormat,

    /// Check each request against this webhook configuration, v1 or v2 (headers,
    /// credentials or API key, parameters, the event subscribed to), as `decode
    /// --config` does, and flag mismatches on its line.
    #[arg(long, value_name = "CONFIG", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,

    /// Answer 401 to a request that lacks the configured headers, credentials or API
    /// key (it is still logged, and not forwarded). Needs --config.
    #[arg(long, requires = "config")]
    pub enforce_auth: bool,

    /// On Ctrl-C, how long requests in flight and forwards under way may take to
    /// finish.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5s")]
    pub grace: std::time::Duration,
}

const SEND_EXAMPLES: &str = "\
Examples:
  callhook send captures/*.http --to http://localhost:3000/
  callhook send callhook-listen.ndjson --only-failed --to http://localhost:3000/hook
  callhook send examples/after-call.json --set _ld[0]._ds=NOANSWER --set status=2 --to http://localhost:3000/
  callhook send --config examples/webhook.json --flow agent-hunt --to http://localhost:3000/
  callhook send --config examples/webhook-v2.json --flow missed-incoming --dry-run --format curl
  callhook send --config webhook.json --flow my-flow.toml --disorder --duplicate 0.2 --to http://127.0.0.1:8787/
  callhook send --config webhook.json --retries exponential --time-scale 0.001 --to http://localhost:3000/
  callhook send --config webhook.json --calls 10000 --rate 500/s --quiet --to http://localhost:3000/

Built-in flows: answered-incoming, missed-incoming, agent-hunt (the first agent is busy),
obd-answered, obd-not-answered, click-to-call-rejected; or a flow file (TOML or JSON,
docs/send.md).

Exit status: 0 every request ended with a 2xx, or the dry run was written, or
--only-failed found nothing that failed (nothing to send); 1 a request ended without a
2xx, a capture could not be read, or the captures hold no request (of the --call
calls); 2 the command could not run (bad arguments, an unreadable file, a --set that
matches nothing or does not fit its field, a configuration with errors, --only-failed
on captures that are not a `listen` log).";

/// Send captured requests again, or the requests a webhook configuration would send for
/// a call, to your app: with edits, MyOperator's retries, disorder and duplicates.
///
/// Replay: every request of CAPTURE (anything `decode` reads: raw HTTP, curl, HAR,
/// access logs, URLs, forms, JSON logs, the `listen` log) is sent to --to byte for
/// byte: the method, the path and query after --to's path, the headers (less
/// hop-by-hop ones and Host), the body. Simulation: with --config and --flow, the
/// requests MyOperator would send for calls of that flow under that configuration
/// (v1: each In-Call state, then the After-Call log, as a `myoperator=` form, JSON
/// or GET with the mapped query parameters; v2: the subscribed events), with the
/// configured headers, Basic credentials or API key. Requests of one call go one
/// after another, calls concurrently. One line per request (time, call, event,
/// status, latency), then a summary with counts by status and latency percentiles
/// measured from when each request was due.
#[derive(Debug, Args)]
#[command(after_help = SEND_EXAMPLES)]
pub struct SendArgs {
    /// Captures to replay; `-` is standard input.
    #[arg(value_name = "CAPTURE", value_hint = ValueHint::FilePath, conflicts_with = "config")]
    pub captures: Vec<PathBuf>,

    /// Where to send: `http://host:port/base`; each request's path and query go
    /// after the base path. Needed unless --dry-run.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// Replay only this call's requests (repeatable): its uid, `_pm[ui]` or v2
    /// session id.
    #[arg(long = "call", value_name = "UID")]
    pub calls: Vec<String>,

    /// Replay only the requests of a `listen` log that no forward delivered.
    #[arg(long, conflicts_with = "config")]
    pub only_failed: bool,

    /// Read every capture as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "config")]
    pub input_format: Option<InputFormat>,

    /// Change a field of each request's call log, in its own transport (form field,
    /// query string or JSON body): `call_state=6`, `_ld[0]._ds=NOANSWER`,
    /// `payload.status=missed`; `PATH:=JSON` for a JSON value, unchecked. A path no
    /// request has, or a value its field cannot take, stops the run (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,

    /// Simulate this webhook configuration (v1 or v2, as `validate` reads it); it
    /// is checked first, and errors stop the run.
    #[arg(long, value_name = "CONFIG", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,

    /// The call to simulate: a built-in flow's name, or a flow file (`.toml` or
    /// `.json`).
    #[arg(long, value_name = "FLOW", requires = "config", default_value = "answered-incoming")]
    pub flow: String,

    /// How many calls of the flow to simulate, each with its own ids.
    #[arg(long = "calls", value_name = "N", default_value_t = 1, requires = "config")]
    pub calls_count: usize,

    /// Make ids, numbers and times from this seed: the same seed, the same requests.
    /// Without it, calls start now and ids are new each run.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Re-send a request that gets no 2xx, or no answer within --timeout, on one of
    /// MyOperator's documented schedules.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = RetryPolicy::None)]
    pub retries: RetryPolicy,

    /// Multiply every retry wait by this (`0.001` runs a day's schedule in 86 s).
    #[arg(long, value_name = "FACTOR", value_parser = parse_factor, default_value = "1")]
    pub time_scale: f64,

    /// How long a request may take before it counts as failed (MyOperator's v1
    /// documents 5 s).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5s")]
    pub timeout: std::time::Duration,

    /// Deliver each call's requests in a shuffled order; what was planted is printed.
    #[arg(long)]
    pub disorder: bool,

    /// Deliver this share of requests twice, as a retry would (`0.1`, `10%`).
    #[arg(long, value_name = "RATE", value_parser = parse_share)]
    pub duplicate: Option<f64>,

    /// Wait the original gaps between requests (received times of the capture, the
    /// flow's gaps).
    #[arg(long, conflicts_with = "rate")]
    pub preserve_timing: bool,

    /// With --preserve-timing, go this many times faster (`10x`, `10`).
    #[arg(long, value_name = "N", value_parser = parse_speed, default_value = "1", requires = "preserve_timing")]
    pub speed: f64,

    /// Send at this fixed rate, whatever the answers (`50/s`, `600/min`): an open
    /// loop, latency counted from when each request was due.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<f64>,

    /// The most requests under way at once, across calls.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,

    /// Write the requests instead of sending them (`--format http` or `curl`).
    #[arg(long)]
    pub dry_run: bool,

    /// Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON
    /// object per line (a dry run's requests, or `plan`, `planted`, `attempt` and
    /// `summary` records).
    #[arg(long, short = 'f', value_enum, default_value_t = SendFormat::Text)]
    pub format: SendFormat,

    /// Show the start of each answer's body on its line.
    #[arg(long)]
    pub show_response: bool,

    /// No line per request: what is planted and the summary only.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `0.001`, `1`, `60`: a positive factor.
pub fn parse_factor(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(f) if f > 0.0 && f.is_finite() => Ok(f),
        _ => Err(format!("expected a positive number such as `0.01`, found `{text}`")),
    }
}

/// `10x` or `10`.
pub fn parse_speed(text: &str) -> Result<f64, String> {
    parse_factor(text.trim().trim_end_matches(['x', 'X']))
        .map_err(|_| format!("expected a speed such as `10x`, found `{text}`"))
}

/// `50/s`, `600/min`, `50`: requests per second.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let bad = || format!("expected a rate such as `50/s` or `600/min`, found `{text}`");
    let (number, per) = text.trim().split_once('/').unwrap_or((text.trim(), "s"));
    let n = parse_factor(number).map_err(|_| bad())?;
    match per.trim() {
        "s" | "sec" => Ok(n),
        "m" | "min" => Ok(n / 60.0),
        "h" => Ok(n / 3600.0),
        _ => Err(bad()),
    }
}

/// `0.1`, `10%`: a share from 0 to 1.
pub fn parse_share(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let value = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
        None => t.parse::<f64>(),
    };
    match value {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a share from 0 to 1 such as `0.1` or `10%`, found `{text}`"
        )),
    }
}

/// `1MiB`, `512KiB`, `64KB`, or bytes alone.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let bad = || format!("expected a size such as `1MiB`, `512KiB` or `20000`, found `{text}`");
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: usize = number.parse().map_err(|_| bad())?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    number.checked_mul(factor).ok_or_else(bad)
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
    /// Webhook v2 call events, one per line: every event of each call (initiated,
    /// dial_begin, answered, end, summary), agents tried in turn.
    V2Ndjson,
}

/// Time zones `--tz` takes by name, with their offset in minutes: those that keep
/// one offset all year (no daylight saving time), so that a fixed offset shows
/// every date right. `IST` is India's, as MyOperator's customers mean it.
const FIXED_ZONES: &[(&str, i32)] = &[
    ("IST", 330),
    ("Asia/Kolkata", 330),
    ("Asia/Calcutta", 330),
    ("Asia/Colombo", 330),
    ("Asia/Kathmandu", 345),
    ("Asia/Dhaka", 360),
    ("Asia/Thimphu", 360),
    ("Asia/Karachi", 300),
    ("Asia/Tashkent", 300),
    ("Asia/Dubai", 240),
    ("Asia/Muscat", 240),
    ("Asia/Riyadh", 180),
    ("Asia/Qatar", 180),
    ("Africa/Nairobi", 180),
    ("Africa/Lagos", 60),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Singapore", 480),
    ("Asia/Kuala_Lumpur", 480),
    ("Asia/Manila", 480),
    ("Asia/Shanghai", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Tokyo", 540),
    ("Asia/Seoul", 540),
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
    ("Etc/GMT", 0),
];

/// Common time zones that change their offset for daylight saving time, with their
/// standard and summer offsets in minutes: `--tz` takes one fixed offset, which
/// shows only part of the year right in these, so they are refused with the two
/// offsets to choose from. A zone in neither table is unknown.
const DAYLIGHT_SAVING_ZONES: &[(&str, i32, i32)] = &[
    ("Europe/London", 0, 60),
    ("Europe/Dublin", 0, 60),
    ("Europe/Lisbon", 0, 60),
    ("Europe/Paris", 60, 120),
    ("Europe/Berlin", 60, 120),
    ("Europe/Madrid", 60, 120),
    ("Europe/Rome", 60, 120),
    ("Europe/Amsterdam", 60, 120),
    ("Europe/Brussels", 60, 120),
    ("Europe/Zurich", 60, 120),
    ("Europe/Vienna", 60, 120),
    ("Europe/Stockholm", 60, 120),
    ("Europe/Warsaw", 60, 120),
    ("Europe/Athens", 120, 180),
    ("Europe/Helsinki", 120, 180),
    ("Europe/Kyiv", 120, 180),
    ("Asia/Jerusalem", 120, 180),
    ("Africa/Cairo", 120, 180),
    ("America/New_York", -300, -240),
    ("America/Toronto", -300, -240),
    ("America/Chicago", -360, -300),
    ("America/Denver", -420, -360),
    ("America/Los_Angeles", -480, -420),
    ("America/Vancouver", -480, -420),
    ("Australia/Sydney", 600, 660),
    ("Australia/Melbourne", 600, 660),
    ("Australia/Adelaide", 570, 630),
    ("Pacific/Auckland", 720, 780),
];

/// `+05:30`, `-03:00`: an offset in minutes as `--tz` takes it.
fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// `+05:30`, `-0300`, `+05`, `Z`, or a zone of [`FIXED_ZONES`] by name (`IST`,
/// `Asia/Kolkata`, in any case).
pub fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    if text.eq_ignore_ascii_case("z") {
        return Ok(FixedOffset::east_opt(0).expect("zero is a valid offset"));
    }
    if let Some((_, minutes)) = FIXED_ZONES.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)) {
        return FixedOffset::east_opt(minutes * 60).ok_or_else(|| format!("no offset for `{text}`"));
    }
    if let Some((name, standard, summer)) = DAYLIGHT_SAVING_ZONES
        .iter()
        .find(|(name, ..)| name.eq_ignore_ascii_case(text))
    {
        return Err(format!(
            "{name} has daylight saving time; give the offset of the dates you look at, e.g. {} or {}",
            offset_text(*standard),
            offset_text(*summer)
        ));
    }
    let bad = || {
        if text.contains('/') || text.chars().all(|c| c.is_ascii_alphabetic()) {
            format!(
                "unknown time zone `{text}`: --tz takes a UTC offset (`+05:30`, `-03:00`, `Z`) or a zone that keeps one offset all year: {}; for a zone with daylight saving time, give the offset of the dates you look at",
                FIXED_ZONES.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
            )
        } else {
            format!("expected a UTC offset such as `+05:30`, `-03:00` or `Z`, or a zone such as `IST`, found `{text}`")
        }
    };
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
    fn durations_and_sizes() {
        use std::time::Duration;
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("4s").unwrap(), Duration::from_secs(4));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("24h").unwrap(), Duration::from_secs(86400));
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        for bad in ["", "s", "4x", "-1s", "four"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("1MiB").unwrap(), 1 << 20);
        assert_eq!(parse_size("512KiB").unwrap(), 512 << 10);
        assert_eq!(parse_size("2000").unwrap(), 2000);
        assert!(parse_size("1 parsec").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+05:30").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("-0300").unwrap().local_minus_utc(), -10800);
        assert_eq!(parse_offset("+05").unwrap().local_minus_utc(), 18000);
        assert_eq!(parse_offset("Z").unwrap().local_minus_utc(), 0);
        assert_eq!(parse_offset("IST").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("asia/kolkata").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("Asia/Kathmandu").unwrap().local_minus_utc(), 20700);
        assert_eq!(parse_offset("utc").unwrap().local_minus_utc(), 0);
        let unknown = parse_offset("Foo/Bar").unwrap_err();
        assert!(unknown.contains("unknown time zone `Foo/Bar`"), "{unknown}");
        for (name, _) in FIXED_ZONES {
            assert!(unknown.contains(name), "{name} is accepted, so listed: {unknown}");
        }
        assert_eq!(
            parse_offset("europe/london").unwrap_err(),
            "Europe/London has daylight saving time; give the offset of the dates you look at, e.g. +00:00 or +01:00"
        );
        assert!(
            parse_offset("America/New_York")
                .unwrap_err()
                .ends_with("e.g. -05:00 or -04:00")
        );
        assert!(
            parse_offset("Australia/Adelaide")
                .unwrap_err()
                .ends_with("e.g. +09:30 or +10:30")
        );
        for (name, ..) in DAYLIGHT_SAVING_ZONES {
            assert!(
                !FIXED_ZONES.iter().any(|(fixed, _)| fixed.eq_ignore_ascii_case(name)),
                "{name} in both tables"
            );
        }
        for bad in ["05:30", "+5:30", "+25:00", "+05:75", "", "+"] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }
}
