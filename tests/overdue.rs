mod common;

use common::{overdue_ids, Repo};

fn ids(list: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    ids.sort_by(|a, b| plan::text::natural_cmp(a, b));
    ids
}

const JULY_2025: &[&str] = &["1", "2", "10", "18", "30", "35", "37", "40", "47"];
const OCTOBER_2025: &[&str] = &["25", "41"];
const JANUARY_2026: &[&str] =
    &["3", "7", "9", "16", "17", "22", "23", "26", "28", "29", "33", "38", "43", "44", "45a", "45b", "45c", "46", "48"];

#[test]
fn shipped_plan_gives_the_expected_overdue_sets() {
    let repo = Repo::shipped();
    assert_eq!(overdue_ids(&repo, "2025-03-31"), Vec::<String>::new());
    assert_eq!(overdue_ids(&repo, "2025-07-01"), ids(JULY_2025));
    assert_eq!(overdue_ids(&repo, "2025-10-01"), ids(&[JULY_2025, OCTOBER_2025].concat()));
    assert_eq!(overdue_ids(&repo, "2026-01-01"), ids(&[JULY_2025, OCTOBER_2025, JANUARY_2026].concat()));
}

#[test]
fn a_milestone_is_overdue_from_the_day_after_its_due_date() {
    let repo = Repo::shipped();
    // Quarter I ends on 31/03/2025: tasks 10, 18 and 47 are due that day, late the next.
    assert_eq!(overdue_ids(&repo, "2025-03-31"), Vec::<String>::new());
    assert_eq!(overdue_ids(&repo, "2025-04-01"), ids(&["10", "18", "47"]));
}

