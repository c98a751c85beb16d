//! `callhook fields [NAME]`: the dictionary, or one entry explained: a field (v1 key
//! or v2 path), a v2 event type, or a v2 code word.

use std::io::Write;

use crate::cli::{FieldsArgs, TableFormat};
use crate::render::fields as render;
use crate::render::message::{write_error, write_suggestion};
use crate::settings::Settings;
use crate::status::Status;
use crate::terminal::escape_control;
use crate::vocabulary::FIELDS;
use crate::vocabulary::lookup::{Entry, explain, suggest};

pub fn run(args: &FieldsArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let Some(name) = &args.name else {
        match args.format {
            TableFormat::Text => render::write_table(out, FIELDS, settings.color)?,
            TableFormat::Json => render::write_json(out, FIELDS)?,
            TableFormat::Csv => render::write_csv(out, FIELDS)?,
        }
        return Ok(Status::Clean);
    };
    let shown = escape_control(name);
    let entry = match explain(name) {
        Ok(entry) => entry,
        Err(several) if several.len() > 1 => {
            let paths: Vec<String> = several
                .iter()
                .flat_map(|f| f.v2_paths())
                .map(|p| format!("`{p}`"))
                .collect();
            write_error(err, format_args!("`{shown}` ends several v2 paths"))?;
            write_suggestion(err, None, &format!("name one of {}", paths.join(", ")))?;
            return Ok(Status::Problems);
        }
        Err(_) => {
            write_error(err, format_args!("no field is named `{shown}`"))?;
            write_suggestion(err, suggest(name), "`callhook fields` lists them all")?;
            return Ok(Status::Problems);
        }
    };
    match (entry, args.format) {
        (Entry::Field(field), TableFormat::Text) => render::write_explanation(out, field)?,
        (Entry::Field(field), TableFormat::Json) => render::write_explanation_json(out, field)?,
        (Entry::Field(field), TableFormat::Csv) => render::write_csv(out, std::slice::from_ref(field))?,
        (Entry::Event(event), TableFormat::Text) => render::write_event(out, event)?,
        (Entry::Event(event), TableFormat::Json) => render::write_event_json(out, event)?,
        (Entry::Event(event), TableFormat::Csv) => render::write_event_csv(out, event)?,
        (Entry::Word(words), TableFormat::Text) => render::write_word(out, &words)?,
        (Entry::Word(words), TableFormat::Json) => render::write_word_json(out, &words)?,
        (Entry::Word(words), TableFormat::Csv) => render::write_word_csv(out, &words)?,
    }
    Ok(Status::Clean)
}
