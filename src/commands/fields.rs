//! `callhook fields [NAME]`: the dictionary, or one entry explained.

use std::io::Write;

use colored::Colorize;

use crate::Status;
use crate::cli::{FieldsArgs, TableFormat};
use crate::render::fields as render;
use crate::settings::Settings;
use crate::vocabulary::FIELDS;
use crate::vocabulary::lookup::{resolve, suggest};

pub fn run(args: &FieldsArgs, settings: &Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let Some(name) = &args.name else {
        match args.format {
            TableFormat::Text => render::write_table(out, FIELDS, settings.color)?,
            TableFormat::Json => render::write_json(out, FIELDS)?,
            TableFormat::Csv => render::write_csv(out, FIELDS)?,
        }
        return Ok(Status::Clean);
    };
    match resolve(name) {
        Some(field) => {
            match args.format {
                TableFormat::Text => render::write_explanation(out, field)?,
                TableFormat::Json => render::write_explanation_json(out, field)?,
                TableFormat::Csv => render::write_csv(out, std::slice::from_ref(field))?,
            }
            Ok(Status::Clean)
        }
        None => {
            writeln!(err, "{}: no field is named `{name}`", "error".red().bold())?;
            let list = "`callhook fields` lists them all";
            match suggest(name) {
                Some(near) => writeln!(err, "  {}: did you mean `{near}`? {list}", "help".cyan().bold())?,
                None => writeln!(err, "  {}: {list}", "help".cyan().bold())?,
            }
            Ok(Status::Problems)
        }
    }
}
