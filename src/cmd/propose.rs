//! `plan propose ID --by AGENCY --reason TEXT [--deadline ...] [--cancel] ...`: a lead
//! agency asks for a change of its task (the plan, III.4), as a `[[proposals]]` record
//! appended to the task's file; DOST compiles the open ones (`plan proposals`) for the
//! People's Committee to decide (`plan amend`).

use chrono::NaiveDate;
use toml_edit::{value, Table};

use crate::cmd::task_file::{self, Changes};
use crate::cmd::{Exit, Io, Session};
use crate::diagnostic::{Problem, Refusal};
use crate::i18n::{self, Lang};
use crate::load::task;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The task's number ("10", "45a"); with --new-task, the number suggested for the new task
    #[arg(required_unless_present = "new_task")]
    pub id: Option<String>,
    /// The proposing agency: one that leads the task (id, full name or alias)
    #[arg(long, value_name = "AGENCY")]
    pub by: String,
    /// Why the change is asked for
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub changes: Changes,
    /// Propose a new task (in plan/proposals.toml) rather than a change of one
    #[arg(long)]
    pub new_task: bool,
    /// The new task's group (I, II, ...)
    #[arg(long, value_name = "GROUP", requires = "new_task")]
    pub group: Option<String>,
    /// The new task's title
    #[arg(long, value_name = "TEXT", requires = "new_task")]
    pub title: Option<String>,
    /// Date of the proposal (default: the as-of date)
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub date: Option<NaiveDate>,
    /// Also commit the change with git, with a message naming the agency and the task
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    if crate::text::has_control(&args.reason) {
        return Err(Refusal::from(Problem::ControlCharacter { key: "reason".into() }).into());
    }
    let date = args.date.unwrap_or(session.as_of);
    if date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    if args.new_task {
        return new_task(args, session, date, io);
    }
    let named = task_file::named(session, args.id.as_deref().unwrap_or_default())?;
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let registry = &base.registry;
    let by = task_file::agency_by(registry, &args.by)?;
    if args.changes.is_empty() {
        return Err(Refusal::from(Problem::ChangesNothing { record: "proposal" }).into());
    }
    let mut table = Table::new();
    table["by"] = value(registry.agencies[by].id.as_str());
    table["date"] = task_file::toml_date(date)?;
    table["reason"] = value(crate::text::nfc(args.reason.trim()).into_owned());
    args.changes.write_into(registry, &mut table)?;

    let ctx = base.task_context();
    let opened = match task_file::open(session, &named, &ctx, args.commit, io)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let task = &opened.task;
    let leads = task::leads(registry, task);
    if let Some(problem) = crate::load::changes::proposal_refused(registry, &task.id, &leads, by, date) {
        return Err(Refusal::from(problem).into());
    }
    let number = task.proposals.len() + 1;
    let agency = &registry.agencies[by];
    let message = match lang {
        Lang::Vi => format!("{} đề xuất điều chỉnh nhiệm vụ {} (đề xuất số {number})", agency.name, task.id),
        Lang::En => format!("{} proposes a change of task {} (proposal {number})", agency.name, task.id),
    };
    let display = opened.edit.display.clone();
    let record =
        task_file::NewRecord { kind: task_file::Kind::Proposal, table, commit: args.commit, message: &message };
    let git = task_file::append(session, &named, &ctx, opened, record)?;

    let mut text = match lang {
        Lang::Vi => format!("Đã ghi đề xuất số {number} vào {display}:\n"),
        Lang::En => format!("Recorded proposal {number} in {display}:\n"),
    };
    text.push_str(&format!("  {}: {}\n", lang.pick("Cơ quan", "Agency"), agency.name));
    text.push_str(&format!("  {}: {}\n", lang.pick("Ngày", "Date"), i18n::date(date)));
    text.push_str(&format!("  {}: {}\n", lang.pick("Lý do", "Reason"), args.reason.trim()));
    text.push_str(&describe(&args.changes, lang));
    text.push_str(&git);
    text.push_str(lang.pick(
        "Sở KH&CN tổng hợp các đề xuất (plan proposals) trình UBND tỉnh quyết định.\n",
        "DOST compiles the proposals (plan proposals) for the People's Committee to decide.\n",
    ));
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

