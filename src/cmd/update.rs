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

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The task's number ("16", "45a")
    pub id: String,
    /// The reporting agency (id, full name or alias)
    #[arg(long, value_name = "AGENCY")]
    pub by: String,
    #[arg(long, value_name = "STATUS", value_parser = crate::status::TypedStatus)]
    pub status: Status,
    /// Percentage done, 0–100
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,
    /// What happened; required for blocked and dropped
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The note read from a file (UTF-8), or from standard input with `-`: for a long note
    #[arg(long, value_name = "FILE", conflicts_with = "note")]
    pub note_file: Option<PathBuf>,
    /// What proves it ("Kế hoạch số 123/KH-SKHCN ngày 20/6/2025")
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
    /// The evidence read from a file (UTF-8), or from standard input with `-`
    #[arg(long, value_name = "FILE", conflicts_with = "evidence")]
    pub evidence_file: Option<PathBuf>,
    /// The milestone it is about (1, 2, ... as `plan show` numbers them); default: the whole task
    #[arg(long, value_name = "M")]
    pub milestone: Option<u32>,
    /// The year of a yearly milestone's occurrence; default: the earliest the agency has not completed
    #[arg(long = "for", value_name = "YEAR")]
    pub occurrence: Option<i32>,
    /// Date of the update (default: the as-of date)
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub date: Option<NaiveDate>,
    /// Also commit the change with git, with a message naming the agency and the task
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let args = &with_texts_read(args, lang)?;
    let dir = &session.dir;
    if !task::is_plain_id(&args.id) {
        return Err(Refusal::from(Problem::InvalidId { id: args.id.clone() }).into());
    }
    let id = task_file_id(&dir.tasks_dir(), &args.id)?;
    let relative = PathBuf::from("tasks").join(format!("{id}.toml"));
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
        Err(_) => return Err(crate::cmd::unknown_task(&id, std::iter::empty()).into()),
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
    for (key, text) in [("note", &args.note), ("evidence", &args.evidence)] {
        if text.as_deref().is_some_and(crate::text::has_control) {
            return Err(Refusal::from(Problem::ControlCharacter { key: key.to_string() }).into());
        }
    }
    let date = args.date.unwrap_or(session.as_of);
    if date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    if let Some(problem) = task::before_issued(date, base.meta.issued) {
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
    let Some(task) = draft.and_then(|d| d.task).filter(|_| problems.iter().all(|p| p.problem.is_warning())) else {
        return plan_needs_fixing(session, &problems, io);
    };
    let involved = Involved::of(&base.registry, &task.owner, &task.partners);
    let occurrence = match args.occurrence {
        Some(year) => Some(year),
        None => default_occurrence(&task, by, args.milestone, args.status, date).map_err(Refusal::from)?,
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
    if let Some(same) = repeated(&task, by, args, occurrence) {
        return Err(Refusal::from(Problem::DuplicateUpdate { date: i18n::date(same.date) }).into());
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
        // Clerks name a yearly plan by the year it is for, not the year it is due: the
        // due date says which one is meant.
        let due = task.occurrence_due(args.milestone.map(|m| m as usize - 1), year).map(i18n::date);
        let label = match due {
            Some(due) => format!("{} {due} ({year})", lang.pick("hạn", "due")),
            None => year.to_string(),
        };
        text.push_str(&format!("  {}: {label}\n", lang.pick("Kỳ", "Occurrence")));
    }
    if let Some(note) = &args.note {
        text.push_str(&format!("  {}: {note}\n", lang.pick("Ghi chú", "Note")));
    }
    if let Some(evidence) = &args.evidence {
        text.push_str(&format!("  {}: {evidence}\n", lang.pick("Minh chứng", "Evidence")));
    }
    if let Some(commit) = commit {
        text.push_str(&format!("{} {commit}: {message}\n", lang.pick("Đã commit", "Committed")));
    } else if let Some(commands) = git_commands(&dir.root, &path, &message) {
        text.push_str(&format!("{}\n  {commands}\n", lang.pick("Bước tiếp theo:", "Next:")));
    }
    io.out.write_all(text.as_bytes())?;
    if args.status == Status::Done && args.evidence.is_none() {
        writeln!(
            io.err,
            "{}",
            lang.pick(
                "lưu ý: chưa có minh chứng (--evidence); Sở KH&CN kiểm tra minh chứng của từng nhiệm vụ hoàn thành",
                "note: no evidence given (--evidence); DOST checks the evidence of every task reported done"
            )
        )?;
    }
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
    if problems.iter().any(|p| !p.problem.is_warning()) || count != Some(expected_updates) {
        let details: Vec<String> = problems.iter().map(|p| p.problem.text(crate::i18n::Lang::En).0).collect();
        anyhow::bail!(
            "internal error: the updated file would not read back ({}); nothing was written",
            details.join("; ")
        );
    }
    Ok(())
}

/// For a yearly milestone: the earliest occurrence the agency has not reported done, up to
/// the current one (the first due on or after `date`). A `done` when every occurrence up to
/// the current one is done would complete one not yet due — a double submission, most
/// likely — so it is refused and the clerk says `--for YEAR` if that is really meant.
fn default_occurrence(
    task: &crate::model::Task,
    by: usize,
    milestone: Option<u32>,
    status: Status,
    date: NaiveDate,
) -> Result<Option<i32>, Problem> {
    use chrono::Datelike;
    let Some((index, month, day, first_year)) =
        task.milestones.iter().enumerate().find_map(|(i, m)| match m.schedule {
            Schedule::Yearly { month, day, first_year } if milestone.is_none_or(|n| n as usize == i + 1) => {
                Some((i, month, day, first_year))
            }
            _ => None,
        })
    else {
        return Ok(None);
    };
    let due = |year| Schedule::yearly_due(month, day, year);
    let current = (first_year..=date.year().max(first_year) + 1)
        .find(|&year| due(year).is_some_and(|d| d >= date))
        .unwrap_or(date.year().max(first_year) + 1);
    let done =
        |year| task.updates.iter().any(|u| u.by == by && u.status == Status::Done && u.covers(index, Some(year)));
    match (first_year..=current).find(|&year| !done(year)) {
        Some(year) => Ok(Some(year)),
        None if status == Status::Done => Err(Problem::OccurrenceAlreadyDone {
            due: due(current).map(i18n::date).unwrap_or_else(|| current.to_string()),
            next: current + 1,
        }),
        // Progress on what comes next.
        None => Ok(Some(current + 1)),
    }
}

/// The agency's latest record on the same milestone and occurrence, when the new one says
/// exactly what it said: a second submission of the same update.
fn repeated<'t>(
    task: &'t crate::model::Task,
    by: usize,
    args: &Args,
    occurrence: Option<i32>,
) -> Option<&'t crate::model::Update> {
    let milestone = args.milestone.map(|m| m as usize - 1);
    let latest = task
        .updates
        .iter()
        .enumerate()
        .filter(|(_, u)| u.by == by && u.milestone == milestone && u.occurrence == occurrence)
        .max_by_key(|(i, u)| (u.date, *i))
        .map(|(_, u)| u)?;
    let same_text = |a: Option<&str>, b: &Option<String>| a == b.as_deref().map(|t| crate::text::nfc(t)).as_deref();
    (latest.status == args.status
        && latest.progress == args.progress
        && same_text(latest.note.as_deref(), &args.note)
        && same_text(latest.evidence.as_deref(), &args.evidence))
    .then_some(latest)
}

