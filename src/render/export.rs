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
            let last_update_text = latest.map_or_else(String::new, |u| {
                let mut text =
                    format!("{} – {}: {}", i18n::date(u.date), registry.agencies[u.by].short, u.status.label(lang));
                if let Some(p) = u.progress {
                    text.push_str(&format!(" {p}%"));
                }
                if let Some(evidence) = &u.evidence {
                    text.push_str(&format!(" – {evidence}"));
                }
                text
            });
            let mut notes: Vec<String> = task.note.iter().cloned().collect();
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
                due: view.due,
                state: view.state,
                state_text,
                owing: view.owing.iter().map(|&a| registry.agencies[a].id.as_str()).collect(),
                last_update,
                last_update_text,
                note: notes.join("\n"),
            }
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

/// The table as an Excel workbook that prints as a Phụ lục: bold frozen header,
/// autofilter, wrapped text, real dates, overdue rows highlighted, A4 landscape.
pub fn xlsx(plan: &Plan, rows: &[Row], as_of: NaiveDate, lang: Lang) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file byte-identical from one run to the next.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_title(&plan.meta.title).set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("Phụ lục", "Appendix"))?;

    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let header = border(Format::new().set_bold().set_background_color("#D9E1F2").set_align(FormatAlign::Center));
    let group = border(Format::new().set_bold().set_background_color("#F2F2F2"));
    let text = border(Format::new());
    let date = border(Format::new().set_num_format("dd/mm/yyyy"));
    let late = border(Format::new().set_background_color("#F8CBAD"));
    let late_date = border(Format::new().set_background_color("#F8CBAD").set_num_format("dd/mm/yyyy"));

    let title = match lang {
        Lang::Vi => format!("Tình hình thực hiện nhiệm vụ tính đến ngày {}", i18n::date(as_of)),
        Lang::En => format!("Progress of the tasks as of {}", i18n::date(as_of)),
    };
    sheet.write_with_format(0, 0, &title, &Format::new().set_bold())?;
    let widths = [6.0, 6.0, 45.0, 22.0, 22.0, 40.0, 20.0, 11.0, 18.0, 26.0, 24.0];
    for (col, (heading, width)) in headings(lang).iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width)?;
        sheet.write_with_format(2, col, *heading, &header)?;
    }
    let mut row_index: u32 = 3;
    let mut current_group: Option<&str> = None;
    for row in rows {
        if current_group != Some(row.group) {
            current_group = Some(row.group);
            let heading = format!("{}. {}", row.group, plan.group_title(row.group).unwrap_or_default());
            sheet.merge_range(row_index, 0, row_index, 10, &heading, &group)?;
            row_index += 1;
        }
        let overdue = row.state == TaskState::Overdue;
        let (cell, date_cell) = if overdue { (&late, &late_date) } else { (&text, &date) };
        for (col, value) in cells(row).iter().enumerate() {
            let col = col as u16;
            if col == 7 {
                match row.due {
                    Some(due) => sheet.write_with_format(row_index, col, &due, date_cell)?,
                    None => sheet.write_blank(row_index, col, cell)?,
                };
            } else {
                // Strings are written as text: a cell a user typed is never a formula here.
                sheet.write_string_with_format(row_index, col, value, cell)?;
            }
        }
        row_index += 1;
    }
    let last_row = row_index.saturating_sub(1).max(2);
    sheet.autofilter(2, 0, last_row, 10)?;
    sheet.set_freeze_panes(3, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(2, 2)?;
    Ok(workbook.save_to_buffer()?)
}
