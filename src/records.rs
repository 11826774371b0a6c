//! A task file seen through the TOML parser: its append-only records (`[[updates]]`,
//! `[[proposals]]`, `[[amendments]]`), each with the text it was written as, and everything
//! else ("the head"). The merge driver, the audit and `plan log` compare files this way.
//! Records are found by parsing, never by matching lines: `[[ updates ]]`,
//! `[["proposals"]]` and a header followed by a comment are all the same header, and a note
//! whose text holds a line `[[updates]]` is still one note.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// The kinds of append-only records a task file holds, each an array of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A status report by an agency (`plan update`).
    Update,
    /// A change a lead agency asks for (`plan propose`).
    Proposal,
    /// A change the People's Committee decided (`plan amend`).
    Amendment,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Update, Kind::Proposal, Kind::Amendment];

    /// The array's key in a task file.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Update => "updates",
            Kind::Proposal => "proposals",
            Kind::Amendment => "amendments",
        }
    }

    /// The field that dates a record: an amendment is dated by its decision.
    fn date_field(self) -> &'static str {
        match self {
            Kind::Update | Kind::Proposal => "date",
            Kind::Amendment => "decided",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// One append-only record as written.
#[derive(Clone, Debug)]
pub struct RawRecord<'t> {
    pub kind: Kind,
    /// From its header to the next header that is not one of its own sub-tables.
    pub text: &'t str,
    /// Where `text` is in the file.
    pub span: Range<usize>,
    /// The record's kind and content in a canonical form: equal for records of one kind
    /// that say the same thing, however they are spaced, ordered or quoted; different for
    /// an update and a proposal with the same fields.
    pub key: String,
    /// The record as a value.
    pub table: toml::Table,
    /// Its `by` (NFC) when present, and its date (`date`, an amendment's `decided`) as
    /// written in TOML, e.g. `2025-06-20`.
    pub by: Option<String>,
    pub date: Option<String>,
}

/// A task file parsed into its head and its records.
#[derive(Clone, Debug)]
pub struct Parsed<'t> {
    /// The file without its records, in file order.
    pub head: String,
    /// Everything but the records, as values.
    pub rest: toml::Table,
    /// Records of every kind, in file order.
    pub records: Vec<RawRecord<'t>>,
}

/// Why a file could not be read as records.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("TOML syntax error: {0}")]
    Syntax(String),
    /// Records written inline (`updates = [{...}]`) or as anything but an array of tables:
    /// there are no headers to cut the file at.
    #[error("`{0}` is not an array of [[{0}]] tables")]
    NotTables(Kind),
}

/// Parses `text` (already decoded, any line endings) into its head and records.
pub fn parse(text: &str) -> Result<Parsed<'_>, ParseError> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if let Some(error) = errors.first() {
        return Err(ParseError::Syntax(error.message().trim().to_string()));
    }
    let mut value: toml::Table = toml::from_str(text).map_err(|e| ParseError::Syntax(e.message().to_string()))?;
    let mut headers = Vec::new();
    collect_headers(text, doc.get_ref(), &mut headers);
    headers.sort_unstable();

    let mut records = Vec::new();
    for kind in Kind::ALL {
        let tables = record_tables(&mut value, kind)?;
        let record_headers = record_headers(text, doc.get_ref(), kind)?;
        if record_headers.len() != tables.len() {
            return Err(ParseError::NotTables(kind));
        }
        for (header, table) in record_headers.iter().zip(tables) {
            // A record runs to the first later header that is not inside it.
            let end = headers
                .iter()
                .find(|&&start| start > header.span.start && !header.own.contains(&start))
                .copied()
                .unwrap_or(text.len());
            let span = header.span.start..end;
            records.push(record(kind, &text[span.clone()], span, table));
        }
    }
    // Kinds may be interleaved: file order is the order they were appended in.
    records.sort_by_key(|r| r.span.start);
    let mut head = String::with_capacity(text.len());
    let mut at = 0;
    for record in &records {
        head.push_str(&text[at..record.span.start]);
        at = record.span.end;
    }
    head.push_str(&text[at..]);
    Ok(Parsed { head, rest: value, records })
}

/// Takes the records of `kind` out of the file's value, in array (= file) order.
fn record_tables(value: &mut toml::Table, kind: Kind) -> Result<Vec<toml::Table>, ParseError> {
    match value.remove(kind.key()) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                toml::Value::Table(table) => Ok(table),
                _ => Err(ParseError::NotTables(kind)),
            })
            .collect(),
        Some(_) => Err(ParseError::NotTables(kind)),
    }
}

