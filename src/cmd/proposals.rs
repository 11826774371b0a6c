//! `plan proposals`: the changes agencies have proposed and the People's Committee has not
//! yet decided, for DOST to compile (`--all` adds the decided ones).

use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use crate::i18n::{self, Lang};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Also the proposals already decided
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

#[derive(Serialize, Default)]
struct ProposalRow<'a> {
    /// The task's number; for a new task, the number it suggests (or empty).
    id: &'a str,
    /// Whether it proposes a new task (numbered in plan/proposals.toml) rather than a change
    /// of task `id` (numbered in the task's file).
    new_task: bool,
    /// A new task's title.
    title: Option<&'a str>,
    number: usize,
    agency: &'a str,
    agency_name: &'a str,
    date: String,
    reason: &'a str,
    deadline: Option<&'a str>,
    result: Option<&'a str>,
    owner: Option<String>,
    partners: Option<String>,
    cancel: bool,
    /// The decision that answered it, if any.
    decision: Option<&'a str>,
    decided: Option<String>,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts(io.err)?;
    let plan = &loaded.plan;
    let views = crate::decisions::proposals(plan, session.as_of, !args.all);
    let new_tasks = crate::decisions::new_tasks(plan, session.as_of, !args.all);
    let ids = |refs: &Option<Vec<crate::registry::AgencyRef>>| {
        refs.as_ref().map(|refs| refs.iter().map(|r| plan.registry.id(*r)).collect::<Vec<_>>().join(";"))
    };
    let bytes = match args.output.machine() {
        Some(machine) => {
            let mut rows: Vec<ProposalRow> = views
                .iter()
                .map(|v| {
                    let agency = &plan.registry.agencies[v.proposal.by];
                    ProposalRow {
                        id: &v.task.id,
                        number: v.number,
                        agency: &agency.id,
                        agency_name: &agency.name,
                        date: crate::dates::iso(v.proposal.date),
                        reason: &v.proposal.reason,
                        deadline: v.proposal.deadline.as_deref(),
                        result: v.proposal.result.as_deref(),
                        owner: ids(&v.proposal.owner),
                        partners: ids(&v.proposal.partners),
                        cancel: v.proposal.cancel,
                        decision: v.decided_by.map(|a| a.decision.reference.as_str()),
                        decided: v.decided_by.map(|a| crate::dates::iso(a.decision.date)),
                        ..Default::default()
                    }
                })
                .collect();
            rows.extend(new_tasks.iter().map(|v| {
                let p = v.proposal;
                let agency = &plan.registry.agencies[p.by];
                let decision = v.decided_by.and_then(|t| t.added.as_ref());
                ProposalRow {
                    id: p.id.as_deref().unwrap_or_default(),
                    new_task: true,
                    title: Some(&p.title),
                    number: v.number,
                    agency: &agency.id,
                    agency_name: &agency.name,
                    date: crate::dates::iso(p.date),
                    reason: &p.reason,
                    deadline: Some(&p.deadline),
                    result: Some(&p.result),
                    owner: ids(&Some(p.owner.clone())),
                    partners: ids(&Some(p.partners.clone())),
                    cancel: false,
                    decision: decision.map(|d| d.reference.as_str()),
                    decided: decision.map(|d| crate::dates::iso(d.date)),
                }
            }));
            args.output.records(machine, &rows)?
        }
        None => table(session, plan, &views, &new_tasks, args.all).into_bytes(),
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}

fn table(
    session: &Session,
    plan: &crate::model::Plan,
    views: &[crate::decisions::ProposalView],
    new_tasks: &[crate::decisions::NewTaskView],
    all: bool,
) -> String {
    let lang = session.lang;
    if views.is_empty() && new_tasks.is_empty() {
        return match lang {
            Lang::Vi => format!(
                "Không có đề xuất điều chỉnh nào đang chờ quyết định tính đến ngày {}.\n",
                i18n::date(session.as_of)
            ),
            Lang::En => format!("No proposal awaiting a decision as of {}.\n", i18n::date(session.as_of)),
        };
    }
    let mut header = vec![
        lang.pick("TT", "No."),
        lang.pick("Đề xuất", "Proposal"),
        lang.pick("Cơ quan", "Agency"),
        lang.pick("Nội dung đề xuất", "Asked for"),
        lang.pick("Lý do", "Reason"),
    ];
    if all {
        header.push(lang.pick("Quyết định", "Decision"));
    }
    let mut body: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let mut row = vec![
                v.task.id.clone(),
                format!("{} ({})", v.number, i18n::date(v.proposal.date)),
                plan.registry.agencies[v.proposal.by].short.clone(),
                crate::decisions::asked(plan, v.proposal, lang),
                v.proposal.reason.clone(),
            ];
            if all {
                row.push(v.decided_by.map_or_else(
                    || lang.pick("chờ quyết định", "awaiting").to_string(),
                    |a| format!("{} ({})", a.decision.short(), i18n::date(a.decision.date)),
                ));
            }
            row
        })
        .collect();
    body.extend(new_tasks.iter().map(|v| {
        let p = v.proposal;
        let mut row = vec![
            format!("{} {}", lang.pick("mới", "new"), p.id.as_deref().unwrap_or_default()).trim_end().to_string(),
            format!("{} ({})", v.number, i18n::date(p.date)),
            plan.registry.agencies[p.by].short.clone(),
            crate::decisions::asked_new(plan, p, lang),
            p.reason.clone(),
        ];
        if all {
            row.push(v.decided_by.and_then(|t| t.added.as_ref()).map_or_else(
                || lang.pick("chờ quyết định", "awaiting").to_string(),
                |d| format!("{} ({})", d.short(), i18n::date(d.date)),
            ));
        }
        row
    }));
    let layout = crate::render::Layout { right: &[], flexible: Some(3), lines: None };
    let mut text = crate::render::laid_out(&header, body, session.screen.width, layout);
    text.push('\n');
    let open = views.iter().filter(|v| v.decided_by.is_none()).count()
        + new_tasks.iter().filter(|v| v.decided_by.is_none()).count();
    text.push_str(&match lang {
        Lang::Vi => format!("{open} đề xuất chờ UBND tỉnh quyết định, tính đến ngày {}.\n", i18n::date(session.as_of)),
        Lang::En => format!(
            "{open} proposal(s) awaiting the People's Committee's decision, as of {}.\n",
            i18n::date(session.as_of)
        ),
    });
    text
}
