//! `plan log [ID]`: the history of update records, with the commit and author that
//! brought each in when the plan is in a git repository.

use serde::Serialize;

use crate::cmd::{Exit, Session};
use crate::git::{self, Commit};
use crate::i18n::{self, Lang};
use crate::text::truncate;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this task's updates
    pub id: Option<String>,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

#[derive(Serialize, Default)]
struct Record<'a> {
    id: &'a str,
    date: String,
    agency: &'a str,
    status: &'a str,
    progress: Option<u8>,
    milestone: Option<usize>,
    occurrence: Option<i32>,
    note: Option<&'a str>,
    evidence: Option<&'a str>,
    commit: Option<String>,
    author: Option<String>,
    author_email: Option<String>,
}

pub fn run(args: &Args, session: &Session, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts();
    let plan = &loaded.plan;
    let lang = session.lang;
    let tasks: Vec<_> = match &args.id {
        Some(id) => match plan.task(id) {
            Some(task) => vec![task],
            None => anyhow::bail!("{} \"{id}\"", lang.pick("không có nhiệm vụ", "no task")),
        },
        None => plan.tasks.iter().filter(|t| !t.updates.is_empty()).collect(),
    };
    let in_git = git::ensure_repository(&plan.root).is_ok();
    let mut entries = Vec::new();
    for task in tasks {
        let path = plan.root.join(&task.path);
        // One blame per file, only for files that have updates.
        let blame = if in_git && !task.updates.is_empty() {
            git::blame(&plan.root, &path).unwrap_or_default()
        } else {
            Vec::new()
        };
        for update in &task.updates {
            let commit: Option<&Commit> = blame.get(update.line as usize - 1).filter(|c| !c.is_uncommitted());
            entries.push((task, update, commit.cloned()));
        }
    }
    entries.sort_by_key(|e| e.1.date);

    let records: Vec<Record> = entries
        .iter()
        .map(|(task, u, commit)| Record {
            id: &task.id,
            date: u.date.format("%Y-%m-%d").to_string(),
            agency: &plan.registry.agencies[u.by].id,
            status: u.status.key(),
            progress: u.progress,
            milestone: u.milestone.map(|m| m + 1),
            occurrence: u.occurrence,
            note: u.note.as_deref(),
            evidence: u.evidence.as_deref(),
            commit: commit.as_ref().map(|c| c.hash.clone()),
            author: commit.as_ref().map(|c| c.author.clone()),
            author_email: commit.as_ref().map(|c| c.email.clone()),
        })
        .collect();
    let text = match args.output.machine() {
        Some(machine) => args.output.records(machine, &records)?,
        None if entries.is_empty() => lang.pick("Chưa có cập nhật nào.\n", "No updates yet.\n").as_bytes().to_vec(),
        None => {
            let header = [
                lang.pick("Ngày", "Date"),
                lang.pick("TT", "No."),
                lang.pick("Cơ quan", "Agency"),
                lang.pick("Trạng thái", "Status"),
                lang.pick("Commit", "Commit"),
            ];
            let uncommitted = if in_git { lang.pick("(chưa commit)", "(not committed)") } else { "" };
            let rows = entries
                .iter()
                .map(|(task, u, commit)| {
                    let mut status = u.status.label(lang).to_string();
                    if let Some(p) = u.progress {
                        status.push_str(&format!(" {p}%"));
                    }
                    if let Some(note) = &u.note {
                        status.push_str(&format!("\n{}", truncate(note, 40)));
                    }
                    let who = commit.as_ref().map_or_else(
                        || uncommitted.to_string(),
                        |c| format!("{} {}\n{}", c.short(), c.author, c.email),
                    );
                    vec![i18n::date(u.date), task.id.clone(), plan.registry.agencies[u.by].short.clone(), status, who]
                })
                .collect();
            let mut text = crate::render::table(&header, rows, crate::render::table_width(), &[]);
            text.push('\n');
            text.push_str(&match lang {
                Lang::Vi => format!("{} bản ghi cập nhật.\n", entries.len()),
                Lang::En => format!("{} update records.\n", entries.len()),
            });
            text.into_bytes()
        }
    };
    crate::cmd::emit(out, text);
    Ok(exit)
}
