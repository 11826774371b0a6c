//! Command-line entry: parses arguments, runs one command, prints errors in one place
//! and picks the exit code (0 clean, 1 problems found, 2 usage or I/O error).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::cmd::{self, Exit, Io, Session};
use crate::i18n::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "plan",
    version,
    about = "Theo dõi kế hoạch thực hiện Nghị quyết 57-NQ/TW lưu dưới dạng tệp TOML\n\
             Follow a Resolution 57-NQ/TW action plan kept as TOML files"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Debug)]
pub struct Global {
    /// Plan folder (default: the plan/ folder of the current directory or its nearest ancestor)
    #[arg(long, global = true, env = "PLAN_DIR", value_name = "DIR")]
    pub plan: Option<PathBuf>,
    /// Evaluate as of this date instead of today
    #[arg(long, global = true, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Language of labels and messages
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Read every task file, ignoring the cache of parsed files (plan/.cache)
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Fit tables and text to N columns (default: COLUMNS, else the terminal's width;
    /// piped output keeps its natural width, as --width 0 does)
    #[arg(long, global = true, value_name = "N")]
    pub width: Option<u16>,
    /// Only ASCII marks in tables (">" for "↳"), for consoles whose font lacks them
    #[arg(long, global = true)]
    pub ascii: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the whole plan and report every problem
    Check(cmd::check::Args),
    /// List milestones past their due date that their agencies still owe
    Overdue(cmd::overdue::Args),
    /// List the plan's tasks
    List(cmd::list::Args),
    /// Show everything about one task, with every agency's state and update history
    Show(cmd::show::Args),
    /// One row per agency: tasks led and supported, states, completion rate
    Agencies(cmd::agencies::Args),
    /// One agency's own list of tasks
    Agency(cmd::agency::Args),
    /// The Government Office's figures for the plan and per group
    Summary(cmd::summary::Args),
    /// The whole plan as the meeting table (CSV, XLSX or JSON)
    Export(cmd::export::Args),
    /// Import a plan from the Word or Excel table it was issued in
    Import(cmd::import::Args),
    /// Write the periodic report into reports/PERIOD/
    Report(cmd::report::Args),
    /// Write DOST's follow-up letters and e-mails into reports/nhac-viec-DATE/
    Remind(cmd::remind::Args),
    /// Record an agency's status update in a task's file
    Update(cmd::update::Args),
    /// Record central-government events that start a task's clock
    Event(cmd::event::Args),
    /// Propose a change of a task: deadline, result, agencies, cancellation
    Propose(cmd::propose::Args),
    /// The proposals awaiting a decision
    Proposals(cmd::proposals::Args),
    /// Record a change of the plan decided by the People's Committee
    Amend(cmd::amend::Args),
    /// History of update records, with the commit and author of each
    Log(cmd::log::Args),
    /// Check the commits since REV: append-only updates, each in its author's agency's name
    Audit(cmd::audit::Args),
    /// Register the merge driver for task files in .gitattributes and git config
    GitSetup(cmd::git_setup::Args),
    /// Shell completions (bash, zsh, fish, powershell)
    Completions(cmd::completions::Args),
    /// Git merge driver for task files (called by git as: plan merge-driver %O %A %B)
    MergeDriver(cmd::merge_driver::Args),
}

pub fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    ExitCode::from(run_args(std::env::args_os(), &mut Io { out: &mut out, err: &mut err }))
}

/// Runs `plan` with `args` (the program's name first) in this process, writing to `io`
/// as the binary writes to its standard output and error, and returns the exit code: the
/// binary's `main`, and tests and other callers. Arguments clap refuses are written to
/// `io.err` (exit 2), in the user's language.
pub fn run_args<I, T>(args: I, io: &mut Io) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // The language is known before parsing, so that help, clap's errors and the value
    // parsers speak it: `--lang`, else for help and errors an English locale.
    let asked = crate::i18n::lang_in_args(&args);
    let ui = asked.unwrap_or(if crate::i18n::locale_is_english() { Lang::En } else { Lang::Vi });
    crate::i18n::set_current(ui);
    if ui == Lang::Vi && args.get(1).is_some_and(|a| a == "help") {
        // `plan help overdue` as `plan overdue --help`: the Vietnamese help has no `help`
        // subcommand of clap's, whose words are English.
        args.remove(1);
        args.push("--help".into());
    }
    let command = crate::help_vi::localize(<Cli as clap::CommandFactory>::command(), ui);
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error, ui, io),
    };
    crate::i18n::set_current(cli.global.lang);
    run_parsed(cli, io)
}

