//! Running git for the plan: committing an update, reading history. Only commands that
//! talk to git live here; what they read is interpreted elsewhere.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

/// Runs `git args...` in `dir` and returns its standard output.
pub fn run(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .with_context(|| format!("cannot run git {}", args.join(" ")))?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Like [`run`], for bytes that need not be UTF-8 (file contents).
pub fn run_bytes(dir: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output()?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// The top folder of the git repository holding `dir`, or an error saying the plan is not in one.
pub fn ensure_repository(dir: &Path) -> anyhow::Result<std::path::PathBuf> {
    match run(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(top) => Ok(std::path::PathBuf::from(top.trim())),
        Err(_) => {
            bail!("{} is not inside a git repository (git clone the province's plan repository first)", dir.display())
        }
    }
}

/// Commits `file` alone with `message`; returns the new commit's short hash.
pub fn commit_file(dir: &Path, file: &Path, message: &str) -> anyhow::Result<String> {
    let file = file.to_string_lossy();
    run(dir, &["add", "--", &file])?;
    run(dir, &["commit", "--quiet", "-m", message, "--", &file])?;
    Ok(run(dir, &["rev-parse", "--short", "HEAD"])?.trim().to_string())
}

/// Quotes text for a POSIX shell, so a printed command can be pasted as it is.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c)) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_plain_words_and_protects_the_rest() {
        assert_eq!(shell_quote("plan/tasks/16.toml"), "plan/tasks/16.toml");
        assert_eq!(shell_quote("Sở KH&CN cập nhật"), "'Sở KH&CN cập nhật'");
        assert_eq!(shell_quote("it's $HOME"), r"'it'\''s $HOME'");
    }
}
