//! Per-agency tables, the summary, exports and the periodic report, on a plan with a
//! sample of updates. Every figure must agree with `plan overdue` for the same date.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use common::Repo;

const AS_OF: &str = "2025-07-10";

/// The shipped plan with updates of every kind.
fn sample() -> Repo {
    let repo = Repo::shipped();
    let update = |args: &[&str]| repo.update(args);
    // On time, late, partial (one of two owners), blocked, in progress, a partner.
    update(&[
        "10",
        "--by",
        "so-noi-vu",
        "--status",
        "done",
        "--date",
        "2025-03-25",
        "--evidence",
        "Kế hoạch số 12/KH-SNV",
    ]);
    update(&["18", "--by", "so-nn-mt", "--status", "done", "--date", "2025-05-05"]);
    update(&["47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-30"]);
    update(&[
        "40",
        "--by",
        "cong-an-tinh",
        "--status",
        "blocked",
        "--note",
        "=Chờ Bộ Công an hướng dẫn",
        "--date",
        "2025-06-20",
    ]);
    update(&["25", "--by", "so-khcn", "--status", "in-progress", "--progress", "60", "--date", "2025-07-01"]);
    update(&["16", "--by", "so-khcn", "--status", "in-progress", "--date", "2025-06-01"]);
    repo.edit("tasks/35.toml", "deadline = ", "note = \"=HYPERLINK(\\\"http://x\\\")\"\ndeadline = ");
    repo.edit("events.toml", "[huong-dan-trach-nhiem]\n", "[huong-dan-trach-nhiem]\ndate = 2025-05-15\n");
    repo.plan_cmd().arg("check").assert().code(0);
    repo
}

