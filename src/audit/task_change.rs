//! What one commit by an agency's clerk did to one task file: it may only append update
//! and proposal records, each valid under the plan's rules and each in the name of the
//! clerk's agency. Amendments record the People's Committee's decisions: only an
//! administrator's commit (which this module never sees) appends one.

use std::path::Path;

use chrono::NaiveDate;

use crate::audit::authority::Authority;
use crate::audit::{Finding, Role};
use crate::git::Person;
use crate::load::{self, task};
use crate::records::{self, Kind, RawRecord};
use crate::registry::{AgencyRef, Registry};
use crate::source::SourceFile;

/// Who made the change and when.
pub struct Maker<'a> {
    pub author: &'a Person,
    pub committer: &'a Person,
    /// The commit's date: a record may not be dated after it.
    pub date: NaiveDate,
}

/// The findings about a task file changed from `before` to `after` by `maker`.
/// `path` is the file's path in the repository, `relative` its path in the plan folder.
pub fn check(
    authority: &Authority,
    maker: &Maker,
    path: &str,
    relative: &Path,
    before: &[u8],
    after: &[u8],
) -> Vec<Finding> {
    let file = path.to_string();
    // Read as the loader reads: without a BOM, in NFC, so spans here are spans there.
    let Ok(after_text) = crate::source::decode(after.to_vec()) else {
        return vec![Finding::Unreadable { file, error: "not UTF-8".into() }];
    };
    let after_text = crate::text::nfc(&after_text).into_owned();
    let before_text = crate::source::decode(before.to_vec()).unwrap_or_default();
    let before_text = crate::text::nfc(&before_text).into_owned();
    let parsed_after = match records::parse(&after_text) {
        Ok(parsed) => parsed,
        Err(error) => return vec![Finding::Unreadable { file, error: error.to_string() }],
    };
    let Ok(parsed_before) = records::parse(&before_text) else {
        // Only an administrator repairs a broken file.
        return vec![Finding::Unreadable { file, error: "the earlier version is broken".into() }];
    };

    let registry = &authority.base.registry;
    let agency_name = |by: &str| match registry.resolve(by) {
        Some(named) => registry.name(named).to_string(),
        None => by.to_string(),
    };
    let mut findings = Vec::new();
    let keys = changed_keys(&parsed_before.rest, &parsed_after.rest);
    if !keys.is_empty() {
        findings.push(Finding::HeadChanged { file: file.clone(), keys });
    }
    for (index, old) in parsed_before.records.iter().enumerate() {
        if parsed_after.records.get(index).is_none_or(|new| new.kind != old.kind || new.table != old.table) {
            let by = match old.kind {
                Kind::Amendment => old.table.get("decision").and_then(|d| d.as_str()).unwrap_or_default().to_string(),
                Kind::Update | Kind::Proposal => agency_name(old.by.as_deref().unwrap_or_default()),
            };
            findings.push(Finding::RecordChanged {
                file: file.clone(),
                number: index + 1,
                kind: old.kind,
                by,
                date: old.date.clone().unwrap_or_default(),
            });
        }
    }
    if findings.is_empty() && !after.starts_with(before) {
        findings.push(Finding::TextChanged { file: file.clone() });
    }
    let added = parsed_after.records.get(parsed_before.records.len()..).unwrap_or_default();
    if added.is_empty() {
        return findings;
    }

    let diagnostics = problems_in(authority, path, relative, &after_text);
    let agencies = (authority.agency_of(maker.author), authority.agency_of(maker.committer));
    for record in added {
        let line = after_text[..record.span.start].matches('\n').count() + 1;
        if record.kind == Kind::Amendment {
            // Not the clerk's to record at all: its other faults would only distract.
            findings.push(Finding::AmendmentNotByAdmin { file: file.clone(), line });
            continue;
        }
        for problem in diagnostics.iter().filter(|p| record.span.contains(&p.offset)) {
            findings.push(Finding::RuleBroken {
                location: problem.location.clone(),
                message: problem.message.clone(),
                message_vi: problem.message_vi.clone(),
            });
        }
        findings.extend(wrong_agency(registry, record, agencies, &file, line));
        if let Some(date) = record.table.get("date").and_then(|d| crate::dates::from_toml(d.as_datetime()?)) {
            if date > maker.date {
                findings.push(Finding::FutureRecord { file: file.clone(), line, date, commit_date: maker.date });
            }
        }
    }
    findings
}

/// A finding when `record` is not in the name of the agency of both the author and the
/// committer (`agencies`, as the registry lists their e-mails).
fn wrong_agency(
    registry: &Registry,
    record: &RawRecord,
    (author_agency, committer_agency): (Option<usize>, Option<usize>),
    file: &str,
    line: usize,
) -> Option<Finding> {
    let by = record.by.clone().unwrap_or_default();
    let named = match registry.resolve(&by) {
        Some(AgencyRef::Agency(i)) => Some(i),
        _ => None,
    };
    let (who, agency) = if named.is_none() || named != author_agency {
        (Role::Author, author_agency)
    } else if named != committer_agency {
        (Role::Committer, committer_agency)
    } else {
        return None;
    };
    Some(Finding::WrongAgency {
        file: file.to_string(),
        line,
        kind: record.kind,
        by: named.map_or(by, |i| registry.agencies[i].name.clone()),
        who,
        agency: agency.map(|i| registry.agencies[i].name.clone()),
    })
}

/// The top-level keys whose values differ, in name order.
fn changed_keys(before: &toml::Table, after: &toml::Table) -> Vec<String> {
    let mut keys: Vec<String> =
        before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A problem `plan check` finds in a version of a task file.
pub struct Problem {
    pub offset: usize,
    pub location: String,
    pub message: String,
    pub message_vi: String,
}

/// What `plan check` finds in `bytes` as the task file `path`, under `authority`: the same
/// loader and rules. A file that is not UTF-8 is one problem.
pub fn problems(authority: &Authority, path: &str, relative: &Path, bytes: &[u8]) -> Vec<Problem> {
    match crate::source::decode(bytes.to_vec()) {
        Ok(text) => problems_in(authority, path, relative, &crate::text::nfc(&text)),
        Err(_) => vec![Problem {
            offset: 0,
            location: path.to_string(),
            message: "not UTF-8".into(),
            message_vi: "không phải văn bản UTF-8".into(),
        }],
    }
}

/// As [`problems`], for text already in NFC (so offsets are offsets into it).
fn problems_in(authority: &Authority, path: &str, relative: &Path, text: &str) -> Vec<Problem> {
    let ctx = authority.task_context();
    let source = SourceFile::new(path.to_string(), text);
    let mut diagnostics = Vec::new();
    if relative == Path::new(load::proposals::FILE) {
        // The new tasks agencies propose: records of their own, read as the loader reads them.
        load::document::parse_source(&source, &mut diagnostics, |file, table, d| {
            load::proposals::read(&ctx, file, table, d)
        });
    } else {
        load::document::parse_source(&source, &mut diagnostics, |file, table, d| {
            task::read(&ctx, relative, file, table, d)
        });
    }
    diagnostics
        .iter()
        .map(|d| Problem {
            offset: d.offset(),
            location: d.file.location(d.offset()),
            message: d.problem.text(crate::i18n::Lang::En).0,
            message_vi: d.problem.text(crate::i18n::Lang::Vi).0,
        })
        .collect()
}
