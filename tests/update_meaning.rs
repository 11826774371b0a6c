//! `plan update` records what the clerk meant: no future occurrence completed by a second
//! click, no duplicate record, no "done at 50 %", a plain refusal of unprintable text,
//! and git commands that are right (or none without git).

mod common;

use common::Repo;

fn update(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.plan_cmd().arg("update").args(args).output().unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Task 7 is yearly (31/12 from 2025), owned by Sở KH&CN.
#[test]
fn a_double_submission_never_completes_an_occurrence_not_yet_due() {
    let repo = Repo::shipped();
    let done = ["7", "--by", "so-khcn", "--status", "done", "--evidence", "KH 1/KH-SKHCN", "--as-of", "2025-06-10"];
    let first = update(&repo, &done);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("Kỳ: hạn 31/12/2025 (2025)"), "{}", stdout(&first));
    let again = update(&repo, &done);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(stderr(&again).contains("đã báo cáo hoàn thành kỳ hạn 31/12/2025"), "{}", stderr(&again));
    assert!(stderr(&again).contains("--for 2026"), "{}", stderr(&again));
    assert_eq!(repo.read("tasks/7.toml").matches("[[updates]]").count(), 1, "nothing written");
    // Said explicitly, it is recorded.
    let explicit = update(&repo, &[&done[..], &["--for", "2026"]].concat());
    assert_eq!(explicit.status.code(), Some(0), "{}", stderr(&explicit));
    assert!(stdout(&explicit).contains("Kỳ: hạn 31/12/2026 (2026)"));
    // In 2026, the 2026 occurrence is the current one again: no --for needed, once.
    let next_year = update(&repo, &["7", "--by", "so-khcn", "--status", "in-progress", "--as-of", "2026-03-01"]);
    assert_eq!(next_year.status.code(), Some(0), "{}", stderr(&next_year));
}

#[test]
fn the_same_update_twice_is_refused_as_a_duplicate() {
    let repo = Repo::shipped();
    let args =
        ["16", "--by", "Sở Công Thương", "--status", "in-progress", "--progress", "50", "--note", "Đang lấy ý kiến"];
    assert_eq!(update(&repo, &[&args[..], &["--as-of", "2025-05-01"]].concat()).status.code(), Some(0));
    let twice = update(&repo, &[&args[..], &["--as-of", "2025-05-02"]].concat());
    assert_eq!(twice.status.code(), Some(1));
    assert!(stderr(&twice).contains("giống hệt cập nhật gần nhất của cơ quan (ngày 01/05/2025)"), "{}", stderr(&twice));
    let progressed =
        ["16", "--by", "Sở Công Thương", "--status", "in-progress", "--progress", "70", "--as-of", "2025-05-03"];
    assert_eq!(update(&repo, &progressed).status.code(), Some(0), "a change of progress is news");
}

#[test]
fn done_means_all_of_it_and_asks_for_evidence() {
    let repo = Repo::shipped();
    let half = update(
        &repo,
        &["16", "--by", "so-cong-thuong", "--status", "done", "--progress", "50", "--as-of", "2025-05-01"],
    );
    assert_eq!(half.status.code(), Some(1));
    assert!(stderr(&half).contains("tiến độ 50%"), "{}", stderr(&half));
    let full = update(
        &repo,
        &["16", "--by", "so-cong-thuong", "--status", "done", "--progress", "100", "--as-of", "2025-05-01"],
    );
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    assert!(stderr(&full).contains("chưa có minh chứng (--evidence)"), "a warning: {}", stderr(&full));
    let with_evidence =
        update(&repo, &["10", "--by", "so-noi-vu", "--status", "done", "--evidence", "KH 12", "--as-of", "2025-03-20"]);
    assert!(stderr(&with_evidence).is_empty(), "{}", stderr(&with_evidence));
    // The same rule holds for records already in files.
    repo.edit("tasks/10.toml", "evidence = \"KH 12\"", "evidence = \"KH 12\"\nprogress = 40");
    let check = repo.plan_cmd().arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("tiến độ 40%"), "{}", stderr(&check));
}

