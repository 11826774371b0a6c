//! `plan audit` as an attacker sees it: each test commits one class of attack as a clerk
//! whose agency is at most a partner of the task, and expects exit 1 with a message naming
//! the commit, the file and what was changed. Legitimate work keeps passing.

mod common;

use common::git::*;
use common::Repo;

/// Asserts one finding line for `commit` that contains every one of `parts`.
fn assert_finding(report: &str, commit: &str, parts: &[&str]) {
    let found =
        report.lines().any(|line| line.starts_with(&format!("✗ {commit} ")) && parts.iter().all(|p| line.contains(p)));
    assert!(found, "no finding for {commit} with {parts:?} in:\n{report}");
}

#[test]
fn the_readme_setup_gives_a_green_first_audit_and_honest_updates_pass() {
    let repo = Repo::shipped();
    let root = repo.dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.name", ADMIN.0]);
    git(root, &["config", "user.email", ADMIN.1]);
    // The administrator signs: a key, and git told to sign with it.
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = ssh_key(keys.path(), "admin");
    git(root, &["config", "gpg.format", "ssh"]);
    git(root, &["config", "user.signingkey", &key.to_string_lossy()]);
    git(root, &["config", "commit.gpgsign", "true"]);
    let setup = plan(root, &["git-setup", "--admin", ADMIN.1, "--admin-key", &public]);
    assert!(setup.status.success(), "{}", String::from_utf8_lossy(&setup.stderr));
    assert!(String::from_utf8(setup.stdout).unwrap().contains("git tag plan-audit-base"));
    assert!(repo.read("agencies.toml").contains("admins = [\"admin@skhcn.example\"]"));
    assert!(repo.read("agencies.toml").contains(&public[..40]));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "Kế hoạch"]);
    git(root, &["tag", "plan-audit-base"]);
    let first = plan(root, &["audit", "--since", "plan-audit-base"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(first.stdout).unwrap(),
        "Đã kiểm tra 0 commit sau plan-audit-base: không có vi phạm.\n"
    );

    repo.edit(
        "agencies.toml",
        "aliases = [\"Sở CT\", \"Sở Công thương\"]",
        "aliases = [\"Sở CT\", \"Sở Công thương\"]\nemails = [\"vanthu@sct.example\"]",
    );
    repo.edit(
        "agencies.toml",
        "aliases = [\"Sở KH&CN\", \"Sở KHCN\", \"DOST\"]",
        "aliases = [\"Sở KH&CN\", \"Sở KHCN\", \"DOST\"]\nemails = [\"vanthu@skhcn.example\"]",
    );
    git(root, &["commit", "-qam", "E-mail của văn thư"]);

    // A clerk clones, records an update, pushes; DOST merges it.
    let clones = tempfile::tempdir().unwrap();
    git(clones.path(), &["clone", "-q", &root.to_string_lossy(), "sct"]);
    let clerk = clones.path().join("sct");
    git(&clerk, &["config", "user.name", SCT.0]);
    git(&clerk, &["config", "user.email", SCT.1]);
    assert!(plan(&clerk, &["git-setup"]).status.success());
    let update = plan(&clerk, &["update", "16", "--by", "Sở Công Thương", "--status", "done", "--commit"]);
    assert!(update.status.success(), "{}", String::from_utf8_lossy(&update.stderr));
    git(&clerk, &["push", "-q", "origin", "main:sct"]);
    // Meanwhile Sở KH&CN's clerk records on the server's main; the address is matched
    // without regard to ASCII case.
    git(root, &["config", "user.email", "VanThu@SKHCN.example"]);
    let update = plan(root, &["update", "16", "--by", "so-khcn", "--status", "in-progress", "--commit"]);
    assert!(update.status.success(), "{}", String::from_utf8_lossy(&update.stderr));
    git(root, &["merge", "-q", "--no-edit", "sct"]);
    let output = plan(root, &["audit", "--since", "plan-audit-base", "--lang", "en"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains('⚠'));
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.ends_with("Checked 4 commits after plan-audit-base: no findings.\n"), "{report}");
}

#[test]
fn forged_records_under_every_spelling_of_the_header_are_caught() {
    let server = Server::new();
    for header in ["[[updates]] # x", "[[ updates ]]", "[[\"updates\"]]", "[['updates']]", "[[updates]]"] {
        // Behind an honest record, where a line splitter sees the forged one as part of it.
        server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-05-01", "in-progress"));
        server.commit(SCT, "Sở Công Thương cập nhật");
        server.append("16", &record(header, "so-cong-thuong", "2025-06-01", "done"));
        let commit = server.commit(SKHCN, "Cập nhật");
        let (code, report) = server.audit();
        assert_eq!(code, Some(1), "{header}: {report}");
        assert_finding(
            &report,
            &commit,
            &[
                "plan/tasks/16.toml:",
                "records an update in the name of \"Sở Công Thương\" but the author belongs to \"Sở Khoa học và Công nghệ\"",
            ],
        );
        server.reset();
    }
}

