//! `plan agencies`: one row per agency that owes or supports anything, most overdue first.

use crate::cmd::{Exit, Io, Session};
use crate::figures::{self, AgencyFigures};
use crate::i18n::{self, Lang};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let views = figures::views(plan, session.as_of);
    let rows = figures::agencies(plan, &views, session.as_of);
    let bytes = match args.output.machine() {
        Some(machine) => args.output.records(machine, &rows)?,
        None => {
            let mut text = table(plan, &rows, session.lang, session.screen);
            text.push_str(&match session.lang {
                Lang::Vi => format!("{} cơ quan, tính đến ngày {}.\n", rows.len(), i18n::date(session.as_of)),
                Lang::En => format!("{} agencies, as of {}.\n", rows.len(), i18n::date(session.as_of)),
            });
            text.into_bytes()
        }
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}

/// The figures as a table, shared with the periodic report.
pub fn table(plan: &crate::model::Plan, rows: &[AgencyFigures], lang: Lang, screen: crate::render::Screen) -> String {
    let (header, body) = crate::render::figures::agency_table(plan, rows, lang);
    // Counts take the width their words need; the agency's name takes the rest.
    let right = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    let layout = crate::render::Layout { right: &right, flexible: Some(0), lines: None };
    let mut text = crate::render::laid_out(&header, body, screen.width, layout);
    text.push('\n');
    let legend =
        format!("{} {}", crate::render::figures::agency_legend(lang), crate::render::figures::agency_legend_more(lang));
    text.push_str(&screen.prose(&legend, 0));
    text.push_str("\n\n");
    text
}
