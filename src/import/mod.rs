//! `plan import`: a plan as it was issued — the table of a Word document, a spreadsheet, a
//! CSV file — read into a new plan folder.
//!
//! The work goes one way, each step a pure function of the one before but the first and
//! the last:
//! - [`docx`] and [`sheet`] read a file into [`Grid`]s (rows of cell texts, merged cells
//!   already applied) and the document's other text;
//! - [`table`] finds the header row by its column names and reads the rows into groups,
//!   tasks and sub-items;
//! - [`agencies`] splits the owner and partner cells into agencies and matches them to a
//!   registry, or makes one;
//! - [`meta`] reads the plan's number, date, issuer and signer from the document's text;
//! - [`plan`] puts it all together with the deadlines read as `plan check` reads them;
//! - [`write`] turns the result into the plan's TOML files.

pub mod agencies;
pub mod docx;
pub mod meta;
pub mod plan;
pub mod sheet;
pub mod table;
pub mod write;

/// Where a row was found in the file, for the clerk to look it up: the table's number in
/// a Word document (several tables in one) and the row's number in it, or the sheet's or
/// file's row number as a spreadsheet shows it (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Origin {
    pub table: Option<usize>,
    pub row: usize,
}

impl Origin {
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        match (self.table, lang) {
            (Some(t), Lang::Vi) => format!("bảng {t}, dòng {}", self.row),
            (Some(t), Lang::En) => format!("table {t}, row {}", self.row),
            (None, Lang::Vi) => format!("dòng {}", self.row),
            (None, Lang::En) => format!("row {}", self.row),
        }
    }
}

/// One table as read from a file: rows of the same width, a cell merged over several rows
/// repeated in each, a cell merged over several columns kept in its first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<GridRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GridRow {
    /// Each cell's text, NFC, its paragraphs and line breaks as '\n', trimmed.
    pub cells: Vec<String>,
    /// Whether one cell spans the whole row (a group's heading across the table).
    pub spans_all: bool,
    pub origin: Origin,
}

impl Grid {
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// What a file holds, in order: paragraphs of text and tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Table(Grid),
}

/// Cell text as kept: NFC, Windows line ends and vertical tabs as '\n', each line's
/// trailing spaces and the whole text's surrounding blank lines dropped.
pub fn clean_text(text: &str) -> String {
    let text = crate::text::nfc(text);
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{b}'], "\n");
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end()).collect();
    let joined = lines.join("\n");
    joined.trim_matches(|c: char| c.is_whitespace()).to_string()
}

/// The error of a file that cannot be read as a plan: what and a hint; exit 2.
pub fn unreadable(path: &std::path::Path, what: &str, hint: &str) -> anyhow::Error {
    anyhow::anyhow!("{}: {what}\n  = {}: {hint}", path.display(), crate::i18n::current().pick("gợi ý", "hint"))
}