#[test]
fn a_note_holding_a_header_line_merges_and_passes() {
    let server = Server::new();
    let root = server.root();
    git(&root, &["checkout", "-qb", "sct"]);
    server.append(
        "16",
        "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-06-01\nstatus = \"blocked\"\nnote = \"\"\"\nChờ ý kiến:\n[[updates]]\nby = \"so-khcn\"\n\"\"\"\n",
    );
    server.commit(SCT, "Sở Công Thương cập nhật 16");
    git(&root, &["checkout", "-q", "main"]);
    server.append("16", &record("[[updates]]", "so-khcn", "2025-06-02", "in-progress"));
    server.commit(SKHCN, "Sở KH&CN cập nhật 16");
    git_as(&root, SKHCN, &["merge", "-q", "--no-edit", "sct"]);
    let check = plan(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "{report}");
    let text = server.repo.read("tasks/16.toml");
    assert_eq!(plan::records::parse(&text).unwrap().records.len(), 2, "{text}");
}

#[test]
fn anything_but_records_appended_at_the_end_is_caught() {
    let server = Server::new();
    // A deadline moved by an appended table.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    server.append("16", "\n[[milestones]]\nname = \"Kế hoạch\"\ndue = 2030-12-31\n");
    let commit = server.commit(SCT, "Cập nhật");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &["plan/tasks/16.toml: changes more than adding update or proposal records (milestones)"],
    );
    server.reset();

    // A key added to an earlier record by lines without a header of their own.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    server.commit(SCT, "Cập nhật");
    server.append("16", "progress = 100\n");
    let commit = server.commit(SKHCN, "Thêm tiến độ");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &["plan/tasks/16.toml: edits or removes an earlier update record (Sở Công Thương, 2025-06-01; record 1)"],
    );
    server.reset();

    // A sub-table added to an earlier record.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    server.commit(SCT, "Cập nhật");
    server.append("16", "[updates.extra]\nstatus = \"done\"\n");
    let commit = server.commit(SKHCN, "Thêm");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &commit, &["edits or removes an earlier update record"]);
}

#[test]
fn a_merge_that_brings_back_an_old_file_is_caught() {
    let server = Server::new();
    let root = server.root();
    server.repo.edit("tasks/17.toml", "Trong năm 2025", "Trong quý IV/2025");
    server.commit(ADMIN, "Điều chỉnh thời hạn 17");
    // A merge of main and an older commit, keeping the older task file.
    git(&root, &["checkout", "-q", &server.base, "--", "plan/tasks/17.toml"]);
    let tree = git(&root, &["write-tree"]).trim().to_string();
    let merge = git_as(&root, SKHCN, &["commit-tree", &tree, "-p", "HEAD", "-p", &server.base, "-m", "Merge"]);
    git(&root, &["reset", "-q", "--hard", merge.trim()]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &merge.trim()[..7],
        &["plan/tasks/17.toml: the merge's result is not what merging its parents gives"],
    );
}

#[test]
fn a_merge_cannot_bring_back_a_registry_where_the_attacker_was_admin() {
    let server = Server::new();
    let root = server.root();
    // Once, Sở KH&CN's clerk was an administrator; DOST removed it, and audits from there.
    server.repo.edit(
        "agencies.toml",
        "admins = [\"admin@skhcn.example\"]",
        "admins = [\"admin@skhcn.example\", \"vanthu@skhcn.example\"]",
    );
    server.commit(ADMIN, "Thêm quản trị");
    let old = server.head();
    server.repo.edit(
        "agencies.toml",
        "admins = [\"admin@skhcn.example\", \"vanthu@skhcn.example\"]",
        "admins = [\"admin@skhcn.example\"]",
    );
    server.commit(ADMIN, "Bỏ quản trị");
    let trusted = server.head();
    // The clerk merges with the old commit first, so that the registry of the merge's first
    // parent lists it as administrator, then changes a task.
    let tree = git(&root, &["rev-parse", "HEAD^{tree}"]).trim().to_string();
    let merge = git_as(&root, SKHCN, &["commit-tree", &tree, "-p", &old, "-p", &trusted, "-m", "Merge"]);
    git(&root, &["reset", "-q", "--hard", merge.trim()]);
    server.repo.edit("tasks/16.toml", "Trong năm 2025", "Trong năm 2030");
    let commit = server.commit(SKHCN, "Gia hạn");
    let output = plan(&root, &["audit", "--since", &trusted, "--lang", "en"]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &["plan/tasks/16.toml: changes more than adding update or proposal records (deadline)"],
    );
}

