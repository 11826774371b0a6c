//! The meeting table (the plan's own "Phụ lục" layout): one row per task, grouped by
//! I–VII, as CSV, JSON or XLSX.

use chrono::NaiveDate;
use serde::Serialize;

use crate::figures::{TaskState, TaskView};
use crate::i18n::{self, Lang};
use crate::model::Plan;
use crate::render::refs_text;
use crate::status::Status;

/// One task's row.
#[derive(Debug, Clone)]
pub struct Row<'p> {
    pub group: &'p str,
    pub id: &'p str,
    pub title: std::borrow::Cow<'p, str>,
    pub owner: String,
    pub partners: String,
    pub result: &'p str,
    pub deadline: &'p str,
    pub due: Option<NaiveDate>,
    pub state: TaskState,
    pub state_text: String,
    pub owing: Vec<&'p str>,
    pub last_update: Option<LastUpdate<'p>>,
    pub last_update_text: String,
    pub note: String,
    /// The plan's own note on the task.
    pub plan_note: Option<&'p str>,
}

/// The latest update recorded on a task, by any agency.
#[derive(Debug, Clone, Serialize)]
pub struct LastUpdate<'p> {
    pub date: String,
    pub agency: &'p str,
    pub status: Status,
    pub progress: Option<u8>,
    pub note: Option<&'p str>,
    pub evidence: Option<&'p str>,
}

/// The column headings, in `lang`.
pub fn headings(lang: Lang) -> [&'static str; 11] {
    [
        lang.pick("Nhóm", "Group"),
        lang.pick("TT", "No."),
        lang.pick("Nhiệm vụ", "Task"),
        lang.pick("Cơ quan chủ trì", "Lead agency"),
        lang.pick("Cơ quan phối hợp", "Partner agencies"),
        lang.pick("Yêu cầu về kết quả", "Expected result"),
        lang.pick("Thời gian hoàn thành", "Deadline (plan's wording)"),
        lang.pick("Hạn", "Due"),
        lang.pick("Tình trạng", "Status"),
        lang.pick("Cập nhật gần nhất", "Latest update"),
        lang.pick("Ghi chú", "Notes"),
    ]
}

