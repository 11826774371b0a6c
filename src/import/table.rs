//! The plan's table as officials write it: the header row found by its column names (and
//! their usual variants, in any order), then each row read as a group heading, a task, a
//! lead-in with its sub-items (45 → 45a, 45b, 45c), or a row to skip. Pure functions of
//! the grids.

use std::sync::LazyLock;

use regex::Regex;

use super::{Grid, GridRow, Origin};
use crate::text::name_key;

/// The columns the plan's table has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Number,
    Title,
    Owner,
    Partners,
    Result,
    Deadline,
    /// The group's number on each row ("Nhóm"), in tables without group rows.
    Group,
}

const COLUMNS: [Column; 7] =
    [Column::Number, Column::Title, Column::Owner, Column::Partners, Column::Result, Column::Deadline, Column::Group];

/// The names a column goes by, as [`name_key`]s: a heading is the column's when it is one
/// of these or starts with one followed by more words ("Thời gian hoàn thành (dự kiến)").
fn names(column: Column) -> &'static [&'static str] {
    match column {
        Column::Number => &["tt", "stt", "so tt", "so thu tu"],
        Column::Title => &[
            "nhiem vu",
            "noi dung nhiem vu",
            "noi dung",
            "ten nhiem vu",
            "nhiem vu giai phap",
            "nhiem vu cu the",
            "noi dung cong viec",
            "cong viec",
        ],
        Column::Owner => &[
            "co quan chu tri",
            "don vi chu tri",
            "co quan don vi chu tri",
            "chu tri",
            "co quan thuc hien",
            "don vi thuc hien",
        ],
        Column::Partners => &["co quan phoi hop", "don vi phoi hop", "co quan don vi phoi hop", "phoi hop"],
        Column::Result => &[
            "yeu cau ve ket qua",
            "yeu cau ket qua",
            "ket qua san pham",
            "ket qua",
            "san pham",
            "du kien san pham",
            "san pham dau ra",
        ],
        Column::Deadline => &[
            "thoi gian hoan thanh",
            "thoi han hoan thanh",
            "thoi han",
            "tien do",
            "thoi gian thuc hien",
            "thoi gian",
            "moc thoi gian",
        ],
        Column::Group => &["nhom", "nhom nhiem vu"],
    }
}

/// The column a heading names, if any.
pub fn column_of(heading: &str) -> Option<Column> {
    let key = name_key(heading);
    // "Cơ quan chủ trì (1)": a column's number after its name is not part of it.
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, Column)> = None;
    for column in COLUMNS {
        for name in names(column) {
            let fits = key == *name || key.strip_prefix(name).is_some_and(|rest| rest.starts_with(' '));
            if fits && best.is_none_or(|(len, _)| name.len() > len) {
                best = Some((name.len(), column));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Which grid column holds each of the plan's columns, and the headings of the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    at: Vec<(Column, usize)>,
    /// Headings of the columns not read ("Hạn", "Tình trạng", "Ghi chú").
    pub ignored: Vec<String>,
    pub width: usize,
}

impl Columns {
    pub fn index(&self, column: Column) -> Option<usize> {
        self.at.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }

    pub fn has(&self, column: Column) -> bool {
        self.index(column).is_some()
    }
}

/// Reads `cells` as a header row: each heading's column, the first of two with the same
/// name winning. A header is a row naming the task's column and two others at least.
pub fn header(cells: &[String]) -> Option<Columns> {
    let mut columns = Columns { width: cells.len(), ..Columns::default() };
    for (i, cell) in cells.iter().enumerate() {
        match column_of(cell) {
            Some(c) if !columns.has(c) => columns.at.push((c, i)),
            _ if !cell.trim().is_empty() => columns.ignored.push(cell.replace('\n', " ")),
            _ => {}
        }
    }
    (columns.has(Column::Title) && columns.at.len() >= 3).then_some(columns)
}

/// The header in `rows`, as (its first row, how many rows it takes, its columns): one row,
/// or two where the first groups the second's headings ("Cơ quan thực hiện" over "Chủ
/// trì" and "Phối hợp").
pub fn find_header(rows: &[GridRow]) -> Option<(usize, usize, Columns)> {
    for (i, row) in rows.iter().enumerate().take(40) {
        let one = header(&row.cells);
        let two = rows.get(i + 1).and_then(|next| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .zip(&next.cells)
                .map(|(a, b)| match (a.trim(), b.trim()) {
                    (a, "") => a.to_string(),
                    (a, b) if a == b => a.to_string(),
                    (_, b) => b.to_string(),
                })
                .collect();
            header(&cells).filter(|two| one.as_ref().is_none_or(|one| two.at.len() > one.at.len()))
        });
        match (one, two) {
            (_, Some(two)) => return Some((i, 2, two)),
            (Some(one), None) => return Some((i, 1, one)),
            _ => {}
        }
    }
    None
}

/// A group of tasks (nhóm nhiệm vụ).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub origin: Origin,
}

