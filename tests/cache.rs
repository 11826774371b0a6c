//! The cache of parsed task files (plan/.cache) never serves stale data.

mod common;

use std::time::Duration;

use common::{overdue_ids, Repo};

/// A copy of the plan whose files are old enough to be cached, with the cache built.
fn cached_repo() -> Repo {
    let repo = Repo::shipped();
    // Files changed within the cache's window (two seconds; common::RACY_MS in the tests)
    // are never cached.
    common::settle();
    repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01"]).assert().code(0);
    let cache = std::fs::metadata(repo.plan().join(".cache")).expect("the cache is written");
    assert!(cache.len() > 10_000, "the cache holds the tasks");
    repo
}

fn json(repo: &Repo, args: &[&str]) -> String {
    let output = repo.plan_cmd().args(args).args(["--format", "json"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn cached_and_uncached_reads_agree() {
    let repo = cached_repo();
    for args in [&["overdue", "--as-of", "2026-01-01"][..], &["list"], &["agencies", "--as-of", "2026-01-01"]] {
        let with = json(&repo, args);
        let without = json(&repo, &[args, &["--no-cache"]].concat());
        assert_eq!(with, without, "{args:?}");
    }
    repo.plan_cmd().arg("check").assert().code(0);
}

#[test]
fn a_file_changed_in_the_same_second_with_the_same_size_is_read_again() {
    let repo = cached_repo();
    assert!(overdue_ids(&repo, "2026-01-01").contains(&"16".to_string()));
    let path = repo.task_path("16");
    let before = std::fs::metadata(&path).unwrap();
    // Same size, same modification time, different content.
    repo.edit("tasks/16.toml", "deadline = \"Trong năm 2025\"", "deadline = \"Trong năm 2027\"");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(before.modified().unwrap()).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), before.len());
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"16".to_string()), "the new deadline is seen");
}

#[test]
fn a_file_replaced_by_another_of_the_same_size_is_read_again() {
    let repo = cached_repo();
    let path = repo.task_path("17");
    let text = repo.read("tasks/17.toml").replace("Trong năm 2025", "Trong năm 2028");
    let replacement = repo.plan().join("tasks/.new");
    std::fs::write(&replacement, &text).unwrap();
    std::fs::rename(&replacement, &path).unwrap();
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"17".to_string()));
}

#[test]
fn a_git_checkout_that_rewrites_files_is_seen() {
    let repo = Repo::shipped();
    let root = repo.dir.path();
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git").current_dir(root).args(args).output().unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["-c", "user.name=a", "-c", "user.email=a@example", "add", "."]);
    git(&["-c", "user.name=a", "-c", "user.email=a@example", "commit", "-qm", "a"]);
    git(&["checkout", "-q", "-b", "later"]);
    repo.edit("tasks/22.toml", "Hoàn thành trong quý IV/2025", "Hoàn thành trong quý IV/2029");
    git(&["-c", "user.name=a", "-c", "user.email=a@example", "commit", "-qam", "b"]);
    common::settle();
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"22".to_string()));
    assert!(repo.plan().join(".cache").exists());
    git(&["checkout", "-q", "main"]);
    assert!(overdue_ids(&repo, "2026-01-01").contains(&"22".to_string()), "checkout back is seen at once");
    git(&["checkout", "-q", "later"]);
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"22".to_string()));
}

#[test]
fn a_registry_change_invalidates_every_entry() {
    let repo = cached_repo();
    repo.edit("agencies.toml", "name = \"Sở Công Thương\"", "name = \"Sở Công Thương mới\"");
    // The short name is a name too.
    repo.edit("agencies.toml", "short = \"Sở Công Thương\"", "short = \"Sở CT mới\"");
    let output = repo.plan_cmd().args(["check", "--lang", "en"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "tasks naming the old name are read again");
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown agency \"Sở Công Thương\""));
}