fn run_parsed(cli: Cli, io: &mut Io) -> u8 {
    let lang = cli.global.lang;
    let result = run(cli, io).and_then(|exit| {
        io.out.flush()?;
        Ok(exit)
    });
    match result {
        Ok(exit) => exit as u8,
        // `plan list | head`: the reader has what it wanted.
        Err(error) if is_broken_pipe(&error) => Exit::Clean as u8,
        Err(error) => match error.downcast_ref::<crate::diagnostic::Refusal>() {
            Some(refusal) => {
                let _ = write!(io.err, "{}", refusal.render(lang));
                let exit = if refusal.breaks_a_rule() { Exit::Problems } else { Exit::Error };
                exit as u8
            }
            None => {
                let _ = writeln!(io.err, "{}: {error:#}", lang.pick("lỗi", "error"));
                Exit::Error as u8
            }
        },
    }
}

/// Writes a parse error, or the help or version asked for, in `lang`; clap's own words
/// stay out of a Vietnamese run.
fn clap_error(error: &clap::Error, lang: Lang, io: &mut Io) -> u8 {
    use clap::error::ErrorKind;
    let code = u8::try_from(error.exit_code()).unwrap_or(Exit::Error as u8);
    let _ = match (lang, error.kind()) {
        (Lang::En, _) if error.use_stderr() => write!(io.err, "{}", error.render()),
        (Lang::En, _) => write!(io.out, "{}", error.render()),
        (Lang::Vi, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let text = crate::help_vi::finish(&error.to_string());
            write!(io.out, "{}{}", text, if text.ends_with('\n') { "" } else { "\n" })
        }
        (Lang::Vi, ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) => {
            write!(io.err, "{}", crate::help_vi::finish(&error.to_string()))
        }
        (Lang::Vi, _) => write!(io.err, "{}", clap_error_vi(error)),
    };
    let _ = io.out.flush();
    code
}

/// A clap parse error in Vietnamese: `lỗi: ...`, a hint, the usage.
pub fn clap_error_vi(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |kind| error.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let did_you_mean = |kind| error.get(kind).map(|s| format!("có phải là \"{s}\"?"));
    let (message, hint) = match error.kind() {
        // A value parser's own message (clap::Error::raw), already in the user's language.
        ErrorKind::InvalidValue if arg.is_empty() => {
            let own = error.to_string();
            (own.trim_start_matches("error: ").trim_end().to_string(), None)
        }
        ErrorKind::InvalidValue if value.is_empty() => (format!("thiếu giá trị cho {arg}"), None),
        ErrorKind::InvalidValue => (
            format!("giá trị \"{value}\" không hợp lệ cho {arg}"),
            did_you_mean(ContextKind::SuggestedValue)
                .or_else(|| error.get(ContextKind::ValidValue).map(|v| format!("các giá trị: {v}"))),
        ),
        ErrorKind::UnknownArgument => (
            format!("đối số không hợp lệ \"{arg}\""),
            did_you_mean(ContextKind::SuggestedArg).or_else(|| {
                error.get(ContextKind::Suggested).map(|_| format!("để dùng \"{arg}\" làm giá trị, viết -- {arg}"))
            }),
        ),
        ErrorKind::InvalidSubcommand => (
            format!("không có lệnh \"{}\"", get(ContextKind::InvalidSubcommand)),
            did_you_mean(ContextKind::SuggestedSubcommand),
        ),
        ErrorKind::MissingRequiredArgument => (format!("thiếu đối số bắt buộc: {arg}"), None),
        ErrorKind::MissingSubcommand => {
            ("thiếu lệnh".to_string(), error.get(ContextKind::ValidSubcommand).map(|v| format!("các lệnh: {v}")))
        }
        ErrorKind::ValueValidation => {
            // The value parser's reason, when it speaks Vietnamese (clap's own do not).
            let reason = std::error::Error::source(error)
                .map(|e| e.to_string())
                .filter(|r| !r.is_ascii())
                .map_or_else(String::new, |r| format!(": {r}"));
            (format!("giá trị \"{value}\" không hợp lệ cho {arg}{reason}"), None)
        }
        ErrorKind::ArgumentConflict => (format!("không dùng {arg} cùng với {}", get(ContextKind::PriorArg)), None),
        ErrorKind::TooManyValues => (format!("thừa giá trị \"{value}\" cho {arg}"), None),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => (format!("số giá trị cho {arg} không đúng"), None),
        ErrorKind::NoEquals => (format!("{arg} cần dấu = trước giá trị"), None),
        ErrorKind::InvalidUtf8 => ("đối số không phải văn bản UTF-8".to_string(), None),
        _ => ("dòng lệnh không hợp lệ".to_string(), None),
    };
    let mut text = format!("lỗi: {message}\n");
    if let Some(hint) = hint {
        text.push_str(&format!("  = gợi ý: {hint}\n"));
    }
    if let Some(usage) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim_start().strip_prefix("Usage:").unwrap_or(&usage).trim();
        text.push_str(&format!("\nCách dùng: {}\n", crate::help_vi::finish(usage)));
    }
    text.push_str("\nXem hướng dẫn: thêm --help vào lệnh\n");
    text
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

