//! `plan amend ID --decision "Quyết định số 123/QĐ-UBND" --decided DATE [--deadline ...]
//! [--cancel] ...`: record a change the People's Committee decided, as an `[[amendments]]`
//! record appended to the task's file; from the decision's date on, every table and report
//! reads the task as amended (see [`crate::in_force`]). `plan amend --new-task ID ...` adds
//! a task by decision. Only DOST's administrators make these commits (`plan audit`).

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{value, Table};

use crate::cmd::task_file::{self, Changes};
use crate::cmd::{Exit, Io, Session};
use crate::diagnostic::{Problem, Refusal};
use crate::i18n::{self, Lang};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The task's number ("10", "45a"); with --new-task, the number of the new task
    pub id: String,
    /// The decision's reference ("Quyết định số 123/QĐ-UBND")
    #[arg(long, value_name = "TEXT")]
    pub decision: String,
    /// The decision's date: the change applies from this day on
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub decided: NaiveDate,
    #[command(flatten)]
    pub changes: Changes,
    /// The new due date, when the decision gives a date rather than a wording
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub due: Option<NaiveDate>,
    /// The proposal the decision answers (1, 2, ... as `plan proposals` numbers them: in the task's file, or with --new-task in plan/proposals.toml)
    #[arg(long, value_name = "N")]
    pub proposal: Option<u32>,
    /// Add a new task by the decision, instead of amending one
    #[arg(long)]
    pub new_task: bool,
    /// The new task's group (I, II, ...)
    #[arg(long, value_name = "GROUP", requires = "new_task")]
    pub group: Option<String>,
    /// The new task's title
    #[arg(long, value_name = "TEXT", requires = "new_task")]
    pub title: Option<String>,
    /// Also commit the change with git, with a message citing the decision
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    if args.decision.trim().is_empty() {
        return Err(Refusal::from(Problem::EmptyValue { key: "decision".into() }).into());
    }
    for (key, text) in [("decision", Some(&args.decision)), ("title", args.title.as_ref())] {
        if text.is_some_and(|t| crate::text::has_control(t)) {
            return Err(Refusal::from(Problem::ControlCharacter { key: key.into() }).into());
        }
    }
    if args.decided > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(args.decided), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    if args.new_task {
        new_task(args, session, io)
    } else {
        amend(args, session, io)
    }
}

