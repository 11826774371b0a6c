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
        "plan/tasks/**/*.toml merge=plan-updates\n"
    );
    assert!(git(root, &["config", "merge.plan-updates.driver"]).contains("merge-driver %O %A %B"));
    let again = plan(root, &["git-setup"]);
    assert!(String::from_utf8(again.stdout).unwrap().contains("Đã có trong .gitattributes"));
    assert_eq!(std::fs::read_to_string(root.join(".gitattributes")).unwrap().lines().count(), 1);
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
