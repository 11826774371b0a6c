//! `plan remind`: DOST's follow-up letters and e-mails, on the shipped plan with updates
//! recorded. Who gets a letter must agree with `plan overdue` and `plan agencies` for the
//! same date.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use common::Repo;

const AS_OF: &str = "2025-07-10";
const FOLDER: &str = "reports/nhac-viec-2025-07-10";

/// The shipped plan with a few updates, and e-mail addresses for two agencies and DOST.
fn sample() -> Repo {
    let repo = Repo::shipped();
    let update = |args: &[&str]| repo.update(args);
    update(&["47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-30"]);
    update(&["18", "--by", "so-nn-mt", "--status", "done", "--date", "2025-05-05"]);
    update(&["16", "--by", "so-cong-thuong", "--status", "in-progress", "--progress", "40", "--date", "2025-07-02"]);
    repo.edit(
        "agencies.toml",
        "id = \"so-tai-chinh\"\n",
        "id = \"so-tai-chinh\"\nemails = [\"vanthu@stc.example\", \"ketoan@stc.example\"]\n",
    );
    repo.edit("agencies.toml", "id = \"so-khcn\"\n", "id = \"so-khcn\"\nemails = [\"vanphong@skhcn.example\"]\n");
    repo.plan_cmd().arg("check").assert().code(0);
    repo
}

fn remind(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.plan_cmd().args(["remind", "--as-of", AS_OF]).args(args).output().unwrap()
}

