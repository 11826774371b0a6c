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

    // Set again: the date is replaced, not duplicated.
    repo.plan_cmd()
        .args(["event", "set", "huong-dan-trach-nhiem", "2025-05-20", "--as-of", "2025-06-01"])
        .assert()
        .code(0);
    let again = repo.read("events.toml");
    assert_eq!(again.matches("\r\ndate = ").count(), 1);
    assert!(again.contains("date = 2025-05-20\r\n"));
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
