//! Writing one record into one task file, the same way for every command that does
//! (`update`, `propose`, `amend`): the task named as a clerk types it, the plan's lock, the
//! file read back as the loader will before it is replaced, and git told or asked.

use std::path::{Path, PathBuf};

use crate::cmd::{Exit, Io, Session};
use crate::diagnostic::{Problem, Refusal};
use crate::edit::Edit;
use crate::i18n::Lang;
use crate::load::{self, task, Base};
use crate::model::Task;

/// A task file named on the command line.
pub(crate) struct Named {
    /// `tasks/16.toml`
    pub relative: PathBuf,
    pub path: PathBuf,
}

/// The task file `typed` names, refused unless it is a regular file.
pub(crate) fn named(session: &Session, typed: &str) -> anyhow::Result<Named> {
    let lang = session.lang;
    let dir = &session.dir;
    if !task::is_plain_id(typed) {
        return Err(Refusal::from(Problem::InvalidId { id: typed.to_string() }).into());
    }
    let id = task_file_id(&dir.tasks_dir(), typed)?;
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
    Ok(Named { relative, path })
}

/// The registry, the metadata and the events: only they and the one task are read,
/// whatever the plan's size. Their problems are shown, and stop the command.
pub(crate) fn base(session: &Session, io: &mut Io) -> anyhow::Result<Result<Base, Exit>> {
    let mut diagnostics = Vec::new();
    let base = load::load_base(&session.dir, &mut diagnostics);
    if !diagnostics.is_empty() {
        return plan_needs_fixing(session, &diagnostics, io).map(Err);
    }
    Ok(Ok(base))
}

/// The task file opened for an edit (the lock held), and the task as it reads now.
pub(crate) struct Opened {
    pub edit: Edit,
    pub task: Box<Task>,
}

/// Takes the lock, reads the task under it and refuses a file with problems; with
/// `commit`, first makes sure the commit will hold the new record alone.
pub(crate) fn open(
    session: &Session,
    named: &Named,
    ctx: &task::Context,
    commit: bool,
    io: &mut Io,
) -> anyhow::Result<Result<Opened, Exit>> {
    let dir = &session.dir;
    if commit {
        crate::git::ensure_repository(&dir.root)?;
    }
    let edit = Edit::begin(dir, &named.relative, session.lang, io.err)?;
    if commit {
        // Under the lock, so another `--commit` run has finished committing by now.
        ensure_committable(&dir.root, &named.path, &edit.display, session.lang)?;
    }
    let (draft, problems) = load::read_task(dir, ctx, &named.path, &named.relative);
    let Some(task) = draft.and_then(|d| d.task).filter(|_| problems.iter().all(|p| p.problem.is_warning())) else {
        return plan_needs_fixing(session, &problems, io).map(Err);
    };
    Ok(Ok(Opened { edit, task }))
}

/// The kinds of record a task file is appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Update,
    Proposal,
    Amendment,
}

impl Kind {
    /// The array of tables the records are written under.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Update => "updates",
            Kind::Proposal => "proposals",
            Kind::Amendment => "amendments",
        }
    }

    /// How many records of this kind `task` has.
    pub(crate) fn count(self, task: &Task) -> usize {
        match self {
            Kind::Update => task.updates.len(),
            Kind::Proposal => task.proposals.len(),
            Kind::Amendment => task.amendments.len(),
        }
    }
}

/// A record to append to a task file.
pub(crate) struct NewRecord<'a> {
    pub kind: Kind,
    pub table: toml_edit::Table,
    /// Whether to commit it alone, with `message`.
    pub commit: bool,
    pub message: &'a str,
}

