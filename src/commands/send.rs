//! `callhook send`: arguments checked, the requests made (read from captures, or
//! simulated from a configuration and a flow), edited, planted, every check done
//! before the first byte is sent; then written (`--dry-run`) or sent, with the
//! report through the `render` side.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use crate::cli::SendArgs;
use crate::commands::config_file::{Loaded, load};
use crate::http_client::http_url;
use crate::pipeline::Input;
use crate::render::message;
use crate::render::reading::FailedRecords;
use crate::render::send::{DryRun, Lines, SendFormat, SendNdjson, SendText};
use crate::send::delivery::Schedule;
use crate::send::edit::{Edit, EditError, apply};
use crate::send::flow::{self, Flow};
use crate::send::ids::Random;
use crate::send::planting::plant;
use crate::send::replay::{Filter, Replayed, first_untimed, read_input};
use crate::send::report::{Plan, Report};
use crate::send::request::OutboundRequest;
use crate::send::scheduler::{Pacing, Sending, run as send_all};
use crate::send::simulate::{SimulateError, Simulation, simulate};
use crate::settings::Settings;
use crate::status::Status;
use crate::terminal::escape_control;

/// When simulated calls start under `--seed`: 2026-05-01 10:00:00 UTC, so that the
/// same seed gives the same bytes whenever it runs.
const SEEDED_START: i64 = 1_777_629_600;

pub fn run(args: &SendArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let could_not_run = |err: &mut dyn Write, message: &dyn std::fmt::Display| -> anyhow::Result<Status> {
        write_error(err, message)?;
        Ok(Status::CouldNotRun)
    };
    if matches!(args.format, SendFormat::Http | SendFormat::Curl) && !args.dry_run {
        return could_not_run(
            err,
            &format!(
                "`--format {}` writes requests instead of sending them: add --dry-run",
                if args.format == SendFormat::Http {
                    "http"
                } else {
                    "curl"
                }
            ),
        );
    }
    let to = match (&args.to, args.dry_run) {
        (Some(url), _) => match http_url(url, "--to") {
            Ok(uri) => Some(uri),
            Err(message) => return could_not_run(err, &message),
        },
        (None, true) => None,
        (None, false) => {
            return could_not_run(
                err,
                &"name where to send with --to (`--to http://localhost:3000/hook`), or write the requests with --dry-run",
            );
        }
    };
    let mut edits = Vec::new();
    for set in &args.sets {
        match Edit::parse(set) {
            Ok(edit) => edits.push(edit),
            Err(e) => {
                write_edit_errors(err, &[e])?;
                return Ok(Status::CouldNotRun);
            }
        }
    }
    let seed = args.seed.unwrap_or_else(|| {
        let now = chrono::Utc::now();
        now.timestamp_nanos_opt().unwrap_or(now.timestamp()) as u64
    });
    let (mut requests, notes, calls) = match &args.config {
        Some(path) => match simulated(args, path, seed, settings, err)? {
            Some(made) => made,
            None => return Ok(Status::CouldNotRun),
        },
        None => match replayed(args, settings, err)? {
            Ok(requests) => {
                let calls = count_calls(&requests);
                (requests, Vec::new(), calls)
            }
            Err(status) => return Ok(status),
        },
    };
    if let Err(errors) = apply(&edits, &mut requests, settings.tz) {
        write_edit_errors(err, &errors)?;
        write_error(err, "nothing was sent")?;
        return Ok(Status::CouldNotRun);
    }
    if args.preserve_timing
        && let Some(r) = first_untimed(&requests)
    {
        return could_not_run(
            err,
            &format!(
                "--preserve-timing keeps the gaps between received times, and {} has none (HAR, access logs and the `listen` log have them)",
                r.label.origin
            ),
        );
    }
    let mut random = Random::new(seed ^ 0x5EED);
    let (plan, planted) = plant(requests, args.disorder, args.duplicate.unwrap_or(0.0), &mut random);
    if args.dry_run {
        for note in &notes {
            writeln!(err, "note: {}", escape_control(note))?;
        }
        for p in &planted {
            writeln!(
                err,
                "planted: {} {} {}",
                p.id.as_str(),
                escape_control(&p.call),
                escape_control(&p.message)
            )?;
        }
        let format = if args.format == SendFormat::Text {
            SendFormat::Http
        } else {
            args.format
        };
        let mut dry = DryRun {
            format,
            privacy: settings.privacy,
            terminal: io::stdout().is_terminal(),
            to: to.as_ref().map(|u| {
                (
                    u.scheme_str().unwrap_or("http").to_owned(),
                    u.authority().map_or_else(String::new, ToString::to_string),
                    u.path().to_owned(),
                )
            }),
            out,
        };
        for p in &plan {
            dry.write(&p.request)?;
        }
        if !settings.privacy.show_secrets && plan.iter().any(|p| has_secret(&p.request)) {
            writeln!(
                err,
                "note: secret values are written `<redacted>`; --show-secrets writes them"
            )?;
        }
        return Ok(Status::Clean);
    }
    let Some(to) = to else {
        return Ok(Status::CouldNotRun);
    };
    if plan.is_empty() {
        return could_not_run(err, &"there is nothing to send: no request is left after the filters");
    }
    let pacing = match (args.rate, args.preserve_timing) {
        (Some(rate), _) => Pacing::Rate(rate),
        (None, true) => Pacing::Timing { speed: args.speed },
        (None, false) => Pacing::AsFastAsPossible,
    };
    let sending = Sending {
        to: to.clone(),
        pacing,
        concurrency: args.concurrency.max(1),
        timeout: args.timeout,
        schedule: Schedule {
            policy: args.retries,
            scale: args.time_scale,
        },
    };
    let lines = Lines {
        show_response: args.show_response,
        quiet: args.quiet,
    };
    let terminal = io::stdout().is_terminal() && io::stderr().is_terminal();
    let mut report: Box<dyn Report + '_> = match args.format {
        SendFormat::Ndjson => Box::new(SendNdjson::new(settings, lines, out)),
        SendFormat::Text | SendFormat::Http | SendFormat::Curl => {
            Box::new(SendText::new(settings, lines, terminal, out, err))
        }
    };
    let report_plan = Plan {
        deliveries: plan.len(),
        calls,
        url: to.to_string(),
        retries: match args.retries {
            crate::send::delivery::RetryPolicy::None => "none".into(),
            policy if args.time_scale == 1.0 => policy.as_str().to_owned(),
            policy => format!("{} at {}x time", policy.as_str(), args.time_scale),
        },
        pacing: match pacing {
            Pacing::AsFastAsPossible => format!("as fast as {} at once allow", sending.concurrency),
            Pacing::Rate(rate) => format!("{rate}/s, open loop"),
            Pacing::Timing { speed: 1.0 } => "at the original times".into(),
            Pacing::Timing { speed } => format!("at the original times, {speed}x faster"),
        },
        planted,
        notes,
    };
    report.plan(&report_plan)?;
    let summary = send_all(plan, &sending, &mut *report)?;
    report.summary(&summary)?;
    Ok(if summary.failed > 0 || summary.not_sent > 0 {
        Status::Problems
    } else {
        Status::Clean
    })
}

