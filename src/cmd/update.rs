//! `plan update ID --by AGENCY --status STATUS ...`: append one update record to a
//! task's file, keeping every byte already there.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cmd::{Exit, Io, Session};
use crate::deadline::Schedule;
use crate::diagnostic::{Problem, Refusal};
use crate::edit::Edit;
use crate::i18n::{self, Lang};
use crate::load::{self, task};
use crate::rules::{self, Involved, Proposed};
use crate::status::Status;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The task's number ("16", "45a")
    pub id: String,
    /// The reporting agency (id, full name or alias)
    #[arg(long, value_name = "AGENCY")]
    pub by: String,
    #[arg(long, value_enum)]
    pub status: Status,
    /// Percentage done, 0–100
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,
    /// What happened; required for blocked and dropped
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// What proves it ("Kế hoạch số 123/KH-SKHCN ngày 20/6/2025")
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
    /// The milestone it is about (1, 2, ... as `plan show` numbers them); default: the whole task
    #[arg(long, value_name = "M")]
    pub milestone: Option<u32>,
    /// The year of a yearly milestone's occurrence; default: the earliest the agency has not completed
    #[arg(long = "for", value_name = "YEAR")]
    pub occurrence: Option<i32>,
    /// Date of the update (default: the as-of date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::dates::parse_iso)]
    pub date: Option<NaiveDate>,
    /// Also commit the change with git, with a message naming the agency and the task
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let dir = &session.dir;
    if !task::is_plain_id(&args.id) {
        return Err(Refusal::from(Problem::InvalidId { id: args.id.clone() }).into());
    }
    let relative = PathBuf::from("tasks").join(format!("{}.toml", args.id));
    let path = dir.root.join(&relative);
    match std::fs::symlink_metadata(&path) {
        Ok(metadata) if metadata.file_type().is_file() => {}
        Ok(_) => anyhow::bail!(
            "{}: {}",
            dir.display(&relative),
            lang.pick(
                "không phải tệp thường (liên kết hay thư mục); không ghi vào",
                "not a regular file (a link or a folder); nothing written"
            )
        ),
        Err(_) => return Err(unknown_task(&dir.tasks_dir(), &args.id).into()),
    }
    // Only the registry, the metadata and this one task are read, whatever the plan's size.
    let mut diagnostics = Vec::new();
    let base = load::load_base(dir, &mut diagnostics);
    if !diagnostics.is_empty() {
        return plan_needs_fixing(session, &diagnostics, io);
    }
    let by = match base.registry.resolve_loose(&args.by) {
        Ok(crate::registry::AgencyRef::Agency(i)) => i,
        Ok(crate::registry::AgencyRef::Collective(_)) => {
            return Err(Refusal::from(Problem::CollectiveNotAgency { name: args.by.clone() }).into())
        }
        Err(suggestion) => {
            let name = crate::text::nfc(&args.by).into_owned();
            return Err(Refusal::from(Problem::UnknownAgency { name, suggestion }).into());
        }
    };
    let date = args.date.unwrap_or(session.as_of);
    if date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    if args.commit {
        crate::git::ensure_repository(&dir.root)?;
    }

    let ctx = base.task_context();
    let edit = Edit::begin(dir, &relative, lang, io.err)?;
    if args.commit {
        // Under the lock, so another `--commit` run has finished committing by now.
        ensure_committable(&dir.root, &path, &edit.display, lang)?;
    }
    let original = &edit.original;
    let (draft, problems) = load::read_task(dir, &ctx, &path, &relative);
    let Some(task) = draft.and_then(|d| d.task).filter(|_| problems.is_empty()) else {
        return plan_needs_fixing(session, &problems, io);
    };
    let involved = Involved::of(&base.registry, &task.owner, &task.partners);
    let occurrence = match args.occurrence {
        Some(year) => Some(year),
        None => default_occurrence(&task, by, args.milestone, date),
    };
    let proposed = Proposed {
        by,
        status: args.status,
        progress: args.progress.map(i64::from),
        note: args.note.as_deref(),
        milestone: args.milestone.map(i64::from),
        occurrence: occurrence.map(i64::from),
    };
    let refusals = rules::check(&base.registry, &involved, &task.milestones, &proposed);
    if !refusals.is_empty() {
        return Err(Refusal(refusals.into_iter().map(|(_, problem)| problem).collect()).into());
    }

    let agency = &base.registry.agencies[by];
    let record = record_text(&agency.id, date, args, occurrence)?;
    let updated = crate::write::append_text(original, &record);
    verify(dir, &ctx, &relative, &updated, task.updates.len() + 1)?;
    edit.write(&updated)?;
    let display = edit.display.clone();
    let message = match lang {
        Lang::Vi => format!("{} cập nhật nhiệm vụ {}: {}", agency.name, task.id, args.status.label(Lang::Vi)),
        Lang::En => format!("{} updates task {}: {}", agency.name, task.id, args.status.label(Lang::En)),
    };
    let commit =
        if args.commit { Some(commit_alone(&dir.root, &path, original, &message, &display, lang)?) } else { None };
    // Held until the commit is made: a run writing in between would put its record into
    // this commit, or find git's index locked.
    drop(edit);

    let mut text = String::new();
    text.push_str(&format!("{} {display}:\n", lang.pick("Đã ghi cập nhật vào", "Recorded in")));
    text.push_str(&format!("  {}: {}\n", lang.pick("Cơ quan", "Agency"), agency.name));
    let progress = args.progress.map_or_else(String::new, |p| format!(" ({p}%)"));
    text.push_str(&format!("  {}: {}{progress}\n", lang.pick("Trạng thái", "Status"), args.status.label(lang)));
    text.push_str(&format!("  {}: {}\n", lang.pick("Ngày", "Date"), i18n::date(date)));
    if let Some(m) = args.milestone {
        text.push_str(&format!(
            "  {}: {m}. {}\n",
            lang.pick("Mốc", "Milestone"),
            task.milestones[m as usize - 1].label
        ));
    }
    if let Some(year) = occurrence {
        text.push_str(&format!("  {}: {year}\n", lang.pick("Kỳ", "Occurrence")));
    }
    if let Some(note) = &args.note {
        text.push_str(&format!("  {}: {note}\n", lang.pick("Ghi chú", "Note")));
    }
    if let Some(evidence) = &args.evidence {
        text.push_str(&format!("  {}: {evidence}\n", lang.pick("Minh chứng", "Evidence")));
    }
    if let Some(commit) = commit {
        text.push_str(&format!("{} {commit}: {message}\n", lang.pick("Đã commit", "Committed")));
    } else {
        text.push_str(&format!(
            "{}\n  git add {} && git commit -m {}\n",
            lang.pick("Bước tiếp theo:", "Next:"),
            crate::git::shell_quote(&path_from_cwd(&path)),
            crate::git::shell_quote(&message)
        ));
    }
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