/// Appends `record` to the opened file, after reading the result back: the task must then
/// have one record more of its kind. Commits it alone when asked. Returns the lines that
/// say what happened with git: the commit made, or the commands to make it.
pub(crate) fn append(
    session: &Session,
    named: &Named,
    ctx: &task::Context,
    opened: Opened,
    record: NewRecord,
) -> anyhow::Result<String> {
    let NewRecord { kind, table, commit, message } = record;
    let dir = &session.dir;
    let lang = session.lang;
    let original = &opened.edit.original;
    let updated = crate::write::append_text(original, &record_text(kind.key(), table));
    let expected = kind.count(&opened.task) + 1;
    verify(dir, ctx, &named.relative, &updated, |task| kind.count(task) == expected, lang)?;
    opened.edit.write(&updated)?;
    let display = opened.edit.display.clone();
    let made =
        if commit { Some(commit_alone(&dir.root, &named.path, original, message, &display, lang)?) } else { None };
    // Held until the commit is made: a run writing in between would put its record into
    // this commit, or find git's index locked.
    drop(opened);
    Ok(git_said(&dir.root, &named.path, made, message, lang))
}

/// What happened with git, for the confirmation: the commit made, or the commands that make
/// it (none outside a repository).
pub(crate) fn git_said(root: &Path, path: &Path, made: Option<String>, message: &str, lang: Lang) -> String {
    match made {
        Some(hash) => format!("{} {hash}: {message}\n", lang.pick("Đã commit", "Committed")),
        None => match git_commands(root, path, message) {
            Some(commands) => format!("{}\n  {commands}\n", lang.pick("Bước tiếp theo:", "Next:")),
            None => String::new(),
        },
    }
}

/// The agency typed after `--by`: an agency, not a collective, by any of its names.
pub(crate) fn agency_by(registry: &crate::registry::Registry, typed: &str) -> Result<usize, Refusal> {
    match registry.resolve_loose(typed) {
        Ok(crate::registry::AgencyRef::Agency(i)) => Ok(i),
        Ok(crate::registry::AgencyRef::Collective(_)) => {
            Err(Problem::CollectiveNotAgency { name: typed.to_string() }.into())
        }
        Err(suggestion) => {
            let name = crate::text::nfc(typed).into_owned();
            Err(Problem::UnknownAgency { name, suggestion }.into())
        }
    }
}

/// Refuses a new record whose file, read back, has problems: each shown in the file as it
/// would be, then that nothing was written.
pub(crate) fn refuse_problems(problems: &[crate::diagnostic::Diagnostic], lang: Lang) -> anyhow::Result<()> {
    let errors: Vec<_> = problems.iter().filter(|p| !p.problem.is_warning()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = errors.iter().map(|p| p.render(lang, false)).collect();
    anyhow::bail!(
        "{}\n{}",
        shown.join("\n"),
        lang.pick("bản ghi mới không hợp lệ nên chưa ghi gì", "the new record is not valid, so nothing was written")
    )
}

/// Shows the problems that stop a record being written, then says to fix them first.
pub(crate) fn plan_needs_fixing(
    session: &Session,
    problems: &[crate::diagnostic::Diagnostic],
    io: &mut Io,
) -> anyhow::Result<Exit> {
    session.print_diagnostics(problems, io.err)?;
    let lang = session.lang;
    write!(io.err, "{}", lang.pick("Sửa các lỗi trên trước khi ghi.\n", "Fix the problems above first.\n"))?;
    Ok(Exit::Problems)
}

/// Refuses, before anything is written, a record whose commit could not hold it alone:
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
                "có thay đổi chưa commit; commit hoặc bỏ các thay đổi đó trước (git diff HEAD -- <tệp>), để commit này chỉ chứa bản ghi mới; chưa ghi gì",
                "has uncommitted changes; commit or discard them first (git diff HEAD -- <file>), so that this commit holds the new record alone; nothing written"
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
                    "commit không thành công nên bản ghi đã được rút lại:",
                    "the commit failed, so the record was taken back:"
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
                    "xoá bản ghi cuối cùng trong tệp trước khi chạy lại",
                    "remove the last record from the file before running again"
                ),
            ),
        }
    }
    crate::git::short_head(root)
}

