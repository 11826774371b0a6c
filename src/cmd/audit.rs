//! `plan audit --since REV`: for the shared server's CI. Checks every commit in
//! `REV..HEAD`: update records are append-only, each new record's agency is the commit
//! author's agency (by the e-mail addresses in the registry), and only DOST's
//! administrators change anything else; their changes are listed.

use std::collections::HashSet;
use std::path::Path;

use crate::cmd::{Exit, Session};
use crate::git::{self, Commit};
use crate::i18n::Lang;
use crate::load::agencies;
use crate::records;
use crate::registry::{AgencyRef, Registry};
use crate::source::SourceFile;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Check the commits after this revision (a branch, tag or commit), up to HEAD
    #[arg(long, value_name = "REV")]
    pub since: String,
}

/// Something a commit did that the rules do not allow.
#[derive(Debug)]
enum Finding {
    RecordChanged { file: String, by: String, date: String },
    WrongAgency { file: String, by: String, author_agency: Option<String> },
    NotAnUpdate { file: String },
}

pub fn run(args: &Args, session: &Session, out: &mut Vec<u8>) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let top = git::ensure_repository(&session.dir.root)?;
    let prefix =
        session.dir.root.canonicalize()?.strip_prefix(top.canonicalize()?)?.to_string_lossy().replace('\\', "/");
    let plan_path = |file: &str| if prefix.is_empty() { file.to_string() } else { format!("{prefix}/{file}") };
    git::run(&top, &["rev-parse", "--verify", "--quiet", &format!("{}^{{commit}}", args.since)])
        .map_err(|_| anyhow::anyhow!("{} \"{}\"", lang.pick("không có revision", "unknown revision"), args.since))?;
    let commits = git::commits_since(&top, &args.since)?;

    let mut text = String::new();
    let mut findings_total = 0;
    for (commit, parents) in &commits {
        // The registry as it was before the commit: a commit cannot vouch for itself.
        let registry = parents.first().map(|p| registry_at(&top, p, &plan_path("agencies.toml"))).unwrap_or_default();
        let admin = registry.is_admin(&commit.email);
        let mut changed: Vec<String> = Vec::new();
        for parent in parents {
            let diff = git::run(&top, &["diff", "--name-only", parent, &commit.hash, "--", &plan_path("")])?;
            for file in diff.lines() {
                if !changed.iter().any(|f| f == file) {
                    changed.push(file.to_string());
                }
            }
        }
        if parents.is_empty() {
            let listing = git::run(&top, &["ls-tree", "-r", "--name-only", &commit.hash, "--", &plan_path("")])?;
            changed.extend(listing.lines().map(str::to_string));
        }
        changed.sort();
        if changed.is_empty() {
            continue;
        }
        if admin {
            text.push_str(&format!(
                "ℹ {} {} <{}> ({}): {}\n",
                commit.short(),
                commit.author,
                commit.email,
                lang.pick("quản trị", "administrator"),
                changed.join(", ")
            ));
            continue;
        }
        let findings = check_commit(&top, commit, parents, &changed, &registry, &plan_path("tasks/"));
        for finding in &findings {
            text.push_str(&format!(
                "✗ {} {} <{}>: {}\n",
                commit.short(),
                commit.author,
                commit.email,
                describe(finding, &registry, lang)
            ));
        }
        findings_total += findings.len();
    }
    let summary = match (lang, findings_total) {
        (Lang::Vi, 0) => format!("Đã kiểm tra {} commit sau {}: không có vi phạm.\n", commits.len(), args.since),
        (Lang::Vi, n) => format!("Đã kiểm tra {} commit sau {}: {n} vi phạm.\n", commits.len(), args.since),
        (Lang::En, 0) => format!("Checked {} commits after {}: no findings.\n", commits.len(), args.since),
        (Lang::En, n) => format!("Checked {} commits after {}: {n} finding(s).\n", commits.len(), args.since),
    };
    text.push_str(&summary);
    out.extend_from_slice(text.as_bytes());
    Ok(if findings_total == 0 { Exit::Clean } else { Exit::Problems })
}

