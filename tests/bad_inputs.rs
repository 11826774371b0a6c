//! Hostile and broken input: every case gives a clear error and a non-zero exit, never a
//! panic and never a write. The files are in tests/corpus/; large cases are made here.
//!
//! The corpus and the broken registries run in this process (`plan::cli::run_args`): a
//! process per command would add nothing but time. The huge and deeply nested cases run
//! the binary, in parallel: a stack overflow there would end the process, and the test
//! must see that as a failure of its case, not as the end of the test run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Repo;

/// Every file under `dir` with its bytes, but for the lock and the cache of parsed files,
/// which are not plan data.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir(dir) {
        if let Ok(bytes) = std::fs::read(&entry) {
            out.insert(entry, bytes);
        }
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if !path.ends_with(".lock") && !path.ends_with(".cache") {
            out.push(path);
        }
    }
    out
}

/// Fails naming the files that changed, without printing their contents.
fn assert_unchanged(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>, case: &str) {
    let changed: Vec<_> =
        before.keys().chain(after.keys()).filter(|path| before.get(*path) != after.get(*path)).collect();
    assert!(changed.is_empty(), "{case}: nothing may be written, but these changed: {changed:?}");
}

const READ_COMMANDS: &[&[&str]] = &[
    &["check"],
    &["overdue", "--as-of", "2026-01-01"],
    &["overdue", "--format", "json"],
    &["list"],
    &["agencies"],
    &["summary"],
    &["export", "--format", "json"],
    &["show", "99"],
    &["log"],
];

/// How a case runs `plan`.
#[derive(Clone, Copy)]
enum Run {
    /// In this process: a panic is caught and reported as the case's.
    InProcess,
    /// The binary: a crash of any kind is the case's own.
    Binary,
}

/// Runs `plan ARGS` on the repository: the exit code and standard error.
fn run(repo: &Repo, how: Run, args: &[&str], case: &str) -> (i32, String) {
    match how {
        Run::InProcess => {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| repo.run(args)));
            let run = result.unwrap_or_else(|_| panic!("{case}: {args:?} panicked"));
            (run.code, run.stderr)
        }
        Run::Binary => {
            let output = repo.plan_cmd().args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(!stderr.contains("panicked"), "{case}: {args:?} panicked: {stderr}");
            let code = output.status.code().unwrap_or_else(|| panic!("{case}: {args:?} was killed by a signal"));
            (code, stderr)
        }
    }
}

/// Runs every read command and a refused update on the plan; none may panic or write.
fn assert_refused_without_panic(repo: &Repo, case: &str, expect_check: i32, how: Run) {
    let before = snapshot(repo.dir.path());
    for args in READ_COMMANDS {
        let (code, stderr) = run(repo, how, &[*args, &["--lang", "en"]].concat(), case);
        if args[0] == "check" {
            assert_eq!(code, expect_check, "{case}: {stderr}");
            assert!(stderr.contains("error:") && stderr.contains("plan/tasks/99.toml"), "{case}: {stderr}");
            assert!(stderr.contains("hint:"), "{case}: every problem ends with a hint: {stderr}");
        } else if args[0] != "show" {
            assert_ne!(code, 0, "{case}: {args:?} must not exit 0 on a broken plan");
        }
    }
    let (code, _) = run(repo, how, &["update", "99", "--by", "so-cong-thuong", "--status", "done"], case);
    assert_ne!(code, 0, "{case}: update of a broken task file is refused");
    assert_unchanged(&before, &snapshot(repo.dir.path()), case);
}

#[test]
fn every_file_of_the_corpus_is_refused_clearly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases = 0;
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name.starts_with("ok_") {
            continue;
        }
        let repo = Repo::shipped();
        std::fs::copy(&path, repo.task_path("99")).unwrap();
        assert_refused_without_panic(&repo, &name, 1, Run::InProcess);
        cases += 1;
    }
    assert!(cases >= 12, "corpus read: {cases} cases");
}

#[test]
fn windows_saved_variants_of_the_corpus_are_accepted() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let repo = Repo::shipped();
    std::fs::copy(corpus.join("ok_mixed_nfc_nfd_bom_crlf.toml"), repo.task_path("99")).unwrap();
    repo.plan_cmd().arg("check").assert().code(0);
    let update =
        repo.plan_cmd().args(["update", "99", "--by", "Sở Công Thương", "--status", "in-progress"]).output().unwrap();
    assert!(update.status.success(), "{}", String::from_utf8_lossy(&update.stderr));
    let bytes = std::fs::read(repo.task_path("99")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.ends_with(b"status = \"in-progress\"\r\n"));
    repo.plan_cmd().arg("check").assert().code(0);
}

#[test]
fn huge_strings_and_deep_nesting_are_refused_without_a_crash() {
    let base = Repo::shipped().read("tasks/16.toml").replace("id = \"16\"", "id = \"99\"");
    let cases = [
        (
            "10 MB title and an unknown field",
            base.replace("title = ", &format!("mood = 1\ntitle = \"{}\"\nx = ", "Đề án ".repeat(1_500_000))),
        ),
        ("deeply nested arrays", format!("{base}x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000))),
        ("deeply nested inline tables", format!("{base}x = {}1{}\n", "{a=".repeat(50_000), "}".repeat(50_000))),
        ("very long dotted key", format!("{base}[{}]\n", vec!["a"; 20_000].join("."))),
        ("10 MB of one line of junk", "@".repeat(10_000_000)),
    ];
    std::thread::scope(|scope| {
        for (name, text) in &cases {
            scope.spawn(move || {
                let repo = Repo::shipped();
                repo.write("tasks/99.toml", text);
                assert_refused_without_panic(&repo, name, 1, Run::Binary);
            });
        }
    });
}

#[test]
fn broken_registry_and_metadata_files() {
    let cases: [(&str, &str, &[u8]); 4] = [
        ("agencies.toml", "invalid UTF-8", b"[[agency]]\nid = \"\xff\"\n"),
        ("agencies.toml", "truncated", b"[[agency]]\nid = \"so-khcn\"\nname = \"S"),
        ("plan.toml", "wrong types", b"title = 1\nissuer = []\nissued = 2025-02-01\n"),
        ("events.toml", "an event that is not a table", b"huong-dan-trach-nhiem = \"2025-05-15\"\n"),
    ];
    for (file, case, bytes) in cases {
        let repo = Repo::shipped();
        repo.write(file, bytes);
        let before = snapshot(repo.dir.path());
        let (code, stderr) = run(&repo, Run::InProcess, &["check", "--lang", "en"], case);
        assert_eq!(code, 1, "{file} {case}: {stderr}");
        assert!(stderr.contains(&format!("plan/{file}:")), "{file} {case}: {stderr}");
        let (code, _) = run(&repo, Run::InProcess, &["overdue"], case);
        assert_eq!(code, 1, "{file} {case}");
        assert_unchanged(&before, &snapshot(repo.dir.path()), &format!("{file} {case}"));
    }
}

#[test]
fn an_empty_plan_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plan")).unwrap();
    let output = assert_cmd::Command::cargo_bin("plan")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("PLAN_DIR")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("plan.toml"));
    assert_eq!(std::fs::read_dir(dir.path().join("plan")).unwrap().count(), 0, "nothing was created");
}