/// `plan propose --new-task`: a `[[proposals]]` record appended to plan/proposals.toml.
fn new_task(args: &Args, session: &Session, date: NaiveDate, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let dir = &session.dir;
    let missing: Vec<&str> = [
        ("--group", args.group.is_none()),
        ("--title", args.title.is_none()),
        ("--owner", args.changes.owner.is_empty()),
        ("--deadline", args.changes.deadline.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, missing)| missing.then_some(flag))
    .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "{}: {}",
            lang.pick("đề xuất nhiệm vụ mới cần thêm", "a new task's proposal needs"),
            missing.join(", ")
        );
    }
    if args.changes.cancel {
        anyhow::bail!("{}", lang.pick("--cancel không dùng với --new-task", "--cancel does not go with --new-task"));
    }
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let registry = &base.registry;
    let by = task_file::agency_by(registry, &args.by)?;
    if args.title.as_deref().is_some_and(crate::text::has_control) {
        return Err(Refusal::from(Problem::ControlCharacter { key: "title".into() }).into());
    }
    let mut leads = Vec::new();
    for name in &args.changes.owner {
        if let Ok(lead) = registry.resolve_loose(name) {
            leads.extend(registry.expand(&[lead]));
        }
    }
    if let Some(problem) = crate::load::changes::proposal_refused(registry, "", &leads, by, date) {
        return Err(Refusal::from(problem).into());
    }
    let mut table = Table::new();
    table["by"] = value(registry.agencies[by].id.as_str());
    table["date"] = task_file::toml_date(date)?;
    table["reason"] = value(crate::text::nfc(args.reason.trim()).into_owned());
    if let Some(id) = &args.id {
        table["id"] = value(id.as_str());
    }
    table["group"] = value(args.group.clone().unwrap_or_default());
    table["title"] = value(crate::text::nfc(args.title.as_deref().unwrap_or_default().trim()).into_owned());
    args.changes.write_into(registry, &mut table)?;
    let record = task_file::record_text(task_file::Kind::Proposal.key(), table);

    let relative = std::path::Path::new(crate::load::proposals::FILE);
    let path = dir.root.join(relative);
    if std::fs::symlink_metadata(&path).is_err() {
        // The first proposal of a new task starts the file (under the lock, if still missing).
        let lock_display = dir.display(std::path::Path::new(crate::write::LOCK_FILE));
        let lock = crate::write::lock(&dir.root, &lock_display, lang, io.err)?;
        if std::fs::symlink_metadata(&path).is_err() {
            crate::write::write_atomic(&path, PROPOSALS_HEADER.as_bytes())?;
        }
        drop(lock);
    }
    if args.commit {
        crate::git::ensure_repository(&dir.root)?;
    }
    let edit = crate::edit::Edit::begin(dir, relative, lang, io.err)?;
    if args.commit {
        task_file::ensure_committable(&dir.root, &path, &edit.display, lang)?;
    }
    let original = edit.original.clone();
    let updated = crate::write::append_text(&original, &record);
    // Read back as the loader will: the new record must pass, and be the last.
    let text = crate::source::decode(updated.clone()).map_err(|_| anyhow::anyhow!("internal error: not UTF-8"))?;
    let file = crate::source::SourceFile::new(edit.display.clone(), &crate::text::nfc(&text));
    let ctx = base.task_context();
    let mut problems = Vec::new();
    let read = crate::load::document::parse_source(&file, &mut problems, |file, table, d| {
        crate::load::proposals::read(&ctx, file, table, d)
    });
    task_file::refuse_problems(&problems, lang)?;
    let number = read.map_or(0, |r| r.len());
    edit.write(&updated)?;
    let display = edit.display.clone();
    let agency = &registry.agencies[by];
    let message = match lang {
        Lang::Vi => format!("{} đề xuất nhiệm vụ mới (đề xuất số {number})", agency.name),
        Lang::En => format!("{} proposes a new task (proposal {number})", agency.name),
    };
    let committed = if args.commit {
        Some(task_file::commit_alone(&dir.root, &path, &original, &message, &display, lang)?)
    } else {
        None
    };
    drop(edit);
    let mut text = match lang {
        Lang::Vi => format!("Đã ghi đề xuất nhiệm vụ mới số {number} vào {display}:\n"),
        Lang::En => format!("Recorded new-task proposal {number} in {display}:\n"),
    };
    text.push_str(&format!("  {}: {}\n", lang.pick("Cơ quan", "Agency"), agency.name));
    text.push_str(&format!("  {}: {}\n", lang.pick("Nhiệm vụ", "Task"), args.title.as_deref().unwrap_or_default()));
    text.push_str(&format!("  {}: {}\n", lang.pick("Lý do", "Reason"), args.reason.trim()));
    text.push_str(&describe(&args.changes, lang));
    text.push_str(&task_file::git_said(&dir.root, &path, committed, &message, lang));
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

/// The head of a new plan/proposals.toml.
const PROPOSALS_HEADER: &str = "# New tasks the agencies propose (plan propose --new-task), for the People's\n# Committee to decide (plan amend --new-task --proposal N). Records are only appended.\n";

/// The changes as lines of the confirmation.
pub(crate) fn describe(changes: &Changes, lang: Lang) -> String {
    let mut text = String::new();
    if let Some(deadline) = &changes.deadline {
        text.push_str(&format!("  {}: {deadline}\n", lang.pick("Thời hạn mới", "New deadline")));
    }
    if !changes.owner.is_empty() {
        text.push_str(&format!("  {}: {}\n", lang.pick("Chủ trì mới", "New lead"), changes.owner.join("; ")));
    }
    if !changes.partners.is_empty() {
        text.push_str(&format!("  {}: {}\n", lang.pick("Phối hợp mới", "New partners"), changes.partners.join("; ")));
    }
    if let Some(result) = &changes.result {
        text.push_str(&format!("  {}: {result}\n", lang.pick("Kết quả mới", "New result")));
    }
    if changes.cancel {
        text.push_str(&format!("  {}\n", lang.pick("Bãi bỏ nhiệm vụ", "Cancel the task")));
    }
    text
}