/// One task or sub-item, its cells verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub group: String,
    pub heading: Option<String>,
    pub title: String,
    pub owner: String,
    pub partners: String,
    pub result: String,
    pub deadline: String,
    pub origin: Origin,
}

/// Why a row was not read as a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The header again, as a table continued on a new page repeats it.
    RepeatedHeader,
    /// The row numbering the columns under the header: "(1) (2) (3) …".
    ColumnNumbers,
    /// A row with no task in it: no title.
    NoTitle,
    /// A row without a number under a task: its text was added to that task's.
    JoinedTo(String),
}

/// The table as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    pub skipped: Vec<(Origin, Skip)>,
    /// The headings of the columns not read, once each.
    pub ignored_columns: Vec<String>,
    /// Which of the grids were read as the plan's table.
    pub used: Vec<usize>,
    /// Whether the table numbers its tasks again in each group, so that ids are prefixed
    /// with their group's ("II-3").
    pub renumbered: bool,
}

/// Reads the plan's table out of `grids`: the first with a header row, and those after it
/// that continue it (the same width with no header of their own, or the same header
/// again); none when no grid has a header.
pub fn read(grids: &[&Grid]) -> Option<Read> {
    let mut out = Read::default();
    let mut columns: Option<Columns> = None;
    let mut state = State::default();
    for (g, grid) in grids.iter().enumerate() {
        let start = match find_header(&grid.rows) {
            Some((at, n, found)) => {
                for name in &found.ignored {
                    if !out.ignored_columns.contains(name) {
                        out.ignored_columns.push(name.clone());
                    }
                }
                columns = Some(found);
                at + n
            }
            None if columns.as_ref().is_some_and(|c| c.width == grid.width()) => 0,
            None => continue,
        };
        out.used.push(g);
        let columns = columns.as_ref().expect("set above");
        let rows = &grid.rows[start..];
        for (i, row) in rows.iter().enumerate() {
            state.row(columns, row, rows.get(i + 1), &mut out);
        }
    }
    columns?;
    state.finish(&mut out);
    Some(out)
}

static GROUP_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:nhóm\s+(?:nhiệm\s+vụ\s+)?)?(?P<n>[IVXLC]+|\d+)\s*[.:\-–)]\s*(?P<title>.+)$").expect("pattern")
});
static ROMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[IVXLC]+\.?$").expect("pattern"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^0*(?P<n>\d{1,4})[.)]?$").expect("pattern"));
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0*(?P<n>\d{1,4})\.(?P<k>\d{1,2})\.?$").expect("pattern"));
static LETTERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^0*(?P<n>\d{1,4})(?P<l>[a-z])$").expect("pattern"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?(?P<l>[a-zđ])[).]?$").expect("pattern"));
static COLUMN_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?\d{1,2}\)?$").expect("pattern"));

/// What the TT cell says of its row.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Number {
    /// "12", "12.", "012"
    Task(String),
    /// "45a": a sub-item with its full id.
    Lettered(String, char),
    /// "a)", "b.", "45.1", "-", "+": a sub-item of the task above.
    Sub(Option<String>),
    Roman(String),
    Empty,
    Other(String),
}

