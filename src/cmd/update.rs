//! `plan update ID --by AGENCY --status STATUS ...`: append one update record to a
//! task's file, keeping every byte already there.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cmd::task_file;
use crate::cmd::{Exit, Io, Session};
use crate::deadline::Schedule;
use crate::diagnostic::{Problem, Refusal};
use crate::i18n::{self, Lang};
use crate::load::task;
use crate::rules::{self, Proposed};
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
    let named = task_file::named(session, &args.id)?;
    let base = match task_file::base(session, io)? {
        Ok(base) => base,
        Err(exit) => return Ok(exit),
    };
    let by = task_file::agency_by(&base.registry, &args.by)?;
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
    let ctx = base.task_context();
    let opened = match task_file::open(session, &named, &ctx, args.commit, io)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let task = &opened.task;
    let involved = task::involved(&base.registry, task);
    let occurrence = match args.occurrence {
        Some(year) => Some(year),
        None => default_occurrence(task, by, args.milestone, args.status, date).map_err(Refusal::from)?,
    };
    let proposed = Proposed {
        by,
        status: args.status,
        progress: args.progress.map(i64::from),
        note: args.note.as_deref(),
        milestone: args.milestone.map(i64::from),
        occurrence: occurrence.map(i64::from),
        date,
    };
    let refusals = rules::check(&base.registry, &involved, task::widest_milestones(task), &proposed);
    if !refusals.is_empty() {
        return Err(Refusal(refusals.into_iter().map(|(_, problem)| problem).collect()).into());
    }
    if let Some(same) = repeated(task, by, args, occurrence) {
        return Err(Refusal::from(Problem::DuplicateUpdate { date: i18n::date(same.date) }).into());
    }

    let agency = &base.registry.agencies[by];
    let table = record_table(&agency.id, date, args, occurrence)?;
    let message = match lang {
        Lang::Vi => format!("{} cập nhật nhiệm vụ {}: {}", agency.name, task.id, args.status.label(Lang::Vi)),
        Lang::En => format!("{} updates task {}: {}", agency.name, task.id, args.status.label(Lang::En)),
    };
    let display = opened.edit.display.clone();
    let milestone_label = args.milestone.map(|m| task.milestones[m as usize - 1].label.clone());
    let occurrence_due =
        occurrence.map(|year| (year, task.occurrence_due(args.milestone.map(|m| m as usize - 1), year)));
    let record = task_file::NewRecord { kind: task_file::Kind::Update, table, commit: args.commit, message: &message };
    let git = task_file::append(session, &named, &ctx, opened, record)?;

    let mut text = String::new();
    text.push_str(&format!("{} {display}:\n", lang.pick("Đã ghi cập nhật vào", "Recorded in")));
    text.push_str(&format!("  {}: {}\n", lang.pick("Cơ quan", "Agency"), agency.name));
    let progress = args.progress.map_or_else(String::new, |p| format!(" ({p}%)"));
    text.push_str(&format!("  {}: {}{progress}\n", lang.pick("Trạng thái", "Status"), args.status.label(lang)));
    text.push_str(&format!("  {}: {}\n", lang.pick("Ngày", "Date"), i18n::date(date)));
    if let (Some(m), Some(label)) = (args.milestone, milestone_label) {
        text.push_str(&format!("  {}: {m}. {label}\n", lang.pick("Mốc", "Milestone")));
    }
    if let Some((year, due)) = occurrence_due {
        // Clerks name a yearly plan by the year it is for, not the year it is due: the
        // due date says which one is meant.
        let due = due.map(i18n::date);
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
    text.push_str(&git);
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

/// The record's fields, formatted by toml_edit so every value is quoted correctly.
fn record_table(by: &str, date: NaiveDate, args: &Args, occurrence: Option<i32>) -> anyhow::Result<toml_edit::Table> {
    use toml_edit::{value, Table};
    let mut table = Table::new();
    table["by"] = value(by);
    table["date"] = task_file::toml_date(date)?;
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
    Ok(table)
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
