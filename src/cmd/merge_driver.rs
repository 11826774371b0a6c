//! `plan merge-driver %O %A %B`: git's merge driver for task files. Update, proposal and
//! amendment records from both sides are kept (each once, new ones in date order); the rest
//! of the file is merged line by line by `git merge-file`, which marks real conflicts for a
//! human (see [`crate::merge`]).

use std::path::PathBuf;

use crate::cmd::Exit;
use crate::merge::merge;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The common ancestor's version (%O)
    pub base: PathBuf,
    /// Our version (%A); the result is written here
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
}

/// Runs without a plan folder: git calls it with three temporary files.
pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let read =
        |path: &PathBuf| -> anyhow::Result<String> { Ok(String::from_utf8_lossy(&std::fs::read(path)?).into_owned()) };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let (merged, clean) = merge(&base, &ours, &theirs)?;
    crate::write::write_atomic(&args.ours, merged.as_bytes())?;
    Ok(if clean { Exit::Clean } else { Exit::Problems })
}
