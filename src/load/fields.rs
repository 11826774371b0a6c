//! Reading typed fields out of a parsed TOML table while keeping their spans, and
//! reporting every unknown, missing or mistyped field instead of stopping at the first.

use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::SourceFile;
use crate::text::{has_control, nfc};

/// A value with the byte range it came from.
pub type Located<T> = (T, Range<usize>);

/// A table with the byte range it came from.
pub type TableRef<'a, 'i> = (&'a DeTable<'i>, Range<usize>);

pub struct Fields<'a, 'i> {
    file: &'a SourceFile,
    table: &'a DeTable<'i>,
    /// Where "missing field" problems point: the table's header or the file's start.
    anchor: Range<usize>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Wraps `table` and reports each key not in `known`.
    pub fn new(
        file: &'a SourceFile,
        (table, span): TableRef<'a, 'i>,
        known: &'static [&'static str],
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let mut unknown: Vec<_> = table.keys().filter(|k| !known.contains(&k.get_ref().as_ref())).collect();
        unknown.sort_by_key(|k| k.span().start);
        for key in unknown {
            let name: &str = key.get_ref();
            let suggestion = crate::text::closest(name, known.iter().copied()).first().map(|k| k.to_string());
            diagnostics.push(Diagnostic::new(
                file,
                key.span(),
                Problem::UnknownField { key: name.to_string(), known, suggestion },
            ));
        }
        Fields { file, table, anchor: span.start..span.start, diagnostics }
    }

    /// Wraps a table whose keys are names chosen by the user (such as events.toml).
    pub fn any_keys(
        file: &'a SourceFile,
        (table, span): TableRef<'a, 'i>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Fields { file, table, anchor: span.start..span.start, diagnostics }
    }

    pub fn file(&self) -> &'a SourceFile {
        self.file
    }

    pub fn anchor(&self) -> Range<usize> {
        self.anchor.clone()
    }

    pub fn report(&mut self, span: Range<usize>, problem: Problem) {
        self.diagnostics.push(Diagnostic::new(self.file, span, problem));
    }

    fn raw(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn wrong_type(&mut self, key: &str, expected: &'static str, value: &Spanned<DeValue>) {
        self.report(
            value.span(),
            Problem::WrongType { key: key.to_string(), expected, found: value.get_ref().type_str() },
        );
    }

    pub fn missing(&mut self, key: &'static str, example: &'static str) {
        self.report(self.anchor(), Problem::MissingField { key, example });
    }

    /// An optional string; text is kept in NFC with `\n` line ends.
    pub fn string(&mut self, key: &str) -> Option<Located<String>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                let text = self.clean(s);
                if !self.is_slice_of_plain_file(s) && has_control(&text) {
                    self.report(value.span(), Problem::ControlCharacter { key: key.to_string() });
                }
                Some((text, value.span()))
            }
            _ => {
                self.wrong_type(key, "string", value);
                None
            }
        }
    }

    /// A required string that must not be blank.
    pub fn required_string(&mut self, key: &'static str, example: &'static str) -> Option<Located<String>> {
        if self.raw(key).is_none() {
            self.missing(key, example);
            return None;
        }
        let (text, span) = self.string(key)?;
        if text.trim().is_empty() {
            self.report(span, Problem::EmptyValue { key: key.to_string() });
            return None;
        }
        Some((text, span))
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn strings(&mut self, key: &str) -> Option<Vec<Located<String>>> {
        let value = self.raw(key)?;
        let items: &[Spanned<DeValue>] = match value.get_ref() {
            DeValue::String(_) => std::slice::from_ref(value),
            DeValue::Array(items) => items.as_ref(),
            _ => {
                self.wrong_type(key, "array of strings", value);
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.get_ref() {
                DeValue::String(s) if !self.is_slice_of_plain_file(s) && has_control(s) => {
                    self.report(item.span(), Problem::ControlCharacter { key: key.to_string() })
                }
                DeValue::String(s) => out.push((self.clean(s), item.span())),
                _ => self.wrong_type(key, "array of strings", item),
            }
        }
        Some(out)
    }

    /// An optional calendar date written as a TOML date (`due = 2025-06-30`).
    pub fn date(&mut self, key: &str) -> Option<Located<NaiveDate>> {
        let value = self.raw(key)?;
        let date = match value.get_ref() {
            DeValue::Datetime(dt) => crate::dates::from_toml(dt),
            _ => None,
        };
        match date {
            Some(d) => Some((d, value.span())),
            None => {
                self.wrong_type(key, "date", value);
                None
            }
        }
    }

    /// An optional non-negative integer.
    pub fn unsigned(&mut self, key: &str) -> Option<Located<u32>> {
        let value = self.raw(key)?;
        let parsed = value.get_ref().as_integer().and_then(|i| u32::from_str_radix(i.as_str(), i.radix()).ok());
        match parsed {
            Some(n) => Some((n, value.span())),
            None => {
                self.wrong_type(key, "integer", value);
                None
            }
        }
    }

    /// An optional integer.
    pub fn integer(&mut self, key: &str) -> Option<Located<i64>> {
        let value = self.raw(key)?;
        let parsed = value.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        match parsed {
            Some(n) => Some((n, value.span())),
            None => {
                self.wrong_type(key, "integer", value);
                None
            }
        }
    }

    /// An optional boolean.
    pub fn boolean(&mut self, key: &str) -> Option<Located<bool>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some((*b, value.span())),
            _ => {
                self.wrong_type(key, "boolean", value);
                None
            }
        }
    }

    /// An optional table.
    pub fn table(&mut self, key: &str) -> Option<TableRef<'a, 'i>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some((t, value.span())),
            _ => {
                self.wrong_type(key, "table", value);
                None
            }
        }
    }

    /// An optional array of tables (`[[key]]`), each with its span.
    pub fn tables(&mut self, key: &str) -> Vec<TableRef<'a, 'i>> {
        let Some(value) = self.raw(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "array of tables", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let DeValue::Table(t) = item.get_ref() {
                out.push((t, item.span()));
            } else {
                self.wrong_type(key, "array of tables", item);
            }
        }
        out
    }

    /// Every entry of this table, each read as a table (the shape of events.toml).
    pub fn entries_as_tables(&mut self) -> Vec<(Located<String>, TableRef<'a, 'i>)> {
        let mut out = Vec::new();
        let mut entries: Vec<_> = self.table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in entries {
            if let DeValue::Table(t) = value.get_ref() {
                out.push(((nfc(key.get_ref()).into_owned(), key.span()), (t, value.span())));
            } else {
                let name = key.get_ref().to_string();
                self.wrong_type(&name, "table", value);
            }
        }
        out
    }

    /// How many items the array `key` has (zero when it is not there or not an array).
    pub fn count(&self, key: &str) -> usize {
        match self.raw(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items.len(),
            _ => 0,
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    /// Whether `s` is a slice of this file's text, read as written (no escapes), from a file
    /// with no control character or carriage return ([`SourceFile::plain`]): then it has
    /// none either, and needs no look for them.
    #[allow(clippy::ptr_arg)] // the Cow's variant is the point, as in `clean`
    fn is_slice_of_plain_file(&self, s: &std::borrow::Cow<'_, str>) -> bool {
        let std::borrow::Cow::Borrowed(slice) = s else { return false };
        let text = self.file.text.as_bytes().as_ptr_range();
        self.file.plain && text.contains(&slice.as_ptr())
    }

    /// [`clean`], which a slice of a plain file does not need.
    #[allow(clippy::ptr_arg)]
    fn clean(&self, s: &std::borrow::Cow<'_, str>) -> String {
        if self.is_slice_of_plain_file(s) {
            s.to_string()
        } else {
            clean(s)
        }
    }
}

/// The string with `\n` line ends, in NFC. A string borrowed from the file's text is
/// already NFC (the whole text was normalised when read); only one rebuilt from escapes
/// or line continuations may need normalising again.
#[allow(clippy::ptr_arg)] // the Cow's variant is the point: it tells whether to normalise
fn clean(s: &std::borrow::Cow<'_, str>) -> String {
    let s = match s {
        std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(*text),
        std::borrow::Cow::Owned(text) => nfc(text),
    };
    if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.into_owned()
    }
}
