//! Rendering: tables for people, CSV and JSON for machines.

pub mod chart;
pub mod csv;
pub mod document;
pub mod docx;
pub mod export;
pub mod figures;
pub mod letterhead;
pub mod markdown;
pub mod reminder;
pub mod report;

use std::io::IsTerminal;

use comfy_table::{presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, TableComponent, Width};
use rayon::prelude::*;
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
    let mut table = styled_table(width);
    table.set_header(header.iter().map(Cell::new));
    for row in rows {
        table.add_row(row);
    }
    for &(column, min) in widths {
        if let Some(c) = table.column_mut(column) {
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(min)));
        }
    }
    align_right(&mut table, right);
    table.to_string()
}

/// Rows per slice when a long table is drawn in parallel.
const SLICE_ROWS: usize = 256;

/// A table that may run to tens of thousands of rows, laid out before it is drawn: each
/// column but `flexible` is as wide as its widest cell (header included) or as `widths`
/// fixes it, and `flexible` takes what they leave, up to its widest cell, wrapping its
/// cells. Slices of rows are then drawn in parallel. When the other columns leave
/// `flexible` no room, the table is laid out as [`table_with_widths`] does.
pub fn long_table(
    header: &[&str],
    rows: Vec<Vec<String>>,
    width: u16,
    right: &[usize],
    widths: &[(usize, u16)],
    flexible: usize,
) -> String {
    let cell_width = |cell: &str| cell.lines().map(crate::text::width).max().unwrap_or(0);
    let mut widest_cells: Vec<usize> = header.iter().map(|cell| cell_width(cell)).collect();
    let in_rows = rows
        .par_iter()
        .map(|row| row.iter().map(|cell| cell_width(cell)).collect::<Vec<_>>())
        .reduce(Vec::new, |a, b| if a.is_empty() { b } else { a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect() });
    for (column, cell) in in_rows.into_iter().enumerate() {
        if let Some(widest) = widest_cells.get_mut(column) {
            *widest = (*widest).max(cell);
        }
    }
    // Padding: one column either side of each cell.
    let mut layout: Vec<usize> = widest_cells.iter().map(|w| w + 2).collect();
    for &(column, fixed) in widths {
        if let Some(w) = layout.get_mut(column) {
            *w = usize::from(fixed);
        }
    }
    // The house style draws a one-column rule between columns.
    let rules = layout.len().saturating_sub(1);
    let others: usize =
        layout.iter().enumerate().filter(|(c, _)| *c != flexible).map(|(_, w)| w).sum::<usize>() + rules;
    let room = usize::from(width).saturating_sub(others);
    // The narrowest a wrapped column can usefully be: a few syllables a line.
    if flexible >= layout.len() || room < 12 {
        return table_with_widths(header, rows, width, right, widths);
    }
    layout[flexible] = layout[flexible].min(room);
    let layout: Vec<u16> = layout.into_iter().map(|w| u16::try_from(w).unwrap_or(u16::MAX)).collect();

    let mut slices = Vec::with_capacity(rows.len() / SLICE_ROWS + 1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() || slices.is_empty() {
        slices.push(rows.by_ref().take(SLICE_ROWS).collect::<Vec<_>>());
    }
    let last = slices.len() - 1;
    let drawn: Vec<String> = slices
        .into_par_iter()
        .enumerate()
        .map(|(index, slice)| {
            let mut table = styled_table(width);
            if index == 0 {
                table.set_header(header.iter().map(Cell::new));
            } else {
                for component in [TableComponent::TopBorder, TableComponent::TopBorderIntersections] {
                    table.remove_style(component);
                }
            }
            if index != last {
                for component in [TableComponent::BottomBorder, TableComponent::BottomBorderIntersections] {
                    table.remove_style(component);
                }
            }
            for row in slice {
                table.add_row(row);
            }
            for (column, &w) in layout.iter().enumerate() {
                if let Some(c) = table.column_mut(column) {
                    c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
                }
            }
            align_right(&mut table, right);
            table.to_string()
        })
        .collect();
    drawn.join("\n")
}

/// The house style: horizontal rules only, cells wrapped to fit `width`.
fn styled_table(width: u16) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .remove_style(TableComponent::HorizontalLines)
        .remove_style(TableComponent::MiddleIntersections)
        .remove_style(TableComponent::LeftBorderIntersections)
        .remove_style(TableComponent::RightBorderIntersections)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    table
}

fn align_right(table: &mut Table, columns: &[usize]) {
    for &column in columns {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
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

    /// Rows like `plan overdue`'s: short id, a title that wraps, names, a date, a count.
    fn rows(count: usize) -> Vec<Vec<String>> {
        let words = ["Xây dựng", "kế hoạch", "triển khai", "Đề án", "chuyển đổi số", "năm 2025", "đổi mới sáng tạo"];
        (0..count)
            .map(|i| {
                let title: Vec<&str> = (0..(i % 13) + 1).map(|w| words[(i + w) % words.len()]).collect();
                vec![
                    format!("{}", i + 1),
                    title.join(" "),
                    ["Sở Nội vụ", "Sở Tài chính, Sở KH&CN", "Các ngành, các cấp (20)"][i % 3].to_string(),
                    format!("{:02}/06/2025", i % 28 + 1),
                    format!("{} ngày", i % 400),
                ]
            })
            .collect()
    }

    #[test]
    fn a_long_table_is_laid_out_as_one_table_would_be() {
        let header = ["TT", "Nhiệm vụ", "Cơ quan chưa hoàn thành", "Hạn", "Quá hạn"];
        for (count, width) in [(1, 80), (3, 120), (SLICE_ROWS + 1, 80), (3 * SLICE_ROWS + 17, 100), (700, 60)] {
            let one = table_with_widths(&header, rows(count), width, &[4], &[(2, 25)]);
            let sliced = long_table(&header, rows(count), width, &[4], &[(2, 25)], 1);
            assert_eq!(sliced, one, "{count} rows at {width} columns");
        }
    }

    #[test]
    fn a_long_table_too_narrow_for_its_layout_falls_back() {
        let header = ["TT", "Nhiệm vụ", "Cơ quan chưa hoàn thành", "Hạn", "Quá hạn"];
        let one = table_with_widths(&header, rows(40), 40, &[4], &[(2, 25)]);
        assert_eq!(long_table(&header, rows(40), 40, &[4], &[(2, 25)], 1), one);
    }
}
