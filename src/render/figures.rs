//! The Government Office's figures as table rows: by group and by agency.

use crate::figures::{AgencyFigures, Totals};
use crate::i18n::Lang;
use crate::model::Plan;

/// Columns and rows of the table by group, shared by `plan summary` and the periodic
/// report. The columns after "Tổng số" partition it: each row's counts add up to its total.
pub fn group_table(all: &Totals, groups: &[(&str, Totals)], lang: Lang) -> ([&'static str; 11], Vec<Vec<String>>) {
    let header = [
        lang.pick("Nhóm", "Group"),
        lang.pick("Tổng\nsố", "Total"),
        lang.pick("HT\nđúng\nhạn", "Done\non\ntime"),
        lang.pick("HT\nquá\nhạn", "Done\nlate"),
        lang.pick("Quá\nhạn", "Over-\ndue"),
        lang.pick("Đến\nhạn\nhôm\nnay", "Due\ntoday"),
        lang.pick("Chưa\nđến\nhạn", "Not\nyet\ndue"),
        lang.pick("Thường\nxuyên", "On-\ngoing"),
        lang.pick("Chờ\nTW", "Wait-\ning"),
        lang.pick("Chưa\ncó\nhạn", "No\ndead-\nline"),
        lang.pick("Dừng", "Drop-\nped"),
    ];
    let row = |name: String, t: &Totals| {
        let mut cells = vec![name, t.tasks.to_string()];
        cells.extend(t.parts().iter().map(usize::to_string));
        cells
    };
    let mut rows: Vec<Vec<String>> = groups.iter().map(|(g, t)| row(g.to_string(), t)).collect();
    rows.push(row(lang.pick("Cộng", "Total").to_string(), all));
    (header, rows)
}

/// The line under the table by group that says what it counts, when some task has
/// sub-items: "Số liệu tính theo nội dung: 50 nhiệm vụ (52 nội dung); nhiệm vụ 45 gồm 3
/// nội dung (45a, 45b, 45c)."
pub fn counting_note(plan: &Plan, all: &Totals, lang: Lang) -> Option<String> {
    let split = crate::figures::sub_items(plan);
    if split.is_empty() {
        return None;
    }
    let parts: Vec<String> = split
        .iter()
        .map(|(number, items)| match lang {
            Lang::Vi => format!("nhiệm vụ {number} gồm {} nội dung ({})", items.len(), items.join(", ")),
            Lang::En => format!("task {number} has {} items ({})", items.len(), items.join(", ")),
        })
        .collect();
    Some(match lang {
        Lang::Vi => format!("Số liệu tính theo nội dung: {}; {}.", all.count_phrase(lang), parts.join("; ")),
        Lang::En => format!("Counted by item: {}; {}.", all.count_phrase(lang), parts.join("; ")),
    })
}

/// Columns and rows of the table by agency, shared by `plan agencies` and the periodic report.
/// Milestones without a date (ongoing work, waiting on the central government) are left
/// to the machine formats: the table is about what falls due, and fits 80 columns.
pub fn agency_table(plan: &Plan, rows: &[AgencyFigures], lang: Lang) -> ([&'static str; 10], Vec<Vec<String>>) {
    let header = [
        lang.pick("Cơ quan", "Agency"),
        lang.pick("Chủ\ntrì", "Leads"),
        lang.pick("Qua\nnhóm", "Via\ngroup"),
        lang.pick("Phối\nhợp", "Sup-\nports"),
        lang.pick("HT\nđúng\nhạn", "Done\non\ntime"),
        lang.pick("HT\nquá\nhạn", "Done\nlate"),
        lang.pick("Quá\nhạn", "Over-\ndue"),
        lang.pick("Đến\nhạn\nhôm\nnay", "Due\ntoday"),
        lang.pick("Chưa\nđến\nhạn", "Not\nyet\ndue"),
        lang.pick("HT/\nđến\nhạn", "Done/\nfallen\ndue"),
    ];
    let short = |id: &str| plan.registry.resolve(id).map_or(id.to_string(), |r| plan.registry.short(r).to_string());
    let body = rows
        .iter()
        .map(|r| {
            vec![
                short(&r.agency),
                r.led_directly.to_string(),
                r.led_as_member.to_string(),
                r.supported.to_string(),
                r.done_on_time.to_string(),
                r.done_late.to_string(),
                r.overdue.to_string(),
                r.due_today.to_string(),
                (r.on_track + r.due_soon).to_string(),
                rate(r),
            ]
        })
        .collect();
    (header, body)
}

/// "3/17" over "(18%)", or "–" when nothing has fallen due.
pub fn rate(r: &AgencyFigures) -> String {
    match r.completion_rate {
        Some(p) => format!("{}/{}\n({p:.0}%)", r.done, r.fallen_due),
        None => "–".to_string(),
    }
}

/// Where the counts the terminal table leaves out are.
pub fn agency_legend_more(lang: Lang) -> &'static str {
    lang.pick(
        "Nhiệm vụ thường xuyên và chờ Trung ương có trong --format csv|json.",
        "Ongoing tasks and those waiting on central government are in --format csv|json.",
    )
}

/// What the table by agency counts, said under it.
pub fn agency_legend(lang: Lang) -> &'static str {
    lang.pick(
        "Chủ trì: số nhiệm vụ cơ quan được giao chủ trì đích danh; Qua nhóm: số nhiệm vụ giao cho một nhóm cơ quan (như \"Các sở, ngành\") mà cơ quan là thành viên; Phối hợp: số nhiệm vụ phối hợp. Các cột còn lại đếm mốc có thời hạn phải hoàn thành của các nhiệm vụ chủ trì (mỗi năm một mốc với nhiệm vụ hằng năm); HT/đến hạn: số mốc đã hoàn thành trên số mốc đã đến hạn.",
        "Leads: tasks whose lead names the agency; Via group: tasks led by a group of agencies (such as \"Các sở, ngành\") the agency belongs to; Supports: tasks it supports. The other columns count the dated milestones it owes on the tasks it leads (one a year for a yearly task); Done/fallen due: milestones done over milestones fallen due.",
    )
}
