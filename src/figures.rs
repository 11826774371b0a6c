//! Counting as the Government Office counts: each task's overall state, the plan's
//! totals, and each agency's figures. Pure functions of the plan and one as-of date,
//! built on [`crate::eval`]'s obligations, so every table agrees with `plan overdue`.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::{self, Obligation, State};
use crate::i18n::Lang;
use crate::model::{Plan, Task};
use crate::registry::AgencyRef;

/// A task's overall state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskState {
    /// Every obligation fallen due (or done early) reported done, all on time.
    #[default]
    DoneOnTime,
    /// Every obligation fallen due reported done, some after the due date.
    DoneLate,
    /// Some obligation past its due date and not done.
    Overdue,
    /// Fallen due on the as-of day and not yet done: not late yet.
    DueToday,
    /// Not yet due, due within the plan's window.
    DueSoon,
    /// Not yet due, due after the window.
    OnTrack,
    Waiting,
    Ongoing,
    NoDeadline,
    Dropped,
    /// Cancelled by a decision in force (bãi bỏ): out of the lists, counted apart.
    Cancelled,
}

impl TaskState {
    /// The label of the obligation state of the same name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskState::Cancelled => lang.pick("Bãi bỏ", "Cancelled"),
            _ => self.as_state().label(lang),
        }
    }

    /// The obligation state that means the same for one obligation.
    fn as_state(self) -> State {
        match self {
            TaskState::DoneOnTime => State::DoneOnTime,
            TaskState::DoneLate => State::DoneLate,
            TaskState::Overdue => State::Overdue,
            TaskState::DueToday => State::DueToday,
            TaskState::DueSoon => State::DueSoon,
            TaskState::OnTrack => State::OnTrack,
            TaskState::Waiting => State::Waiting,
            TaskState::Ongoing => State::Ongoing,
            TaskState::NoDeadline => State::NoDeadline,
            TaskState::Dropped | TaskState::Cancelled => State::Dropped,
        }
    }

    pub fn is_done(self) -> bool {
        self.as_state().is_done()
    }

    /// Whether the task counts as fallen due (đến hạn) in the Government Office's figures.
    pub fn fallen_due(self) -> bool {
        matches!(self, TaskState::DoneOnTime | TaskState::DoneLate | TaskState::Overdue | TaskState::DueToday)
    }
}

/// One task as of a date: its state, the date that matters and who still owes.
#[derive(Debug)]
pub struct TaskView<'p> {
    pub task: &'p Task,
    pub state: TaskState,
    /// The earliest due date not yet met, else the next one.
    pub due: Option<NaiveDate>,
    /// Agencies with an obligation fallen due and not done.
    pub owing: Vec<usize>,
    /// Agencies owing anything dated.
    pub owers: Vec<usize>,
    pub obligations: Vec<Obligation<'p>>,
}

/// The state of the plan's task number `task_index` as of `as_of`.
pub fn classify(plan: &Plan, task_index: usize, as_of: NaiveDate) -> TaskView<'_> {
    let obligations = eval::task_obligations(plan, task_index, as_of, plan.meta.due_soon_days);
    classify_obligations(plan, task_index, as_of, obligations)
}

