//! `callhook validate CONFIG...`: configurations checked, diagnostics rendered.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use serde::Serialize;

use crate::Status;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::findings::Severity;
use crate::render::SCHEMA_VERSION;
use crate::render::diagnostics::{DiagnosticView, quotable_source, write_text};
use crate::render::message::{plural, write_error, write_suggestion};
use crate::settings::Settings;
use crate::validate::{Checked, Diagnostic, Rule, check};
use crate::vocabulary::lookup::nearest;

/// A configuration's text, or what went wrong reading it.
pub fn read_config(path: &Path) -> Result<(String, String), String> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    read.map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
}

/// Checks a configuration's text, reporting bytes that are not UTF-8 as invalid JSON.
pub fn check_text(text: &str) -> Checked {
    match text.find('\u{FFFD}') {
        Some(at) => {
            let mut checked = Checked::default();
            checked.diagnostics.push(Diagnostic {
                rule: Rule::InvalidJson,
                message: "the file is not UTF-8 text".into(),
                help: Some("save the configuration as UTF-8".into()),
                span: at..at + '\u{FFFD}'.len_utf8(),
                pointer: String::new(),
            });
            checked
        }
        None => check(text),
    }
}

/// A configuration read and checked for a command that uses one (`decode --config`,
/// `migrate`), or why it cannot be used, said on `err` as `validate` says it.
pub enum Loaded {
    Checked {
        name: String,
        text: String,
        checked: Checked,
    },
    Unreadable,
    /// It has errors; they are shown.
    HasErrors,
}

pub fn load(path: &Path, settings: &Settings, err: &mut dyn Write) -> io::Result<Loaded> {
    let (name, text) = match read_config(path) {
        Ok(read) => read,
        Err(message) => {
            write_error(err, message)?;
            return Ok(Loaded::Unreadable);
        }
    };
    let checked = check_text(&text);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.severity() == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(Loaded::Checked { name, text, checked });
    }
    let source = quotable_source(&text, &checked.secrets, settings.privacy.show_secrets);
    write_text(err, &name, &source, &errors, settings.color)?;
    write_error(
        err,
        format_args!("the configuration {name} has errors; fix them first (`callhook validate {name}`)"),
    )?;
    Ok(Loaded::HasErrors)
}

pub fn run(
    args: &ValidateArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    if let Some(id) = &args.explain {
        return explain(id, out, err);
    }
    let mut status = Status::Clean;
    let (mut errors, mut warnings) = (0, 0);
    let mut json: Vec<(String, String, Checked)> = Vec::new();
    for path in &args.configs {
        let (name, text) = match read_config(path) {
            Ok(read) => read,
            Err(message) => {
                write_error(err, message)?;
                status = Status::CouldNotRun;
                continue;
            }
        };
        let checked = check_text(&text);
        let (e, w) = checked.counts();
        errors += e;
        warnings += w;
        match args.format {
            ValidateFormat::Text => {
                let source = quotable_source(&text, &checked.secrets, settings.privacy.show_secrets);
                write_text(out, &name, &source, &checked.diagnostics, settings.color)?;
            }
            ValidateFormat::Json => json.push((name, text, checked)),
        }
    }
    if args.format == ValidateFormat::Json {
        #[derive(Serialize)]
        struct Doc<'a> {
            schema_version: u32,
            diagnostics: Vec<DiagnosticView<'a>>,
        }
        let doc = Doc {
            schema_version: SCHEMA_VERSION,
            diagnostics: json
                .iter()
                .flat_map(|(name, text, checked)| {
                    checked.diagnostics.iter().map(|d| DiagnosticView::new(d, name, text))
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    }
    out.flush()?;
    let files = args.configs.len();
    writeln!(
        err,
        "callhook: {} and {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )?;
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        status = status.max(Status::Problems);
    }
    Ok(status)
}

fn explain(id: &str, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    match Rule::from_id(id) {
        Some(rule) => {
            writeln!(
                out,
                "{} ({})\n\n{}",
                rule.as_str(),
                rule.severity().as_str(),
                rule.explain()
            )?;
            Ok(Status::Clean)
        }
        None => {
            write_error(err, format_args!("no rule is named `{id}`"))?;
            let near = nearest(id, Rule::ALL.iter().map(|r| r.as_str()), 0.8);
            write_suggestion(err, near, "`callhook validate --help` and the README list them")?;
            Ok(Status::CouldNotRun)
        }
    }
}