fn run(cli: Cli, io: &mut Io) -> anyhow::Result<Exit> {
    // Only the commands that read a plan fail without one: git runs the merge driver on
    // temporary files, wherever a plan is.
    let session = session(&cli.global);
    match cli.command {
        Command::MergeDriver(args) => cmd::merge_driver::run(&args),
        // Import writes a new plan folder: it needs no plan to start from.
        Command::Import(args) => cmd::import::run(&args, cli.global.lang, io),
        Command::Completions(args) => cmd::completions::run(&args, <Cli as clap::CommandFactory>::command(), io.out),
        Command::Check(args) => cmd::check::run(&args, &session?, io),
        Command::Overdue(args) => cmd::overdue::run(&args, &session?, io),
        Command::List(args) => cmd::list::run(&args, &session?, io),
        Command::Show(args) => cmd::show::run(&args, &session?, io),
        Command::Update(args) => cmd::update::run(&args, &session?, io),
        Command::Event(args) => cmd::event::run(&args, &session?, io),
        Command::Propose(args) => cmd::propose::run(&args, &session?, io),
        Command::Proposals(args) => cmd::proposals::run(&args, &session?, io),
        Command::Amend(args) => cmd::amend::run(&args, &session?, io),
        Command::Log(args) => cmd::log::run(&args, &session?, io),
        Command::Audit(args) => cmd::audit::run(&args, &session?, io),
        Command::GitSetup(args) => cmd::git_setup::run(&args, &session?, io),
        Command::Agencies(args) => cmd::agencies::run(&args, &session?, io),
        Command::Agency(args) => cmd::agency::run(&args, &session?, io),
        Command::Summary(args) => cmd::summary::run(&args, &session?, io),
        Command::Export(args) => cmd::export::run(&args, &session?, io),
        Command::Report(args) => cmd::report::run(&args, &session?, io),
        Command::Remind(args) => cmd::remind::run(&args, &session?, io),
    }
}

fn session(global: &Global) -> anyhow::Result<Session> {
    let cwd = std::env::current_dir()?;
    let dir = crate::load::find(global.plan.as_deref(), &cwd)
        .map_err(|error| anyhow::anyhow!("{}", error.message(global.lang)))?;
    let session = Session {
        dir,
        // "Today" enters here, once.
        as_of: global.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        as_of_given: global.as_of.is_some(),
        lang: global.lang,
        use_cache: !global.no_cache,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        screen: crate::render::Screen::detect(global.width, global.ascii),
    };
    Ok(session)
}