fn amend(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    if args.changes.is_empty() && args.due.is_none() {
        return Err(Refusal::from(Problem::ChangesNothing { record: "amendment" }).into());
    }
    let named = task_file::named(session, &args.id)?;
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let mut table = Table::new();
    table["decision"] = value(crate::text::nfc(args.decision.trim()).into_owned());
    table["decided"] = task_file::toml_date(args.decided)?;
    args.changes.write_into(&base.registry, &mut table)?;
    if let Some(due) = args.due {
        table["due"] = task_file::toml_date(due)?;
    }
    if let Some(number) = args.proposal {
        table["proposal"] = value(i64::from(number));
    }
    let ctx = base.task_context();
    let opened = match task_file::open(session, &named, &ctx, args.commit, io)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let task = &opened.task;
    if let Some(number) = args.proposal {
        if number == 0 || number as usize > task.proposals.len() {
            let problem = Problem::NoSuchProposal { number: i64::from(number), count: task.proposals.len() };
            return Err(Refusal::from(problem).into());
        }
    }
    let before = describe_task(task, lang);
    let message = match lang {
        Lang::Vi => format!("Điều chỉnh nhiệm vụ {} theo {}", task.id, args.decision.trim()),
        Lang::En => format!("Amend task {} by {}", task.id, args.decision.trim()),
    };
    let display = opened.edit.display.clone();
    let record =
        task_file::NewRecord { kind: task_file::Kind::Amendment, table, commit: args.commit, message: &message };
    let git = task_file::append(session, &named, &ctx, opened, record)?;

    let mut text = match lang {
        Lang::Vi => format!("Đã ghi điều chỉnh vào {display}, có hiệu lực từ ngày {}:\n", i18n::date(args.decided)),
        Lang::En => format!("Recorded the amendment in {display}, in force from {}:\n", i18n::date(args.decided)),
    };
    text.push_str(&format!("  {}: {}\n", lang.pick("Quyết định", "Decision"), args.decision.trim()));
    text.push_str(&before);
    text.push_str(&crate::cmd::propose::describe(&args.changes, lang));
    if let Some(due) = args.due {
        text.push_str(&format!("  {}: {}\n", lang.pick("Hạn mới", "New due date"), i18n::date(due)));
    }
    text.push_str(&git);
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

/// The task's deadline before the change, for the confirmation.
fn describe_task(task: &crate::model::Task, lang: Lang) -> String {
    format!("  {}: {}\n", lang.pick("Thời hạn trước đây", "Deadline before"), task.deadline)
}

fn new_task(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let dir = &session.dir;
    if !crate::load::task::is_plain_id(&args.id) {
        return Err(Refusal::from(Problem::InvalidId { id: args.id.clone() }).into());
    }
    let missing: Vec<&str> = [
        ("--group", args.group.is_none()),
        ("--title", args.title.is_none()),
        ("--owner", args.changes.owner.is_empty()),
        ("--result", args.changes.result.is_none()),
        ("--deadline", args.changes.deadline.is_none() && args.due.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, missing)| missing.then_some(flag))
    .collect();
    if !missing.is_empty() {
        anyhow::bail!("{}: {}", lang.pick("nhiệm vụ mới cần thêm", "a new task needs"), missing.join(", "));
    }
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let relative = Path::new("tasks").join(format!("{}.toml", args.id));
    let path = dir.root.join(&relative);
    let display = dir.display(&relative);
    let mut table = Table::new();
    table["id"] = value(args.id.as_str());
    table["group"] = value(args.group.clone().unwrap_or_default());
    table["title"] = value(crate::text::nfc(args.title.as_deref().unwrap_or_default().trim()).into_owned());
    let mut changes = args.changes.clone();
    changes.cancel = false;
    changes.write_into(&base.registry, &mut table)?;
    if !table.contains_key("partners") {
        table["partners"] = value(toml_edit::Array::new());
    }
    if !table.contains_key("deadline") {
        table["deadline"] = value(args.due.map(i18n::date).unwrap_or_default());
    }
    if let Some(due) = args.due {
        table["due"] = task_file::toml_date(due)?;
    }
    table["decision"] = value(crate::text::nfc(args.decision.trim()).into_owned());
    table["decided"] = task_file::toml_date(args.decided)?;
    if let Some(number) = args.proposal {
        // The new-task proposal of plan/proposals.toml the decision answers.
        let mut ignored = Vec::new();
        let proposed = crate::load::new_task_proposals(dir, &base.task_context(), &mut ignored);
        if number == 0 || number as usize > proposed.len() {
            let problem = Problem::NoSuchProposal { number: i64::from(number), count: proposed.len() };
            return Err(Refusal::from(problem).into());
        }
        table["proposal"] = value(i64::from(number));
    }
    let text = toml_edit::DocumentMut::from(table).to_string();

    let lock_display = dir.display(Path::new(crate::write::LOCK_FILE));
    let lock = crate::write::lock(&dir.root, &lock_display, lang, io.err)?;
    if std::fs::symlink_metadata(&path).is_ok() {
        anyhow::bail!(
            "{display}: {}",
            lang.pick("đã có nhiệm vụ số này; chọn số khác", "a task with this number exists; choose another")
        );
    }
    let ctx = base.task_context();
    task_file::verify(dir, &ctx, &relative, text.as_bytes(), |_| true, lang)?;
    crate::write::write_atomic(&path, text.as_bytes())?;
    drop(lock);

    let message = match lang {
        Lang::Vi => format!("Thêm nhiệm vụ {} theo {}", args.id, args.decision.trim()),
        Lang::En => format!("Add task {} by {}", args.id, args.decision.trim()),
    };
    let mut out = match lang {
        Lang::Vi => {
            format!("Đã thêm nhiệm vụ {} ({display}), có hiệu lực từ ngày {}.\n", args.id, i18n::date(args.decided))
        }
        Lang::En => format!("Added task {} ({display}), in force from {}.\n", args.id, i18n::date(args.decided)),
    };
    let made = if args.commit {
        crate::git::ensure_repository(&dir.root)?;
        let empty: &[u8] = &[];
        match task_file::commit_alone(&dir.root, &path, empty, &message, &display, lang) {
            Ok(hash) => Some(hash),
            Err(error) => {
                // The file did not exist before: take it away rather than leave it empty.
                let _ = std::fs::remove_file(&path);
                return Err(error);
            }
        }
    } else {
        None
    };
    out.push_str(&task_file::git_said(&dir.root, &path, made, &message, lang));
    io.out.write_all(out.as_bytes())?;
    Ok(Exit::Clean)
}
