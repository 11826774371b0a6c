//! A task file's changes: what agencies propose (`[[proposals]]`), what the People's
//! Committee decided (`[[amendments]]`), and the decision that added a task after the plan
//! was issued (`decision`, `decided`).

use crate::deadline::Schedule;
use crate::diagnostic::Problem;
use crate::load::fields::{Fields, Located};
use crate::load::task::{self, Context};
use crate::model::{Amendment, Decision, Milestone, Proposal};
use crate::registry::AgencyRef;

pub const PROPOSAL_FIELDS: &[&str] = &["by", "date", "reason", "deadline", "result", "owner", "partners", "cancel"];
pub const AMENDMENT_FIELDS: &[&str] =
    &["decision", "decided", "deadline", "due", "event", "result", "owner", "partners", "cancel", "proposal"];

/// The decision that added the task, when the file names one (`decision` and `decided`).
pub fn added(ctx: &Context, f: &mut Fields) -> Option<Decision> {
    if !f.has("decision") && !f.has("decided") {
        return None;
    }
    decision(ctx, f)
}

/// `proposal = N` of a task added by decision: the new-task proposal it answers.
pub fn answers(f: &mut Fields, added: bool) -> Option<usize> {
    let (number, span) = f.integer("proposal")?;
    match usize::try_from(number).ok().filter(|n| *n >= 1 && added) {
        Some(n) => Some(n),
        None => {
            f.report(span, Problem::NoSuchProposal { number, count: 0 });
            None
        }
    }
}

fn decision(ctx: &Context, f: &mut Fields) -> Option<Decision> {
    let reference = f.required_string("decision", "decision = \"Quyết định số 123/QĐ-UBND\"");
    let date = f.date("decided");
    if !f.has("decided") {
        f.missing("decided", "decided = 2025-03-20");
    }
    if let Some((date, span)) = &date {
        if let Some(Problem::UpdateBeforeIssued { date, issued }) = task::before_issued(*date, ctx.issued) {
            f.report(span.clone(), Problem::DecidedBeforeIssued { date, issued });
        }
    }
    Some(Decision { reference: reference?.0, date: date?.0 })
}

/// The `[[proposals]]` records. `leads` are the agencies that lead the task at some time.
pub fn proposals(ctx: &Context, f: &mut Fields, task_id: &str, leads: &[usize]) -> Vec<Proposal> {
    let file = f.file();
    let mut out = Vec::new();
    let mut lines = crate::source::LineCounter::new(&file.text);
    for table in f.tables("proposals") {
        let header = table.1.clone();
        let mut p = Fields::new(file, table, PROPOSAL_FIELDS, f.diagnostics);
        let by = agency(ctx, &mut p, "by");
        let date = p.date("date");
        if !p.has("date") {
            p.missing("date", "date = 2025-03-10");
        }
        let reason = p.required_string("reason", "reason = \"Chờ hướng dẫn của Trung ương\"");
        let deadline = p.string("deadline").map(|d| d.0);
        let result = p.string("result").map(|r| r.0);
        let owner = names(ctx, &mut p, "owner");
        if owner.as_ref().is_some_and(Vec::is_empty) {
            let span = p.anchor();
            p.report(span, Problem::EmptyValue { key: "owner".into() });
        }
        let partners = names(ctx, &mut p, "partners");
        let cancel = p.boolean("cancel").is_some_and(|c| c.0);
        if deadline.is_none() && result.is_none() && owner.is_none() && partners.is_none() && !cancel {
            p.report(task::header_line(file, header.start), Problem::ChangesNothing { record: "proposal" });
        }
        let (Some((by, by_span)), Some((date, date_span))) = (by, date) else { continue };
        if let Some(Problem::UpdateBeforeIssued { date, issued }) = task::before_issued(date, ctx.issued) {
            p.report(date_span, Problem::DecidedBeforeIssued { date, issued });
        }
        if let Some(problem) = proposal_refused(ctx.registry, task_id, leads, by, date) {
            p.report(by_span, problem);
        }
        let Some((reason, _)) = reason else { continue };
        out.push(Proposal {
            by,
            date,
            reason,
            deadline,
            result,
            owner,
            partners,
            cancel,
            line: lines.line(header.start) as u32,
        });
    }
    out
}

