//! Reading one TOML file of the plan: bytes → NFC text → spanned table, with every
//! syntax error reported.

use std::path::Path;

use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::fields::TableRef;
use crate::source::{read_bytes, ReadError, SourceFile};

/// Reads `path`, parses it and hands the table to `read`. Problems with the file itself
/// (unreadable, a link or not a regular file, not UTF-8, TOML syntax) are reported and
/// `read` is not called.
pub fn with_document<R>(
    path: &Path,
    display_path: String,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&SourceFile, TableRef<'_, '_>, &mut Vec<Diagnostic>) -> R,
) -> Option<R> {
    with_bytes(read_bytes(path), display_path, diagnostics, read)
}

/// As [`with_document`], for a file's bytes already read (a file a directory listing has
/// just given as regular: [`crate::source::Folder::read_listed`]).
pub fn with_bytes<R>(
    bytes: Result<Vec<u8>, ReadError>,
    display_path: String,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&SourceFile, TableRef<'_, '_>, &mut Vec<Diagnostic>) -> R,
) -> Option<R> {
    if let Some(text) = bytes.as_deref().ok().and_then(crate::source::utf8_text) {
        let file = SourceFile::new(display_path, text);
        return parse_source(&file, diagnostics, read);
    }
    with_text(bytes.and_then(crate::source::decode), display_path, diagnostics, read)
}

fn with_text<R>(
    text: Result<String, ReadError>,
    display_path: String,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&SourceFile, TableRef<'_, '_>, &mut Vec<Diagnostic>) -> R,
) -> Option<R> {
    let text = match text {
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
    if let Some((span, lines)) = conflict_markers(&file.text) {
        diagnostics.push(Diagnostic::new(file, span, Problem::MergeConflict { lines }));
        return None;
    }
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

/// Leftover git merge-conflict markers: the first one's span and every marker's line number,
/// if the file has a `<<<<<<<` or `>>>>>>>` line (a `=======` line alone could be text).
fn conflict_markers(text: &str) -> Option<(std::ops::Range<usize>, Vec<usize>)> {
    if !text.starts_with("<<<<<<<") && !text.contains("\n<<<<<<<") && !text.contains("\n>>>>>>>") {
        return None;
    }
    let mut first = None;
    let mut lines = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let marker = ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
            .iter()
            .any(|m| line.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\n', '\r'])));
        if marker {
            first.get_or_insert(offset..offset + line.trim_end().len());
            lines.push(number + 1);
        }
        offset += line.len();
    }
    first.map(|span| (span, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_markers_are_found_with_their_lines() {
        let text = "id = \"16\"\n<<<<<<< HEAD\nnote = \"a\"\n=======\nnote = \"b\"\n>>>>>>> nhanh\n";
        assert_eq!(conflict_markers(text), Some((10..22, vec![2, 4, 6])));
        assert_eq!(conflict_markers("note = \"\"\"\n=======\n\"\"\"\n"), None);
    }
}