#[test]
fn a_criss_cross_merge_cannot_bring_back_a_revoked_administrator() {
    let server = Server::new();
    let root = server.root();
    let rev = |what: &str| git(&root, &["rev-parse", what]).trim().to_string();
    let both = "admins = [\"admin@skhcn.example\", \"vanthu@skhcn.example\"]";
    server.repo.edit("agencies.toml", "admins = [\"admin@skhcn.example\"]", both);
    server.commit(ADMIN, "Tạm cho văn thư Sở KH&CN quyền quản trị");
    let (granted, before) = (rev("HEAD"), rev("HEAD^"));
    server.repo.edit("agencies.toml", both, "admins = [\"admin@skhcn.example\"]");
    server.commit(ADMIN, "Thu hồi quyền quản trị");
    let revoked = rev("HEAD");
    // Merges whose bases are both `side` and `granted`: with `side` as the base, the
    // granted registry looks like the side that changed it.
    let commit_tree = |tree: &str, parents: &[&str]| {
        let mut args = vec!["commit-tree", tree];
        for parent in parents {
            args.extend(["-p", parent]);
        }
        args.extend(["-m", "Merge"]);
        git_as(&root, SKHCN, &args).trim().to_string()
    };
    let side = commit_tree(&format!("{before}^{{tree}}"), &[&before]);
    let first = commit_tree(&format!("{revoked}^{{tree}}"), &[&revoked, &side]);
    let second = commit_tree(&format!("{granted}^{{tree}}"), &[&side, &granted]);
    let last = commit_tree(&format!("{granted}^{{tree}}"), &[&first, &second]);
    git(&root, &["reset", "-q", "--hard", &last]);
    assert!(server.repo.read("agencies.toml").contains(both), "the attack brought the grant back");
    let output = plan(&root, &["audit", "--since", &revoked, "--lang", "en"]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_finding(
        &report,
        &last[..7],
        &["plan/agencies.toml: the merge's result is not what merging its parents gives"],
    );
}

#[test]
fn a_record_checked_against_an_older_task_is_checked_again_when_merged() {
    let server = Server::new();
    let root = server.root();
    // DOST hands task 16 to Sở Tài chính; Sở Công Thương becomes a partner.
    server.repo.edit("tasks/16.toml", "owner = [\"Sở Công Thương\"]", "owner = [\"Sở Tài chính\"]");
    server.repo.edit(
        "tasks/16.toml",
        "partners = [\"Sở Khoa học và Công nghệ\"]",
        "partners = [\"Sở Khoa học và Công nghệ\", \"Sở Công Thương\"]",
    );
    server.commit(ADMIN, "Giao 16 cho Sở Tài chính");
    let handed = server.head();
    // Sở Công Thương's clerk reports done on a branch from before, where it was the owner.
    git(&root, &["checkout", "-q", "-b", "sct", &server.start]);
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    server.commit(SCT, "Sở Công Thương hoàn thành 16");
    git(&root, &["checkout", "-q", "main"]);
    git_as(&root, SCT, &["merge", "-q", "--no-edit", "sct"]);
    let merge = server.head()[..7].to_string();
    let output = plan(&root, &["audit", "--since", &handed, "--lang", "en"]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_finding(
        &report,
        &merge,
        &[
            "plan/tasks/16.toml:",
            "a new record breaks a rule: \"Sở Công Thương\" is a partner and cannot mark the task done",
        ],
    );
}

#[test]
fn rewritten_history_is_caught_and_the_lost_commits_named() {
    let server = Server::new();
    let root = server.root();
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    let recorded = server.commit(SCT, "Sở Công Thương báo hoàn thành 16");
    let audited = server.head();
    git(&root, &["reset", "-q", "--hard", "HEAD^"]);
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    server.commit(SCT, "Cập nhật");
    let output = plan(&root, &["audit", "--since", &audited, "--lang", "en"]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("history rewritten, 1 commit(s) lost"), "{report}");
    assert!(
        report.contains(&format!(
            "  {recorded} Văn thư Sở Công Thương <vanthu@sct.example> \"Sở Công Thương báo hoàn thành 16\""
        )),
        "{report}"
    );
}

#[test]
fn records_reordered_or_replayed_are_caught() {
    let server = Server::new();
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    server.commit(SCT, "Báo hoàn thành rồi đính chính");
    let text = server.repo.read("tasks/16.toml");
    let done = record("[[updates]]", "so-cong-thuong", "2025-06-01", "done");
    let correction = record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress");
    server.repo.write("tasks/16.toml", text.replace(&format!("{done}{correction}"), &format!("{correction}{done}")));
    let swapped = server.commit(SKHCN, "Đổi thứ tự");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &swapped,
        &["plan/tasks/16.toml: edits or removes an earlier update record (Sở Công Thương, 2025-06-01; record 1)"],
    );
    server.reset();

    server.append("16", &done);
    server.append("16", &correction);
    server.commit(SCT, "Báo hoàn thành rồi đính chính");
    server.append("16", &done);
    let replayed = server.commit(SKHCN, "Chép lại");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &replayed,
        &["in the name of \"Sở Công Thương\" but the author belongs to \"Sở Khoa học và Công nghệ\""],
    );
}

