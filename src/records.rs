//! A task file seen through the TOML parser: its update records, each with the text it
//! was written as, and everything else ("the head"). The merge driver, the audit and
//! `plan log` compare files this way. Records are found by parsing, never by matching
//! lines: `[[ updates ]]`, `[["updates"]]` and a header followed by a comment are all the
//! same header, and a note whose text holds a line `[[updates]]` is still one note.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One `[[updates]]` record as written.
#[derive(Clone, Debug)]
pub struct RawRecord<'t> {
    /// From its header to the next header that is not one of its own sub-tables.
    pub text: &'t str,
    /// Where `text` is in the file.
    pub span: Range<usize>,
    /// The record's content in a canonical form: equal for records that say the same
    /// thing, however they are spaced, ordered or quoted.
    pub key: String,
    /// The record as a value.
    pub table: toml::Table,
    /// Its `by` (NFC) and `date` (as written in TOML, e.g. `2025-06-20`), when present.
    pub by: Option<String>,
    pub date: Option<String>,
}

/// A task file parsed into its head and its records.
#[derive(Clone, Debug)]
pub struct Parsed<'t> {
    /// The file without its records, in file order.
    pub head: String,
    /// Everything but `updates`, as values.
    pub rest: toml::Table,
    pub records: Vec<RawRecord<'t>>,
}

/// Why a file could not be read as records.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("TOML syntax error: {0}")]
    Syntax(String),
    #[error("`updates` is not an array of [[updates]] tables")]
    UpdatesNotTables,
}

/// Parses `text` (already decoded, any line endings) into its head and records.
pub fn parse(text: &str) -> Result<Parsed<'_>, ParseError> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if let Some(error) = errors.first() {
        return Err(ParseError::Syntax(error.message().trim().to_string()));
    }
    let mut value: toml::Table = toml::from_str(text).map_err(|e| ParseError::Syntax(e.message().to_string()))?;
    let updates = match value.remove("updates") {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                toml::Value::Table(table) => Ok(table),
                _ => Err(ParseError::UpdatesNotTables),
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(ParseError::UpdatesNotTables),
    };

    let mut headers = Vec::new();
    collect_headers(text, doc.get_ref(), &mut headers);
    headers.sort_unstable();
    let record_headers = record_headers(text, doc.get_ref())?;
    if record_headers.len() != updates.len() {
        return Err(ParseError::UpdatesNotTables);
    }

    let mut records = Vec::with_capacity(updates.len());
    for (header, table) in record_headers.iter().zip(updates) {
        // A record runs to the first later header that is not inside it.
        let end = headers
            .iter()
            .find(|&&start| start > header.span.start && !header.own.contains(&start))
            .copied()
            .unwrap_or(text.len());
        let span = header.span.start..end;
        records.push(record(&text[span.clone()], span, table));
    }
    let mut head = String::with_capacity(text.len());
    let mut at = 0;
    for record in &records {
        head.push_str(&text[at..record.span.start]);
        at = record.span.end;
    }
    head.push_str(&text[at..]);
    Ok(Parsed { head, rest: value, records })
}

fn record<'t>(text: &'t str, span: Range<usize>, table: toml::Table) -> RawRecord<'t> {
    let by = table.get("by").and_then(|v| v.as_str()).map(|s| crate::text::nfc(s).into_owned());
    let date = table.get("date").map(|v| v.to_string());
    RawRecord { text, span, key: canonical(&table), table, by, date }
}

/// One text for one content: keys sorted (toml's tables are ordered maps), strings NFC.
pub fn canonical(table: &toml::Table) -> String {
    crate::text::nfc(&toml::to_string(table).unwrap_or_default()).into_owned()
}

struct RecordHeader {
    span: Range<usize>,
    /// Starts of the headers of its own sub-tables (`[updates.x]`).
    own: Vec<usize>,
}

/// A table value whose span starts with `[` was written with a header (`[t]` or `[[t]]`);
/// inline tables start with `{`, dotted keys with their key.
fn is_header(text: &str, span: &Range<usize>) -> bool {
    text.get(span.clone()).is_some_and(|s| s.starts_with('['))
}

/// The starts of every header inside `table`.
fn collect_headers(text: &str, table: &DeTable, out: &mut Vec<usize>) {
    for (_, value) in table.iter() {
        collect_value_headers(text, value, out);
    }
}

fn collect_value_headers(text: &str, value: &toml::Spanned<DeValue>, out: &mut Vec<usize>) {
    match value.get_ref() {
        DeValue::Table(inner) => {
            if is_header(text, &value.span()) {
                out.push(value.span().start);
            }
            collect_headers(text, inner, out);
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                if let DeValue::Table(inner) = item.get_ref() {
                    if is_header(text, &item.span()) {
                        out.push(item.span().start);
                    }
                    collect_headers(text, inner, out);
                }
            }
        }
        _ => {}
    }
}

