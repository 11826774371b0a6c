//! The plan written as its official table, in the layout of the document it was issued
//! in: a Word file (Decree 30 header block, "KẾ HOẠCH" and its subject, then the table TT |
//! Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Yêu cầu về kết quả | Thời gian hoàn thành
//! with a row per group, lead-ins over their sub-items, and the signature), A4 landscape,
//! Times New Roman. `plan export --format docx` writes it; `plan import` reads it back.

use super::document::{Align, Block, Column, Document, Row, Table};
use crate::model::Plan;
use crate::render::refs_text;

const COMMITTEE: &str = "Ủy ban nhân dân";

/// The plan's table as a document.
pub fn document(plan: &Plan) -> Document {
    let meta = &plan.meta;
    let issuer = meta.issuer.to_uppercase();
    let committee = COMMITTEE.to_uppercase();
    let issuing_body = match issuer.strip_prefix(&committee) {
        Some(rest) if !rest.trim().is_empty() => format!("{committee}\n{}", rest.trim()),
        _ => issuer.clone(),
    };
    let place = meta.office.place.clone().unwrap_or_else(|| "…".to_string());
    let (name, position) = meta.signed_by.split_once(", ").unwrap_or((meta.signed_by.as_str(), ""));
    let position = match position.find(COMMITTEE) {
        Some(at) if at > 0 => position[..at].trim(),
        _ => position.trim(),
    };
    let mut signer_authority = Vec::new();
    if meta.issuer.starts_with(COMMITTEE) {
        signer_authority.push(format!("TM. {committee}"));
    }
    if !position.is_empty() {
        signer_authority.push(position.to_uppercase());
    }
    let subject = meta.title.strip_prefix("Kế hoạch ").map_or_else(|| meta.title.clone(), upper_first);
    Document {
        parent_body: None,
        issuing_body,
        number: format!("Số: {}", meta.number),
        excerpt: None,
        place_date: format!("{place}, ngày      tháng {:02} năm {}", meta.issued.month, meta.issued.year),
        kind: Some("KẾ HOẠCH".into()),
        subject: Some(subject),
        subject_note: None,
        addressees: Vec::new(),
        blocks: vec![Block::Section("NỘI DUNG NHIỆM VỤ".into()), Block::Table(table(plan))],
        recipients: Vec::new(),
        signer_authority,
        signer_name: name.to_string(),
        landscape: true,
        attached: false,
    }
}

/// The .docx bytes of the plan's table.
pub fn docx(plan: &Plan) -> anyhow::Result<Vec<u8>> {
    super::docx::write(&document(plan))
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The table: a bold row per group (its numeral and title), a row per task; the parts of
/// a task the plan splits (45a–45c) under one row with their number and lead-in, each
/// lettered "a)", "b)", ….
pub fn table(plan: &Plan) -> Table {
    let columns = vec![
        Column::new("TT", 1.0, Align::Center),
        Column::new("Nhiệm vụ", 6.5, Align::Left),
        Column::new("Cơ quan chủ trì", 2.6, Align::Left),
        Column::new("Cơ quan phối hợp", 2.6, Align::Left),
        Column::new("Yêu cầu về kết quả", 4.2, Align::Left),
        Column::new("Thời gian hoàn thành", 2.4, Align::Left),
    ];
    let mut rows = Vec::new();
    for group in &plan.meta.groups {
        // Bold like the plan's own group rows, which name the group in the first two cells.
        rows.push(Row::total(vec![
            group.id.clone(),
            group.title.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]));
        let mut lead_in: Option<String> = None;
        for task in plan.tasks.iter().filter(|t| t.group == group.id) {
            let number = task.id.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let letter = &task.id[number.len()..];
            let tt = match (&task.heading, letter.is_empty()) {
                (Some(heading), false) => {
                    if lead_in.as_deref() != Some(number) {
                        rows.push(Row::new(vec![
                            number.to_string(),
                            heading.clone(),
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                        ]));
                        lead_in = Some(number.to_string());
                    }
                    format!("{letter})")
                }
                _ => {
                    lead_in = None;
                    task.id.clone()
                }
            };
            rows.push(Row::new(vec![
                tt,
                task.title.clone(),
                refs_text(plan, &task.owner, task.owner_text.as_deref()),
                refs_text(plan, &task.partners, task.partners_text.as_deref()),
                task.result.clone(),
                task.deadline.clone(),
            ]));
        }
    }
    Table { columns, rows, font_pt: None }
}