#[test]
fn files_outside_the_task_files_are_caught() {
    let server = Server::new();
    let root = server.root();
    std::fs::write(root.join(".gitattributes"), "").unwrap();
    std::fs::write(root.join(".mailmap"), "Văn thư Sở Công Thương <vanthu@sct.example> <vanthu@skhcn.example>\n")
        .unwrap();
    std::fs::create_dir_all(root.join(".ci")).unwrap();
    std::fs::write(root.join(".ci/run"), "exit 0\n").unwrap();
    std::fs::write(root.join("Cargo.toml"), "[package]\n").unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/main.rs"), "fn main() {}\n").unwrap();
    server.repo.edit(
        "agencies.toml",
        "admins = [\"admin@skhcn.example\"]",
        "admins = [\"admin@skhcn.example\", \"vanthu@skhcn.example\"]",
    );
    std::fs::write(server.repo.plan().join("tasks/.hidden.toml"), "x = 1\n").unwrap();
    let commit = server.commit(SKHCN, "Sửa");
    // A commit after it gains nothing from the registry it changed.
    server.repo.edit("tasks/16.toml", "Trong năm 2025", "Trong năm 2030");
    let later = server.commit(SKHCN, "Gia hạn");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &["changes files other than task files: .ci/run, .gitattributes, .mailmap, Cargo.toml, plan/agencies.toml, plan/tasks/.hidden.toml, src/main.rs"],
    );
    assert_finding(&report, &later, &["changes more than adding update or proposal records (deadline)"]);
}

#[test]
fn the_committer_and_exact_addresses_count() {
    let server = Server::new();
    let root = server.root();
    // Sở KH&CN's clerk commits with Sở Công Thương's clerk as the author.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    let mut env = as_person(SKHCN);
    env[0].1 = SCT.0.to_string();
    env[1].1 = SCT.1.to_string();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    git(&root, &["add", "-A"]);
    git_with(&root, &env, &["commit", "-qm", "Cập nhật"]);
    let commit = server.head()[..7].to_string();
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &[
            "(committer Văn thư Sở KH&CN <vanthu@skhcn.example>)",
            "but the committer belongs to \"Sở Khoa học và Công nghệ\"",
        ],
    );
    server.reset();

    // The Kelvin sign folds to "k" under Unicode case folding, not under ASCII's.
    server.append("16", &record("[[updates]]", "so-khcn", "2025-06-01", "in-progress"));
    let commit = server.commit(("Văn thư", "vanthu@s\u{212A}hcn.example"), "Cập nhật");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &commit,
        &["in the name of \"Sở Khoa học và Công nghệ\" but the author belongs to no agency"],
    );
}

#[test]
fn new_records_that_break_the_rules_are_caught() {
    let server = Server::new();
    let cases: [(&str, (&str, &str), &str); 5] = [
        (
            "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-06-01\nstauts = \"done\"\n",
            SCT,
            "unknown field `stauts`",
        ),
        (
            "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-06-01\nstatus = \"done\"\nprogress = 500\n",
            SCT,
            "progress 500 is outside 0–100",
        ),
        (
            "\n[[updates]]\nby = \"so-tai-chinh\"\ndate = 2025-06-01\nstatus = \"in-progress\"\n",
            STC,
            "\"Sở Tài chính\" neither leads nor supports this task",
        ),
        (
            "\n[[updates]]\nby = \"so-khcn\"\ndate = 2025-06-01\nstatus = \"done\"\n",
            SKHCN,
            "is a partner and cannot mark the task done",
        ),
        (
            "\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2099-01-01\nstatus = \"done\"\n",
            SCT,
            "a record dated 01/01/2099, after its commit's date (or today)",
        ),
    ];
    for (text, who, expected) in cases {
        server.append("16", text);
        let commit = server.commit(who, "Cập nhật");
        let (code, report) = server.audit();
        assert_eq!(code, Some(1), "{expected}: {report}");
        assert_finding(&report, &commit, &["plan/tasks/16.toml:", expected]);
        server.reset();
    }
}