fn number(text: &str) -> Number {
    let text = text.trim();
    if text.is_empty() {
        return Number::Empty;
    }
    if let Some(c) = NUMBER.captures(text) {
        return Number::Task(c["n"].to_string());
    }
    if let Some(c) = LETTERED.captures(&text.to_lowercase()) {
        return Number::Lettered(c["n"].to_string(), c["l"].chars().next().unwrap_or('a'));
    }
    if let Some(c) = DOTTED.captures(text) {
        return Number::Sub(Some(format!("{}.{}", &c["n"], &c["k"])));
    }
    if LETTER.is_match(text) || matches!(text, "-" | "+" | "•" | "–" | "*" | "−") {
        return Number::Sub(None);
    }
    if ROMAN.is_match(text) {
        return Number::Roman(text.trim_end_matches('.').to_string());
    }
    Number::Other(text.to_string())
}

/// The Roman numeral of `n` (1–3999), as groups are numbered.
pub fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Whether a row's only text is a group's heading: "Nhóm …", or "II. …" with a Roman numeral.
fn is_group_heading(text: &str) -> bool {
    crate::text::fold(text).starts_with("nhom ")
        || GROUP_TEXT.captures(text).is_some_and(|c| c["n"].chars().all(|ch| "IVXLC".contains(ch)))
}

/// The group a heading row names: "I. Title", "Nhóm II: Title", "Nhóm 3 - Title", or a
/// title alone (numbered after the groups before it).
fn group_of(text: &str, groups: usize) -> (String, String) {
    match GROUP_TEXT.captures(text) {
        Some(c) => {
            let n = &c["n"];
            let id = n.parse::<usize>().map_or_else(|_| n.to_string(), roman);
            (id, c["title"].trim().to_string())
        }
        None => (roman(groups + 1), text.trim().to_string()),
    }
}

/// What is being read: the current group, the lead-in sub-items go under.
#[derive(Default)]
struct State {
    group: Option<String>,
    lead_in: Option<(String, String)>,
    letters: usize,
    /// Plain numbers seen, and whether one came again in another group.
    seen: Vec<(String, String)>,
}

