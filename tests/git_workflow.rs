mod common;

use std::path::Path;
use std::process::Command;

use common::Repo;

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git").current_dir(dir).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn plan(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir).env_remove("PLAN_DIR").env("NO_COLOR", "1").args(args).output().unwrap()
}

fn identity(dir: &Path, name: &str, email: &str) {
    git(dir, &["config", "user.name", name]);
    git(dir, &["config", "user.email", email]);
}

/// A shared "server" repository holding the shipped plan, with the merge driver set up.
fn server() -> (Repo, tempfile::TempDir) {
    let repo = Repo::shipped();
    let root = repo.dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    identity(root, "Quản trị Sở KH&CN", "admin@skhcn.example");
    let setup = plan(root, &["git-setup"]);
    assert!(setup.status.success(), "{}", String::from_utf8_lossy(&setup.stderr));
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "Kế hoạch"]);
    let clones = tempfile::tempdir().unwrap();
    (repo, clones)
}

fn clone(server: &Path, into: &Path, name: &str) -> std::path::PathBuf {
    let dir = into.join(name);
    git(into, &["clone", "-q", &server.to_string_lossy(), name]);
    let setup = plan(&dir, &["git-setup"]);
    assert!(setup.status.success());
    dir
}

#[test]
fn git_setup_registers_the_driver_once() {
    let (repo, _clones) = server();
    let root = repo.dir.path();
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        "plan/tasks/**/*.toml merge=plan-updates\nplan/proposals.toml merge=plan-updates\n"
    );
    assert!(git(root, &["config", "merge.plan-updates.driver"]).contains("merge-driver %O %A %B"));
    let again = plan(root, &["git-setup"]);
    assert!(String::from_utf8(again.stdout).unwrap().contains("Đã có trong .gitattributes"));
    assert_eq!(std::fs::read_to_string(root.join(".gitattributes")).unwrap().lines().count(), 2);
}

