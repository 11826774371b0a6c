//! `plan audit`: checks every commit after a trusted revision. A commit by an agency's
//! clerk may only append update and proposal records to task files, each valid under the
//! plan's rules and in the name of the agency of both its author and its committer
//! (amendments are the People's Committee's decisions, recorded by administrators); a merge by a clerk
//! must be exactly what the merge driver makes of its parents; only administrators change
//! anything else. Who is who comes from the trusted revision and changes only through
//! administrators' commits.

pub mod authority;
pub mod merge;
pub mod task_change;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;

use crate::git::{self, Change, HistoryCommit};
use crate::records::Kind;
use authority::{Authority, ADMIN_PRINCIPAL};

/// Something a commit did that the rules do not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Paths outside the task files, which only administrators change.
    OutsideTasks {
        paths: Vec<String>,
    },
    /// A task file that is a link, a submodule or anything but a plain file.
    NotAFile {
        file: String,
        mode: String,
    },
    TaskAdded {
        file: String,
    },
    TaskRemoved {
        file: String,
    },
    Unreadable {
        file: String,
        error: String,
    },
    /// Fields of the task other than its records changed (or were added).
    HeadChanged {
        file: String,
        keys: Vec<String>,
    },
    /// The existing text changed though every value is the same (comments, spacing, order).
    TextChanged {
        file: String,
    },
    /// An earlier record (1-based, counting every kind) changed, moved or disappeared. `by`
    /// is its agency's name, or an amendment's decision.
    RecordChanged {
        file: String,
        number: usize,
        kind: Kind,
        by: String,
        date: String,
    },
    /// A new record breaks a rule `plan check` enforces.
    RuleBroken {
        location: String,
        message: String,
        message_vi: String,
    },
    /// A new record in the name of `by`, while `who` (the author, else the committer)
    /// commits for `agency`.
    WrongAgency {
        file: String,
        line: usize,
        kind: Kind,
        by: String,
        who: Role,
        agency: Option<String>,
    },
    /// A new `[[amendments]]` record in a commit that is not an administrator's: only the
    /// People's Committee amends a task, and DOST's administrators record its decisions.
    AmendmentNotByAdmin {
        file: String,
        line: usize,
    },
    FutureRecord {
        file: String,
        line: usize,
        date: NaiveDate,
        commit_date: NaiveDate,
    },
    /// A merge whose result is not what the merge driver makes of its parents.
    MergeBringsOwn {
        file: String,
    },
    /// A merge of more than two parents, which only administrators make.
    Octopus {
        parents: usize,
    },
    /// A commit object whose author, committer or parents cannot be read.
    UnreadableCommit {
        reason: String,
    },
    /// No valid signature by a key of `expected` (an agency id or the administrators).
    Unsigned {
        expected: String,
        verdict: char,
        signer: String,
    },
}

/// Which identity of a commit a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Author,
    Committer,
}

/// What the audit found about one commit.
#[derive(Debug)]
pub struct Checked {
    pub commit: HistoryCommit,
    /// Whether it was an administrator's; then `changed` lists what it changed.
    pub admin: bool,
    pub changed: Vec<String>,
    pub findings: Vec<Finding>,
}

/// The outcome of an audit.
#[derive(Debug)]
pub enum Outcome {
    /// The trusted revision is no longer in the history: these commits were dropped.
    Rewritten { lost: Vec<HistoryCommit> },
    Checked {
        commits: Vec<Checked>,
        /// The registry, as of HEAD, lists administrators but no keys of theirs: anyone can
        /// type an administrator's e-mail.
        admins_unsigned: bool,
    },
}

pub struct Options {
    /// Every commit must carry a valid signature by a key of its agency (or an administrator's).
    pub require_signed: bool,
    /// The audit's own date: a commit's date is typed by whoever commits, so a record may
    /// be dated neither after its commit nor after this day.
    pub as_of: NaiveDate,
}

/// Where the plan is inside the repository.
pub struct Layout {
    pub top: PathBuf,
    /// The plan folder's path in the repository, with a trailing `/` unless it is the top.
    pub prefix: String,
}

impl Layout {
    pub fn path(&self, inside_plan: &str) -> String {
        format!("{}{inside_plan}", self.prefix)
    }

    /// The path inside the plan folder of a task file, if `path` is one the loader reads —
    /// or of plan/proposals.toml, whose records are appended as a task file's are.
    pub fn task_file(&self, path: &str) -> Option<PathBuf> {
        let inside = path.strip_prefix(&self.prefix)?;
        if inside == crate::load::proposals::FILE {
            return Some(PathBuf::from(inside));
        }
        let in_tasks = inside.strip_prefix("tasks/")?;
        let visible = !in_tasks.split('/').any(|part| part.starts_with('.') || part.is_empty());
        (visible && in_tasks.ends_with(".toml")).then(|| PathBuf::from(inside))
    }
}