impl State {
    fn cell<'r>(columns: &Columns, row: &'r GridRow, column: Column) -> &'r str {
        columns.index(column).and_then(|i| row.cells.get(i)).map_or("", |s| s.as_str())
    }

    fn row(&mut self, columns: &Columns, row: &GridRow, next: Option<&GridRow>, out: &mut Read) {
        let get = |c| Self::cell(columns, row, c);
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        if header(&row.cells).is_some() {
            out.skipped.push((row.origin, Skip::RepeatedHeader));
            return;
        }
        let filled: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
        if filled.len() >= 3 && filled.iter().all(|c| COLUMN_NUMBER.is_match(c.trim())) {
            out.skipped.push((row.origin, Skip::ColumnNumbers));
            return;
        }
        let tt = number(get(Column::Number));
        let title = get(Column::Title);
        let data = [Column::Owner, Column::Partners, Column::Result, Column::Deadline].map(get);
        let no_data = data.iter().all(|d| d.trim().is_empty());
        // A group: a heading across the table, a Roman numeral with a title and nothing
        // else, or "Nhóm …" alone.
        let distinct = {
            let mut d = filled.clone();
            d.dedup();
            d
        };
        let across = (row.spans_all || (distinct.len() == 1 && filled.len() > 1)) && !filled.is_empty();
        let group = if across {
            Some(group_of(filled[0], out.groups.len()))
        } else if let (Number::Roman(n), true) = (&tt, no_data && !title.is_empty()) {
            Some((n.clone(), title.trim().to_string()))
        } else if filled.len() == 1 && no_data && is_group_heading(filled[0]) {
            Some(group_of(filled[0], out.groups.len()))
        } else {
            None
        };
        if let Some((id, title)) = group {
            self.close_lead_in(out);
            let id = unique(id, out.groups.iter().map(|g| g.id.as_str()).collect());
            self.group = Some(id.clone());
            out.groups.push(Group { id, title, origin: row.origin });
            return;
        }
        if title.trim().is_empty() {
            out.skipped.push((row.origin, Skip::NoTitle));
            return;
        }
        if self.group.is_none() {
            let group = column_group(columns, row).unwrap_or_else(|| "I".to_string());
            if !out.groups.iter().any(|g| g.id == group) {
                out.groups.push(Group { id: group.clone(), title: String::new(), origin: row.origin });
            }
            self.group = Some(group);
        }
        if let Some(group) = column_group(columns, row) {
            if !out.groups.iter().any(|g| g.id == group) {
                out.groups.push(Group { id: group.clone(), title: String::new(), origin: row.origin });
            }
            self.group = Some(group);
        }
        let group = self.group.clone().unwrap_or_default();
        let item = |id: String, heading: Option<String>| Item {
            id,
            group: group.clone(),
            heading,
            title: title.to_string(),
            owner: data[0].to_string(),
            partners: data[1].to_string(),
            result: data[2].to_string(),
            deadline: data[3].to_string(),
            origin: row.origin,
        };
        // A lead-in: a numbered row whose sub-items follow, its other cells empty or its
        // title ending in a colon.
        let colon = title.trim_end().ends_with(':');
        let next_is_sub = match next.map(|next| number(Self::cell(columns, next, Column::Number))) {
            Some(Number::Sub(_)) => no_data || colon,
            Some(n) if n == tt => no_data || colon,
            Some(Number::Empty) => {
                no_data && colon && next.is_some_and(|n| !Self::cell(columns, n, Column::Title).trim().is_empty())
            }
            _ => false,
        };
        match &tt {
            Number::Task(n) if next_is_sub => {
                self.close_lead_in(out);
                self.lead_in = Some((n.clone(), title.to_string()));
                self.letters = 0;
                self.note_number(n, &group, out);
            }
            Number::Sub(_) if self.lead_in.is_some() => {
                let (n, heading) = self.lead_in.clone().expect("checked");
                let id = format!("{n}{}", letter(self.letters));
                self.letters += 1;
                out.items.push(item(id, Some(heading)));
            }
            Number::Task(n) if self.lead_in.as_ref().is_some_and(|(l, _)| l == n) => {
                let (n, heading) = self.lead_in.clone().expect("checked");
                let id = format!("{n}{}", letter(self.letters));
                self.letters += 1;
                out.items.push(item(id, Some(heading)));
            }
            Number::Task(n)
                if out
                    .items
                    .last()
                    .is_some_and(|last| last.group == group && (last.id == *n || is_part(&last.id, n))) =>
            {
                // The same number again (a merged TT cell): the rows are its lettered parts.
                let last = out.items.last_mut().expect("checked");
                if last.id == *n {
                    last.id = format!("{n}a");
                }
                let used = out.items.iter().filter(|i| is_part(&i.id, n)).count();
                out.items.push(item(format!("{n}{}", letter(used)), None));
            }
            Number::Sub(_) if !out.items.is_empty() => {
                // Sub-items of the task above, which has its own row.
                let base = out.items.last().map(|i| base_number(&i.id)).unwrap_or_default();
                let used = out.items.iter().filter(|i| is_part(&i.id, &base)).count();
                out.items.push(item(format!("{base}{}", letter(used)), None));
            }
            Number::Empty if !out.items.is_empty() && self.lead_in.is_none() => {
                let last = out.items.last_mut().expect("checked");
                for (field, text) in [
                    (&mut last.title, title),
                    (&mut last.owner, data[0]),
                    (&mut last.partners, data[1]),
                    (&mut last.result, data[2]),
                    (&mut last.deadline, data[3]),
                ] {
                    if !text.trim().is_empty() && !field.ends_with(text) {
                        if !field.is_empty() {
                            field.push('\n');
                        }
                        field.push_str(text);
                    }
                }
                out.skipped.push((row.origin, Skip::JoinedTo(last.id.clone())));
            }
            Number::Empty if self.lead_in.is_some() => {
                let (n, heading) = self.lead_in.clone().expect("checked");
                let id = format!("{n}{}", letter(self.letters));
                self.letters += 1;
                out.items.push(item(id, Some(heading)));
            }
            Number::Lettered(n, l) => {
                self.close_lead_in(out);
                out.items.push(item(format!("{n}{l}"), None));
            }
            Number::Task(n) => {
                self.close_lead_in(out);
                self.note_number(n, &group, out);
                out.items.push(item(n.clone(), None));
            }
            _ => {
                self.close_lead_in(out);
                let id = match &tt {
                    Number::Other(text) if crate::load::task::is_plain_id(text) => text.to_string(),
                    _ => (out.items.len() + 1).to_string(),
                };
                out.items.push(item(id, None));
            }
        }
    }

    /// Remembers a task number; one seen before in another group means the table numbers
    /// its tasks again in each group.
    fn note_number(&mut self, n: &str, group: &str, out: &mut Read) {
        if self.seen.iter().any(|(seen, g)| seen == n && g != group) {
            out.renumbered = true;
        }
        self.seen.push((n.to_string(), group.to_string()));
    }

    /// A lead-in no sub-item followed is a task of its own.
    fn close_lead_in(&mut self, out: &mut Read) {
        if let Some((n, heading)) = self.lead_in.take() {
            if self.letters == 0 {
                out.items.push(Item {
                    id: n,
                    group: self.group.clone().unwrap_or_default(),
                    title: heading,
                    ..Item::default()
                });
            }
        }
        self.letters = 0;
    }

    fn finish(&mut self, out: &mut Read) {
        self.close_lead_in(out);
        if out.renumbered {
            for item in &mut out.items {
                item.id = format!("{}-{}", item.group, item.id);
            }
        }
        split_headings(&mut out.items);
    }
}

