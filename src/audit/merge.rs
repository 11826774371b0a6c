//! A clerk's merge brings nothing of its own: for every path it changes, its result is the
//! side that changed it, or, for a task file both sides changed, what the merge driver makes
//! of the merge base and the two parents. And what it brings together must still follow the
//! rules: a record checked against an older version of its task is checked again.

use std::collections::HashMap;

use crate::audit::authority::Authority;
use crate::audit::{task_change, Finding, Layout};
use crate::git::{self, Change, Entry, HistoryCommit};

/// The findings about a merge commit by someone who is not an administrator.
pub fn check(
    layout: &Layout,
    commit: &HistoryCommit,
    changes: &[Change],
    authority: &Authority,
) -> anyhow::Result<Vec<Finding>> {
    if commit.parents.len() > 2 {
        return Ok(vec![Finding::Octopus { parents: commit.parents.len() }]);
    }
    let (ours, theirs) = (&commit.parents[0], &commit.parents[1]);
    let bases = git::merge_bases(&layout.top, ours, theirs)?;
    let bases: Vec<Option<&str>> =
        if bases.is_empty() { vec![None] } else { bases.iter().map(|b| Some(b.as_str())).collect() };
    // With several merge bases git merges them into a virtual one. Any one real base can be
    // chosen to make an old file look like the side that "changed" it, so the result must be
    // what every base gives.
    let mut findings = Vec::new();
    for base in bases {
        for finding in check_with_base(layout, commit, changes, base)? {
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    findings.extend(rules_after_merge(layout, commit, changes, authority)?);
    Ok(findings)
}

/// Problems `plan check` finds in the merged task files that the first parent's version of
/// the same file did not have.
fn rules_after_merge(
    layout: &Layout,
    commit: &HistoryCommit,
    changes: &[Change],
    authority: &Authority,
) -> anyhow::Result<Vec<Finding>> {
    let mut findings = Vec::new();
    for change in changes {
        let (Some(relative), Some(after)) = (layout.task_file(&change.path), &change.after) else { continue };
        if !after.is_regular_file() {
            continue;
        }
        let merged = git::blob(&layout.top, &after.object)?;
        let before = match git::entry(&layout.top, &commit.parents[0], &change.path)? {
            Some(entry) if entry.is_regular_file() => git::blob(&layout.top, &entry.object)?,
            _ => Vec::new(),
        };
        let mut known: HashMap<String, usize> = HashMap::new();
        for problem in task_change::problems(authority, &change.path, &relative, &before) {
            *known.entry(problem.message).or_default() += 1;
        }
        for problem in task_change::problems(authority, &change.path, &relative, &merged) {
            match known.get_mut(&problem.message) {
                Some(left) if *left > 0 => *left -= 1,
                _ => findings.push(Finding::RuleBroken {
                    location: problem.location,
                    message: problem.message,
                    message_vi: problem.message_vi,
                }),
            }
        }
    }
    Ok(findings)
}

fn check_with_base(
    layout: &Layout,
    commit: &HistoryCommit,
    changes: &[Change],
    base: Option<&str>,
) -> anyhow::Result<Vec<Finding>> {
    let top = &layout.top;
    let (ours, theirs) = (&commit.parents[0], &commit.parents[1]);
    let mut findings = Vec::new();
    for change in changes {
        let path = &change.path;
        let at = |rev: &str| git::entry(top, rev, path);
        let (o, t, r) = (at(ours)?, at(theirs)?, change.after.clone());
        let b = match base {
            Some(base) => at(base)?,
            None => None,
        };
        let expected_entry = if o == t || b == t {
            Some(o.clone())
        } else if b == o {
            Some(t.clone())
        } else {
            None
        };
        let matches = match expected_entry {
            Some(expected) => expected == r,
            None => both_changed(layout, path, b.as_ref(), o.as_ref(), t.as_ref(), r.as_ref())?,
        };
        if !matches {
            findings.push(Finding::MergeBringsOwn { file: path.clone() });
        }
    }
    Ok(findings)
}

/// A path both sides changed: only a task file the merge driver merges without conflict
/// can be merged by a clerk, and only to exactly the driver's result.
fn both_changed(
    layout: &Layout,
    path: &str,
    base: Option<&Entry>,
    ours: Option<&Entry>,
    theirs: Option<&Entry>,
    result: Option<&Entry>,
) -> anyhow::Result<bool> {
    let (Some(ours), Some(theirs), Some(result)) = (ours, theirs, result) else { return Ok(false) };
    let regular = [Some(ours), Some(theirs), Some(result), base].into_iter().flatten().all(Entry::is_regular_file);
    if layout.task_file(path).is_none() || !regular {
        return Ok(false);
    }
    let text = |entry: Option<&Entry>| -> anyhow::Result<String> {
        Ok(match entry {
            Some(entry) => String::from_utf8_lossy(&git::blob(&layout.top, &entry.object)?).into_owned(),
            None => String::new(),
        })
    };
    let (merged, clean) = crate::merge::merge(&text(base)?, &text(Some(ours))?, &text(Some(theirs))?)?;
    Ok(clean && git::blob(&layout.top, &result.object)? == merged.into_bytes())
}
