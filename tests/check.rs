mod common;

use std::time::Duration;

use common::Repo;
use unicode_normalization::UnicodeNormalization;

fn check(repo: &Repo, lang: &str) -> (Option<i32>, String, String) {
    let output = repo.plan_cmd().args(["check", "--lang", lang]).output().unwrap();
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn shipped_plan_is_clean() {
    let repo = Repo::shipped();
    let (code, stdout, stderr) = check(&repo, "vi");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "plan: 50 nhiệm vụ (52 nội dung), 28 cơ quan, không có lỗi.\n");
    assert_eq!(stderr, "");
}

#[test]
fn broken_file_unknown_agency_and_duplicate_id_are_all_reported() {
    let repo = Repo::shipped();
    repo.write("tasks/9.toml", "id = \"9\"\ntitle = \"Nghiên cứu\n");
    repo.edit("tasks/16.toml", "owner = [\"Sở Công Thương\"]", "owner = [\"So Cong Thuong\"]");
    std::fs::copy(repo.task_path("17"), repo.task_path("17b")).unwrap();
    repo.edit("tasks/17b.toml", "id = \"17\"", "id = \"17\"");
    let (code, stdout, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "");
    insta::assert_snapshot!("three_problems_en", stderr);
    let (_, _, vietnamese) = check(&repo, "vi");
    insta::assert_snapshot!("three_problems_vi", vietnamese);
}