fn json(repo: &Repo, args: &[&str]) -> Vec<serde_json::Value> {
    let output = repo.plan_cmd().args(args).args(["--as-of", AS_OF, "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn text(repo: &Repo, args: &[&str]) -> String {
    // The width tables had before they followed the terminal: the snapshots' width.
    let output = repo.plan_cmd().args(args).args(["--as-of", AS_OF, "--width", "80"]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_table_agrees_with_plan_overdue() {
    let repo = sample();
    let overdue = json(&repo, &["overdue"]);
    let overdue_tasks: BTreeSet<String> = overdue.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let mut per_agency: BTreeMap<String, u64> = BTreeMap::new();
    for r in &overdue {
        *per_agency.entry(r["agency"].as_str().unwrap().to_string()).or_default() += 1;
    }
    assert_eq!(
        overdue_tasks.iter().map(String::as_str).collect::<Vec<_>>(),
        ["1", "2", "30", "35", "37", "4", "40", "47"]
    );

    for row in json(&repo, &["agencies"]) {
        let agency = row["agency"].as_str().unwrap();
        assert_eq!(row["overdue"].as_u64().unwrap(), per_agency.get(agency).copied().unwrap_or(0), "{agency}");
    }
    let summary = json(&repo, &["summary"]);
    assert_eq!(summary[0]["group"], "all");
    assert_eq!(summary[0]["not_done_overdue"].as_u64().unwrap() as usize, overdue_tasks.len());
    assert_eq!(summary[0]["tasks"], 52);
    assert_eq!(summary[0]["done_on_time"], 1, "task 10");
    assert_eq!(summary[0]["done_late"], 1, "task 18");
    let by_group: u64 = summary[1..].iter().map(|g| g["not_done_overdue"].as_u64().unwrap()).sum();
    assert_eq!(by_group as usize, overdue_tasks.len());

    let export = json(&repo, &["export"]);
    assert_eq!(export.len(), 52);
    let exported_overdue: BTreeSet<String> =
        export.iter().filter(|r| r["state"] == "overdue").map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(exported_overdue, overdue_tasks);
    let task_47 = export.iter().find(|r| r["id"] == "47").unwrap();
    assert_eq!(task_47["owing"], serde_json::json!(["so-khcn"]), "one of two owners still owes");

    // The sentence wraps at words to the width: joined again, it reads the same.
    let sentence = text(&repo, &["summary"]).split_whitespace().collect::<Vec<_>>().join(" ");
    let report_dir = repo.dir.path().join("reports/2025-07");
    repo.plan_cmd().args(["report", "2025-07"]).assert().code(0);
    let report = std::fs::read_to_string(report_dir.join("bao-cao-2025-07.md")).unwrap();
    // The report is as of the end of July; the summary of the same date says the same.
    let july = repo.plan_cmd().args(["summary", "--as-of", "2025-07-31"]).output().unwrap();
    let july = String::from_utf8(july.stdout).unwrap();
    let july_sentence = july.lines().next().unwrap().split_once(": ").unwrap().1;
    assert!(report.contains(july_sentence), "{report}\n---\n{july_sentence}");
    assert!(sentence.contains("(quá hạn 8, đến hạn hôm nay"), "{sentence}");
}

#[test]
fn export_csv_opens_in_excel() {
    let repo = sample();
    let output = repo.plan_cmd().args(["export", "--as-of", AS_OF]).output().unwrap();
    assert!(output.status.success());
    let bytes = output.stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Nhóm",
            "TT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Yêu cầu về kết quả",
            "Thời gian hoàn thành",
            "Hạn",
            "Tình trạng",
            "Cập nhật gần nhất",
            "Ghi chú"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 52, "exactly one data row per task");
    let row = |id: &str| rows.iter().find(|r| &r[1] == id).unwrap().clone();
    assert_eq!(&row("1")[3], "Sở Văn hoá, Thể thao và Du lịch");
    assert_eq!(&row("35")[10], "\u{2060}=HYPERLINK(\"http://x\")", "a formula is neutralised, invisibly");
    assert!(row("40")[10].starts_with("Vướng mắc (Công an tỉnh): =Chờ"), "{:?}", &row("40")[10]);
    assert_eq!(&row("10")[8], "Đã hoàn thành đúng hạn");
    assert_eq!(&row("10")[9], "Sở Nội vụ (25/03/2025): Hoàn thành – Kế hoạch số 12/KH-SNV");
    assert_eq!(&row("47")[8], "Quá hạn (còn 1/2 cơ quan)");
    assert_eq!(&row("2")[7], "30/06/2025");
    assert!(row("30")[5].contains('\n'), "newlines kept inside a cell");
    assert_eq!(
        &row("1")[6],
        "- Đề án hoàn thành trong quý II/2025 - Các hoạt động triển khai thường xuyên, tuần, tháng quý, năm"
    );

    let semicolon =
        repo.plan_cmd().args(["export", "--no-bom", "--delimiter", ";", "--as-of", AS_OF]).output().unwrap();
    assert!(semicolon.stdout.starts_with("Nhóm;TT;".as_bytes()));
    let listing = repo.plan_cmd().args(["list", "--format", "csv", "--delimiter", ";"]).output().unwrap();
    assert!(listing.stdout.starts_with("\u{feff}id;group;".as_bytes()));
}

#[test]
fn export_xlsx_is_a_printable_appendix() {
    use calamine::Reader;
    let repo = sample();
    let path = repo.dir.path().join("phu-luc.xlsx");
    repo.plan_cmd().args(["export", "--format", "xlsx", "-o"]).arg(&path).args(["--as-of", AS_OF]).assert().code(0);
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = workbook.worksheet_range("Phụ lục").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).map(|v| v.to_string()).unwrap_or_default();
    // The title block and legend take rows 0-4; the header is row 5.
    assert_eq!(cell(5, 0), "TT");
    assert_eq!(cell(5, 1), "Nhiệm vụ");
    assert_eq!(cell(6, 0), "I", "group heading row");
    assert!(cell(6, 1).starts_with("Nâng cao nhận thức"), "group heading row: {}", cell(6, 1));
    assert_eq!(cell(7, 0), "1");
    assert!(matches!(sheet.get_value((8, 6)), Some(calamine::Data::DateTime(_))), "due dates are real dates");
    let groups = ["I", "II", "III", "IV", "V", "VI", "VII"];
    let tasks =
        (6..sheet.height() as u32).filter(|&r| !cell(r, 0).is_empty() && !groups.contains(&cell(r, 0).as_str()));
    assert_eq!(tasks.count(), 52);
    let task_35 = (6..sheet.height() as u32).find(|&r| cell(r, 0) == "35").unwrap();
    assert!(cell(task_35, 8).ends_with("=HYPERLINK(\"http://x\")"), "cells stay as typed: {}", cell(task_35, 8));

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    archive.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("<autoFilter ref=\"A6:I"), "autofilter");
    assert!(xml.contains("state=\"frozen\""), "frozen header");
    assert!(xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""), "A4 landscape");
    let mut styles = String::new();
    archive.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains("FFF8CBAD"), "overdue rows highlighted");
    assert!(styles.contains("<b/>"), "bold header");
}

