//! `validate` diagnostics: like a compiler's with annotate-snippets (severity, rule
//! id, message, `--> file:line:column`, the source line with the span underlined, a
//! help line), or as JSON. Secret values in the quoted source are masked byte for
//! byte, so spans and underlines still line up.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

use crate::findings::Severity;
use crate::privacy::Privacy;
use crate::terminal::{escape_control, is_unsafe};
use crate::validate::Diagnostic;

/// The source as it may be quoted: the secret values a check found (`secrets`)
/// replaced by `*` (one per byte); then, for a source that did not parse or values
/// of the wrong type, whatever `privacy` finds secret in any text, and phone numbers
/// under `--mask-pii`, replaced by `*` as wide; and what must not reach a terminal
/// (`terminal::is_unsafe`) by `?` (one per byte). So a configuration cannot leak a
/// password or a number or drive the terminal, and every offset stays where it was.
pub fn quotable_source(text: &str, secrets: &[Range<usize>], privacy: Privacy) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if !privacy.show_secrets {
        for r in secrets {
            for b in bytes.get_mut(r.clone()).into_iter().flatten() {
                *b = b'*';
            }
        }
    }
    let masked = String::from_utf8_lossy(&bytes).into_owned();
    let masked = privacy.quoted(&masked);
    let mut quoted = String::with_capacity(masked.len());
    for c in masked.chars() {
        if is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
            quoted.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            quoted.push(c);
        }
    }
    quoted
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

pub fn write_text(
    out: &mut dyn Write,
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);
    let file = escape_control(file);
    let lines = LineStarts::of(source);
    for d in diagnostics {
        let level = match d.rule.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let start = floor_char_boundary(source, d.span.start.min(source.len()));
        let end = floor_char_boundary(source, d.span.end.min(source.len())).max(start);
        // Only the lines the span covers are handed to the renderer, so that each
        // diagnostic costs its own lines, not the whole file: a configuration with
        // thousands of problems renders in time linear in its size.
        let (first, from) = lines.line_of(start);
        let to = lines.end_of_line_at(source, end);
        let snippet = Snippet::source(&source[from..to])
            .line_start(first)
            .path(file.as_ref())
            .annotation(AnnotationKind::Primary.span(start - from..end - from));
        // Messages quote the configuration's text, which is data.
        let message = escape_control(&d.message);
        let help = d.help.as_deref().map(escape_control);
        let mut group = level
            .primary_title(message.as_ref())
            .id(d.rule.as_str())
            .element(snippet);
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    Ok(())
}

/// Where each line of a source starts, found once for all its diagnostics.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(source: &str) -> Self {
        LineStarts(
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|p| p + 1))
                .collect(),
        )
    }

    /// The 1-based line holding byte `offset`, and where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let index = self.0.partition_point(|&start| start <= offset).saturating_sub(1);
        (index + 1, self.0[index])
    }

    /// Where the line holding byte `offset` ends (before its newline), or the end.
    fn end_of_line_at(&self, source: &str, offset: usize) -> usize {
        let (line, _) = self.line_of(offset);
        self.0.get(line).map_or(source.len(), |&next| next - 1).max(offset)
    }
}

#[derive(Serialize)]
pub struct DiagnosticView<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    start: Position,
    end: Position,
    pointer: &'a str,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

impl<'a> DiagnosticView<'a> {
    pub fn new(d: &'a Diagnostic, file: &'a str, text: &str) -> Self {
        let (line, column) = line_column(text, d.span.start);
        let (end_line, end_column) = line_column(text, d.span.end);
        DiagnosticView {
            rule: d.rule.as_str(),
            severity: d.rule.severity().as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            file,
            start: Position { line, column },
            end: Position {
                line: end_line,
                column: end_column,
            },
            pointer: &d.pointer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_every_offset() {
        let text = "{\"password\": \"hunter2\"}";
        let password = std::slice::from_ref(&(14..21));
        let hidden = Privacy::default();
        let shown = Privacy {
            show_secrets: true,
            ..Privacy::default()
        };
        assert_eq!(quotable_source(text, password, hidden), "{\"password\": \"*******\"}");
        assert_eq!(quotable_source(text, password, shown), text);
        assert_eq!(quotable_source("a\x1b[2Jb", &[], hidden), "a?[2Jb");
        // No span known (the source did not parse): found by name, as wide.
        assert_eq!(
            quotable_source("{\"password\": \"pw\" x", &[], hidden),
            "{\"password\": \"**\" x"
        );
        let masked = Privacy {
            mask_pii: true,
            ..Privacy::default()
        };
        assert_eq!(
            quotable_source("{\"tel\": \"+919711636496\"}", &[], masked),
            "{\"tel\": \"+91******6496\"}"
        );
        // Offsets stay: a character of three bytes becomes three `?`.
        assert_eq!(quotable_source("\"\u{202e}\u{9b}x\"", &[], hidden), "\"?????x\"");
    }

    #[test]
    fn lines_and_columns() {
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