#[test]
fn a_broken_or_foreign_cache_is_ignored_and_no_cache_means_none() {
    let repo = cached_repo();
    std::fs::write(repo.plan().join(".cache"), b"\x01\x02 not a cache").unwrap();
    assert_eq!(overdue_ids(&repo, "2025-07-01").len(), 9);
    std::fs::remove_file(repo.plan().join(".cache")).unwrap();
    repo.plan_cmd().args(["overdue", "--no-cache"]).assert().code(0);
    repo.plan_cmd().args(["check", "--no-cache"]).assert().code(0);
    assert!(!repo.plan().join(".cache").exists(), "--no-cache neither reads nor writes it");
    let check = repo.plan_cmd().arg("check").output().unwrap();
    assert!(check.status.success());
}

#[test]
fn updates_are_seen_at_once() {
    let repo = cached_repo();
    repo.plan_cmd()
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "done", "--date", "2025-12-01"])
        .assert()
        .code(0);
    assert!(!overdue_ids(&repo, "2026-01-01").contains(&"16".to_string()));
}

#[test]
fn another_build_of_plan_does_not_trust_the_cache() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let built_by_this = std::fs::read(&cache).unwrap();
    // A copy of the program stands for a new build: another file, another stamp.
    let other = repo.dir.path().join("plan-other-build");
    std::fs::copy(assert_cmd::cargo::cargo_bin("plan"), &other).unwrap();
    let output = std::process::Command::new(&other)
        .current_dir(repo.dir.path())
        .env("PLAN_CACHE_RACY_MS", common::RACY_MS.to_string())
        .args(["overdue", "--as-of", "2026-01-01"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rebuilt = std::fs::read(&cache).unwrap();
    assert_ne!(rebuilt, built_by_this, "the other build wrote its own cache instead of reading this one");
}

fn stdout(repo: &Repo, args: &[&str]) -> String {
    let output = repo.plan_cmd().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Commands that never show a task's long texts (result, notes, evidence) read the cache
/// without them; those that do show them still find every one, even after a cache rewrite
/// by a command that did not read them.
#[test]
fn texts_survive_caches_written_by_commands_that_do_not_read_them() {
    let repo = Repo::shipped();
    repo.plan_cmd()
        .args(["update", "16", "--by", "so-cong-thuong", "--status", "blocked", "--date", "2025-06-01"])
        .args(["--note", "Chờ kinh phí năm 2026", "--evidence", "Công văn 12/SCT", "--as-of", "2025-06-02"])
        .assert()
        .code(0);
    common::settle();
    repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01"]).assert().code(0);
    // Task 17 changes: the next read rewrites the cache, copying the texts it never read.
    repo.edit("tasks/17.toml", "Trong năm 2025", "Trong năm 2028");
    common::settle();
    let before = std::fs::read(repo.plan().join(".cache")).unwrap();
    repo.plan_cmd().args(["check", "--as-of", "2026-01-01"]).assert().code(0);
    assert_ne!(std::fs::read(repo.plan().join(".cache")).unwrap(), before, "the cache was rewritten");

    let show = stdout(&repo, &["show", "16", "--as-of", "2026-01-01"]);
    for text in ["Chờ kinh phí năm 2026", "Công văn 12/SCT", "Kế hoạch triển khai Đề án/Báo cáo kết quả thực hiện"]
    {
        assert!(show.contains(text), "{text} in:\n{show}");
    }
    assert_eq!(show, stdout(&repo, &["show", "16", "--as-of", "2026-01-01", "--no-cache"]));
    for args in [&["export", "--as-of", "2026-01-01"][..], &["list"], &["log", "--as-of", "2026-01-01"]] {
        let with = json(&repo, args);
        assert!(with.contains("Chờ kinh phí năm 2026") || args[0] == "list", "{args:?}");
        assert!(with.contains("Đề án được phê duyệt") || args[0] == "log", "{args:?}");
        assert_eq!(with, json(&repo, &[args, &["--no-cache"]].concat()), "{args:?}");
    }
}

/// A cache cut short (a full disk, say) or holding files since deleted still gives the
/// plan exactly as the files say.
#[test]
fn a_cache_cut_short_or_naming_deleted_files_gives_the_files_as_they_are() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    let expected = json(&repo, &["export", "--as-of", "2026-01-01", "--no-cache"]);
    assert_eq!(json(&repo, &["export", "--as-of", "2026-01-01"]), expected);
    assert_eq!(
        json(&repo, &["overdue", "--as-of", "2026-01-01"]),
        json(&repo, &["overdue", "--as-of", "2026-01-01", "--no-cache"])
    );

    std::fs::remove_file(repo.task_path("50")).unwrap();
    let without_50 = json(&repo, &["list", "--no-cache"]);
    assert!(!without_50.contains("\"id\": \"50\""));
    assert_eq!(json(&repo, &["list"]), without_50);
    assert_eq!(json(&repo, &["list"]), without_50, "the cache written without task 50 reads back the same");
}

/// Whatever damage the cache file takes — bytes changed, cut, or repeated — reads give the
/// plan exactly as its files say, and never fail.
#[test]
fn a_damaged_cache_never_changes_what_is_read() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let good = std::fs::read(&cache).unwrap();
    let expected: Vec<String> = [&["export"][..], &["overdue"]]
        .iter()
        .map(|args| json(&repo, &[args, &["--as-of", "2026-01-01", "--no-cache"][..]].concat()))
        .collect();
    let mut rng = fastrand::Rng::with_seed(57);
    for round in 0..24 {
        let mut bytes = good.clone();
        match round % 3 {
            0 => {
                for _ in 0..rng.usize(1..8) {
                    let at = rng.usize(12..bytes.len());
                    bytes[at] = rng.u8(..);
                }
            }
            1 => bytes.truncate(rng.usize(12..bytes.len())),
            _ => {
                let from = rng.usize(12..bytes.len());
                let piece = bytes[from..(from + 64).min(bytes.len())].to_vec();
                let at = rng.usize(12..bytes.len());
                bytes.splice(at..at, piece);
            }
        }
        for (args, expected) in [&["export"][..], &["overdue"]].iter().zip(&expected) {
            std::fs::write(&cache, &bytes).unwrap();
            let output =
                repo.plan_cmd().args(*args).args(["--as-of", "2026-01-01", "--format", "json"]).output().unwrap();
            assert!(output.status.success(), "round {round}: {}", String::from_utf8_lossy(&output.stderr));
            assert!(&String::from_utf8(output.stdout).unwrap() == expected, "round {round}, {args:?}");
        }
    }
}

