//! `plan audit --since REV [--require-signed]`: for the shared server's CI. Checks every
//! commit in `REV..HEAD` (see [`crate::audit`]); administrators' commits are listed.

use crate::audit::{self, Checked, Finding, Layout, Outcome, Role};
use crate::cmd::{Exit, Io, Session};
use crate::git::{self, HistoryCommit};
use crate::i18n::{self, Lang};
use crate::records::Kind;
use crate::text::escape_controls as esc;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Check the commits after this revision (a branch, tag or commit), up to HEAD
    #[arg(long, value_name = "REV")]
    pub since: String,
    /// Every commit must carry a valid SSH signature by a key its agency (or DOST's
    /// administrators) has in plan/agencies.toml
    #[arg(long)]
    pub require_signed: bool,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let layout = layout(session)?;
    if git::resolve_commit(&layout.top, &args.since).is_none() {
        anyhow::bail!("{} \"{}\"", lang.pick("không có revision", "unknown revision"), esc(&args.since));
    }
    let options = audit::Options { require_signed: args.require_signed, as_of: session.as_of };
    let since = esc(&args.since);
    let text = match audit::audit(&layout, &args.since, &options)? {
        Outcome::Rewritten { lost } => {
            let mut text = match lang {
                Lang::Vi => format!(
                    "✗ {since} không còn nằm trong lịch sử của HEAD: lịch sử đã bị viết lại, mất {} commit:\n",
                    lost.len()
                ),
                Lang::En => format!(
                    "✗ {since} is no longer in HEAD's history: history rewritten, {} commit(s) lost:\n",
                    lost.len()
                ),
            };
            for commit in &lost {
                text.push_str(&format!("  {} {}\n", who(commit), quoted_subject(commit)));
            }
            io.out.write_all(text.as_bytes())?;
            return Ok(Exit::Problems);
        }
        Outcome::Checked { commits, admins_unsigned } => (commits, admins_unsigned),
    };
    let (text, admins_unsigned) = text;
    let mut report = String::new();
    let mut total = 0;
    for Checked { commit, admin, changed, findings } in &text {
        if *admin {
            if !changed.is_empty() {
                let paths: Vec<_> = changed.iter().map(|p| esc(p)).collect();
                report.push_str(&format!(
                    "ℹ {} ({}): {}\n",
                    who(commit),
                    lang.pick("quản trị", "administrator"),
                    paths.join(", ")
                ));
            }
            continue;
        }
        for finding in findings {
            report.push_str(&format!("✗ {}: {}\n", who(commit), describe(finding, lang)));
        }
        total += findings.len();
    }
    if admins_unsigned {
        report.push_str(lang.pick(
            "⚠ plan/agencies.toml có quản trị viên nhưng chưa có admin_signing_keys: ai cũng có thể gõ e-mail của quản trị viên; thêm khoá bằng plan git-setup --admin EMAIL --admin-key KEY.\n",
            "⚠ plan/agencies.toml lists administrators but no admin_signing_keys: anyone can type an administrator's e-mail; add a key with plan git-setup --admin EMAIL --admin-key KEY.\n",
        ));
    }
    report.push_str(&match (lang, total) {
        (Lang::Vi, 0) => format!("Đã kiểm tra {} commit sau {since}: không có vi phạm.\n", text.len()),
        (Lang::Vi, n) => format!("Đã kiểm tra {} commit sau {since}: {n} vi phạm.\n", text.len()),
        (Lang::En, 0) => format!("Checked {} commits after {since}: no findings.\n", text.len()),
        (Lang::En, n) => format!("Checked {} commits after {since}: {n} finding(s).\n", text.len()),
    });
    io.out.write_all(report.as_bytes())?;
    Ok(if total == 0 { Exit::Clean } else { Exit::Problems })
}

/// Where the plan is in the repository being audited: the repository of the current folder,
/// and a plan folder inside it reached without links, so that a pushed link cannot send the
/// audit to another repository.
fn layout(session: &Session) -> anyhow::Result<Layout> {
    let lang = session.lang;
    let top = git::ensure_repository(&std::env::current_dir()?)?.canonicalize()?;
    let root = std::path::absolute(&session.dir.root)?;
    let refuse = |what: &str| {
        anyhow::anyhow!(
            "{}: {what}; {}",
            root.display(),
            lang.pick(
                "plan audit chỉ kiểm tra thư mục kế hoạch thật nằm trong kho git của thư mục hiện tại",
                "plan audit checks only a real plan folder inside the git repository of the current folder"
            )
        )
    };
    let mut names = Vec::new();
    for folder in root.ancestors() {
        if folder.canonicalize().is_ok_and(|f| f == top) {
            break;
        }
        if std::fs::symlink_metadata(folder)?.file_type().is_symlink() {
            return Err(refuse(lang.pick("là một liên kết (symlink)", "is a link (symlink)")));
        }
        let name =
            folder.file_name().ok_or_else(|| refuse(lang.pick("nằm ngoài kho git", "is outside the repository")))?;
        names.push(name.to_string_lossy().into_owned());
    }
    if !root.canonicalize()?.starts_with(&top) {
        return Err(refuse(lang.pick("nằm ngoài kho git", "is outside the repository")));
    }
    let prefix: String = names.iter().rev().map(|name| format!("{name}/")).collect();
    Ok(Layout { top, prefix })
}

