//! The periodic report as Markdown, for the provincial People's Committee.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::eval::State;
use crate::figures::{self, TaskState, TaskView};
use crate::i18n::{date, Lang};
use crate::model::Plan;
use crate::period::Period;
use crate::status::Status;

/// A Markdown table cell: one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace("\r\n", " ").replace('\n', " ")
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>], right_from: usize) {
    let _ = writeln!(out, "| {} |", header.iter().map(|h| cell(&h.replace('\n', " "))).collect::<Vec<_>>().join(" | "));
    let rule: Vec<&str> = (0..header.len()).map(|i| if i >= right_from { "---:" } else { "---" }).collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    }
    out.push('\n');
}

/// The report of `period`, from the plan's task views as of the period's cut-off.
pub fn markdown(
    plan: &Plan,
    views: &[TaskView],
    period: &Period,
    lang: Lang,
    csv_name: &str,
    xlsx_name: &str,
) -> String {
    let as_of = period.cutoff;
    let registry = &plan.registry;
    let (all, groups) = figures::totals(plan, views);
    let agencies = figures::agencies(plan, views, as_of);
    let vi = lang == Lang::Vi;
    let mut out = String::new();

    let _ = writeln!(
        out,
        "# {} {}\n",
        lang.pick("Báo cáo tình hình thực hiện Kế hoạch", "Report on the implementation of the plan"),
        period.title(lang)
    );
    let _ = writeln!(out, "{}\n", plan.meta.title);
    let via =
        plan.meta.reporting_via.as_deref().and_then(|v| registry.resolve(v)).map(|r| registry.name(r)).unwrap_or("");
    let _ = writeln!(
        out,
        "- {}: {} – {}\n- {}: {}\n- {}: {}\n",
        lang.pick("Kỳ báo cáo", "Period"),
        date(period.start),
        date(period.cutoff),
        lang.pick("Số liệu tính đến ngày", "Figures as of"),
        date(as_of),
        lang.pick("Cơ quan tổng hợp", "Compiled by"),
        if via.is_empty() { plan.meta.issuer.as_str() } else { via }
    );

    let _ = writeln!(out, "## 1. {}\n\n{}\n", lang.pick("Tổng quan", "Overview"), all.sentence(lang));

    let _ = writeln!(out, "## 2. {}\n", lang.pick("Kết quả theo nhóm nhiệm vụ", "By group of tasks"));
    let (header, mut rows) = crate::render::figures::group_table(&all, &groups, lang);
    for row in rows.iter_mut().take(groups.len()) {
        let title = plan.group_title(&row[0]).unwrap_or_default();
        row[0] = format!("{}. {}", row[0], crate::text::truncate(title, 60));
    }
    table(&mut out, &header, &rows, 1);

    let _ = writeln!(out, "## 3. {}\n", lang.pick("Kết quả theo cơ quan", "By agency"));
    let (header, rows) = crate::render::figures::agency_table(plan, &agencies, lang);
    table(&mut out, &header, &rows, 1);

    let _ = writeln!(out, "## 4. {}\n", lang.pick("Nhiệm vụ quá hạn", "Overdue tasks"));
    let late: Vec<_> =
        views.iter().flat_map(|v| v.obligations.iter().filter(|o| o.state == State::Overdue).copied()).collect();
    let grouped = crate::eval::group_by_milestone(&late);
    if grouped.is_empty() {
        let _ = writeln!(out, "{}\n", lang.pick("Không có nhiệm vụ quá hạn.", "Nothing is overdue."));
    } else {
        let header = [
            lang.pick("TT", "No."),
            lang.pick("Nhiệm vụ", "Task"),
            lang.pick("Cơ quan chưa hoàn thành", "Agencies owing"),
            lang.pick("Hạn", "Due"),
            lang.pick("Số ngày quá hạn", "Days late"),
        ];
        let rows: Vec<Vec<String>> = grouped
            .iter()
            .map(|(o, owing)| {
                let mut title = o.task.title.clone();
                if let Some(year) = o.occurrence {
                    title.push_str(&format!(" ({year})"));
                }
                vec![
                    o.task.id.clone(),
                    title,
                    crate::render::agencies_cell(plan, o.task, owing),
                    o.due.map(date).unwrap_or_default(),
                    o.days_overdue(as_of).unwrap_or(0).to_string(),
                ]
            })
            .collect();
        table(&mut out, &header, &rows, 4);
    }

    let _ = writeln!(out, "## 5. {}\n", lang.pick("Chưa báo cáo trong kỳ", "No report within the period"));
    let in_period = |d: chrono::NaiveDate| d >= period.start && d <= period.cutoff;
    // Tasks still open at the cut-off with no update in the period, and the agencies that
    // owe something open and sent nothing in the period.
    let open: Vec<_> = views.iter().filter(|v| !v.state.is_done() && v.state != TaskState::Dropped).collect();
    let silent_tasks: Vec<&str> =
        open.iter().filter(|v| !v.task.updates.iter().any(|u| in_period(u.date))).map(|v| v.task.id.as_str()).collect();
    let reporting: HashSet<usize> =
        plan.tasks.iter().flat_map(|t| t.updates.iter().filter(|u| in_period(u.date)).map(|u| u.by)).collect();
    let mut owing: Vec<usize> = Vec::new();
    let mut seen = HashSet::new();
    for v in &open {
        for o in &v.obligations {
            if !o.state.is_done() && o.state != State::Dropped && seen.insert(o.agency) {
                owing.push(o.agency);
            }
        }
    }
    let mut silent_agencies: Vec<&str> =
        owing.iter().filter(|a| !reporting.contains(a)).map(|&a| registry.agencies[a].name.as_str()).collect();
    silent_agencies.sort();
    let _ = writeln!(
        out,
        "- {} ({}): {}",
        lang.pick("Cơ quan chưa gửi cập nhật nào", "Agencies that sent no update"),
        silent_agencies.len(),
        if silent_agencies.is_empty() { "–".to_string() } else { silent_agencies.join("; ") }
    );
    let _ = writeln!(
        out,
        "- {} ({}): {}\n",
        lang.pick("Nhiệm vụ chưa có cập nhật", "Tasks with no update"),
        silent_tasks.len(),
        if silent_tasks.is_empty() { "–".to_string() } else { silent_tasks.join(", ") }
    );

    let _ = writeln!(out, "## 6. {}\n", lang.pick("Nhiệm vụ có vướng mắc", "Blocked tasks"));
    let mut blocked: Vec<Vec<String>> = Vec::new();
    let mut listed = HashSet::new();
    for v in views {
        for o in &v.obligations {
            if let Some(u) = o.latest.filter(|u| u.status == Status::Blocked) {
                if listed.insert((v.task.id.as_str(), u.by, u.date)) {
                    blocked.push(vec![
                        v.task.id.clone(),
                        v.task.title.clone(),
                        registry.agencies[u.by].name.clone(),
                        date(u.date),
                        u.note.as_deref().unwrap_or_default().to_string(),
                    ]);
                }
            }
        }
    }
    if blocked.is_empty() {
        let _ = writeln!(out, "{}\n", lang.pick("Không có nhiệm vụ báo cáo vướng mắc.", "No task reported blocked."));
    } else {
        let header = [
            lang.pick("TT", "No."),
            lang.pick("Nhiệm vụ", "Task"),
            lang.pick("Cơ quan", "Agency"),
            lang.pick("Ngày báo cáo", "Reported"),
            lang.pick("Nội dung vướng mắc", "What blocks it"),
        ];
        table(&mut out, &header, &blocked, 5);
    }

    let _ = writeln!(
        out,
        "---\n\n{} `{xlsx_name}`, `{csv_name}`.",
        if vi {
            "Phụ lục kèm theo (bảng nhiệm vụ tính đến ngày cuối kỳ):"
        } else {
            "Appendix (the task table as of the cut-off date):"
        }
    );
    out
}
