//! `plan git-setup [--admin EMAIL [--admin-key KEY]]`: registers `plan merge-driver` for the
//! task files in `.gitattributes` and in the repository's git config, so parallel updates
//! merge cleanly; with `--admin`, writes DOST's first administrator into the registry, the
//! commit the shared server's audit starts from.

use std::path::Path;

use crate::cmd::{Exit, Io, Session};
use crate::git;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Also list this e-mail address as one of DOST's administrators in plan/agencies.toml
    #[arg(long, value_name = "EMAIL")]
    pub admin: Vec<String>,
    /// And this SSH public key (the line of its .pub file) as an administrator's signing key
    #[arg(long, value_name = "KEY", requires = "admin")]
    pub admin_key: Vec<String>,
}

/// The merge driver's name in git's config and attributes.
pub const DRIVER: &str = "plan-updates";

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let lang = session.lang;
    let root = &session.dir.root;
    let top = git::ensure_repository(root)?;
    let plan_in_repo =
        root.canonicalize()?.strip_prefix(top.canonicalize()?).map(Path::to_path_buf).unwrap_or_default();
    let prefix = plan_in_repo.to_string_lossy().replace('\\', "/");
    let in_plan = |path: &str| if prefix.is_empty() { path.to_string() } else { format!("{prefix}/{path}") };
    let line = format!("{} merge={DRIVER}", in_plan("tasks/**/*.toml"));
    // New tasks' proposals are appended records too: the driver keeps both sides' records.
    let proposals_line = format!("{} merge={DRIVER}", in_plan(crate::load::proposals::FILE));

    let attributes = top.join(".gitattributes");
    // A link pushed in its place could point at any file of the machine.
    let existing = match crate::source::read_text(&attributes) {
        Ok(text) => text,
        Err(crate::source::ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => anyhow::bail!("{}", error.message(".gitattributes", lang)),
    };
    let missing: Vec<&String> = [&line, &proposals_line]
        .into_iter()
        .filter(|wanted| !existing.lines().any(|l| l.trim() == wanted.as_str()))
        .collect();
    let added = !missing.is_empty();
    if added {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for wanted in &missing {
            text.push_str(wanted);
            text.push('\n');
        }
        crate::write::write_output(&attributes, text.as_bytes(), crate::write::Links::Refuse, lang)?;
    }
    let exe = std::env::current_exe()?;
    let driver = format!("{} merge-driver %O %A %B", git::shell_quote(&exe.to_string_lossy()));
    git::run(&top, &["config", &format!("merge.{DRIVER}.name"), "plan: keep the update records of both sides"])?;
    git::run(&top, &["config", &format!("merge.{DRIVER}.driver"), &driver])?;

    let mut text = String::new();
    for wanted in [&line, &proposals_line] {
        let verb = if missing.contains(&wanted) {
            lang.pick("Đã thêm vào", "Added to")
        } else {
            lang.pick("Đã có trong", "Already in")
        };
        text.push_str(&format!("{verb} .gitattributes: {wanted}\n"));
    }
    text.push_str(&format!("{} merge.{DRIVER}.driver = {driver}\n", lang.pick("Đã cấu hình git:", "Configured git:")));
    if added {
        text.push_str(lang.pick(
            "Hãy commit .gitattributes để mọi bản sao dùng chung quy tắc này.\n",
            "Commit .gitattributes so that every clone uses the rule.\n",
        ));
    }
    if !args.admin.is_empty() {
        let added = add_admins(session, io, &args.admin, &args.admin_key)?;
        let listed = args.admin.join(", ");
        text.push_str(&match (lang, added) {
            (crate::i18n::Lang::Vi, true) => format!("Đã ghi quản trị viên vào plan/agencies.toml: {listed}\n"),
            (crate::i18n::Lang::Vi, false) => format!("plan/agencies.toml đã có quản trị viên: {listed}\n"),
            (crate::i18n::Lang::En, true) => format!("Listed as administrators in plan/agencies.toml: {listed}\n"),
            (crate::i18n::Lang::En, false) => format!("Already administrators in plan/agencies.toml: {listed}\n"),
        });
        text.push_str(lang.pick(
            "Commit thay đổi này với chính e-mail quản trị viên, đánh dấu nó (git tag plan-audit-base) và đẩy lên máy chủ: CI của máy chủ kiểm tra bằng plan audit --since plan-audit-base (lần đầu) rồi --since <commit trước mỗi lần đẩy>.\n",
            "Commit this as the administrator, tag it (git tag plan-audit-base) and push it with the tag: the server's CI audits with plan audit --since plan-audit-base (the first time), then --since <the commit before each push>.\n",
        ));
    }
    io.out.write_all(text.as_bytes())?;
    Ok(Exit::Clean)
}

/// Adds the e-mails to `admins` and the keys to `admin_signing_keys` in plan/agencies.toml,
/// keeping every other byte; returns whether anything was added.
fn add_admins(session: &Session, io: &mut Io, emails: &[String], keys: &[String]) -> anyhow::Result<bool> {
    let file_name = "agencies.toml";
    let edit = crate::edit::Edit::begin(&session.dir, Path::new(file_name), session.lang, io.err)?;
    let text = edit.text(session.lang)?;
    let mut doc: toml_edit::DocumentMut = text.parse()?;
    let mut added = false;
    for (key, values) in [("admins", emails), ("admin_signing_keys", keys)] {
        if values.is_empty() {
            continue;
        }
        let item = doc.entry(key).or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
        let Some(array) = item.as_array_mut() else {
            anyhow::bail!("plan/{file_name}: `{key}` is not a list");
        };
        for value in values {
            let value = value.trim();
            if !array.iter().any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(value))) {
                array.push(value);
                added = true;
            }
        }
    }
    if !added {
        return Ok(false);
    }
    let text = doc.to_string();
    // Read back as the loader will before replacing the file.
    let mut problems = Vec::new();
    let file = crate::source::SourceFile::new(edit.display.clone(), &text);
    crate::load::document::parse_source(&file, &mut problems, crate::load::agencies::read);
    if !problems.is_empty() {
        session.print_diagnostics(&problems, io.err)?;
        anyhow::bail!("plan/{file_name} would not read back; nothing written");
    }
    edit.write(&edit.bytes_like_original(&text))?;
    Ok(true)
}