#[test]
fn a_commit_dated_in_the_future_does_not_admit_future_records() {
    let server = Server::new();
    let root = server.root();
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2098-01-01", "done"));
    git(&root, &["add", "-A"]);
    let mut env = as_person(SCT);
    env.push(("GIT_COMMITTER_DATE", "2099-01-01T00:00:00+07:00".to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    git_with(&root, &env, &["commit", "-qm", "Ngày tương lai"]);
    let commit = server.head()[..7].to_string();
    let output = plan(&root, &["audit", "--since", &server.base, "--as-of", "2026-11-27", "--lang", "en"]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_finding(&report, &commit, &["a record dated 01/01/2098, after its commit's date (or today) 27/11/2026"]);
}

#[test]
fn replacement_refs_do_not_hide_a_commit() {
    let server = Server::new();
    let root = server.root();
    let start = server.head();
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    let forged = server.commit(SKHCN, "Cập nhật");
    let forged_hash = server.head();
    // An innocent-looking commit with the same parent, put in the forged one's place.
    let tree = git(&root, &["rev-parse", &format!("{start}^{{tree}}")]).trim().to_string();
    let innocent = git_as(&root, SKHCN, &["commit-tree", &tree, "-p", &start, "-m", "Cập nhật"]);
    git(&root, &["replace", &forged_hash, innocent.trim()]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &forged, &["in the name of \"Sở Công Thương\""]);
}

#[test]
fn an_unrelated_history_merged_in_is_caught() {
    let server = Server::new();
    let root = server.root();
    // A commit with no parent holding a forged record, merged in with the driver's blessing.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    git(&root, &["add", "-A"]);
    let tree = git(&root, &["write-tree"]).trim().to_string();
    let orphan = git_as(&root, SKHCN, &["commit-tree", &tree, "-m", "Gốc"]).trim().to_string();
    git(&root, &["reset", "-q", "--hard", &server.start]);
    git_as(&root, SKHCN, &["merge", "-q", "--no-edit", "--allow-unrelated-histories", &orphan]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &orphan[..7], &["plan/tasks/16.toml: adds a task"]);
}

#[test]
fn a_plan_folder_turned_into_a_link_is_refused() {
    let server = Server::new();
    let root = server.root();
    // An older copy of the plan elsewhere on the machine, in a repository of its own.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("project");
    git(elsewhere.path(), &["clone", "-q", &root.to_string_lossy(), "project"]);
    std::fs::remove_dir_all(server.repo.plan()).unwrap();
    std::os::unix::fs::symlink(other.join("plan"), server.repo.plan()).unwrap();
    server.commit(SKHCN, "Liên kết");
    let (code, report) = server.audit();
    assert_eq!(code, Some(2), "{report}");
    assert!(report.contains("is a link (symlink)"), "{report}");
}

/// A commit object written byte by byte, as a hostile client could push it.
fn raw_commit(root: &std::path::Path, body: &str) -> String {
    let path = root.join(".git/raw-commit");
    std::fs::write(&path, body).unwrap();
    git(root, &["hash-object", "-t", "commit", "-w", "--literally", &path.to_string_lossy()]).trim().to_string()
}

#[test]
fn crafted_commit_objects_are_read_as_they_are() {
    let server = Server::new();
    let root = server.root();
    server.append("16", &record("[[updates]]", "so-khcn", "2025-06-01", "in-progress"));
    git(&root, &["add", "-A"]);
    let tree = git(&root, &["write-tree"]).trim().to_string();
    let parent = server.head();
    // Separators and a NUL in the names: read as they are, shown escaped.
    let odd = raw_commit(
        &root,
        &format!("tree {tree}\nparent {parent}\nauthor Văn\u{0}thư\u{1} <vanthu@skhcn.example> 1750000000 +0700\ncommitter Văn\u{0}thư <vanthu@skhcn.example> 1750000000 +0700\n\nCập nhật\u{1}\n"),
    );
    git(&root, &["reset", "-q", "--hard", &odd]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "{report}");
    // No committer at all: a finding, not a crash.
    let broken = raw_commit(
        &root,
        &format!("tree {tree}\nparent {odd}\nauthor X <vanthu@skhcn.example> 1750000000 +0700\n\nx\n"),
    );
    git(&root, &["reset", "-q", "--hard", &broken]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &broken[..7], &["the commit cannot be read (no readable author or committer)"]);
}

#[test]
fn odd_files_are_caught() {
    let server = Server::new();
    let root = server.root();
    server.repo.write("tasks/16.toml", "");
    let emptied = server.commit(SCT, "Xoá nội dung");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &emptied, &["plan/tasks/16.toml: changes more than adding update or proposal records (deadline, group, id, owner, partners, result, title)"]);
    server.reset();

    let head = server.head();
    git(&root, &["update-index", "--add", "--cacheinfo", &format!("160000,{head},plan/tasks/99.toml")]);
    git(&root, &["update-index", "--cacheinfo", &format!("160000,{head},plan/tasks/16.toml")]);
    git_as(&root, SCT, &["commit", "-qm", "Submodule"]);
    let gitlinks = server.head()[..7].to_string();
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &gitlinks, &["plan/tasks/16.toml: not a plain file (mode 160000"]);
    assert_finding(&report, &gitlinks, &["plan/tasks/99.toml: adds a task"]);
    git(&root, &["reset", "-q", "--hard", &head]);

    std::fs::remove_file(server.repo.task_path("16")).unwrap();
    std::os::unix::fs::symlink("17.toml", server.repo.task_path("16")).unwrap();
    let linked = server.commit(SCT, "Liên kết");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &linked, &["plan/tasks/16.toml: not a plain file (mode 120000"]);
}

#[test]
fn names_and_subjects_cannot_rewrite_the_screen() {
    let server = Server::new();
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "done"));
    let commit = server.commit(("Văn thư\u{1b}[2K\r✓ OK \u{202e}", SKHCN.1), "x");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert!(!report.contains('\u{1b}') && !report.contains('\r') && !report.contains('\u{202e}'), "{report:?}");
    assert_finding(&report, &commit, &["Văn thư\\u{1b}[2K\\u{d}✓ OK \\u{202e} <vanthu@skhcn.example>"]);
}

