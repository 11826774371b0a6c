//! The plan's life: proposals by lead agencies, amendments decided by the People's
//! Committee (extensions, cancellations, new tasks), and agencies that end with successors.
//! Every change applies from its date on; before it, every table and report reads as if it
//! had never been recorded.

mod common;

use common::{overdue_ids, Repo};

const DECISION: &str = "Quyết định số 123/QĐ-UBND";

fn json(repo: &Repo, args: &[&str], as_of: &str) -> serde_json::Value {
    let output = repo.plan_cmd().args(args).args(["--as-of", as_of, "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn text(repo: &Repo, args: &[&str], as_of: &str) -> String {
    let output = repo.plan_cmd().args(args).args(["--as-of", as_of, "--width", "250"]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// `plan amend ARGS`, which must succeed.
fn amend(repo: &Repo, args: &[&str], as_of: &str) -> String {
    let output = repo.plan_cmd().arg("amend").args(args).args(["--as-of", as_of]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Every file of a report folder, by name.
fn report_files(repo: &Repo, period: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo.dir.path().join("reports").join(period);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The summary's figures for the whole plan ("Cộng" / the plan's row).
fn plan_totals(repo: &Repo, as_of: &str) -> serde_json::Value {
    let rows = json(repo, &["summary"], as_of);
    rows.as_array().unwrap().iter().find(|r| r["group"] == "").cloned().unwrap_or_else(|| rows[0].clone())
}

#[test]
fn an_extension_applies_from_its_decision_and_leaves_earlier_periods_as_they_were() {
    let repo = Repo::shipped();
    assert!(overdue_ids(&repo, "2025-04-01").contains(&"10".to_string()), "task 10 is due in Q1/2025");
    repo.plan_cmd().args(["report", "2025-02"]).assert().code(0);
    let before = report_files(&repo, "2025-02");
    let totals_before = json(&repo, &["summary"], "2025-03-19");

    let said = amend(
        &repo,
        &["10", "--decision", DECISION, "--decided", "20/03/2025", "--deadline", "Trong quý III/2025"],
        "2025-03-21",
    );
    assert!(said.contains("Trong Quý I năm 2025") && said.contains("Trong quý III/2025"), "{said}");
    let file = repo.read("tasks/10.toml");
    assert!(file.ends_with(
        "[[amendments]]\ndecision = \"Quyết định số 123/QĐ-UBND\"\ndecided = 2025-03-20\ndeadline = \"Trong quý III/2025\"\n"
    ));
    repo.plan_cmd().arg("check").assert().code(0);

    // Off the list from the decision on, back on it once the new deadline has passed.
    assert!(!overdue_ids(&repo, "2025-04-01").contains(&"10".to_string()));
    assert!(!overdue_ids(&repo, "2025-09-30").contains(&"10".to_string()));
    assert!(overdue_ids(&repo, "2025-10-01").contains(&"10".to_string()));
    let late = text(&repo, &["overdue"], "2025-10-01");
    assert!(late.contains("30/09/2025 (gia hạn từ 31/03/2025, QĐ 123/QĐ-UBND)"), "{late}");
    let records = json(&repo, &["overdue"], "2025-10-01");
    let task_10 = records.as_array().unwrap().iter().find(|r| r["id"] == "10").unwrap();
    assert_eq!(task_10["due"], "2025-09-30");
    assert_eq!(task_10["extended_from"], "2025-03-31");
    assert_eq!(task_10["decision"], DECISION);
    let list = text(&repo, &["list", "--group", "II"], "2025-10-01");
    assert!(list.contains("gia hạn từ 31/03/2025"), "{list}");
    let show = text(&repo, &["show", "10"], "2025-10-01");
    assert!(show.contains("20/03/2025 · Quyết định số 123/QĐ-UBND · thời hạn"), "{show}");
    assert!(show.contains("30/09/2025 (gia hạn từ 31/03/2025, QĐ 123/QĐ-UBND)"), "{show}");

    // The Government Office counts the tasks whose deadline a decision adjusted.
    assert_eq!(json(&repo, &["summary"], "2025-03-19"), totals_before, "figures before the decision");
    assert_eq!(plan_totals(&repo, "2025-04-01")["deadline_adjusted"], 1);
    let summary = text(&repo, &["summary"], "2025-04-01");
    assert!(summary.contains("có 1 được điều chỉnh thời hạn"), "{summary}");

    // A report for a period that ended before the decision is the same, byte for byte.
    repo.plan_cmd().args(["report", "2025-02", "--force"]).assert().code(0);
    assert_eq!(report_files(&repo, "2025-02"), before);
    // The report of the period of the decision says what was decided.
    repo.plan_cmd().args(["report", "2025-03"]).assert().code(0);
    let march = std::fs::read_to_string(repo.dir.path().join("reports/2025-03/bao-cao-2025-03.md")).unwrap();
    assert!(march.contains("Điều chỉnh kế hoạch theo quyết định trong kỳ"), "{march}");
    assert!(march.contains(DECISION), "{march}");
}

#[test]
fn a_milestone_late_before_its_extension_stays_late_for_the_periods_before_it() {
    let repo = Repo::shipped();
    // Task 10 fell due on 31/03/2025; the extension comes on 15/05/2025.
    amend(
        &repo,
        &["10", "--decision", DECISION, "--decided", "2025-05-15", "--deadline", "Trong quý III/2025"],
        "2025-05-15",
    );
    assert!(overdue_ids(&repo, "2025-05-14").contains(&"10".to_string()));
    assert!(!overdue_ids(&repo, "2025-05-15").contains(&"10".to_string()));
    repo.plan_cmd().args(["report", "2025-04"]).assert().code(0);
    let april = std::fs::read_to_string(repo.dir.path().join("reports/2025-04/bao-cao-2025-04.md")).unwrap();
    let overdue_part = april.split("II. TỒN TẠI").nth(1).unwrap();
    assert!(overdue_part.contains("Thực hiện nghiêm, khẩn trương rà soát"), "task 10 is late in April: {april}");
    assert!(!april.contains("gia hạn"), "{april}");
}

#[test]
fn a_cancelled_task_leaves_the_lists_from_its_decision_date_and_is_counted_apart() {
    let repo = Repo::shipped();
    amend(&repo, &["10", "--decision", DECISION, "--decided", "2025-05-01", "--cancel"], "2025-05-01");
    assert!(overdue_ids(&repo, "2025-04-30").contains(&"10".to_string()));
    assert!(!overdue_ids(&repo, "2025-05-01").contains(&"10".to_string()));
    let ids = |as_of: &str| -> Vec<String> {
        let rows = json(&repo, &["list"], as_of);
        rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert!(ids("2025-04-30").contains(&"10".to_string()));
    assert!(!ids("2025-05-01").contains(&"10".to_string()));
    let export = json(&repo, &["export"], "2025-05-01");
    assert_eq!(export.as_array().unwrap().len(), 51);
    let before = plan_totals(&repo, "2025-04-30");
    let after = plan_totals(&repo, "2025-05-01");
    assert_eq!((before["tasks"].as_u64(), before["cancelled"].as_u64()), (Some(52), Some(0)));
    assert_eq!((after["tasks"].as_u64(), after["cancelled"].as_u64()), (Some(51), Some(1)));
    assert_eq!(after["not_done_overdue"].as_u64().unwrap() + 1, before["not_done_overdue"].as_u64().unwrap());
    let summary = text(&repo, &["summary"], "2025-05-01");
    assert!(summary.contains("1 nội dung đã bãi bỏ theo quyết định"), "{summary}");
    let show = text(&repo, &["show", "10"], "2025-05-01");
    assert!(show.contains("BÃI BỎ: Quyết định số 123/QĐ-UBND"), "{show}");
    let agencies = json(&repo, &["agencies"], "2025-05-01");
    let home = agencies.as_array().unwrap().iter().find(|r| r["agency"] == "so-noi-vu").unwrap();
    assert_eq!(home["overdue"], 0, "Sở Nội vụ owes nothing late once task 10 is cancelled");
}

#[test]
fn a_task_added_by_decision_exists_from_its_date() {
    let repo = Repo::shipped();
    let said = amend(
        &repo,
        &[
            "51",
            "--new-task",
            "--group",
            "III",
            "--title",
            "Xây dựng Trung tâm dữ liệu tỉnh",
            "--owner",
            "Sở KH&CN",
            "--result",
            "Trung tâm dữ liệu đi vào hoạt động",
            "--deadline",
            "Trong quý IV/2025",
            "--decision",
            "Quyết định số 200/QĐ-UBND",
            "--decided",
            "2025-06-01",
        ],
        "2025-06-02",
    );
    assert!(said.contains("tasks/51.toml"), "{said}");
    repo.plan_cmd().arg("check").assert().code(0);
    let ids = |as_of: &str| -> Vec<String> {
        let rows = json(&repo, &["list"], as_of);
        rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert!(!ids("2025-05-31").contains(&"51".to_string()));
    assert!(ids("2025-06-01").contains(&"51".to_string()));
    assert!(overdue_ids(&repo, "2026-01-01").contains(&"51".to_string()));
    assert_eq!(plan_totals(&repo, "2025-05-31")["tasks"], 52);
    assert_eq!(plan_totals(&repo, "2025-06-01")["tasks"], 53);
}

#[test]
fn an_amendment_without_a_decision_is_refused() {
    let repo = Repo::shipped();
    let run =
        repo.run(&["amend", "10", "--decision", " ", "--decided", "2025-03-20", "--deadline", "Trong quý III/2025"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = repo.run(&["amend", "10", "--decided", "2025-03-20", "--deadline", "Trong quý III/2025"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Written by hand without its reference, the file does not pass `plan check`.
    repo.edit(
        "tasks/10.toml",
        "deadline = \"Trong Quý I năm 2025\"\n",
        "deadline = \"Trong Quý I năm 2025\"\n\n[[amendments]]\ndecided = 2025-03-20\ndeadline = \"Trong quý III/2025\"\n",
    );
    let check = repo.run(&["check", "--lang", "en"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("missing field `decision`"), "{}", check.stderr);
    // Nor does an amendment that changes nothing, or one answering a proposal that is not there.
    let repo = Repo::shipped();
    let run = repo.run(&["amend", "10", "--decision", DECISION, "--decided", "2025-03-20", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("changes nothing"), "{}", run.stderr);
    let run = repo.run(&[
        "amend",
        "10",
        "--decision",
        DECISION,
        "--decided",
        "2025-03-20",
        "--cancel",
        "--proposal",
        "1",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no proposal 1"), "{}", run.stderr);
    assert!(!repo.read("tasks/10.toml").contains("amendments"), "nothing written");
}

#[test]
fn lead_agencies_propose_and_dost_compiles_the_open_proposals() {
    let repo = Repo::shipped();
    let propose = |args: &[&str]| repo.run(&[&["propose"], args, &["--as-of", "2025-03-10"]].concat());
    let run = propose(&[
        "10",
        "--by",
        "Sở Nội vụ",
        "--reason",
        "Chờ Trung ương sắp xếp bộ máy",
        "--deadline",
        "Trong quý III/2025",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Đã ghi đề xuất số 1"), "{}", run.stdout);
    assert!(repo.read("tasks/10.toml").contains("[[proposals]]\nby = \"so-noi-vu\"\ndate = 2025-03-10\n"));
    // A partner of the task does not propose changes to it.
    let run = propose(&["10", "--by", "so-khcn", "--reason", "x", "--cancel", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("does not lead this task"), "{}", run.stderr);
    let run = propose(&["10", "--by", "so-noi-vu", "--reason", "x"]);
    assert_eq!(run.code, 1, "a proposal that changes nothing: {}", run.stderr);

    let open = json(&repo, &["proposals"], "2025-03-10");
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["id"], "10");
    assert_eq!(open[0]["agency"], "so-noi-vu");
    assert_eq!(open[0]["deadline"], "Trong quý III/2025");
    assert!(json(&repo, &["proposals"], "2025-03-09").as_array().unwrap().is_empty(), "not yet made");
    repo.plan_cmd().args(["report", "2025-03", "--as-of", "2025-03-15"]).assert().code(0);
    let report = std::fs::read_to_string(repo.dir.path().join("reports/2025-03/bao-cao-2025-03.md")).unwrap();
    let proposals = report.split("IV. ĐỀ XUẤT").nth(1).unwrap();
    assert!(proposals.contains("Chờ Trung ương sắp xếp bộ máy"), "{report}");

    amend(
        &repo,
        &[
            "10",
            "--decision",
            DECISION,
            "--decided",
            "2025-03-20",
            "--deadline",
            "Trong quý III/2025",
            "--proposal",
            "1",
        ],
        "2025-03-20",
    );
    assert!(json(&repo, &["proposals"], "2025-03-20").as_array().unwrap().is_empty());
    assert_eq!(json(&repo, &["proposals"], "2025-03-19").as_array().unwrap().len(), 1, "open until decided");
    let all = json(&repo, &["proposals", "--all"], "2025-03-20");
    assert_eq!(all[0]["decision"], DECISION);
    repo.plan_cmd().arg("check").assert().code(0);
}

/// The shipped plan with Sở Nội vụ ended on 01/07/2025, its work passed to the merged
/// province's department.
fn with_department_merged() -> Repo {
    let repo = Repo::shipped();
    repo.edit(
        "agencies.toml",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\nshort = \"Sở Nội vụ\"\naliases = [\"Sở NV\"]\nkind = \"department\"\n",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\nshort = \"Sở Nội vụ\"\naliases = [\"Sở NV\"]\nkind = \"department\"\nuntil = 2025-07-01\nsuccessors = [\"so-noi-vu-kh\"]\n\n[[agency]]\nid = \"so-noi-vu-kh\"\nname = \"Sở Nội vụ tỉnh Khánh Hòa\"\nshort = \"Sở NV Khánh Hòa\"\nkind = \"department\"\n",
    );
    repo.plan_cmd().arg("check").assert().code(0);
    repo
}

#[test]
fn an_ended_agencys_unfinished_work_passes_to_its_successor_from_its_end() {
    let repo = with_department_merged();
    let owing = |as_of: &str| -> Vec<(String, String)> {
        let rows = json(&repo, &["overdue"], as_of);
        let mut out: Vec<(String, String)> = rows
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id"] == "10")
            .map(|r| {
                (r["agency"].as_str().unwrap().to_string(), r["taken_over_from"].as_str().unwrap_or("").to_string())
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(owing("2025-06-30"), [("so-noi-vu".to_string(), String::new())]);
    assert_eq!(owing("2025-07-02"), [("so-noi-vu-kh".to_string(), "so-noi-vu".to_string())]);
    let table = text(&repo, &["overdue"], "2025-07-02");
    assert!(table.contains("Sở NV Khánh Hòa (nhận từ Sở Nội vụ từ 01/07/2025)"), "{table}");
    // Every table agrees: the successor owes it, the ended department no longer does.
    let agencies = json(&repo, &["agencies"], "2025-07-02");
    let row = |id: &str| agencies.as_array().unwrap().iter().find(|r| r["agency"] == id).cloned();
    assert!(row("so-noi-vu-kh").is_some_and(|r| r["overdue"].as_u64() >= Some(1)));
    assert!(row("so-noi-vu").is_none_or(|r| r["overdue"] == 0));
    let own = json(&repo, &["agency", "so-noi-vu-kh"], "2025-07-02");
    assert!(own.as_array().unwrap().iter().any(|r| r["id"] == "10"), "{own}");

    // The ended department's records stand; after its end it records nothing more.
    let run = repo.run(&[
        "update",
        "10",
        "--by",
        "so-noi-vu",
        "--status",
        "done",
        "--date",
        "2025-07-05",
        "--as-of",
        "2025-07-05",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("Sở Nội vụ không còn hoạt động từ ngày 01/07/2025"), "{}", run.stderr);
    assert!(run.stderr.contains("Sở Nội vụ tỉnh Khánh Hòa"), "the successor is named: {}", run.stderr);
    let run = repo.run(&[
        "update",
        "10",
        "--by",
        "so-noi-vu-kh",
        "--status",
        "done",
        "--date",
        "2025-07-05",
        "--as-of",
        "2025-07-05",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!overdue_ids(&repo, "2025-07-06").contains(&"10".to_string()));
    assert!(overdue_ids(&repo, "2025-06-30").contains(&"10".to_string()), "earlier days are unchanged");
}

#[test]
fn work_completed_before_the_end_stays_with_the_ended_agency() {
    let repo = with_department_merged();
    repo.update(&["10", "--by", "so-noi-vu", "--status", "done", "--date", "2025-04-10", "--as-of", "2025-04-10"]);
    let agencies = json(&repo, &["agencies"], "2025-07-02");
    let row = |id: &str| agencies.as_array().unwrap().iter().find(|r| r["agency"] == id).cloned();
    assert_eq!(row("so-noi-vu").unwrap()["done_late"], 1, "done late, and still its own");
    assert!(!overdue_ids(&repo, "2025-07-02").contains(&"10".to_string()));
}

#[test]
fn check_validates_successors() {
    let cases = [
        ("successors = [\"so-khong-co\"]", "is not in the registry"),
        ("successors = [\"so-noi-vu\"]", "succeed each other in a circle"),
        ("successors = [\"so-tai-chinh\"]\nsuccessor_for = { \"10\" = \"so-khcn\" }", ""),
    ];
    for (line, expected) in cases {
        let repo = Repo::shipped();
        repo.edit(
            "agencies.toml",
            "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\n",
            &format!("id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\nuntil = 2025-07-01\n{line}\n"),
        );
        let run = repo.run(&["check", "--lang", "en"]);
        if expected.is_empty() {
            assert_eq!(run.code, 0, "{line}: {}", run.stderr);
        } else {
            assert_eq!(run.code, 1, "{line}");
            assert!(run.stderr.contains(expected), "{line}: {}", run.stderr);
        }
    }
    // A circle through two agencies, and a successor that ended first.
    let repo = Repo::shipped();
    repo.edit(
        "agencies.toml",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\n",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\nuntil = 2025-07-01\nsuccessors = [\"so-tai-chinh\"]\n",
    );
    repo.edit(
        "agencies.toml",
        "id = \"so-tai-chinh\"\nname = \"Sở Tài chính\"\n",
        "id = \"so-tai-chinh\"\nname = \"Sở Tài chính\"\nuntil = 2025-03-01\nsuccessors = [\"so-noi-vu\"]\n",
    );
    let run = repo.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("so-noi-vu → so-tai-chinh → so-noi-vu")
            || run.stderr.contains("so-tai-chinh → so-noi-vu → so-tai-chinh"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("successor \"Sở Tài chính\" ended on 01/03/2025"), "{}", run.stderr);
    // Successors without an end date.
    let repo = Repo::shipped();
    repo.edit(
        "agencies.toml",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\n",
        "id = \"so-noi-vu\"\nname = \"Sở Nội vụ\"\nsuccessors = [\"so-tai-chinh\"]\n",
    );
    let run = repo.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("without an end date"), "{}", run.stderr);
}

#[test]
fn a_renamed_agency_keeps_its_id_and_bears_its_former_name_before_the_rename() {
    let repo = Repo::shipped();
    repo.edit(
        "agencies.toml",
        "id = \"so-khcn\"\nname = \"Sở Khoa học và Công nghệ\"\n",
        "id = \"so-khcn\"\nname = \"Sở Khoa học và Công nghệ\"\nformer_names = [{ name = \"Sở Khoa học và Công nghệ (cũ)\", short = \"Sở KHCN cũ\", until = 2025-03-01 }]\n",
    );
    repo.plan_cmd().arg("check").assert().code(0);
    let before = text(&repo, &["show", "25"], "2025-02-15");
    let after = text(&repo, &["show", "25"], "2025-03-01");
    assert!(before.contains("Sở Khoa học và Công nghệ (cũ)"), "{before}");
    assert!(!after.contains("(cũ)"), "{after}");
}

#[test]
fn a_collective_changes_members_from_a_date_and_a_successor_can_be_named_per_task() {
    let repo = Repo::shipped();
    // Task 2 (due 30/06/2025) is owed by every member of "Các ngành, các cấp ... toàn tỉnh".
    let owes = |as_of: &str, agency: &str| {
        let rows = json(&repo, &["overdue"], as_of);
        rows.as_array().unwrap().iter().any(|r| r["id"] == "2" && r["agency"] == agency)
    };
    assert!(owes("2025-07-10", "huyen-bac-ai"));
    repo.edit(
        "agencies.toml",
        "id = \"toan-tinh\"\n",
        "id = \"toan-tinh\"\nchanges = [{ from = 2025-07-05, remove = [\"huyen-bac-ai\"] }]\n",
    );
    repo.plan_cmd().arg("check").assert().code(0);
    assert!(owes("2025-07-04", "huyen-bac-ai"));
    assert!(!owes("2025-07-05", "huyen-bac-ai"));

    // A district split among communes: task 2 goes to the one the registry names for it.
    repo.edit(
        "agencies.toml",
        "id = \"huyen-ninh-hai\"\nname = \"Ủy ban nhân dân huyện Ninh Hải\"\n",
        "id = \"huyen-ninh-hai\"\nname = \"Ủy ban nhân dân huyện Ninh Hải\"\nuntil = 2025-07-01\nsuccessors = [\"xa-khanh-hai\", \"xa-ninh-hai\"]\nsuccessor_for = { \"2\" = \"xa-ninh-hai\" }\n",
    );
    let communes = "\n[[agency]]\nid = \"xa-khanh-hai\"\nname = \"Ủy ban nhân dân xã Khánh Hải\"\nkind = \"district\"\n\n[[agency]]\nid = \"xa-ninh-hai\"\nname = \"Ủy ban nhân dân xã Ninh Hải\"\nkind = \"district\"\n";
    let registry = repo.read("agencies.toml").replacen(
        "\n# ---- Other provincial bodies ----",
        &format!("{communes}\n# ---- Other provincial bodies ----"),
        1,
    );
    repo.write("agencies.toml", registry);
    repo.plan_cmd().arg("check").assert().code(0);
    assert!(!owes("2025-06-30", "xa-ninh-hai"), "due that day: nobody is late yet");
    assert!(owes("2025-07-02", "xa-ninh-hai"));
    assert!(!owes("2025-07-02", "xa-khanh-hai") && !owes("2025-07-02", "huyen-ninh-hai"));
}

#[test]
fn an_agency_proposes_a_new_task_and_the_decision_adding_it_closes_the_proposal() {
    let repo = Repo::shipped();
    let run = repo.run(&[
        "propose",
        "--new-task",
        "51",
        "--by",
        "Sở Tài chính",
        "--reason",
        "Theo chỉ đạo của Trung ương",
        "--group",
        "III",
        "--title",
        "Xây dựng Trung tâm dữ liệu tỉnh",
        "--owner",
        "so-tai-chinh",
        "--deadline",
        "Trong quý IV/2025",
        "--as-of",
        "2025-05-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Đã ghi đề xuất nhiệm vụ mới số 1 vào plan/proposals.toml"), "{}", run.stdout);
    assert!(repo.read("proposals.toml").contains("[[proposals]]\nby = \"so-tai-chinh\"\ndate = 2025-05-01\n"));
    repo.plan_cmd().arg("check").assert().code(0);
    // Only a lead of the proposed task proposes it.
    let run = repo.run(&[
        "propose",
        "--new-task",
        "--by",
        "so-khcn",
        "--reason",
        "x",
        "--group",
        "III",
        "--title",
        "T",
        "--owner",
        "so-tai-chinh",
        "--deadline",
        "Trong năm 2025",
        "--as-of",
        "2025-05-01",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("does not lead this task"), "{}", run.stderr);

    let open = json(&repo, &["proposals"], "2025-05-01");
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["new_task"], true);
    assert_eq!(open[0]["title"], "Xây dựng Trung tâm dữ liệu tỉnh");
    assert_eq!(open[0]["number"], 1);
    let table = text(&repo, &["proposals"], "2025-05-01");
    assert!(table.contains("thêm nhiệm vụ (nhóm III): Xây dựng Trung tâm dữ liệu tỉnh"), "{table}");

    amend(
        &repo,
        &[
            "51",
            "--new-task",
            "--group",
            "III",
            "--title",
            "Xây dựng Trung tâm dữ liệu tỉnh",
            "--owner",
            "so-tai-chinh",
            "--result",
            "Trung tâm dữ liệu",
            "--deadline",
            "Trong quý IV/2025",
            "--decision",
            "Quyết định số 200/QĐ-UBND",
            "--decided",
            "2025-06-01",
            "--proposal",
            "1",
        ],
        "2025-06-01",
    );
    repo.plan_cmd().arg("check").assert().code(0);
    assert_eq!(json(&repo, &["proposals"], "2025-05-31").as_array().unwrap().len(), 1, "open until the decision");
    assert!(json(&repo, &["proposals"], "2025-06-01").as_array().unwrap().is_empty());
    let all = json(&repo, &["proposals", "--all"], "2025-06-01");
    assert_eq!(all[0]["decision"], "Quyết định số 200/QĐ-UBND");
    let run = repo.run(&[
        "amend",
        "52",
        "--new-task",
        "--group",
        "III",
        "--title",
        "T",
        "--owner",
        "so-tai-chinh",
        "--result",
        "R",
        "--deadline",
        "Trong năm 2025",
        "--decision",
        "QĐ 2",
        "--decided",
        "2025-06-01",
        "--proposal",
        "5",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