pub fn rows<'p>(plan: &'p Plan, views: &[TaskView<'p>], as_of: NaiveDate, lang: Lang) -> Vec<Row<'p>> {
    let registry = &plan.registry;
    views
        .iter()
        // A task cancelled by a decision leaves the meeting table; the figures count it apart.
        .filter(|view| view.state != TaskState::Cancelled)
        .map(|view| {
            let task = view.task;
            let mut state_text = view.state.label(lang).to_string();
            if !view.owing.is_empty() && view.owers.len() > 1 {
                state_text.push_str(&match lang {
                    Lang::Vi => format!(" (còn {}/{} cơ quan)", view.owing.len(), view.owers.len()),
                    Lang::En => format!(" ({} of {} agencies)", view.owing.len(), view.owers.len()),
                });
            }
            let latest = crate::eval::latest_update_where(task, as_of, |_| true);
            let last_update = latest.map(|u| LastUpdate {
                date: crate::dates::iso(u.date),
                agency: &registry.agencies[u.by].id,
                status: u.status,
                progress: u.progress,
                note: u.note.as_deref(),
                evidence: u.evidence.as_deref(),
            });
            let last_update_text = latest_per_agency(plan, view, as_of, lang).join("\n");
            let mut notes: Vec<String> = task.note.iter().cloned().collect();
            for m in &task.milestones {
                if let Some(note) = crate::render::extension_note(m, m.schedule.due(), lang) {
                    let mut chars = note.chars();
                    let note: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
            }
            for o in &view.obligations {
                if let Some(u) = o.latest.filter(|u| u.status == Status::Blocked || u.status == Status::Dropped) {
                    let line = format!(
                        "{} ({}): {}",
                        u.status.label(lang),
                        registry.agencies[u.by].short,
                        u.note.as_deref().unwrap_or("")
                    );
                    if !notes.contains(&line) {
                        notes.push(line);
                    }
                }
            }
            Row {
                group: &task.group,
                id: &task.id,
                title: match &task.heading {
                    Some(heading) => std::borrow::Cow::Owned(format!("{heading} {}", task.title)),
                    None => std::borrow::Cow::Borrowed(task.title.as_str()),
                },
                owner: refs_text(plan, &task.owner, task.owner_text.as_deref()),
                partners: refs_text(plan, &task.partners, task.partners_text.as_deref()),
                result: &task.result,
                deadline: &task.deadline,
                due: view.due.or_else(|| met_due(view)),
                state: view.state,
                state_text,
                owing: view.owing.iter().map(|&a| registry.agencies[a].id.as_str()).collect(),
                last_update,
                last_update_text,
                note: notes.join("\n"),
                plan_note: task.note.as_deref(),
            }
        })
        .collect()
}

/// The due date of the last milestone a task met, for a task with nothing left to meet
/// (the task view's `due` is the next one still open): "done late" then shows its date.
pub fn met_due(view: &TaskView) -> Option<NaiveDate> {
    view.obligations.iter().filter(|o| o.state.is_done()).filter_map(|o| o.due).max()
}

/// Each agency's latest update on the task, one line each: first the agencies that owe
/// something on it, in the plan's order, then any other agency that reported (a partner).
/// An agency that has sent nothing has no line.
pub fn latest_per_agency(plan: &Plan, view: &TaskView, as_of: NaiveDate, lang: Lang) -> Vec<String> {
    let registry = &plan.registry;
    let mut agencies: Vec<usize> = Vec::new();
    for agency in view.obligations.iter().map(|o| o.agency).chain(view.task.updates.iter().map(|u| u.by)) {
        if !agencies.contains(&agency) {
            agencies.push(agency);
        }
    }
    agencies
        .into_iter()
        .filter_map(|agency| crate::eval::latest_update_where(view.task, as_of, |u| u.by == agency))
        .map(|u| {
            let mut text =
                format!("{} ({}): {}", registry.agencies[u.by].short, i18n::date(u.date), u.status.label(lang));
            if let Some(p) = u.progress {
                text.push_str(&format!(" {p}%"));
            }
            for words in [&u.note, &u.evidence].into_iter().flatten() {
                text.push_str(&format!(" – {words}"));
            }
            text
        })
        .collect()
}

fn cells(row: &Row) -> Vec<String> {
    vec![
        row.group.to_string(),
        row.id.to_string(),
        row.title.to_string(),
        row.owner.clone(),
        row.partners.clone(),
        row.result.to_string(),
        row.deadline.to_string(),
        row.due.map(i18n::date).unwrap_or_default(),
        row.state_text.clone(),
        row.last_update_text.clone(),
        row.note.clone(),
    ]
}

pub fn csv(rows: &[Row], lang: Lang, options: crate::render::csv::CsvOptions) -> anyhow::Result<Vec<u8>> {
    // Each cell's text, with room for quotes, doubled quotes and the delimiter.
    let expected_len: usize = rows
        .iter()
        .map(|r| {
            let texts = [
                r.title.as_ref(),
                &r.owner,
                &r.partners,
                r.result,
                r.deadline,
                &r.state_text,
                &r.last_update_text,
                &r.note,
            ];
            texts.iter().map(|t| t.len() + 4).sum::<usize>() + r.group.len() + r.id.len() + 24
        })
        .sum();
    crate::render::csv::write_rows(&headings(lang), rows.iter().map(cells), expected_len + expected_len / 16, options)
}

#[derive(Serialize)]
struct JsonRow<'a> {
    group: &'a str,
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    partners: &'a str,
    result: &'a str,
    deadline: &'a str,
    due: Option<String>,
    state: TaskState,
    owing: &'a [&'a str],
    last_update: Option<&'a LastUpdate<'a>>,
    note: &'a str,
}

pub fn json(rows: &[Row]) -> anyhow::Result<Vec<u8>> {
    let records: Vec<JsonRow> = rows
        .iter()
        .map(|r| JsonRow {
            group: r.group,
            id: r.id,
            title: &r.title,
            owner: &r.owner,
            partners: &r.partners,
            result: r.result,
            deadline: r.deadline,
            due: r.due.map(crate::dates::iso),
            state: r.state,
            owing: &r.owing,
            last_update: r.last_update.as_ref(),
            note: &r.note,
        })
        .collect();
    Ok((serde_json::to_string_pretty(&records)? + "\n").into_bytes())
}

