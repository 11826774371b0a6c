//! Who DOST follows up (đôn đốc) and about what, as the plan asks it to monthly (III.3):
//! for each agency, what it owes that is overdue, due today or soon, or on which it has
//! sent no update since the start of the current half-year. Pure functions of the plan
//! and one as-of date, built on [`crate::eval`]'s obligations, so a letter lists what
//! `plan overdue` lists for the same date.

use chrono::{Datelike, NaiveDate};

use crate::eval::{self, Obligation, State};
use crate::model::{Plan, ReportPeriod};

/// Why an obligation is in a letter; a letter lists them in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Past its due date, not done.
    Overdue,
    /// Due on the as-of day or within the window after it, not done.
    DueSoon,
    /// Open (fallen due or ongoing) and not reported on since the half-year began.
    Unreported,
}

/// One line of a letter.
#[derive(Clone, Copy, Debug)]
pub struct Item<'p> {
    pub obligation: Obligation<'p>,
    pub reason: Reason,
}

/// One agency's letter: what it is reminded of, overdue first, then due soon, then
/// unreported.
#[derive(Clone, Debug)]
pub struct Reminder<'p> {
    /// Index into the registry's agencies.
    pub agency: usize,
    pub items: Vec<Item<'p>>,
}

/// How many items of each kind a letter holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub overdue: usize,
    pub due_today: usize,
    pub due_soon: usize,
    pub unreported: usize,
}

impl Reminder<'_> {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for item in &self.items {
            match (item.reason, item.obligation.state) {
                (Reason::Overdue, _) => counts.overdue += 1,
                (Reason::DueSoon, State::DueToday) => counts.due_today += 1,
                (Reason::DueSoon, _) => counts.due_soon += 1,
                (Reason::Unreported, _) => counts.unreported += 1,
            }
        }
        counts
    }
}

/// The first day of the half-year `date` is in: 1 January or 1 July.
pub fn half_year_start(date: NaiveDate) -> NaiveDate {
    let month = if date.month() <= 6 { 1 } else { 7 };
    NaiveDate::from_ymd_opt(date.year(), month, 1).expect("the first of January or July exists")
}

/// Why `o` belongs in a letter as of `as_of`, if it does.
fn reason(o: &Obligation, as_of: NaiveDate) -> Option<Reason> {
    match o.state {
        State::Overdue => Some(Reason::Overdue),
        State::DueToday | State::DueSoon => Some(Reason::DueSoon),
        // Open work with no date to miss: the agency is held to reporting on it.
        State::Ongoing if o.latest.is_none_or(|u| u.date < half_year_start(as_of)) => Some(Reason::Unreported),
        _ => None,
    }
}

/// The letters to write as of `as_of`, one per agency with anything to be reminded of, in
/// the registry's order; `window_days` is how far ahead "due soon" looks. `only` keeps the
/// agencies listed (an `--agency` filter).
pub fn reminders<'p>(plan: &'p Plan, as_of: NaiveDate, window_days: u32, only: Option<&[usize]>) -> Vec<Reminder<'p>> {
    let wanted = |agency: usize| only.is_none_or(|only| only.contains(&agency));
    let obligations = eval::obligations(plan, as_of, window_days, |o| wanted(o.agency) && reason(o, as_of).is_some());
    let mut by_agency: Vec<Vec<Item>> = vec![Vec::new(); plan.registry.agencies.len()];
    for obligation in obligations {
        if let Some(reason) = reason(&obligation, as_of) {
            by_agency[obligation.agency].push(Item { obligation, reason });
        }
    }
    by_agency
        .into_iter()
        .enumerate()
        .filter(|(_, items)| !items.is_empty())
        .map(|(agency, mut items)| {
            // Most overdue first, soonest due first; then the plan's order.
            items.sort_by_key(|i| (i.reason, i.obligation.due, i.obligation.task_index, i.obligation.milestone));
            Reminder { agency, items }
        })
        .collect()
}

/// The day the agencies are asked to report by: the next reporting deadline of plan.toml
/// (`[[reporting.reports]] before`) after `as_of`, else a week after it. A monthly rule's
/// day is taken in every month.
pub fn reply_by(plan: &Plan, as_of: NaiveDate) -> NaiveDate {
    let mut candidates = Vec::new();
    for rule in &plan.meta.reports {
        let Some((day, month)) = rule.before else { continue };
        for year in [as_of.year(), as_of.year() + 1] {
            match rule.period {
                ReportPeriod::Month => {
                    candidates.extend((1..=12).filter_map(|m| clamped_date(year, m, day)));
                }
                ReportPeriod::HalfYear | ReportPeriod::Year => candidates.extend(clamped_date(year, month, day)),
            }
        }
    }
    candidates.into_iter().filter(|d| *d > as_of).min().unwrap_or(as_of + chrono::Days::new(7))
}

/// `day` of the month, or the month's last day when it has fewer.
fn clamped_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (1..=day.min(31)).rev().find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn half_years_start_in_january_and_july() {
        assert_eq!(half_year_start(d(2025, 6, 30)), d(2025, 1, 1));
        assert_eq!(half_year_start(d(2025, 7, 1)), d(2025, 7, 1));
        assert_eq!(half_year_start(d(2025, 12, 31)), d(2025, 7, 1));
    }

    #[test]
    fn months_too_short_for_the_day_end_on_their_last() {
        assert_eq!(clamped_date(2025, 2, 30), Some(d(2025, 2, 28)));
        assert_eq!(clamped_date(2025, 6, 30), Some(d(2025, 6, 30)));
    }
}
