//! `plan overdue`: what is late, most overdue first, for the DOST clerk's weekly run.

use rayon::prelude::*;
use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use crate::eval::{self, Obligation, State};
use crate::i18n::{self, Lang};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only what this agency owes (id, full name or alias; a collective means each member)
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// Also list what falls due in the next N days (sắp đến hạn)
    #[arg(long, value_name = "N")]
    pub within: Option<u32>,
    /// Name every member of a collective that still owes, not only how many
    #[arg(long)]
    pub expand: bool,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

/// One record per task × milestone × occurrence × owing agency, with stable keys.
#[derive(Serialize, Default)]
struct OverdueRow<'a> {
    id: &'a str,
    group: &'a str,
    title: &'a str,
    milestone: usize,
    milestone_label: &'a str,
    occurrence: Option<i32>,
    agency: &'a str,
    agency_name: &'a str,
    due: String,
    days_overdue: i64,
    state: State,
    deadline: &'a str,
    /// The due date before a decision changed it, and the decision.
    extended_from: Option<String>,
    decision: Option<&'a str>,
    /// The ended agency whose work `agency` took over.
    taken_over_from: Option<&'a str>,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let as_of = session.as_of;
    let only = args.agency.as_deref().map(|name| session.agencies_named(loaded, name)).transpose()?;
    let mut late = eval::obligations(plan, as_of, args.within.unwrap_or(0), |o| {
        (o.state == State::Overdue || (args.within.is_some() && matches!(o.state, State::DueToday | State::DueSoon)))
            && only.as_ref().is_none_or(|agencies| agencies.contains(&o.agency))
    });
    // Obligations come in plan order; a stable sort by due date keeps that order among equals.
    late.sort_by_key(|o| o.due);

    let bytes = match args.output.machine() {
        Some(machine) => {
            let records: Vec<OverdueRow> = late
                .iter()
                .map(|o| {
                    let agency = &plan.registry.agencies[o.agency];
                    let extension = o.task.milestones[o.milestone].extended.as_deref();
                    OverdueRow {
                        id: &o.task.id,
                        group: &o.task.group,
                        title: &o.task.title,
                        milestone: o.milestone + 1,
                        milestone_label: &o.task.milestones[o.milestone].label,
                        occurrence: o.occurrence,
                        agency: &agency.id,
                        agency_name: &agency.name,
                        due: o.due.map(crate::dates::iso).unwrap_or_default(),
                        days_overdue: o.days_overdue(as_of).unwrap_or(0),
                        state: o.state,
                        deadline: &o.task.deadline,
                        extended_from: extension.and_then(|e| e.from).map(crate::dates::iso),
                        decision: extension.map(|e| e.decision.reference.as_str()),
                        taken_over_from: o.handed_over.map(|(from, _)| plan.registry.agencies[from].id.as_str()),
                    }
                })
                .collect();
            args.output.records(machine, &records)?
        }
        None => table(args, session, plan, &late).into_bytes(),
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}

fn table(args: &Args, session: &Session, plan: &crate::model::Plan, late: &[Obligation]) -> String {
    let lang = session.lang;
    let as_of = session.as_of;
    let rows = crate::eval::group_by_milestone(late);
    if rows.is_empty() {
        return match lang {
            Lang::Vi => format!("Không có nhiệm vụ quá hạn tính đến ngày {}.\n", i18n::date(as_of)),
            Lang::En => format!("Nothing overdue as of {}.\n", i18n::date(as_of)),
        };
    }
    let screen = session.screen;
    let header = [
        lang.pick("TT", "No."),
        lang.pick("Nhiệm vụ", "Task"),
        lang.pick("Cơ quan chưa hoàn thành", "Agencies owing"),
        lang.pick("Hạn", "Due"),
        lang.pick("Quá hạn", "Late"),
    ];
    // A national plan's list runs to tens of thousands of rows: they are built in parallel.
    let body: Vec<Vec<String>> = rows
        .par_iter()
        .map(|(o, owing)| {
            let task = o.task;
            let mut title = task.title.clone();
            if task.milestones.len() > 1 || o.occurrence.is_some() {
                let milestone = &task.milestones[o.milestone].label;
                let marker = screen.marker();
                title = match o.occurrence {
                    Some(year) => {
                        let occurrence = crate::render::occurrence_label(o.due, year, lang);
                        format!("{title}\n{marker} {milestone} ({occurrence})")
                    }
                    None => format!("{title}\n{marker} {milestone}"),
                };
            }
            let days = o.days_overdue(as_of).unwrap_or(0);
            let late_cell = match o.state {
                State::Overdue => format!("{days} {}", lang.pick("ngày", if days == 1 { "day" } else { "days" })),
                State::DueToday => lang.pick("đến hạn hôm nay", "due today").to_string(),
                _ => match lang {
                    Lang::Vi => format!("còn {} ngày", -days),
                    Lang::En => format!("in {} {}", -days, if days == -1 { "day" } else { "days" }),
                },
            };
            vec![
                task.id.clone(),
                title,
                crate::render::owing_cell(plan, task, owing, lang, args.expand),
                crate::render::due_text(o.due, &task.milestones[o.milestone], lang),
                late_cell,
            ]
        })
        .collect();
    let mut overdue_tasks = std::collections::HashSet::new();
    let mut soon_tasks = std::collections::HashSet::new();
    for (o, _) in &rows {
        if o.state == State::Overdue {
            overdue_tasks.insert(o.task_index);
        } else {
            soon_tasks.insert(o.task_index);
        }
    }
    // Most overdue first: the rows were keyed by due date, earliest first. The title gets
    // what the other columns leave, over at most two lines a paragraph.
    let layout = crate::render::Layout { right: &[4], flexible: Some(1), lines: Some(2) };
    let mut text = crate::render::laid_out(&header, body, screen.width, layout);
    text.push('\n');
    let mut footer = match lang {
        Lang::Vi => format!("{} nhiệm vụ quá hạn", overdue_tasks.len()),
        Lang::En => format!("{} tasks overdue", overdue_tasks.len()),
    };
    if let Some(days) = args.within {
        footer.push_str(&match lang {
            Lang::Vi => format!(", {} nhiệm vụ đến hạn trong {days} ngày tới", soon_tasks.len()),
            Lang::En => format!(", {} tasks due in the next {days} days", soon_tasks.len()),
        });
    }
    footer.push_str(&match lang {
        Lang::Vi => format!(" tính đến ngày {}.", i18n::date(as_of)),
        Lang::En => format!(" as of {}.", i18n::date(as_of)),
    });
    text.push_str(&screen.prose(&footer, 0));
    text.push('\n');
    text
}
