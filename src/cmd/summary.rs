//! `plan summary`: the Government Office's figures for the whole plan and per group.

use serde::Serialize;

use crate::cmd::{Exit, Io, Session};
use crate::figures::{self, Totals};
use crate::i18n::{self, Lang};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub output: crate::cmd::Output,
}

#[derive(Serialize, Default)]
struct SummaryRow {
    /// "all" for the whole plan, else the group's id.
    group: String,
    #[serde(flatten)]
    totals: Totals,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load(io.err)?;
    let plan = &loaded.plan;
    let views = figures::views(plan, session.as_of);
    let (all, groups) = figures::totals(plan, &views);
    let bytes = match args.output.machine() {
        Some(machine) => {
            let records: Vec<SummaryRow> = std::iter::once(SummaryRow { group: "all".into(), totals: all })
                .chain(groups.into_iter().map(|(g, totals)| SummaryRow { group: g.to_string(), totals }))
                .collect();
            args.output.records(machine, &records)?
        }
        None => text(session, plan, &all, &groups).into_bytes(),
    };
    io.out.write_all(&bytes)?;
    Ok(exit)
}

/// The sentence, then a table by group.
pub fn text(session: &Session, plan: &crate::model::Plan, all: &Totals, groups: &[(&str, Totals)]) -> String {
    let lang = session.lang;
    let sentence = match lang {
        Lang::Vi => format!("Tính đến ngày {}: {}", i18n::date(session.as_of), all.sentence(lang)),
        Lang::En => format!("As of {}: {}", i18n::date(session.as_of), all.sentence(lang)),
    };
    let mut text = session.screen.prose(&sentence, 0);
    text.push_str("\n\n");
    let (header, rows) = crate::render::figures::group_table(all, groups, lang);
    let header: Vec<&str> = header.to_vec();
    let right = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let layout = crate::render::Layout { right: &right, flexible: Some(0), lines: None };
    text.push_str(&crate::render::laid_out(&header, rows, session.screen.width, layout));
    text.push('\n');
    if let Some(note) = crate::render::figures::counting_note(plan, all, lang) {
        text.push_str(&session.screen.prose(&note, 0));
        text.push('\n');
    }
    text
}