/// Reads the new content back as the loader will, before anything is written: it must have
/// no problem and give a task `as_expected` accepts.
pub(crate) fn verify(
    dir: &load::PlanDir,
    ctx: &task::Context,
    relative: &Path,
    bytes: &[u8],
    as_expected: impl Fn(&Task) -> bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let text = crate::source::decode(bytes.to_vec())
        .map_err(|_| anyhow::anyhow!("internal error: the new file is not UTF-8"))?;
    let file = crate::source::SourceFile::new(dir.display(relative), &text);
    let mut problems = Vec::new();
    let draft = load::document::parse_source(&file, &mut problems, |file, table, diags| {
        task::read(ctx, relative, file, table, diags)
    });
    let read_as_expected = draft.and_then(|d| d.task).is_some_and(|t| as_expected(&t));
    refuse_problems(&problems, lang)?;
    if !read_as_expected {
        anyhow::bail!("internal error: the new file would not read back as expected; nothing was written");
    }
    Ok(())
}

/// The id of the task file `typed` names: as typed when that file is there, else the one
/// file whose id it is in another case ("45A"). An id the plan splits into parts ("45" for
/// 45a, 45b, ...) is refused, naming the parts. Only when the file is not there are the
/// files listed.
pub(crate) fn task_file_id(tasks_dir: &Path, typed: &str) -> Result<String, Refusal> {
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
pub(crate) fn git_commands(root: &Path, path: &Path, message: &str) -> Option<String> {
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

/// What a proposal or an amendment may change of a task.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Changes {
    /// The new deadline, worded as the plan words them ("Trong quý III/2025")
    #[arg(long, value_name = "WORDING")]
    pub deadline: Option<String>,
    /// The new expected result (Yêu cầu về kết quả)
    #[arg(long, value_name = "TEXT")]
    pub result: Option<String>,
    /// The new lead agency (repeat for several)
    #[arg(long, value_name = "AGENCY")]
    pub owner: Vec<String>,
    /// The new partner agencies (repeat for several)
    #[arg(long, value_name = "AGENCY")]
    pub partners: Vec<String>,
    /// Cancel the task (bãi bỏ)
    #[arg(long)]
    pub cancel: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.deadline.is_none()
            && self.result.is_none()
            && self.owner.is_empty()
            && self.partners.is_empty()
            && !self.cancel
    }

    /// The changes into `table` as TOML values, agencies under the registry's own names;
    /// a name the registry does not know, or a control character, is refused.
    pub fn write_into(
        &self,
        registry: &crate::registry::Registry,
        table: &mut toml_edit::Table,
    ) -> Result<(), Refusal> {
        use toml_edit::{value, Array};
        for (key, text) in [("deadline", &self.deadline), ("result", &self.result)] {
            if let Some(text) = text {
                if crate::text::has_control(text) {
                    return Err(Problem::ControlCharacter { key: key.to_string() }.into());
                }
                table[key] = value(crate::text::nfc(text.trim()).into_owned());
            }
        }
        for (key, names) in [("owner", &self.owner), ("partners", &self.partners)] {
            if names.is_empty() {
                continue;
            }
            let mut array = Array::new();
            for name in names {
                match registry.resolve_loose(name) {
                    Ok(r) => array.push(registry.name(r)),
                    Err(suggestion) => {
                        let name = crate::text::nfc(name).into_owned();
                        return Err(Problem::UnknownAgency { name, suggestion }.into());
                    }
                }
            }
            table[key] = value(array);
        }
        if self.cancel {
            table["cancel"] = value(true);
        }
        Ok(())
    }
}

/// One `[[key]]` record holding `table`, as TOML text.
pub(crate) fn record_text(key: &str, table: toml_edit::Table) -> String {
    let mut records = toml_edit::ArrayOfTables::new();
    records.push(table);
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert(key, toml_edit::Item::ArrayOfTables(records));
    doc.to_string()
}

/// A date as a TOML value.
pub(crate) fn toml_date(date: chrono::NaiveDate) -> anyhow::Result<toml_edit::Item> {
    let date = crate::dates::to_toml(date)
        .ok_or_else(|| anyhow::anyhow!("{}: a TOML date has a year from 0 to 9999", crate::dates::iso(date)))?;
    Ok(toml_edit::value(date))
}
