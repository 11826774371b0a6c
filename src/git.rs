//! Running git for the plan: committing an update, reading history, trees and objects for
//! the audit and `plan log`.
//! Only commands that talk to git live here; what they read is interpreted elsewhere.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

/// git in `dir`, reading objects as they are: replacement refs (`git replace`), which
/// anyone who can push a ref could add, never change what the plan reads.
fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).env("GIT_NO_REPLACE_OBJECTS", "1");
    command
}

/// Runs `git args...` in `dir` and returns its standard output.
pub fn run(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = git_command(dir).args(args).output().with_context(|| format!("cannot run git {}", args.join(" ")))?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Like [`run`], for bytes that need not be UTF-8 (file contents).
pub fn run_bytes(dir: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let output = git_command(dir).args(args).output()?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// The top folder of the git repository holding `dir`, if it is in one: the nearest folder
/// from `dir` up that holds a `.git` (a folder, or a worktree's file), as git finds it,
/// without starting git — a process start costs more than the rest of `plan update`.
/// Only when git is told where the repository is (`GIT_DIR`) is git asked.
pub fn top_of(dir: &Path) -> Option<std::path::PathBuf> {
    if std::env::var_os("GIT_DIR").is_some() {
        return ensure_repository(dir).ok();
    }
    let dir = dir.canonicalize().ok()?;
    dir.ancestors().find(|folder| folder.join(".git").exists()).map(Path::to_path_buf)
}

/// The top folder of the git repository holding `dir`, or an error saying the plan is not in one.
pub fn ensure_repository(dir: &Path) -> anyhow::Result<std::path::PathBuf> {
    match run(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(top) => Ok(std::path::PathBuf::from(top.trim())),
        Err(_) => match crate::i18n::current() {
            crate::i18n::Lang::Vi => {
                bail!("{} không nằm trong kho git nào (trước hết git clone kho kế hoạch của tỉnh)", dir.display())
            }
            crate::i18n::Lang::En => bail!(
                "{} is not inside a git repository (git clone the province's plan repository first)",
                dir.display()
            ),
        },
    }
}

/// The repository's git folder (`.git`, or a worktree's own folder), as an absolute path.
pub fn git_dir(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(run(root, &["rev-parse", "--git-dir"])?.trim_end_matches(['\n', '\r']));
    Ok(if dir.is_absolute() { dir } else { root.join(dir) })
}

/// Whether `file` has changes git has not committed, staged or not.
pub fn has_uncommitted_changes(root: &Path, file: &Path) -> anyhow::Result<bool> {
    Ok(!run(root, &["status", "--porcelain", "--", &file.to_string_lossy()])?.trim().is_empty())
}

/// Commits `file` alone (`--only`: whatever else is staged stays out of it).
pub fn commit_only(root: &Path, file: &Path, message: &str) -> anyhow::Result<()> {
    run(root, &["commit", "--quiet", "--only", "-m", message, "--", &file.to_string_lossy()]).map(drop)
}

/// The short hash of HEAD.
pub fn short_head(root: &Path) -> anyhow::Result<String> {
    Ok(run(root, &["rev-parse", "--short", "HEAD"])?.trim().to_string())
}

/// Quotes text for a POSIX shell, so a printed command can be pasted as it is.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c)) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
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
}

/// `path` (inside the repository whose top is `top`) as git names it: relative, with `/`.
pub fn path_in_repo(top: &Path, path: &Path) -> anyhow::Result<String> {
    let path = path.canonicalize()?;
    let top = top.canonicalize()?;
    Ok(path.strip_prefix(&top)?.to_string_lossy().replace('\\', "/"))
}

/// Every commit that changed a file under `pathspec`, parents before children (merges once
/// per parent), with the paths it changed.
pub fn file_changes(dir: &Path, pathspec: &str) -> anyhow::Result<Vec<(Commit, Vec<String>)>> {
    let log = run_bytes(
        dir,
        &[
            "log",
            "--reverse",
            "--topo-order",
            "--full-history",
            "-m",
            "--no-renames",
            "--name-only",
            "-z",
            "--format=%x01%H%x00%an%x00%ae",
            "--",
            pathspec,
        ],
    )?;
    let text = String::from_utf8_lossy(&log);
    let mut out = Vec::new();
    for chunk in text.split('\u{1}').filter(|c| !c.is_empty()) {
        let mut fields = chunk.split('\0');
        let (Some(hash), Some(author), Some(email)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let paths = fields.map(|p| p.trim_start_matches('\n')).filter(|p| !p.is_empty()).map(str::to_string).collect();
        out.push((Commit { hash: hash.to_string(), author: author.to_string(), email: email.to_string() }, paths));
    }
    Ok(out)
}

/// The contents of `rev:path` for each request, from one `git cat-file --batch`; none where
/// the path does not exist at that revision or is not a file.
pub fn read_many(dir: &Path, requests: &[String]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
    Ok(read_objects(dir, requests)?
        .into_iter()
        .map(|object| object.filter(|(kind, _)| kind == "blob").map(|(_, bytes)| bytes))
        .collect())
}

/// An object's kind (`blob`, `commit`, ...) and content.
pub type Object = (String, Vec<u8>);

/// Each requested object (`rev:path`, a hash) with its kind, from one `git cat-file --batch`;
/// none where there is no such object.
pub fn read_objects(dir: &Path, requests: &[String]) -> anyhow::Result<Vec<Option<Object>>> {
    use std::io::{BufRead, Read, Write};
    let mut child = git_command(dir)
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot run git cat-file")?;
    let mut stdin = child.stdin.take().context("git cat-file has no input")?;
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut reader = std::io::BufReader::new(child.stdout.take().context("git cat-file has no output")?);
    let mut out = Vec::with_capacity(requests.len());
    for _ in requests {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        match fields[..] {
            [_, kind, size] => {
                let mut bytes = vec![0; size.parse()?];
                reader.read_exact(&mut bytes)?;
                let mut newline = [0; 1];
                reader.read_exact(&mut newline)?;
                out.push(Some((kind.to_string(), bytes)));
            }
            _ => out.push(None),
        }
    }
    writer.join().map_err(|_| anyhow::anyhow!("git cat-file input failed"))??;
    child.wait()?;
    Ok(out)
}

/// One commit in the history being audited.
#[derive(Clone, Debug)]
pub struct HistoryCommit {
    pub hash: String,
    pub parents: Vec<String>,
    pub author: Person,
    pub committer: Person,
    /// The committer's date, in the committer's own time zone.
    pub date: chrono::NaiveDate,
    pub subject: String,
    /// Why the commit object could not be read whole, if it could not.
    pub unreadable: Option<String>,
}

impl HistoryCommit {
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(7)]
    }
}