#[test]
fn report_is_reproducible_and_stays_in_its_folder() {
    let repo = sample();
    let listing = |dir: &std::path::Path| -> BTreeSet<String> {
        // reports/ itself is created to hold the period's folder; the lock and the cache of
        // parsed files are plan's own, not plan data.
        walk(dir)
            .into_iter()
            .filter(|p| !p.contains("reports/2025-H1") && !p.ends_with("/reports") && !p.ends_with(".lock"))
            .filter(|p| !p.ends_with("/.cache"))
            .collect()
    };
    let before = listing(repo.dir.path());
    let contents_before: Vec<Vec<u8>> =
        before.iter().map(|p| std::fs::read(repo.dir.path().join(p)).unwrap_or_default()).collect();
    let output = repo.plan_cmd().args(["report", "2025-H1"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dir = repo.dir.path().join("reports/2025-H1");
    let names = [
        "bao-cao-2025-H1.md",
        "bao-cao-2025-H1.docx",
        "bieu-do-2025-H1.png",
        "phu-luc-2025-H1.csv",
        "phu-luc-2025-H1.xlsx",
    ];
    let first: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(dir.join(n)).unwrap()).collect();

    let again = repo.plan_cmd().args(["report", "2025-H1"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "an existing report is kept without --force");
    assert!(String::from_utf8(again.stderr).unwrap().contains("--force"));
    repo.plan_cmd().args(["report", "2025-H1", "--force"]).assert().code(0);
    let second: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(dir.join(n)).unwrap()).collect();
    assert_eq!(first, second, "byte-identical on the same inputs");

    assert_eq!(listing(repo.dir.path()), before, "nothing outside reports/2025-H1 appears");
    let contents_after: Vec<Vec<u8>> =
        before.iter().map(|p| std::fs::read(repo.dir.path().join(p)).unwrap_or_default()).collect();
    assert_eq!(contents_before, contents_after, "nothing outside reports/2025-H1 changes");

    let markdown = String::from_utf8(first[0].clone()).unwrap();
    assert!(markdown.starts_with("UBND TỈNH NINH THUẬN  \n**SỞ KHOA HỌC VÀ CÔNG NGHỆ**  \nSố:        /BC-SKHCN"));
    assert!(markdown.contains("# BÁO CÁO\n"));
    assert!(markdown.contains("6 tháng đầu năm 2025"));
    assert!(markdown.contains("Kỳ báo cáo từ ngày 01/01/2025 đến ngày 30/06/2025; số liệu tính đến ngày 30/06/2025."));
    assert!(
        markdown.contains("| 40 | Xây dựng và triển khai tại tỉnh Kế hoạch Bảo đảm an toàn"),
        "blocked task listed"
    );
    assert!(markdown.contains("=Chờ Bộ Công an hướng dẫn"));
    assert!(markdown.contains("| 47 |") && markdown.contains("| Sở KH&CN | 31/03/2025 | 91 |"), "{markdown}");
    for section in ["## I. KẾT QUẢ THỰC HIỆN", "## II. TỒN TẠI", "## III. NHIỆM VỤ, GIẢI PHÁP", "## IV. ĐỀ XUẤT"]
    {
        assert!(markdown.contains(section), "{section}");
    }
    // Completed tasks with their evidence: task 10, done on time with its plan.
    assert!(markdown.contains("Sở Nội vụ: Kế hoạch số 12/KH-SNV"), "{markdown}");
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path.to_string_lossy().into_owned());
    }
    out.into_iter().map(|p| p.replace('\\', "/")).collect()
}

