//! `callhook validate CONFIG...`: configurations checked, diagnostics rendered.

use std::io::Write;

use crate::cli::{ValidateArgs, ValidateFormat};
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
    let Some(rule) = Rule::from_id(id) else {
        write_error(err, format_args!("no rule is named `{id}`"))?;
        let near = nearest(id, Rule::ALL.iter().map(|r| r.as_str()), 0.8);
        write_suggestion(err, near, "`callhook validate --help` and the README list them")?;
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