#[test]
fn signed_commits_are_required_where_the_registry_has_keys() {
    let mut server = Server::new();
    let keys = tempfile::tempdir().unwrap();
    let (admin_key, admin_public) = ssh_key(keys.path(), "admin");
    let (sct_key, sct_public) = ssh_key(keys.path(), "sct");
    let (skhcn_key, _) = ssh_key(keys.path(), "skhcn");
    server.repo.edit("agencies.toml", "admin_signing_keys = []", &format!("admin_signing_keys = [\"{admin_public}\"]"));
    server.repo.edit(
        "agencies.toml",
        "emails = [\"vanthu@sct.example\"]",
        &format!("emails = [\"vanthu@sct.example\"]\nsigning_keys = [\"{sct_public}\"]"),
    );
    assert_eq!(plan(&server.root(), &["check"]).status.code(), Some(0));
    server.commit(ADMIN, "Khoá ký");
    server.base = server.head();

    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-01", "in-progress"));
    let good = server.commit_signed(SCT, &sct_key, "Ký đúng");
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "{report}");

    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-02", "in-progress"));
    let unsigned = server.commit(SCT, "Không ký");
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-06-03", "in-progress"));
    let wrong_key = server.commit_signed(SCT, &skhcn_key, "Ký bằng khoá khác");
    server.repo.edit("tasks/17.toml", "Trong năm 2025", "Trong quý IV/2025");
    let admin_unsigned = server.commit(ADMIN, "Quản trị không ký");
    server.repo.edit("tasks/17.toml", "Trong quý IV/2025", "Trong quý III/2025");
    let admin_signed = server.commit_signed(ADMIN, &admin_key, "Quản trị ký");
    // Sở KH&CN has no keys: unsigned is fine, unless every commit must be signed.
    server.append("16", &record("[[updates]]", "so-khcn", "2025-06-04", "in-progress"));
    let no_keys = server.commit(SKHCN, "Sở KH&CN");

    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert!(!report.contains(&format!("✗ {good} ")), "{report}");
    assert_finding(
        &report,
        &unsigned,
        &["needs a signature by a key of \"so-cong-thuong\"", "the commit is not signed"],
    );
    assert_finding(&report, &wrong_key, &["needs a signature by a key of \"so-cong-thuong\""]);
    assert_finding(&report, &admin_unsigned, &["needs a signature by a key of the administrators"]);
    assert_finding(
        &report,
        &admin_unsigned,
        &["plan/tasks/17.toml: changes more than adding update or proposal records (deadline)"],
    );
    assert!(report.contains(&format!("ℹ {admin_signed} ")), "{report}");
    assert!(!report.contains(&format!("✗ {no_keys} ")), "{report}");

    let (code, report) = server.audit_with(&["--require-signed"]);
    assert_eq!(code, Some(1));
    assert_finding(&report, &no_keys, &["needs a signature by a key of \"so-khcn\""]);
    assert!(!report.contains(&format!("✗ {good} ")), "{report}");
}

/// A `[[proposals]]` record under `header`, as `plan propose` writes one.
fn proposal(header: &str, by: &str, date: &str) -> String {
    format!(
        "\n{header}\nby = \"{by}\"\ndate = {date}\nreason = \"Chờ hướng dẫn của Trung ương\"\ndeadline = \"Trong năm 2026\"\n"
    )
}

/// An `[[amendments]]` record under `header`, as `plan amend` writes one.
fn amendment(header: &str) -> String {
    format!("\n{header}\ndecision = \"Quyết định số 123/QĐ-UBND\"\ndecided = 2025-07-01\ndeadline = \"Trong năm 2026\"\nproposal = 1\n")
}

