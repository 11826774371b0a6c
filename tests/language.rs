//! Every message in the user's language: each refusal a user can provoke, with `--lang vi`,
//! holds no English sentence, and with `--lang en` no Vietnamese one; `--help` follows the
//! language too.

mod common;

use common::Repo;

/// Words of English sentences that no Vietnamese message holds.
const ENGLISH: &[&str] = &[
    " the ",
    " is ",
    " not ",
    "found",
    "missing",
    "expected",
    "Usage",
    "error:",
    "invalid",
    "unknown",
    "cannot",
    "did you mean",
    "hint",
    "For more",
    "tip:",
    "Options",
    "Arguments",
    "Print help",
    "[default",
    "possible values",
];
/// Words of Vietnamese sentences that no English message holds.
const VIETNAMESE: &[&str] =
    &["lỗi", "gợi ý", "không", "có phải", "Cách dùng", "thêm", "cần", "chưa", "hướng dẫn", "Tuỳ chọn"];

/// A plan in a temporary folder where every refusal can be provoked: the event
/// huong-dan-trach-nhiem recorded, task 17 left with merge-conflict markers.
fn repo() -> Repo {
    let repo = Repo::shipped();
    let output = repo
        .plan_cmd()
        .args(["event", "set", "huong-dan-trach-nhiem", "2025-05-15", "--as-of", "2025-06-01"])
        .output()
        .unwrap();
    assert!(output.status.success());
    repo
}