/// The task's state from the obligations given: all of them, or one agency's.
fn classify_obligations<'p>(
    plan: &'p Plan,
    task_index: usize,
    as_of: NaiveDate,
    obligations: Vec<Obligation<'p>>,
) -> TaskView<'p> {
    let task = &plan.tasks[task_index];
    if task.cancelled.is_some() {
        return TaskView {
            task,
            state: TaskState::Cancelled,
            due: None,
            owing: Vec::new(),
            owers: Vec::new(),
            obligations,
        };
    }
    let live: Vec<&Obligation> = obligations.iter().filter(|o| o.state != State::Dropped).collect();
    let dated: Vec<&Obligation> = live.iter().copied().filter(|o| o.due.is_some()).collect();
    let fallen: Vec<&Obligation> = dated.iter().copied().filter(|o| o.due.is_some_and(|d| d <= as_of)).collect();
    let done = |o: &Obligation| o.state.is_done();
    let open: Vec<&Obligation> = fallen.iter().copied().filter(|o| !done(o)).collect();

    let state = if live.is_empty() {
        if obligations.is_empty() {
            TaskState::NoDeadline
        } else {
            TaskState::Dropped
        }
    } else if !open.is_empty() {
        if open.iter().any(|o| o.state == State::Overdue) {
            TaskState::Overdue
        } else {
            TaskState::DueToday
        }
    } else if !fallen.is_empty() {
        // Everything fallen due is done.
        if fallen.iter().any(|o| o.state == State::DoneLate) {
            TaskState::DoneLate
        } else {
            TaskState::DoneOnTime
        }
    } else if !dated.is_empty() && dated.iter().all(|o| done(o)) {
        TaskState::DoneOnTime
    } else if dated.iter().any(|o| o.state == State::DueSoon) {
        TaskState::DueSoon
    } else if !dated.is_empty() {
        TaskState::OnTrack
    } else if live.iter().all(|o| done(o)) {
        TaskState::DoneOnTime
    } else if live.iter().any(|o| o.state == State::Waiting) {
        TaskState::Waiting
    } else if live.iter().any(|o| o.state == State::NoDeadline) {
        TaskState::NoDeadline
    } else {
        TaskState::Ongoing
    };

    let due = open
        .iter()
        .filter_map(|o| o.due)
        .min()
        .or_else(|| dated.iter().filter(|o| !done(o)).filter_map(|o| o.due).filter(|d| *d > as_of).min());
    let owing = unique(open.iter().map(|o| o.agency));
    let owers = unique(dated.iter().map(|o| o.agency));
    TaskView { task, state, due, owing, owers, obligations }
}

/// Each item once, in first-seen order.
fn unique(items: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    items.filter(|i| seen.insert(*i)).collect()
}

/// The Government Office's figures over a set of tasks. Every count is of the plan's
/// items (nội dung): a numbered task with sub-items (45 with 45a–45c) is one task of the
/// plan and three items. The states partition the items: `tasks` is the sum of
/// `done_on_time`, `done_late`, `not_done_overdue`, `not_done_in_time` (due on the as-of
/// day), `not_yet_due`, `ongoing`, `waiting`, `no_deadline` and `dropped`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// The plan's numbered tasks (45a–45c count once).
    pub numbered_tasks: usize,
    /// The items (nội dung) counted below.
    pub tasks: usize,
    pub fallen_due: usize,
    pub done: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    pub not_done: usize,
    pub not_done_in_time: usize,
    pub not_done_overdue: usize,
    pub not_yet_due: usize,
    pub due_soon: usize,
    pub ongoing: usize,
    pub waiting: usize,
    pub no_deadline: usize,
    pub dropped: usize,
    /// Items cancelled by a decision in force (bãi bỏ): counted apart, not in `tasks`.
    pub cancelled: usize,
    /// Of `tasks`, the items whose deadline a decision in force adjusted (gia hạn, điều chỉnh).
    pub deadline_adjusted: usize,
}

impl Totals {
    /// Counts one item of the state given; `adjusted` when a decision changed its deadline.
    pub fn add_item(&mut self, state: TaskState, adjusted: bool) {
        if state != TaskState::Cancelled && adjusted {
            self.deadline_adjusted += 1;
        }
        self.add(state);
    }