fn has_secret(r: &OutboundRequest) -> bool {
    !r.secret_names.is_empty()
        || r.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization") || crate::privacy::is_secret_name(n))
}

fn count_calls(requests: &[OutboundRequest]) -> usize {
    let mut calls: Vec<&str> = requests.iter().filter_map(|r| r.label.call.as_deref()).collect();
    calls.sort_unstable();
    calls.dedup();
    calls.len() + requests.iter().filter(|r| r.label.call.is_none()).count()
}

/// `error: ...` on stderr, with what it quotes of captures, flow files and arguments
/// escaped: none of it may control the terminal.
fn write_error(err: &mut dyn Write, text: impl std::fmt::Display) -> io::Result<()> {
    message::write_error(err, escape_control(&text.to_string()))
}

fn write_edit_errors(err: &mut dyn Write, errors: &[EditError]) -> io::Result<()> {
    for e in errors {
        write_error(err, &e.message)?;
        if let Some(help) = &e.help {
            message::write_suggestion(err, None, &escape_control(help))?;
        }
    }
    Ok(())
}

/// The captures' requests, or the status to end with (the errors said).
fn replayed(
    args: &SendArgs,
    settings: Settings,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<OutboundRequest>, Status>> {
    let inputs = match Input::from_args(&args.captures, "send") {
        Ok(inputs) => inputs,
        Err(message) => {
            write_error(err, message)?;
            return Ok(Err(Status::CouldNotRun));
        }
    };
    let filter = Filter {
        calls: args.calls.clone(),
        only_failed: args.only_failed,
        input_format: args.input_format,
    };
    let mut replayed = Replayed::default();
    for input in &inputs {
        let name = input.name();
        let result = input
            .open()
            .and_then(|stream| read_input(stream, &name, &filter, &mut replayed));
        if let Err(e) = result {
            write_error(err, format_args!("cannot read {name}: {e}"))?;
            return Ok(Err(Status::CouldNotRun));
        }
    }
    if let Some(first) = replayed.not_listen_log.first() {
        // Said once: a whole capture that is not a listen log is one mistake.
        match replayed.not_listen_log.len() - 1 {
            0 => write_error(err, format_args!("--only-failed: {first}"))?,
            more => write_error(
                err,
                format_args!(
                    "--only-failed: {first}; so {} {more} more record{}",
                    if more == 1 { "is" } else { "are" },
                    if more == 1 { "" } else { "s" }
                ),
            )?,
        }
        writeln!(
            err,
            "  help: --only-failed reads the forward attempts a `callhook listen` log keeps; replay other captures without it"
        )?;
        return Ok(Err(Status::CouldNotRun));
    }
    if !replayed.errors.is_empty() {
        let mut failed = FailedRecords::new(settings.privacy);
        for (i, e) in replayed.errors.iter().enumerate() {
            failed.failed(err, e, i + 1)?;
        }
        failed.ended(err)?;
        write_error(
            err,
            format_args!(
                "{} record{} could not be read; nothing was sent",
                replayed.errors.len(),
                if replayed.errors.len() == 1 { "" } else { "s" }
            ),
        )?;
        return Ok(Err(Status::Problems));
    }
    if replayed.requests.is_empty() && replayed.read > 0 && args.only_failed {
        // Nothing is wrong: every request of the log was delivered.
        writeln!(
            err,
            "callhook: nothing to send: none of the {} requests read failed to be forwarded",
            replayed.read
        )?;
        return Ok(Err(Status::Clean));
    }
    if replayed.requests.is_empty() {
        write_error(
            err,
            if replayed.read == 0 {
                "the captures hold no request".to_owned()
            } else {
                format!(
                    "none of the {} requests read is of the calls named by --call",
                    replayed.read
                )
            },
        )?;
        return Ok(Err(Status::Problems));
    }
    Ok(Ok(replayed.requests))
}

/// Requests made: the requests, notes on them, how many calls.
type Made = (Vec<OutboundRequest>, Vec<String>, usize);

/// The simulated requests, the notes on them and the number of calls; `None` when
/// the configuration or flow cannot be used (said on `err`).
fn simulated(
    args: &SendArgs,
    path: &Path,
    seed: u64,
    settings: Settings,
    err: &mut dyn Write,
) -> io::Result<Option<Made>> {
    let checked = match load(path, settings, err)? {
        Loaded::Checked { checked, .. } => checked,
        Loaded::Unreadable | Loaded::HasErrors => return Ok(None),
    };
    let flow = match read_flow(&args.flow) {
        Ok(flow) => flow,
        Err(message) => {
            write_error(err, message)?;
            return Ok(None);
        }
    };
    if args.calls_count == 0 {
        write_error(err, "--calls 0 simulates nothing: give at least 1")?;
        return Ok(None);
    }
    let start = if args.seed.is_some() {
        SEEDED_START
    } else {
        chrono::Utc::now().timestamp()
    };
    let simulation = Simulation {
        webhooks: &checked.webhooks,
        v2_webhooks: &checked.v2_webhooks,
        flow: &flow,
        calls: args.calls_count,
        seed,
        start,
        tz: settings.tz,
    };
    match simulate(&simulation) {
        Ok(made) if made.requests.is_empty() => {
            for note in &made.notes {
                writeln!(err, "note: {}", escape_control(note))?;
            }
            write_error(
                err,
                format_args!(
                    "no webhook of {} sends anything for the flow {}",
                    path.display(),
                    flow.name
                ),
            )?;
            Ok(None)
        }
        Ok(made) => Ok(Some((made.requests, made.notes, args.calls_count))),
        Err(SimulateError::Unsupported(message)) => {
            write_error(err, message)?;
            Ok(None)
        }
        Err(SimulateError::Edits(errors)) => {
            write_edit_errors(err, &errors)?;
            Ok(None)
        }
    }
}

/// A flow file when `name` is one (it exists, or ends in `.toml` or `.json`), else
/// a built-in flow.
fn read_flow(name: &str) -> Result<Flow, String> {
    let path = Path::new(name);
    let looks_like_file = name.ends_with(".toml") || name.ends_with(".json") || name.contains('/');
    if !looks_like_file && !path.exists() {
        return flow::built_in(name);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the flow file {name}: {e}"))?;
    let json = name.ends_with(".json") || text.trim_start().starts_with('{');
    flow::parse(&text, !json, name)
}
