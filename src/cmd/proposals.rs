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
    id: &'a str,
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
    let ids = |refs: &Option<Vec<crate::registry::AgencyRef>>| {
        refs.as_ref().map(|refs| refs.iter().map(|r| plan.registry.id(*r)).collect::<Vec<_>>().join(";"))
    };
    let bytes = match args.output.machine() {
        Some(machine) => {
            let rows: Vec<ProposalRow> = views
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
                    }
                })
                .collect();
            args.output.records(machine, &rows)?
        }
        None => table(session, plan, &views, args.all).into_bytes(),
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}

fn table(session: &Session, plan: &crate::model::Plan, views: &[crate::decisions::ProposalView], all: bool) -> String {
    let lang = session.lang;
    if views.is_empty() {
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
    let body: Vec<Vec<String>> = views
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
    let layout = crate::render::Layout { right: &[], flexible: Some(3), lines: None };
    let mut text = crate::render::laid_out(&header, body, session.screen.width, layout);
    text.push('\n');
    let open = views.iter().filter(|v| v.decided_by.is_none()).count();
    text.push_str(&match lang {
        Lang::Vi => format!("{open} đề xuất chờ UBND tỉnh quyết định, tính đến ngày {}.\n", i18n::date(session.as_of)),
        Lang::En => format!(
            "{open} proposal(s) awaiting the People's Committee's decision, as of {}.\n",
            i18n::date(session.as_of)
        ),
    });
    text
}
