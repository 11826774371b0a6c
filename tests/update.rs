mod common;

use common::Repo;

fn update(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.plan_cmd().arg("update").args(args).output().unwrap()
}

#[test]
fn an_update_appends_only_its_lines_to_a_crlf_file_with_comments() {
    let repo = Repo::shipped();
    let original = repo
        .read("tasks/16.toml")
        .replace("id = \"16\"\n", "# Ghi chú của Sở Công Thương\nid = \"16\"   # số TT\n")
        .replace('\n', "\r\n");
    repo.write("tasks/16.toml", &original);
    let output = update(
        &repo,
        &[
            "16",
            "--by",
            "Sở Công Thương",
            "--status",
            "in-progress",
            "--progress",
            "40",
            "--note",
            "Đang xây dựng \"dự thảo\"",
            "--as-of",
            "2025-06-01",
        ],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let after = repo.read("tasks/16.toml");
    assert!(after.starts_with(&original), "every original byte kept");
    assert_eq!(
        &after[original.len()..],
        "\r\n[[updates]]\r\nby = \"so-cong-thuong\"\r\ndate = 2025-06-01\r\nstatus = \"in-progress\"\r\nprogress = 40\r\nnote = 'Đang xây dựng \"dự thảo\"'\r\n"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Đã ghi cập nhật vào plan/tasks/16.toml"), "{stdout}");
    assert!(!stdout.contains("git "), "not a git repository: no git commands\n{stdout}");
    repo.plan_cmd().arg("check").assert().code(0);
}

#[test]
fn refusals_leave_the_file_untouched() {
    let repo = Repo::shipped();
    let before = std::fs::read(repo.task_path("16")).unwrap();
    let cases: &[&[&str]] = &[
        &["99", "--by", "so-cong-thuong", "--status", "done"],
        &["../16", "--by", "so-cong-thuong", "--status", "done"],
        &["/etc/passwd", "--by", "so-cong-thuong", "--status", "done"],
        &["16", "--by", "So Cong Thuog", "--status", "done"],
        &["16", "--by", "so-y-te", "--status", "in-progress"],
        &["16", "--by", "so-khcn", "--status", "done"],
        &["16", "--by", "so-cong-thuong", "--status", "done", "--progress", "101"],
        &["16", "--by", "so-cong-thuong", "--status", "done", "--date", "2025-07-02", "--as-of", "2025-07-01"],
        &["16", "--by", "so-cong-thuong", "--status", "done", "--milestone", "2"],
        &["16", "--by", "so-cong-thuong", "--status", "done", "--for", "2026"],
        &["16", "--by", "so-cong-thuong", "--status", "blocked"],
        &["16", "--by", "so-cong-thuong", "--status", "dropped", "--note", " "],
        &["16", "--by", "toan-tinh", "--status", "in-progress"],
        &["16", "--by", "so-cong-thuong", "--status", "finished"],
    ];
    for args in cases {
        let output = update(&repo, args);
        assert!(!output.status.success(), "{args:?} should be refused");
        assert!(!output.stderr.is_empty(), "{args:?} says why");
        assert_eq!(std::fs::read(repo.task_path("16")).unwrap(), before, "{args:?} left the file as it was");
    }
    let partner = update(&repo, &["16", "--by", "so-khcn", "--status", "done"]);
    let stderr = String::from_utf8(partner.stderr).unwrap();
    assert_eq!(
        stderr,
        "lỗi: \"Sở Khoa học và Công nghệ\" là cơ quan phối hợp, không thể báo hoàn thành\n  = gợi ý: cơ quan chủ trì báo hoàn thành; cơ quan phối hợp dùng in-progress hoặc blocked\n"
    );
    let unknown = update(&repo, &["16", "--by", "So Cong Thuog", "--status", "done"]);
    assert!(String::from_utf8(unknown.stderr).unwrap().contains("có phải là \"Sở Công Thương\"?"));
    // A partner may report progress.
    assert!(update(&repo, &["16", "--by", "so-khcn", "--status", "in-progress"]).status.success());
}

#[test]
fn eight_simultaneous_updates_all_land() {
    let repo = Repo::shipped();
    let agencies =
        ["so-khcn", "so-noi-vu", "so-tai-chinh", "so-y-te", "so-tu-phap", "so-xay-dung", "so-gd-dt", "so-nn-mt"];
    let children: Vec<_> = agencies
        .iter()
        .map(|agency| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("plan"));
            cmd.current_dir(repo.dir.path())
                .args([
                    "update",
                    "2",
                    "--by",
                    agency,
                    "--status",
                    "in-progress",
                    "--note",
                    &format!("{agency} báo cáo"),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let text = repo.read("tasks/2.toml");
    assert_eq!(text.matches("[[updates]]").count(), 8);
    for agency in agencies {
        assert!(text.contains(&format!("by = \"{agency}\"")), "{agency} recorded");
    }
    repo.plan_cmd().arg("check").assert().code(0);
}

#[cfg(unix)]
#[test]
fn killing_updates_at_random_moments_never_breaks_a_file() {
    let repo = Repo::shipped();
    let mut reported = 0;
    for round in 0..40u64 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plan"))
            .current_dir(repo.dir.path())
            .args([
                "update",
                "16",
                "--by",
                "so-cong-thuong",
                "--status",
                "in-progress",
                "--note",
                &format!("lần {round}"),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the process's whole run, a few milliseconds.
        std::thread::sleep(std::time::Duration::from_micros((round * 7919) % 6000));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            reported += 1;
        }
        let text = repo.read("tasks/16.toml");
        toml::from_str::<toml::Table>(&text).expect("the task file always parses");
        assert!(text.matches("[[updates]]").count() >= reported, "every reported update is kept");
    }
    repo.plan_cmd().arg("check").assert().code(0);
    let leftovers: Vec<_> = std::fs::read_dir(repo.plan().join("tasks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".toml"))
        .collect();
    assert!(leftovers.iter().all(|name| name.starts_with(".plan-")), "{leftovers:?}");
}

#[test]
fn derived_states_match_hand_computed_ones() {
    let repo = Repo::shipped();
    let ok = |args: &[&str]| {
        let output = update(&repo, args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    // Task 10 (Sở Nội vụ, due 31/03/2025): done on time.
    ok(&["10", "--by", "so-noi-vu", "--status", "done", "--date", "2025-03-20", "--as-of", "2025-04-01"]);
    // Task 18 (Sở NN&MT, due 31/03/2025): done late.
    ok(&["18", "--by", "so-nn-mt", "--status", "done", "--date", "2025-05-02", "--as-of", "2025-05-02"]);
    // Task 47 (two owners, due 31/03/2025): only Sở Tài chính done; Sở KH&CN still owes.
    ok(&["47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-30", "--as-of", "2025-04-01"]);
    // Task 43 (two owners, due 31/12/2025): blocked, then in progress.
    ok(&[
        "43",
        "--by",
        "so-khcn",
        "--status",
        "blocked",
        "--note",
        "Chờ hướng dẫn",
        "--date",
        "2025-06-01",
        "--as-of",
        "2025-06-01",
    ]);
    // Task 4 waits on an event; once it happens it is due a month later.
    repo.edit("events.toml", "[huong-dan-trach-nhiem]\n", "[huong-dan-trach-nhiem]\ndate = 2025-05-15\n");
    // Task 7: a yearly milestone, done for 2025 late, in January 2026.
    ok(&["7", "--by", "so-khcn", "--status", "done", "--date", "2026-01-03", "--as-of", "2026-01-03"]);

    let states = |as_of: &str, id: &str| -> Vec<(String, String, Option<i64>)> {
        let output = repo
            .plan_cmd()
            .args(["overdue", "--as-of", as_of, "--within", "400", "--format", "json"])
            .output()
            .unwrap();
        let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        records
            .iter()
            .filter(|r| r["id"] == id)
            .map(|r| {
                (
                    r["agency"].as_str().unwrap().to_string(),
                    r["state"].as_str().unwrap().to_string(),
                    r["occurrence"].as_i64(),
                )
            })
            .collect()
    };
    assert!(states("2025-07-01", "10").is_empty(), "done on time leaves the list");
    assert!(states("2025-07-01", "18").is_empty(), "done late leaves the list");
    assert_eq!(states("2025-04-15", "18"), [("so-nn-mt".into(), "overdue".into(), None)], "overdue until reported");
    assert_eq!(
        states("2025-07-01", "47"),
        [("so-khcn".into(), "overdue".into(), None)],
        "partial: one owner still owes"
    );
    assert_eq!(
        states("2025-06-15", "4"),
        [("so-khcn".into(), "due-today".into(), None)],
        "due on the day: not late, not \"soon\""
    );
    assert_eq!(states("2025-06-16", "4"), [("so-khcn".into(), "overdue".into(), None)]);
    assert_eq!(states("2026-01-05", "7"), [("so-khcn".into(), "due-soon".into(), Some(2026))], "2025 done, 2026 next");

    let show = |id: &str, as_of: &str| {
        String::from_utf8(repo.plan_cmd().args(["show", id, "--as-of", as_of, "--lang", "en"]).output().unwrap().stdout)
            .unwrap()
    };
    assert!(show("10", "2025-07-01").contains("Done on time"));
    assert!(show("18", "2025-07-01").contains("Done late"));
    let task_47 = show("47", "2025-07-01");
    assert!(task_47.contains("Done on time") && task_47.contains("Overdue by 92 days"), "{task_47}");
    let task_7 = show("7", "2026-01-05");
    assert!(task_7.contains("Done late"), "{task_7}");
    // The occurrence is named by its due date, as clerks name it.
    assert!(task_7.contains("03/01/2026 · Sở Khoa học và Công nghệ · Done · occurrence due 31/12/2025"), "{task_7}");
    let task_43 = show("43", "2025-07-01");
    assert!(task_43.contains("Blocked") && task_43.contains("Note: Chờ hướng dẫn"), "{task_43}");
    // An update is not known before its date.
    assert!(show("10", "2025-03-19").contains("Not yet due"));
}

#[test]
fn commit_records_the_update_in_git() {
    let repo = Repo::shipped();
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git").current_dir(repo.dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Văn thư Sở Công Thương"]);
    git(&["config", "user.email", "vanthu@sct.example"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "Kế hoạch"]);
    let output = update(&repo, &["16", "--by", "so-cong-thuong", "--status", "done", "--commit"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(git(&["log", "-1", "--format=%s"]).trim(), "Sở Công Thương cập nhật nhiệm vụ 16: Hoàn thành");
    assert_eq!(git(&["show", "--name-only", "--format=", "HEAD"]).trim(), "plan/tasks/16.toml");
    assert_eq!(git(&["status", "--porcelain"]).trim(), "");
}

/// Holds plan/.lock as another `plan` would, with `holder` written in it.
fn hold_lock(repo: &Repo, holder: &str) -> std::fs::File {
    use std::io::Write;
    let mut file =
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(repo.plan().join(".lock")).unwrap();
    file.lock().unwrap();
    file.set_len(0).unwrap();
    file.write_all(holder.as_bytes()).unwrap();
    file
}

/// A lock another process holds is waited on for PLAN_LOCK_TIMEOUT seconds at most, with
/// the holder named once, then the update gives up with exit 2 and the file untouched.
#[test]
fn a_lock_held_elsewhere_is_waited_on_for_a_bounded_time_naming_its_holder() {
    let repo = Repo::shipped();
    let _held = hold_lock(&repo, "4242 plan update 16 --by so-khcn (giữ khoá để thử)\n");
    let before = std::fs::read(repo.task_path("16")).unwrap();
    for (lang, waiting, gave_up) in
        [("en", "waiting for plan/.lock", "still held"), ("vi", "đang chờ khoá plan/.lock", "vẫn bị giữ")]
    {
        let started = std::time::Instant::now();
        let output = common::output_within(
            repo.plan_std().env("PLAN_LOCK_TIMEOUT", "1").args(["update", "16", "--by", "so-cong-thuong"]).args([
                "--status",
                "in-progress",
                "--lang",
                lang,
            ]),
            std::time::Duration::from_secs(20),
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(started.elapsed() < std::time::Duration::from_secs(8), "gave up in {:?}", started.elapsed());
        assert_eq!(stderr.matches(waiting).count(), 1, "the wait is announced once:\n{stderr}");
        assert!(stderr.contains("4242 plan update 16 --by so-khcn (giữ khoá để thử)"), "{stderr}");
        assert!(stderr.contains(gave_up), "{stderr}");
        assert_eq!(std::fs::read(repo.task_path("16")).unwrap(), before, "nothing written");
    }
}

/// A lock released while `plan update` waits is taken, and the update recorded.
#[test]
fn a_lock_released_within_the_timeout_is_taken() {
    let repo = Repo::shipped();
    let held = hold_lock(&repo, "4243 plan event set x 2025-01-01\n");
    let child = repo
        .plan_std()
        .env("PLAN_LOCK_TIMEOUT", "20")
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--lang", "en"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    drop(held);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("4243 plan event set x 2025-01-01"), "the wait named the holder: {stderr}");
    assert!(repo.read("tasks/16.toml").contains("[[updates]]"));
    // The lock now names the process that took it.
    assert!(repo.read(".lock").contains("update 16"), "{}", repo.read(".lock"));
}

#[test]
fn a_lock_timeout_that_is_not_a_number_is_a_usage_error() {
    let repo = Repo::shipped();
    let output = repo
        .plan_cmd()
        .env("PLAN_LOCK_TIMEOUT", "soon")
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--lang", "en"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("PLAN_LOCK_TIMEOUT"), "{stderr}");
    assert!(!repo.read("tasks/16.toml").contains("[[updates]]"));
}

fn git(repo: &Repo, args: &[&str]) -> String {
    let output = std::process::Command::new("git").current_dir(repo.dir.path()).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// A git repository holding the shipped plan, committed, with a clerk's identity.
fn committed_repo() -> Repo {
    let repo = Repo::shipped();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["config", "user.name", "Văn thư"]);
    git(&repo, &["config", "user.email", "vanthu@example.org"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "Kế hoạch"]);
    repo
}

fn slow_pre_commit_hook(repo: &Repo) {
    let hook = repo.dir.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nsleep 0.2\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The hash `plan update --commit --lang en` reports, if it reports one.
fn committed_hash(stdout: &str) -> Option<String> {
    let line = stdout.lines().find(|line| line.starts_with("Committed "))?;
    Some(line["Committed ".len()..].split(':').next()?.to_string())
}

/// Twelve `plan update --commit` at once, on one task by eight agencies and on another by
/// one agency four times: each reports its own commit, holding its own record and nothing
/// else, and nothing is left uncommitted.
#[test]
fn twelve_simultaneous_commits_each_commit_their_own_record() {
    let repo = committed_repo();
    // A slow hook, as real ones can be, keeps each commit going while the other runs write.
    slow_pre_commit_hook(&repo);
    let mut runs: Vec<(&str, &str, String)> =
        ["so-khcn", "so-noi-vu", "so-tai-chinh", "so-y-te", "so-tu-phap", "so-xay-dung", "so-gd-dt", "so-nn-mt"]
            .iter()
            .map(|agency| ("2", *agency, format!("{agency} báo cáo")))
            .collect();
    runs.extend((1..=4).map(|round| ("16", "so-cong-thuong", format!("Sở Công Thương lần {round}"))));
    let children: Vec<_> = runs
        .iter()
        .map(|(task, agency, note)| {
            repo.plan_std()
                .env("PLAN_LOCK_TIMEOUT", "120")
                .args(["update", task, "--by", agency, "--status", "in-progress", "--note", note])
                .args(["--commit", "--lang", "en"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut hashes = Vec::new();
    for ((task, _, note), child) in runs.iter().zip(children) {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{note}: {}", String::from_utf8_lossy(&output.stderr));
        let hash = committed_hash(&stdout).unwrap_or_else(|| panic!("{note}: no commit reported in {stdout}"));
        let file = format!("plan/tasks/{task}.toml");
        assert_eq!(git(&repo, &["show", "--name-only", "--format=", &hash]).trim(), file, "{note}: one file");
        let diff = git(&repo, &["show", "--format=", &hash]);
        assert_eq!(diff.matches("+[[updates]]").count(), 1, "{note}: one record in {hash}:\n{diff}");
        assert!(diff.contains(&format!("+note = \"{note}\"")), "{note}: its own record in {hash}:\n{diff}");
        hashes.push(hash);
    }
    let mut distinct = hashes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), runs.len(), "each run its own commit: {hashes:?}");
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]).trim(), (runs.len() + 1).to_string());
    assert_eq!(git(&repo, &["status", "--porcelain"]), "", "every record committed");
    for (task, _, note) in &runs {
        let text = repo.read(&format!("tasks/{task}.toml"));
        assert_eq!(text.matches(&format!("note = \"{note}\"")).count(), 1, "{note} recorded once");
    }
    assert_eq!(repo.read("tasks/2.toml").matches("[[updates]]").count(), 8);
    assert_eq!(repo.read("tasks/16.toml").matches("[[updates]]").count(), 4);
}

/// Changes already in the task file, staged or not, would go into the agency's commit:
/// the update is refused before anything is written.
#[test]
fn a_commit_is_refused_when_the_task_file_has_uncommitted_changes() {
    let repo = committed_repo();
    let changed = format!("{}# sửa tay, chưa commit\n", repo.read("tasks/16.toml"));
    repo.write("tasks/16.toml", &changed);
    let head = git(&repo, &["rev-parse", "HEAD"]);
    for staged in [false, true] {
        if staged {
            git(&repo, &["add", "plan/tasks/16.toml"]);
        }
        for (lang, said) in [("en", "has uncommitted changes"), ("vi", "có thay đổi chưa commit")] {
            let output =
                update(&repo, &["16", "--by", "so-cong-thuong", "--status", "done", "--commit", "--lang", lang]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("plan/tasks/16.toml") && stderr.contains(said), "{stderr}");
            assert_eq!(repo.read("tasks/16.toml"), changed, "the file is byte for byte as it was");
            assert_eq!(git(&repo, &["rev-parse", "HEAD"]), head, "nothing committed");
        }
    }
}

/// A locked index would make the commit fail after the write: refused before it.
#[test]
fn a_commit_is_refused_while_gits_index_is_locked() {
    let repo = committed_repo();
    let index_lock = repo.dir.path().join(".git/index.lock");
    std::fs::write(&index_lock, "").unwrap();
    let before = std::fs::read(repo.task_path("16")).unwrap();
    let output = update(&repo, &["16", "--by", "so-cong-thuong", "--status", "done", "--commit", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("index.lock") && stderr.contains("locked"), "{stderr}");
    assert_eq!(std::fs::read(repo.task_path("16")).unwrap(), before);
    std::fs::remove_file(&index_lock).unwrap();
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
}

/// When git refuses the commit after the write (here a hook), the record is taken back,
/// so that running the command again records it once.
#[cfg(unix)]
#[test]
fn a_failed_commit_takes_the_update_back() {
    use std::os::unix::fs::PermissionsExt;
    let repo = committed_repo();
    let hook = repo.dir.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = std::fs::read(repo.task_path("16")).unwrap();
    let args = ["16", "--by", "so-cong-thuong", "--status", "done", "--commit", "--lang", "en"];
    let output = update(&repo, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("hook says no") && stderr.contains("taken back"), "{stderr}");
    assert_eq!(std::fs::read(repo.task_path("16")).unwrap(), before, "the file has its original bytes");
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
    std::fs::remove_file(&hook).unwrap();
    let output = update(&repo, &args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(repo.read("tasks/16.toml").matches("[[updates]]").count(), 1, "recorded once");
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
}
