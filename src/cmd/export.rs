//! `plan export --format csv|xlsx|json|docx [-o FILE]`: the whole plan as the meeting table,
//! or (docx) as the official table it was issued with.

use std::path::PathBuf;

use crate::cmd::{Exit, Io, Session};
use crate::figures;
use crate::render::csv::CsvOptions;
use crate::render::export;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
    // The plan's own table as a Word document, in the layout it was issued in.
    Docx,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output (required for xlsx on a terminal)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The line under the printed appendix's title (xlsx), e.g. "(Kèm theo Báo cáo số 12/BC-SKHCN ngày 25/6/2025)"
    #[arg(long, value_name = "TEXT")]
    pub attached: Option<String>,
    #[command(flatten)]
    pub csv: CsvOptions,
    #[command(flatten)]
    pub allow: crate::cmd::AllowErrors,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts(io.err)?;
    // A file written with -o is a document someone files; standard output is a pipe.
    let warning = match &args.output {
        Some(_) => match crate::cmd::documents_gate(loaded, exit, args.allow, session.lang, io.err)? {
            Ok(warning) => warning,
            Err(refused) => return Ok(refused),
        },
        None => None,
    };
    let plan = &loaded.plan;
    let bytes = render(plan, session.as_of, session.lang, args, warning.as_deref())?;
    match &args.output {
        Some(path) => {
            crate::write::write_output(path, &bytes, crate::write::Links::Follow, session.lang)?;
            let text = format!("{} {}\n", session.lang.pick("Đã ghi", "Wrote"), path.display());
            write!(io.err, "{text}")?;
        }
        None => {
            let binary = matches!(args.format, ExportFormat::Xlsx | ExportFormat::Docx);
            if binary && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                anyhow::bail!(
                    "{}",
                    session.lang.pick(
                        "tệp xlsx, docx cần nơi ghi: thêm -o ten-tep.xlsx",
                        "an xlsx or docx file needs somewhere to go: add -o file.xlsx"
                    )
                );
            }
            io.out.write_all(&bytes)?;
        }
    }
    Ok(exit)
}

/// The table in `format`, as of `as_of`; the printed appendix carries `warning` under its
/// title.
fn render(
    plan: &crate::model::Plan,
    as_of: chrono::NaiveDate,
    lang: crate::i18n::Lang,
    args: &Args,
    warning: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let views = figures::views(plan, as_of);
    let rows = export::rows(plan, &views, as_of, lang);
    match args.format {
        ExportFormat::Csv => export::csv(&rows, lang, args.csv),
        ExportFormat::Json => export::json(&rows),
        ExportFormat::Docx => crate::render::plan_table::docx(plan),
        ExportFormat::Xlsx => {
            let attached = args.attached.as_deref().unwrap_or(export::default_attachment(lang));
            let attached = match warning {
                Some(warning) => format!("{attached} — {warning}"),
                None => attached.to_string(),
            };
            export::xlsx_attached(plan, &rows, as_of, lang, &attached)
        }
    }
}