#[test]
fn outputs_are_pinned() {
    let repo = sample();
    insta::assert_snapshot!("overdue_table", text(&repo, &["overdue"]));
    insta::assert_snapshot!("agencies_table", text(&repo, &["agencies"]));
    insta::assert_snapshot!("agency_table", text(&repo, &["agency", "Công an tỉnh"]));
    insta::assert_snapshot!("summary_text", text(&repo, &["summary"]));
    insta::assert_snapshot!("summary_text_en", text(&repo, &["summary", "--lang", "en"]));
    let csv = repo.plan_cmd().args(["agencies", "--format", "csv", "--as-of", AS_OF]).output().unwrap();
    insta::assert_snapshot!("agencies_csv", String::from_utf8(csv.stdout).unwrap());
    let export = repo.plan_cmd().args(["export", "--format", "json", "--as-of", AS_OF]).output().unwrap();
    let export: Vec<serde_json::Value> = serde_json::from_slice(&export.stdout).unwrap();
    insta::assert_snapshot!(
        "export_json_task_40",
        serde_json::to_string_pretty(&export.iter().find(|r| r["id"] == "40").unwrap()).unwrap()
    );
    repo.plan_cmd().args(["report", "2025"]).assert().code(0);
    insta::assert_snapshot!(
        "report_2025",
        std::fs::read_to_string(repo.dir.path().join("reports/2025/bao-cao-2025.md")).unwrap()
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let repo = sample();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plan"))
        .current_dir(repo.dir.path())
        .args(["export", "--as-of", AS_OF])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty());
}

#[test]
fn shell_completions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = assert_cmd::Command::cargo_bin("plan").unwrap().args(["completions", shell]).output().unwrap();
        assert!(output.status.success());
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains("overdue") && script.contains("export"), "{shell}");
    }
}

#[test]
fn summary_as_csv_has_one_row_per_group_and_the_plan() {
    let repo = sample();
    let output = repo.plan_cmd().args(["summary", "--format", "csv", "--no-bom", "--as-of", AS_OF]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("group,numbered_tasks,tasks,fallen_due,"), "{text}");
    assert!(lines[1].starts_with("all,50,52,"), "{text}");
    assert_eq!(lines.len(), 1 + 1 + 7, "{text}");
}