/// Why `by` may not propose a change of task `task_id` on `date`, if it may not: it had
/// ended by then, or it is not (nor took over from) one of the task's `leads`.
pub fn proposal_refused(
    registry: &crate::registry::Registry,
    task_id: &str,
    leads: &[usize],
    by: usize,
    date: chrono::NaiveDate,
) -> Option<Problem> {
    if let Some(problem) = crate::rules::ended(registry, by, date) {
        return Some(problem);
    }
    let leads_it = leads.iter().any(|&lead| lead == by || registry.in_charge_on(lead, task_id, date).contains(&by));
    (!leads_it).then(|| Problem::ProposalNotByLead { agency: registry.agencies[by].name.clone() })
}

/// The `[[amendments]]` records; `proposals` is how many the file has.
pub fn amendments(ctx: &Context, f: &mut Fields, proposals: usize) -> Vec<Amendment> {
    let file = f.file();
    let mut out = Vec::new();
    let mut lines = crate::source::LineCounter::new(&file.text);
    for table in f.tables("amendments") {
        let header = table.1.clone();
        let mut a = Fields::new(file, table, AMENDMENT_FIELDS, f.diagnostics);
        let decision = decision(ctx, &mut a);
        let deadline = deadline(ctx, &mut a);
        let result = a.string("result").map(|r| r.0);
        let owner = names(ctx, &mut a, "owner");
        if owner.as_ref().is_some_and(Vec::is_empty) {
            let span = a.anchor();
            a.report(span, Problem::EmptyValue { key: "owner".into() });
        }
        let partners = names(ctx, &mut a, "partners");
        let cancel = a.boolean("cancel").is_some_and(|c| c.0);
        let proposal = a.integer("proposal").and_then(|(number, span)| {
            match usize::try_from(number).ok().filter(|n| (1..=proposals).contains(n)) {
                Some(n) => Some(n),
                None => {
                    a.report(span, Problem::NoSuchProposal { number, count: proposals });
                    None
                }
            }
        });
        if deadline.is_none() && result.is_none() && owner.is_none() && partners.is_none() && !cancel {
            a.report(task::header_line(file, header.start), Problem::ChangesNothing { record: "amendment" });
        }
        let Some(decision) = decision else { continue };
        out.push(Amendment {
            decision,
            deadline,
            result,
            owner,
            partners,
            cancel,
            proposal,
            line: lines.line(header.start) as u32,
        });
    }
    out
}

/// The new deadline of an amendment: its wording, read as the task's is, or an explicit
/// `due` date with the wording as its label.
fn deadline(ctx: &Context, a: &mut Fields) -> Option<(String, Vec<Milestone>)> {
    let wording = a.string("deadline");
    let due = a.date("due");
    let event = a.string("event");
    match (wording, due) {
        (Some((wording, _)), Some((date, _))) => {
            let milestone = Milestone {
                label: wording.clone(),
                schedule: Schedule::Due(date),
                event: None,
                explicit: true,
                extended: None,
            };
            Some((wording, vec![milestone]))
        }
        (Some((wording, span)), None) => {
            let mut milestones = Vec::new();
            for parsed in task::interpret(ctx, a, &wording, span.clone()) {
                milestones.push(task::with_event(a, parsed.label, parsed.schedule, event.as_ref(), span.clone()));
            }
            Some((wording, milestones))
        }
        (None, Some((date, _))) => {
            let label = crate::i18n::date(date);
            let milestone = Milestone {
                label: label.clone(),
                schedule: Schedule::Due(date),
                event: None,
                explicit: true,
                extended: None,
            };
            Some((label, vec![milestone]))
        }
        (None, None) => None,
    }
}

/// Agency names, each resolved; none when the key is not there.
fn names(ctx: &Context, f: &mut Fields, key: &str) -> Option<Vec<AgencyRef>> {
    let names = f.strings(key)?;
    Some(task::resolve_all(ctx.registry, f, names).into_iter().map(|(r, _)| r).collect())
}

/// One agency (not a collective) named by `key`.
pub(crate) fn agency(ctx: &Context, f: &mut Fields, key: &'static str) -> Option<Located<usize>> {
    let (name, span) = f.required_string(key, "by = \"so-khcn\"")?;
    match ctx.registry.resolve(&name) {
        Some(AgencyRef::Agency(i)) => Some((i, span)),
        Some(AgencyRef::Collective(_)) => {
            f.report(span, Problem::CollectiveNotAgency { name });
            None
        }
        None => {
            let suggestion = ctx.registry.suggest(&name);
            f.report(span, Problem::UnknownAgency { name, suggestion });
            None
        }
    }
}
