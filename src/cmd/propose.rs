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
use crate::registry::AgencyRef;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The task's number ("10", "45a")
    pub id: String,
    /// The proposing agency: one that leads the task (id, full name or alias)
    #[arg(long, value_name = "AGENCY")]
    pub by: String,
    /// Why the change is asked for
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub changes: Changes,
    /// Date of the proposal (default: the as-of date)
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub date: Option<NaiveDate>,
    /// Also commit the change with git, with a message naming the agency and the task
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let named = task_file::named(session, &args.id)?;
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let registry = &base.registry;
    let by = match registry.resolve_loose(&args.by) {
        Ok(AgencyRef::Agency(i)) => i,
        Ok(AgencyRef::Collective(_)) => {
            return Err(Refusal::from(Problem::CollectiveNotAgency { name: args.by.clone() }).into())
        }
        Err(suggestion) => {
            let name = crate::text::nfc(&args.by).into_owned();
            return Err(Refusal::from(Problem::UnknownAgency { name, suggestion }).into());
        }
    };
    if args.changes.is_empty() {
        return Err(Refusal::from(Problem::ChangesNothing { record: "proposal" }).into());
    }
    if crate::text::has_control(&args.reason) {
        return Err(Refusal::from(Problem::ControlCharacter { key: "reason".into() }).into());
    }
    let date = args.date.unwrap_or(session.as_of);
    if date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
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
    let proposals: fn(&crate::model::Task) -> usize = |t| t.proposals.len();
    let record = task_file::record_text("proposals", table);
    let git = task_file::append(
        session,
        &named,
        &ctx,
        opened,
        task_file::NewRecord { text: &record, count: (proposals, number), commit: args.commit, message: &message },
    )?;

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
