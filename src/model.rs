//! The plan as typed data: what the loader builds and every command reads.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::deadline::{Schedule, YearMonth};
use crate::registry::{AgencyRef, Registry};

#[derive(Debug)]
pub struct Plan {
    /// The plan folder on disk.
    pub root: PathBuf,
    pub meta: Meta,
    pub registry: Registry,
    pub events: BTreeMap<String, Event>,
    /// Tasks in the plan's order (natural order of ids), each in the box it was read
    /// into: moving them into one list copied a national plan's tasks once more (49 MB of
    /// 100,000 tasks touched afresh).
    pub tasks: Vec<Box<Task>>,
    /// New tasks agencies have proposed (plan/proposals.toml), in file order.
    pub new_task_proposals: Vec<NewTaskProposal>,
}

/// A new task an agency proposes (`plan propose --new-task`), in plan/proposals.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTaskProposal {
    /// Index into the registry's agencies; one of the task's proposed leads.
    pub by: usize,
    pub date: NaiveDate,
    pub reason: String,
    /// The number it suggests, if any.
    pub id: Option<String>,
    pub group: String,
    pub title: String,
    pub owner: Vec<AgencyRef>,
    pub partners: Vec<AgencyRef>,
    pub result: String,
    pub deadline: String,
    /// The 1-based line of its `[[proposals]]` header.
    pub line: u32,
}

#[derive(Debug)]
pub struct Meta {
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub issued: YearMonth,
    pub signed_by: String,
    pub due_soon_days: u32,
    pub groups: Vec<TaskGroup>,
    /// The agency reports go through (plan.toml `[reporting] via`), as written.
    pub reporting_via: Option<String>,
    /// How the office that compiles the reports signs and sends them (plan.toml `[reporting]`).
    pub office: Office,
    /// The periodic reports the plan asks for (plan.toml `[[reporting.reports]]`).
    pub reports: Vec<ReportRule>,
}

/// What the administrative layout needs of the office that writes the reports; each part
/// may be left out of plan.toml, and the documents then leave a blank to fill by hand.
#[derive(Debug, Clone, Default)]
pub struct Office {
    /// The place in "<place>, ngày … tháng … năm …": "Ninh Thuận".
    pub place: Option<String>,
    /// The number's tail after "Số: ": "/BC-SKHCN".
    pub number: Option<String>,
    /// The signer's authority, one line each: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"].
    pub signer: Vec<String>,
    pub signer_name: Option<String>,
    /// "Nơi nhận:" lines of the report.
    pub recipients: Vec<String>,
}

/// One kind of periodic report: its name, the day it must be sent before and the day its
/// figures are taken (the data-closing day; the period's end when not set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRule {
    pub name: String,
    pub period: ReportPeriod,
    /// (day, month)
    pub before: Option<(u32, u32)>,
    pub cutoff: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPeriod {
    HalfYear,
    Year,
    Month,
}

