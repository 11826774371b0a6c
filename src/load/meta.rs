//! plan/plan.toml: the plan's metadata and its task groups.

use std::collections::HashSet;

use crate::deadline::YearMonth;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Problem;
use crate::load::fields::{Fields, TableRef};
use crate::model::{Meta, Office, ReportPeriod, ReportRule, TaskGroup};
use crate::registry::Registry;
use crate::source::SourceFile;

const FIELDS: &[&str] = &["title", "issuer", "number", "issued", "signed_by", "due_soon_days", "reporting", "groups"];
const GROUP_FIELDS: &[&str] = &["id", "title"];
const REPORTING_FIELDS: &[&str] =
    &["via", "follow_up", "reports", "place", "number", "signer", "signer_name", "recipients"];
const REPORT_FIELDS: &[&str] = &["name", "before", "period", "cutoff"];

pub fn read(fields: &mut Fields, registry: &Registry) -> Meta {
    let title = fields.required_string("title", "title = \"Kế hoạch triển khai ...\"").map(|v| v.0);
    let issuer = fields.required_string("issuer", "issuer = \"Ủy ban nhân dân tỉnh ...\"").map(|v| v.0);
    let number = fields.string("number").map(|v| v.0);
    let signed_by = fields.string("signed_by").map(|v| v.0);
    let due_soon_days = fields.unsigned("due_soon_days").map_or(Meta::default().due_soon_days, |v| v.0);
    let issued = match fields.required_string("issued", "issued = \"02/2025\"") {
        Some((text, span)) => YearMonth::parse(&text).or_else(|| {
            fields.report(span, Problem::BadIssued { text });
            None
        }),
        None => None,
    };
    let mut groups = Vec::new();
    let mut seen = HashSet::new();
    for table in fields.tables("groups") {
        let file = fields.file();
        let mut group = Fields::new(file, table, GROUP_FIELDS, fields.diagnostics);
        let id = group.required_string("id", "id = \"I\"");
        let title = group.required_string("title", "title = \"...\"");
        if let (Some((id, span)), Some((title, _))) = (id, title) {
            if seen.insert(id.clone()) {
                groups.push(TaskGroup { id, title });
            } else {
                group.report(span, Problem::DuplicateGroup { id });
            }
        }
    }
    let mut reporting_via = None;
    let mut office = Office::default();
    let mut reports = Vec::new();
    if let Some(table) = fields.table("reporting") {
        let file = fields.file();
        let mut reporting = Fields::new(file, table, REPORTING_FIELDS, fields.diagnostics);
        let via = reporting.string("via");
        reporting.string("follow_up");
        office.place = reporting.string("place").map(|v| v.0);
        office.number = reporting.string("number").map(|v| v.0);
        office.signer = reporting.strings("signer").unwrap_or_default().into_iter().map(|v| v.0).collect();
        office.signer_name = reporting.string("signer_name").map(|v| v.0);
        office.recipients = reporting.strings("recipients").unwrap_or_default().into_iter().map(|v| v.0).collect();
        for report in reporting.tables("reports") {
            let mut report = Fields::new(file, report, REPORT_FIELDS, reporting.diagnostics);
            let name = report.required_string("name", "name = \"Báo cáo 6 tháng\"");
            let before = report.required_string("before", "before = \"30/06\"");
            let before = before.and_then(|(text, span)| day_month(&mut report, "before", text, span));
            let cutoff = report.string("cutoff").and_then(|(text, span)| day_month(&mut report, "cutoff", text, span));
            let period = match report.string("period") {
                None => None,
                Some((text, span)) => match text.as_str() {
                    "half-year" => Some(ReportPeriod::HalfYear),
                    "year" => Some(ReportPeriod::Year),
                    "month" => Some(ReportPeriod::Month),
                    _ => {
                        report.report(span, Problem::UnknownReportPeriod { text });
                        None
                    }
                },
            };
            if let (Some((name, _)), Some(period)) = (name, period) {
                reports.push(ReportRule { name, period, before, cutoff });
            }
        }
        if let Some((via, span)) = via {
            reporting_via = Some(via.clone());
            if registry.resolve(&via).is_none() {
                let suggestion = registry.suggest(&via);
                reporting.report(span, Problem::UnknownAgency { name: via, suggestion });
            }
        }
    }
    Meta {
        title: title.unwrap_or_default(),
        issuer: issuer.unwrap_or_default(),
        number: number.unwrap_or_default(),
        issued: issued.unwrap_or(Meta::default().issued),
        signed_by: signed_by.unwrap_or_default(),
        due_soon_days,
        groups,
        reporting_via,
        office,
        reports,
    }
}

/// "30/06" as (30, 6); a day that no year has is a problem.
fn day_month(fields: &mut Fields, key: &'static str, text: String, span: std::ops::Range<usize>) -> Option<(u32, u32)> {
    // 2024 is a leap year: 29/02 is a day some years have.
    match chrono::NaiveDate::parse_from_str(&format!("{}/2024", text.trim()), "%d/%m/%Y") {
        Ok(date) => Some((chrono::Datelike::day(&date), chrono::Datelike::month(&date))),
        Err(_) => {
            fields.report(span, Problem::BadDayMonth { key, text });
            None
        }
    }
}

/// Reads plan.toml's table; see [`read`].
pub fn read_table(file: &SourceFile, table: TableRef, diagnostics: &mut Vec<Diagnostic>, registry: &Registry) -> Meta {
    let mut fields = Fields::new(file, table, FIELDS, diagnostics);
    read(&mut fields, registry)
}