/// The group table's columns partition its total, in JSON and in the table people read,
/// whatever the date (a deadline day, the day after, a cut-off, years on).
#[test]
fn group_columns_add_up_to_the_total_on_every_date() {
    let repo = sample();
    let parts = [
        "done_on_time",
        "done_late",
        "not_done_overdue",
        "not_done_in_time",
        "not_yet_due",
        "ongoing",
        "waiting",
        "no_deadline",
        "dropped",
    ];
    for as_of in ["2025-02-01", "2025-06-30", "2025-07-01", "2025-12-31", "2026-11-30", "2030-01-01"] {
        let output = repo.plan_cmd().args(["summary", "--format", "json", "--as-of", as_of]).output().unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(rows[0]["numbered_tasks"], 50, "{as_of}");
        assert_eq!(rows[0]["tasks"], 52, "{as_of}");
        for row in &rows {
            let sum: u64 = parts.iter().map(|p| row[p].as_u64().unwrap()).sum();
            assert_eq!(sum, row["tasks"].as_u64().unwrap(), "{as_of}: {row}");
            let fallen = ["done_on_time", "done_late", "not_done_overdue", "not_done_in_time"];
            let fallen: u64 = fallen.iter().map(|p| row[p].as_u64().unwrap()).sum();
            assert_eq!(fallen, row["fallen_due"].as_u64().unwrap(), "{as_of}: {row}");
        }
        let table = repo.plan_cmd().args(["summary", "--as-of", as_of]).output().unwrap();
        let table = String::from_utf8(table.stdout).unwrap();
        let mut body = 0;
        for line in table.lines() {
            let cells: Vec<&str> = line.split_whitespace().collect();
            let Some(numbers) =
                cells.get(1..).and_then(|c| c.iter().map(|n| n.parse::<u64>().ok()).collect::<Option<Vec<_>>>())
            else {
                continue;
            };
            if numbers.len() == 10 {
                body += 1;
                assert_eq!(numbers[1..].iter().sum::<u64>(), numbers[0], "{as_of}: {line}");
            }
        }
        assert_eq!(body, 8, "{as_of}: seven groups and the total\n{table}");

        // A milestone due on the as-of day is "due today" in every table.
        let machine = |args: &[&str]| -> Vec<serde_json::Value> {
            let output = repo.plan_cmd().args(args).args(["--format", "json", "--as-of", as_of]).output().unwrap();
            serde_json::from_slice(&output.stdout).unwrap()
        };
        let export = machine(&["export"]);
        let due_today = export.iter().filter(|r| r["state"] == "due-today").count() as u64;
        assert_eq!(due_today, rows[0]["not_done_in_time"].as_u64().unwrap(), "{as_of}");
        let listed = machine(&["overdue", "--within", "7"]);
        let listed_today = listed.iter().filter(|r| r["state"] == "due-today").count() as u64;
        let agencies: u64 = machine(&["agencies"]).iter().map(|r| r["due_today"].as_u64().unwrap()).sum();
        assert_eq!(listed_today, agencies, "{as_of}");
        assert!(listed.iter().all(|r| r["state"] != "due-today" || r["days_overdue"] == 0), "{as_of}");
    }
}

