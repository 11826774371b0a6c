mod common;

use common::{overdue_ids, Repo};

#[test]
fn event_set_records_the_date_keeping_the_file_as_written() {
    let repo = Repo::shipped();
    let original = repo.read("events.toml").replace('\n', "\r\n");
    repo.write("events.toml", &original);
    let output = repo
        .plan_cmd()
        .args([
            "event",
            "set",
            "huong-dan-trach-nhiem",
            "2025-05-15",
            "--note",
            "Công văn số 1/BKHCN",
            "--as-of",
            "2025-06-01",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Đã ghi: sự kiện \"huong-dan-trach-nhiem\" diễn ra ngày 15/05/2025 (plan/events.toml).\n"
    );
    let after = repo.read("events.toml");
    let expected = original
        .replace("(nhiệm vụ 4)\"\r\n", "(nhiệm vụ 4)\"\r\ndate = 2025-05-15\r\nnote = \"Công văn số 1/BKHCN\"\r\n");
    assert_eq!(after, expected, "only the two lines are added; comments and CRLF kept");
    assert!(overdue_ids(&repo, "2025-06-16").contains(&"4".to_string()));

    // Set again with --force: the date is replaced, not duplicated.
    repo.plan_cmd()
        .args(["event", "set", "huong-dan-trach-nhiem", "2025-05-20", "--force", "--as-of", "2025-06-01"])
        .assert()
        .code(0);
    let again = repo.read("events.toml");
    assert_eq!(again.matches("\r\ndate = ").count(), 1);
    assert!(again.contains("date = 2025-05-20\r\n"));
}

fn set(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.plan_cmd()
        .args(["event", "set", "huong-dan-trach-nhiem"])
        .args(args)
        .args(["--as-of", "2025-06-01"])
        .output()
        .unwrap()
}

#[test]
fn a_recorded_date_is_replaced_only_with_force_which_says_what_it_replaced() {
    let repo = Repo::shipped();
    assert!(set(&repo, &["2025-05-15", "--note", "Công văn số 1/BKHCN"]).status.success());
    let recorded = repo.read("events.toml");

    // Without --force: refused, in either language, nothing written.
    let refused = set(&repo, &["2025-05-20"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        "lỗi: sự kiện \"huong-dan-trach-nhiem\" đã được ghi ngày 15/05/2025 (\"Công văn số 1/BKHCN\")\n  = gợi ý: thêm --force để thay ngày đã ghi (ghi chú cũ bị bỏ nếu không có --note mới)\n"
    );
    let refused = set(&repo, &["2025-05-20", "--note", "Công văn số 2/BKHCN", "--lang", "en"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        "error: event \"huong-dan-trach-nhiem\" already has the date 15/05/2025 (\"Công văn số 1/BKHCN\")\n  = hint: add --force to replace the recorded date (the old note is dropped unless --note gives a new one)\n"
    );
    assert_eq!(repo.read("events.toml"), recorded);

    // The same date again changes nothing and needs no --force.
    let same = set(&repo, &["2025-05-15"]);
    assert!(same.status.success());
    assert!(String::from_utf8(same.stdout).unwrap().contains("không thay đổi gì"));
    assert_eq!(repo.read("events.toml"), recorded);

    // --force with a new note: both replaced, and the old ones said.
    let forced = set(&repo, &["2025-05-20", "--note", "Công văn số 2/BKHCN", "--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert_eq!(
        String::from_utf8(forced.stdout).unwrap(),
        "Đã ghi: sự kiện \"huong-dan-trach-nhiem\" diễn ra ngày 20/05/2025 (plan/events.toml).\n  Thay cho ngày đã ghi trước: 15/05/2025 (ghi chú: \"Công văn số 1/BKHCN\").\n"
    );
    let text = repo.read("events.toml");
    assert!(text.contains("date = 2025-05-20\nnote = \"Công văn số 2/BKHCN\"\n"), "{text}");
    assert!(!text.contains("số 1/BKHCN"));

    // --force without a note: the old note is dropped, and that is said.
    let forced = set(&repo, &["2025-05-21", "--force", "--lang", "en"]);
    assert!(forced.status.success());
    assert_eq!(
        String::from_utf8(forced.stdout).unwrap(),
        "Recorded: event \"huong-dan-trach-nhiem\" happened on 21/05/2025 (plan/events.toml).\n  Replacing the date recorded before: 20/05/2025 (note: \"Công văn số 2/BKHCN\").\n  The old note \"Công văn số 2/BKHCN\" was dropped (use --note to give a new one).\n"
    );
    let text = repo.read("events.toml");
    assert!(text.contains("date = 2025-05-21\n") && !text.contains("note ="), "{text}");
}

fn git(repo: &Repo, args: &[&str]) -> String {
    let output = std::process::Command::new("git").current_dir(repo.dir.path()).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn commit_commits_the_events_file_alone_and_refuses_uncommitted_changes_in_it() {
    let repo = Repo::shipped();
    git(&repo, &["init", "-q"]);
    git(&repo, &["config", "user.name", "Văn thư Sở KH&CN"]);
    git(&repo, &["config", "user.email", "vanthu@skhcn.example"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "Kế hoạch"]);

    // Something else staged stays out of the commit.
    repo.edit("tasks/16.toml", "\n", "\n# sửa tay\n");
    git(&repo, &["add", "plan/tasks/16.toml"]);
    let output = set(&repo, &["2025-05-15", "--commit"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains(": Sự kiện huong-dan-trach-nhiem: diễn ra ngày 15/05/2025\n"), "{stdout}");
    assert_eq!(
        git(&repo, &["show", "--name-only", "--format=%s", "HEAD"]),
        "Sự kiện huong-dan-trach-nhiem: diễn ra ngày 15/05/2025\n\nplan/events.toml\n"
    );
    assert_eq!(git(&repo, &["status", "--porcelain"]), "M  plan/tasks/16.toml\n");

    // Uncommitted changes in events.toml itself would go into the commit: refused first.
    let changed = format!("{}# sửa tay\n", repo.read("events.toml"));
    repo.write("events.toml", &changed);
    let head = git(&repo, &["rev-parse", "HEAD"]);
    let output = set(&repo, &["2025-05-20", "--force", "--commit"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("có thay đổi chưa commit"));
    assert_eq!(repo.read("events.toml"), changed);
    assert_eq!(git(&repo, &["rev-parse", "HEAD"]), head);
}

#[test]
fn event_list_shows_each_event_its_date_and_the_tasks_waiting() {
    let repo = Repo::shipped();
    assert!(set(&repo, &["2025-05-15", "--note", "Công văn số 1/BKHCN"]).status.success());
    let table = repo.plan_cmd().args(["event", "list"]).env("COLUMNS", "200").output().unwrap();
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    for expected in [
        "chuong-trinh-cong-nghe-chien-luoc",
        "15/05/2025",
        "chưa có",
        "Nhiệm vụ chờ",
        "3 sự kiện, 2 sự kiện chưa diễn ra.",
    ] {
        assert!(table.contains(expected), "{expected} in {table}");
    }
    let json = repo.plan_cmd().args(["event", "list", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let events = json.as_array().unwrap();
    assert_eq!(events.len(), 3);
    let set_one = events.iter().find(|e| e["key"] == "huong-dan-trach-nhiem").unwrap();
    assert_eq!(set_one["date"], "2025-05-15");
    assert_eq!(set_one["note"], "Công văn số 1/BKHCN");
    assert_eq!(set_one["tasks"], serde_json::json!(["4"]));
    let waiting = events.iter().find(|e| e["key"] == "chuong-trinh-cong-nghe-chien-luoc").unwrap();
    assert_eq!(waiting["date"], serde_json::Value::Null);
    assert_eq!(waiting["tasks"], serde_json::json!(["15"]));
    let csv = repo.plan_cmd().args(["event", "list", "--format", "csv", "--no-bom"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("key,description,date,note,tasks\n"), "{csv}");
    assert!(csv.contains("\nhuong-dan-trach-nhiem,\"Trung ương có văn bản"), "{csv}");
    assert!(csv.contains(",2025-05-15,Công văn số 1/BKHCN,4\n"), "{csv}");
}

#[test]
fn list_and_show_name_the_event_by_its_description_not_its_key() {
    let repo = Repo::shipped();
    for args in [&["list", "--format", "csv"][..], &["show", "15"], &["list"]] {
        let output = repo.plan_cmd().args(args).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.contains("chuong-trinh"), "{args:?}: {stdout}");
        let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("công nghệ và công nghiệp chiến lược quốc gia"), "{args:?}: {stdout}");
    }
    let show = repo.plan_cmd().args(["show", "15"]).output().unwrap();
    assert!(String::from_utf8(show.stdout).unwrap().contains(
        "→ chờ: Trung ương triển khai Chương trình phát triển công nghệ và công nghiệp chiến lược quốc gia (nhiệm vụ 15) (chưa có ngày)"
    ));
}

#[test]
fn event_set_refuses_unknown_events_and_future_dates() {
    let repo = Repo::shipped();
    let before = repo.read("events.toml");
    let unknown = repo.plan_cmd().args(["event", "set", "huong-dan", "2025-05-15"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8(unknown.stderr).unwrap().contains("có phải là \"huong-dan-trach-nhiem\"?"));
    let future = repo
        .plan_cmd()
        .args(["event", "set", "huong-dan-trach-nhiem", "2025-07-01", "--as-of", "2025-06-01"])
        .output()
        .unwrap();
    assert_eq!(future.status.code(), Some(1), "understood, and against the rules");
    assert_eq!(repo.read("events.toml"), before);
}
