//! Refusals of what was typed share one vocabulary: the same message for the same mistake
//! whichever command it is typed to, rendered the same way, and one exit code: 2 for what
//! is not understood (an unknown task, agency or event), 1 for what is understood and
//! breaks a rule of the plan (a date to come, a partner marking a task done).

mod common;

use common::Repo;

fn refused(repo: &Repo, args: &[&str]) -> String {
    refused_with(repo, args, 2)
}

fn against_the_rules(repo: &Repo, args: &[&str]) -> String {
    refused_with(repo, args, 1)
}

fn refused_with(repo: &Repo, args: &[&str], code: i32) -> String {
    let output = repo.plan_cmd().args(args).args(["--lang", "en"]).output().unwrap();
    assert_eq!(output.status.code(), Some(code), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn an_unknown_task_is_refused_alike_by_every_command() {
    let repo = Repo::shipped();
    let expected = "error: no task \"45d\"\n  = hint: did you mean 45a, 45b, 45c?\n";
    for args in
        [&["show", "45d"][..], &["log", "45d"], &["update", "45d", "--by", "so-khcn", "--status", "in-progress"]]
    {
        assert_eq!(refused(&repo, args), expected, "{args:?}");
    }
    assert_eq!(refused(&repo, &["show", "zzz"]), "error: no task \"zzz\"\n  = hint: see `plan list`\n");
}

#[test]
fn dates_to_come_and_unknown_names_are_refused_alike() {
    let repo = Repo::shipped();
    let future = "error: the date 02/07/2025 has not come yet as of 01/07/2025\n  = hint: record only what has happened; use --as-of to work as of another day\n";
    assert_eq!(
        against_the_rules(
            &repo,
            &[
                "update",
                "16",
                "--by",
                "so-cong-thuong",
                "--status",
                "done",
                "--date",
                "2025-07-02",
                "--as-of",
                "2025-07-01"
            ]
        ),
        future
    );
    assert_eq!(
        against_the_rules(&repo, &["event", "set", "huong-dan-trach-nhiem", "2025-07-02", "--as-of", "2025-07-01"]),
        future
    );

    let agency = "error: unknown agency \"So Cong Thuog\"\n  = hint: did you mean \"Sở Công Thương\"?\n";
    assert_eq!(refused(&repo, &["update", "16", "--by", "So Cong Thuog", "--status", "done"]), agency);
    assert_eq!(refused(&repo, &["overdue", "--agency", "So Cong Thuog"]), agency);
    assert_eq!(refused(&repo, &["agency", "So Cong Thuog"]), agency);
    assert_eq!(
        refused(&repo, &["event", "set", "huong-dan", "2025-05-15"]),
        "error: event \"huong-dan\" is not defined in plan/events.toml\n  = hint: did you mean \"huong-dan-trach-nhiem\"?\n"
    );
    assert_eq!(
        refused(&repo, &["update", "../16", "--by", "so-khcn", "--status", "done"]),
        "error: invalid task id \"../16\"\n  = hint: use letters, digits, - or _ only (e.g. \"16\", \"45a\")\n"
    );
}

#[test]
fn an_update_the_rules_refuse_lists_every_reason() {
    let repo = Repo::shipped();
    let stderr = against_the_rules(&repo, &["update", "16", "--by", "so-khcn", "--status", "done", "--milestone", "3"]);
    assert_eq!(stderr.matches("error: ").count(), 2, "{stderr}");
    assert!(stderr.contains("is a partner and cannot mark the task done"), "{stderr}");
}