/// A report whose figures would silently leave out a broken task file is not written; with
/// --allow-errors it is, and says on its first page what it leaves out.
#[test]
fn a_report_refuses_a_plan_with_problems_unless_allowed_and_then_says_so() {
    let repo = Repo::shipped();
    repo.edit("tasks/16.toml", "owner = ", "owner = 5\nx = ");
    let refused = repo.plan_cmd().args(["report", "2025-H1"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(stderr.contains("tasks/16.toml") && stderr.contains("--allow-errors"), "{stderr}");
    assert!(!repo.dir.path().join("reports/2025-H1").exists(), "nothing written");

    let allowed = repo.plan_cmd().args(["report", "2025-H1", "--allow-errors"]).output().unwrap();
    assert_eq!(allowed.status.code(), Some(1), "the problems still count");
    let markdown = std::fs::read_to_string(repo.dir.path().join("reports/2025-H1/bao-cao-2025-H1.md")).unwrap();
    let warning = markdown.lines().find(|l| l.contains("CẢNH BÁO")).expect("a warning");
    assert!(warning.contains("tasks/16.toml"), "{warning}");
    assert!(markdown.find("CẢNH BÁO").unwrap() < markdown.find("## I.").unwrap(), "before the figures");

    let export = repo.dir.path().join("x.xlsx");
    let refused = repo.plan_cmd().args(["export", "--format", "xlsx", "-o"]).arg(&export).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(!export.exists());
    repo.plan_cmd().args(["export", "--format", "xlsx", "--allow-errors", "-o"]).arg(&export).assert().code(1);
    assert!(export.exists());
}

/// The figures' day: the period's end, or the cut-off plan.toml sets for the kind of report,
/// or --as-of; a report written before its period is over says so.
#[test]
fn a_report_states_the_day_of_its_figures() {
    let repo = Repo::shipped();
    let markdown = |args: &[&str]| {
        repo.plan_cmd().args(["report", "2025-H1", "--force"]).args(args).assert().code(0);
        std::fs::read_to_string(repo.dir.path().join("reports/2025-H1/bao-cao-2025-H1.md")).unwrap()
    };
    let text = markdown(&[]);
    assert!(text.contains("số liệu tính đến ngày 30/06/2025."), "{text}");
    assert!(!text.contains("chưa kết thúc"));
    let text = markdown(&["--as-of", "2025-06-20"]);
    assert!(text.contains("số liệu tính đến ngày 20/06/2025. Kỳ báo cáo chưa kết thúc"), "{text}");
    repo.edit("plan.toml", "period = \"half-year\"\n", "period = \"half-year\"\ncutoff = \"15/06\"\n");
    let text = markdown(&[]);
    assert!(text.contains("số liệu tính đến ngày 15/06/2025."), "{text}");
    let text = markdown(&["--number", "125/BC-SKHCN", "--signed", "2025-06-25"]);
    assert!(text.contains("Số: 125/BC-SKHCN") && text.contains("Ninh Thuận, ngày 25 tháng 6 năm 2025"), "{text}");
    repo.edit("plan.toml", "cutoff = \"15/06\"", "cutoff = \"31/02\"");
    let refused = repo.plan_cmd().args(["report", "2025-H1", "--force"]).output().unwrap();
    assert!(String::from_utf8_lossy(&refused.stderr).contains("31/02"), "a day no year has is a problem");
}

/// The Word file itself: A4 portrait, Decree 30's margins, Times New Roman, page numbers
/// in the header from page 2, bordered tables, the chart embedded.
#[test]
fn the_report_docx_has_the_administrative_layout() {
    let repo = Repo::shipped();
    repo.plan_cmd().args(["report", "2025-H1"]).assert().code(0);
    let file = std::fs::File::open(repo.dir.path().join("reports/2025-H1/bao-cao-2025-H1.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let document = part("word/document.xml");
    assert!(document.contains(r#"w:w="11906""#) && document.contains(r#"w:h="16838""#), "A4 portrait");
    assert!(document.contains("<w:titlePg"), "no number on page 1");
    assert!(document.contains(r#"w:ascii="Times New Roman""#));
    assert!(document.contains("<w:tblBorders>"));
    assert!(document.contains("<w:tblHeader"), "header rows repeat");
    assert!(document.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(names.iter().any(|n| n.starts_with("word/media/") && n.ends_with(".png")), "{names:?}");
    let headers: String = names.iter().filter(|n| n.starts_with("word/header")).map(|n| part(n)).collect();
    assert!(headers.contains("PAGE"), "a page number field");
}

/// Every output prints the plan's own wording of an owner or partner cell, not the name of
/// the registry's collective it maps to.
#[test]
fn owner_and_partner_cells_keep_the_plans_wording() {
    let repo = Repo::shipped();
    let list = |args: &[&str]| -> Vec<serde_json::Value> {
        let output = repo.plan_cmd().args(args).args(["--format", "json"]).output().unwrap();
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).unwrap()
    };
    for rows in [list(&["list"]), list(&["export"])] {
        let task = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(task("30")["partners"], "Các sở, ngành trong tỉnh");
        assert_eq!(task("31")["partners"], "Các sở, ngành trong tỉnh");
        assert_eq!(task("28")["partners"], "Các ngành, các cấp, cơ quan đơn vị toàn tỉnh");
        assert_eq!(task("6")["owner"], "Các ngành, các cấp, cơ quan, đơn vị trong toàn tỉnh đề xuất");
        assert_eq!(task("50")["owner"], "Các ngành, các cấp, cơ quan, đơn vị thuộc tỉnh");
    }
    let shown = repo.plan_cmd().args(["show", "30"]).output().unwrap();
    assert!(String::from_utf8(shown.stdout).unwrap().contains("Cơ quan phối hợp: Các sở, ngành trong tỉnh"));
}
