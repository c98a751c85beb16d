//! `callhook fields [NAME]`: the dictionary, or one entry explained.

use std::io::Write;

use crate::cli::{FieldsArgs, TableFormat};
use crate::render::fields as render;
use crate::render::message::{write_error, write_suggestion};
use crate::settings::Settings;
use crate::status::Status;
use crate::vocabulary::FIELDS;
use crate::vocabulary::lookup::{resolve, suggest};

pub fn run(args: &FieldsArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let Some(name) = &args.name else {
        match args.format {
            TableFormat::Text => render::write_table(out, FIELDS, settings.color)?,
            TableFormat::Json => render::write_json(out, FIELDS)?,
            TableFormat::Csv => render::write_csv(out, FIELDS)?,
        }
        return Ok(Status::Clean);
    };
    let Some(field) = resolve(name) else {
        write_error(err, format_args!("no field is named `{name}`"))?;
        write_suggestion(err, suggest(name), "`callhook fields` lists them all")?;
        return Ok(Status::Problems);
    };
    match args.format {
        TableFormat::Text => render::write_explanation(out, field)?,
        TableFormat::Json => render::write_explanation_json(out, field)?,
        TableFormat::Csv => render::write_csv(out, std::slice::from_ref(field))?,
    }
    Ok(Status::Clean)
}