/// A name and e-mail address as git recorded them (no .mailmap applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// Whether `ancestor` is an ancestor of (or is) `rev`.
pub fn is_ancestor(dir: &Path, ancestor: &str, rev: &str) -> anyhow::Result<bool> {
    let status = git_command(dir)
        .args(["merge-base", "--is-ancestor", ancestor, rev])
        .status()
        .context("cannot run git merge-base")?;
    match status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => bail!("git merge-base --is-ancestor {ancestor} {rev} failed"),
    }
}

/// The full hash `rev` names, as a commit.
pub fn resolve_commit(dir: &Path, rev: &str) -> Option<String> {
    run(dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The commits in `since..until`, parents before children, with who made them. Each commit
/// object is read as git stored it (no `.mailmap`, no replacement), so a name holding
/// separators or control characters is read as it is, never askew.
pub fn history(dir: &Path, since: &str, until: &str) -> anyhow::Result<Vec<HistoryCommit>> {
    let listing = run(dir, &["rev-list", "--reverse", "--topo-order", &format!("{since}..{until}"), "--"])?;
    let hashes: Vec<String> = listing.lines().map(str::to_string).collect();
    if let Some(bad) = hashes.iter().find(|h| !is_object_id(h)) {
        bail!("git rev-list gave an unreadable line: {}", crate::text::escape_controls(bad));
    }
    let objects = read_objects(dir, &hashes)?;
    Ok(hashes.into_iter().zip(objects).map(|(hash, object)| parse_commit(hash, object.map(|o| o.1))).collect())
}

/// A commit object's headers and subject; whatever cannot be read is left empty and said in
/// `unreadable`.
fn parse_commit(hash: String, object: Option<Vec<u8>>) -> HistoryCommit {
    let text = String::from_utf8_lossy(object.as_deref().unwrap_or_default()).into_owned();
    let (headers, message) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut commit = HistoryCommit {
        hash,
        parents: Vec::new(),
        author: Person { name: String::new(), email: String::new() },
        committer: Person { name: String::new(), email: String::new() },
        date: chrono::NaiveDate::MIN,
        subject: message.lines().next().unwrap_or_default().to_string(),
        unreadable: None,
    };
    let (mut author, mut committer) = (None, None);
    for line in headers.lines() {
        if let Some(parent) = line.strip_prefix("parent ") {
            commit.parents.push(parent.to_string());
        } else if let Some(who) = line.strip_prefix("author ") {
            author = Some(parse_person(who));
        } else if let Some(who) = line.strip_prefix("committer ") {
            committer = Some(parse_person(who));
        }
    }
    match (author.flatten(), committer.flatten()) {
        (Some((author, _)), Some((committer, date))) => {
            commit.author = author;
            commit.committer = committer;
            commit.date = date;
        }
        _ => commit.unreadable = Some("no readable author or committer".into()),
    }
    if object.is_none() || !commit.parents.iter().all(|p| is_object_id(p)) {
        commit.unreadable = Some("not a commit git can read".into());
    }
    commit
}

/// `Name <email> 1700000000 +0700` → the person and the date in their time zone.
fn parse_person(text: &str) -> Option<(Person, chrono::NaiveDate)> {
    let (identity, when) = text.rsplit_once('>')?;
    let (name, email) = identity.rsplit_once('<')?;
    let mut when = when.split_whitespace();
    let seconds: i64 = when.next()?.parse().ok()?;
    let zone = when.next()?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits = zone.trim_start_matches(['+', '-']);
    let (hours, minutes): (i64, i64) = (digits.get(..2)?.parse().ok()?, digits.get(2..4)?.parse().ok()?);
    let local = seconds.checked_add(sign * (hours * 3600 + minutes * 60))?;
    let date = chrono::DateTime::from_timestamp(local, 0)?.date_naive();
    Some((Person { name: name.trim_end().to_string(), email: email.to_string() }, date))
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A path's state in a tree: its mode and object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub mode: String,
    pub object: String,
}

impl Entry {
    /// A file (not a link, a submodule or a folder).
    pub fn is_regular_file(&self) -> bool {
        self.mode == "100644" || self.mode == "100755"
    }
}

/// A path that differs between two trees, with its entry on each side (none: absent).
#[derive(Clone, Debug)]
pub struct Change {
    pub path: String,
    pub before: Option<Entry>,
    pub after: Option<Entry>,
}

/// Every path that differs between `from` (none: the empty tree) and `to`, renames split
/// into a removal and an addition.
pub fn changes(dir: &Path, from: Option<&str>, to: &str) -> anyhow::Result<Vec<Change>> {
    let empty_tree;
    let from = match from {
        Some(from) => from,
        None => {
            empty_tree = run(dir, &["hash-object", "-t", "tree", "--stdin"]).unwrap_or_default();
            empty_tree.trim()
        }
    };
    let raw = run_bytes(dir, &["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-abbrev", from, to, "--"])?;
    let mut parts = raw.split(|&b| b == 0);
    let mut out = Vec::new();
    while let Some(meta) = parts.next() {
        if meta.is_empty() {
            continue;
        }
        let meta = String::from_utf8_lossy(meta);
        let Some(path) = parts.next() else { break };
        let path = String::from_utf8_lossy(path).into_owned();
        let fields: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
        let [old_mode, new_mode, old_object, new_object, ..] = fields[..] else {
            bail!("git diff-tree gave an unreadable line: {meta}");
        };
        let entry = |mode: &str, object: &str| {
            (mode != "000000").then(|| Entry { mode: mode.to_string(), object: object.to_string() })
        };
        out.push(Change { path, before: entry(old_mode, old_object), after: entry(new_mode, new_object) });
    }
    Ok(out)
}

/// The entry of `path` in `rev`'s tree, if there is one.
pub fn entry(dir: &Path, rev: &str, path: &str) -> anyhow::Result<Option<Entry>> {
    let listing = run_bytes(dir, &["ls-tree", "-z", "--full-tree", rev, "--", path])?;
    let line = String::from_utf8_lossy(listing.split(|&b| b == 0).next().unwrap_or_default()).into_owned();
    let Some((meta, name)) = line.split_once('\t') else { return Ok(None) };
    if name != path {
        return Ok(None);
    }
    let fields: Vec<&str> = meta.split(' ').collect();
    Ok(match fields[..] {
        [mode, _, object] => Some(Entry { mode: mode.to_string(), object: object.to_string() }),
        _ => None,
    })
}

/// The bytes of a blob.
pub fn blob(dir: &Path, object: &str) -> anyhow::Result<Vec<u8>> {
    run_bytes(dir, &["cat-file", "blob", object])
}

/// The merge bases of two commits (none for unrelated histories).
pub fn merge_bases(dir: &Path, a: &str, b: &str) -> anyhow::Result<Vec<String>> {
    let output = git_command(dir).args(["merge-base", "--all", a, b]).output()?;
    match output.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&output.stdout).split_whitespace().map(str::to_string).collect()),
        Some(1) => Ok(Vec::new()),
        _ => bail!("git merge-base {a} {b} failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
    }
}

/// A commit's signature as git checks it against an allowed-signers file: git's one-letter
/// verdict (`G` good) and the principal the key is listed for.
pub fn signature(dir: &Path, commit: &str, allowed_signers: &Path) -> anyhow::Result<(char, String)> {
    let output = run(
        dir,
        &[
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", allowed_signers.display()),
            "log",
            "-1",
            "--format=%G?%x00%GS",
            commit,
            "--",
        ],
    )?;
    let (verdict, signer) = output.trim_end_matches('\n').split_once('\0').unwrap_or(("N", ""));
    Ok((verdict.chars().next().unwrap_or('N'), signer.to_string()))
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
