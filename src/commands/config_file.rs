//! A configuration file loaded for a command that uses one (`decode --config`,
//! `migrate`): read, checked, and when it has errors, refused with them shown as
//! `validate` shows them.

use std::io::{self, Write};
use std::path::Path;

use crate::findings::Severity;
use crate::render::diagnostics::{quotable_source, write_text};
use crate::render::message::write_error;
use crate::settings::Settings;
use crate::validate::{Checked, check, read_config};

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

pub fn load(path: &Path, settings: Settings, err: &mut dyn Write) -> io::Result<Loaded> {
    let (name, text) = match read_config(path) {
        Ok(read) => read,
        Err(message) => {
            write_error(err, message)?;
            return Ok(Loaded::Unreadable);
        }
    };
    let checked = check(&text);
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
