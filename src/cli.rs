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
    /// Write the periodic report into reports/PERIOD/
    Report(cmd::report::Args),
    /// Write DOST's follow-up letters and e-mails into reports/nhac-viec-DATE/
    Remind(cmd::remind::Args),
    /// Record an agency's status update in a task's file
    Update(cmd::update::Args),
    /// Record central-government events that start a task's clock
    Event(cmd::event::Args),
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
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    ExitCode::from(run_parsed(cli, &mut Io { out: &mut out, err: &mut err }))
}

/// Runs `plan` with `args` (the program's name first) in this process, writing to `io`
/// as the binary writes to its standard output and error, and returns the exit code: for
/// tests and other callers. Arguments clap refuses are written to `io.err` (exit 2).
pub fn run_args<I, T>(args: I, io: &mut Io) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => run_parsed(cli, io),
        Err(error) => {
            let _ = write!(io.err, "{}", error.render().ansi());
            u8::try_from(error.exit_code()).unwrap_or(Exit::Error as u8)
        }
    }
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
        Command::Completions(args) => cmd::completions::run(&args, <Cli as clap::CommandFactory>::command(), io.out),
        Command::Check(args) => cmd::check::run(&args, &session?, io),
        Command::Overdue(args) => cmd::overdue::run(&args, &session?, io),
        Command::List(args) => cmd::list::run(&args, &session?, io),
        Command::Show(args) => cmd::show::run(&args, &session?, io),
        Command::Update(args) => cmd::update::run(&args, &session?, io),
        Command::Event(args) => cmd::event::run(&args, &session?, io),
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
    let dir = crate::load::find(global.plan.as_deref(), &cwd)?;
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
