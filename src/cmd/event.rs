//! `plan event set KEY DATE [--note TEXT] [--force] [--commit]`: record that a
//! central-government event happened; `plan event list`: the events and the tasks waiting
//! on each.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use toml_edit::{value, DocumentMut};

use crate::cmd::{Exit, Io, Session};
use crate::diagnostic::{Problem, Refusal};
use crate::edit::Edit;
use crate::i18n::{self, Lang};
use crate::load::{self, EVENTS_FILE};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Record the date an event happened
    Set(SetArgs),
    /// List the events, their dates and the tasks waiting on each
    List(ListArgs),
}

#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// The event's key in plan/events.toml
    pub key: String,
    /// When it happened
    #[arg(value_parser = crate::dates::parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// What it was ("Văn bản số 123/BKHCN ngày ..."); replaces the note recorded before
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Replace a date already recorded (the old note is dropped unless --note gives a new one)
    #[arg(long)]
    pub force: bool,
    /// Also commit the change with git, with a message naming the event
    #[arg(long)]
    pub commit: bool,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    match &args.action {
        Action::Set(set_args) => set(set_args, session, io),
        Action::List(list_args) => list(list_args, session, io),
    }
}

fn set(args: &SetArgs, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let SetArgs { key, date, note, force, commit } = args;
    let lang = session.lang;
    let dir = &session.dir;
    if *date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(*date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    if *commit {
        crate::git::ensure_repository(&dir.root)?;
    }
    let relative = Path::new(EVENTS_FILE);
    let path = dir.root.join(relative);
    let edit = Edit::begin(dir, relative, lang, io.err)?;
    let mut doc: DocumentMut = edit.text(lang)?.parse()?;
    let Some(table) = doc.get_mut(key).and_then(|item| item.as_table_mut()) else {
        let suggestion = crate::text::closest(key, doc.iter().map(|(k, _)| k)).first().map(|k| k.to_string());
        return Err(Refusal::from(Problem::UnknownEvent { key: key.clone(), suggestion }).into());
    };
    let old_date = table.get("date").and_then(|d| d.as_datetime()).and_then(crate::dates::from_toml);
    let old_note = table.get("note").and_then(|n| n.as_str()).map(str::to_string);
    let new_note = note.as_ref().map(|n| crate::text::nfc(n).into_owned());
    if let Some(old) = old_date {
        if old == *date && (new_note.is_none() || new_note == old_note) {
            let text = match lang {
                Lang::Vi => format!("Sự kiện \"{key}\" đã ghi ngày {} từ trước; không thay đổi gì.\n", i18n::date(old)),
                Lang::En => format!("Event \"{key}\" already has the date {}; nothing changed.\n", i18n::date(old)),
            };
            io.out.write_all(text.as_bytes())?;
            return Ok(Exit::Clean);
        }
        if !force {
            let problem = Problem::EventAlreadySet { key: key.clone(), date: i18n::date(old), note: old_note };
            return Err(Refusal::from(problem).into());
        }
    }
    if *commit {
        // Under the lock, so another `--commit` run has finished committing by now.
        crate::cmd::task_file::ensure_committable(&dir.root, &path, &edit.display, lang)?;
    }
    let toml_date = crate::dates::to_toml(*date).ok_or_else(|| anyhow::anyhow!("{}", crate::dates::iso(*date)))?;
    table["date"] = value(toml_date);
    let dropped_note = match &new_note {
        Some(note) => {
            table["note"] = value(note.clone());
            None
        }
        None if old_date.is_some() => table.remove("note").and(old_note.clone()),
        None => None,
    };
    let text = doc.to_string();
    // Read the result back as the loader will before replacing the file.
    let mut problems = Vec::new();
    let file = crate::source::SourceFile::new(edit.display.clone(), &text);
    load::document::parse_source(&file, &mut problems, load::events::read);
    if !problems.is_empty() {
        session.print_diagnostics(&problems, io.err)?;
        return Ok(Exit::Problems);
    }
    let original = edit.original.clone();
    edit.write(&edit.bytes_like_original(&text))?;
    let message = match lang {
        Lang::Vi => format!("Sự kiện {key}: diễn ra ngày {}", i18n::date(*date)),
        Lang::En => format!("Event {key}: happened on {}", i18n::date(*date)),
    };
    let committed = if *commit {
        Some(crate::cmd::task_file::commit_alone(&dir.root, &path, &original, &message, &edit.display, lang)?)
    } else {
        None
    };
    drop(edit);

    let mut text = match lang {
        Lang::Vi => format!("Đã ghi: sự kiện \"{key}\" diễn ra ngày {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
        Lang::En => format!("Recorded: event \"{key}\" happened on {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
    };
    if let Some(old) = old_date {
        let with_note = |n: &Option<String>| match n {
            Some(n) => format!(" ({}: \"{n}\")", lang.pick("ghi chú", "note")),
            None => String::new(),
        };
        text.push_str(&match lang {
            Lang::Vi => format!("  Thay cho ngày đã ghi trước: {}{}.\n", i18n::date(old), with_note(&old_note)),
            Lang::En => format!("  Replacing the date recorded before: {}{}.\n", i18n::date(old), with_note(&old_note)),
        });
        if let Some(dropped) = dropped_note {
            text.push_str(&match lang {
                Lang::Vi => format!("  Đã bỏ ghi chú cũ \"{dropped}\" (dùng --note để ghi ghi chú mới).\n"),
                Lang::En => format!("  The old note \"{dropped}\" was dropped (use --note to give a new one).\n"),
            });
        }
    }
    if let Some(hash) = committed {
        text.push_str(&format!("{} {hash}: {message}\n", lang.pick("Đã commit", "Committed")));
    }
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

#[derive(Serialize, Default)]
struct EventRecord<'a> {
    key: &'a str,
    description: &'a str,
    /// `YYYY-MM-DD`, or none while the plan waits on the event.
    date: Option<String>,
    note: Option<&'a str>,
    tasks: Vec<&'a str>,
}

#[derive(Serialize, Default)]
struct EventRow<'a> {
    key: &'a str,
    description: &'a str,
    date: String,
    note: &'a str,
    /// The waiting tasks' ids, "; "-separated.
    tasks: String,
}

fn list(args: &ListArgs, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let lang = session.lang;
    let waiting = |key: &str| -> Vec<&str> {
        plan.tasks
            .iter()
            .filter(|t| t.milestones.iter().any(|m| m.event.as_deref() == Some(key)))
            .map(|t| t.id.as_str())
            .collect()
    };
    let records: Vec<EventRecord> = plan
        .events
        .iter()
        .map(|(key, event)| EventRecord {
            key,
            description: &event.description,
            date: event.date.map(crate::dates::iso),
            note: event.note.as_deref(),
            tasks: waiting(key),
        })
        .collect();
    let bytes = match args.output.machine() {
        Some(crate::render::MachineFormat::Json) => {
            crate::render::records(crate::render::MachineFormat::Json, &records, args.output.csv)?
        }
        Some(machine) => {
            let rows: Vec<EventRow> = records
                .iter()
                .map(|r| EventRow {
                    key: r.key,
                    description: r.description,
                    date: r.date.clone().unwrap_or_default(),
                    note: r.note.unwrap_or_default(),
                    tasks: r.tasks.join("; "),
                })
                .collect();
            args.output.records(machine, &rows)?
        }
        None => {
            let header = [
                lang.pick("Mã", "Key"),
                lang.pick("Sự kiện", "Event"),
                lang.pick("Ngày", "Date"),
                lang.pick("Nhiệm vụ chờ", "Tasks waiting"),
            ];
            let rows = plan
                .events
                .iter()
                .zip(&records)
                .map(|((key, event), record)| {
                    let date = event.date.map_or_else(|| lang.pick("chưa có", "not yet").to_string(), i18n::date);
                    vec![key.clone(), event.description.clone(), date, record.tasks.join(", ")]
                })
                .collect();
            // A key is typed back as it is: one word, never wrapped; the description takes the room.
            let layout = crate::render::Layout { flexible: Some(1), ..crate::render::Layout::default() };
            let mut text = crate::render::laid_out(&header, rows, session.screen.width, layout);
            text.push('\n');
            let waiting = plan.events.values().filter(|e| e.date.is_none()).count();
            text.push_str(&match lang {
                Lang::Vi => format!("{} sự kiện, {waiting} sự kiện chưa diễn ra.\n", records.len()),
                Lang::En => format!("{} events, {waiting} not happened yet.\n", records.len()),
            });
            text.into_bytes()
        }
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}