    pub fn add(&mut self, state: TaskState) {
        if state == TaskState::Cancelled {
            self.cancelled += 1;
            return;
        }
        self.tasks += 1;
        match state {
            TaskState::DoneOnTime => self.done_on_time += 1,
            TaskState::DoneLate => self.done_late += 1,
            TaskState::Overdue => self.not_done_overdue += 1,
            TaskState::DueToday => self.not_done_in_time += 1,
            TaskState::DueSoon => {
                self.due_soon += 1;
                self.not_yet_due += 1;
            }
            TaskState::OnTrack => self.not_yet_due += 1,
            TaskState::Waiting => self.waiting += 1,
            TaskState::Ongoing => self.ongoing += 1,
            TaskState::NoDeadline => self.no_deadline += 1,
            TaskState::Dropped => self.dropped += 1,
            TaskState::Cancelled => {}
        }
        self.done = self.done_on_time + self.done_late;
        self.not_done = self.not_done_in_time + self.not_done_overdue;
        self.fallen_due = self.done + self.not_done;
    }

    /// "50 nhiệm vụ (52 nội dung)", or "7 nhiệm vụ" when no task has sub-items.
    pub fn count_phrase(&self, lang: Lang) -> String {
        match (lang, self.numbered_tasks == self.tasks) {
            (Lang::Vi, true) => format!("{} nhiệm vụ", self.tasks),
            (Lang::Vi, false) => format!("{} nhiệm vụ ({} nội dung)", self.numbered_tasks, self.tasks),
            (Lang::En, true) => format!("{} tasks", self.tasks),
            (Lang::En, false) => format!("{} tasks ({} items)", self.numbered_tasks, self.tasks),
        }
    }

    /// The sentence of the Government Office's reports, numbers computed. Its parts add
    /// up: fallen due = done + not done; all = fallen due + the rest. Items cancelled and
    /// deadlines adjusted by decisions are said after it, when there are any.
    pub fn sentence(&self, lang: Lang) -> String {
        let mut sentence = self.partition_sentence(lang);
        if self.deadline_adjusted > 0 {
            sentence.pop();
            sentence.push_str(&match lang {
                Lang::Vi => {
                    format!("; trong tổng số có {} được điều chỉnh thời hạn theo quyết định.", self.deadline_adjusted)
                }
                Lang::En => format!("; of all, {} had their deadline adjusted by decision.", self.deadline_adjusted),
            });
        }
        if self.cancelled > 0 {
            sentence.push_str(&match lang {
                Lang::Vi => format!(
                    " Ngoài ra, {} nội dung đã bãi bỏ theo quyết định (không tính vào tổng số).",
                    self.cancelled
                ),
                Lang::En => format!(" Besides, {} item(s) cancelled by decision (not counted above).", self.cancelled),
            });
        }
        sentence
    }

    fn partition_sentence(&self, lang: Lang) -> String {
        let unit = match (lang, self.numbered_tasks == self.tasks) {
            (Lang::Vi, true) => "nhiệm vụ",
            (Lang::Vi, false) => "nội dung",
            (Lang::En, true) => "tasks",
            (Lang::En, false) => "items",
        };
        match lang {
            Lang::Vi => format!(
                "Tổng số {}; đến hạn {} {unit}, trong đó đã hoàn thành {} (đúng hạn {}, quá hạn {}), chưa hoàn thành {} (quá hạn {}, đến hạn hôm nay {}); chưa đến hạn {} (sắp đến hạn {}); thường xuyên {}; chờ Trung ương {}; chưa có thời hạn {}; dừng thực hiện {}.",
                self.count_phrase(lang), self.fallen_due, self.done, self.done_on_time, self.done_late, self.not_done, self.not_done_overdue,
                self.not_done_in_time, self.not_yet_due, self.due_soon, self.ongoing, self.waiting, self.no_deadline, self.dropped
            ),
            Lang::En => format!(
                "{} in all; {} {unit} fallen due, of which {} done ({} on time, {} late) and {} not done ({} overdue, {} due today); {} not yet due ({} due soon); {} ongoing; {} waiting on central government; {} without deadline; {} dropped.",
                self.count_phrase(lang), self.fallen_due, self.done, self.done_on_time, self.done_late, self.not_done, self.not_done_overdue,
                self.not_done_in_time, self.not_yet_due, self.due_soon, self.ongoing, self.waiting, self.no_deadline, self.dropped
            ),
        }
    }

