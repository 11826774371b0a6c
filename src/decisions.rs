//! The plan's changes as of a date: the proposals still open, the amendments decided in a
//! period. Pure functions of the loaded plan (tasks as they stand on the date, see
//! [`crate::in_force`]) and dates.

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::model::{Amendment, NewTaskProposal, Plan, Proposal, Task};

/// A proposal and the task it is about.
pub struct ProposalView<'p> {
    pub task: &'p Task,
    /// 1-based, in the task's file.
    pub number: usize,
    pub proposal: &'p Proposal,
    /// The amendment in force that decided it, if one has.
    pub decided_by: Option<&'p Amendment>,
}

/// The proposals made by `as_of`, in plan order: all of them, or only those no amendment
/// in force has decided yet.
pub fn proposals(plan: &Plan, as_of: NaiveDate, open_only: bool) -> Vec<ProposalView<'_>> {
    let mut out = Vec::new();
    for task in &plan.tasks {
        for (i, proposal) in task.proposals.iter().enumerate().filter(|(_, p)| p.date <= as_of) {
            let decided_by = task.proposal_decided(i + 1, as_of);
            if open_only && decided_by.is_some() {
                continue;
            }
            out.push(ProposalView { task, number: i + 1, proposal, decided_by });
        }
    }
    out
}

/// A proposed new task, and the task added by the decision that answered it, if one has.
pub struct NewTaskView<'p> {
    /// 1-based, in plan/proposals.toml.
    pub number: usize,
    pub proposal: &'p NewTaskProposal,
    pub decided_by: Option<&'p Task>,
}

/// The new tasks proposed by `as_of`: all, or those no decision in force has added yet.
pub fn new_tasks(plan: &Plan, as_of: NaiveDate, open_only: bool) -> Vec<NewTaskView<'_>> {
    plan.new_task_proposals
        .iter()
        .enumerate()
        .filter(|(_, p)| p.date <= as_of)
        .map(|(i, proposal)| {
            let decided_by = plan.tasks.iter().map(Box::as_ref).find(|t| t.answers == Some(i + 1) && t.added.is_some());
            NewTaskView { number: i + 1, proposal, decided_by }
        })
        .filter(|v| !open_only || v.decided_by.is_none())
        .collect()
}

/// What a new-task proposal asks for, in words.
pub fn asked_new(plan: &Plan, proposal: &NewTaskProposal, lang: Lang) -> String {
    let names = |refs: &[crate::registry::AgencyRef]| {
        refs.iter().map(|r| plan.registry.name(*r)).collect::<Vec<_>>().join("; ")
    };
    let mut text = format!(
        "{} ({} {}): {}",
        lang.pick("thêm nhiệm vụ", "a new task"),
        lang.pick("nhóm", "group"),
        proposal.group,
        proposal.title
    );
    text.push_str(&format!("; {}: {}", lang.pick("chủ trì", "lead"), names(&proposal.owner)));
    if !proposal.partners.is_empty() {
        text.push_str(&format!("; {}: {}", lang.pick("phối hợp", "partners"), names(&proposal.partners)));
    }
    if !proposal.result.is_empty() {
        text.push_str(&format!("; {}: {}", lang.pick("kết quả", "result"), proposal.result));
    }
    text.push_str(&format!("; {}: {}", lang.pick("thời hạn", "deadline"), proposal.deadline));
    text
}

/// The amendments decided from `from` to `to` (both included), by date then plan order.
pub fn amendments_between(plan: &Plan, from: NaiveDate, to: NaiveDate) -> Vec<(&Task, &Amendment)> {
    let mut out: Vec<(&Task, &Amendment)> = plan
        .tasks
        .iter()
        .map(Box::as_ref)
        .flat_map(|t| t.amendments.iter().map(move |a| (t, a)))
        .filter(|(_, a)| a.decision.date >= from && a.decision.date <= to)
        .collect();
    out.sort_by_key(|(_, a)| a.decision.date);
    out
}

/// What a proposal asks for, in words: "thời hạn: Trong quý III/2025; bãi bỏ nhiệm vụ".
pub fn asked(plan: &Plan, proposal: &Proposal, lang: Lang) -> String {
    let names = |refs: &[crate::registry::AgencyRef]| {
        refs.iter().map(|r| plan.registry.name(*r)).collect::<Vec<_>>().join("; ")
    };
    let mut parts = Vec::new();
    if let Some(deadline) = &proposal.deadline {
        parts.push(format!("{}: {deadline}", lang.pick("thời hạn", "deadline")));
    }
    if let Some(owner) = &proposal.owner {
        parts.push(format!("{}: {}", lang.pick("chủ trì", "lead"), names(owner)));
    }
    if let Some(partners) = &proposal.partners {
        parts.push(format!("{}: {}", lang.pick("phối hợp", "partners"), names(partners)));
    }
    if let Some(result) = &proposal.result {
        parts.push(format!("{}: {result}", lang.pick("kết quả", "result")));
    }
    if proposal.cancel {
        parts.push(lang.pick("bãi bỏ nhiệm vụ", "cancel the task").to_string());
    }
    parts.join("; ")
}
