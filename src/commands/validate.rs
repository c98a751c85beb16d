//! `callhook validate CONFIG...`: configurations checked, diagnostics rendered.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::commands::configuration_or_capture::{capture_described, write_not_a_configuration};
use crate::render::diagnostics::{DiagnosticView, quotable_source, write_text};
use crate::render::json_document::JsonDocument;
use crate::render::message::{plural, write_error, write_suggestion};
use crate::settings::Settings;
use crate::status::Status;
use crate::validate::{Checked, Rule, check, read_config};
use crate::vocabulary::lookup::nearest;

pub fn run(
    args: &ValidateArgs,
    settings: Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    match args.explain.as_deref() {
        Some("") => return list_rules(out),
        Some(id) => return explain(id, out, err),
        None => {}
    }
    let stdin = [PathBuf::from("-")];
    let configs: &[PathBuf] = if !args.configs.is_empty() {
        &args.configs
    } else if io::stdin().is_terminal() {
        write_error(
            err,
            "no configuration: name configuration files, or pipe one into standard input (`pbpaste | callhook validate`)",
        )?;
        return Ok(Status::CouldNotRun);
    } else {
        &stdin
    };
    let mut status = Status::Clean;
    let (mut errors, mut warnings, mut unread, mut captures) = (0, 0, 0, 0);
    let mut json: Vec<(String, String, Checked)> = Vec::new();
    for path in configs {
        let (name, text) = match read_config(path) {
            Ok(read) => read,
            Err(message) => {
                write_error(err, message)?;
                status = Status::CouldNotRun;
                unread += 1;
                continue;
            }
        };
        if let Some(what) = capture_described(&name, &text) {
            write_not_a_configuration(err, &name, &what)?;
            status = Status::CouldNotRun;
            captures += 1;
            continue;
        }
        let checked = check(&text);
        let (e, w) = checked.counts();
        errors += e;
        warnings += w;
        match args.format {
            ValidateFormat::Text => {
                let source = quotable_source(&text, &checked.secrets, settings.privacy);
                write_text(out, &name, &source, &checked.diagnostics, settings.color)?;
            }
            ValidateFormat::Json => json.push((name, text, checked)),
        }
    }
    if args.format == ValidateFormat::Json {
        let views: Vec<DiagnosticView> = json
            .iter()
            .flat_map(|(name, text, checked)| checked.diagnostics.iter().map(|d| DiagnosticView::new(d, name, text)))
            .collect();
        JsonDocument::open(out)?.serde_list("diagnostics", &views)?.close()?;
    }
    out.flush()?;
    write!(
        err,
        "callhook: {} and {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(configs.len() - unread - captures, "file")
    )?;
    if unread > 0 {
        write!(err, "; {} could not be read", plural(unread, "file"))?;
    }
    if captures > 0 {
        let are = if captures == 1 {
            "is a capture, not a configuration"
        } else {
            "are captures, not configurations"
        };
        write!(err, "; {} {are}", plural(captures, "file"))?;
    }
    writeln!(err)?;
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        status = status.max(Status::Problems);
    }
    Ok(status)
}

fn explain(id: &str, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let Some(rule) = Rule::from_id(id) else {
        write_error(err, format_args!("no rule is named `{id}`"))?;
        let near = nearest(id, Rule::ALL.iter().map(|r| r.as_str()), 0.8);
        write_suggestion(err, near, "`callhook validate --explain` lists them")?;
        return Ok(Status::CouldNotRun);
    };
    writeln!(
        out,
        "{} ({})\n\n{}",
        rule.as_str(),
        rule.severity().as_str(),
        rule.explain()
    )?;
    Ok(Status::Clean)
}

/// `--explain` without a rule: every rule with its severity and what it checks, one
/// a line.
fn list_rules(out: &mut dyn Write) -> anyhow::Result<Status> {
    let width = Rule::ALL.iter().map(|r| r.as_str().len()).max().unwrap_or(0);
    for rule in Rule::ALL {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.as_str(),
            rule.severity().as_str(),
            rule.explain()
        )?;
    }
    writeln!(out, "\n`callhook validate --explain RULE` says more about one.")?;
    out.flush()?;
    Ok(Status::Clean)
}