#[test]
fn a_lead_agency_proposes_and_the_administrator_records_the_decision() {
    let server = Server::new();
    let root = server.root();
    let propose = plan(
        &root,
        &[
            "propose",
            "16",
            "--by",
            "Sở Công Thương",
            "--reason",
            "Chờ hướng dẫn của Trung ương",
            "--deadline",
            "Trong năm 2026",
            "--date",
            "2025-06-01",
        ],
    );
    assert!(propose.status.success(), "{}", String::from_utf8_lossy(&propose.stderr));
    let proposed = server.commit(SCT, "Sở Công Thương đề xuất điều chỉnh 16");
    // A reason that holds header lines is one reason, not a record.
    server.append(
        "16",
        "\n[[proposals]]\nby = \"so-cong-thuong\"\ndate = 2025-06-02\nreason = \"\"\"\n[[amendments]]\ndecision = \"x\"\n\"\"\"\nresult = \"Báo cáo\"\n",
    );
    let tricky = server.commit(SCT, "Sở Công Thương đề xuất thêm");
    let amend = plan(
        &root,
        &[
            "amend",
            "16",
            "--decision",
            "Quyết định số 123/QĐ-UBND",
            "--decided",
            "2025-07-01",
            "--deadline",
            "Trong năm 2026",
            "--proposal",
            "1",
        ],
    );
    assert!(amend.status.success(), "{}", String::from_utf8_lossy(&amend.stderr));
    let amended = server.commit(ADMIN, "Điều chỉnh 16 theo Quyết định số 123/QĐ-UBND");
    // Work goes on after the decision: records before it stay as they were.
    server.append("16", &record("[[updates]]", "so-cong-thuong", "2025-07-02", "in-progress"));
    let updated = server.commit(SCT, "Sở Công Thương cập nhật 16");
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains(&format!("ℹ {amended} ")), "{report}");
    for clerk in [proposed, tricky, updated] {
        assert!(!report.contains(&format!("✗ {clerk} ")), "{report}");
    }
    let kinds: Vec<_> =
        plan::records::parse(&server.repo.read("tasks/16.toml")).unwrap().records.iter().map(|r| r.kind).collect();
    use plan::records::Kind;
    assert_eq!(kinds, [Kind::Proposal, Kind::Proposal, Kind::Amendment, Kind::Update]);
}

#[test]
fn a_proposal_in_another_agencys_name_or_by_an_agency_not_leading_is_caught() {
    let server = Server::new();
    // Sở KH&CN's clerk, in the name of the lead, under every spelling of the header.
    for header in ["[[proposals]]", "[[ \"proposals\" ]]", "[['proposals']] # x"] {
        server.append("16", &proposal(header, "so-cong-thuong", "2025-06-01"));
        let commit = server.commit(SKHCN, "Đề xuất");
        let (code, report) = server.audit();
        assert_eq!(code, Some(1), "{header}: {report}");
        assert_finding(
            &report,
            &commit,
            &[
                "plan/tasks/16.toml:",
                "records a proposal in the name of \"Sở Công Thương\" but the author belongs to \"Sở Khoa học và Công nghệ\"",
            ],
        );
        server.reset();
    }
    // A partner, and an agency with no part in the task, each in its own name.
    for (by, clerk, name) in [("so-khcn", SKHCN, "Sở Khoa học và Công nghệ"), ("so-tai-chinh", STC, "Sở Tài chính")]
    {
        server.append("16", &proposal("[[proposals]]", by, "2025-06-01"));
        let commit = server.commit(clerk, "Đề xuất");
        let (code, report) = server.audit();
        assert_eq!(code, Some(1), "{by}: {report}");
        assert_finding(
            &report,
            &commit,
            &[
                "plan/tasks/16.toml:",
                &format!("a new record breaks a rule: {name} does not lead this task, so it cannot propose changes"),
            ],
        );
        assert!(!report.contains("in the name of"), "{report}");
        server.reset();
    }
}

#[test]
fn an_amendment_by_anyone_but_an_administrator_is_caught() {
    let server = Server::new();
    // Even the lead agency's clerk, and whatever the header's spelling.
    for header in ["[[amendments]]", "[['amendments']]", "[[ \"amendments\" ]] # x"] {
        server.append("16", &proposal("[[proposals]]", "so-cong-thuong", "2025-06-01"));
        server.append("16", &amendment(header));
        let commit = server.commit(SCT, "Tự điều chỉnh");
        let (code, report) = server.audit();
        assert_eq!(code, Some(1), "{header}: {report}");
        assert_finding(
            &report,
            &commit,
            &["plan/tasks/16.toml:", "records an amendment ([[amendments]]); amendments are the People's Committee's decisions, recorded only by DOST's administrators", "plan propose"],
        );
        assert_eq!(report.matches("✗ ").count(), 1, "the proposal beside it is fine: {report}");
        server.reset();
    }
    // The teaching message in Vietnamese.
    server.append("16", &amendment("[[amendments]]"));
    let commit = server.commit(SCT, "Tự điều chỉnh");
    let output = plan(&server.root(), &["audit", "--since", &server.base]);
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_finding(&report, &commit, &["ghi điều chỉnh nhiệm vụ", "chỉ quản trị viên Sở KH&CN"]);
}

