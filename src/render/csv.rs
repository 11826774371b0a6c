//! CSV that opens correctly by double-click in Excel on a Vietnamese Windows machine:
//! UTF-8 with a byte-order mark, a chosen delimiter, RFC 4180 quoting with newlines kept
//! inside cells, and no cell a user typed that Excel would run as a formula.

use serde::Serialize;

/// How CSV is written; every command that writes CSV takes these options.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct CsvOptions {
    /// Omit the UTF-8 byte-order mark at the start of CSV output
    #[arg(long)]
    pub no_bom: bool,
    /// CSV field delimiter, e.g. ';' for locales whose list separator is a semicolon
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { no_bom: false, delimiter: b',' }
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    let text = if text == "\\t" || text == "tab" { "\t" } else { text };
    match text.as_bytes() {
        [b] if b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r' => Ok(*b),
        _ => Err(format!("'{text}' is not a single ASCII character other than a quote or a newline")),
    }
}

/// Writes `records` with a header row of their field names, even when there are none
/// (the names are read off `T::default()`). Each record is taken as its fields in order
/// (flattened fields included), each cell neutralised as it is written.
pub fn write<T: Serialize + Default>(records: &[T], options: CsvOptions) -> anyhow::Result<Vec<u8>> {
    let header: Vec<String> = fields(&T::default())?.keys().cloned().collect();
    let mut writer = start(&header, options)?;
    for record in records {
        let fields = fields(record)?;
        let cells: Vec<std::borrow::Cow<str>> = fields.values().map(cell).collect();
        write_neutral(&mut writer, cells.iter().map(|c| c.as_ref()))?;
    }
    Ok(writer.into_inner()?)
}

/// A record's fields, in order.
fn fields<T: Serialize>(record: &T) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::to_value(record)? {
        serde_json::Value::Object(fields) => Ok(fields),
        other => anyhow::bail!("a CSV row must be a record of named fields, not {other}"),
    }
}

/// A field's text in a cell: nothing for none, the text of a string, numbers and booleans
/// as written, anything else as JSON.
fn cell(value: &serde_json::Value) -> std::borrow::Cow<'_, str> {
    match value {
        serde_json::Value::Null => "".into(),
        serde_json::Value::String(text) => text.as_str().into(),
        other => other.to_string().into(),
    }
}

/// Writes a header row and data rows, neutralising data cells that would start a formula.
/// `expected_len` is about how many bytes the rows take: a national plan's table is then
/// written into one buffer rather than copied each time it outgrows one.
pub fn write_rows<H: AsRef<str>>(
    header: &[H],
    rows: impl IntoIterator<Item = Vec<String>>,
    expected_len: usize,
    options: CsvOptions,
) -> anyhow::Result<Vec<u8>> {
    let mut writer = start_with_capacity(header, expected_len, options)?;
    for row in rows {
        write_neutral(&mut writer, row.iter().map(String::as_str))?;
    }
    Ok(writer.into_inner()?)
}

/// Writes one row, each cell neutralised.
fn write_neutral<'a>(writer: &mut csv::Writer<Vec<u8>>, cells: impl Iterator<Item = &'a str>) -> csv::Result<()> {
    for cell in cells {
        writer.write_field(neutralize(cell).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// A writer with the byte-order mark (unless omitted) and the header row written.
fn start<H: AsRef<str>>(header: &[H], options: CsvOptions) -> anyhow::Result<csv::Writer<Vec<u8>>> {
    start_with_capacity(header, 0, options)
}

fn start_with_capacity<H: AsRef<str>>(
    header: &[H],
    capacity: usize,
    options: CsvOptions,
) -> anyhow::Result<csv::Writer<Vec<u8>>> {
    let mut out = Vec::with_capacity(capacity);
    if !options.no_bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new().delimiter(options.delimiter).from_writer(out);
    writer.write_record(header.iter().map(|h| h.as_ref()))?;
    Ok(writer)
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to a
/// spreadsheet; a leading apostrophe makes it text. Plain numbers are left as numbers.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.') && digits.matches('.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Default)]
    struct Row<'a> {
        id: &'a str,
        note: &'a str,
        days: i64,
    }

    #[test]
    fn csv_has_bom_quotes_newlines_and_no_formulas() {
        let rows = [
            Row { id: "1", note: "=HYPERLINK(\"http://x\")", days: -5 },
            Row { id: "2", note: "dòng 1\ndòng 2; \"trích\"", days: 3 },
            Row { id: "3", note: "- Đề án", days: 0 },
            Row { id: "4", note: "@SUM(A1)", days: 1 },
        ];
        let bytes = write(&rows, CsvOptions::default()).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "id,note,days\n1,\"'=HYPERLINK(\"\"http://x\"\")\",-5\n2,\"dòng 1\ndòng 2; \"\"trích\"\"\",3\n3,'- Đề án,0\n4,'@SUM(A1),1\n"
        );
        let semicolon = write(&rows[1..2], CsvOptions { no_bom: true, delimiter: b';' }).unwrap();
        assert_eq!(String::from_utf8(semicolon).unwrap(), "id;note;days\n2;\"dòng 1\ndòng 2; \"\"trích\"\"\";3\n");
    }

    #[test]
    fn flattened_fields_become_columns_in_order() {
        #[derive(Serialize, Default)]
        struct Counts {
            done: u32,
            late: Option<u32>,
        }
        #[derive(Serialize, Default)]
        struct Group {
            group: &'static str,
            #[serde(flatten)]
            counts: Counts,
            rate: f64,
        }
        let rows = [Group { group: "I", counts: Counts { done: 2, late: None }, rate: 33.5 }];
        let text = String::from_utf8(write(&rows, CsvOptions { no_bom: true, delimiter: b',' }).unwrap()).unwrap();
        assert_eq!(text, "group,done,late,rate\nI,2,,33.5\n");
    }

    #[test]
    fn an_empty_list_still_has_its_header() {
        let none: [Row; 0] = [];
        assert_eq!(write(&none, CsvOptions { no_bom: true, delimiter: b',' }).unwrap(), b"id,note,days\n");
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(neutralize("-5"), "-5");
        assert_eq!(neutralize("+3.5"), "+3.5");
        assert_eq!(neutralize("-"), "'-");
        assert_eq!(neutralize("\tx"), "'\tx");
    }
}
