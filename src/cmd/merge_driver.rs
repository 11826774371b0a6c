//! `plan merge-driver %O %A %B`: git's merge driver for task files. Update records from
//! both sides are kept (each once, new ones in date order); the rest of the file is merged
//! line by line by `git merge-file`, which marks real conflicts for a human.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::cmd::Exit;
use crate::records::{self, RawRecord};

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

/// Merges three versions of a task file; returns the result and whether it is free of conflicts.
pub fn merge(base: &str, ours: &str, theirs: &str) -> anyhow::Result<(String, bool)> {
    let (o, a, b) = (records::split(base), records::split(ours), records::split(theirs));
    let (head, clean) = if records::same_head(a.head, b.head) || records::same_head(o.head, b.head) {
        (a.head.to_string(), true)
    } else if records::same_head(o.head, a.head) {
        (b.head.to_string(), true)
    } else {
        merge_lines(o.head, a.head, b.head)?
    };

    let in_base: HashSet<&str> = o.records.iter().map(|r| r.key.as_str()).collect();
    let in_ours: HashSet<&str> = a.records.iter().map(|r| r.key.as_str()).collect();
    let in_theirs: HashSet<&str> = b.records.iter().map(|r| r.key.as_str()).collect();
    // A record stays unless one side removed it from the base.
    let keep = |r: &RawRecord| {
        !in_base.contains(r.key.as_str()) || (in_ours.contains(r.key.as_str()) && in_theirs.contains(r.key.as_str()))
    };
    let mut seen = HashSet::new();
    let mut kept: Vec<&RawRecord> = a.records.iter().filter(|r| keep(r) && seen.insert(r.key.as_str())).collect();
    let mut added: Vec<&RawRecord> = b.records.iter().filter(|r| keep(r) && seen.insert(r.key.as_str())).collect();
    added.sort_by(|x, y| x.date.cmp(&y.date));
    kept.extend(added);

    let newline = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = head.trim_end().to_string();
    out.push_str(newline);
    for record in kept {
        out.push_str(newline);
        out.push_str(record.text.trim_end());
        out.push_str(newline);
    }
    Ok((out, clean))
}

/// Three-way line merge of the heads with `git merge-file`; conflicts get the usual markers.
fn merge_lines(base: &str, ours: &str, theirs: &str) -> anyhow::Result<(String, bool)> {
    let dir = tempfile::tempdir()?;
    let write = |name: &str, text: &str| -> anyhow::Result<String> {
        let path = dir.path().join(name);
        std::fs::write(&path, text)?;
        Ok(path.to_string_lossy().into_owned())
    };
    let (o, a, b) = (write("base", base)?, write("ours", ours)?, write("theirs", theirs)?);
    let output = std::process::Command::new("git")
        .args(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", &a, &o, &b])
        .output()?;
    // git merge-file exits with the number of conflicts, or a negative value on error.
    match output.status.code() {
        Some(0) => Ok((String::from_utf8_lossy(&output.stdout).into_owned(), true)),
        Some(n) if n > 0 => Ok((String::from_utf8_lossy(&output.stdout).into_owned(), false)),
        _ => anyhow::bail!("git merge-file failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"16\"\ntitle = \"Đề án\"\n";

    fn record(by: &str, date: &str) -> String {
        format!("\n[[updates]]\nby = \"{by}\"\ndate = {date}\nstatus = \"in-progress\"\n")
    }

    #[test]
    fn records_from_both_sides_are_kept_once_in_date_order() {
        let base = format!("{HEAD}{}", record("a", "2025-01-01"));
        let ours = format!("{base}{}", record("b", "2025-03-01"));
        let theirs = format!("{base}{}{}", record("d", "2025-04-01"), record("c", "2025-02-01"));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean);
        assert_eq!(
            merged,
            format!(
                "{HEAD}{}{}{}{}",
                record("a", "2025-01-01"),
                record("b", "2025-03-01"),
                record("c", "2025-02-01"),
                record("d", "2025-04-01")
            )
        );
        let (again, _) = merge(&base, &merged, &merged).unwrap();
        assert_eq!(again, merged, "merging the same records twice adds nothing");
    }

    #[test]
    fn a_record_removed_on_one_side_stays_removed() {
        let base = format!("{HEAD}{}", record("a", "2025-01-01"));
        let (merged, clean) = merge(&base, HEAD, &format!("{base}{}", record("b", "2025-02-01"))).unwrap();
        assert!(clean);
        assert_eq!(merged, format!("{HEAD}{}", record("b", "2025-02-01")));
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let ours = HEAD.replace("Đề án", "Đề án A");
        let theirs = HEAD.replace("Đề án", "Đề án B");
        let (merged, clean) = merge(HEAD, &ours, &theirs).unwrap();
        assert!(!clean);
        assert!(merged.contains("<<<<<<< ours") && merged.contains(">>>>>>> theirs"), "{merged}");
        let (one_side, clean) = merge(HEAD, &ours, HEAD).unwrap();
        assert!(clean);
        assert!(one_side.contains("Đề án A"));
    }
}