#[test]
fn every_kind_of_task_file_mistake_is_reported_in_one_run() {
    let repo = Repo::shipped();
    // Unknown and missing fields, a wrong type, unknown group, owner also partner,
    // an unreadable deadline, an undefined event, an impossible date.
    repo.edit("tasks/1.toml", "group = \"I\"", "group = \"VIII\"\nowners = [\"x\"]");
    repo.edit("tasks/5.toml", "partners = [\"Sở Khoa học và Công nghệ\"]", "partners = [\"Sở Nội vụ\"]");
    repo.edit("tasks/10.toml", "deadline = \"Trong Quý I năm 2025\"", "deadline = \"Sớm nhất có thể\"");
    repo.edit("tasks/4.toml", "event = \"huong-dan-trach-nhiem\"", "event = \"huong-dan-trach-nhiem-moi\"");
    repo.edit("tasks/16.toml", "deadline = \"Trong năm 2025\"", "deadline = \"30/02/2025\"");
    repo.edit("tasks/18.toml", "title = ", "# no title\nheading = 3\nnotitle = ");
    repo.edit("tasks/11.toml", "event = \"chinh-sach-to-chuc-khcn\"\n", "");
    let (code, _, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("task_file_mistakes_en", stderr);
}

#[test]
fn registry_mistakes_are_reported() {
    let repo = Repo::shipped();
    repo.edit("agencies.toml", "id = \"so-y-te\"", "id = \"so-noi-vu\"");
    repo.edit("agencies.toml", "aliases = [\"Sở TP\"]", "aliases = [\"Sở NV\"]");
    repo.edit("agencies.toml", "kind = \"press\"", "kind = \"newspaper\"");
    repo.edit("agencies.toml", "\"so-khcn\", \"so-noi-vu\", \"so-tai-chinh\", \"so-cong-thuong\", \"so-nn-mt\",\n    \"so-gd-dt\", \"so-vhttdl\", \"so-xay-dung\", \"so-y-te\", \"so-tu-phap\",\n    \"so-dan-toc-ton-giao\", \"thanh-tra-tinh\", \"van-phong-ubnd\",\n]", "\"so-khcn\", \"so-yte\", \"toan-tinh\",\n]");
    let (code, _, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("registry_mistakes_en", stderr);
}

#[test]
fn windows_files_with_bom_crlf_and_nfd_pass() {
    let repo = Repo::shipped();
    for id in ["16", "46", "2"] {
        let text = repo.read(&format!("tasks/{id}.toml"));
        let windows: String = text.nfd().collect::<String>().replace('\n', "\r\n");
        assert_ne!(windows, text);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(windows.as_bytes());
        repo.write(&format!("tasks/{id}.toml"), bytes);
    }
    let agencies: String = repo.read("agencies.toml").nfd().collect::<String>().replace('\n', "\r\n");
    repo.write("agencies.toml", format!("\u{feff}{agencies}"));
    let (code, _, stderr) = check(&repo, "vi");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(common::overdue_ids(&repo, "2026-01-01").len(), 30);
    let show = repo.plan_cmd().args(["show", "16"]).output().unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains("Cơ quan chủ trì: Sở Công Thương\n"), "stored as NFC: {show}");
}

#[test]
fn files_that_are_not_text_are_reported_not_panicked_on() {
    let repo = Repo::shipped();
    repo.write("tasks/20.toml", b"id = \"20\"\ntitle = \"\xFF\xFE\"\n");
    repo.write("tasks/21.toml", "");
    repo.write("tasks/22.toml", "[[[[\u{0}");
    let (code, _, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("plan/tasks/20.toml:2:10") && stderr.contains("the file is not UTF-8 text"), "{stderr}");
    assert!(stderr.contains("plan/tasks/21.toml:1:1") && stderr.contains("missing field `id`"), "{stderr}");
    assert!(stderr.contains("plan/tasks/22.toml:1:") && stderr.contains("TOML syntax error"), "{stderr}");
}

#[test]
fn an_empty_plan_is_a_problem() {
    let repo = Repo::shipped();
    std::fs::remove_dir_all(repo.plan().join("tasks")).unwrap();
    let (code, _, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the plan has no tasks"), "{stderr}");
}

#[test]
fn plan_is_found_from_a_subfolder_or_given_explicitly() {
    let repo = Repo::shipped();
    let sub = repo.dir.path().join("reports/2025");
    std::fs::create_dir_all(&sub).unwrap();
    repo.plan_cmd().current_dir(&sub).arg("check").assert().code(0);

    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = repo.plan_cmd();
    cmd.current_dir(elsewhere.path()).arg("check");
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("không tìm thấy kế hoạch"));

    repo.plan_cmd().current_dir(elsewhere.path()).args(["check", "--plan"]).arg(repo.plan()).assert().code(0);
    repo.plan_cmd().current_dir(elsewhere.path()).env("PLAN_DIR", repo.plan()).arg("check").assert().code(0);
    let missing = repo.plan_cmd().args(["check", "--plan", "nowhere"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    let repo = Repo::shipped();
    repo.plan_cmd().args(["overdue", "--as-of", "2025-02-30"]).assert().code(2);
    repo.plan_cmd().args(["overdue", "--format", "xml"]).assert().code(2);
    repo.plan_cmd().arg("frobnicate").assert().code(2);
}

#[cfg(unix)]
#[test]
fn an_unreadable_task_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::shipped();
    let path = repo.task_path("12");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("plan"));
    if std::fs::read(&path).is_ok() {
        // Root reads any file: run as nobody, who can reach the plan but not this file.
        for dir in [repo.dir.path().to_path_buf(), repo.plan(), repo.plan().join("tasks")] {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(assert_cmd::cargo::cargo_bin("plan"));
    }
    let output =
        cmd.current_dir(repo.dir.path()).args(["check", "--lang", "en"]).env("NO_COLOR", "1").output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("plan/tasks/12.toml") && stderr.contains("cannot read the file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_task_file_is_reported_not_followed() {
    let repo = Repo::shipped();
    let outside = repo.dir.path().join("outside.toml");
    std::fs::rename(repo.task_path("12"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.task_path("12")).unwrap();
    let (code, _, stderr) = check(&repo, "en");
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("plan/tasks/12.toml") && stderr.contains("plan/tasks/12.toml is a symbolic link"),
        "{stderr}"
    );
    let before = std::fs::read(&outside).unwrap();
    let update =
        repo.plan_cmd().args(["update", "12", "--by", "so-tai-chinh", "--status", "in-progress"]).output().unwrap();
    assert_eq!(update.status.code(), Some(2));
    assert_eq!(std::fs::read(&outside).unwrap(), before, "the link's target is never written");
    assert!(std::fs::symlink_metadata(repo.task_path("12")).unwrap().file_type().is_symlink());
}

#[test]
fn update_record_mistakes_are_reported() {
    let repo = Repo::shipped();
    let records = [
        ("16", "by = \"Sở Công Thương X\"\ndate = 2025-05-01\nstatus = \"in-progress\""),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"finished\""),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"blocked\""),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"in-progress\"\nprogress = 120"),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"in-progress\"\nmilestone = 3"),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"done\"\nfor = 2025"),
        ("16", "by = \"so-khcn\"\ndate = 2025-05-01\nstatus = \"done\""),
        ("16", "by = \"so-y-te\"\ndate = 2025-05-01\nstatus = \"in-progress\""),
        ("16", "by = \"so-cong-thuong\"\ndate = 2025-05-01\nstatus = \"in-progress\"\nmood = \"good\""),
        ("10", "by = \"so-noi-vu\"\ndate = 2025-07-01\nstatus = \"done\""),
        ("3", "by = \"so-y-te\"\ndate = 2025-05-01\nstatus = \"done\""),
        ("3", "by = \"so-y-te\"\ndate = 2025-05-01\nstatus = \"done\"\nfor = 2024"),
        ("3", "by = \"so-y-te\"\nstatus = \"done\"\nfor = 2025"),
    ];
    for (id, record) in records {
        let path = format!("tasks/{id}.toml");
        let text = repo.read(&path);
        repo.write(&path, format!("{text}\n[[updates]]\n{record}\n"));
    }
    let output = repo.plan_cmd().args(["check", "--lang", "en", "--as-of", "2025-06-01"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("update_record_mistakes_en", String::from_utf8(output.stderr).unwrap());
}

/// A link in place of plan.toml, agencies.toml or events.toml is reported by name and
/// never read: what it points at (here a "secret") never reaches the output.
#[cfg(unix)]
#[test]
fn symlinked_plan_files_are_reported_and_never_read() {
    const SECRET: &str = "hunter2-khong-duoc-lo";
    for name in ["events.toml", "agencies.toml", "plan.toml"] {
        let repo = Repo::shipped();
        let secret = repo.dir.path().join("secret.env");
        std::fs::write(&secret, format!("TOKEN={SECRET}\ntitle = \"{SECRET}\"\n")).unwrap();
        std::fs::remove_file(repo.plan().join(name)).unwrap();
        std::os::unix::fs::symlink(&secret, repo.plan().join(name)).unwrap();
        for args in [&["check"][..], &["overdue", "--as-of", "2025-07-01"], &["check", "--no-cache"]] {
            for lang in ["en", "vi"] {
                let output =
                    common::output_within(repo.plan_std().args(args).args(["--lang", lang]), Duration::from_secs(20));
                let (stdout, stderr) =
                    (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
                assert!(!output.status.success(), "{name} {args:?}: {stderr}");
                assert!(
                    !stdout.contains(SECRET) && !stderr.contains(SECRET),
                    "{name} {args:?} leaked:\n{stdout}{stderr}"
                );
                let said = if lang == "en" { "is a symbolic link" } else { "là một liên kết" };
                assert!(stderr.contains(&format!("plan/{name} {said}")), "{name} {args:?} {lang}:\n{stderr}");
            }
        }
        let update = common::output_within(
            repo.plan_std().args(["update", "16", "--by", "so-cong-thuong", "--status", "done"]),
            Duration::from_secs(20),
        );
        assert!(!update.status.success(), "{name}: update refused");
        assert!(!String::from_utf8_lossy(&update.stderr).contains(SECRET), "{name}");
        assert!(std::fs::symlink_metadata(repo.plan().join(name)).unwrap().file_type().is_symlink());
    }
}

/// `plan event set` reads and rewrites events.toml: through a link it does neither.
#[cfg(unix)]
#[test]
fn event_set_refuses_a_symlinked_events_file() {
    let repo = Repo::shipped();
    let outside = repo.dir.path().join("events-elsewhere.toml");
    std::fs::rename(repo.plan().join("events.toml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.plan().join("events.toml")).unwrap();
    let before = std::fs::read(&outside).unwrap();
    let output =
        repo.plan_cmd().args(["event", "set", "huong-dan-trach-nhiem", "2025-05-15", "--lang", "en"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("plan/events.toml is a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read(&outside).unwrap(), before);
    assert!(std::fs::symlink_metadata(repo.plan().join("events.toml")).unwrap().file_type().is_symlink());
}

/// A FIFO in place of events.toml is reported, not waited on.
#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_plan_file_is_reported_not_waited_on() {
    let repo = Repo::shipped();
    let events = repo.plan().join("events.toml");
    std::fs::remove_file(&events).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&events).status().unwrap().success());
    let output = common::output_within(repo.plan_std().args(["check", "--lang", "en"]), Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("plan/events.toml is not a regular file"), "{stderr}");
}

#[test]
fn agency_ids_that_would_corrupt_the_signers_file_are_refused() {
    for bad in ["so khcn", "so-khcn,so-tc", "*", "plan-admin", "Sở-KHCN"] {
        let repo = Repo::shipped();
        repo.edit("agencies.toml", "id = \"so-y-te\"", &format!("id = \"{bad}\""));
        let output = repo.plan_cmd().args(["check", "--lang", "en"]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{bad}: {stderr}");
        assert!(stderr.contains(&format!("invalid agency id \"{bad}\"")), "{bad}: {stderr}");
    }
}

#[test]
fn a_future_dated_record_in_a_cached_file_is_shown_from_the_text_that_was_parsed() {
    let repo = Repo::shipped();
    repo.edit("tasks/16.toml", "deadline = ", "# ghi chú\ndeadline = ");
    let text = repo.read("tasks/16.toml")
        + "\n[[ updates ]] # tháng 6\nby = \"so-cong-thuong\"\ndate = 2025-06-01\nstatus = \"in-progress\"\n";
    repo.write("tasks/16.toml", &text);
    // Old enough to be cached, then cached by a read that knows nothing of dates to come.
    common::settle();
    repo.plan_cmd().args(["overdue", "--as-of", "2025-07-01"]).assert().code(0);
    assert!(repo.plan().join(".cache").exists());
    let output = repo.plan_cmd().args(["check", "--as-of", "2025-05-01", "--lang", "en"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line = text.lines().position(|l| l.starts_with("[[ updates ]]")).unwrap() + 1;
    assert!(stderr.contains("error: update dated 01/06/2025, after 01/05/2025"), "{stderr}");
    assert!(stderr.contains(&format!("--> plan/tasks/16.toml:{line}:1")), "{stderr}");
    assert!(stderr.contains(&format!("{line} | [[ updates ]] # tháng 6")), "{stderr}");
    // A later as-of date finds nothing, from the cache.
    repo.plan_cmd().args(["check", "--as-of", "2025-07-01"]).assert().code(0);
}

/// Task files in more folders than a load holds open are read all the same, those past
/// the limit by their paths, with and without the cache.
#[test]
fn task_files_in_many_folders_are_all_read() {
    let repo = Repo::shipped();
    let template = repo.read("tasks/16.toml");
    let before = repo.run(&["list", "--format", "json", "--no-cache"]);
    let count = |json: &str| serde_json::from_str::<Vec<serde_json::Value>>(json).unwrap().len();
    let shipped = count(&before.stdout);
    for i in 0..80 {
        let folder = repo.plan().join(format!("tasks/nhom-{i:02}"));
        std::fs::create_dir_all(&folder).unwrap();
        let text = template.replacen("id = \"16\"", &format!("id = \"x{i}\""), 1);
        assert_ne!(text, template);
        std::fs::write(folder.join(format!("x{i}.toml")), text).unwrap();
    }
    for cache in [&["--no-cache"][..], &[], &[]] {
        let run = repo.run(&[&["check"][..], cache].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let listed = repo.run(&[&["list", "--format", "json"][..], cache].concat());
        assert_eq!(count(&listed.stdout), shipped + 80, "{cache:?}");
    }
}

/// A control character is found in a string however it was written — escaped, or raw as a
/// C1 control the TOML grammar lets through — and a multi-line string saved with CRLF is
/// read with LF, whether or not the rest of the file is plain.
#[test]
fn control_characters_are_found_however_written() {
    for (written, caught) in [
        ("note = \"chờ\\u0007 hướng dẫn\"\n", true),
        ("note = \"chờ\u{85} hướng dẫn\"\n", true),
        ("note = '''chờ\u{9b}\nhướng dẫn'''\n", true),
        ("note = \"chờ\\thướng dẫn\"\n", false),
    ] {
        let repo = Repo::shipped();
        let text = repo.read("tasks/16.toml");
        let (head, updates) = text.split_once("[[updates]]").unwrap_or((&text, ""));
        let separator = if updates.is_empty() { "" } else { "[[updates]]" };
        repo.write("tasks/16.toml", format!("{head}{written}{separator}{updates}"));
        let run = repo.run(&["check", "--lang", "en", "--no-cache"]);
        assert_eq!(run.code, if caught { 1 } else { 0 }, "{written:?}: {}", run.stderr);
        assert_eq!(run.stderr.contains("holds a control character"), caught, "{written:?}: {}", run.stderr);
    }

    let repo = Repo::shipped();
    let text = repo.read("tasks/16.toml").replace('\n', "\r\n");
    let (head, rest) = text.split_once("[[updates]]").unwrap_or((&text, ""));
    let separator = if rest.is_empty() { "" } else { "[[updates]]" };
    repo.write("tasks/16.toml", format!("{head}note = \"\"\"chờ\r\nhướng dẫn\"\"\"\r\n{separator}{rest}"));
    let shown = repo.run(&["show", "16", "--no-cache", "--lang", "en"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("chờ\nhướng dẫn\n"), "{}", shown.stdout);
    assert!(!shown.stdout.contains('\r'), "{}", shown.stdout);
}
