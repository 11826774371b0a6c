//! The rules an update record must follow, shared by `plan check` (records already in a
//! file) and `plan update` (a record about to be written).

use crate::deadline::Schedule;
use crate::diagnostic::Problem;
use crate::model::Milestone;
use crate::registry::Registry;
use crate::status::Status;

/// Which part of a record a problem is about, so that it can be pointed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    By,
    Status,
    Progress,
    Note,
    Milestone,
    Occurrence,
}

/// A record's content, as read or as typed.
pub struct Proposed<'a> {
    pub by: usize,
    pub status: Status,
    pub progress: Option<i64>,
    pub note: Option<&'a str>,
    /// 1-based, as written.
    pub milestone: Option<i64>,
    pub occurrence: Option<i64>,
    /// The record's date: an agency that had ended by then no longer records anything.
    pub date: chrono::NaiveDate,
}

/// The agencies a task involves: those that owe it and its partners.
pub struct Involved {
    pub owing: Vec<usize>,
    pub partners: Vec<usize>,
}

impl Involved {
    /// The agencies `owing` and `partners` and whoever takes over their work on task
    /// `task` when they end.
    pub fn with_successors(registry: &Registry, task: &str, owing: Vec<usize>, partners: Vec<usize>) -> Self {
        // Most agencies never end: only those that do are followed (a national plan reads
        // hundreds of thousands of files through here).
        let widen = |agencies: Vec<usize>| {
            if agencies.iter().all(|&a| registry.agencies[a].until.is_none()) {
                return agencies;
            }
            let mut out = agencies.clone();
            for a in agencies.into_iter().filter(|&a| registry.agencies[a].until.is_some()) {
                for s in registry.in_charge_on(a, task, chrono::NaiveDate::MAX) {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
            out
        };
        Involved { owing: widen(owing), partners: widen(partners) }
    }

    pub fn of(
        registry: &Registry,
        owner: &[crate::registry::AgencyRef],
        partners: &[crate::registry::AgencyRef],
    ) -> Self {
        Involved { owing: registry.expand(owner), partners: registry.expand(partners) }
    }
}

/// The problem of a record made in the name of `agency` on `date`, after it ended.
pub fn ended(registry: &Registry, agency: usize, date: chrono::NaiveDate) -> Option<Problem> {
    let a = &registry.agencies[agency];
    let until = a.until.filter(|until| *until <= date)?;
    Some(Problem::AgencyEnded {
        agency: a.name.clone(),
        until: crate::i18n::date(until),
        successors: a.successors.iter().map(|&s| registry.agencies[s].name.clone()).collect(),
    })
}

/// Every rule `record` breaks.
pub fn check(
    registry: &Registry,
    involved: &Involved,
    milestones: &[Milestone],
    record: &Proposed,
) -> Vec<(Field, Problem)> {
    let mut problems = Vec::new();
    let agency = || registry.agencies[record.by].name.clone();
    let owes = involved.owing.contains(&record.by);
    if let Some(problem) = ended(registry, record.by, record.date) {
        problems.push((Field::By, problem));
    } else if !owes && !involved.partners.contains(&record.by) {
        problems.push((Field::By, Problem::NotInvolved { agency: agency() }));
    } else if !owes && record.status == Status::Done {
        problems.push((Field::Status, Problem::PartnerDone { agency: agency() }));
    }
    if let Some(progress) = record.progress {
        if !(0..=100).contains(&progress) {
            problems.push((Field::Progress, Problem::ProgressOutOfRange { value: progress }));
        } else if record.status == Status::Done && progress != 100 {
            problems.push((Field::Progress, Problem::ProgressWithDone { value: progress }));
        }
    }
    if record.status.needs_note() && record.note.is_none_or(|n| n.trim().is_empty()) {
        problems.push((Field::Note, Problem::NoteRequired { status: record.status.key() }));
    }
    let covered: Vec<&Milestone> = match record.milestone {
        Some(number) => {
            match usize::try_from(number).ok().and_then(|n| n.checked_sub(1)).and_then(|i| milestones.get(i)) {
                Some(m) => vec![m],
                None => {
                    problems.push((Field::Milestone, Problem::NoSuchMilestone { number, count: milestones.len() }));
                    return problems;
                }
            }
        }
        None => milestones.iter().collect(),
    };
    let first_year = covered
        .iter()
        .filter_map(|m| match m.schedule {
            Schedule::Yearly { first_year, .. } => Some(first_year),
            _ => None,
        })
        .min();
    match (record.occurrence, first_year) {
        (Some(year), Some(first)) if year < i64::from(first) || year > 9999 => {
            problems.push((Field::Occurrence, Problem::NoSuchOccurrence { year, first: Some(first) }))
        }
        (Some(year), None) => problems.push((Field::Occurrence, Problem::NoSuchOccurrence { year, first: None })),
        (None, Some(_)) if record.status == Status::Done => {
            problems.push((Field::Occurrence, Problem::OccurrenceNeeded))
        }
        _ => {}
    }
    problems
}