    /// The counts that partition the items, in the order of the tables' columns.
    pub fn parts(&self) -> [usize; 9] {
        [
            self.done_on_time,
            self.done_late,
            self.not_done_overdue,
            self.not_done_in_time,
            self.not_yet_due,
            self.ongoing,
            self.waiting,
            self.no_deadline,
            self.dropped,
        ]
    }
}

/// Totals for the whole plan and for each group, in the plan's group order.
pub fn totals<'p>(plan: &'p Plan, views: &[TaskView<'p>]) -> (Totals, Vec<(&'p str, Totals)>) {
    let mut all = Totals::default();
    let mut by_group: BTreeMap<usize, Totals> = BTreeMap::new();
    let position = |group: &str| plan.meta.groups.iter().position(|g| g.id == group).unwrap_or(usize::MAX);
    let mut numbered: HashSet<(usize, &str)> = HashSet::new();
    for view in views {
        let group = position(&view.task.group);
        let adjusted = view.task.deadline_adjusted();
        all.add_item(view.state, adjusted);
        let totals = by_group.entry(group).or_default();
        totals.add_item(view.state, adjusted);
        if view.state == TaskState::Cancelled {
            continue;
        }
        if numbered.insert((group, numbered_task(&view.task.id))) {
            totals.numbered_tasks += 1;
        }
    }
    all.numbered_tasks = numbered.iter().map(|(_, id)| *id).collect::<HashSet<_>>().len();
    let groups =
        by_group.into_iter().filter_map(|(i, t)| plan.meta.groups.get(i).map(|g| (g.id.as_str(), t))).collect();
    (all, groups)
}

/// The plan's number of the task an id belongs to: "45" for the sub-item "45a".
pub fn numbered_task(id: &str) -> &str {
    let number = id.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if number.ends_with(|c: char| c.is_ascii_digit()) {
        number
    } else {
        id
    }
}

/// "50 nhiệm vụ (52 nội dung)" for the whole plan.
pub fn count_phrase(plan: &Plan, lang: Lang) -> String {
    let numbered: HashSet<&str> = plan.tasks.iter().map(|t| numbered_task(&t.id)).collect();
    Totals { numbered_tasks: numbered.len(), tasks: plan.tasks.len(), ..Totals::default() }.count_phrase(lang)
}

/// The numbered tasks that have sub-items, each with its items' ids, in plan order: what
/// a reader needs to see how "50 nhiệm vụ" become 52 rows.
pub fn sub_items(plan: &Plan) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for task in &plan.tasks {
        let number = numbered_task(&task.id);
        match out.iter_mut().find(|(n, _)| *n == number) {
            Some((_, items)) => items.push(&task.id),
            None => out.push((number, vec![&task.id])),
        }
    }
    out.retain(|(number, items)| items.len() > 1 || items[0] != *number);
    out
}

/// One agency's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AgencyFigures {
    pub agency: String,
    pub name: String,
    /// Tasks whose lead (chủ trì) names the agency itself, alone or with others.
    pub led_directly: usize,
    /// Tasks it owes as a member of a collective lead ("Các sở, ngành") without being named.
    pub led_as_member: usize,
    /// Tasks it supports (phối hợp) without leading them.
    pub supported: usize,
    // From here on, counts of obligations: one per milestone, per year of a yearly one.
    pub done_on_time: usize,
    pub done_late: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub on_track: usize,
    pub due_soon: usize,
    pub waiting: usize,
    pub ongoing: usize,
    pub no_deadline: usize,
    pub dropped: usize,
    /// Obligations fallen due (done, or past or at their due date), dropped ones aside.
    pub fallen_due: usize,
    /// Obligations done, on time or late.
    pub done: usize,
    /// Done over fallen due, in percent; none when nothing has fallen due.
    pub completion_rate: Option<f64>,
}