fn check_commit(
    top: &Path,
    commit: &Commit,
    parents: &[String],
    changed: &[String],
    registry: &Registry,
    tasks_prefix: &str,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for file in changed {
        let after = git::show_file(top, &commit.hash, file).unwrap_or_default();
        let before: Vec<String> = parents.iter().filter_map(|p| git::show_file(top, p, file)).collect();
        if !(file.starts_with(tasks_prefix) && file.ends_with(".toml")) {
            // A merge that takes a file as one side left it changes nothing itself.
            if !before.contains(&after) {
                findings.push(Finding::NotAnUpdate { file: file.clone() });
            }
            continue;
        }
        let after_split = records::split(&after);
        let before_splits: Vec<_> = before.iter().map(|text| records::split(text)).collect();

        if !before_splits.is_empty() && !before_splits.iter().any(|b| records::same_head(b.head, after_split.head)) {
            findings.push(Finding::NotAnUpdate { file: file.clone() });
        }
        if before_splits.is_empty() && !after.is_empty() {
            // A new task file is not an update.
            findings.push(Finding::NotAnUpdate { file: file.clone() });
            continue;
        }
        let kept: HashSet<&str> = after_split.records.iter().map(|r| r.key.as_str()).collect();
        let mut earlier = HashSet::new();
        for split in &before_splits {
            for record in &split.records {
                if earlier.insert(record.key.as_str()) && !kept.contains(record.key.as_str()) {
                    findings.push(Finding::RecordChanged {
                        file: file.clone(),
                        by: record.by.clone().unwrap_or_default(),
                        date: record.date.clone().unwrap_or_default(),
                    });
                }
            }
        }
        let author_agency = registry.agency_of_email(&commit.email);
        for record in after_split.records.iter().filter(|r| !earlier.contains(r.key.as_str())) {
            let by = record.by.clone().unwrap_or_default();
            let recorded_for = match registry.resolve(&by) {
                Some(AgencyRef::Agency(i)) => Some(i),
                _ => None,
            };
            if recorded_for.is_none() || recorded_for != author_agency {
                findings.push(Finding::WrongAgency {
                    file: file.clone(),
                    by,
                    author_agency: author_agency.map(|i| registry.agencies[i].name.clone()),
                });
            }
        }
    }
    findings
}

fn describe(finding: &Finding, registry: &Registry, lang: Lang) -> String {
    let name = |by: &str| match registry.resolve(by) {
        Some(r) => registry.name(r).to_string(),
        None => by.to_string(),
    };
    match (finding, lang) {
        (Finding::RecordChanged { file, by, date }, Lang::Vi) => {
            format!(
                "{file}: sửa hoặc xoá bản ghi cập nhật đã có ({}, ngày {date}); bản ghi chỉ được thêm, không được sửa",
                name(by)
            )
        }
        (Finding::RecordChanged { file, by, date }, Lang::En) => {
            format!(
                "{file}: edits or removes an earlier update record ({}, {date}); records may only be added",
                name(by)
            )
        }
        (Finding::WrongAgency { file, by, author_agency }, Lang::Vi) => format!(
            "{file}: ghi cập nhật nhân danh \"{}\" nhưng người commit {}",
            name(by),
            author_agency.as_ref().map_or_else(
                || "không thuộc cơ quan nào trong danh mục (thêm e-mail vào emails của cơ quan)".to_string(),
                |a| format!("thuộc \"{a}\"")
            )
        ),
        (Finding::WrongAgency { file, by, author_agency }, Lang::En) => format!(
            "{file}: records an update in the name of \"{}\" but the author {}",
            name(by),
            author_agency.as_ref().map_or_else(
                || "belongs to no agency of the registry (add the e-mail to the agency's emails)".to_string(),
                |a| format!("belongs to \"{a}\"")
            )
        ),
        (Finding::NotAnUpdate { file }, Lang::Vi) => {
            format!(
                "{file}: thay đổi ngoài việc thêm bản ghi cập nhật; chỉ quản trị viên Sở KH&CN được sửa nội dung này"
            )
        }
        (Finding::NotAnUpdate { file }, Lang::En) => {
            format!("{file}: changes more than adding update records; only DOST's administrators may change this")
        }
    }
}

/// The registry as of `rev`; empty where it cannot be read there.
fn registry_at(top: &Path, rev: &str, path: &str) -> Registry {
    let Some(text) = git::show_file(top, rev, path) else { return Registry::default() };
    let file = SourceFile::new(path.to_string(), &text);
    let mut ignored = Vec::new();
    crate::load::document::parse_source(&file, &mut ignored, agencies::read).unwrap_or_default()
}