/// The id of the task file `typed` names: as typed when that file is there, else the one
/// file whose id it is in another case ("45A"). An id the plan splits into parts ("45" for
/// 45a, 45b, ...) is refused, naming the parts. Only when the file is not there are the
/// files listed.
fn task_file_id(tasks_dir: &Path, typed: &str) -> Result<String, Refusal> {
    if std::fs::symlink_metadata(tasks_dir.join(format!("{typed}.toml"))).is_ok() {
        return Ok(typed.to_string());
    }
    let mut stems: Vec<String> = std::fs::read_dir(tasks_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "toml").then(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))?
        })
        .collect();
    stems.sort_by(|a, b| crate::text::natural_cmp(a, b));
    let alike: Vec<&String> = stems.iter().filter(|s| s.eq_ignore_ascii_case(typed)).collect();
    if let [only] = alike[..] {
        return Ok(only.clone());
    }
    let parts: Vec<String> = stems.iter().filter(|s| crate::model::is_part_of(s, typed)).cloned().collect();
    if !parts.is_empty() {
        return Err(Problem::TaskInParts { id: typed.to_string(), parts }.into());
    }
    Err(crate::cmd::unknown_task(typed, stems.iter().map(String::as_str)))
}

/// The git commands that commit the file alone, as a clerk can paste them from the
/// current folder; none when the plan is not in a git repository (or git is missing).
fn git_commands(root: &Path, path: &Path, message: &str) -> Option<String> {
    let top = crate::git::top_of(root)?;
    let in_repo = crate::git::path_in_repo(&top, path).ok()?;
    let quote = crate::git::shell_quote;
    let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
    let from_cwd = cwd.as_deref().and_then(|cwd| {
        let top = top.canonicalize().ok()?;
        let path = path.canonicalize().ok()?;
        cwd.starts_with(&top).then(|| path.strip_prefix(cwd).ok()).flatten().map(|p| p.to_string_lossy().into_owned())
    });
    Some(match from_cwd {
        // `commit -- FILE` commits that file alone, whatever else is staged.
        Some(file) => format!("git add {0} && git commit -m {1} -- {0}", quote(&file), quote(message)),
        None => {
            let top = quote(&top.to_string_lossy());
            format!("git -C {top} add {0} && git -C {top} commit -m {1} -- {0}", quote(&in_repo), quote(message))
        }
    })
}

