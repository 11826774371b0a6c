//! `plan event set KEY DATE [--note TEXT]`: record that a central-government event happened.

use chrono::{Datelike, NaiveDate};
use toml_edit::{value, Date, Datetime, DocumentMut};

use crate::cmd::{Exit, Session};
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
        #[arg(value_parser = crate::dates::parse_iso, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// What it was ("Văn bản số 123/BKHCN ngày ...")
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

pub fn run(args: &Args, session: &Session, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    let Action::Set { key, date, note } = &args.action;
    let lang = session.lang;
    if *date > session.as_of {
        anyhow::bail!(
            "{} {} {} {}",
            lang.pick("ngày", "the date"),
            i18n::date(*date),
            lang.pick("chưa đến; tính đến ngày", "has not come yet as of"),
            i18n::date(session.as_of)
        );
    }
    let path = session.dir.root.join(EVENTS_FILE);
    // Held until the file is replaced.
    let _lock = crate::write::lock(&session.dir, lang)?;
    let display = session.dir.display(std::path::Path::new(EVENTS_FILE));
    let refusal = |error: crate::source::ReadError| anyhow::anyhow!("{}", error.message(&display, lang));
    let original = crate::source::read_bytes(&path).map_err(refusal)?;
    let text = crate::source::decode(original.clone()).map_err(refusal)?;
    let mut doc: DocumentMut = text.parse()?;
    let Some(table) = doc.get_mut(key).and_then(|item| item.as_table_mut()) else {
        let keys: Vec<&str> = doc.iter().map(|(k, _)| k).collect();
        let near = keys.iter().copied().filter(|k| strsim::jaro_winkler(k, key) >= 0.8).collect::<Vec<_>>();
        let hint = if near.is_empty() {
            format!(
                "{} [{key}] {}",
                lang.pick("thêm mục", "add an entry"),
                lang.pick(
                    "với description = \"...\" vào plan/events.toml",
                    "with description = \"...\" to plan/events.toml"
                )
            )
        } else {
            format!("{} {}?", lang.pick("có phải là", "did you mean"), near.join(", "))
        };
        anyhow::bail!("{} \"{key}\"; {hint}", lang.pick("không có sự kiện", "no event"));
    };
    let toml_date = Date { year: date.year() as u16, month: date.month() as u8, day: date.day() as u8 };
    table["date"] = value(Datetime { date: Some(toml_date), time: None, offset: None });
    if let Some(note) = note {
        table["note"] = value(crate::text::nfc(note).into_owned());
    }
    let mut updated = doc.to_string().into_bytes();
    if original.starts_with(b"\xEF\xBB\xBF") {
        updated.splice(0..0, *b"\xEF\xBB\xBF");
    }
    if original.windows(2).any(|w| w == b"\r\n") {
        updated = String::from_utf8(updated)?.replace("\r\n", "\n").replace('\n', "\r\n").into_bytes();
    }
    // Read the result back as the loader will before replacing the file.
    let mut problems = Vec::new();
    let file = crate::source::SourceFile::new(
        session.dir.display(std::path::Path::new(EVENTS_FILE)),
        &String::from_utf8_lossy(&updated),
    );
    load::document::parse_source(&file, &mut problems, load::events::read);
    if !problems.is_empty() {
        session.print_diagnostics(&problems);
        return Ok(Exit::Problems);
    }
    crate::write::write_atomic(&path, &updated)?;
    let text = match lang {
        Lang::Vi => format!("Đã ghi: sự kiện \"{key}\" diễn ra ngày {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
        Lang::En => format!("Recorded: event \"{key}\" happened on {} (plan/{EVENTS_FILE}).\n", i18n::date(*date)),
    };
    out.extend_from_slice(text.as_bytes());
    Ok(Exit::Clean)
}
