//! A configuration file loaded for a command that uses one (`decode --config`,
//! `migrate`): read, checked, and when it has errors, refused with them shown as
//! `validate` shows them.

use std::io::{self, Write};
use std::path::Path;

use crate::commands::configuration_or_capture::{capture_described, write_not_a_configuration};
use crate::findings::Severity;
use crate::privacy::Declared;
use crate::render::diagnostics::{quotable_source, write_text};
use crate::render::message::write_error;
use crate::settings::Settings;
use crate::validate::v2::Auth;
use crate::validate::{Checked, Webhooks, check, read_config};

/// A configuration read and checked for a command that uses one (`decode --config`,
/// `migrate`), or why it cannot be used, said on `err` as `validate` says it.
pub enum Loaded {
    Checked {
        name: String,
        text: String,
        checked: Checked,
    },
    /// It could not be read, or it is a capture, not a configuration (said).
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
    if let Some(what) = capture_described(&name, &text) {
        write_not_a_configuration(err, &name, &what)?;
        return Ok(Loaded::Unreadable);
    }
    let checked = check(&text);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.severity() == Severity::Error && !d.rule.forbids_saving_only())
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(Loaded::Checked { name, text, checked });
    }
    let source = quotable_source(&text, &checked.secrets, settings.privacy);
    write_text(err, &name, &source, &errors, settings.color)?;
    write_error(
        err,
        format_args!("the configuration {name} has errors; fix them first (`callhook validate {name}`)"),
    )?;
    Ok(Loaded::HasErrors)
}

/// The webhooks of a configuration, v1 and v2, or `None` after saying on `err` why
/// it cannot be used: unreadable, or with errors `validate` reports. `option` is how
/// the command that reads it names it (`decode --config`, `listen --config`).
pub(crate) fn load_webhooks(
    path: &Path,
    option: &str,
    settings: Settings,
    err: &mut dyn Write,
) -> io::Result<Option<Webhooks>> {
    match load(path, settings, err)? {
        Loaded::Checked { name, checked, .. } if checked.webhooks.is_empty() && checked.v2_webhooks.is_empty() => {
            write_error(
                err,
                format_args!("{name} configures no webhook for `{option}` to check against"),
            )?;
            Ok(None)
        }
        Loaded::Checked { checked, .. } => Ok(Some(Webhooks {
            v1: checked.webhooks,
            v2: checked.v2_webhooks,
        })),
        Loaded::Unreadable | Loaded::HasErrors => Ok(None),
    }
}

/// `settings` with the secret values the webhooks declare (v1 header values and
/// password, v2 API key or password) redacted wherever they appear, quoted lines
/// and messages included.
pub(crate) fn declaring(settings: Settings, webhooks: &Webhooks) -> Settings {
    let v1 = webhooks.v1.iter().flat_map(|w| {
        w.headers
            .iter()
            .map(|h| h.value.clone())
            .chain(w.credentials.iter().map(|(_, password)| password.clone()))
    });
    // A v2 webhook's secret is its authentication; its custom headers are hidden
    // where a request carries them (`X-Source: myoperator` is no secret, and its
    // value redacted everywhere would hide the URL's `/hooks/myoperator`).
    let v2 = webhooks.v2.iter().filter_map(|w| match &w.auth {
        Auth::None => None,
        Auth::Basic { password, .. } => Some(password.clone()),
        Auth::ApiKey { value, .. } => Some(value.clone()),
    });
    let values = v1.chain(v2);
    let mut settings = settings;
    settings.privacy.declared = Declared::new(values);
    settings
}
