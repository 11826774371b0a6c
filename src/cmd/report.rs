//! `plan report PERIOD`: the periodic report for the People's Committee, written into
//! `reports/PERIOD/` as Markdown with the meeting table as CSV and XLSX, all as of the
//! period's cut-off date. The same inputs give the same bytes.

use crate::cmd::{Exit, Io, Session};
use crate::figures;
use crate::period::Period;
use crate::render::csv::CsvOptions;
use crate::render::export;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 2025-H1 (6-monthly, cut off 30/06), 2025-H2 (31/12), 2025 (yearly, cut off 30/11) or 2025-07 (monthly)
    #[arg(value_parser = Period::parse)]
    pub period: Period,
    /// Overwrite an existing report of the same period
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let (loaded, exit) = session.load_with_texts(io.err)?;
    let plan = &loaded.plan;
    let period = &args.period;
    let names = [
        format!("bao-cao-{}.md", period.name),
        format!("phu-luc-{}.csv", period.name),
        format!("phu-luc-{}.xlsx", period.name),
    ];
    let dir = crate::cmd::documents_folder(session, period.name.as_ref(), &names, args.force, ("báo cáo", "report"))?;
    // One evaluation at the cut-off date serves every output.
    let views = figures::views(plan, period.cutoff);
    let rows = export::rows(plan, &views, period.cutoff, lang);
    let markdown = crate::render::report::markdown(plan, &views, period, lang, &names[1], &names[2]);
    let csv = export::csv(&rows, lang, CsvOptions::default())?;
    let xlsx = export::xlsx(plan, &rows, period.cutoff, lang)?;
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in names.iter().zip([markdown.into_bytes(), csv, xlsx]) {
        crate::write::write_output(&dir.join(name), &bytes, crate::write::Links::Refuse, lang)?;
    }
    let mut text = format!("{} {}:\n", lang.pick("Đã ghi báo cáo vào", "Wrote the report to"), dir.display());
    for name in &names {
        text.push_str(&format!("  {name}\n"));
    }
    io.out.write_all(text.as_bytes())?;
    Ok(exit)
}
