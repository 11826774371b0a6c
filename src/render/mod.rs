//! Rendering: tables for people, CSV and JSON for machines.

pub mod chart;
pub mod csv;
pub mod document;
pub mod docx;
pub mod export;
pub mod figures;
pub mod letterhead;
pub mod markdown;
pub mod plan_table;
pub mod reminder;
pub mod report;

use std::io::IsTerminal;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Plan, Task};
use crate::registry::AgencyRef;
use crate::text::width as text_width;

/// Where human output goes: how wide it may be and whether it must keep to ASCII marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    /// The columns a table fits, or `None` for its natural width (output piped to a file
    /// or another program: full titles, nothing cut).
    pub width: Option<u16>,
    /// Plain characters instead of "↳", for console fonts that lack it.
    pub ascii: bool,
}

impl Screen {
    /// The screen of this process: `--width`, else `COLUMNS`, else the terminal's width
    /// when standard output is one, else none (piped). `--ascii`, or a Windows console,
    /// keeps to ASCII marks.
    pub fn detect(width: Option<u16>, ascii: bool) -> Screen {
        let columns = || std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|&c| c > 0);
        let terminal = || std::io::stdout().is_terminal().then(|| comfy_table::Table::new().width().unwrap_or(80));
        Screen {
            width: match width {
                // `--width 0`: the natural width, as when piped.
                Some(0) => None,
                Some(w) => Some(w),
                None => columns().or_else(terminal),
            },
            ascii: ascii || (cfg!(windows) && std::io::stdout().is_terminal()),
        }
    }

    /// The mark of a line that belongs to the one above (a milestone under its task).
    pub fn marker(&self) -> &'static str {
        if self.ascii {
            ">"
        } else {
            "↳"
        }
    }

    /// `text` wrapped at words to the width, each line's continuation indented as the
    /// line itself plus `hang` columns; unchanged when the width is natural.
    pub fn prose(&self, text: &str, hang: usize) -> String {
        match self.width {
            None => text.to_string(),
            Some(width) => wrap_prose(text, usize::from(width), hang),
        }
    }
}

/// Wraps every line of `text` at words to `width` columns (a word longer than that stays
/// whole on its own line); continuation lines get the line's indentation plus `hang`.
pub fn wrap_prose(text: &str, width: usize, hang: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_end();
        let body = line.trim_start();
        let lead = &line[..line.len() - body.len()];
        let indent = text_width(lead);
        let first = width.saturating_sub(indent).max(1);
        let rest = width.saturating_sub(indent + hang).max(1);
        for (j, part) in wrap_hanging(body, first, rest).iter().enumerate() {
            if j > 0 {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent + hang));
            } else {
                out.push_str(lead);
            }
            out.push_str(part);
        }
    }
    out
}

/// `text` (one paragraph) as lines of at most `width` columns, broken at spaces only: a
/// word wider than `width` gets a line of its own, whole.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, width)
}

/// As [`wrap`], the first line `first` columns wide and the others `rest`.
fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    if fits(text, first).is_some() {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = text_width(word);
        let width = if lines.is_empty() { first } else { rest };
        if !line.is_empty() && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The width of `text` if [`wrap`] would give it as its one line, unchanged: most cells fit,
/// and no space in them is doubled or at either end.
fn fits(text: &str, width: usize) -> Option<usize> {
    let spaced = text.starts_with(' ') || text.ends_with(' ') || text.contains("  ");
    let columns = text_width(text);
    (!spaced && columns <= width).then_some(columns)
}

/// Each line of a table's cell wrapped to `width` columns (at most `most` lines a
/// paragraph when given), with its width; a paragraph that fits is borrowed as it is.
fn cell_lines(cell: &str, width: usize, most: Option<usize>) -> Vec<(std::borrow::Cow<'_, str>, usize)> {
    let mut out = Vec::new();
    for paragraph in cell.split('\n') {
        let paragraph = paragraph.trim();
        if let Some(columns) = fits(paragraph, width) {
            out.push((paragraph.into(), columns));
            continue;
        }
        let wrapped = match most {
            Some(most) => wrap_at_most(paragraph, width, most),
            None => wrap(paragraph, width),
        };
        out.extend(wrapped.into_iter().map(|line| {
            let columns = text_width(&line);
            (line.into(), columns)
        }));
    }
    out
}

/// `text` cut after its last whole word within `max` columns, ending in "…" when cut.
pub fn cut_words(text: &str, max: usize) -> String {
    wrap_at_most(&text.split_whitespace().collect::<Vec<_>>().join(" "), max, 1).remove(0)
}

/// As [`wrap`], keeping at most `max_lines` lines: the last one kept ends in "…" after
/// its last whole word that leaves room for it.
fn wrap_at_most(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() <= max_lines.max(1) {
        return lines;
    }
    lines.truncate(max_lines.max(1));
    let last = lines.last_mut().expect("one line at least");
    while text_width(last) + 1 > width {
        match last.rfind(' ') {
            Some(space) => last.truncate(space),
            None => break,
        }
    }
    last.push('…');
    lines
}

/// How a table is laid out.
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout<'a> {
    /// Columns whose cells are right-aligned.
    pub right: &'a [usize],
    /// The column that takes the room the others leave (a title): the others are narrowed
    /// first, down to half its width.
    pub flexible: Option<usize>,
    /// When the width is bounded, at most this many lines for each paragraph of the
    /// flexible column's cells, the last cut after a whole word with "…".
    pub lines: Option<usize>,
}

