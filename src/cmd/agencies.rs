//! `plan agencies`: one row per agency that owes or supports anything, most overdue first.

use crate::cmd::{Exit, Session};
use crate::i18n::{self, Lang};
use crate::progress::{self, AgencyFigures};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

pub fn run(args: &Args, session: &Session, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load();
    let plan = &loaded.plan;
    let views = progress::views(plan, session.as_of);
    let rows = progress::agencies(plan, &views, session.as_of);
    let bytes = match args.output.machine() {
        Some(machine) => args.output.records(machine, &rows)?,
        None => {
            let mut text = table(plan, &rows, session.lang);
            text.push_str(&match session.lang {
                Lang::Vi => format!("{} cơ quan, tính đến ngày {}.\n", rows.len(), i18n::date(session.as_of)),
                Lang::En => format!("{} agencies, as of {}.\n", rows.len(), i18n::date(session.as_of)),
            });
            text.into_bytes()
        }
    };
    crate::cmd::emit(out, bytes);
    Ok(exit)
}

/// The figures as a table, shared with the periodic report.
pub fn table(plan: &crate::model::Plan, rows: &[AgencyFigures], lang: Lang) -> String {
    let (header, body) = table_rows(plan, rows, lang);
    let mut text = crate::render::table(&header, body, crate::render::table_width(), &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    text.push('\n');
    text
}

pub fn table_rows(
    plan: &crate::model::Plan,
    rows: &[AgencyFigures],
    lang: Lang,
) -> ([&'static str; 11], Vec<Vec<String>>) {
    // Two-line headings keep eleven columns within 80.
    let header = [
        lang.pick("Cơ quan", "Agency"),
        lang.pick("Chủ\ntrì", "Leads"),
        lang.pick("Phối\nhợp", "Sup-\nports"),
        lang.pick("HT\nđúng\nhạn", "Done\non\ntime"),
        lang.pick("HT\nquá\nhạn", "Done\nlate"),
        lang.pick("Trong\nhạn", "On\ntrack"),
        lang.pick("Sắp\nđến\nhạn", "Due\nsoon"),
        lang.pick("Quá\nhạn", "Over-\ndue"),
        lang.pick("Chờ\nTW", "Wait-\ning"),
        lang.pick("Thường\nxuyên", "On-\ngoing"),
        lang.pick("Tỷ lệ\nHT", "Done\nrate"),
    ];
    let short = |id: &str| plan.registry.resolve(id).map_or(id.to_string(), |r| plan.registry.short(r).to_string());
    let body = rows
        .iter()
        .map(|r| {
            vec![
                short(&r.agency),
                r.led.to_string(),
                r.supported.to_string(),
                r.done_on_time.to_string(),
                r.done_late.to_string(),
                r.on_track.to_string(),
                r.due_soon.to_string(),
                r.overdue.to_string(),
                r.waiting.to_string(),
                r.ongoing.to_string(),
                r.completion_rate.map_or_else(|| "–".to_string(), |p| format!("{p:.0}%")),
            ]
        })
        .collect();
    (header, body)
}