fn json(repo: &Repo, args: &[&str]) -> Vec<serde_json::Value> {
    let output = repo.plan_cmd().args(args).args(["--as-of", AS_OF, "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn folder(repo: &Repo) -> PathBuf {
    repo.dir.path().join(FOLDER)
}

fn document_xml(path: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// danh-sach.csv, one map per row.
fn index(repo: &Repo) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(folder(repo).join("danh-sach.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| header.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// Every file of the folder with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn letters_go_to_the_agencies_that_owe_and_list_what_is_late() {
    let repo = sample();
    let output = remind(&repo, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("Đã ghi ") && stdout.contains("thư nhắc") && stdout.contains(FOLDER), "{stdout}");

    let rows = index(&repo);
    let letters: BTreeSet<String> =
        rows.iter().filter(|r| !r["letter"].is_empty()).map(|r| r["agency"].clone()).collect();
    assert!(stdout.contains(&format!("Đã ghi {} thư nhắc", letters.len())), "{stdout}");
    let written = files(&folder(&repo));
    for agency in &letters {
        assert!(written.contains_key(&format!("{agency}.docx")) && written.contains_key(&format!("{agency}.eml")));
    }
    assert_eq!(written.len(), 2 * letters.len() + 1, "letters, e-mails and the index only");

    // Every agency plan overdue lists (due soon included) gets a letter, but DOST, which
    // writes them; its own items are in the index without a letter.
    let overdue = json(&repo, &["overdue", "--within", "7"]);
    let mut late: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for r in &overdue {
        late.entry(r["agency"].as_str().unwrap().to_string())
            .or_default()
            .push((r["id"].as_str().unwrap().to_string(), r["days_overdue"].as_i64().unwrap()));
    }
    assert!(late.contains_key("so-khcn") && !letters.contains("so-khcn"));
    let dost = rows.iter().find(|r| r["agency"] == "so-khcn").expect("DOST in the index");
    assert_eq!(dost["overdue"], late["so-khcn"].iter().filter(|(_, d)| *d > 0).count().to_string());
    for agency in late.keys().filter(|a| *a != "so-khcn") {
        assert!(letters.contains(agency), "{agency} owes something late and gets no letter");
    }
    // And no other agency but one with ongoing work: plan agencies' figures say who has nothing.
    for row in json(&repo, &["agencies"]) {
        let agency = row["agency"].as_str().unwrap();
        let count = |k: &str| row[k].as_u64().unwrap();
        if count("overdue") + count("due_today") + count("due_soon") + count("ongoing") == 0 {
            assert!(!letters.contains(agency), "{agency} owes nothing to remind of, yet gets a letter");
        }
    }
    for row in rows.iter().filter(|r| !r["letter"].is_empty()) {
        let overdue = late.get(&row["agency"]).map_or(0, |l| l.iter().filter(|(_, d)| *d > 0).count());
        assert_eq!(row["overdue"], overdue.to_string(), "{}", row["agency"]);
    }
    assert!(rows.iter().all(|r| !r["letter"].is_empty() || r["agency"] == "so-khcn"));

    // Sở Tài chính's letter names it, cites the plan and lists each overdue task with its days late.
    let xml = document_xml(&folder(&repo).join("so-tai-chinh.docx"));
    for text in ["Kính gửi: Sở Tài chính", "V/v đôn đốc thực hiện Kế hoạch", "Số:        /SKHCN-VP", "Lưu: VT, VP"]
    {
        assert!(xml.contains(text), "{text}");
    }
    for (agency, items) in &late {
        if agency == "so-khcn" {
            continue;
        }
        let xml = document_xml(&folder(&repo).join(format!("{agency}.docx")));
        assert!(xml.contains("V/v đôn đốc"), "{agency}");
        for (id, days) in items {
            assert!(xml.contains(&format!("Nhiệm vụ {id}:")), "{agency}: task {id}");
            if *days > 0 {
                assert!(xml.contains(&format!("Quá hạn {days} ngày")), "{agency}: task {id}, {days} days");
            }
        }
    }
    // The reply is asked for by the next reporting deadline of plan.toml (before 30/11).
    assert!(xml.contains("trước ngày 30/11/2025"));
}

#[test]
fn the_email_is_addressed_from_the_registry_and_encoded() {
    let repo = sample();
    assert_eq!(remind(&repo, &[]).status.code(), Some(0));
    let bytes = std::fs::read(folder(&repo).join("so-tai-chinh.eml")).unwrap();
    let raw = String::from_utf8(bytes.clone()).unwrap();
    assert!(raw.contains("\r\n\r\n"), "CRLF line endings, a blank line before the body");
    let message = mail_parser::MessageParser::default().parse(&bytes).expect("an RFC 5322 message");
    let to: Vec<&str> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["vanthu@stc.example", "ketoan@stc.example"]);
    assert_eq!(message.from().unwrap().first().unwrap().address(), Some("vanphong@skhcn.example"));
    let subject_raw = message.header_raw("Subject").unwrap();
    assert!(subject_raw.contains("=?utf-8?"), "{subject_raw}");
    assert!(subject_raw.is_ascii());
    assert_eq!(message.subject(), Some("[Kế hoạch 57] Đôn đốc thực hiện nhiệm vụ – Sở Tài chính"));
    assert_eq!(message.header_raw("Date").unwrap().trim(), "Thu, 10 Jul 2025 08:00:00 +0700");
    let id = message.message_id().unwrap();
    assert!(id.starts_with("nhac-viec-2025-07-10.so-tai-chinh.") && id.ends_with("@skhcn.example"), "{id}");
    assert!(!raw.contains("boundary"), "one text part");
    let body = message.body_text(0).unwrap();
    assert!(body.starts_with("Kính gửi: Sở Tài chính"), "{body}");
    assert!(body.contains("Nhiệm vụ 2:") && body.contains("Quá hạn 10 ngày"), "{body}");
    assert!(!body.contains("Nhiệm vụ 47:"), "47 is done by Sở Tài chính");

    // An agency without an address: no recipient, and the index says so.
    let bytes = std::fs::read(folder(&repo).join("so-noi-vu.eml")).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert!(message.to().is_none());
    let rows = index(&repo);
    let row = rows.iter().find(|r| r["agency"] == "so-noi-vu").unwrap();
    assert!(row["emails"].is_empty() && row["note"].contains("chưa có địa chỉ e-mail"), "{row:?}");
    let row = rows.iter().find(|r| r["agency"] == "so-tai-chinh").unwrap();
    assert_eq!(row["emails"], "vanthu@stc.example; ketoan@stc.example");
}

#[test]
fn a_second_run_needs_force_and_gives_the_same_bytes() {
    let repo = sample();
    assert_eq!(remind(&repo, &[]).status.code(), Some(0));
    let first = files(&folder(&repo));
    let again = remind(&repo, &[]);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("đã có thư nhắc") && stderr.contains("--force"), "{stderr}");
    assert_eq!(files(&folder(&repo)), first, "nothing touched");
    assert_eq!(remind(&repo, &["--force"]).status.code(), Some(0));
    assert_eq!(files(&folder(&repo)), first, "same inputs, same bytes");

    // A forced run for fewer agencies leaves no stale letter of the first.
    assert_eq!(remind(&repo, &["--force", "--agency", "so-tai-chinh"]).status.code(), Some(0));
    let left: Vec<String> = files(&folder(&repo)).into_keys().collect();
    assert_eq!(left, ["danh-sach.csv", "so-tai-chinh.docx", "so-tai-chinh.eml"]);
}

#[test]
fn only_the_agency_asked_for_with_the_number_given() {
    let repo = sample();
    let output = remind(&repo, &["--agency", "Sở TC", "--within", "30", "--number", "125/SKHCN-VP"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let written = files(&folder(&repo));
    assert_eq!(written.keys().collect::<Vec<_>>(), ["danh-sach.csv", "so-tai-chinh.docx", "so-tai-chinh.eml"]);
    assert!(document_xml(&folder(&repo).join("so-tai-chinh.docx")).contains("Số: 125/SKHCN-VP"));

    let unknown = remind(&repo, &["--agency", "Sở Không Có", "--force"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn a_broken_plan_is_refused_unless_allowed_and_then_the_letters_say_so() {
    let repo = sample();
    repo.write("tasks/16.toml", "id = \"16\"\ntitle = [broken\n");
    let output = remind(&repo, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--allow-errors"), "{stderr}");
    assert!(!repo.dir.path().join("reports").exists(), "nothing written");

    let output = remind(&repo, &["--allow-errors"]);
    assert_eq!(output.status.code(), Some(1), "the plan still has problems");
    let xml = document_xml(&folder(&repo).join("so-tai-chinh.docx"));
    assert!(xml.contains("CẢNH BÁO") && xml.contains("tasks/16.toml"), "the warning names the file");
    let eml = std::fs::read(folder(&repo).join("so-tai-chinh.eml")).unwrap();
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert!(message.body_text(0).unwrap().contains("CẢNH BÁO"));
}

#[cfg(unix)]
#[test]
fn a_linked_folder_is_refused() {
    let repo = sample();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.dir.path().join("reports")).unwrap();
    let output = remind(&repo, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("liên kết"));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// A letter as an official prints it: LibreOffice converts it to PDF (needs LibreOffice
/// and poppler, as tests/office_appendix.rs does; `.ci/tools` installs them).
#[test]
fn a_letter_prints_on_a4_with_its_signature_beside_its_last_words() {
    let repo = sample();
    assert_eq!(remind(&repo, &["--signed", AS_OF]).status.code(), Some(0));
    let pdf = common::office::to_pdf(&folder(&repo).join("cong-an-tinh.docx"));
    let sizes = common::office::page_sizes(&pdf);
    for (width, height) in &sizes {
        assert!((width - 595.3).abs() < 1.0 && (height - 841.89).abs() < 1.0, "A4 portrait: {width} × {height}");
    }
    let text = common::office::text(&pdf);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Ninh Thuận, ngày 10 tháng 7 năm 2025",
        "Kính gửi: Công an tỉnh",
        "Quá hạn 10 ngày",
        "Nơi nhận:",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // The closing is not alone on its page: the request's last words are printed with it.
    let last = text.split('\u{c}').rfind(|page| !page.trim().is_empty()).unwrap();
    assert!(last.contains("Nơi nhận:") && last.contains("chỉ đạo./."), "{last}");
}
