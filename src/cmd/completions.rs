//! `plan completions SHELL`: shell completion script on standard output.

use crate::cmd::Exit;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs without a plan folder; `command` is the whole command line's definition, which
/// only the entry point knows.
pub fn run(args: &Args, mut command: clap::Command, out: &mut dyn std::io::Write) -> anyhow::Result<Exit> {
    clap_complete::generate(args.shell, &mut command, "plan", out);
    Ok(Exit::Clean)
}