/// Figures for every agency that owes or supports anything, most overdue first.
pub fn agencies(plan: &Plan, views: &[TaskView], as_of: NaiveDate) -> Vec<AgencyFigures> {
    let registry = &plan.registry;
    let mut rows: Vec<AgencyFigures> = registry
        .agencies
        .iter()
        .map(|a| AgencyFigures { agency: a.id.clone(), name: a.name.clone(), ..Default::default() })
        .collect();
    let mut involved = vec![false; rows.len()];
    let any_ended = registry.agencies.iter().any(|a| a.ended_by(as_of));
    for view in views {
        if view.state == TaskState::Cancelled {
            continue;
        }
        // Who leads and supports on `as_of`: ended agencies replaced by their successors
        // (looked up only when some agency has ended by then).
        let task_id = view.task.id.as_str();
        let now = |agencies: Vec<usize>| -> Vec<usize> {
            if !any_ended {
                return agencies;
            }
            let mut out = Vec::new();
            for a in agencies {
                for s in registry.in_charge_on(a, task_id, as_of) {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
            out
        };
        let owing = now(registry.expand(&view.task.owner));
        let named = now(view
            .task
            .owner
            .iter()
            .filter_map(|r| match r {
                AgencyRef::Agency(i) => Some(*i),
                AgencyRef::Collective(_) => None,
            })
            .collect());
        for &a in &owing {
            if named.contains(&a) {
                rows[a].led_directly += 1;
            } else {
                rows[a].led_as_member += 1;
            }
            involved[a] = true;
        }
        for a in now(registry.expand(&view.task.partners)) {
            if !owing.contains(&a) {
                rows[a].supported += 1;
                involved[a] = true;
            }
        }
        for o in &view.obligations {
            // An ended agency keeps the work it completed, though it no longer leads.
            involved[o.agency] = true;
            let row = &mut rows[o.agency];
            match o.state {
                State::DoneOnTime => row.done_on_time += 1,
                State::DoneLate => row.done_late += 1,
                State::OnTrack => row.on_track += 1,
                State::DueSoon => row.due_soon += 1,
                State::Overdue => row.overdue += 1,
                State::DueToday => row.due_today += 1,
                State::Waiting => row.waiting += 1,
                State::Ongoing => row.ongoing += 1,
                State::NoDeadline => row.no_deadline += 1,
                State::Dropped => row.dropped += 1,
            }
            let done = o.state.is_done();
            if o.state != State::Dropped && (done || o.due.is_some_and(|d| d <= as_of)) {
                row.fallen_due += 1;
            }
        }
    }
    let mut rows: Vec<AgencyFigures> = rows.into_iter().zip(involved).filter(|(_, i)| *i).map(|(r, _)| r).collect();
    for row in &mut rows {
        row.done = row.done_on_time + row.done_late;
        row.completion_rate =
            (row.fallen_due > 0).then(|| (row.done as f64 * 1000.0 / row.fallen_due as f64).round() / 10.0);
    }
    // Most overdue first; ties keep the registry's order (departments, then districts, ...).
    rows.sort_by_key(|row| std::cmp::Reverse(row.overdue));
    rows
}

/// Every task's view, in plan order.
pub fn views(plan: &Plan, as_of: NaiveDate) -> Vec<TaskView<'_>> {
    use rayon::prelude::*;
    (0..plan.tasks.len()).into_par_iter().map(|index| classify(plan, index, as_of)).collect()
}

/// The views of the tasks `agency` owes, each as the agency's own obligations make it (a
/// task another owner has not finished is done for an agency that has), in plan order:
/// the figures of that agency's own report.
pub fn agency_views(plan: &Plan, as_of: NaiveDate, agency: usize) -> Vec<TaskView<'_>> {
    use rayon::prelude::*;
    (0..plan.tasks.len())
        .into_par_iter()
        .filter_map(|index| {
            let mut obligations = eval::task_obligations(plan, index, as_of, plan.meta.due_soon_days);
            obligations.retain(|o| o.agency == agency);
            (!obligations.is_empty()).then(|| classify_obligations(plan, index, as_of, obligations))
        })
        .collect()
}