fn record<'t>(kind: Kind, text: &'t str, span: Range<usize>, table: toml::Table) -> RawRecord<'t> {
    let by = table.get("by").and_then(|v| v.as_str()).map(|s| crate::text::nfc(s).into_owned());
    let date = table.get(kind.date_field()).map(|v| v.to_string());
    // The kind leads the key, so equal fields under different headers are different records.
    let key = format!("[[{kind}]]\n{}", canonical(&table));
    RawRecord { kind, text, span, key, table, by, date }
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

fn record_headers(text: &str, doc: &DeTable, kind: Kind) -> Result<Vec<RecordHeader>, ParseError> {
    let Some(records) = doc.get(kind.key()) else { return Ok(Vec::new()) };
    let DeValue::Array(items) = records.get_ref() else { return Err(ParseError::NotTables(kind)) };
    let mut out = Vec::with_capacity(items.len());
    for item in items.iter() {
        let DeValue::Table(inner) = item.get_ref() else { return Err(ParseError::NotTables(kind)) };
        // `updates = [{...}]` has no headers to cut the file at.
        if !is_header(text, &item.span()) {
            return Err(ParseError::NotTables(kind));
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
    fn proposals_and_amendments_are_records_of_their_own_kind_in_file_order() {
        let text = "id = \"1\"\n[[updates]]\nby = \"a\"\ndate = 2025-06-01\n\n[[ \"proposals\" ]] # x\nby = \"a\"\ndate = 2025-06-02\nreason = \"\"\"\n[[proposals]]\n[[amendments]]\n\"\"\"\n\n[[milestones]]\nname = \"m\"\n\n[['amendments']]\ndecision = \"QĐ 1\"\ndecided = 2025-06-03\nproposal = 1\n[amendments.x]\nq = 1\n[[proposals]]\nby = \"b\"\ndate = 2025-06-04\n";
        let parsed = parse(text).unwrap();
        let kinds: Vec<_> = parsed.records.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Kind::Update, Kind::Proposal, Kind::Amendment, Kind::Proposal]);
        let dates: Vec<_> = parsed.records.iter().map(|r| r.date.as_deref().unwrap()).collect();
        assert_eq!(
            dates,
            ["2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04"],
            "an amendment is dated by its decision"
        );
        assert!(parsed.records[1].text.ends_with("[[amendments]]\n\"\"\"\n\n"), "{}", parsed.records[1].text);
        assert!(parsed.records[2].text.ends_with("[amendments.x]\nq = 1\n"), "{}", parsed.records[2].text);
        assert_eq!(parsed.records[3].by.as_deref(), Some("b"));
        assert_eq!(parsed.head, "id = \"1\"\n[[milestones]]\nname = \"m\"\n\n");
        assert_eq!(parsed.rest.keys().collect::<Vec<_>>(), ["id", "milestones"]);
    }

    #[test]
    fn the_same_fields_under_another_header_are_another_record() {
        let fields = "by = \"a\"\ndate = 2025-06-01\n";
        let keys: Vec<String> = Kind::ALL
            .iter()
            .map(|kind| parse(&format!("[[{kind}]]\n{fields}")).unwrap().records[0].key.clone())
            .collect();
        assert!(keys[0] != keys[1] && keys[1] != keys[2] && keys[0] != keys[2], "{keys:?}");
        let respelled = parse("[[ 'proposals' ]]\ndate = 2025-06-01\nby = \"a\"\n").unwrap();
        assert_eq!(respelled.records[0].key, keys[1]);
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
        assert_eq!(parse("updates = [{ by = \"a\" }]\n").unwrap_err(), ParseError::NotTables(Kind::Update));
        assert_eq!(parse("updates = 1\n").unwrap_err(), ParseError::NotTables(Kind::Update));
        assert!(matches!(parse("id = \n").unwrap_err(), ParseError::Syntax(_)));
        assert_eq!(parse("proposals = [{ by = \"a\" }]\n").unwrap_err(), ParseError::NotTables(Kind::Proposal));
        assert_eq!(
            parse("amendments = [{ decided = 2025-01-01 }]\n").unwrap_err(),
            ParseError::NotTables(Kind::Amendment)
        );
        assert_eq!(parse("[proposals]\nby = \"a\"\n").unwrap_err(), ParseError::NotTables(Kind::Proposal));
        assert_eq!(
            ParseError::NotTables(Kind::Proposal).to_string(),
            "`proposals` is not an array of [[proposals]] tables"
        );
    }
}
