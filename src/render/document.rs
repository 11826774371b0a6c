//! An administrative document as Decree 30/2020/NĐ-CP lays it out, apart from any file
//! format: the report, an agency's report and the reminder letters are all built as a
//! [`Document`], and each writer (today [`super::docx`]) owns the typography. Callers
//! say what a piece of text *is* (a section heading, a place for the specialist's own
//! words, a total row), never how it looks, so every document the office files looks the
//! same.
//!
//! Text is taken as given: it should already be NFC (the plan's files are read as NFC)
//! and needs no escaping.

/// One document: the header block, the title, the body and the closing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Left column, first line, uppercase, not bold: "UBND TỈNH NINH THUẬN". None when the
    /// issuing body has no parent body worth naming.
    pub parent_body: Option<String>,
    /// Left column, second line, uppercase, bold, with a short rule under it:
    /// "SỞ KHOA HỌC VÀ CÔNG NGHỆ".
    pub issuing_body: String,
    /// The whole number line: "Số:        /BC-SKHCN" (the office fills in the number).
    pub number: String,
    /// Letters (công văn) only: the excerpt under the number, "V/v đôn đốc thực hiện …".
    pub excerpt: Option<String>,
    /// Right column, italic: "Ninh Thuận, ngày      tháng      năm 2025".
    pub place_date: String,
    /// "BÁO CÁO", "KẾ HOẠCH", …; None for a letter, which has no kind line.
    pub kind: Option<String>,
    /// The subject (trích yếu) under the kind, with a short rule under it.
    pub subject: Option<String>,
    /// A centred italic line under the subject, before its rule: an appendix's
    /// "(Kèm theo Báo cáo số …/BC-… ngày … của …)".
    pub subject_note: Option<String>,
    /// Letters: the "Kính gửi:" lines, without the "Kính gửi:" itself.
    pub addressees: Vec<String>,
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// "Nơi nhận:" lines without the leading "- " (the writer adds it): the last one is
    /// usually "Lưu: VT, …".
    pub recipients: Vec<String>,
    /// The signer's authority, one line each: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"].
    pub signer_authority: Vec<String>,
    /// The signer's name; empty leaves the line blank for the office to fill in.
    pub signer_name: String,
    /// A4 landscape instead of portrait (wide tables, appendices).
    pub landscape: bool,
    /// An appendix attached to another document: no header block and no closing (the
    /// fields for them are ignored), the kind ("PHỤ LỤC") and subject at the top.
    pub attached: bool,
}

/// One piece of the body.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// "I. KẾT QUẢ THỰC HIỆN": the caller writes the numeral and the case.
    Section(String),
    /// "1. Kết quả chung", or "a) …".
    Subsection(String),
    /// Body text; a '\n' inside is a line break within the paragraph.
    Paragraph(String),
    /// A place the specialist must fill in with their own words, visibly marked so that it
    /// cannot be sent as it is: the text is the hint ("Chuyên viên bổ sung: …").
    Placeholder(String),
    /// Something the reader must not miss, e.g. that the figures leave out broken task files.
    Warning(String),
    Table(Table),
    /// A PNG figure, shown at the given size on paper, centred, with an optional caption
    /// under it ("Hình 1. …").
    Image {
        png: Vec<u8>,
        width_mm: f64,
        height_mm: f64,
        caption: Option<String>,
    },
}

/// A bordered table whose header row repeats on every page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The text size of the whole table, in points; None for the writer's default for
    /// tables (12 pt, smaller than the body so that figures fit).
    pub font_pt: Option<f64>,
}

/// A column: its heading, its share of the table's width and how its cells align.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub title: String,
    /// A relative weight: the table spans the text width and each column takes
    /// `weight / sum of weights` of it. Choose weights for the content ("TT" 1, a task
    /// title 8), as the writer fixes the widths and never lets the application squeeze a
    /// column.
    pub weight: f64,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f64, align: Align) -> Self {
        Column { title: title.into(), weight, align }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A body row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// One text per column ('\n' = line break). A [`RowKind::Group`] row uses the first
    /// only.
    pub cells: Vec<String>,
    pub kind: RowKind,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Self {
        Row { cells, kind: RowKind::Normal }
    }
    /// The "Tổng cộng" row, in bold.
    pub fn total(cells: Vec<String>) -> Self {
        Row { cells, kind: RowKind::Total }
    }
    /// A heading row spanning every column ("Nhóm I. …"), in bold.
    pub fn group(text: impl Into<String>) -> Self {
        Row { cells: vec![text.into()], kind: RowKind::Group }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowKind {
    #[default]
    Normal,
    Total,
    Group,
}
