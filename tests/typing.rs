//! Typing back what the tool shows: every name it prints, task ids in any case, dates as
//! it writes them, statuses in Vietnamese, the repository's root as `--plan`, long notes
//! from a file.

mod common;

use common::Repo;

fn run(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.plan_cmd().args(args).output().unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every name a collective goes by.
fn collective_names(repo: &Repo) -> Vec<String> {
    let registry: toml::Table = toml::from_str(&repo.read("agencies.toml")).unwrap();
    let mut names = Vec::new();
    for entry in registry["collective"].as_array().unwrap() {
        names.push(entry["name"].as_str().unwrap().to_string());
        names.push(entry["short"].as_str().unwrap().to_string());
        names.extend(entry["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()));
    }
    names
}

/// Every agency's and collective's name and short name (what tables print), and every
/// name `plan list` and `plan agencies` print.
fn printed_names(repo: &Repo) -> Vec<String> {
    let registry: toml::Table = toml::from_str(&repo.read("agencies.toml")).unwrap();
    let mut names = Vec::new();
    for kind in ["agency", "collective"] {
        for entry in registry[kind].as_array().unwrap() {
            for key in ["name", "short"] {
                names.push(entry[key].as_str().unwrap().to_string());
            }
        }
    }
    let agencies = run(repo, &["agencies", "--format", "json", "--as-of", "2025-07-01"]);
    let agencies: Vec<serde_json::Value> = serde_json::from_slice(&agencies.stdout).unwrap();
    names.extend(agencies.iter().map(|a| a["name"].as_str().unwrap().to_string()));
    let list = run(repo, &["list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    for task in &list {
        let id = task["id"].as_str().unwrap();
        let file = repo.read(&format!("tasks/{id}.toml"));
        for (key, own_wording) in [("owner", "owner_text"), ("partners", "partners_text")] {
            // A wording of the plan's own ("… đề xuất") is a sentence, not a name.
            if file.contains(own_wording) {
                continue;
            }
            let cell = task[key].as_str().unwrap();
            names.extend(cell.split("; ").filter(|n| !n.is_empty()).map(str::to_string));
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_name_the_tool_prints_is_accepted_back() {
    let repo = Repo::shipped();
    let names = printed_names(&repo);
    let collectives = collective_names(&repo);
    for shown in ["VP UBND tỉnh", "UBND TP PR-TC", "UBND h. Ninh Hải", "BCH QS tỉnh", "Các ngành, các cấp"] {
        assert!(names.iter().any(|n| n == shown), "{shown} is printed");
    }
    for name in &names {
        let folded = plan::text::fold(name);
        for typed in [name.as_str(), folded.as_str()] {
            let overdue = run(&repo, &["overdue", "--agency", typed, "--as-of", "2025-07-01"]);
            assert_eq!(overdue.status.code(), Some(0), "overdue --agency {typed:?}: {}", stderr(&overdue));
            let agency = run(&repo, &["agency", typed, "--as-of", "2025-07-01"]);
            if collectives.contains(name) {
                // One agency's list: a collective is recognised, and its members are named to choose from.
                let said = stderr(&agency);
                assert_eq!(agency.status.code(), Some(2), "agency {typed:?}: {said}");
                assert!(said.contains("là một nhóm cơ quan gồm") && said.contains("Sở KH&CN"), "{said}");
            } else {
                assert_eq!(agency.status.code(), Some(0), "agency {typed:?}: {}", stderr(&agency));
            }
        }
    }
}

#[test]
fn a_task_numbered_in_parts_is_shown_whole_and_ids_take_any_case() {
    let repo = Repo::shipped();
    let whole = run(&repo, &["show", "45", "--as-of", "2025-07-01"]);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    let text = stdout(&whole);
    assert_eq!(text.matches("Nghiên cứu xây dựng các chính sách của tỉnh về:").count(), 1, "{text}");
    for part in ["45a", "45b", "45c"] {
        assert!(text.contains(&format!("Nhiệm vụ {part} ")), "{part}: {text}");
    }
    assert!(text.contains("Thúc đẩy doanh nghiệp tái đầu tư hạ tầng"), "{text}");
    let english = stdout(&run(&repo, &["show", "45", "--lang", "en", "--as-of", "2025-07-01"]));
    assert!(english.contains("3 parts: 45a, 45b, 45c"), "{english}");

    let upper = run(&repo, &["show", "45A", "--as-of", "2025-07-01"]);
    assert_eq!(upper.status.code(), Some(0), "{}", stderr(&upper));
    assert_eq!(stdout(&upper), stdout(&run(&repo, &["show", "45a", "--as-of", "2025-07-01"])));
    let log = run(&repo, &["log", "45A", "--format", "json"]);
    assert_eq!(log.status.code(), Some(0), "{}", stderr(&log));

    let before = repo.read("tasks/45a.toml");
    let upper = run(&repo, &["update", "45A", "--by", "so-khcn", "--status", "in-progress", "--as-of", "2025-07-01"]);
    assert_eq!(upper.status.code(), Some(0), "{}", stderr(&upper));
    assert!(repo.read("tasks/45a.toml").len() > before.len());
    assert!(!repo.plan().join("tasks/45A.toml").exists());
}

#[test]
fn an_update_on_a_task_in_parts_says_which_parts_to_update() {
    let repo = Repo::shipped();
    let files: Vec<String> = ["45a", "45b", "45c"].iter().map(|p| repo.read(&format!("tasks/{p}.toml"))).collect();
    let refused = run(&repo, &["update", "45", "--by", "so-khcn", "--status", "in-progress"]);
    assert_eq!(refused.status.code(), Some(1), "understood, and refused by the plan's shape");
    assert_eq!(
        stderr(&refused),
        "lỗi: nhiệm vụ 45 gồm 3 nội dung: 45a, 45b, 45c; cập nhật ghi vào từng nội dung\n  \
         = gợi ý: ví dụ: plan update 45a --by ... --status ...\n"
    );
    let english = run(&repo, &["update", "45", "--by", "so-khcn", "--status", "in-progress", "--lang", "en"]);
    assert_eq!(
        stderr(&english),
        "error: task 45 has 3 parts: 45a, 45b, 45c; an update goes on one of them\n  \
         = hint: e.g. plan update 45a --by ... --status ...\n"
    );
    for (part, before) in ["45a", "45b", "45c"].iter().zip(&files) {
        assert_eq!(&repo.read(&format!("tasks/{part}.toml")), before);
    }
}

#[test]
fn dates_are_typed_as_the_tool_prints_them() {
    let repo = Repo::shipped();
    let iso = run(&repo, &["overdue", "--as-of", "2025-07-01"]);
    for typed in ["01/07/2025", "1/7/2025"] {
        let printed = run(&repo, &["overdue", "--as-of", typed]);
        assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
        assert_eq!(stdout(&printed), stdout(&iso), "{typed}");
    }
    let update = run(
        &repo,
        &[
            "update",
            "16",
            "--by",
            "so-cong-thuong",
            "--status",
            "in-progress",
            "--date",
            "25/3/2025",
            "--as-of",
            "01/07/2025",
        ],
    );
    assert_eq!(update.status.code(), Some(0), "{}", stderr(&update));
    assert!(repo.read("tasks/16.toml").ends_with("date = 2025-03-25\nstatus = \"in-progress\"\n"));
    let event = run(&repo, &["event", "set", "huong-dan-trach-nhiem", "15/5/2025", "--as-of", "2025-07-01"]);
    assert_eq!(event.status.code(), Some(0), "{}", stderr(&event));
    assert!(repo.read("events.toml").contains("2025-05-15"));

    for (typed, vi, en) in [
        ("2025-02-30", "ngày không tồn tại: 2025-02-30", "no such day: 2025-02-30"),
        ("30/02/2025", "ngày không tồn tại: 30/02/2025", "no such day: 30/02/2025"),
        (
            "hôm qua",
            "\"hôm qua\" không phải là ngày: ghi dạng ngày/tháng/năm",
            "\"hôm qua\" is not a date: write it dd/mm/yyyy",
        ),
    ] {
        let said = run(&repo, &["overdue", "--as-of", typed]);
        assert_eq!(said.status.code(), Some(2));
        assert!(stderr(&said).contains(vi), "{}", stderr(&said));
        let said = run(&repo, &["overdue", "--lang", "en", "--as-of", typed]);
        assert!(stderr(&said).contains(en), "{}", stderr(&said));
    }
}

#[test]
fn an_update_dated_before_the_plan_was_issued_is_refused() {
    let repo = Repo::shipped();
    let before = repo.read("tasks/16.toml");
    for date in ["1900-01-01", "0001-01-01", "31/01/2025"] {
        let refused =
            run(&repo, &["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--date", date]);
        assert_eq!(refused.status.code(), Some(1), "{date}");
        assert!(stderr(&refused).contains("trước khi kế hoạch được ban hành (02/2025)"), "{}", stderr(&refused));
        assert_eq!(repo.read("tasks/16.toml"), before);
    }
    let first_day = run(
        &repo,
        &["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--date", "1/2/2025", "--lang", "en"],
    );
    assert_eq!(first_day.status.code(), Some(0), "{}", stderr(&first_day));

    repo.write(
        "tasks/16.toml",
        format!("{before}\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 1900-01-01\nstatus = \"in-progress\"\n"),
    );
    let check = run(&repo, &["check", "--lang", "en"]);
    assert_eq!(check.status.code(), Some(1));
    let said = stderr(&check);
    assert!(said.contains("update dated 01/01/1900, before the plan was issued (02/2025)"), "{said}");
    assert!(said.contains("plan/tasks/16.toml:"), "{said}");
}

#[test]
fn statuses_are_typed_in_vietnamese_with_or_without_diacritics() {
    let repo = Repo::shipped();
    for (typed, key) in [
        ("hoàn thành", "done"),
        ("Hoan thanh", "done"),
        ("đang thực hiện", "in-progress"),
        ("dang thuc hien", "in-progress"),
        ("chưa triển khai", "not-started"),
        ("chua trien khai", "not-started"),
        ("vướng mắc", "blocked"),
        ("vuong mac", "blocked"),
        ("dừng thực hiện", "dropped"),
        ("DUNG THUC HIEN", "dropped"),
        ("in-progress", "in-progress"),
    ] {
        // A note of its own each time: the same update twice is refused as a duplicate.
        let note = format!("Lý do: {typed}");
        let output = run(
            &repo,
            &["update", "16", "--by", "Sở Công Thương", "--status", typed, "--note", &note, "--as-of", "2025-07-01"],
        );
        assert_eq!(output.status.code(), Some(0), "{typed}: {}", stderr(&output));
        assert!(repo.read("tasks/16.toml").ends_with(&format!("status = \"{key}\"\nnote = \"{note}\"\n")), "{typed}");
    }
    let refused = run(&repo, &["update", "16", "--by", "so-cong-thuong", "--status", "xong"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = stderr(&refused);
    assert!(said.contains("trạng thái không hợp lệ \"xong\""), "{said}");
    assert!(said.contains("hoàn thành (done), đang thực hiện (in-progress)"), "{said}");
    let english = stderr(&run(&repo, &["update", "16", "--by", "so-cong-thuong", "--status", "xong", "--lang", "en"]));
    assert!(english.contains("unknown status \"xong\"") && english.contains("done, in-progress"), "{english}");
}

#[test]
fn the_plan_option_takes_the_repository_root_or_the_plan_folder() {
    let repo = Repo::shipped();
    let elsewhere = tempfile::tempdir().unwrap();
    for dir in [repo.dir.path().to_path_buf(), repo.plan()] {
        let output =
            repo.plan_cmd().current_dir(elsewhere.path()).arg("check").arg("--plan").arg(&dir).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{dir:?}: {}", stderr(&output));
        let output = repo.plan_cmd().current_dir(elsewhere.path()).env("PLAN_DIR", &dir).arg("check").output().unwrap();
        assert_eq!(output.status.code(), Some(0), "PLAN_DIR={dir:?}: {}", stderr(&output));
    }
    let output = repo.plan_cmd().arg("check").arg("--plan").arg(elsewhere.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_long_note_is_read_from_a_file_or_standard_input() {
    use std::io::Write;
    let repo = Repo::shipped();
    let paragraph = "Sở đã tổ chức hội nghị triển khai.\r\n";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(paragraph).collect();
    let long = format!("\u{feff}{}", nfd.repeat(4000));
    assert!(long.len() > 128 * 1024);
    let note_file = repo.dir.path().join("ghi-chu.txt");
    std::fs::write(&note_file, &long).unwrap();
    let evidence_file = repo.dir.path().join("minh-chung.txt");
    std::fs::write(&evidence_file, "Báo cáo số 12/BC-SCT\r\n").unwrap();
    let output = repo
        .plan_cmd()
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--as-of", "2025-07-01"])
        .arg("--note-file")
        .arg(&note_file)
        .arg("--evidence-file")
        .arg(&evidence_file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let check = run(&repo, &["log", "16", "--format", "json"]);
    let records: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    let record = records.last().unwrap();
    let expected = "Sở đã tổ chức hội nghị triển khai.\n".repeat(4000);
    assert_eq!(record["note"].as_str().unwrap(), expected.trim_end());
    assert_eq!(record["evidence"].as_str().unwrap(), "Báo cáo số 12/BC-SCT");
    assert!(!repo.read("tasks/16.toml").contains('\r'));

    let mut child = repo
        .plan_std()
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "blocked", "--note-file", "-"])
        .args(["--as-of", "2025-07-01"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Chờ hướng dẫn của Bộ\n".as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(repo.read("tasks/16.toml").ends_with("status = \"blocked\"\nnote = \"Chờ hướng dẫn của Bộ\"\n"));

    let both = repo
        .plan_cmd()
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "blocked", "--note", "x", "--note-file"])
        .arg(&note_file)
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    let missing =
        run(&repo, &["update", "16", "--by", "so-cong-thuong", "--status", "blocked", "--note-file", "khong-co.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("không đọc được tệp khong-co.txt"), "{}", stderr(&missing));
}

#[test]
fn a_blank_result_or_no_partners_is_valid_with_a_warning() {
    let repo = Repo::shipped();
    let file = repo.read("tasks/16.toml");
    let result_line = file.lines().find(|l| l.starts_with("result = ")).unwrap().to_string();
    let partners_line = file.lines().find(|l| l.starts_with("partners = ")).unwrap().to_string();
    repo.edit("tasks/16.toml", &result_line, "result = \"\"");
    repo.edit("tasks/16.toml", &partners_line, "partners = []");
    for _ in 0..2 {
        // The second run would read the file from the cache: the warning is given again.
        let check = run(&repo, &["check"]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        let said = stderr(&check);
        assert!(said.starts_with("cảnh báo: \"Yêu cầu về kết quả\" (result) để trống"), "{said}");
        assert!(said.contains("plan/tasks/16.toml:"), "{said}");
        assert!(stdout(&check).contains("50 nhiệm vụ"), "{}", stdout(&check));
    }
    let english = stderr(&run(&repo, &["check", "--lang", "en"]));
    assert!(english.starts_with("warning: the expected result (result) is blank"), "{english}");
    let show = run(&repo, &["show", "16", "--as-of", "2025-07-01"]);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    assert_eq!(stderr(&show), "", "warnings are for plan check");
    let update =
        run(&repo, &["update", "16", "--by", "so-cong-thuong", "--status", "in-progress", "--as-of", "2025-07-01"]);
    assert_eq!(update.status.code(), Some(0), "{}", stderr(&update));
    let export = run(&repo, &["export", "--format", "csv", "--as-of", "2025-07-01"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
}