/// The columns of the printed appendix: (heading in Vietnamese, in English, width in
/// characters, the column of [`cells`] it shows). The group (a heading row here) and the
/// notes (mostly empty; the plan's own note follows the updates) are left out, so that the
/// table fits an A4 landscape page at 100 % in Times New Roman 11 pt.
const PRINTED: [(&str, &str, f64, usize); 9] = [
    ("TT", "No.", 4.0, 1),
    ("Nhiệm vụ", "Task", 32.0, 2),
    ("Cơ quan chủ trì", "Lead agency", 12.5, 3),
    ("Cơ quan phối hợp", "Partner agencies", 13.0, 4),
    ("Yêu cầu về kết quả", "Expected result", 19.5, 5),
    ("Thời gian hoàn thành", "Deadline (plan's wording)", 12.5, 6),
    ("Hạn", "Due", 10.5, 7),
    ("Tình trạng", "Status", 11.0, 8),
    ("Cập nhật gần nhất, ghi chú", "Latest updates, notes", 15.0, 9),
];

/// The body font and its size in points; the title is one size larger.
pub const FONT: &str = "Times New Roman";
pub const FONT_SIZE: f64 = 11.0;
/// Page margins in inches: left (binding), right, top, bottom, header, footer.
const MARGINS: (f64, f64, f64, f64, f64, f64) = (0.6, 0.4, 0.6, 0.6, 0.3, 0.3);
/// Points per line of wrapped Times New Roman 11 pt text (LibreOffice draws them 12.2 pt
/// apart, Excel 12.75), and a row's top and bottom padding.
const LINE_HEIGHT: f64 = 13.0;
const ROW_PADDING: f64 = 3.0;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The fills, what each means, and the task states that take it.
fn fills(lang: Lang) -> [(&'static str, &'static str, &'static [TaskState]); 4] {
    [
        ("#F8CBAD", lang.pick("Quá hạn", "Overdue"), &[TaskState::Overdue]),
        ("#FFE699", lang.pick("Đã hoàn thành quá hạn", "Done late"), &[TaskState::DoneLate]),
        (
            "#FFF2CC",
            lang.pick("Đến hạn hôm nay, sắp đến hạn", "Due today, due soon"),
            &[TaskState::DueToday, TaskState::DueSoon],
        ),
        ("#E2EFDA", lang.pick("Đã hoàn thành đúng hạn", "Done on time"), &[TaskState::DoneOnTime]),
    ]
}

/// Width of a character in Times New Roman, in widths of a digit (Excel's column unit):
/// the font's advance widths over 500, read for a letter's base (Vietnamese diacritics
/// sit above or below it; the horn of ơ and ư adds a little, covered by [`line_count`]'s
/// margin).
fn glyph_width(c: char) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let base = match c {
        'đ' => 'd',
        'Đ' => 'D',
        _ => std::iter::once(c).nfd().next().unwrap_or(c),
    };
    let advance = match base {
        ' ' | ',' | '.' => 250,
        ';' | ':' | '/' | 'i' | 'j' | 'l' | 't' => 278,
        'f' | 'r' | '(' | ')' | '-' | '[' | ']' | 'I' => 333,
        's' | 'J' => 389,
        'a' | 'c' | 'e' | 'z' | '"' => 444,
        'm' | '&' => 778,
        'w' | 'N' | 'A' | 'D' | 'G' | 'H' | 'K' | 'O' | 'Q' | 'U' | 'V' | 'X' | 'Y' => 722,
        'B' | 'C' | 'R' => 667,
        'E' | 'L' | 'T' | 'Z' => 611,
        'F' | 'P' | 'S' => 556,
        'M' | '%' => 889,
        'W' => 944,
        '\'' => 180,
        c if c.is_ascii_digit() || c.is_ascii_lowercase() => 500,
        // Dashes, quotes and anything else: as wide as a capital, to be safe.
        _ => 722,
    };
    f64::from(advance) / 500.0
}

