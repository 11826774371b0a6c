//! Properties of `plan audit` over random histories: honest work on many branches, merged
//! in any order with the merge driver, always passes; a random change to a committed task
//! file is either a legitimately appended record or a finding.

mod common;

use std::path::Path;

use common::git::*;

/// (task, agency, may mark done, the agency's clerk)
const INVOLVED: &[(&str, &str, bool, (&str, &str))] = &[
    ("16", "so-cong-thuong", true, SCT),
    ("16", "so-khcn", false, SKHCN),
    ("47", "so-tai-chinh", true, STC),
    ("47", "so-khcn", true, SKHCN),
    ("47", "so-cong-thuong", false, SCT),
];

fn plan_as(dir: &Path, who: (&str, &str), args: &[&str]) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir).env_remove("PLAN_DIR").env("NO_COLOR", "1").envs(as_person(who)).args(args);
    cmd.output().unwrap()
}

fn random_update(rng: &mut fastrand::Rng, dir: &Path) {
    let (task, agency, may_finish, clerk) = INVOLVED[rng.usize(..INVOLVED.len())];
    let statuses: &[&str] =
        if may_finish { &["in-progress", "done", "blocked", "not-started"] } else { &["in-progress", "blocked"] };
    let status = statuses[rng.usize(..statuses.len())];
    // From February: the plan was issued in 02/2025, and earlier updates are refused.
    let date = format!("2025-{:02}-{:02}", rng.u32(2..=12), rng.u32(1..=28));
    // Done is all of it: the rules refuse done at less than 100 %.
    let progress = if status == "done" { 100 } else { rng.u32(0..=100) }.to_string();
    let note = format!("Ghi chú {}\n[[updates]]\nby = \"{agency}\"", rng.u32(..));
    let mut args = vec!["update", task, "--by", agency, "--status", status, "--date", &date, "--commit"];
    args.extend(["--progress", &progress, "--note", &note]);
    let output = plan_as(dir, clerk, &args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn honest_updates_on_random_branches_merged_in_random_orders_always_pass() {
    for seed in 1..=4 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let server = Server::new();
        let root = server.root();
        let branches: Vec<String> = (0..3).map(|i| format!("b{i}")).collect();
        for branch in &branches {
            git(&root, &["branch", branch]);
        }
        for _ in 0..10 {
            let branch = &branches[rng.usize(..branches.len())];
            git(&root, &["checkout", "-q", branch]);
            if rng.u8(..4) == 0 {
                // A clerk brings another branch in before going on.
                let other = &branches[rng.usize(..branches.len())];
                let clerk = INVOLVED[rng.usize(..INVOLVED.len())].3;
                git_as(&root, clerk, &["merge", "-q", "--no-edit", other]);
            }
            random_update(&mut rng, &root);
        }
        git(&root, &["checkout", "-q", "main"]);
        let mut order = branches.clone();
        rng.shuffle(&mut order);
        for branch in &order {
            let clerk = INVOLVED[rng.usize(..INVOLVED.len())].3;
            git_as(&root, clerk, &["merge", "-q", "--no-edit", branch]);
        }
        let (code, report) = server.audit();
        assert_eq!(code, Some(0), "seed {seed}: {report}");
        let check = plan_as(&root, ADMIN, &["check"]);
        assert_eq!(check.status.code(), Some(0), "seed {seed}: {}", String::from_utf8_lossy(&check.stderr));
        let records: usize = ["16", "47"]
            .iter()
            .map(|id| plan::records::parse(&server.repo.read(&format!("tasks/{id}.toml"))).unwrap().records.len())
            .sum();
        assert_eq!(records, 10, "seed {seed}: every update is kept once");
    }
}

/// Pieces an attacker (or a careless editor) might splice into a task file.
const SNIPPETS: &[&str] = &[
    "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-06-01\nstatus = \"done\"\n",
    "\n[[updates]]\nby = \"so-khcn\"\ndate = 2025-06-02\nstatus = \"in-progress\"\n",
    "\n[[updates]]\nby = \"so-tai-chinh\"\ndate = 2025-06-03\nstatus = \"in-progress\"\n",
    "\n[[ updates ]] # x\nby = \"so-cong-thuong\"\ndate = 2025-06-04\nstatus = \"done\"\nprogress = 100\n",
    "\n[[milestones]]\nname = \"Kế hoạch\"\ndue = 2030-12-31\n",
    "progress = 100\n",
    "[updates.extra]\nstatus = \"done\"\n",
    "title = \"Khác\"\n",
    "# chú thích\n",
    "deadline = \"Trong năm 2030\"\n",
    "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2099-06-01\nstatus = \"done\"\n",
    "\n[[updates]]\nby = \"so-khcn\"\ndate = 2025-06-05\nstatus = \"done\"\n",
    "\n[[proposals]]\nby = \"so-cong-thuong\"\ndate = 2025-06-06\nreason = \"Chờ\"\ndeadline = \"Trong năm 2026\"\n",
    "\n[[ \"proposals\" ]]\nby = \"so-khcn\"\ndate = 2025-06-07\nreason = \"Chờ\"\ncancel = true\n",
    "\n[['amendments']]\ndecision = \"Quyết định số 1/QĐ-UBND\"\ndecided = 2025-06-08\ndeadline = \"Trong năm 2030\"\n",
];

fn mutate(rng: &mut fastrand::Rng, text: &str, agency: &str) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let snippet = SNIPPETS[rng.usize(..SNIPPETS.len())].to_string();
    match rng.u8(..8) {
        0 => {
            let mut bytes = text.as_bytes().to_vec();
            let at = rng.usize(..bytes.len());
            bytes[at] = rng.u8(b' '..=b'~');
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        1 => {
            lines.remove(rng.usize(..lines.len()));
        }
        2 => {
            let at = rng.usize(..lines.len());
            lines.insert(at, lines[at].clone());
        }
        3 => {
            let (a, b) = (rng.usize(..lines.len()), rng.usize(..lines.len()));
            lines.swap(a, b);
        }
        4 => lines.insert(rng.usize(..=lines.len()), snippet),
        5 => lines.push(snippet),
        // What an honest clerk does, so that passing is exercised too.
        _ => lines.push(format!(
            "\n[[updates]]\nby = \"{agency}\"\ndate = 2025-05-{:02}\nstatus = \"in-progress\"\n",
            rng.u32(1..=28)
        )),
    }
    lines.concat()
}

/// What the audit must have ensured when it passes a clerk's change of task 16.
fn assert_legitimate(before: &str, after: &str, agency: &str, seed: u64) {
    let before: toml::Table = toml::from_str(before).unwrap();
    let after: toml::Table = toml::from_str(after).unwrap_or_else(|e| panic!("seed {seed}: passed a broken file: {e}"));
    const KINDS: [&str; 3] = ["updates", "proposals", "amendments"];
    let records = |t: &toml::Table, kind: &str| t.get(kind).and_then(|u| u.as_array()).cloned().unwrap_or_default();
    let rest = |t: &toml::Table| {
        let mut t = t.clone();
        for kind in KINDS {
            t.remove(kind);
        }
        t
    };
    assert_eq!(rest(&before), rest(&after), "seed {seed}: passed a change to the task itself");
    for kind in KINDS {
        let (old, new) = (records(&before, kind), records(&after, kind));
        assert!(
            new.len() >= old.len() && new[..old.len()] == old[..],
            "seed {seed}: passed a change to earlier {kind}"
        );
        let added = &new[old.len()..];
        assert!(kind != "amendments" || added.is_empty(), "seed {seed}: passed an amendment by a clerk");
        for record in added {
            assert_eq!(
                record.get("by").and_then(|b| b.as_str()),
                Some(agency),
                "seed {seed}: passed a record in another's name"
            );
        }
    }
}

#[test]
fn a_random_change_to_a_committed_task_file_is_an_appended_record_or_a_finding() {
    let server = Server::new();
    let root = server.root();
    server.append(
        "16",
        "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-03-01\nstatus = \"in-progress\"\nprogress = 10\n",
    );
    server.commit(SCT, "Sở Công Thương cập nhật");
    server.append("16", "\n[[updates]]\nby = \"so-khcn\"\ndate = 2025-04-01\nstatus = \"blocked\"\nnote = \"Chờ\"\n");
    server.commit(SKHCN, "Sở KH&CN cập nhật");
    let start = server.head();
    let before = server.repo.read("tasks/16.toml");
    let (mut passed, mut found) = (0, 0);
    for seed in 0..60 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let (agency, clerk) = [("so-cong-thuong", SCT), ("so-khcn", SKHCN), ("so-tai-chinh", STC)][rng.usize(..3)];
        let after = mutate(&mut rng, &before, agency);
        if after == before {
            continue;
        }
        server.repo.write("tasks/16.toml", &after);
        server.commit(clerk, "Thay đổi ngẫu nhiên");
        let (code, report) = server.audit();
        match code {
            Some(0) => {
                assert_legitimate(&before, &after, agency, seed);
                let check = plan_as(&root, ADMIN, &["check"]);
                assert_eq!(check.status.code(), Some(0), "seed {seed}: passed a record `plan check` refuses: {report}");
                passed += 1;
            }
            Some(1) => found += 1,
            other => panic!("seed {seed}: exit {other:?}: {report}"),
        }
        git(&root, &["reset", "-q", "--hard", &start]);
    }
    // Both outcomes occur, so neither branch of the property is vacuous.
    assert!(passed > 0 && found > 0, "passed {passed}, found {found}");
}