#[test]
fn two_agencies_updating_one_task_on_two_branches_merge_cleanly() {
    let (repo, clones) = server();
    let first = clone(repo.dir.path(), clones.path(), "so-tai-chinh");
    let second = clone(repo.dir.path(), clones.path(), "so-khcn");
    identity(&first, "Văn thư Sở Tài chính", "vanthu@stc.example");
    identity(&second, "Văn thư Sở KH&CN", "vanthu@skhcn.example");

    let done =
        plan(&first, &["update", "47", "--by", "Sở Tài chính", "--status", "done", "--date", "2025-03-28", "--commit"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let progress = plan(
        &second,
        &[
            "update",
            "47",
            "--by",
            "Sở KH&CN",
            "--status",
            "in-progress",
            "--progress",
            "60",
            "--date",
            "2025-03-25",
            "--commit",
        ],
    );
    assert!(progress.status.success(), "{}", String::from_utf8_lossy(&progress.stderr));

    git(&first, &["push", "-q", "origin", "main:so-tai-chinh"]);
    git(&second, &["fetch", "-q", "origin", "so-tai-chinh"]);
    git(&second, &["merge", "-q", "--no-edit", "FETCH_HEAD"]);

    let merged = std::fs::read_to_string(second.join("plan/tasks/47.toml")).unwrap();
    assert_eq!(merged.matches("[[updates]]").count(), 2, "{merged}");
    assert!(merged.contains("by = \"so-tai-chinh\"") && merged.contains("by = \"so-khcn\""));
    assert!(!merged.contains("<<<<<<<"));
    let check = plan(&second, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn a_real_conflict_is_left_marked_for_a_human() {
    let (repo, clones) = server();
    let first = clone(repo.dir.path(), clones.path(), "a");
    let second = clone(repo.dir.path(), clones.path(), "b");
    for (dir, title) in [(&first, "Tiêu đề A"), (&second, "Tiêu đề B")] {
        identity(dir, "Quản trị", "admin@skhcn.example");
        let path = dir.join("plan/tasks/16.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("title = ").unwrap();
        let end = start + text[start..].find('\n').unwrap();
        std::fs::write(&path, format!("{}title = \"{title}\"{}", &text[..start], &text[end..])).unwrap();
        git(dir, &["commit", "-qam", title]);
    }
    let updated = plan(&second, &["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--commit"]);
    assert!(updated.status.success());
    git(&first, &["push", "-q", "origin", "main:a"]);
    git(&second, &["fetch", "-q", "origin", "a"]);
    let merge = Command::new("git").current_dir(&second).args(["merge", "--no-edit", "FETCH_HEAD"]).output().unwrap();
    assert!(!merge.status.success(), "a conflict stops the merge");
    let text = std::fs::read_to_string(second.join("plan/tasks/16.toml")).unwrap();
    assert!(text.contains("<<<<<<< ours") && text.contains("Tiêu đề A") && text.contains("Tiêu đề B"), "{text}");
    assert_eq!(text.matches("[[updates]]").count(), 1, "the update record is kept outside the conflict");
}

/// The server repository with e-mails in the registry, as DOST's administrator commits it.
fn audited_server() -> (Repo, tempfile::TempDir, String) {
    let (repo, clones) = server();
    let root = repo.dir.path();
    repo.edit("agencies.toml", "admins = []", "admins = [\"admin@skhcn.example\"]");
    repo.edit(
        "agencies.toml",
        "aliases = [\"Sở KH&CN\", \"Sở KHCN\", \"DOST\"]",
        "aliases = [\"Sở KH&CN\", \"Sở KHCN\", \"DOST\"]\nemails = [\"vanthu@skhcn.example\"]",
    );
    repo.edit("agencies.toml", "aliases = [\"Sở TC\"]", "aliases = [\"Sở TC\"]\nemails = [\"VanThu@STC.example\"]");
    repo.edit(
        "agencies.toml",
        "aliases = [\"Sở CT\", \"Sở Công thương\"]",
        "aliases = [\"Sở CT\", \"Sở Công thương\"]\nemails = [\"vanthu@sct.example\"]",
    );
    assert_eq!(plan(root, &["check"]).status.code(), Some(0));
    git(root, &["commit", "-qam", "E-mail của văn thư các sở"]);
    let base = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    (repo, clones, base)
}

fn audit(dir: &Path, since: &str) -> (Option<i32>, String) {
    let output = plan(dir, &["audit", "--since", since, "--lang", "en"]);
    (output.status.code(), String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap())
}

#[test]
fn audit_accepts_updates_made_in_each_authors_own_name() {
    let (repo, clones, base) = audited_server();
    let first = clone(repo.dir.path(), clones.path(), "stc");
    let second = clone(repo.dir.path(), clones.path(), "skhcn");
    identity(&first, "Văn thư Sở Tài chính", "vanthu@stc.example");
    identity(&second, "Văn thư Sở KH&CN", "vanthu@skhcn.example");
    assert!(plan(&first, &["update", "47", "--by", "so-tai-chinh", "--status", "done", "--commit"]).status.success());
    assert!(plan(&second, &["update", "47", "--by", "so-khcn", "--status", "in-progress", "--commit"])
        .status
        .success());
    git(&first, &["push", "-q", "origin", "main:stc"]);
    git(&second, &["fetch", "-q", "origin", "stc"]);
    git(&second, &["merge", "-q", "--no-edit", "FETCH_HEAD"]);
    let (code, report) = audit(&second, &base);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.ends_with(&format!("Checked 3 commits after {base}: no findings.\n")), "{report}");
}

#[test]
fn audit_reports_updates_in_another_agencys_name_and_rewritten_records() {
    let (repo, _clones, base) = audited_server();
    let root = repo.dir.path();
    // An honest update by Sở Công Thương.
    identity(root, "Văn thư Sở Công Thương", "vanthu@sct.example");
    assert!(plan(
        root,
        &[
            "update",
            "16",
            "--by",
            "so-cong-thuong",
            "--status",
            "in-progress",
            "--progress",
            "30",
            "--date",
            "2025-05-01",
            "--commit"
        ]
    )
    .status
    .success());
    // Sở Tài chính's clerk records an update in Sở Công Thương's name.
    identity(root, "Văn thư Sở Tài chính", "vanthu@stc.example");
    assert!(plan(root, &["update", "16", "--by", "so-cong-thuong", "--status", "done", "--commit"]).status.success());
    // Sở Công Thương's clerk rewrites its old update.
    identity(root, "Văn thư Sở Công Thương", "vanthu@sct.example");
    repo.edit("tasks/16.toml", "progress = 30", "progress = 90");
    git(root, &["commit", "-qam", "Sửa tiến độ"]);
    // Someone outside the registry changes a task's title.
    identity(root, "Người lạ", "stranger@example.org");
    repo.edit("tasks/16.toml", "title = \"Tham mưu", "title = \"Không tham mưu");
    git(root, &["commit", "-qam", "Đổi tên"]);
    // The administrator may change anything; the change is listed.
    identity(root, "Quản trị Sở KH&CN", "admin@skhcn.example");
    repo.edit("tasks/17.toml", "Trong năm 2025", "Trong quý IV/2025");
    git(root, &["commit", "-qam", "Điều chỉnh thời hạn"]);

    let (code, report) = audit(root, &base);
    assert_eq!(code, Some(1), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 6, "{report}");
    assert!(lines[4].starts_with("⚠ plan/agencies.toml lists administrators but no admin_signing_keys"), "{report}");
    assert!(lines[0].contains("Văn thư Sở Tài chính <vanthu@stc.example>: plan/tasks/16.toml:15: records an update in the name of \"Sở Công Thương\" but the author belongs to \"Sở Tài chính\""), "{report}");
    assert!(lines[1].contains("<vanthu@sct.example>: plan/tasks/16.toml: edits or removes an earlier update record (Sở Công Thương, 2025-05-01; record 1)"), "{report}");
    assert!(
        report.contains(
            "<stranger@example.org>: plan/tasks/16.toml: changes more than adding update or proposal records"
        ),
        "{report}"
    );
    assert!(report.contains("ℹ") && report.contains("(administrator): plan/tasks/17.toml"), "{report}");
    assert!(report.ends_with("3 finding(s).\n"), "{report}");

    // The first, honest commit alone is clean.
    let honest = git(root, &["rev-list", "--reverse", &format!("{base}..HEAD")]).lines().next().unwrap().to_string();
    let only_honest = tempfile::tempdir().unwrap();
    git(only_honest.path(), &["clone", "-q", &root.to_string_lossy(), "c"]);
    let c = only_honest.path().join("c");
    git(&c, &["reset", "-q", "--hard", &honest]);
    assert_eq!(audit(&c, &base).0, Some(0));
}

#[test]
fn log_names_the_commit_and_author_of_each_record() {
    let (repo, _clones) = server();
    let root = repo.dir.path();
    identity(root, "Văn thư Sở Tài chính", "vanthu@stc.example");
    assert!(plan(
        root,
        &["update", "47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-28", "--commit"]
    )
    .status
    .success());
    identity(root, "Văn thư Sở KH&CN", "vanthu@skhcn.example");
    assert!(plan(
        root,
        &["update", "47", "--by", "so-khcn", "--status", "in-progress", "--date", "2025-03-20", "--commit"]
    )
    .status
    .success());
    assert!(plan(root, &["update", "16", "--by", "so-khcn", "--status", "in-progress", "--date", "2025-04-01"])
        .status
        .success());

    let output = plan(root, &["log", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let summary: Vec<(&str, &str, Option<&str>)> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["agency"].as_str().unwrap(), r["author_email"].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("47", "so-khcn", Some("vanthu@skhcn.example")),
            ("47", "so-tai-chinh", Some("vanthu@stc.example")),
            ("16", "so-khcn", None)
        ],
        "in date order; the uncommitted record has no commit yet"
    );
    let head = git(root, &["rev-parse", "HEAD"]);
    assert_eq!(records[0]["commit"].as_str(), Some(head.trim()));

    let table = String::from_utf8(plan(root, &["log", "47"]).stdout).unwrap();
    assert!(
        table.contains("Văn thư Sở Tài chính") && table.contains("28/03/2025") && table.contains("2 bản ghi cập nhật."),
        "{table}"
    );
    let none = String::from_utf8(plan(root, &["log", "10"]).stdout).unwrap();
    assert_eq!(none, "Chưa có cập nhật nào.\n");
}

#[test]
fn log_lists_updates_credited_past_proposals_and_amendments() {
    let (repo, _clones) = server();
    let root = repo.dir.path();
    let run = |args: &[&str]| {
        let output = plan(root, args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    // Records of other kinds come first in the file, each from another commit.
    identity(root, "Văn thư Sở Tài chính", "vanthu@stc.example");
    let propose =
        ["propose", "47", "--by", "so-tai-chinh", "--reason", "Chờ hướng dẫn", "--deadline", "Trong năm 2026"];
    run(&[&propose[..], &["--date", "2025-03-10", "--commit"]].concat());
    identity(root, "Quản trị Sở KH&CN", "admin@skhcn.example");
    run(&[
        "amend",
        "47",
        "--decision",
        "Quyết định số 9/QĐ-UBND",
        "--decided",
        "2025-03-15",
        "--deadline",
        "Trong năm 2026",
        "--proposal",
        "1",
        "--commit",
    ]);
    identity(root, "Văn thư Sở KH&CN", "vanthu@skhcn.example");
    run(&["update", "47", "--by", "so-khcn", "--status", "in-progress", "--date", "2025-03-20", "--commit"]);

    let output = plan(root, &["log", "47", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let credited: Vec<(&str, &str)> =
        records.iter().map(|r| (r["agency"].as_str().unwrap(), r["author_email"].as_str().unwrap_or("-"))).collect();
    assert_eq!(credited, [("so-khcn", "vanthu@skhcn.example")], "only the update, credited to its own commit");
}

#[test]
fn log_credits_each_record_to_the_clerk_who_wrote_it_after_merges_reorder_them() {
    let (repo, clones) = server();
    git(repo.dir.path(), &["config", "receive.denyCurrentBranch", "updateInstead"]);
    let clerk = |name: &str, person: &str, email: &str| {
        let dir = clone(repo.dir.path(), clones.path(), name);
        identity(&dir, person, email);
        dir
    };
    let stc = clerk("stc", "Văn thư Sở Tài chính", "vanthu@stc.example");
    let skhcn = clerk("skhcn", "Văn thư Sở KH&CN", "vanthu@skhcn.example");
    let sct = clerk("sct", "Văn thư Sở Công Thương", "vanthu@sct.example");
    let update = |dir: &Path, agency: &str, status: &str, date: &str| {
        let output = plan(dir, &["update", "47", "--by", agency, "--status", status, "--date", date, "--commit"]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    // Sở Tài chính reports, then Sở KH&CN, each pushing to main; their records are not in
    // date order.
    update(&stc, "so-tai-chinh", "done", "2025-03-28");
    git(&stc, &["push", "-q", "origin", "HEAD:main"]);
    git(&skhcn, &["pull", "-q", "--no-rebase", "origin", "main"]);
    update(&skhcn, "so-khcn", "in-progress", "2025-03-20");
    git(&skhcn, &["push", "-q", "origin", "HEAD:main"]);
    // Sở Công Thương reported meanwhile; its merge puts the others' records in date order.
    update(&sct, "so-cong-thuong", "in-progress", "2025-03-25");
    git(&sct, &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]);
    let text = std::fs::read_to_string(sct.join("plan/tasks/47.toml")).unwrap();
    let order: Vec<String> =
        plan::records::parse(&text).unwrap().records.iter().map(|r| r.by.clone().unwrap()).collect();
    assert_eq!(order, ["so-cong-thuong", "so-khcn", "so-tai-chinh"], "the merge reordered the records");

    let output = plan(&sct, &["log", "47", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let credited: Vec<(&str, &str)> =
        records.iter().map(|r| (r["agency"].as_str().unwrap(), r["author_email"].as_str().unwrap_or("-"))).collect();
    assert_eq!(
        credited,
        [
            ("so-khcn", "vanthu@skhcn.example"),
            ("so-cong-thuong", "vanthu@sct.example"),
            ("so-tai-chinh", "vanthu@stc.example")
        ]
    );
}

#[test]
fn git_setup_never_writes_through_a_linked_gitattributes() {
    let repo = Repo::shipped();
    let root = repo.dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "secret = 1\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join(".gitattributes")).unwrap();
    let output = plan(root, &["git-setup", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("symbolic link"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(outside.path()).unwrap(), "secret = 1\n");
    assert!(std::fs::symlink_metadata(root.join(".gitattributes")).unwrap().file_type().is_symlink());
}
