//! Rendering: tables for people, CSV and JSON for machines.

pub mod csv;
pub mod export;
pub mod report;

use std::io::IsTerminal;

use comfy_table::{presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, TableComponent, Width};
use serde::Serialize;

use crate::model::{Plan, Task};
use crate::registry::AgencyRef;

/// The width tables fit: the terminal's, or 80 columns when not on a terminal.
pub fn table_width() -> u16 {
    if std::io::stdout().is_terminal() {
        Table::new().width().unwrap_or(80)
    } else {
        80
    }
}

/// A table with a header row, fitted to `width` columns; cells wrap, columns listed in
/// `right` are right-aligned.
pub fn table(header: &[&str], rows: Vec<Vec<String>>, width: u16, right: &[usize]) -> String {
    table_with_widths(header, rows, width, right, &[])
}

/// As [`table`], with each `(column, columns)` in `widths` exactly that wide (padding included).
pub fn table_with_widths(
    header: &[&str],
    rows: Vec<Vec<String>>,
    width: u16,
    right: &[usize],
    widths: &[(usize, u16)],
) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .remove_style(TableComponent::HorizontalLines)
        .remove_style(TableComponent::MiddleIntersections)
        .remove_style(TableComponent::LeftBorderIntersections)
        .remove_style(TableComponent::RightBorderIntersections)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header.iter().map(Cell::new));
    for row in rows {
        table.add_row(row);
    }
    for &(column, min) in widths {
        if let Some(c) = table.column_mut(column) {
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(min)));
        }
    }
    for &column in right {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
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

/// Names the agencies in `agencies` for a narrow table: a collective owner whose members
/// all still owe is shown as the collective, with its count.
pub fn agencies_cell(plan: &Plan, task: &Task, agencies: &[usize]) -> String {
    let registry = &plan.registry;
    let owing: std::collections::HashSet<usize> = agencies.iter().copied().collect();
    let mut parts = Vec::new();
    let mut covered = std::collections::HashSet::new();
    for r in &task.owner {
        if let AgencyRef::Collective(c) = r {
            let members = &registry.collectives[*c].members;
            if members.len() > 1 && members.iter().all(|m| owing.contains(m)) {
                parts.push(format!("{} ({})", registry.collectives[*c].short, members.len()));
                covered.extend(members.iter().copied());
            }
        }
    }
    for a in agencies {
        if covered.insert(*a) {
            parts.push(registry.agencies[*a].short.clone());
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
                (Some((key, _)), after) => {
                    let after = after
                        .map(|a| if vi { format!("{a} sau khi ") } else { format!("{a} after ") })
                        .unwrap_or_default();
                    if vi {
                        format!("chờ Trung ương: {after}sự kiện \"{key}\" (chưa có ngày)")
                    } else {
                        format!("waiting on central government: {after}event \"{key}\" (no date yet)")
                    }
                }
                (None, _) => lang.pick("chờ Trung ương", "waiting on central government").into(),
            }
        }
    }
}
