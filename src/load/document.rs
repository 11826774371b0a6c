//! Reading one TOML file of the plan: bytes → NFC text → spanned table, with every
//! syntax error reported.

use std::path::Path;

use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::fields::TableRef;
use crate::source::{read_text, ReadError, SourceFile};

/// Reads `path`, parses it and hands the table to `read`. Problems with the file itself
/// (unreadable, a link or not a regular file, not UTF-8, TOML syntax) are reported and
/// `read` is not called.
pub fn with_document<R>(
    path: &Path,
    display_path: String,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&SourceFile, TableRef<'_, '_>, &mut Vec<Diagnostic>) -> R,
) -> Option<R> {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(ReadError::NotUtf8 { offset, bytes }) => {
            // Show the file up to the bad byte so the caret lands on the line that holds it.
            let shown = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
            let file = SourceFile::new(display_path, &shown);
            let end = file.text.len();
            diagnostics.push(Diagnostic::new(&file, end..end, Problem::NotUtf8));
            return None;
        }
        Err(error) => {
            // Nothing of a file that could not be read as a plan file is shown.
            let problem = error.problem(&display_path);
            let file = SourceFile::new(display_path, "");
            diagnostics.push(Diagnostic::new(&file, 0..0, problem));
            return None;
        }
    };
    let file = SourceFile::new(display_path, &text);
    parse_source(&file, diagnostics, read)
}

/// Parses already-read text; see [`with_document`].
pub fn parse_source<R>(
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&SourceFile, TableRef<'_, '_>, &mut Vec<Diagnostic>) -> R,
) -> Option<R> {
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_string();
            diagnostics.push(Diagnostic::new(file, span, Problem::Syntax { message }));
        }
        return None;
    }
    let span = doc.span();
    Some(read(file, (doc.get_ref(), span), diagnostics))
}
