//! `callhook fields [NAME]`: the dictionary, or one entry explained: a field (v1 key
//! or v2 path), a v2 event type, or a v2 code word.

use std::io::Write;

use crate::cli::{FieldsArgs, TableFormat};
use crate::render::fields as render;
use crate::render::message::{write_error, write_suggestion};
use crate::settings::Settings;
use crate::status::Status;
use crate::terminal::escape_control;
use crate::vocabulary::codes::label_of;
use crate::vocabulary::lookup::{Entry, explain, suggest};
use crate::vocabulary::{FIELDS, Field};

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
            let number: Option<i64> = name.trim().parse().ok();
            let coded: Vec<(&str, &str)> = FIELDS
                .iter()
                .filter_map(|f| Some((f.id, label_of(f.value_type.codes(), number?)?.label)))
                .collect();
            match (number, coded.as_slice()) {
                (Some(code), [(first, _), ..]) => {
                    let fields: Vec<String> = coded.iter().map(|(id, label)| format!("{id} ({label})")).collect();
                    write_error(
                        err,
                        format_args!(
                            "no field is named `{shown}`, but {code} is a code of {}",
                            fields.join(", ")
                        ),
                    )?;
                    let how = if coded.len() == 1 {
                        format!("`callhook fields {first} {code}` explains it")
                    } else {
                        format!("`callhook fields FIELD {code}` explains one (`callhook fields {first} {code}`)")
                    };
                    write_suggestion(err, None, &how)?;
                }
                (Some(code), []) => {
                    write_error(
                        err,
                        format_args!("no field is named `{shown}`, and no field has a code {code}"),
                    )?;
                    write_suggestion(err, None, "`callhook fields` lists the fields and their codes")?;
                }
                (None, _) => {
                    write_error(err, format_args!("no field is named `{shown}`"))?;
                    write_suggestion(err, suggest(name), "`callhook fields` lists them all")?;
                }
            }
            return Ok(Status::Problems);
        }
    };
    if let Some(code) = &args.code {
        return explain_code(&entry, &shown, code, args.format, out, err);
    }
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

/// `fields NAME CODE`: one code of a coded field, or why there is none.
fn explain_code(
    entry: &Entry,
    shown: &str,
    code: &str,
    format: TableFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    let code_shown = escape_control(code);
    let field: &'static Field = match entry {
        Entry::Field(field) => field,
        Entry::Event(event) => {
            write_error(
                err,
                format_args!("`{}` is a v2 event type, which has no codes: drop CODE", event.name),
            )?;
            return Ok(Status::Problems);
        }
        Entry::Word(_) => {
            write_error(err, format_args!("`{shown}` is a v2 code word, not a field: drop CODE"))?;
            return Ok(Status::Problems);
        }
    };
    let (codes, words) = (field.value_type.codes(), field.value_type.words());
    if codes.is_empty() && words.is_empty() {
        write_error(
            err,
            format_args!(
                "{} has no codes: its values are of type {}",
                field.id,
                field.value_type.as_str()
            ),
        )?;
        write_suggestion(err, None, &format!("`callhook fields {}` explains it", field.id))?;
        return Ok(Status::Problems);
    }
    if let Some(c) = code.trim().parse().ok().and_then(|n| label_of(codes, n)) {
        match format {
            TableFormat::Text => render::write_code(out, field, c)?,
            TableFormat::Json => render::write_code_json(out, field, c)?,
            TableFormat::Csv => render::write_code_csv(out, field, c)?,
        }
        return Ok(Status::Clean);
    }
    let code_trimmed = code.trim();
    if let Some(word) = words
        .iter()
        .find(|w| w.spellings().any(|s| s.eq_ignore_ascii_case(code_trimmed)))
    {
        let words = [(field, word)];
        match format {
            TableFormat::Text => render::write_word(out, &words)?,
            TableFormat::Json => render::write_word_json(out, &words)?,
            TableFormat::Csv => render::write_word_csv(out, &words)?,
        }
        return Ok(Status::Clean);
    }
    let known = if codes.is_empty() {
        words.iter().map(|w| w.value.to_owned()).collect::<Vec<_>>().join(", ")
    } else {
        code_ranges(codes.iter().map(|c| c.value))
    };
    // The dictionary says why a code is missing where it knows (`There is no call
    // state 8.`).
    let why = field
        .note
        .split(". ")
        .find(|sentence| sentence.starts_with("There is no") && sentence.split([' ', '.']).any(|w| w == code_trimmed))
        .map(|sentence| format!(": t{}", sentence.trim_end_matches('.').trim_start_matches('T')))
        .unwrap_or_default();
    write_error(
        err,
        format_args!("{} has no code {code_shown}{why}; codes are {known}", field.id),
    )?;
    write_suggestion(err, None, &format!("`callhook fields {}` explains each", field.id))?;
    Ok(Status::Problems)
}

/// `1-7, 9`: codes in order, runs of three or more as ranges.
fn code_ranges(values: impl IntoIterator<Item = i64>) -> String {
    let mut values: Vec<i64> = values.into_iter().collect();
    values.sort_unstable();
    values.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(values[i].to_string()),
            1 => parts.extend([values[i].to_string(), values[j].to_string()]),
            _ => parts.push(format!("{}-{}", values[i], values[j])),
        }
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::code_ranges;

    #[test]
    fn codes_are_said_as_ranges() {
        assert_eq!(code_ranges([1, 2, 3, 4, 5, 6, 7, 9]), "1-7, 9");
        assert_eq!(code_ranges([2, 1]), "1, 2");
        assert_eq!(code_ranges([1, 2, 3]), "1-3");
        assert_eq!(code_ranges([]), "");
    }
}