#[test]
fn task_2_is_owed_by_every_member_of_its_collective_owner() {
    let repo = Repo::shipped();
    let output = repo.plan_cmd().args(["overdue", "--as-of", "2025-07-01", "--format", "json"]).output().unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut owing: Vec<&str> =
        records.iter().filter(|r| r["id"] == "2").map(|r| r["agency"].as_str().unwrap()).collect();
    owing.sort();

    let registry: toml::Table = toml::from_str(&repo.read("agencies.toml")).unwrap();
    let collective =
        registry["collective"].as_array().unwrap().iter().find(|c| c["id"].as_str() == Some("toan-tinh")).unwrap();
    let mut members: Vec<&str> =
        collective["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    members.sort();
    assert_eq!(owing, members);
    assert_eq!(owing.len(), 20, "13 departments and 7 district-level units");
}

#[test]
fn records_are_tidy_with_stable_english_keys() {
    let repo = Repo::shipped();
    let output = repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01", "--format", "json"]).output().unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let task_3 = records.iter().find(|r| r["id"] == "3" && r["agency"] == "so-y-te").expect("task 3 owed by Sở Y tế");
    assert_eq!(task_3["due"], "2025-12-31");
    assert_eq!(task_3["days_overdue"], 1);
    assert_eq!(task_3["occurrence"], 2025);
    assert_eq!(task_3["milestone"], 1);
    assert_eq!(task_3["state"], "overdue");
    let task_10 = records.iter().find(|r| r["id"] == "10").unwrap();
    assert_eq!(task_10["agency"], "so-noi-vu");
    assert_eq!(task_10["agency_name"], "Sở Nội vụ");
    assert_eq!(task_10["due"], "2025-03-31");
    assert_eq!(task_10["days_overdue"], 276);
    // Most overdue first.
    let days: Vec<i64> = records.iter().map(|r| r["days_overdue"].as_i64().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");

    let csv = repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("CSV starts with a byte-order mark");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,group,title,milestone,milestone_label,occurrence,agency,agency_name,due,days_overdue,state,deadline,extended_from,decision,taken_over_from"
    );
    assert_eq!(csv::Reader::from_reader(csv.as_bytes()).records().count(), records.len());
}

#[test]
fn yearly_milestones_owe_each_occurrence_separately() {
    let repo = Repo::shipped();
    let output = repo
        .plan_cmd()
        .args(["overdue", "--as-of", "2027-01-05", "--format", "json", "--agency", "so-khcn"])
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let task_7: Vec<_> = records
        .iter()
        .filter(|r| r["id"] == "7")
        .map(|r| (r["occurrence"].as_i64().unwrap(), r["due"].as_str().unwrap()))
        .collect();
    assert_eq!(task_7, [(2025, "2025-12-31"), (2026, "2026-12-31")]);
}

#[test]
fn agency_filter_takes_id_name_alias_or_unaccented_name() {
    let repo = Repo::shipped();
    for name in ["so-noi-vu", "Sở Nội vụ", "Sở NV", "so noi vu"] {
        let output = repo
            .plan_cmd()
            .args(["overdue", "--as-of", "2025-07-01", "--format", "json", "--agency", name])
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["10", "2"], "{name}");
        assert!(records.iter().all(|r| r["agency"] == "so-noi-vu"));
    }
    let unknown = repo.plan_cmd().args(["overdue", "--agency", "Sở Nội vũ trụ"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8(unknown.stderr).unwrap();
    assert!(stderr.contains("không có cơ quan \"Sở Nội vũ trụ\""), "{stderr}");
}

#[test]
fn within_adds_what_falls_due_soon() {
    let repo = Repo::shipped();
    assert_eq!(overdue_ids(&repo, "2025-06-25"), ids(&["10", "18", "47"]));
    let output = repo
        .plan_cmd()
        .args(["overdue", "--as-of", "2025-06-25", "--within", "7", "--format", "json"])
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let soon: std::collections::BTreeSet<&str> =
        records.iter().filter(|r| r["state"] == "due-soon").map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(soon, ["1", "2", "30", "35", "37", "40"].into_iter().collect());
    assert!(records.iter().filter(|r| r["state"] == "due-soon").all(|r| r["days_overdue"] == -5));
}

#[test]
fn an_event_date_starts_the_clock_of_task_4() {
    let repo = Repo::shipped();
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"4".to_string()));
    repo.edit("events.toml", "[huong-dan-trach-nhiem]\n", "[huong-dan-trach-nhiem]\ndate = 2025-05-15\n");
    // One month after 15/05/2025 is 15/06/2025: due that day, overdue from the 16th.
    assert!(!overdue_ids(&repo, "2025-06-15").contains(&"4".to_string()));
    assert!(overdue_ids(&repo, "2025-06-16").contains(&"4".to_string()));
    // Task 11's wording gives no offset: once its event happens it has no deadline, never overdue.
    repo.edit("events.toml", "[chinh-sach-to-chuc-khcn]\n", "[chinh-sach-to-chuc-khcn]\ndate = 2025-05-15\n");
    assert!(!overdue_ids(&repo, "2030-01-01").contains(&"11".to_string()));
}

#[test]
fn table_is_vietnamese_and_fits_80_columns() {
    let repo = Repo::shipped();
    let output = repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01", "--width", "80"]).output().unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    for line in table.lines() {
        assert!(plan::text::width(line) <= 80, "too wide: {line}");
    }
    assert!(table.contains("Nhiệm vụ") && table.contains("Quá hạn"), "{table}");
    assert!(table.contains("31/03/2025") && table.contains("276 ngày"), "{table}");
    // Piped, the collective's cell is on one line.
    let piped = repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01"]).output().unwrap();
    let piped = String::from_utf8(piped.stdout).unwrap();
    assert!(piped.contains("Các ngành, các cấp: 20/20 chưa hoàn thành"), "{piped}");
    assert!(table.ends_with("30 nhiệm vụ quá hạn tính đến ngày 01/01/2026.\n"), "{table}");

    let english = repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01", "--lang", "en"]).output().unwrap();
    let english = String::from_utf8(english.stdout).unwrap();
    assert!(english.contains("Agencies owing") && english.contains("276 days"), "{english}");

    let none = repo.plan_cmd().args(["overdue", "--as-of", "2025-03-31"]).output().unwrap();
    assert_eq!(String::from_utf8(none.stdout).unwrap(), "Không có nhiệm vụ quá hạn tính đến ngày 31/03/2025.\n");
}