/// How many lines `text` takes wrapped into a column `width` characters wide: each
/// paragraph (line break) wrapped at spaces as a spreadsheet does, summed. The usable
/// width is taken 5 % short of the column's, so a row is never too short for its text:
/// Excel gives a column of `width` digits 7 × width + 5 pixels, where a digit of Times New
/// Roman 11 takes 7.33, less the cell's padding; LibreOffice gives it (width + 0.71)
/// digits.
pub fn line_count(text: &str, width: f64) -> usize {
    let capacity = width * 0.95;
    let lines = text.split('\n').map(|paragraph| {
        let (mut lines, mut line) = (1, 0.0);
        for word in paragraph.split(' ') {
            let word_width: f64 = word.chars().map(glyph_width).sum();
            let space = if line > 0.0 { glyph_width(' ') } else { 0.0 };
            if line > 0.0 && line + space + word_width > capacity {
                lines += 1;
                line = 0.0;
            }
            line += if line > 0.0 { space } else { 0.0 } + word_width;
            // A word longer than the line is broken where it reaches the edge.
            while line > capacity {
                lines += 1;
                line -= capacity;
            }
        }
        lines
    });
    lines.sum::<usize>().max(1)
}

/// The height in points of a row whose cells are `texts` in columns `widths` wide: the
/// tallest cell's lines.
pub fn row_height<'t>(cells: impl IntoIterator<Item = (&'t str, f64)>) -> f64 {
    let lines = cells.into_iter().map(|(text, width)| line_count(text, width)).max().unwrap_or(1);
    (lines as f64 * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// The line under the title when the appendix is printed on its own.
pub fn default_attachment(lang: Lang) -> &'static str {
    lang.pick("(Kèm theo Báo cáo số …)", "(Attached to Report No. …)")
}

/// The table as an Excel workbook that prints as a Phụ lục, with the default line
/// "(Kèm theo Báo cáo số …)" under its title.
pub fn xlsx(plan: &Plan, rows: &[Row], as_of: NaiveDate, lang: Lang) -> anyhow::Result<Vec<u8>> {
    xlsx_attached(plan, rows, as_of, lang, default_attachment(lang))
}

/// The table as an Excel workbook that prints as a Phụ lục on A4 landscape, as officials
/// file it, in LibreOffice, WPS and Excel alike:
/// - "PHỤ LỤC", its title line (the plan, the as-of date) and `attached` ("(Kèm theo Báo
///   cáo số …)", in italic) centred above the table;
/// - Times New Roman 11 pt, columns that fit the page at 100 %, the header row repeated on
///   every page, "Trang n/N" in the footer;
/// - each row as tall as its wrapped text (LibreOffice draws a row one line high unless
///   told), groups as plain bold rows (no merged cells, so sorting and filtering work),
///   TT as a number where it is one, due dates as real dates, rows filled by state with
///   the colours explained under the table;
/// - frozen header, autofilter, and the same bytes for the same inputs.
pub fn xlsx_attached(
    plan: &Plan,
    rows: &[Row],
    as_of: NaiveDate,
    lang: Lang,
    attached: &str,
) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, IgnoreError, Workbook};

    let mut workbook = Workbook::new();
    let font = Format::new().set_font_name(FONT).set_font_size(FONT_SIZE);
    // Times New Roman 11 as the workbook's own font: column widths are counted in its
    // digits, by Excel and LibreOffice alike. Its default row and column in pixels are
    // those of Calibri 11.
    workbook.set_default_format(&font, 20, 64)?;
    // A fixed creation time keeps the file byte-identical from one run to the next.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_title(&plan.meta.title).set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("Phụ lục", "Appendix"))?;

    let last_col = (PRINTED.len() - 1) as u16;
    let widths: Vec<f64> = PRINTED.iter().map(|c| c.2).collect();
    let total_width: f64 = widths.iter().sum();
    let cell = |f: Format| {
        f.set_font_name(FONT)
            .set_font_size(FONT_SIZE)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
    };
    let centred = |f: Format| {
        f.set_font_name(FONT).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_text_wrap()
    };
    let title = centred(Format::new().set_bold().set_font_size(FONT_SIZE + 2.0));
    let subtitle = centred(Format::new().set_bold().set_font_size(FONT_SIZE + 1.0));
    let attached_format = centred(Format::new().set_italic().set_font_size(FONT_SIZE + 1.0));
    let header = cell(Format::new().set_bold().set_background_color("#D9E1F2").set_align(FormatAlign::Center));
    let group = cell(Format::new().set_bold().set_background_color("#F2F2F2"));
    let fills = fills(lang);
    // Per fill (and none): the text, date and centred-number formats.
    let styled = |fill: Option<&str>| {
        let base = match fill {
            Some(colour) => cell(Format::new().set_background_color(colour)),
            None => cell(Format::new()),
        };
        (base.clone(), base.clone().set_num_format("dd/mm/yyyy"), base.set_align(FormatAlign::Center))
    };
    let plain = styled(None);
    let filled: Vec<_> = fills.iter().map(|(colour, _, _)| styled(Some(colour))).collect();

    // The title block, centred across the table (outside the filtered range).
    let heading_line = match lang {
        Lang::Vi => {
            format!("Tình hình thực hiện các nhiệm vụ của {}, tính đến ngày {}", plan.meta.title, i18n::date(as_of))
        }
        Lang::En => format!("Progress of the tasks of the {}, as of {}", plan.meta.title, i18n::date(as_of)),
    };
    let title_lines: [(&str, &Format, f64); 3] = [
        (lang.pick("PHỤ LỤC", "APPENDIX"), &title, FONT_SIZE + 2.0),
        (&heading_line, &subtitle, FONT_SIZE + 1.0),
        (attached, &attached_format, FONT_SIZE + 1.0),
    ];
    for (row, (text, format, size)) in title_lines.iter().enumerate() {
        let row = row as u32;
        sheet.merge_range(row, 0, row, last_col, text, format)?;
        // Wider letters at a larger size: fewer of them on a line.
        let height = row_height([(*text, total_width * FONT_SIZE / size)]) * size / FONT_SIZE;
        sheet.set_row_height(row, height)?;
    }

    // The colours' legend above the table, on the first page: each fill with its meaning.
    let legend_row: u32 = 3;
    let legend_label = lang.pick("Chú thích màu:", "Colours:");
    sheet.write_string_with_format(
        legend_row,
        1,
        legend_label,
        &font.clone().set_bold().set_align(FormatAlign::Right).set_align(FormatAlign::VerticalCenter),
    )?;
    let mut legend = vec![(legend_label, PRINTED[1].2)];
    for (col, ((_, meaning, _), (swatch, _, _))) in (2..).zip(fills.iter().zip(&filled)) {
        sheet.write_string_with_format(legend_row, col, *meaning, swatch)?;
        legend.push((meaning, PRINTED[usize::from(col)].2));
    }
    sheet.set_row_height(legend_row, row_height(legend))?;
    sheet.set_row_height(legend_row + 1, 6)?;

    let header_row: u32 = legend_row + 2;
    for (col, (vi, en, width, _)) in PRINTED.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_with_format(header_row, col as u16, lang.pick(vi, en), &header)?;
    }
    sheet.set_row_height(header_row, row_height(PRINTED.iter().map(|c| (lang.pick(c.0, c.1), c.2))))?;

    let mut row_index = header_row + 1;
    let mut current_group: Option<&str> = None;
    for row in rows {
        if current_group != Some(row.group) {
            current_group = Some(row.group);
            // The plan's own layout: the group's number in TT, its title in the task column.
            let title = plan.group_title(row.group).unwrap_or_default();
            for col in 0..=last_col {
                sheet.write_blank(row_index, col, &group)?;
            }
            sheet.write_string_with_format(row_index, 0, row.group, &group.clone().set_align(FormatAlign::Center))?;
            sheet.write_string_with_format(row_index, 1, title, &group)?;
            sheet.set_row_height(row_index, row_height([(title, PRINTED[1].2)]))?;
            row_index += 1;
        }
        let (text, date, number) =
            fills.iter().position(|(_, _, states)| states.contains(&row.state)).map_or(&plain, |i| &filled[i]);
        let all = cells(row);
        let mut shown: Vec<String> = PRINTED.iter().map(|c| all[c.3].clone()).collect();
        if let Some(note) = row.plan_note {
            let last = shown.last_mut().expect("columns");
            if !last.is_empty() {
                last.push('\n');
            }
            last.push_str(&format!("{}: {note}", lang.pick("Ghi chú", "Note")));
        }
        for (col, value) in shown.iter().enumerate() {
            let col = col as u16;
            match col {
                0 => match row.id.parse::<u32>() {
                    Ok(id) => sheet.write_number_with_format(row_index, col, id, number)?,
                    Err(_) => sheet.write_string_with_format(row_index, col, value, number)?,
                },
                6 => match row.due {
                    Some(due) => sheet.write_with_format(row_index, col, &due, date)?,
                    None => sheet.write_blank(row_index, col, text)?,
                },
                // Strings are written as text: a cell a user typed is never a formula here.
                _ => sheet.write_string_with_format(row_index, col, value, text)?,
            };
        }
        sheet.set_row_height(row_index, row_height(shown.iter().map(String::as_str).zip(widths.iter().copied())))?;
        row_index += 1;
    }
    let last_row = row_index.saturating_sub(1).max(header_row);
    sheet.autofilter(header_row, 0, last_row, last_col)?;
    // "45a" is text among numbers, on purpose.
    sheet.ignore_error_range(header_row + 1, 0, last_row.max(header_row + 1), 0, IgnoreError::NumberStoredAsText)?;

    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    let (left, right, top, bottom, header_margin, footer_margin) = MARGINS;
    sheet.set_margins(left, right, top, bottom, header_margin, footer_margin);
    // The columns fit at 100 %; should a substitute font make them wider, the page is
    // scaled down just enough rather than cut in two.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_footer(format!("&C&\"{FONT},Regular\"&11{} &P/&N", lang.pick("Trang", "Page")));
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_wrapped_at_spaces_and_line_breaks() {
        assert_eq!(line_count("", 10.0), 1);
        assert_eq!(line_count("Hạn", 10.0), 1);
        // 20 digits take 20 digit widths: one line of a 22-wide column, two of a 15-wide one.
        assert_eq!(line_count("0123456789 0123456789", 22.0), 1);
        assert_eq!(line_count("0123456789 0123456789", 15.0), 2);
        assert_eq!(line_count("a\nb\n\nc", 10.0), 4, "each paragraph, blank ones too");
        // A word longer than the column is broken at its edge.
        assert_eq!(line_count(&"0".repeat(25), 10.0), 3);
        // Diacritics take no room of their own; capitals and m, w take more than a digit.
        assert_eq!(line_count("Đề án hoàn thành", 16.0), line_count("De an hoan thanh", 16.0));
        assert!(glyph_width('M') > 1.5 && glyph_width('i') < 0.6);
    }

    #[test]
    fn a_row_is_as_tall_as_its_tallest_cell() {
        let one = row_height([("x", 10.0)]);
        assert_eq!(one, LINE_HEIGHT + ROW_PADDING);
        assert_eq!(row_height([("x", 10.0), ("a\nb\nc", 10.0)]), 3.0 * LINE_HEIGHT + ROW_PADDING);
        assert_eq!(row_height([("x\n".repeat(100).as_str(), 10.0)]), MAX_ROW_HEIGHT);
    }

    #[test]
    fn the_printed_columns_fit_a4_landscape_at_100_percent() {
        // LibreOffice: (width + 5/7) digits of 5.5 pt each; Excel: 7 × width + 5 pixels.
        let (left, right, ..) = MARGINS;
        let printable = 841.89 - (left + right) * 72.0;
        let libreoffice: f64 = PRINTED.iter().map(|c| (c.2 + 5.0 / 7.0) * 5.5).sum();
        let excel: f64 = PRINTED.iter().map(|c| (c.2 * 7.0 + 5.0) * 0.75).sum();
        assert!(libreoffice.max(excel) <= printable, "{libreoffice} / {excel} > {printable}");
    }
}