#[test]
fn earlier_proposals_and_amendments_cannot_be_edited() {
    let server = Server::new();
    let root = server.root();
    server.append("16", &proposal("[[proposals]]", "so-cong-thuong", "2025-06-01"));
    server.commit(SCT, "Sở Công Thương đề xuất");
    server.append("16", &amendment("[[amendments]]"));
    server.commit(ADMIN, "Điều chỉnh theo Quyết định số 123/QĐ-UBND");
    let start = server.head();
    let text = server.repo.read("tasks/16.toml");

    // The proposing agency itself asks for more afterwards.
    server
        .repo
        .write("tasks/16.toml", text.replacen("deadline = \"Trong năm 2026\"", "deadline = \"Trong năm 2027\"", 1));
    let proposal_edited = server.commit(SCT, "Sửa đề xuất");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &proposal_edited,
        &["plan/tasks/16.toml: edits or removes an earlier proposal (Sở Công Thương, 2025-06-01; record 1)"],
    );
    git(&root, &["reset", "-q", "--hard", &start]);

    // The decision's deadline, moved by the agency it binds.
    let at = text.rfind("deadline = \"Trong năm 2026\"").unwrap();
    let moved =
        format!("{}deadline = \"Trong năm 2030\"{}", &text[..at], &text[at + "deadline = \"Trong năm 2026\"".len()..]);
    server.repo.write("tasks/16.toml", moved);
    let amendment_edited = server.commit(SCT, "Sửa điều chỉnh");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(
        &report,
        &amendment_edited,
        &["edits or removes an earlier amendment (Quyết định số 123/QĐ-UBND, 2025-07-01; record 2)"],
    );
    git(&root, &["reset", "-q", "--hard", &start]);

    // The same fields under another header are another record: a proposal turned into an update.
    server.repo.write("tasks/16.toml", text.replacen("[[proposals]]", "[[updates]]", 1));
    let respelled = server.commit(SCT, "Đổi loại bản ghi");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &respelled, &["edits or removes an earlier proposal"]);
}

#[test]
fn two_agencies_proposing_on_branches_merge_cleanly_and_pass() {
    let server = Server::new();
    let root = server.root();
    // Task 47 is led by Sở Tài chính and Sở KH&CN together.
    git(&root, &["checkout", "-qb", "stc"]);
    server.append("47", &proposal("[[proposals]]", "so-tai-chinh", "2025-06-01"));
    server.commit(STC, "Sở Tài chính đề xuất điều chỉnh 47");
    git(&root, &["checkout", "-q", "main"]);
    server.append("47", &proposal("[[proposals]]", "so-khcn", "2025-06-02"));
    server.commit(SKHCN, "Sở KH&CN đề xuất điều chỉnh 47");
    git_as(&root, SKHCN, &["merge", "-q", "--no-edit", "stc"]);
    let text = server.repo.read("tasks/47.toml");
    assert!(!text.contains("<<<<<<<"), "{text}");
    let by: Vec<_> =
        plan::records::parse(&text).unwrap().records.iter().map(|r| r.by.clone().unwrap_or_default()).collect();
    assert_eq!(by, ["so-khcn", "so-tai-chinh"], "{text}");
    let check = plan(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn a_new_task_is_proposed_by_its_own_lead_and_by_no_one_else() {
    let server = Server::new();
    let root = server.root();
    let propose = |by: &str, owner: &str| {
        plan(
            &root,
            &[
                "propose",
                "--new-task",
                "--by",
                by,
                "--reason",
                "Theo chỉ đạo",
                "--group",
                "III",
                "--title",
                "Xây dựng Trung tâm dữ liệu tỉnh",
                "--owner",
                owner,
                "--deadline",
                "Trong quý IV/2025",
                "--date",
                "2025-06-01",
            ],
        )
    };
    let made = propose("so-cong-thuong", "Sở Công Thương");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    server.commit(SCT, "Sở Công Thương đề xuất nhiệm vụ mới");
    let proposed = server.head();
    let back = || git(&root, &["reset", "-q", "--hard", &proposed]);
    let (code, report) = server.audit();
    assert_eq!(code, Some(0), "a lead's own proposal passes: {report}");

    // In another agency's name, whatever the file says of its lead.
    let forged = "\n[[ 'proposals' ]]\nby = \"so-tai-chinh\"\ndate = 2025-06-02\nreason = \"x\"\ngroup = \"III\"\ntitle = \"T\"\nowner = [\"Sở Tài chính\"]\ndeadline = \"Trong năm 2025\"\n";
    let text = server.repo.read("proposals.toml");
    server.repo.write("proposals.toml", format!("{text}{forged}"));
    let commit = server.commit(SCT, "Đề xuất thay Sở Tài chính");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &commit, &["Sở Tài chính"]);
    back();

    // A new task the proposer would not lead, or an earlier proposal edited.
    let text = server.repo.read("proposals.toml");
    let unled = "\n[[proposals]]\nby = \"so-cong-thuong\"\ndate = 2025-06-02\nreason = \"x\"\ngroup = \"III\"\ntitle = \"T\"\nowner = [\"Sở Tài chính\"]\ndeadline = \"Trong năm 2025\"\n";
    server.repo.write("proposals.toml", format!("{text}{unled}"));
    let commit = server.commit(SCT, "Đề xuất việc của Sở Tài chính");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &commit, &["does not lead this task"]);
    back();
    server.repo.write("proposals.toml", text.replace("Trong quý IV/2025", "Trong năm 2030"));
    let commit = server.commit(SCT, "Sửa đề xuất");
    let (code, report) = server.audit();
    assert_eq!(code, Some(1), "{report}");
    assert_finding(&report, &commit, &["earlier proposal"]);
}