/// A table with a header row, fitted to `width` columns, wrapped at words.
pub fn table(header: &[&str], rows: Vec<Vec<String>>, width: Option<u16>, right: &[usize]) -> String {
    laid_out(header, rows, width, Layout { right, ..Layout::default() })
}

/// Rows per slice when a long table is drawn in parallel.
const SLICE_ROWS: usize = 256;

/// The words of a cell: its lines split at spaces.
fn words(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['\n', ' ']).filter(|w| !w.is_empty())
}

/// A table in the house style (horizontal rules only, one space of padding either side
/// of each cell and one between columns), laid out so that no word or date is ever
/// split: each column is at least as wide as its longest word and at most as its widest
/// line; when the table is wider than `width`, columns are narrowed one column at a time,
/// the widest first (the flexible column counting half), down to their longest word. A
/// table whose longest words alone do not fit is wider than `width`. With no width, each
/// column is as wide as its widest line. No line ends in spaces. Tens of thousands of
/// rows are drawn in parallel slices.
pub fn laid_out(header: &[&str], rows: Vec<Vec<String>>, width: Option<u16>, layout: Layout) -> String {
    let columns = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    // Each thread keeps the longest word and the widest line of each column over its rows.
    type Measures = (Vec<usize>, Vec<usize>);
    let measure = |(mut longest_word, mut widest_line): Measures, cells: &[String]| -> Measures {
        for (c, cell) in cells.iter().enumerate() {
            // Only a table fitted to a width is narrowed, down to its longest words.
            if width.is_some() {
                longest_word[c] = longest_word[c].max(words(cell).map(text_width).max().unwrap_or(0));
            }
            widest_line[c] = widest_line[c].max(cell.lines().map(|l| text_width(l.trim())).max().unwrap_or(0));
        }
        (longest_word, widest_line)
    };
    let header_cells: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let merge = |a: Measures, b: Measures| {
        let max = |x: Vec<usize>, y: Vec<usize>| x.iter().zip(&y).map(|(p, q)| *p.max(q)).collect::<Vec<_>>();
        (max(a.0, b.0), max(a.1, b.1))
    };
    let none = || (vec![0; columns], vec![0; columns]);
    let (min, max) = rows.par_iter().fold(none, |measures, row| measure(measures, row)).reduce(none, merge);
    let (min, max) = measure((min, max), &header_cells);

    let mut widths = max.clone();
    if let Some(target) = width.map(usize::from) {
        let total = |w: &[usize]| w.iter().map(|w| w + 2).sum::<usize>() + columns.saturating_sub(1);
        let weight = |c: usize| if Some(c) == layout.flexible { 1 } else { 2 };
        while total(&widths) > target {
            // Ties go to the flexible column, then to the rightmost.
            let widest = (0..columns)
                .filter(|&c| widths[c] > min[c])
                .max_by_key(|&c| (widths[c] * weight(c), Some(c) == layout.flexible, c));
            match widest {
                Some(c) => widths[c] -= 1,
                None => break,
            }
        }
    }

    let lines = if width.is_some() { layout.lines } else { None };
    let draw_row = |cells: &[String], out: &mut String| {
        let wrapped: Vec<Vec<(std::borrow::Cow<str>, usize)>> = (0..columns)
            .map(|c| {
                let cell = cells.get(c).map(String::as_str).unwrap_or("");
                cell_lines(cell, widths[c], lines.filter(|_| Some(c) == layout.flexible))
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let mut line = String::new();
            for (c, cell) in wrapped.iter().enumerate() {
                let (text, used) = cell.get(i).map_or(("", 0), |(text, used)| (text.as_ref(), *used));
                let pad = widths[c].saturating_sub(used);
                if c > 0 {
                    line.push(' ');
                }
                line.push(' ');
                if layout.right.contains(&c) {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(text);
                } else {
                    line.push_str(text);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
                line.push(' ');
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    };
    let full = widths.iter().map(|w| w + 2).sum::<usize>() + columns.saturating_sub(1);
    let mut text = String::new();
    let rule = "─".repeat(full);
    text.push_str(&rule);
    text.push('\n');
    draw_row(&header_cells, &mut text);
    text.push_str(&"═".repeat(full));
    text.push('\n');
    // Each slice is drawn, and its cells let go, on the thread that takes it: tens of
    // thousands of rows are not freed one by one after the table is drawn.
    let drawn: Vec<String> = rows
        .into_par_iter()
        .chunks(SLICE_ROWS)
        .map(|slice| {
            let mut out = String::new();
            for row in &slice {
                draw_row(row, &mut out);
            }
            out
        })
        .collect();
    text.reserve(drawn.iter().map(String::len).sum::<usize>() + rule.len());
    for part in drawn {
        text.push_str(&part);
    }
    text.push_str(&rule);
    text
}

/// Records in a machine format: a pretty JSON array, or CSV by [`csv::write`]'s rules.
pub fn records<T: Serialize + Default>(
    format: MachineFormat,
    records: &[T],
    options: csv::CsvOptions,
) -> anyhow::Result<Vec<u8>> {
    match format {
        MachineFormat::Json => Ok((serde_json::to_string_pretty(records)? + "\n").into_bytes()),
        MachineFormat::Csv => csv::write(records, options),
    }
}

/// The machine-readable formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineFormat {
    Json,
    Csv,
}

/// Names the agencies in `agencies` (those that still owe a milestone) for `plan
/// overdue` and the report: the members of a collective owner are counted as the collective, "Các
/// ngành, các cấp: 18/20 chưa hoàn thành", and with `expand` named after it unless all
/// of them owe; other agencies by their short names.
pub fn owing_cell(
    plan: &Plan,
    task: &Task,
    owing: &[&crate::eval::Obligation],
    lang: crate::i18n::Lang,
    expand: bool,
) -> String {
    let registry = &plan.registry;
    // Sorted, to be searched: a row owed by a collective of hundreds of members stays quick,
    // and the usual row of one or two agencies needs no hashing.
    let mut owing_set: Vec<usize> = owing.iter().map(|o| o.agency).collect();
    owing_set.sort_unstable();
    let mut parts = Vec::new();
    let mut covered: Vec<usize> = Vec::new();
    for r in &task.owner {
        if let AgencyRef::Collective(c) = r {
            let collective = &registry.collectives[*c];
            let members: Vec<usize> =
                collective.members.iter().copied().filter(|m| owing_set.binary_search(m).is_ok()).collect();
            if collective.members.len() > 1 && members.len() > 1 {
                let count = format!("{}/{}", members.len(), collective.members.len());
                let mut part = match lang {
                    crate::i18n::Lang::Vi => format!("{}: {count} chưa hoàn thành", collective.short),
                    crate::i18n::Lang::En => format!("{}: {count} not done", collective.short),
                };
                // When every member still owes, "20/20" says it all.
                if expand && members.len() < collective.members.len() {
                    let names: Vec<&str> = members.iter().map(|&m| registry.agencies[m].short.as_str()).collect();
                    part.push_str(&format!(" ({})", names.join(", ")));
                }
                parts.push(part);
                covered.extend(members);
            }
        }
    }
    covered.sort_unstable();
    for o in owing {
        if let Err(at) = covered.binary_search(&o.agency) {
            covered.insert(at, o.agency);
            let mut name = registry.agencies[o.agency].short.clone();
            if let Some((from, since)) = o.handed_over {
                name.push_str(&taken_over(plan, from, since, lang));
            }
            parts.push(name);
        }
    }
    parts.join(", ")
}

/// Owner or partner names as the plan wrote them, or the registry's names.
pub fn refs_text(plan: &Plan, refs: &[AgencyRef], text: Option<&str>) -> String {
    match text {
        Some(text) => text.to_string(),
        None => refs.iter().map(|r| plan.registry.name(*r)).collect::<Vec<_>>().join("; "),
    }
}

/// What a decision did to a milestone's deadline, in words: "gia hạn từ 31/03/2025, QĐ
/// 123/QĐ-UBND" (or "điều chỉnh từ ..." when the date came earlier or had none).
pub fn extension_note(
    milestone: &crate::model::Milestone,
    due: Option<chrono::NaiveDate>,
    lang: crate::i18n::Lang,
) -> Option<String> {
    let extension = milestone.extended.as_deref()?;
    let later = matches!((due, extension.from), (Some(new), Some(old)) if new > old);
    let from = extension.from.map_or_else(|| format!("\"{}\"", extension.from_label), crate::i18n::date);
    let verb = if later {
        lang.pick("gia hạn từ", "extended from")
    } else {
        lang.pick("điều chỉnh từ", "changed from")
    };
    Some(format!("{verb} {from}, {}", extension.decision.short()))
}

/// " (nhận từ UBND huyện Ninh Hải từ 01/07/2025)": whose work an agency took over, and when.
pub fn taken_over(plan: &Plan, from: usize, since: chrono::NaiveDate, lang: crate::i18n::Lang) -> String {
    let from = &plan.registry.agencies[from].short;
    match lang {
        crate::i18n::Lang::Vi => format!(" (nhận từ {from} từ {})", crate::i18n::date(since)),
        crate::i18n::Lang::En => format!(" (taken over from {from} on {})", crate::i18n::date(since)),
    }
}

/// A due date as the tables show it, with the decision that set it when one did:
/// "30/09/2025 (gia hạn từ 31/03/2025, QĐ 123/QĐ-UBND)".
pub fn due_text(
    due: Option<chrono::NaiveDate>,
    milestone: &crate::model::Milestone,
    lang: crate::i18n::Lang,
) -> String {
    let date = due.map(crate::i18n::date).unwrap_or_default();
    match extension_note(milestone, due, lang) {
        Some(note) if date.is_empty() => format!("({note})"),
        Some(note) => format!("{date} ({note})"),
        None => date,
    }
}

/// A task view's date as the tables show it: the due date with the decision that set it,
/// else the task's deadline as worded.
pub fn view_due_text(
    view: &crate::figures::TaskView,
    due: Option<chrono::NaiveDate>,
    lang: crate::i18n::Lang,
) -> String {
    let milestone =
        view.obligations.iter().find(|o| o.due == due && due.is_some()).map(|o| &view.task.milestones[o.milestone]);
    match (due, milestone) {
        (Some(_), Some(m)) => due_text(due, m, lang),
        (Some(d), None) => crate::i18n::date(d),
        (None, _) => view.task.deadline.clone(),
    }
}

/// A yearly milestone's occurrence as clerks name it, by its due date ("hạn 31/12/2025":
/// they call the plan due 31/12/2025 "the plan for 2026"); by its year when it has none.
pub fn occurrence_label(due: Option<chrono::NaiveDate>, year: i32, lang: crate::i18n::Lang) -> String {
    match due {
        Some(due) => format!("{} {}", lang.pick("hạn", "due"), crate::i18n::date(due)),
        None => format!("{} {year}", lang.pick("năm", "year")),
    }
}

/// What a milestone's schedule means, in words: "30/06/2025", "31/12 hằng năm, từ 2025".
pub fn describe_schedule(plan: &Plan, milestone: &crate::model::Milestone, lang: crate::i18n::Lang) -> String {
    use crate::deadline::{DayOfMonth, Schedule};
    use crate::i18n::date;
    let vi = lang == crate::i18n::Lang::Vi;
    match milestone.schedule {
        Schedule::Due(d) => date(d),
        Schedule::Yearly { month, day, first_year } => {
            let day = match day {
                DayOfMonth::Fixed(d) => format!("{d:02}/{month:02}"),
                DayOfMonth::Last => Schedule::yearly_due(month, day, first_year)
                    .map_or_else(|| format!("{month:02}"), |d| d.format("%d/%m").to_string()),
            };
            if vi {
                format!("{day} hằng năm, từ năm {first_year}")
            } else {
                format!("{day} every year from {first_year}")
            }
        }
        Schedule::Ongoing => {
            lang.pick("thường xuyên, không tính quá hạn theo ngày", "ongoing, never overdue by date").into()
        }
        Schedule::NoDeadline => lang.pick("chưa có thời hạn", "no deadline yet").into(),
        Schedule::AfterEvent { offset } => {
            let event = milestone.event.as_deref().and_then(|k| plan.events.get(k).map(|e| (k, e)));
            let after = offset.map(|o| o.describe(vi));
            match (event, after) {
                (Some((_, e)), Some(after)) if e.date.is_some() => {
                    let happened = e.date.expect("checked");
                    let due = offset.and_then(|o| o.after(happened)).map(date).unwrap_or_default();
                    if vi {
                        format!("{due} ({after} sau sự kiện ngày {})", date(happened))
                    } else {
                        format!("{due} ({after} after the event of {})", date(happened))
                    }
                }
                (Some((_, e)), None) if e.date.is_some() => {
                    lang.pick("sự kiện đã diễn ra; chưa có thời hạn", "the event has happened; no deadline set").into()
                }
                (Some((_, e)), after) => {
                    // The event's description, not its key: the key is for files, not readers.
                    let what = &e.description;
                    match (after, vi) {
                        (Some(a), true) => format!("chờ: {a} sau khi {what} (chưa có ngày)"),
                        (Some(a), false) => format!("waiting: {a} after {what} (no date yet)"),
                        (None, true) => format!("chờ: {what} (chưa có ngày)"),
                        (None, false) => format!("waiting: {what} (no date yet)"),
                    }
                }
                (None, _) => lang.pick("chờ Trung ương", "waiting on central government").into(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn a_narrow_table_wraps_at_words_and_never_splits_a_date() {
        let header = ["TT", "Nhiệm vụ", "Cơ quan chưa hoàn thành", "Hạn", "Quá hạn"];
        let rows = cells(&[
            &[
                "47",
                "Xây dựng kế hoạch hỗ trợ, thúc đẩy doanh nghiệp đổi mới sáng tạo",
                "Sở Tài chính",
                "31/03/2025",
                "101 ngày",
            ],
            &["2", "Xây dựng chương trình", "Các ngành, các cấp (20)", "30/06/2025", "10 ngày"],
        ]);
        for width in [20, 40, 60, 80] {
            let text = table(&header, rows.clone(), Some(width), &[4]);
            for line in text.lines() {
                assert_eq!(line, line.trim_end(), "no trailing spaces");
                // Below 44 columns the longest words alone do not fit: the table is wider.
                assert!(text_width(line) <= usize::from(width).max(44), "{width}: {line}");
            }
            assert_eq!(text.matches("31/03/2025").count(), 1, "{text}");
            assert!(text.contains("chính") && !text.contains("chí\n"), "{text}");
            for word in ["doanh", "nghiệp", "Tài", "chính", "(20)"] {
                assert!(text.split([' ', '\n']).any(|w| w == word), "{word} whole at {width}: {text}");
            }
        }
    }

    #[test]
    fn with_no_width_a_table_takes_its_natural_width() {
        let title = "Xây dựng kế hoạch hỗ trợ, thúc đẩy doanh nghiệp đổi mới sáng tạo trong toàn tỉnh";
        let text = laid_out(
            &["TT", "Nhiệm vụ"],
            cells(&[&["1", title]]),
            None,
            Layout { flexible: Some(1), lines: Some(2), ..Layout::default() },
        );
        assert!(text.contains(title), "{text}");
    }

    #[test]
    fn a_cut_title_ends_after_a_whole_word() {
        let lines = wrap_at_most("Xây dựng kế hoạch hỗ trợ, thúc đẩy doanh nghiệp", 12, 2);
        assert_eq!(lines, ["Xây dựng kế", "hoạch hỗ…"]);
    }

    #[test]
    fn prose_wraps_at_words_with_a_hanging_indent() {
        let text = wrap_prose("  Ghi chú: một hai ba bốn năm sáu bảy tám", 16, 2);
        assert_eq!(text, "  Ghi chú: một\n    hai ba bốn\n    năm sáu bảy\n    tám");
    }
}
