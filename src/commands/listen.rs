//! `callhook listen`: arguments checked into [`Options`], then the receiver runs
//! until Ctrl-C, printing through the `render` side.

use std::io::Write;

use crate::cli::ListenArgs;
use crate::commands::config_file::{declaring, load_webhooks};
use crate::http_client::http_url;
use crate::listen::{Forwarding, Mode, Options};
use crate::render::listen::ListenPrinter;
use crate::render::message::write_error;
use crate::settings::Settings;
use crate::status::Status;

pub fn run(args: &ListenArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let forward = match &args.forward_to {
        None => None,
        Some(url) => match http_url(url, "--forward-to") {
            Ok(url) => Some(Forwarding {
                url,
                timeout: args.forward_timeout,
                concurrency: args.forward_concurrency,
                retry_delay: args.retry_delay,
                retry_max_delay: args.retry_max_delay,
                give_up_after: args.give_up_after,
            }),
            Err(message) => {
                write_error(err, message)?;
                return Ok(Status::CouldNotRun);
            }
        },
    };
    if args.mode == Mode::Proxy && forward.is_none() {
        write_error(
            err,
            "`--mode proxy` returns the app's answer: name the app with --forward-to",
        )?;
        return Ok(Status::CouldNotRun);
    }
    let webhooks = match &args.config {
        None => None,
        Some(path) => match load_webhooks(path, "listen --config", settings, err)? {
            Some(webhooks) => Some(webhooks),
            None => return Ok(Status::CouldNotRun),
        },
    };
    let settings = webhooks.as_ref().map_or(settings, |w| declaring(settings, w));
    let options = Options {
        bind: args.bind,
        log: args.log.clone(),
        durability: args.durability,
        max_body: args.max_body,
        header_timeout: args.header_timeout,
        max_connections: args.max_connections,
        mode: args.mode,
        ack_timeout: args.ack_timeout,
        forward,
        webhooks,
        enforce_auth: args.enforce_auth,
        grace: args.grace,
        tz: settings.tz,
    };
    let result = {
        let mut printer = ListenPrinter::new(args.format, settings, args.show_response, out, err);
        crate::listen::run(options, &mut printer)
    };
    match result {
        Ok(_) => Ok(Status::Clean),
        Err(e) => {
            write_error(err, e)?;
            Ok(Status::CouldNotRun)
        }
    }
}