impl Default for Meta {
    /// What a plan.toml that could not be read, or leaves a field out, stands for; the
    /// problem itself is reported. January 2025 is the month after Resolution 57.
    fn default() -> Self {
        Meta {
            title: String::new(),
            issuer: String::new(),
            number: String::new(),
            issued: YearMonth { year: 2025, month: 1 },
            signed_by: String::new(),
            due_soon_days: 7,
            groups: Vec::new(),
            reporting_via: None,
            office: Office::default(),
            reports: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TaskGroup {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub description: String,
    /// When the event happened; none while the plan still waits on it.
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    pub group: String,
    /// The lead-in shared by sub-items such as 45a–45c.
    pub heading: Option<String>,
    pub title: String,
    pub owner: Vec<AgencyRef>,
    /// The plan's own wording of the owner cell, where the list above does not reproduce it.
    pub owner_text: Option<String>,
    pub partners: Vec<AgencyRef>,
    pub partners_text: Option<String>,
    /// Loaded only for the commands that show it, as the note and the updates' texts are
    /// (see `load::Options::texts`).
    pub result: String,
    /// Thời gian hoàn thành, verbatim.
    pub deadline: String,
    pub note: Option<String>,
    pub milestones: Vec<Milestone>,
    /// Update records in file order.
    pub updates: Vec<Update>,
    /// Changes agencies asked for (`[[proposals]]`), in file order.
    pub proposals: Vec<Proposal>,
    /// Changes the People's Committee decided (`[[amendments]]`), in file order. The fields
    /// above are the task as issued until [`crate::in_force::apply`] sets them as of a date.
    pub amendments: Vec<Amendment>,
    /// The decision that added the task to the plan after it was issued, if one did.
    pub added: Option<Decision>,
    /// The new-task proposal (1-based, in plan/proposals.toml) that decision answered.
    pub answers: Option<usize>,
    /// The decision that cancelled the task (bãi bỏ), once in force.
    pub cancelled: Option<Decision>,
    /// The file's path inside the plan folder: `tasks/16.toml`.
    pub path: PathBuf,
}

/// A decision of the People's Committee: its reference and the day it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// "Quyết định số 123/QĐ-UBND".
    pub reference: String,
    pub date: NaiveDate,
}

impl Decision {
    /// The reference as tables cite it: "QĐ 123/QĐ-UBND" for "Quyết định số 123/QĐ-UBND".
    pub fn short(&self) -> String {
        let reference = self.reference.trim();
        for long in ["Quyết định số ", "Quyết định ", "quyết định số "] {
            if let Some(rest) = reference.strip_prefix(long) {
                return format!("QĐ {rest}");
            }
        }
        reference.to_string()
    }
}

/// A change of a task decided by the People's Committee (`[[amendments]]`): each field
/// given replaces the task's from the decision's date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub decision: Decision,
    /// The new Thời gian hoàn thành, verbatim, and the milestones read from it.
    pub deadline: Option<(String, Vec<Milestone>)>,
    pub result: Option<String>,
    pub owner: Option<Vec<AgencyRef>>,
    pub partners: Option<Vec<AgencyRef>>,
    /// Bãi bỏ: the task leaves the plan's lists from the decision's date.
    pub cancel: bool,
    /// The proposal (1-based, in the same file) it answers.
    pub proposal: Option<usize>,
    /// The 1-based line of its `[[amendments]]` header.
    pub line: u32,
}

impl Amendment {
    /// What it changes, as the tables say it: "thời hạn, cơ quan chủ trì".
    pub fn changes(&self, lang: crate::i18n::Lang) -> String {
        let mut parts = Vec::new();
        if self.cancel {
            parts.push(lang.pick("bãi bỏ nhiệm vụ", "task cancelled"));
        }
        if self.deadline.is_some() {
            parts.push(lang.pick("thời hạn", "deadline"));
        }
        if self.owner.is_some() {
            parts.push(lang.pick("cơ quan chủ trì", "lead agency"));
        }
        if self.partners.is_some() {
            parts.push(lang.pick("cơ quan phối hợp", "partners"));
        }
        if self.result.is_some() {
            parts.push(lang.pick("yêu cầu về kết quả", "expected result"));
        }
        parts.join(", ")
    }
}

/// A change a lead agency asks for (`[[proposals]]`), for DOST to compile and the People's
/// Committee to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Index into the registry's agencies.
    pub by: usize,
    pub date: NaiveDate,
    pub reason: String,
    pub deadline: Option<String>,
    pub result: Option<String>,
    pub owner: Option<Vec<AgencyRef>>,
    pub partners: Option<Vec<AgencyRef>>,
    pub cancel: bool,
    /// The 1-based line of its `[[proposals]]` header.
    pub line: u32,
}

impl Task {
    /// Whether an amendment in force changed the deadline.
    pub fn deadline_adjusted(&self) -> bool {
        self.milestones.iter().any(|m| m.extended.is_some())
    }

    /// Whether proposal `number` (1-based) has been decided by an amendment in force.
    pub fn proposal_decided(&self, number: usize, as_of: NaiveDate) -> Option<&Amendment> {
        self.amendments.iter().find(|a| a.proposal == Some(number) && a.decision.date <= as_of)
    }
}

