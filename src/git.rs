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

/// Who made a commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
}

impl Commit {
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(7)]
    }

    pub fn is_uncommitted(&self) -> bool {
        self.hash.bytes().all(|b| b == b'0')
    }
}

/// The commit that last changed each line of `file` (index 0 is line 1), from `git blame`.
pub fn blame(dir: &Path, file: &Path) -> anyhow::Result<Vec<Commit>> {
    let porcelain = run(dir, &["blame", "--porcelain", "--", &file.to_string_lossy()])?;
    let mut known: std::collections::HashMap<String, (String, String)> = std::collections::HashMap::new();
    let mut lines = Vec::new();
    let mut current: Option<String> = None;
    for line in porcelain.lines() {
        if line.starts_with('\t') {
            // The line's content ends its entry.
            if let Some(hash) = current.take() {
                let (author, email) = known.get(&hash).cloned().unwrap_or_default();
                lines.push(Commit { hash, author, email });
            }
        } else if let Some(name) = line.strip_prefix("author ") {
            if let Some(hash) = &current {
                known.entry(hash.clone()).or_default().0 = name.to_string();
            }
        } else if let Some(mail) = line.strip_prefix("author-mail ") {
            if let Some(hash) = &current {
                known.entry(hash.clone()).or_default().1 = mail.trim_matches(['<', '>']).to_string();
            }
        } else if let Some(hash) =
            line.split(' ').next().filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            current = Some(hash.to_string());
        }
    }
    Ok(lines)
}

/// A file's content at a revision, or none where it does not exist there.
pub fn show_file(dir: &Path, rev: &str, path: &str) -> Option<String> {
    run_bytes(dir, &["show", &format!("{rev}:{path}")]).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The commits in `since..HEAD`, oldest first, each with its parents.
pub fn commits_since(dir: &Path, since: &str) -> anyhow::Result<Vec<(Commit, Vec<String>)>> {
    let log =
        run(dir, &["log", "--reverse", "--topo-order", "--format=%H%x00%P%x00%an%x00%ae", &format!("{since}..HEAD")])?;
    Ok(log
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\0');
            let hash = parts.next()?.to_string();
            let parents = parts.next()?.split_whitespace().map(str::to_string).collect();
            let author = parts.next()?.to_string();
            let email = parts.next()?.to_string();
            Some((Commit { hash, author, email }, parents))
        })
        .collect())
}
