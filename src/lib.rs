//! callhook: decode, look up, order, validate and migrate MyOperator call webhooks.
//!
//! The binary is a thin shell over [`run`]. The modules, by layer from the bottom (a
//! module uses its own layer and those under it; `layering` tests it):
//!
//! - shared ground: `status` (how a command ends: the exit status), `stable_ids` (the
//!   macro behind every table of ids), `findings` (what decoding notices, by id),
//!   `privacy` (secrets redacted, phone numbers masked), `terminal` (captured text
//!   escaped before it reaches a terminal), `settings` (arguments and environment
//!   checked once into what commands read; colour decided here);
//! - `vocabulary`: MyOperator's words as data: the field dictionary with each field's
//!   keys per payload family, the family detector, code labels, the call-state flow,
//!   v2 events and fields, each v1 field's v2 counterpart;
//! - `input`: captured bytes split into records and parsed, one file per format;
//!   `pipeline`: the reading pipeline, every record of every input worked on in
//!   parallel and handed back in order;
//! - `decode`: a record's every field with its meaning, and findings;
//! - `timeline` (records grouped into calls, ordered, judged) and `validate`
//!   (configurations checked, v1 migrated to v2, captures checked against them);
//! - live: `listen`, the live receiver, which logs, decodes, judges and forwards
//!   each request as it comes; `send`, which replays captures or simulates what a
//!   configuration sends, with MyOperator's retries, disorder and duplicates;
//!   `http_client`, the client both send with; and `browse`, the model of the
//!   interactive view (call list, ladder, event), fed by captures read as
//!   `timeline` reads them, live on a log;
//! - `render`: every output, one interface per command and a type per format;
//! - `cli` (the command line, whose doc comments are the help), `commands` (one
//!   module per subcommand), `generate` (completions and man pages);
//! - `fuzzing` (entry points for the fuzz targets) and `layering` (tests of these
//!   layers and of this map).

pub(crate) mod browse;
pub(crate) mod cli;
pub(crate) mod commands;
pub mod decode;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub(crate) mod http_client;
pub mod input;
mod layering;
pub(crate) mod listen;
pub(crate) mod pipeline;
pub(crate) mod privacy;
pub(crate) mod render;
pub(crate) mod send;
pub(crate) mod settings;
mod stable_ids;
pub(crate) mod status;
pub(crate) mod terminal;
pub mod timeline;
pub mod validate;
pub mod vocabulary;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use privacy::Privacy;
use settings::Settings;
use status::Status;

/// Runs callhook with `args`, writing to the process's stdout and stderr.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = io::stdout();
    let global = &cli.global;
    let privacy = Privacy {
        show_secrets: global.show_secrets,
        mask_pii: global.mask_pii,
        ..Privacy::default()
    };
    let env = |name: &str| std::env::var_os(name);
    let settings = Settings::new(global.color, privacy, global.tz, env, stdout.is_terminal());
    colored::control::set_override(settings.color);
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = io::stderr().lock();
    let result = match &cli.command {
        Command::Decode(args) => commands::decode::run(args, settings, &mut out, &mut err),
        Command::Timeline(args) => commands::timeline::run(args, settings, &mut out, &mut err),
        Command::Validate(args) => commands::validate::run(args, settings, &mut out, &mut err),
        Command::Fields(args) => commands::fields::run(args, settings, &mut out, &mut err),
        Command::Migrate(args) => commands::migrate::run(args, settings, &mut out, &mut err),
        Command::Listen(args) => commands::listen::run(args, settings, &mut out, &mut err),
        Command::Send(args) => commands::send::run(args, settings, &mut out, &mut err),
        Command::Browse(args) => commands::browse::run(args, settings, &mut out, &mut err),
        Command::Generate(args) => commands::generate::run(args, &mut out),
    }
    .and_then(|status| out.flush().map(|()| status).map_err(Into::into));
    match result {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "callhook: error: {e:#}");
            Status::CouldNotRun.into()
        }
    }
}

/// A reader that went away (`| head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