#[test]
fn a_note_with_a_control_character_is_a_plain_refusal() {
    let repo = Repo::shipped();
    let cases: [&[&str]; 2] = [
        &["16", "--by", "so-cong-thuong", "--status", "blocked", "--note", "Chờ\u{7} kinh phí"],
        &["16", "--by", "so-cong-thuong", "--status", "in-progress", "--evidence", "\u{1b}[31mKH"],
    ];
    for args in cases {
        let output = update(&repo, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("ký tự điều khiển"), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("internal"), "{}", stderr(&output));
    }
    assert!(!repo.read("tasks/16.toml").contains("[[updates]]"));
}

#[test]
fn git_commands_are_printed_only_in_a_repository_and_are_right() {
    let repo = Repo::shipped();
    let args = ["16", "--by", "so-cong-thuong", "--status", "in-progress", "--as-of", "2025-05-01"];
    let outside = update(&repo, &args);
    assert_eq!(outside.status.code(), Some(0));
    assert!(!stdout(&outside).contains("git"), "no git, no git commands: {}", stdout(&outside));

    let root = repo.dir.path();
    let git = |dir: &std::path::Path, args: &[&str]| {
        let output = std::process::Command::new("git").current_dir(dir).args(args).output().unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.name", "Văn thư"]);
    git(root, &["config", "user.email", "vanthu@sct.example"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "Kế hoạch"]);
    // Something else staged must stay out of the commit the printed commands make.
    std::fs::write(root.join("ghi-chu.txt"), "nháp").unwrap();
    git(root, &["add", "ghi-chu.txt"]);

    // From the repository's root, and from a folder outside it.
    let elsewhere = tempfile::tempdir().unwrap();
    for (n, cwd) in [(0, root.to_path_buf()), (1, elsewhere.path().to_path_buf())] {
        let output = assert_cmd::Command::cargo_bin("plan")
            .unwrap()
            .current_dir(&cwd)
            .env("NO_COLOR", "1")
            .arg("--plan")
            .arg(root.join("plan"))
            .args(["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--progress"])
            .arg(format!("{}", 60 + n))
            .args(["--as-of", "2025-05-02"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        let commands = text.lines().skip_while(|l| !l.starts_with("Bước tiếp theo")).nth(1).unwrap().trim();
        let run = std::process::Command::new("sh").current_dir(&cwd).args(["-c", commands]).output().unwrap();
        assert!(run.status.success(), "{commands}: {}", String::from_utf8_lossy(&run.stderr));
        let files = git(root, &["show", "--name-only", "--format=", "HEAD"]);
        assert_eq!(files.trim(), "plan/tasks/16.toml", "{commands}");
    }
    assert!(git(root, &["status", "--porcelain"]).contains("A  ghi-chu.txt"), "still staged, not committed");
}

#[test]
fn show_lists_the_history_in_date_order() {
    let repo = Repo::shipped();
    for (date, progress) in [("2025-03-27", "30"), ("2025-03-25", "20"), ("2025-04-11", "50"), ("2025-04-09", "40")] {
        let output = update(
            &repo,
            &[
                "16",
                "--by",
                "so-cong-thuong",
                "--status",
                "in-progress",
                "--progress",
                progress,
                "--date",
                date,
                "--as-of",
                "2025-05-01",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let shown = stdout(&repo.plan_cmd().args(["show", "16", "--as-of", "2025-05-01"]).output().unwrap());
    let dates: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.trim().split(" · ").next())
        .filter(|d| d.len() == 10 && d.contains('/'))
        .collect();
    assert_eq!(dates, ["25/03/2025", "27/03/2025", "09/04/2025", "11/04/2025"], "{shown}");
}