/// A task file added after the last one cached is parsed and joins the cache, and the
/// cache keeps everything it held, texts included, even when the command that rewrote it
/// did not read them.
#[test]
fn a_task_added_at_the_end_joins_the_cache_which_keeps_the_rest() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let before = std::fs::metadata(&cache).unwrap().len();
    let text = repo.read("tasks/50.toml").replacen("id = \"50\"", "id = \"99\"", 1);
    repo.write("tasks/99.toml", text);
    common::settle();
    repo.plan_cmd().args(["overdue", "--as-of", "2026-01-01"]).assert().code(0);
    let after = std::fs::metadata(&cache).unwrap().len();
    assert!(after > before, "the cache grew from {before} to {after} bytes");
    let expected = json(&repo, &["export", "--as-of", "2026-01-01", "--no-cache"]);
    assert_eq!(json(&repo, &["export", "--as-of", "2026-01-01"]), expected);
}

/// Runs `args` and `args --no-cache` with a deadline; both must give the same output.
fn same_as_without_cache(repo: &Repo, args: &[&str]) {
    let limit = Duration::from_secs(20);
    let with = common::output_within(repo.plan_std().args(args), limit);
    let without = common::output_within(repo.plan_std().args(args).arg("--no-cache"), limit);
    assert_eq!(with.status.code(), without.status.code(), "{args:?}: {}", String::from_utf8_lossy(&with.stderr));
    assert!(with.stdout == without.stdout, "{args:?}: the same output as --no-cache");
    assert_eq!(String::from_utf8_lossy(&with.stderr), String::from_utf8_lossy(&without.stderr), "{args:?}");
}

