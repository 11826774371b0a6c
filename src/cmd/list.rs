//! `plan list`: the plan's tasks, filtered by agency or group.

use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use crate::i18n::Lang;
use crate::render::{describe_schedule, refs_text};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only tasks this agency leads or supports (id, full name or alias)
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// Only tasks of this group (I–VII)
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

#[derive(Serialize, Default)]
struct ListRow<'a> {
    id: &'a str,
    group: &'a str,
    title: &'a str,
    owner: String,
    partners: String,
    result: &'a str,
    deadline: &'a str,
    /// Each milestone's meaning, "; "-separated.
    schedule: String,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts(io.err)?;
    let plan = &loaded.plan;
    let lang = session.lang;
    let only = args.agency.as_deref().map(|name| session.agencies_named(loaded, name)).transpose()?;
    if let Some(group) = &args.group {
        if plan.group_title(group).is_none() {
            let known: Vec<_> = plan.meta.groups.iter().map(|g| g.id.as_str()).collect();
            anyhow::bail!(
                "{} \"{group}\" ({}: {})",
                lang.pick("không có nhóm", "unknown group"),
                lang.pick("các nhóm", "groups"),
                known.join(", ")
            );
        }
    }
    let tasks: Vec<_> = plan
        .tasks
        .iter()
        // A task cancelled by a decision in force leaves the lists (`plan show` still tells it).
        .filter(|t| t.cancelled.is_none())
        .filter(|t| args.group.as_ref().is_none_or(|g| &t.group == g))
        .filter(|t| {
            only.as_ref().is_none_or(|agencies| {
                let involved = plan.registry.expand(&[t.owner.as_slice(), t.partners.as_slice()].concat());
                involved.iter().any(|a| agencies.contains(a))
            })
        })
        .collect();
    let schedule = |t: &crate::model::Task| {
        let described = |m: &crate::model::Milestone| {
            let text = describe_schedule(plan, m, lang);
            match crate::render::extension_note(m, m.schedule.due(), lang) {
                Some(note) => format!("{text} ({note})"),
                None => text,
            }
        };
        t.milestones.iter().map(described).collect::<Vec<_>>().join("; ")
    };
    let bytes = match args.output.machine() {
        Some(machine) => {
            let records: Vec<ListRow> = tasks
                .iter()
                .map(|t| ListRow {
                    id: &t.id,
                    group: &t.group,
                    title: &t.title,
                    owner: refs_text(plan, &t.owner, t.owner_text.as_deref()),
                    partners: refs_text(plan, &t.partners, t.partners_text.as_deref()),
                    result: &t.result,
                    deadline: &t.deadline,
                    schedule: schedule(t),
                })
                .collect();
            args.output.records(machine, &records)?
        }
        None => {
            let header = [
                lang.pick("TT", "No."),
                lang.pick("Nhóm", "Group"),
                lang.pick("Nhiệm vụ", "Task"),
                lang.pick("Cơ quan chủ trì", "Lead agency"),
                lang.pick("Hạn", "Due"),
            ];
            let rows = tasks
                .iter()
                .map(|t| {
                    let owners = t.owner.iter().map(|r| plan.registry.short(*r)).collect::<Vec<_>>().join(", ");
                    vec![t.id.clone(), t.group.clone(), t.title.clone(), owners, schedule(t)]
                })
                .collect();
            let layout = crate::render::Layout { right: &[], flexible: Some(2), lines: Some(2) };
            let mut text = crate::render::laid_out(&header, rows, session.screen.width, layout);
            text.push('\n');
            text.push_str(&match lang {
                Lang::Vi => format!("{} nhiệm vụ.\n", tasks.len()),
                Lang::En => format!("{} tasks.\n", tasks.len()),
            });
            text.into_bytes()
        }
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}