/// `abc1234 Name <email>`, with the committer too when it is someone else.
fn who(commit: &HistoryCommit) -> String {
    let (author, committer) = (&commit.author, &commit.committer);
    let mut text = format!("{} {} <{}>", commit.short(), esc(&author.name), esc(&author.email));
    if !author.email.eq_ignore_ascii_case(&committer.email) {
        text.push_str(&format!(" (committer {} <{}>)", esc(&committer.name), esc(&committer.email)));
    }
    text
}

fn quoted_subject(commit: &HistoryCommit) -> String {
    format!("\"{}\"", esc(&commit.subject))
}

fn describe(finding: &Finding, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let admin_only =
        lang.pick("chỉ quản trị viên Sở KH&CN được sửa nội dung này", "only DOST's administrators may change this");
    match finding {
        Finding::OutsideTasks { paths } => {
            let paths: Vec<_> = paths.iter().map(|p| esc(p)).collect();
            if vi {
                format!("sửa tệp ngoài các tệp nhiệm vụ: {}; {admin_only}", paths.join(", "))
            } else {
                format!("changes files other than task files: {}; {admin_only}", paths.join(", "))
            }
        }
        Finding::NotAFile { file, mode } => {
            if vi {
                format!("{}: không phải tệp thường (mode {mode}: liên kết hay submodule); {admin_only}", esc(file))
            } else {
                format!("{}: not a plain file (mode {mode}: a link or a submodule); {admin_only}", esc(file))
            }
        }
        Finding::TaskAdded { file } => {
            if vi {
                format!("{}: thêm nhiệm vụ mới; {admin_only}", esc(file))
            } else {
                format!("{}: adds a task; {admin_only}", esc(file))
            }
        }
        Finding::TaskRemoved { file } => {
            if vi {
                format!("{}: xoá nhiệm vụ; {admin_only}", esc(file))
            } else {
                format!("{}: removes a task; {admin_only}", esc(file))
            }
        }
        Finding::Unreadable { file, error } => {
            if vi {
                format!("{}: tệp không đọc được ({}); {admin_only}", esc(file), esc(error))
            } else {
                format!("{}: the file cannot be read ({}); {admin_only}", esc(file), esc(error))
            }
        }
        Finding::HeadChanged { file, keys } => {
            let keys: Vec<_> = keys.iter().map(|k| esc(k)).collect();
            if vi {
                format!(
                    "{}: thay đổi ngoài việc thêm bản ghi cập nhật hay đề xuất ({}); {admin_only}",
                    esc(file),
                    keys.join(", ")
                )
            } else {
                format!(
                    "{}: changes more than adding update or proposal records ({}); {admin_only}",
                    esc(file),
                    keys.join(", ")
                )
            }
        }
        Finding::TextChanged { file } => {
            if vi {
                format!(
                    "{}: sửa phần đã có của tệp (chú thích, định dạng, thứ tự); chỉ được thêm bản ghi vào cuối tệp",
                    esc(file)
                )
            } else {
                format!(
                    "{}: changes the file's existing text (comments, layout, order); records may only be appended at the end",
                    esc(file)
                )
            }
        }
        Finding::RecordChanged { file, number, kind, by, date } => {
            let what = match (kind, vi) {
                (Kind::Update, true) => "bản ghi cập nhật",
                (Kind::Proposal, true) => "đề xuất",
                (Kind::Amendment, true) => "điều chỉnh",
                (Kind::Update, false) => "update record",
                (Kind::Proposal, false) => "proposal",
                (Kind::Amendment, false) => "amendment",
            };
            if vi {
                format!(
                    "{}: sửa, chuyển chỗ hoặc xoá {what} đã có (bản ghi thứ {number}: {}, ngày {}); bản ghi chỉ được thêm, không được sửa",
                    esc(file),
                    esc(by),
                    esc(date)
                )
            } else {
                format!(
                    "{}: edits or removes an earlier {what} ({}, {}; record {number}); records may only be added",
                    esc(file),
                    esc(by),
                    esc(date)
                )
            }
        }
        Finding::RuleBroken { location, message, message_vi } => {
            if vi {
                format!("{}: bản ghi mới sai quy tắc: {}", esc(location), esc(message_vi))
            } else {
                format!("{}: a new record breaks a rule: {}", esc(location), esc(message))
            }
        }
        Finding::WrongAgency { file, line, kind, by, who, agency } => {
            let role = match who {
                Role::Author => lang.pick("người viết commit", "the author"),
                Role::Committer => lang.pick("người commit", "the committer"),
            };
            let belongs = match (agency, vi) {
                (Some(a), true) => format!("thuộc \"{a}\""),
                (Some(a), false) => format!("belongs to \"{a}\""),
                (None, true) => "không thuộc cơ quan nào trong danh mục (thêm e-mail vào emails của cơ quan)".into(),
                (None, false) => "belongs to no agency of the registry (add the e-mail to the agency's emails)".into(),
            };
            let what = match (kind, vi) {
                (Kind::Proposal, true) => "đề xuất",
                (_, true) => "cập nhật",
                (Kind::Proposal, false) => "a proposal",
                (_, false) => "an update",
            };
            if vi {
                format!("{}:{line}: ghi {what} nhân danh \"{}\" nhưng {role} {belongs}", esc(file), esc(by))
            } else {
                format!("{}:{line}: records {what} in the name of \"{}\" but {role} {belongs}", esc(file), esc(by))
            }
        }
        Finding::AmendmentNotByAdmin { file, line } => {
            if vi {
                format!(
                    "{}:{line}: ghi điều chỉnh nhiệm vụ ([[amendments]]); điều chỉnh là quyết định của UBND tỉnh, chỉ quản trị viên Sở KH&CN ghi vào kế hoạch. Để xin điều chỉnh, cơ quan chủ trì ghi đề xuất: plan propose SỐ --by CƠ_QUAN --reason \"...\"",
                    esc(file)
                )
            } else {
                format!(
                    "{}:{line}: records an amendment ([[amendments]]); amendments are the People's Committee's decisions, recorded only by DOST's administrators. To ask for a change, the lead agency records a proposal: plan propose ID --by AGENCY --reason \"...\"",
                    esc(file)
                )
            }
        }
        Finding::FutureRecord { file, line, date, commit_date } => {
            if vi {
                format!(
                    "{}:{line}: bản ghi ghi ngày {}, sau ngày của commit (hoặc hôm nay) {}",
                    esc(file),
                    i18n::date(*date),
                    i18n::date(*commit_date)
                )
            } else {
                format!(
                    "{}:{line}: a record dated {}, after its commit's date (or today) {}",
                    esc(file),
                    i18n::date(*date),
                    i18n::date(*commit_date)
                )
            }
        }
        Finding::MergeBringsOwn { file } => {
            if vi {
                format!(
                    "{}: commit gộp (merge) có nội dung không phải kết quả gộp của hai nhánh (plan merge-driver); {admin_only}",
                    esc(file)
                )
            } else {
                format!(
                    "{}: the merge's result is not what merging its parents gives (plan merge-driver); {admin_only}",
                    esc(file)
                )
            }
        }
        Finding::Octopus { parents } => {
            if vi {
                format!("commit gộp {parents} nhánh; {admin_only}")
            } else {
                format!("a merge of {parents} parents; {admin_only}")
            }
        }
        Finding::UnreadableCommit { reason } => {
            if vi {
                format!("commit không đọc được ({}); {admin_only}", esc(reason))
            } else {
                format!("the commit cannot be read ({}); {admin_only}", esc(reason))
            }
        }
        Finding::Unsigned { expected, verdict, signer } => {
            let whose = if expected == audit::authority::ADMIN_PRINCIPAL {
                lang.pick("quản trị viên", "the administrators").to_string()
            } else {
                format!("\"{}\"", esc(expected))
            };
            let got = match (verdict, signer.is_empty()) {
                ('N', _) => lang.pick("commit không có chữ ký", "the commit is not signed").to_string(),
                (_, false) => format!("{} {}", lang.pick("chữ ký của", "signed as"), esc(signer)),
                (v, true) => format!("{} ({v})", lang.pick("chữ ký không hợp lệ", "the signature is not valid")),
            };
            if vi {
                format!("cần chữ ký bằng khoá của {whose} trong plan/agencies.toml; {got}")
            } else {
                format!("needs a signature by a key of {whose} in plan/agencies.toml; {got}")
            }
        }
    }
}