fn record_headers(text: &str, doc: &DeTable) -> Result<Vec<RecordHeader>, ParseError> {
    let Some(updates) = doc.get("updates") else { return Ok(Vec::new()) };
    let DeValue::Array(items) = updates.get_ref() else { return Err(ParseError::UpdatesNotTables) };
    let mut out = Vec::with_capacity(items.len());
    for item in items.iter() {
        let DeValue::Table(inner) = item.get_ref() else { return Err(ParseError::UpdatesNotTables) };
        // `updates = [{...}]` has no headers to cut the file at.
        if !is_header(text, &item.span()) {
            return Err(ParseError::UpdatesNotTables);
        }
        let mut own = Vec::new();
        collect_headers(text, inner, &mut own);
        out.push(RecordHeader { span: item.span(), own });
    }
    Ok(out)
}

/// How many times each record content occurs.
pub fn counts<'a>(records: impl IntoIterator<Item = &'a RawRecord<'a>>) -> HashMap<&'a str, usize> {
    let mut counts = HashMap::new();
    for record in records {
        *counts.entry(record.key.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Who added each record, from every version of one file in history order (parents before
/// children): a version holding a content more times than any version before it is credited
/// with the extra occurrences. Returns, per content, who added its 1st, 2nd, ... occurrence,
/// so a record moved by a merge stays credited to the commit that wrote it.
pub fn credit<C: Clone>(versions: impl IntoIterator<Item = (C, String)>) -> HashMap<String, Vec<C>> {
    let mut credited: HashMap<String, Vec<C>> = HashMap::new();
    for (maker, text) in versions {
        let text = crate::text::nfc(&text);
        let Ok(parsed) = parse(&text) else { continue };
        for (key, count) in counts(&parsed.records) {
            let makers = credited.entry(key.to_string()).or_default();
            while makers.len() < count {
                makers.push(maker.clone());
            }
        }
    }
    credited
}

/// The head's content, ignoring trailing blank lines and line-ending style.
pub fn same_head(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

fn normalize(text: &str) -> String {
    crate::text::nfc(&text.replace("\r\n", "\n")).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_head_and_records_and_compares_records_by_content() {
        let text = "id = \"1\"\n\n[[updates]]\nby = \"a\"\ndate = 2025-06-01\nstatus = \"done\"\n\n[[updates]]\nstatus = \"done\"\nby = \"b\"\ndate = 2025-06-02\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.head, "id = \"1\"\n\n");
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.records[0].by.as_deref(), Some("a"));
        assert_eq!(parsed.records[1].date.as_deref(), Some("2025-06-02"));
        let reordered =
            parse("[[updates]]\r\ndate = 2025-06-02\r\nby = \"b\"   # comment\r\nstatus = \"done\"\r\n").unwrap();
        assert_eq!(reordered.records[0].key, parsed.records[1].key);
        assert!(same_head("a = 1\r\n\r\n", "a = 1\n"));
    }

    #[test]
    fn every_spelling_of_the_header_is_a_record_and_a_note_is_not() {
        let text = "id = \"1\"\n[[updates]] # x\nby = \"a\"\nnote = \"\"\"\n[[updates]]\n\"\"\"\n[[ updates ]]\nby = \"b\"\n[[\"updates\"]]\nby = \"c\"\n[['updates']]\nby = \"d\"\n[updates.sub]\nq = 1\n\n[[milestones]]\nname = \"m\"\n";
        let parsed = parse(text).unwrap();
        let by: Vec<_> = parsed.records.iter().map(|r| r.by.as_deref().unwrap()).collect();
        assert_eq!(by, ["a", "b", "c", "d"]);
        assert!(parsed.records[0].text.contains("note = \"\"\"\n[[updates]]\n\"\"\""), "{}", parsed.records[0].text);
        assert!(parsed.records[3].text.ends_with("[updates.sub]\nq = 1\n\n"), "{}", parsed.records[3].text);
        assert_eq!(parsed.head, "id = \"1\"\n[[milestones]]\nname = \"m\"\n");
        assert!(parsed.rest.contains_key("milestones"));
    }

    #[test]
    fn records_are_credited_to_the_version_that_first_held_them() {
        let a = "[[updates]]\nby = \"a\"\n";
        let b = "[[updates]]\nby = \"b\"\n";
        let versions = [
            ("first", a.to_string()),
            ("second", format!("{a}{b}")),
            ("merge", format!("{b}{a}")),
            ("repeat", format!("{b}{a}{a}")),
        ];
        let credited = credit(versions.map(|(who, text)| (who, text)));
        let key = |text: &str| parse(text).unwrap().records[0].key.clone();
        assert_eq!(credited[&key(a)], ["first", "repeat"]);
        assert_eq!(credited[&key(b)], ["second"]);
    }

    #[test]
    fn inline_updates_and_broken_files_are_refused() {
        assert_eq!(parse("updates = [{ by = \"a\" }]\n").unwrap_err(), ParseError::UpdatesNotTables);
        assert_eq!(parse("updates = 1\n").unwrap_err(), ParseError::UpdatesNotTables);
        assert!(matches!(parse("id = \n").unwrap_err(), ParseError::Syntax(_)));
    }
}
