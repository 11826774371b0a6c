//! Evaluation: pure functions of the plan and one as-of date. No clock, no I/O.

use chrono::NaiveDate;

use crate::deadline::Schedule;
use crate::model::Update;
use crate::model::{Plan, Task};
use crate::status::Status;

/// Where one agency stands on one occurrence of one milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Reported done on or before its due date.
    #[default]
    DoneOnTime,
    /// Reported done after its due date.
    DoneLate,
    /// Reported dropped (dừng thực hiện).
    Dropped,
    /// Past its due date (overdue from the day after it).
    Overdue,
    /// Due on the as-of day and not done: fallen due (đến hạn), not yet late.
    DueToday,
    /// Due within the window, after the as-of day.
    DueSoon,
    /// Dated, due after the window.
    OnTrack,
    /// Waits on a central-government event that has not happened.
    Waiting,
    /// Continuous work, held to the periodic reports rather than a date.
    Ongoing,
    /// No deadline set yet.
    NoDeadline,
}

impl State {
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            State::DoneOnTime => lang.pick("Đã hoàn thành đúng hạn", "Done on time"),
            State::DoneLate => lang.pick("Đã hoàn thành quá hạn", "Done late"),
            State::Dropped => lang.pick("Dừng thực hiện", "Dropped"),
            State::Overdue => lang.pick("Quá hạn", "Overdue"),
            State::DueToday => lang.pick("Đến hạn hôm nay", "Due today"),
            State::DueSoon => lang.pick("Sắp đến hạn", "Due soon"),
            State::OnTrack => lang.pick("Chưa đến hạn", "Not yet due"),
            State::Waiting => lang.pick("Chờ Trung ương", "Waiting on central government"),
            State::Ongoing => lang.pick("Thường xuyên", "Ongoing"),
            State::NoDeadline => lang.pick("Chưa có thời hạn", "No deadline"),
        }
    }

    /// Reported done, on time or late.
    pub fn is_done(self) -> bool {
        matches!(self, State::DoneOnTime | State::DoneLate)
    }
}

/// One task × milestone × occurrence × owing agency.
#[derive(Clone, Copy, Debug)]
pub struct Obligation<'p> {
    pub task: &'p Task,
    /// The task's place in the plan's list (plan order).
    pub task_index: usize,
    /// Index into the task's milestones.
    pub milestone: usize,
    /// The year of a yearly milestone's occurrence (the year of its due date).
    pub occurrence: Option<i32>,
    /// Index into the registry's agencies.
    pub agency: usize,
    pub due: Option<NaiveDate>,
    pub state: State,
    /// The agency's latest update on it, if any.
    pub latest: Option<&'p Update>,
    /// The ended agency whose unfinished work `agency` took over, and from when.
    pub handed_over: Option<(usize, NaiveDate)>,
}

impl Obligation<'_> {
    /// Days past the due date: positive when overdue, zero on the due date, negative before.
    pub fn days_overdue(&self, as_of: NaiveDate) -> Option<i64> {
        self.due.map(|due| (as_of - due).num_days())
    }
}

/// When a milestone falls due, per occurrence, as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub year: Option<i32>,
    pub due: Option<NaiveDate>,
    pub state: State,
}

/// The occurrences of a schedule that matter as of `as_of`: each dated one up to the
/// horizon, and the next one after it.
pub fn occurrences(
    plan: &Plan,
    schedule: Schedule,
    event: Option<&str>,
    as_of: NaiveDate,
    window_days: u32,
) -> Vec<Occurrence> {
    let dated = |due: NaiveDate, year: Option<i32>| Occurrence {
        year,
        due: Some(due),
        state: dated_state(due, as_of, window_days),
    };
    let undated = |state| vec![Occurrence { year: None, due: None, state }];
    match schedule {
        Schedule::Due(due) => vec![dated(due, None)],
        Schedule::Yearly { month, day, first_year } => {
            let mut out = Vec::new();
            let mut year = first_year;
            while let Some(due) = Schedule::yearly_due(month, day, year) {
                let occurrence = dated(due, Some(year));
                out.push(occurrence);
                if matches!(occurrence.state, State::OnTrack) {
                    break;
                }
                year += 1;
            }
            out
        }
        Schedule::Ongoing => undated(State::Ongoing),
        Schedule::NoDeadline => undated(State::NoDeadline),
        Schedule::AfterEvent { offset } => {
            let happened = event.and_then(|key| plan.events.get(key)).and_then(|e| e.date);
            match (happened, offset) {
                (None, _) => undated(State::Waiting),
                (Some(date), Some(offset)) => match offset.after(date) {
                    Some(due) => vec![dated(due, None)],
                    None => undated(State::NoDeadline),
                },
                (Some(_), None) => undated(State::NoDeadline),
            }
        }
    }
}

fn dated_state(due: NaiveDate, as_of: NaiveDate, window_days: u32) -> State {
    let days_left = (due - as_of).num_days();
    if days_left < 0 {
        State::Overdue
    } else if days_left == 0 {
        State::DueToday
    } else if days_left <= i64::from(window_days) {
        State::DueSoon
    } else {
        State::OnTrack
    }
}