impl Task {
    /// The due date of a yearly milestone's occurrence in `year`: of milestone `milestone`
    /// (0-based) when given, else of the task's first yearly milestone.
    pub fn occurrence_due(&self, milestone: Option<usize>, year: i32) -> Option<NaiveDate> {
        self.milestones.iter().enumerate().find_map(|(i, m)| match m.schedule {
            Schedule::Yearly { month, day, .. } if milestone.is_none_or(|n| n == i) => {
                Schedule::yearly_due(month, day, year)
            }
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    /// The words this milestone was read from.
    pub label: String,
    pub schedule: Schedule,
    /// The event a milestone waits on (key in events.toml).
    pub event: Option<String>,
    /// Whether the date came from an explicit `due` rather than the wording.
    pub explicit: bool,
    /// The deadline before an amendment in force changed it (gia hạn).
    pub extended: Option<Box<Extension>>,
}

/// What a milestone's deadline was before a decision changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The due date before, when it had one.
    pub from: Option<NaiveDate>,
    /// The wording before.
    pub from_label: String,
    pub decision: Decision,
}

impl Plan {
    pub fn group_title(&self, id: &str) -> Option<&str> {
        self.meta.groups.iter().find(|g| g.id == id).map(|g| g.title.as_str())
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.task_index(id).map(|i| &*self.tasks[i])
    }

    /// The place in [`Plan::tasks`] of the task `id`: written exactly, or in another case
    /// ("45A") when that names one task only.
    pub fn task_index(&self, id: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.id == id).or_else(|| {
            let mut alike = self.tasks.iter().enumerate().filter(|(_, t)| t.id.eq_ignore_ascii_case(id));
            match (alike.next(), alike.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        })
    }

    /// The parts of a task the plan numbers with letters ("45" → 45a, 45b, 45c), in plan
    /// order; none when `id` is not such a number.
    pub fn parts(&self, id: &str) -> Vec<usize> {
        (0..self.tasks.len()).filter(|&i| is_part_of(&self.tasks[i].id, id)).collect()
    }
}

/// Whether the task id `part` is a lettered part of the number `whole`, without regard to
/// case: "45a" and "45B" of "45", not "450" nor "45a1".
pub fn is_part_of(part: &str, whole: &str) -> bool {
    whole.ends_with(|c: char| c.is_ascii_digit())
        && part.len() > whole.len()
        && part.is_char_boundary(whole.len())
        && part[..whole.len()].eq_ignore_ascii_case(whole)
        && part[whole.len()..].chars().all(|c| c.is_ascii_alphabetic())
}

/// One update record of a task file (`[[updates]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Index into the registry's agencies.
    pub by: usize,
    pub date: NaiveDate,
    pub status: crate::status::Status,
    pub progress: Option<u8>,
    /// Loaded only for the commands that show them (see `load::Options::texts`).
    pub note: Option<Box<str>>,
    pub evidence: Option<Box<str>>,
    /// Index of the milestone it is about; none means the whole task.
    pub milestone: Option<usize>,
    /// The year of the yearly occurrence it is about.
    pub occurrence: Option<i32>,
    /// The 1-based line of its `[[updates]]` header in the task file.
    pub line: u32,
}

impl Update {
    /// Whether this update speaks about milestone `milestone`, occurrence `occurrence`.
    pub fn covers(&self, milestone: usize, occurrence: Option<i32>) -> bool {
        self.milestone.is_none_or(|m| m == milestone)
            && match (occurrence, self.occurrence) {
                (Some(year), Some(theirs)) => year == theirs,
                // A record for one year speaks of that year's occurrence only, and a record
                // without a year does not complete any year of a yearly milestone.
                (Some(_), None) | (None, Some(_)) => false,
                (None, None) => true,
            }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lettered_parts_belong_to_their_number() {
        use super::is_part_of;
        assert!(is_part_of("45a", "45") && is_part_of("45C", "45") && is_part_of("45b", "45"));
        assert!(!is_part_of("450", "45") && !is_part_of("45", "45") && !is_part_of("45a1", "45"));
        assert!(!is_part_of("4", "45") && !is_part_of("46a", "45") && !is_part_of("xa", "x"));
        assert!(!is_part_of("Ởa", "4"));
    }
}
