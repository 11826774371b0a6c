//! `plan git-setup`: registers `plan merge-driver` for the task files in `.gitattributes`
//! and in the repository's git config, so parallel updates merge cleanly.

use std::path::Path;

use crate::cmd::{Exit, Session};
use crate::git;

#[derive(clap::Args, Debug)]
pub struct Args {}

/// The merge driver's name in git's config and attributes.
pub const DRIVER: &str = "plan-updates";

pub fn run(_args: &Args, session: &Session, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let root = &session.dir.root;
    let top = git::ensure_repository(root)?;
    let plan_in_repo =
        root.canonicalize()?.strip_prefix(top.canonicalize()?).map(Path::to_path_buf).unwrap_or_default();
    let prefix = plan_in_repo.to_string_lossy().replace('\\', "/");
    let pattern = if prefix.is_empty() { "tasks/**/*.toml".to_string() } else { format!("{prefix}/tasks/**/*.toml") };
    let line = format!("{pattern} merge={DRIVER}");

    let attributes = top.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    let added = !existing.lines().any(|l| l.trim() == line);
    if added {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        crate::write::write_atomic(&attributes, text.as_bytes())?;
    }
    let exe = std::env::current_exe()?;
    let driver = format!("{} merge-driver %O %A %B", git::shell_quote(&exe.to_string_lossy()));
    git::run(&top, &["config", &format!("merge.{DRIVER}.name"), "plan: keep the update records of both sides"])?;
    git::run(&top, &["config", &format!("merge.{DRIVER}.driver"), &driver])?;

    let mut text = String::new();
    if added {
        text.push_str(&format!("{} .gitattributes: {line}\n", lang.pick("Đã thêm vào", "Added to")));
    } else {
        text.push_str(&format!("{} .gitattributes: {line}\n", lang.pick("Đã có trong", "Already in")));
    }
    text.push_str(&format!("{} merge.{DRIVER}.driver = {driver}\n", lang.pick("Đã cấu hình git:", "Configured git:")));
    if added {
        text.push_str(lang.pick(
            "Hãy commit .gitattributes để mọi bản sao dùng chung quy tắc này.\n",
            "Commit .gitattributes so that every clone uses the rule.\n",
        ));
    }
    out.extend_from_slice(text.as_bytes());
    Ok(Exit::Clean)
}