const READS: &[&[&str]] = &[&["check"], &["overdue", "--as-of", "2025-07-01"]];

/// A FIFO at plan/.cache is neither waited on nor replaced.
#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_cache_is_ignored() {
    use std::os::unix::fs::FileTypeExt;
    let repo = Repo::shipped();
    common::settle();
    let cache = repo.plan().join(".cache");
    assert!(std::process::Command::new("mkfifo").arg(&cache).status().unwrap().success());
    for args in READS {
        same_as_without_cache(&repo, args);
    }
    assert!(std::fs::symlink_metadata(&cache).unwrap().file_type().is_fifo(), "left as it was");
}

/// A link at plan/.cache is neither read through nor written through, nor replaced.
#[cfg(unix)]
#[test]
fn a_link_in_place_of_the_cache_is_ignored() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let outside = repo.dir.path().join("cache-elsewhere");
    std::fs::rename(&cache, &outside).unwrap();
    let before = std::fs::read(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, &cache).unwrap();
    // A changed task makes the reads want to write the cache again.
    repo.edit("tasks/17.toml", "Trong năm 2025", "Trong năm 2028");
    common::settle();
    for args in READS {
        same_as_without_cache(&repo, args);
    }
    assert!(std::fs::symlink_metadata(&cache).unwrap().file_type().is_symlink(), "left as it was");
    assert_eq!(std::fs::read(&outside).unwrap(), before, "its target untouched");
}

/// The highest resident memory `plan args` reached, read from /proc while it runs.
#[cfg(target_os = "linux")]
fn peak_memory_kib(repo: &Repo, args: &[&str]) -> (u64, std::process::ExitStatus) {
    let mut child = repo
        .plan_std()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut peak = 0;
    loop {
        // VmHWM only grows, so the last reading before the exit is the peak up to then.
        let status = std::fs::read_to_string(&status_file).unwrap_or_default();
        let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().split(' ').next());
        peak = peak.max(hwm.and_then(|kib| kib.parse().ok()).unwrap_or(0));
        if let Some(exit) = child.try_wait().unwrap() {
            return (peak, exit);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A record part that declares a huge length — within the file, which is made as large,
/// sparse — is not read: the cache stops there, the output is as without it, and memory
/// stays far below the declared length.
#[cfg(target_os = "linux")]
#[test]
fn a_crafted_part_length_is_never_allocated() {
    let repo = cached_repo();
    let cache = repo.plan().join(".cache");
    let (normal, _) = peak_memory_kib(&repo, &["check"]);
    let preamble = std::fs::read(&cache).unwrap()[..12].to_vec();
    const DECLARED: u32 = 547 << 20;
    let mut crafted = preamble;
    crafted.extend_from_slice(&DECLARED.to_le_bytes());
    crafted.extend_from_slice(&0u32.to_le_bytes());
    let file = std::fs::File::create(&cache).unwrap();
    std::io::Write::write_all(&mut &file, &crafted).unwrap();
    file.set_len(crafted.len() as u64 + u64::from(DECLARED)).unwrap();
    drop(file);
    let (peak, exit) = peak_memory_kib(&repo, &["check"]);
    assert!(exit.success());
    assert!(peak < normal + 64 * 1024, "peak {peak} KiB against {normal} KiB with a sound cache");
    // The cache was written again, soundly; write the crafted one back for the outputs.
    let file = std::fs::File::create(&cache).unwrap();
    std::io::Write::write_all(&mut &file, &crafted).unwrap();
    file.set_len(crafted.len() as u64 + u64::from(DECLARED)).unwrap();
    drop(file);
    same_as_without_cache(&repo, &["overdue", "--as-of", "2025-07-01", "--format", "json"]);
}
