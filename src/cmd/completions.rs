//! `plan completions SHELL`: shell completion script on standard output.

use clap::CommandFactory;

use crate::cmd::Exit;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs without a plan folder.
pub fn run(args: &Args, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    clap_complete::generate(args.shell, &mut crate::cli::Cli::command(), "plan", out);
    Ok(Exit::Clean)
}
