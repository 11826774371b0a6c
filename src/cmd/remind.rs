//! `plan remind`: DOST's monthly follow-up (đôn đốc, the plan's III.3). For each agency with
//! something overdue, due today or soon, or not reported on this half-year, a letter
//! (.docx, Decree 30's layout) and an e-mail (.eml) listing it, with an index
//! (danh-sach.csv), all in `reports/nhac-viec-YYYY-MM-DD/`. The same inputs give the same
//! bytes.

use chrono::NaiveDate;

use crate::cmd::{AllowErrors, Exit, Io, Session};
use crate::i18n::{date, Lang};
use crate::registry::AgencyRef;
use crate::render::letterhead::{letterhead, Issue};
use crate::render::reminder::{self, IndexRow, Run};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Remind also of what falls due in the next N days (default: plan.toml's due_soon_days)
    #[arg(long, value_name = "N")]
    pub within: Option<u32>,
    /// Only this agency (an id, name or alias; a collective stands for its members)
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// The letters' number as registered ("125/SKHCN-VP"), else a blank to fill in
    #[arg(long, value_name = "TEXT")]
    pub number: Option<String>,
    /// The date of signature, else blanks to fill in
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub signed: Option<NaiveDate>,
    /// The day the agencies are asked to report by (default: the next reporting deadline
    /// of plan.toml, else a week after the as-of date)
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub reply_by: Option<NaiveDate>,
    /// Overwrite the letters already written for the same day
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub allow: AllowErrors,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let as_of = session.as_of;
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let only = args.agency.as_deref().map(|name| session.agencies_named(loaded, name)).transpose()?;
    let warning = match crate::cmd::documents_gate(loaded, exit, args.allow, lang, io.err)? {
        Ok(warning) => warning,
        Err(exit) => return Ok(exit),
    };
    let registry = &plan.registry;
    // The office that follows up: it writes the letters and gets none.
    let office = plan.meta.reporting_via.as_deref().and_then(|v| registry.resolve(v)).and_then(|r| match r {
        AgencyRef::Agency(a) => Some(a),
        AgencyRef::Collective(_) => None,
    });
    let window = args.within.unwrap_or(plan.meta.due_soon_days);
    let mut reminders = crate::remind::reminders(plan, as_of, window, only.as_deref());
    // The office does not write to itself: its own items are counted in the index only.
    let own = office.and_then(|o| reminders.iter().position(|r| r.agency == o)).map(|i| reminders.remove(i));

    let folder = format!("nhac-viec-{}", crate::dates::iso(as_of));
    // Every file a run of that day may have written, so that a second run sees the first's
    // letters whoever they went to.
    let mut possible: Vec<String> =
        registry.agencies.iter().flat_map(|a| [format!("{}.docx", a.id), format!("{}.eml", a.id)]).collect();
    possible.push(INDEX.to_string());
    let dir = crate::cmd::documents_folder(
        session,
        folder.as_ref(),
        &possible,
        args.force,
        ("thư nhắc", "set of reminders"),
    )?;

    let head = letterhead(plan, None, &Issue { code: "", number: args.number.as_deref(), signed: args.signed });
    let from = office.and_then(|o| registry.agencies[o].emails.first()).map(String::as_str);
    let run = Run {
        plan,
        as_of,
        reply_by: args.reply_by.unwrap_or_else(|| crate::remind::reply_by(plan, as_of)),
        letterhead: &head,
        from,
        warning: warning.as_deref(),
        lang,
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut index: Vec<IndexRow> = Vec::new();
    for reminder in &reminders {
        let id = &registry.agencies[reminder.agency].id;
        files.push((format!("{id}.docx"), crate::render::docx::write(&reminder::letter(&run, reminder))?));
        files.push((format!("{id}.eml"), reminder::email(&run, reminder)?));
        index.push(reminder::index_row(plan, reminder, lang));
    }
    let letters = index.len();
    if let Some(own) = &own {
        index.push(IndexRow {
            letter: String::new(),
            email: String::new(),
            note: lang
                .pick(
                    "cơ quan gửi thư nhắc: không tự gửi cho mình; xem plan agency",
                    "the office sending the reminders: none to itself; see plan agency",
                )
                .to_string(),
            ..reminder::index_row(plan, own, lang)
        });
    }
    files.push((INDEX.to_string(), crate::render::csv::write(&index, Default::default())?));

    std::fs::create_dir_all(&dir)?;
    // Letters of an earlier run of the same day to agencies that no longer get one.
    for name in &possible {
        if !files.iter().any(|(n, _)| n == name) && std::fs::symlink_metadata(dir.join(name)).is_ok() {
            std::fs::remove_file(dir.join(name))?;
        }
    }
    for (name, bytes) in &files {
        crate::write::write_output(&dir.join(name), bytes, crate::write::Links::Refuse, lang)?;
    }
    io.out.write_all(said(&dir, &index[..letters], as_of, lang).as_bytes())?;
    Ok(exit)
}

/// The index's file name.
const INDEX: &str = "danh-sach.csv";

/// What was written, for the clerk.
fn said(dir: &std::path::Path, index: &[IndexRow], as_of: NaiveDate, lang: Lang) -> String {
    let mut text = match lang {
        Lang::Vi => format!("Đã ghi {} thư nhắc (tính đến ngày {}) vào {}:\n", index.len(), date(as_of), dir.display()),
        Lang::En => format!("Wrote {} reminder(s) (as of {}) to {}:\n", index.len(), date(as_of), dir.display()),
    };
    for row in index {
        let counts = match lang {
            Lang::Vi => format!(
                "quá hạn {}, đến hạn hôm nay {}, sắp đến hạn {}, chưa báo cáo {}",
                row.overdue, row.due_today, row.due_soon, row.unreported
            ),
            Lang::En => format!(
                "overdue {}, due today {}, due soon {}, not reported {}",
                row.overdue, row.due_today, row.due_soon, row.unreported
            ),
        };
        let to = if row.emails.is_empty() {
            lang.pick("chưa có e-mail", "no e-mail address").to_string()
        } else {
            row.emails.clone()
        };
        text.push_str(&format!("  {}, {}  {} ({counts}; {to})\n", row.letter, row.email, row.name));
    }
    if index.is_empty() {
        text.push_str(&format!(
            "  {}\n",
            lang.pick("không cơ quan nào có nhiệm vụ cần nhắc", "no agency has anything to be reminded of")
        ));
    }
    text.push_str(&format!("  {INDEX}\n"));
    text
}