/// Shows the problems that stop an update, then says to fix them first.
fn plan_needs_fixing(
    session: &Session,
    problems: &[crate::diagnostic::Diagnostic],
    io: &mut Io,
) -> anyhow::Result<Exit> {
    session.print_diagnostics(problems, io.err)?;
    let lang = session.lang;
    write!(
        io.err,
        "{}",
        lang.pick("Sửa các lỗi trên trước khi cập nhật.\n", "Fix the problems above before updating.\n")
    )?;
    Ok(Exit::Problems)
}

/// Refuses, before anything is written, an update whose commit could not hold it alone:
/// when the task file already has changes git has not committed (they would go into the
/// agency's commit), or when git's index is locked (the commit would fail after the write).
pub(crate) fn ensure_committable(root: &Path, path: &Path, display: &str, lang: Lang) -> anyhow::Result<()> {
    let index_lock = crate::git::git_dir(root)?.join("index.lock");
    if std::fs::symlink_metadata(&index_lock).is_ok() {
        anyhow::bail!(
            "{} ({}): {}",
            lang.pick("chỉ mục của git đang bị khoá", "git's index is locked"),
            index_lock.display(),
            lang.pick(
                "một lệnh git khác đang chạy hoặc đã dừng giữa chừng; chờ nó xong, hoặc xoá tệp đó nếu không còn lệnh git nào chạy; chưa ghi gì",
                "another git command is running or stopped halfway; wait for it, or remove that file if no git command is running; nothing written"
            )
        );
    }
    if crate::git::has_uncommitted_changes(root, path)? {
        anyhow::bail!(
            "{display} {}",
            lang.pick(
                "có thay đổi chưa commit; commit hoặc bỏ các thay đổi đó trước (git diff HEAD -- <tệp>), để commit này chỉ chứa cập nhật mới; chưa ghi gì",
                "has uncommitted changes; commit or discard them first (git diff HEAD -- <file>), so that this commit holds the new update alone; nothing written"
            )
        );
    }
    Ok(())
}