/// The latest of `agency`'s updates on a milestone occurrence, dated on or before
/// `as_of`: by date, then by order in the file.
pub fn latest_update(
    task: &Task,
    agency: usize,
    milestone: usize,
    occurrence: Option<i32>,
    as_of: NaiveDate,
) -> Option<&Update> {
    latest_update_where(task, as_of, |u| u.by == agency && u.covers(milestone, occurrence))
}

/// The latest of the task's updates known on `as_of` that `keep` accepts: the latest date
/// wins, and on the same date the one written last in the file.
pub fn latest_update_where(task: &Task, as_of: NaiveDate, keep: impl Fn(&Update) -> bool) -> Option<&Update> {
    task.updates
        .iter()
        .enumerate()
        .filter(|(_, u)| u.date <= as_of && keep(u))
        .max_by_key(|(i, u)| (u.date, *i))
        .map(|(_, u)| u)
}

/// The state an agency's latest update gives, over the state by date.
fn reported_state(by_date: State, due: Option<NaiveDate>, latest: Option<&Update>) -> State {
    match latest.map(|u| (u.status, u.date)) {
        Some((Status::Done, date)) if due.is_some_and(|due| date > due) => State::DoneLate,
        Some((Status::Done, _)) => State::DoneOnTime,
        Some((Status::Dropped, _)) => State::Dropped,
        _ => by_date,
    }
}

/// Every obligation of the plan's task number `task_index` as of `as_of`. Updates dated
/// after `as_of` are not yet known. A cancelled task owes nothing. What an agency that has
/// ended by `as_of` had not completed is owed by its successors instead (each once, and not
/// by one that owes it in its own right); what it completed stays its own.
pub fn task_obligations(plan: &Plan, task_index: usize, as_of: NaiveDate, window_days: u32) -> Vec<Obligation<'_>> {
    let task = &plan.tasks[task_index];
    if task.cancelled.is_some() {
        return Vec::new();
    }
    let registry = &plan.registry;
    let owing = registry.expand(&task.owner);
    let any_ended = owing.iter().any(|&a| registry.agencies[a].ended_by(as_of));
    let mut out = Vec::new();
    for (index, milestone) in task.milestones.iter().enumerate() {
        for occ in occurrences(plan, milestone.schedule, milestone.event.as_deref(), as_of, window_days) {
            let obligation = |agency: usize, handed_over: Option<(usize, NaiveDate)>| {
                let latest = latest_update(task, agency, index, occ.year, as_of);
                Obligation {
                    task,
                    task_index,
                    milestone: index,
                    occurrence: occ.year,
                    agency,
                    due: occ.due,
                    state: reported_state(occ.state, occ.due, latest),
                    latest,
                    handed_over,
                }
            };
            if !any_ended {
                out.extend(owing.iter().map(|&agency| obligation(agency, None)));
                continue;
            }
            let first = out.len();
            for &agency in &owing {
                let own = obligation(agency, None);
                let ended = registry.agencies[agency].until.filter(|until| *until <= as_of);
                match ended {
                    Some(until) if !matches!(own.state, State::DoneOnTime | State::DoneLate | State::Dropped) => {
                        for successor in registry.in_charge_on(agency, &task.id, as_of) {
                            let taken = out[first..].iter().any(|o: &Obligation| o.agency == successor)
                                || (successor != agency && owing.contains(&successor));
                            if !taken {
                                let handed = (successor != agency).then_some((agency, until));
                                out.push(obligation(successor, handed));
                            }
                        }
                    }
                    _ => {
                        if !out[first..].iter().any(|o| o.agency == agency) {
                            out.push(own);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every obligation of the plan as of `as_of` that `keep` accepts, in plan order; tasks
/// are evaluated in parallel.
pub fn obligations<'p>(
    plan: &'p Plan,
    as_of: NaiveDate,
    window_days: u32,
    keep: impl Fn(&Obligation) -> bool + Sync,
) -> Vec<Obligation<'p>> {
    use rayon::prelude::*;
    (0..plan.tasks.len())
        .into_par_iter()
        .flat_map_iter(|index| task_obligations(plan, index, as_of, window_days).into_iter().filter(&keep))
        .collect()
}

/// One entry per task × milestone × occurrence, with every obligation of it given (one per
/// agency that still owes it), earliest due date first, then in plan order.
pub fn group_by_milestone<'a, 'p>(
    obligations: &'a [Obligation<'p>],
) -> Vec<(&'a Obligation<'p>, Vec<&'a Obligation<'p>>)> {
    use rayon::prelude::*;
    let key = |o: &Obligation| (o.due, o.task_index, o.milestone, o.occurrence);
    // A stable sort keeps the given order among the obligations of one milestone.
    let mut sorted: Vec<&Obligation> = obligations.iter().collect();
    sorted.par_sort_by_key(|o| key(o));
    let mut rows: Vec<(&Obligation, Vec<&Obligation>)> = Vec::new();
    for o in sorted {
        match rows.last_mut() {
            Some((first, group)) if key(first) == key(o) => group.push(o),
            _ => rows.push((o, vec![o])),
        }
    }
    rows
}
