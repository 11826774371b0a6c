//! The plan as it stands on a date: the amendments decided by then applied to their tasks,
//! the tasks added by then present, every agency under the name it bore and every
//! collective with the members it had. Before a decision's date the plan reads as issued,
//! so the figures for an earlier day, and a report for an earlier period, are the same as
//! if the decision had never been recorded.

use chrono::NaiveDate;

use crate::model::{Extension, Plan, Task};

/// Sets `plan` as it stands on `date`. Applied once, right after loading, with the day a
/// command takes its figures on.
pub fn apply(plan: &mut Plan, date: NaiveDate) {
    for agency in &mut plan.registry.agencies {
        // The earliest former name still borne on `date`.
        if let Some(former) = agency.former_names.iter().filter(|f| date < f.until).min_by_key(|f| f.until) {
            agency.short = former.short.clone().unwrap_or_else(|| former.name.clone());
            agency.name = former.name.clone();
        }
    }
    for collective in &mut plan.registry.collectives {
        for change in collective.changes.iter().filter(|c| c.from <= date) {
            collective.members.retain(|m| !change.remove.contains(m));
            for &m in &change.add {
                if !collective.members.contains(&m) {
                    collective.members.push(m);
                }
            }
        }
    }
    plan.tasks.retain(|task| task.added.as_ref().is_none_or(|decision| decision.date <= date));
    for task in &mut plan.tasks {
        amend(task, date);
    }
}

/// Applies the task's amendments decided on or before `date`, in the order of their dates
/// (and of the file for one date).
fn amend(task: &mut Task, date: NaiveDate) {
    if task.amendments.is_empty() {
        return;
    }
    let mut in_force: Vec<usize> =
        (0..task.amendments.len()).filter(|&i| task.amendments[i].decision.date <= date).collect();
    in_force.sort_by_key(|&i| (task.amendments[i].decision.date, i));
    for i in in_force {
        let amendment = task.amendments[i].clone();
        if let Some((wording, milestones)) = amendment.deadline {
            let before = std::mem::replace(&mut task.milestones, milestones);
            let same_shape = before.len() == task.milestones.len();
            for (index, milestone) in task.milestones.iter_mut().enumerate() {
                // Matched by place when the number of milestones is the same, else with the
                // one milestone there was, else with the whole deadline as worded.
                let previous = match (same_shape, before.as_slice()) {
                    (true, _) => before.get(index),
                    (false, [only]) => Some(only),
                    _ => None,
                };
                milestone.extended = match previous {
                    Some(p) if p.schedule == milestone.schedule => p.extended.clone(),
                    Some(p) => Some(Box::new(Extension {
                        from: p.schedule.due(),
                        from_label: p.label.clone(),
                        decision: amendment.decision.clone(),
                    })),
                    None => Some(Box::new(Extension {
                        from: None,
                        from_label: task.deadline.clone(),
                        decision: amendment.decision.clone(),
                    })),
                };
            }
            task.deadline = wording;
        }
        if let Some(result) = amendment.result {
            task.result = result;
        }
        if let Some(owner) = amendment.owner {
            task.owner = owner;
            task.owner_text = None;
        }
        if let Some(partners) = amendment.partners {
            task.partners = partners;
            task.partners_text = None;
        }
        if amendment.cancel {
            task.cancelled = Some(amendment.decision.clone());
        }
    }
}