/// Commits the task file alone (`--only`: whatever else is staged stays out of it) and
/// returns the short hash. When git refuses, the file gets its `original` bytes back, so
/// that running the command again does not record the update twice.
pub(crate) fn commit_alone(
    root: &Path,
    path: &Path,
    original: &[u8],
    message: &str,
    display: &str,
    lang: Lang,
) -> anyhow::Result<String> {
    if let Err(error) = crate::git::commit_only(root, path, message) {
        match crate::write::write_atomic(path, original) {
            Ok(()) => anyhow::bail!(
                "{} {display} {}\n  {error:#}",
                lang.pick(
                    "commit không thành công nên cập nhật đã được rút lại:",
                    "the commit failed, so the update was taken back:"
                ),
                lang.pick("trở lại như trước", "is as it was"),
            ),
            Err(restore) => anyhow::bail!(
                "{} {display} ({restore}); {}\n  {error:#}",
                lang.pick(
                    "commit không thành công, và không khôi phục được",
                    "the commit failed, and could not restore"
                ),
                lang.pick(
                    "xoá bản ghi [[updates]] cuối cùng trong tệp trước khi chạy lại",
                    "remove the last [[updates]] record from the file before running again"
                ),
            ),
        }
    }
    crate::git::short_head(root)
}

/// The record as TOML, formatted by toml_edit so every value is quoted correctly.
fn record_text(by: &str, date: NaiveDate, args: &Args, occurrence: Option<i32>) -> anyhow::Result<String> {
    use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};
    let mut table = Table::new();
    table["by"] = value(by);
    let toml_date = crate::dates::to_toml(date)
        .ok_or_else(|| anyhow::anyhow!("{}: a TOML date has a year from 0 to 9999", crate::dates::iso(date)))?;
    table["date"] = value(toml_date);
    table["status"] = value(args.status.key());
    if let Some(progress) = args.progress {
        table["progress"] = value(i64::from(progress));
    }
    if let Some(milestone) = args.milestone {
        table["milestone"] = value(i64::from(milestone));
    }
    if let Some(year) = occurrence {
        table["for"] = value(i64::from(year));
    }
    if let Some(note) = &args.note {
        table["note"] = value(crate::text::nfc(note).into_owned());
    }
    if let Some(evidence) = &args.evidence {
        table["evidence"] = value(crate::text::nfc(evidence).into_owned());
    }
    let mut records = ArrayOfTables::new();
    records.push(table);
    let mut doc = DocumentMut::new();
    doc.insert("updates", Item::ArrayOfTables(records));
    Ok(doc.to_string())
}

/// Reads the new content back as the loader will, before anything is written.
fn verify(
    dir: &load::PlanDir,
    ctx: &task::Context,
    relative: &Path,
    bytes: &[u8],
    expected_updates: usize,
) -> anyhow::Result<()> {
    let text = crate::source::decode(bytes.to_vec())
        .map_err(|_| anyhow::anyhow!("internal error: the new file is not UTF-8"))?;
    let file = crate::source::SourceFile::new(dir.display(relative), &text);
    let mut problems = Vec::new();
    let draft = load::document::parse_source(&file, &mut problems, |file, table, diags| {
        task::read(ctx, relative, file, table, diags)
    });
    let count = draft.and_then(|d| d.task).map(|t| t.updates.len());
    if !problems.is_empty() || count != Some(expected_updates) {
        let details: Vec<String> = problems.iter().map(|p| p.problem.text(crate::i18n::Lang::En).0).collect();
        anyhow::bail!(
            "internal error: the updated file would not read back ({}); nothing was written",
            details.join("; ")
        );
    }
    Ok(())
}

/// For a yearly milestone: the earliest occurrence, up to the year after `date`, that the
/// agency has not reported done.
fn default_occurrence(task: &crate::model::Task, by: usize, milestone: Option<u32>, date: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    let (index, first_year) = task.milestones.iter().enumerate().find_map(|(i, m)| match m.schedule {
        Schedule::Yearly { first_year, .. } if milestone.is_none_or(|n| n as usize == i + 1) => Some((i, first_year)),
        _ => None,
    })?;
    (first_year..=date.year().max(first_year) + 1).find(|&year| {
        !task.updates.iter().any(|u| u.by == by && u.status == Status::Done && u.covers(index, Some(year)))
    })
}

/// The message for an id with no task file; only on this error path are the files listed.
fn unknown_task(tasks_dir: &Path, id: &str) -> Refusal {
    let stems: Vec<String> = std::fs::read_dir(tasks_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    crate::cmd::unknown_task(id, stems.iter().map(String::as_str))
}

/// The path as a clerk would type it from the current folder.
fn path_from_cwd(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
