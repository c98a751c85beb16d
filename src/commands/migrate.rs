//! `callhook migrate V1-CONFIG`: the Webhook v2 configuration that does a v1
//! configuration's job, checked by `validate` before it is written, and where each
//! v1 field the handler read is in v2.

use std::io::Write;
use std::path::Path;

use crate::cli::{MigrateArgs, ValidateFormat};
use crate::commands::config_file::{Loaded, load};
use crate::privacy::REDACTED;
use crate::render::diagnostics::write_text;
use crate::render::message::{plural, write_error};
use crate::render::migrate::{configuration, write_json, write_notes};
use crate::settings::Settings;
use crate::status::Status;
use crate::terminal::escape_control_in_json;
use crate::validate::check;
use crate::validate::migration::{Migration, migrate};

pub fn run(args: &MigrateArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let (name, text, checked) = match load(&args.config, settings, err)? {
        Loaded::Checked { name, text, checked } => (name, text, checked),
        Loaded::Unreadable => return Ok(Status::CouldNotRun),
        Loaded::HasErrors => return Ok(Status::Problems),
    };
    if !checked.v2_webhooks.is_empty() {
        let what = if checked.webhooks.is_empty() {
            "is a v2 configuration already"
        } else {
            "has v2 webhooks besides v1 ones; give migrate the v1 ones alone"
        };
        write_error(
            err,
            format_args!("{name} {what} (`callhook validate {name}` checks it)"),
        )?;
        return Ok(Status::CouldNotRun);
    }
    let stem = Path::new(&name)
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let count = checked.webhooks.len();
    let migrations: Vec<Migration> = checked
        .webhooks
        .iter()
        .enumerate()
        .map(|(i, webhook)| {
            let label = webhook.kind.map_or("In-Call", |k| k.label());
            let name = match count {
                1 => format!("{label} (from {stem})"),
                _ => format!("{label} (from {stem}, webhook {})", i + 1),
            };
            migrate(webhook, name)
        })
        .collect();
    let array = text.trim_start().starts_with('[');
    let config = configuration(&migrations, array, settings.privacy);
    let written = format!("{}\n", escape_control_in_json(&serde_json::to_string_pretty(&config)?));
    let result = format!("<migrated from {name}>");
    let check = check(&written);
    match args.format {
        ValidateFormat::Text => {
            out.write_all(written.as_bytes())?;
            out.flush()?;
            write_notes(err, &name, &migrations, &checked.webhooks, settings.color)?;
            write_text(err, &result, &written, &check.diagnostics, settings.color)?;
            if written.contains(REDACTED) {
                writeln!(
                    err,
                    "callhook: secret values are written as {REDACTED}; --show-secrets writes them"
                )?;
            }
        }
        ValidateFormat::Json => write_json(
            out,
            &config,
            &migrations,
            &checked.webhooks,
            (&result, &written, &check),
        )?,
    }
    let (errors, warnings) = check.counts();
    writeln!(
        err,
        "callhook: {} migrated from {name}; validate finds {} and {} in the result",
        plural(count, "v1 webhook"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )?;
    Ok(if errors > 0 { Status::Problems } else { Status::Clean })
}
