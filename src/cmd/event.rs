//! `plan event set KEY DATE [--note TEXT]`: record that a central-government event happened.

use chrono::NaiveDate;
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
    Set {
        /// The event's key in plan/events.toml
        key: String,
        /// When it happened
        #[arg(value_parser = crate::dates::parse_date, value_name = "DATE")]
        date: NaiveDate,
        /// What it was ("Văn bản số 123/BKHCN ngày ...")
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let Action::Set { key, date, note } = &args.action;
    let lang = session.lang;
    if *date > session.as_of {
        let problem = Problem::FutureDate { date: i18n::date(*date), as_of: i18n::date(session.as_of) };
        return Err(Refusal::from(problem).into());
    }
    let edit = Edit::begin(&session.dir, std::path::Path::new(EVENTS_FILE), lang, io.err)?;
    let mut doc: DocumentMut = edit.text(lang)?.parse()?;
    let Some(table) = doc.get_mut(key).and_then(|item| item.as_table_mut()) else {
        let suggestion = crate::text::closest(key, doc.iter().map(|(k, _)| k)).first().map(|k| k.to_string());
        return Err(Refusal::from(Problem::UnknownEvent { key: key.clone(), suggestion }).into());
    };
    let toml_date = crate::dates::to_toml(*date).ok_or_else(|| anyhow::anyhow!("{}", crate::dates::iso(*date)))?;
    table["date"] = value(toml_date);
    if let Some(note) = note {
        table["note"] = value(crate::text::nfc(note).into_owned());
    }
    let text = doc.to_string();
    // Read the result back as the loader will before replacing the file.
    let mut problems = Vec::new();
    let file = crate::source::SourceFile::new(edit.display.clone(), &text);
    load::document::parse_source(&file, &mut problems, load::events::read);
    if !problems.is_empty() {
        session.print_diagnostics(&problems, io.err)?;
        return Ok(Exit::Problems);
    }
    edit.write(&edit.bytes_like_original(&text))?;
    let text = match lang {
        Lang::Vi => format!("Đã ghi: sự kiện \"{key}\" diễn ra ngày {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
        Lang::En => format!("Recorded: event \"{key}\" happened on {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
    };
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}
