//! `plan report PERIOD [--agency NAME]`: the periodic report for the People's Committee
//! (the plan, III.1), written into `reports/PERIOD/` as a Word document in the layout of
//! Decree 30/2020, with its chart (PNG), its appendix (XLSX, CSV) and a Markdown copy for
//! the forge's web view; all as of one day (see [`Period::figures_date`]). The same
//! inputs give the same bytes.

use std::path::PathBuf;

use crate::cmd::{documents_gate, AllowErrors, Exit, Io, Session};
use crate::figures;
use crate::i18n::Lang;
use crate::period::Period;
use crate::render::csv::CsvOptions;
use crate::render::letterhead::{letterhead, Issue};
use crate::render::{export, report};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 2025-H1 (6-monthly, ends 30/06), 2025-H2 (31/12), 2025 (yearly, ends 30/11) or 2025-07 (monthly)
    #[arg(value_parser = Period::parse)]
    pub period: Period,
    /// Write this agency's own report (as the issuing body, with its own tasks)
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// The report's number once registered, e.g. "125/BC-SKHCN" (left blank otherwise)
    #[arg(long, value_name = "TEXT")]
    pub number: Option<String>,
    /// The date of signature (left blank otherwise)
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub signed: Option<chrono::NaiveDate>,
    /// Overwrite an existing report of the same period
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub allow: AllowErrors,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let period = &args.period;
    let figures_date = |meta: &crate::model::Meta| {
        period.figures_date(&meta.reports, session.as_of_given.then_some(session.as_of), session.as_of)
    };
    let (loaded, exit) = session.load_with_texts_on(&figures_date, io.err)?;
    let warning = match documents_gate(loaded, exit, args.allow, lang, io.err)? {
        Ok(warning) => warning,
        Err(refused) => return Ok(refused),
    };
    let plan = &loaded.plan;
    let agency = match &args.agency {
        None => None,
        Some(name) => Some(single_agency(session, loaded, name)?),
    };
    let as_of = figures_date(&plan.meta);

    let mut relative = PathBuf::from(&period.name);
    let stem = match agency {
        Some(a) => {
            let id = &plan.registry.agencies[a].id;
            relative.push(id);
            format!("{}-{id}", period.name)
        }
        None => period.name.clone(),
    };
    let names = [
        format!("bao-cao-{stem}.docx"),
        format!("bao-cao-{stem}.md"),
        format!("bieu-do-{stem}.png"),
        format!("phu-luc-{stem}.xlsx"),
        format!("phu-luc-{stem}.csv"),
    ];
    let dir = crate::cmd::documents_folder(session, &relative, &names, args.force, ("báo cáo", "report"))?;

    // One evaluation on the figures' day serves every output.
    let views = match agency {
        Some(a) => figures::agency_views(plan, as_of, a),
        None => figures::views(plan, as_of),
    };
    let (_, groups) = figures::totals(plan, &views);
    let chart = report::chart(&groups, lang)?;
    let head = letterhead(plan, agency, &Issue { code: "BC", number: args.number.as_deref(), signed: args.signed });
    let mut attached = attachment_line(&head, args.signed, lang);
    if let Some(warning) = &warning {
        attached = format!("{attached} — {warning}");
    }
    let inputs = report::Inputs {
        plan,
        views: &views,
        period,
        as_of,
        agency,
        letterhead: head.clone(),
        warning,
        chart: Some(chart.clone()),
        appendix: lang.pick("Phụ lục kèm theo", "the attached appendix").to_string(),
        lang,
    };
    let document = report::document(&inputs);
    let docx = crate::render::docx::write(&document)?;
    let markdown = crate::render::markdown::write(&document);
    let rows = export::rows(plan, &views, as_of, lang);
    let csv = export::csv(&rows, lang, CsvOptions::default())?;
    let xlsx = export::xlsx_attached(plan, &rows, as_of, lang, &attached)?;
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in names.iter().zip([docx, markdown.into_bytes(), chart, xlsx, csv]) {
        crate::write::write_output(&dir.join(name), &bytes, crate::write::Links::Refuse, lang)?;
    }
    let mut text = match lang {
        Lang::Vi => {
            format!("Đã ghi báo cáo (số liệu tính đến ngày {}) vào {}:\n", crate::i18n::date(as_of), dir.display())
        }
        Lang::En => format!("Wrote the report (figures as of {}) to {}:\n", crate::i18n::date(as_of), dir.display()),
    };
    for name in &names {
        text.push_str(&format!("  {name}\n"));
    }
    io.out.write_all(text.as_bytes())?;
    Ok(exit)
}

/// "(Kèm theo Báo cáo số      /BC-SKHCN ngày      của Sở Khoa học và Công nghệ)": the
/// appendix names the report it belongs to, with the same blanks.
fn attachment_line(
    head: &crate::render::letterhead::Letterhead,
    signed: Option<chrono::NaiveDate>,
    lang: Lang,
) -> String {
    let number = head.number.trim_start_matches("Số:").trim_end();
    let day = signed.map_or_else(|| "          ".to_string(), crate::i18n::date);
    match lang {
        Lang::Vi => format!("(Kèm theo Báo cáo số {number} ngày {day} của {})", head.issuing_name),
        Lang::En => format!("(Attached to report no. {number} of {day} by {})", head.issuing_name),
    }
}

/// The one agency `name` stands for: an agency's own report is not a collective's.
fn single_agency(session: &Session, loaded: &crate::load::Loaded, name: &str) -> anyhow::Result<usize> {
    match session.agencies_named(loaded, name)?.as_slice() {
        [one] => Ok(*one),
        _ => Err(crate::diagnostic::Refusal::from(crate::diagnostic::Problem::CollectiveNotAgency {
            name: crate::text::nfc(name).into_owned(),
        })
        .into()),
    }
}
