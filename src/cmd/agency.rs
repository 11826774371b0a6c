//! `plan agency NAME`: one agency's own list, for the clerk who prepares its report.

use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use crate::eval::{Obligation, State};
use crate::figures;
use crate::i18n::{self, Lang};
use crate::model::Task;
use crate::model::Update;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The agency (id, full name or alias)
    pub name: String,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

/// One line of the agency's list: an obligation it leads, or a task it supports.
struct Entry<'p> {
    task: &'p Task,
    obligation: Option<Obligation<'p>>,
    latest: Option<&'p Update>,
}

#[derive(Serialize, Default)]
struct AgencyRow<'a> {
    id: &'a str,
    title: &'a str,
    /// "lead" or "partner".
    role: &'a str,
    milestone: Option<usize>,
    occurrence: Option<i32>,
    due: Option<String>,
    state: Option<State>,
    last_update: Option<String>,
    last_status: Option<&'a str>,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let lang = session.lang;
    let agencies = session.agencies_named(loaded, &args.name)?;
    let &[agency] = agencies.as_slice() else {
        let members: Vec<&str> = agencies.iter().map(|&a| plan.registry.agencies[a].short.as_str()).collect();
        let (name, count, members) = (crate::text::nfc(&args.name), agencies.len(), members.join(", "));
        match lang {
            Lang::Vi => anyhow::bail!(
                "\"{name}\" là một nhóm cơ quan gồm {count} cơ quan: {members}; hãy chọn một cơ quan thành viên"
            ),
            Lang::En => anyhow::bail!(
                "\"{name}\" is a collective of {count} agencies: {members}; name one of its member agencies"
            ),
        }
    };
    let views = figures::views(plan, session.as_of);
    let mut entries = Vec::new();
    for view in &views {
        let own: Vec<Obligation> = view.obligations.iter().filter(|o| o.agency == agency).copied().collect();
        if own.is_empty() {
            if plan.registry.expand(&view.task.partners).contains(&agency) {
                let latest = crate::eval::latest_update_where(view.task, session.as_of, |u| u.by == agency);
                entries.push(Entry { task: view.task, obligation: None, latest });
            }
        } else {
            entries.extend(own.into_iter().map(|o| Entry { task: view.task, obligation: Some(o), latest: o.latest }));
        }
    }
    let iso = crate::dates::iso;
    let bytes = match args.output.machine() {
        Some(machine) => {
            let records: Vec<AgencyRow> = entries
                .iter()
                .map(|e| AgencyRow {
                    id: &e.task.id,
                    title: &e.task.title,
                    role: if e.obligation.is_some() { "lead" } else { "partner" },
                    milestone: e.obligation.map(|o| o.milestone + 1),
                    occurrence: e.obligation.and_then(|o| o.occurrence),
                    due: e.obligation.and_then(|o| o.due).map(iso),
                    state: e.obligation.map(|o| o.state),
                    last_update: e.latest.map(|u| iso(u.date)),
                    last_status: e.latest.map(|u| u.status.key()),
                })
                .collect();
            args.output.records(machine, &records)?
        }
        None => {
            let name = &plan.registry.agencies[agency].name;
            let heading = match lang {
                Lang::Vi => format!("{name} — tính đến ngày {}\n", i18n::date(session.as_of)),
                Lang::En => format!("{name} — as of {}\n", i18n::date(session.as_of)),
            };
            let mut text = session.screen.prose(&heading, 2);
            let header = [
                lang.pick("TT", "No."),
                lang.pick("Nhiệm vụ", "Task"),
                lang.pick("Vai trò", "Role"),
                lang.pick("Hạn", "Due"),
                lang.pick("Tình trạng", "State"),
                lang.pick("Cập nhật", "Updated"),
            ];
            let rows = entries
                .iter()
                .map(|e| {
                    let mut title = e.task.title.clone();
                    if let Some(o) = e.obligation {
                        if let Some(year) = o.occurrence {
                            title.push_str(&format!(" ({})", crate::render::occurrence_label(o.due, year, lang)));
                        }
                    }
                    let mut role = match e.obligation {
                        Some(_) => lang.pick("Chủ trì", "Lead"),
                        None => lang.pick("Phối hợp", "Partner"),
                    }
                    .to_string();
                    if let Some((from, since)) = e.obligation.and_then(|o| o.handed_over) {
                        role.push_str(&crate::render::taken_over(plan, from, since, lang));
                    }
                    let updated = e
                        .latest
                        .map(|u| format!("{} {}", i18n::date(u.date), u.status.label(lang)))
                        .unwrap_or_default();
                    vec![
                        e.task.id.clone(),
                        title,
                        role,
                        e.obligation
                            .map(|o| crate::render::due_text(o.due, &e.task.milestones[o.milestone], lang))
                            .unwrap_or_default(),
                        e.obligation.map(|o| o.state.label(lang)).unwrap_or_default().to_string(),
                        updated,
                    ]
                })
                .collect();
            let layout = crate::render::Layout { right: &[], flexible: Some(1), lines: Some(2) };
            text.push_str(&crate::render::laid_out(&header, rows, session.screen.width, layout));
            text.push('\n');
            text.into_bytes()
        }
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}