/// Audits `since..HEAD`.
pub fn audit(layout: &Layout, since: &str, options: &Options) -> anyhow::Result<Outcome> {
    let top = &layout.top;
    let root = git::resolve_commit(top, since).ok_or_else(|| anyhow::anyhow!("unknown revision \"{since}\""))?;
    let head = git::resolve_commit(top, "HEAD").ok_or_else(|| anyhow::anyhow!("the repository has no commits"))?;
    if !git::is_ancestor(top, &root, &head)? {
        return Ok(Outcome::Rewritten { lost: git::history(top, &head, &root)? });
    }
    let plan_path = |name: &str| layout.path(name);
    let trusted = Rc::new(Authority::at(top, &root, &plan_path)?);
    let mut after: HashMap<String, Rc<Authority>> = HashMap::new();
    let mut out = Vec::new();
    for commit in git::history(top, &root, &head)? {
        let parents: Vec<Rc<Authority>> = if commit.parents.is_empty() {
            vec![trusted.clone()]
        } else {
            commit.parents.iter().map(|p| after.get(p).unwrap_or(&trusted).clone()).collect()
        };
        // What the commit changed against each parent, and against any of them.
        let per_parent: Vec<Vec<Change>> = if commit.parents.is_empty() {
            vec![git::changes(top, None, &commit.hash)?]
        } else {
            commit.parents.iter().map(|p| git::changes(top, Some(p), &commit.hash)).collect::<Result<_, _>>()?
        };
        let mut seen = HashSet::new();
        let mut changes: Vec<Change> =
            per_parent.iter().flatten().filter(|c| seen.insert(c.path.as_str())).cloned().collect();
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let changed: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();

        let claims_admin =
            commit.unreadable.is_none() && parents.iter().all(|a| a.is_admin(&commit.author, &commit.committer));
        let admin_signature = if claims_admin && (options.require_signed || parents.iter().any(|a| a.has_admin_keys()))
        {
            parents.iter().map(|a| signature_finding(top, &commit, a, ADMIN_PRINCIPAL)).find_map(Result::transpose)
        } else {
            None
        };
        if claims_admin && admin_signature.is_none() {
            // An administrator may change who is who: later commits are judged by this tree.
            after.insert(commit.hash.clone(), Rc::new(Authority::at(top, &commit.hash, &plan_path)?));
            out.push(Checked { commit, admin: true, changed, findings: Vec::new() });
            continue;
        }
        let mut findings = Vec::new();
        if let Some(reason) = &commit.unreadable {
            findings.push(Finding::UnreadableCommit { reason: reason.clone() });
        }
        if let Some(finding) = admin_signature {
            findings.push(finding?);
        }
        let authority = parents[0].clone();
        if let Some(finding) = clerk_signature(top, &commit, &authority, options)? {
            findings.push(finding);
        }
        if commit.parents.len() > 1 {
            findings.extend(merge::check(layout, &commit, &changes, &authority)?);
        } else {
            findings.extend(check_changes(layout, &commit, &changes, &authority, options.as_of)?);
        }
        // A clerk changes nothing of who is who: the authority stays that of the parent whose
        // plan files the commit kept (a merge may take an administrator's change from either).
        let sources: Vec<String> = authority::SOURCES.iter().map(|name| layout.path(name)).collect();
        let kept = per_parent.iter().position(|list| !list.iter().any(|c| sources.contains(&c.path)));
        after.insert(commit.hash.clone(), kept.map_or(&authority, |i| &parents[i]).clone());
        out.push(Checked { commit, admin: false, changed, findings });
    }
    // Who is who as of HEAD, after every administrator's change.
    let registry = &after.get(&head).unwrap_or(&trusted).base.registry;
    let admins_unsigned = !registry.admins.is_empty() && registry.admin_signing_keys.is_empty();
    Ok(Outcome::Checked { commits: out, admins_unsigned })
}

/// What a clerk's non-merge commit changed, file by file.
fn check_changes(
    layout: &Layout,
    commit: &HistoryCommit,
    changes: &[Change],
    authority: &Authority,
    as_of: NaiveDate,
) -> anyhow::Result<Vec<Finding>> {
    let top = &layout.top;
    let date = commit.date.min(as_of);
    let maker = task_change::Maker { author: &commit.author, committer: &commit.committer, date };
    let mut findings = Vec::new();
    let mut outside = Vec::new();
    for change in changes {
        let Some(relative) = layout.task_file(&change.path) else {
            outside.push(change.path.clone());
            continue;
        };
        let file = change.path.clone();
        match (&change.before, &change.after) {
            (None, _) => findings.push(Finding::TaskAdded { file }),
            (Some(_), None) => findings.push(Finding::TaskRemoved { file }),
            (Some(before), Some(after)) if !before.is_regular_file() || !after.is_regular_file() => {
                let mode = if after.is_regular_file() { before.mode.clone() } else { after.mode.clone() };
                findings.push(Finding::NotAFile { file, mode });
            }
            (Some(before), Some(after)) => {
                let (before, after) = (git::blob(top, &before.object)?, git::blob(top, &after.object)?);
                findings.extend(task_change::check(authority, &maker, &file, &relative, &before, &after));
            }
        }
    }
    if !outside.is_empty() {
        findings.insert(0, Finding::OutsideTasks { paths: outside });
    }
    Ok(findings)
}

/// A finding when the commit is not validly signed by a key listed for `principal`.
fn signature_finding(
    top: &Path,
    commit: &HistoryCommit,
    authority: &Authority,
    principal: &str,
) -> anyhow::Result<Option<Finding>> {
    let (verdict, signer) = git::signature(top, &commit.hash, authority.allowed_signers()?)?;
    let good = verdict == 'G' && signer.split(',').any(|s| s.trim() == principal);
    Ok((!good).then(|| Finding::Unsigned { expected: principal.to_string(), verdict, signer }))
}

/// A clerk's commit must be signed when its agency has keys, or when every commit must be.
fn clerk_signature(
    top: &Path,
    commit: &HistoryCommit,
    authority: &Authority,
    options: &Options,
) -> anyhow::Result<Option<Finding>> {
    let agency = authority.agency_of(&commit.author);
    let needed = options.require_signed || agency.is_some_and(|i| authority.agency_has_keys(i));
    if !needed {
        return Ok(None);
    }
    let principal = agency.map_or_else(|| "?".to_string(), |i| authority.base.registry.agencies[i].id.clone());
    signature_finding(top, commit, authority, &principal)
}
