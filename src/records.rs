//! A task file seen as text: the task's own part ("head") and its `[[updates]]` records,
//! each kept as written. The merge driver and the audit compare files this way.

/// One `[[updates]]` record as written.
#[derive(Clone, Debug)]
pub struct RawRecord<'t> {
    pub text: &'t str,
    /// The record's content in a canonical form: equal for records that say the same thing,
    /// however they are spaced or ordered.
    pub key: String,
    /// Its `by` and `date`, when it parses.
    pub by: Option<String>,
    pub date: Option<String>,
}

/// A task file split into its head and its records.
#[derive(Clone, Debug)]
pub struct Split<'t> {
    pub head: &'t str,
    pub records: Vec<RawRecord<'t>>,
}

fn is_header(line: &str) -> bool {
    line.trim() == "[[updates]]"
}

/// Splits at each `[[updates]]` header line: every record runs to the next one.
pub fn split(text: &str) -> Split<'_> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if is_header(line) {
            starts.push(offset);
        }
        offset += line.len();
    }
    let head = &text[..starts.first().copied().unwrap_or(text.len())];
    let records = starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            record(&text[start..end])
        })
        .collect();
    Split { head, records }
}

fn record(text: &str) -> RawRecord<'_> {
    let table = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|mut doc| doc.remove("updates"))
        .and_then(|updates| updates.as_array()?.first()?.as_table().cloned());
    match table {
        Some(table) => {
            let by = table.get("by").and_then(|v| v.as_str()).map(|s| crate::text::nfc(s).into_owned());
            let date = table.get("date").map(|v| v.to_string());
            let key = toml::to_string(&table).unwrap_or_else(|_| text.trim().to_string());
            RawRecord { text, key: crate::text::nfc(&key).into_owned(), by, date }
        }
        None => RawRecord { text, key: text.trim().to_string(), by: None, date: None },
    }
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
        let split = split(text);
        assert_eq!(split.head, "id = \"1\"\n\n");
        assert_eq!(split.records.len(), 2);
        assert_eq!(split.records[0].by.as_deref(), Some("a"));
        assert_eq!(split.records[1].date.as_deref(), Some("2025-06-02"));
        let reordered = record("[[updates]]\r\ndate = 2025-06-02\r\nby = \"b\"   # comment\r\nstatus = \"done\"\r\n");
        assert_eq!(reordered.key, split.records[1].key);
        assert!(same_head("a = 1\r\n\r\n", "a = 1\n"));
    }
}