/// The group of a row in a table with a "Nhóm" column, as a Roman numeral.
fn column_group(columns: &Columns, row: &GridRow) -> Option<String> {
    let text = State::cell(columns, row, Column::Group).trim();
    if text.is_empty() {
        return None;
    }
    Some(text.parse::<usize>().map_or_else(|_| text.trim_end_matches('.').to_string(), roman))
}

fn letter(i: usize) -> char {
    (b'a' + (i % 26) as u8) as char
}

fn base_number(id: &str) -> String {
    id.trim_end_matches(|c: char| c.is_ascii_alphabetic()).to_string()
}

fn is_part(id: &str, n: &str) -> bool {
    crate::model::is_part_of(id, n)
}

fn unique(id: String, taken: Vec<&str>) -> String {
    if !taken.contains(&id.as_str()) {
        return id;
    }
    (2..).map(|i| format!("{id}-{i}")).find(|c| !taken.contains(&c.as_str())).expect("some number is free")
}

/// Sub-items written with their lead-in in one cell ("Nghiên cứu xây dựng các chính sách
/// của tỉnh về: Thu hút …", as the appendix prints them): the words all the parts of a
/// number start with, up to a colon, become their heading.
fn split_headings(items: &mut [Item]) {
    let mut i = 0;
    while i < items.len() {
        let base = base_number(&items[i].id);
        let end = (i..items.len()).find(|&j| !is_part(&items[j].id, &base)).unwrap_or(items.len());
        if end - i >= 2 && items[i..end].iter().all(|it| it.heading.is_none()) {
            let first = &items[i].title;
            let common_len = |other: &str| {
                first
                    .char_indices()
                    .zip(other.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((at, c), _)| at + c.len_utf8())
            };
            let common = items[i + 1..end].iter().map(|it| common_len(&it.title)).min().unwrap_or(0);
            if let Some(colon) = first[..common].rfind(':') {
                let heading = first[..=colon].trim().to_string();
                if items[i..end].iter().all(|it| it.title.len() > colon + 1) {
                    for it in &mut items[i..end] {
                        it.title = it.title[colon + 1..].trim().to_string();
                        it.heading = Some(heading.clone());
                    }
                }
            }
        }
        i = end.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> GridRow {
        GridRow { cells: cells.iter().map(|c| c.to_string()).collect(), ..GridRow::default() }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| GridRow { origin: Origin { table: None, row: i + 1 }, ..row(r) })
                .collect(),
        }
    }

    #[test]
    fn headings_are_known_by_their_variants() {
        assert_eq!(column_of("STT"), Some(Column::Number));
        assert_eq!(column_of("Nội dung nhiệm vụ"), Some(Column::Title));
        assert_eq!(column_of("Cơ quan\nchủ trì thực hiện"), Some(Column::Owner));
        assert_eq!(column_of("Đơn vị phối hợp"), Some(Column::Partners));
        assert_eq!(column_of("Kết quả, sản phẩm"), Some(Column::Result));
        assert_eq!(column_of("Sản phẩm"), Some(Column::Result));
        assert_eq!(column_of("Thời hạn hoàn thành"), Some(Column::Deadline));
        assert_eq!(column_of("Tiến độ"), Some(Column::Deadline));
        assert_eq!(column_of("Thời gian hoàn thành (6)"), Some(Column::Deadline));
        assert_eq!(column_of("Hạn"), None);
        assert_eq!(column_of("Tình trạng"), None);
    }

    #[test]
    fn a_header_in_another_order_with_extra_columns() {
        let g = grid(&[
            &["PHỤ LỤC", "", "", "", "", "", ""],
            &["Thời hạn", "Sản phẩm", "STT", "Ghi chú", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"],
            &["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            &["", "", "I", "", "Thể chế", "", ""],
            &["Quý II/2025", "Đề án", "1", "x", "Làm đề án", "Sở Tư pháp", ""],
        ]);
        let read = read(&[&g]).unwrap();
        assert_eq!(read.ignored_columns, ["Ghi chú"]);
        assert_eq!(read.groups, [Group { id: "I".into(), title: "Thể chế".into(), origin: g.rows[3].origin }]);
        assert_eq!(read.items.len(), 1);
        let item = &read.items[0];
        assert_eq!((item.id.as_str(), item.title.as_str(), item.owner.as_str()), ("1", "Làm đề án", "Sở Tư pháp"));
        assert_eq!((item.result.as_str(), item.deadline.as_str()), ("Đề án", "Quý II/2025"));
        assert_eq!(read.skipped, [(g.rows[2].origin, Skip::ColumnNumbers)]);
    }

    #[test]
    fn sub_items_under_a_lead_in_take_its_number_and_letters() {
        let g = grid(&[
            &["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            &["Nhóm 1. Chính sách", "", "", ""],
            &["45", "Xây dựng các chính sách về:", "", ""],
            &["-", "Thu hút", "Sở Tài chính", "2025"],
            &["b)", "Đặt hàng", "Sở Y tế", "2025"],
            &["46", "Việc khác", "Sở Y tế", "2026"],
        ]);
        let read = read(&[&g]).unwrap();
        assert_eq!(read.groups[0].id, "I");
        assert_eq!(read.groups[0].title, "Chính sách");
        let ids: Vec<_> = read.items.iter().map(|i| (i.id.as_str(), i.heading.as_deref())).collect();
        assert_eq!(
            ids,
            [("45a", Some("Xây dựng các chính sách về:")), ("45b", Some("Xây dựng các chính sách về:")), ("46", None)]
        );
    }

    #[test]
    fn a_continued_table_and_a_merged_number() {
        let first = grid(&[&["TT", "Nhiệm vụ", "Chủ trì"], &["1", "Một", "Sở Y tế"]]);
        let second = grid(&[&["2", "Hai", "Sở Y tế"], &["2", "Hai bis", "Sở Y tế"]]);
        let read = read(&[&first, &second]).unwrap();
        let ids: Vec<_> = read.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["1", "2a", "2b"]);
        assert_eq!(read.used, [0, 1]);
    }

    #[test]
    fn lead_ins_printed_in_the_title_become_headings() {
        let g = grid(&[
            &["TT", "Nhiệm vụ", "Cơ quan chủ trì"],
            &["45a", "Chính sách về: Thu hút", "Sở Tài chính"],
            &["45b", "Chính sách về: Đặt hàng", "Sở Y tế"],
        ]);
        let read = read(&[&g]).unwrap();
        assert_eq!(read.items[0].heading.as_deref(), Some("Chính sách về:"));
        assert_eq!(read.items[1].title, "Đặt hàng");
    }

    #[test]
    fn numbers_again_in_each_group_are_prefixed() {
        let g = grid(&[
            &["TT", "Nhiệm vụ", "Cơ quan chủ trì"],
            &["I", "Một", ""],
            &["1", "A", "Sở Y tế"],
            &["II", "Hai", ""],
            &["1", "B", "Sở Y tế"],
        ]);
        let read = read(&[&g]).unwrap();
        let ids: Vec<_> = read.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["I-1", "II-1"]);
    }
}
