//! `plan log [ID]`: the history of update records, with the commit and author that
//! brought each in when the plan is in a git repository.

use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::git::{self, Commit};
use crate::i18n::{self, Lang};
use crate::model::{Plan, Task};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this task's updates
    pub id: Option<String>,
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

#[derive(Serialize, Default)]
struct LogRow<'a> {
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

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts(io.err)?;
    let plan = &loaded.plan;
    let lang = session.lang;
    let tasks: Vec<_> = match &args.id {
        Some(id) => match plan.task(id) {
            Some(task) => vec![task],
            // "45": the history of its parts 45a, 45b, ...
            None if !plan.parts(id).is_empty() => plan.parts(id).into_iter().map(|i| &*plan.tasks[i]).collect(),
            None => return Err(crate::cmd::unknown_task(id, plan.tasks.iter().map(|t| t.id.as_str())).into()),
        },
        None => plan.tasks.iter().map(Box::as_ref).filter(|t| !t.updates.is_empty()).collect(),
    };
    let top = git::ensure_repository(&plan.root).ok();
    let in_git = top.is_some();
    let with_updates: Vec<&Task> = tasks.into_iter().filter(|t| !t.updates.is_empty()).collect();
    let credits = match &top {
        Some(top) => credits(top, plan, &with_updates, with_updates.len() == 1)?,
        None => HashMap::new(),
    };
    let mut entries = Vec::new();
    for task in with_updates {
        let makers = credits.get(&task.path).map(Vec::as_slice).unwrap_or_default();
        for (i, update) in task.updates.iter().enumerate() {
            entries.push((task, update, makers.get(i).cloned().flatten()));
        }
    }
    entries.sort_by_key(|e| e.1.date);

    let records: Vec<LogRow> = entries
        .iter()
        .map(|(task, u, commit)| LogRow {
            id: &task.id,
            date: crate::dates::iso(u.date),
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
                        status.push_str(&format!("\n{}", crate::render::cut_words(note, 40)));
                    }
                    let who = commit.as_ref().map_or_else(
                        || uncommitted.to_string(),
                        |c| format!("{} {}\n{}", c.short(), c.author, c.email),
                    );
                    vec![i18n::date(u.date), task.id.clone(), plan.registry.agencies[u.by].short.clone(), status, who]
                })
                .collect();
            let mut text = crate::render::table(&header, rows, session.screen.width, &[]);
            text.push('\n');
            text.push_str(&match lang {
                Lang::Vi => format!("{} bản ghi cập nhật.\n", entries.len()),
                Lang::En => format!("{} update records.\n", entries.len()),
            });
            text.into_bytes()
        }
    };
    io.out.write_all(&text)?;
    Ok(exit)
}

/// For each task file, the commit that added each of its records (in file order; none for
/// a record not committed yet): the first commit in history whose version of the file holds
/// it, so a record the merge driver moved stays credited to the clerk who wrote it.
fn credits(
    top: &Path,
    plan: &Plan,
    tasks: &[&Task],
    one_task: bool,
) -> anyhow::Result<HashMap<PathBuf, Vec<Option<Commit>>>> {
    let mut by_repo_path: HashMap<String, &Task> = HashMap::new();
    for task in tasks {
        by_repo_path.insert(git::path_in_repo(top, &plan.root.join(&task.path))?, task);
    }
    let pathspec = match (one_task, tasks.first()) {
        (true, Some(task)) => git::path_in_repo(top, &plan.root.join(&task.path))?,
        _ => git::path_in_repo(top, &plan.root.join("tasks"))?,
    };
    let mut requests = Vec::new();
    let mut makers = Vec::new();
    for (commit, paths) in git::file_changes(top, &pathspec)? {
        for path in paths.into_iter().filter(|p| by_repo_path.contains_key(p)) {
            requests.push(format!("{}:{path}", commit.hash));
            makers.push((commit.clone(), path));
        }
    }
    let blobs = git::read_many(top, &requests)?;
    let mut versions: HashMap<&str, Vec<(Commit, String)>> = HashMap::new();
    for ((commit, path), blob) in makers.iter().zip(blobs) {
        let Some(blob) = blob else { continue };
        let text = crate::source::decode(blob).unwrap_or_default();
        versions.entry(path.as_str()).or_default().push((commit.clone(), text));
    }
    let mut out = HashMap::new();
    for (repo_path, task) in by_repo_path {
        let credited = crate::records::credit(versions.remove(repo_path.as_str()).unwrap_or_default());
        let current = crate::source::read_text(&plan.root.join(&task.path)).unwrap_or_default();
        let current = crate::text::nfc(&current);
        let Ok(parsed) = crate::records::parse(&current) else { continue };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // `task.updates` are the file's update records in file order; proposals and
        // amendments are not listed, so they take no place in the list.
        let makers = parsed
            .records
            .iter()
            .filter(|record| record.kind == crate::records::Kind::Update)
            .map(|record| {
                let occurrence = seen.entry(record.key.as_str()).or_insert(0);
                *occurrence += 1;
                credited.get(&record.key).and_then(|makers| makers.get(*occurrence - 1)).cloned()
            })
            .collect();
        out.insert(task.path.clone(), makers);
    }
    Ok(out)
}