fn refusals(repo: &Repo) -> Vec<(&'static str, Vec<String>)> {
    let empty = repo.dir.path().join("reports");
    std::fs::create_dir_all(&empty).unwrap();
    let empty = empty.to_string_lossy().into_owned();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unknown task", vec!["show", "99"]),
        ("unknown task for update", vec!["update", "45d", "--by", "so-khcn", "--status", "in-progress"]),
        ("invalid task id", vec!["update", "../16", "--by", "so-khcn", "--status", "done"]),
        ("unknown agency", vec!["overdue", "--agency", "So Khong Co"]),
        ("unknown agency for update", vec!["update", "16", "--by", "So Khong Co", "--status", "done"]),
        ("agency not involved", vec!["update", "16", "--by", "so-tai-chinh", "--status", "done"]),
        ("partner done", vec!["update", "16", "--by", "so-khcn", "--status", "done", "--milestone", "3"]),
        ("bad date", vec!["overdue", "--as-of", "2025-13-01"]),
        ("bad update date", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--date", "hôm qua"]),
        ("date to come", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--date", "2030-01-01"]),
        ("bad period", vec!["report", "2025-H3"]),
        ("bad status", vec!["update", "16", "--by", "so-cong-thuong", "--status", "xong"]),
        ("bad progress", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--progress", "200"]),
        ("missing note", vec!["update", "16", "--by", "so-cong-thuong", "--status", "blocked"]),
        ("bad delimiter", vec!["list", "--format", "csv", "--delimiter", "ab"]),
        ("bad format", vec!["list", "--format", "pdf"]),
        ("unknown group", vec!["list", "--group", "IX"]),
        ("not a plan folder", vec!["check", "--plan", &empty]),
        ("not in a git repository", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--commit"]),
        ("unknown flag", vec!["list", "--bogus"]),
        ("unknown subcommand", vec!["shw", "16"]),
        ("missing argument", vec!["update", "16"]),
        ("missing value", vec!["overdue", "--within"]),
        ("argument twice", vec!["overdue", "--as-of", "2025-07-01", "--as-of", "2025-07-02"]),
        ("unknown event", vec!["event", "set", "huong-dan", "2025-05-15"]),
        ("event overwrite", vec!["event", "set", "huong-dan-trach-nhiem", "2025-05-20", "--as-of", "2025-06-01"]),
        ("event date to come", vec!["event", "set", "huong-dan-trach-nhiem", "2030-05-20"]),
        ("no such milestone", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--milestone", "9"]),
        ("done at half", vec!["update", "16", "--by", "so-cong-thuong", "--status", "done", "--progress", "50"]),
        (
            "control character",
            vec!["update", "16", "--by", "so-cong-thuong", "--status", "blocked", "--note", "a\u{7}b"],
        ),
        ("task in parts", vec!["update", "45", "--by", "so-khcn", "--status", "in-progress"]),
        ("proposal by a partner", vec!["propose", "10", "--by", "so-khcn", "--reason", "x", "--cancel"]),
        ("proposal changing nothing", vec!["propose", "10", "--by", "so-noi-vu", "--reason", "x"]),
        ("amendment changing nothing", vec!["amend", "10", "--decision", "QĐ 1", "--decided", "2025-03-20"]),
        (
            "amendment of no proposal",
            vec!["amend", "10", "--decision", "QĐ 1", "--decided", "2025-03-20", "--cancel", "--proposal", "3"],
        ),
        ("amendment decided to come", vec!["amend", "10", "--decision", "QĐ 1", "--decided", "2030-03-20", "--cancel"]),
        (
            "before the plan",
            vec!["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--date", "1900-01-01"],
        ),
        ("no such day", vec!["overdue", "--as-of", "30/02/2025"]),
        ("a collective's own report", vec!["report", "2025-H1", "--agency", "Các sở, ngành"]),
    ];
    cases.into_iter().map(|(name, args)| (name, args.into_iter().map(str::to_string).collect())).collect()
}

fn stderr_of(repo: &Repo, args: &[String], lang: &str, cwd: Option<&std::path::Path>) -> (Option<i32>, String) {
    let mut cmd = repo.plan_cmd();
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let output = cmd.args(args).args(["--lang", lang]).output().unwrap();
    (output.status.code(), String::from_utf8(output.stderr).unwrap())
}

fn assert_in_language(name: &str, lang: &str, code: Option<i32>, stderr: &str) {
    assert_ne!(code, Some(0), "{name} ({lang}) was not refused: {stderr}");
    assert!(!stderr.trim().is_empty(), "{name} ({lang}) said nothing");
    let (words, prefix) = if lang == "vi" { (ENGLISH, "lỗi: ") } else { (VIETNAMESE, "error: ") };
    assert!(stderr.contains(prefix), "{name} ({lang}): {stderr}");
    for word in words {
        assert!(!stderr.contains(word), "{name} ({lang}) says {word:?}:\n{stderr}");
    }
}

#[test]
fn every_refusal_speaks_the_users_language() {
    let repo = repo();
    // Task 17 left mid-merge.
    let task = repo.read("tasks/17.toml");
    repo.write("tasks/17.toml", format!("<<<<<<< HEAD\n{task}=======\n{task}>>>>>>> so-khcn\n"));
    let mut cases = refusals(&repo);
    cases.push(("conflict markers", vec!["check".to_string()]));
    cases.push(("task with problems", vec!["show".to_string(), "17".to_string()]));
    for lang in ["vi", "en"] {
        for (name, args) in &cases {
            let (code, stderr) = stderr_of(&repo, args, lang, None);
            assert_in_language(name, lang, code, &stderr);
        }
        // No plan anywhere above the current folder.
        let elsewhere = tempfile::tempdir().unwrap();
        let (code, stderr) = stderr_of(&repo, &["check".to_string()], lang, Some(elsewhere.path()));
        assert_in_language("no plan found", lang, code, &stderr);
    }
}

#[test]
fn help_is_vietnamese_by_default_and_english_when_asked() {
    let repo = Repo::shipped();
    for args in [&["--help"][..], &["update", "--help"], &["event", "set", "--help"], &["help", "overdue"]] {
        let vi = repo.plan_cmd().args(args).env("LANG", "vi_VN.UTF-8").output().unwrap();
        assert!(vi.status.success(), "{args:?}");
        let vi = String::from_utf8(vi.stdout).unwrap();
        assert!(vi.contains("Cách dùng: plan"), "{args:?}: {vi}");
        for word in ENGLISH {
            assert!(!vi.contains(word), "{args:?} says {word:?}:\n{vi}");
        }
        let en = repo.plan_cmd().args(["--lang", "en"]).args(args).output().unwrap();
        let en = String::from_utf8(en.stdout).unwrap();
        assert!(en.contains("Usage: plan"), "{args:?}: {en}");
        let by_locale = repo.plan_cmd().args(args).env("LANG", "en_US.UTF-8").output().unwrap();
        assert_eq!(String::from_utf8(by_locale.stdout).unwrap(), en, "an English locale: English help");
    }
    let update = repo.plan_cmd().args(["update", "--help"]).output().unwrap();
    let update = String::from_utf8(update.stdout).unwrap();
    assert!(update.contains("Diễn biến; bắt buộc với blocked và dropped"), "{update}");
    assert!(update.contains("Tuỳ chọn:") && update.contains("Đối số:"), "{update}");
}

#[test]
fn clap_errors_in_vietnamese_say_what_was_wrong() {
    let repo = Repo::shipped();
    let output = repo.plan_cmd().args(["shw", "16"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "lỗi: không có lệnh \"shw\"\n  = gợi ý: có phải là \"show\"?\n\nCách dùng: plan [TUỲ CHỌN] <LỆNH>\n\nXem hướng dẫn: thêm --help vào lệnh\n"
    );
    let output = repo.plan_cmd().args(["overdue", "--as-of", "01-07-2025"]).output().unwrap();
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "lỗi: giá trị \"01-07-2025\" không hợp lệ cho --as-of <DATE>: \"01-07-2025\" không phải là ngày: ghi dạng ngày/tháng/năm (01/07/2025) hoặc năm-tháng-ngày (2025-07-01)\n\nXem hướng dẫn: thêm --help vào lệnh\n"
    );
}

#[test]
fn a_refused_update_hints_at_the_option_and_check_at_the_line() {
    let repo = Repo::shipped();
    let output =
        repo.plan_cmd().args(["update", "16", "--by", "so-cong-thuong", "--status", "blocked"]).output().unwrap();
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "lỗi: trạng thái \"blocked\" cần ghi chú lý do\n  = gợi ý: thêm --note \"...\" nêu vướng mắc hoặc lý do dừng\n"
    );
    let record = "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-04-01\nstatus = \"blocked\"\n";
    repo.write("tasks/16.toml", repo.read("tasks/16.toml") + record);
    let check = repo.plan_cmd().arg("check").output().unwrap();
    let stderr = String::from_utf8(check.stderr).unwrap();
    assert!(stderr.contains("gợi ý: thêm note = \"...\" nêu vướng mắc"), "{stderr}");
}

#[test]
fn leftover_conflict_markers_are_one_clear_problem_and_show_shows_it() {
    let repo = Repo::shipped();
    let task = repo.read("tasks/17.toml");
    let (head, tail) = task.split_once('\n').unwrap();
    repo.write("tasks/17.toml", format!("{head}\n<<<<<<< HEAD\n{tail}=======\n{tail}>>>>>>> so-khcn\n"));
    let lines = task.lines().count();
    let check = repo.plan_cmd().arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8(check.stderr).unwrap();
    assert_eq!(stderr.matches("lỗi:").count(), 1, "{stderr}");
    let expected =
        format!("lỗi: xung đột git chưa giải quyết: dấu xung đột ở dòng 2, {}, {}\n", lines + 2, 2 * lines + 2);
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains(" --> plan/tasks/17.toml:2:1"), "{stderr}");

    let show = repo.plan_cmd().args(["show", "17"]).output().unwrap();
    assert_eq!(show.status.code(), Some(1));
    let stderr = String::from_utf8(show.stderr).unwrap();
    assert!(stderr.contains("xung đột git chưa giải quyết"), "{stderr}");
    assert!(
        stderr.ends_with("lỗi: không hiện được nhiệm vụ 17: plan/tasks/17.toml có lỗi ở trên; sửa rồi chạy lại\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("có phải là"), "{stderr}");
}