/// `args` with the note and the evidence read from `--note-file` and `--evidence-file`.
fn with_texts_read(args: &Args, lang: Lang) -> anyhow::Result<Args> {
    let mut args = args.clone();
    let mut stdin_taken = false;
    for (file, text) in [(&args.note_file, &mut args.note), (&args.evidence_file, &mut args.evidence)] {
        if let Some(file) = file {
            if file.as_os_str() == "-" && std::mem::replace(&mut stdin_taken, true) {
                anyhow::bail!(
                    "{}",
                    lang.pick(
                        "chỉ một trong --note-file và --evidence-file đọc được từ đầu vào chuẩn (-)",
                        "only one of --note-file and --evidence-file can read standard input (-)"
                    )
                );
            }
            *text = Some(read_text_file(file, lang)?);
        }
    }
    Ok(args)
}

/// A text typed in a file (or standard input, `-`) as a record keeps it: UTF-8 without a
/// byte-order mark, LF line endings, NFC, no trailing blank lines or spaces.
fn read_text_file(file: &Path, lang: Lang) -> anyhow::Result<String> {
    use std::io::Read;
    let shown = file.display();
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    if let Err(error) = read {
        match lang {
            Lang::Vi => anyhow::bail!("không đọc được tệp {shown}: {error}"),
            Lang::En => anyhow::bail!("cannot read {shown}: {error}"),
        }
    }
    let Ok(text) = String::from_utf8(bytes) else {
        match lang {
            Lang::Vi => anyhow::bail!("tệp {shown} không phải văn bản UTF-8; lưu lại với bảng mã UTF-8"),
            Lang::En => anyhow::bail!("{shown} is not UTF-8 text; save it again as UTF-8"),
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
    Ok(crate::text::nfc(text.trim_end()).into_owned())
}
