//! The Government Office's figures as table rows: by group and by agency.

use crate::figures::{AgencyFigures, Totals};
use crate::i18n::Lang;
use crate::model::Plan;

/// Columns and rows of the table by group, shared by `plan summary` and the periodic report.
pub fn group_table(all: &Totals, groups: &[(&str, Totals)], lang: Lang) -> ([&'static str; 8], Vec<Vec<String>>) {
    let header = [
        lang.pick("Nhóm", "Group"),
        lang.pick("Tổng\nsố", "Tasks"),
        lang.pick("Đến\nhạn", "Fallen\ndue"),
        lang.pick("HT\nđúng hạn", "Done\non time"),
        lang.pick("HT\nquá hạn", "Done\nlate"),
        lang.pick("Chưa HT,\nquá hạn", "Not done,\noverdue"),
        lang.pick("Chưa\nđến hạn", "Not yet\ndue"),
        lang.pick("Thường\nxuyên", "Ongoing"),
    ];
    let row = |name: String, t: &Totals| {
        vec![
            name,
            t.tasks.to_string(),
            t.fallen_due.to_string(),
            t.done_on_time.to_string(),
            t.done_late.to_string(),
            t.not_done_overdue.to_string(),
            t.not_yet_due.to_string(),
            t.ongoing.to_string(),
        ]
    };
    let mut rows: Vec<Vec<String>> = groups.iter().map(|(g, t)| row(g.to_string(), t)).collect();
    rows.push(row(lang.pick("Cộng", "Total").to_string(), all));
    (header, rows)
}

/// Columns and rows of the table by agency, shared by `plan agencies` and the periodic report.
pub fn agency_table(plan: &Plan, rows: &[AgencyFigures], lang: Lang) -> ([&'static str; 11], Vec<Vec<String>>) {
    // Two-line headings keep eleven columns within 80.
    let header = [
        lang.pick("Cơ quan", "Agency"),
        lang.pick("Chủ\ntrì", "Leads"),
        lang.pick("Phối\nhợp", "Sup-\nports"),
        lang.pick("HT\nđúng\nhạn", "Done\non\ntime"),
        lang.pick("HT\nquá\nhạn", "Done\nlate"),
        lang.pick("Trong\nhạn", "On\ntrack"),
        lang.pick("Sắp\nđến\nhạn", "Due\nsoon"),
        lang.pick("Quá\nhạn", "Over-\ndue"),
        lang.pick("Chờ\nTW", "Wait-\ning"),
        lang.pick("Thường\nxuyên", "On-\ngoing"),
        lang.pick("Tỷ lệ\nHT", "Done\nrate"),
    ];
    let short = |id: &str| plan.registry.resolve(id).map_or(id.to_string(), |r| plan.registry.short(r).to_string());
    let body = rows
        .iter()
        .map(|r| {
            vec![
                short(&r.agency),
                r.led.to_string(),
                r.supported.to_string(),
                r.done_on_time.to_string(),
                r.done_late.to_string(),
                r.on_track.to_string(),
                r.due_soon.to_string(),
                r.overdue.to_string(),
                r.waiting.to_string(),
                r.ongoing.to_string(),
                r.completion_rate.map_or_else(|| "–".to_string(), |p| format!("{p:.0}%")),
            ]
        })
        .collect();
    (header, body)
}
