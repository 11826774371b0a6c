//! `plan export -o FILE` and `plan report` write regular files by temporary file and
//! rename, and never replace anything else: a device, a FIFO or a link is written through
//! or refused, and stays what it was.

#![cfg(unix)]

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::time::Duration;

use common::{output_within, Repo};

const AS_OF: &str = "2025-07-10";

/// What `plan export` prints on standard output.
fn exported(repo: &Repo) -> Vec<u8> {
    let output = repo.plan_cmd().args(["export", "--as-of", AS_OF, "--lang", "en"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout.len() > 1000);
    output.stdout
}

fn export_to(repo: &Repo, path: &Path) -> std::process::Output {
    output_within(
        repo.plan_std().args(["export", "--as-of", AS_OF, "--lang", "en", "-o"]).arg(path),
        Duration::from_secs(30),
    )
}

#[test]
fn export_to_dev_stdout_prints_the_table() {
    let repo = Repo::shipped();
    let output = export_to(&repo, Path::new("/dev/stdout"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout == exported(&repo), "the table on stdout");
    assert!(std::fs::symlink_metadata("/dev/stdout").unwrap().file_type().is_symlink());
}

#[test]
fn export_to_dev_full_fails_and_leaves_the_device() {
    let repo = Repo::shipped();
    let output = export_to(&repo, Path::new("/dev/full"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("/dev/full"), "{stderr}");
    assert!(std::fs::symlink_metadata("/dev/full").unwrap().file_type().is_char_device());
}

/// The same on a device node made for the test (as root), where the old behaviour can be
/// seen without harming the machine's own /dev.
#[test]
fn a_device_node_is_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (null, full) = (dir.path().join("null"), dir.path().join("full"));
    let made = |path: &Path, minor: &str| {
        std::process::Command::new("mknod").arg(path).args(["c", "1", minor]).status().is_ok_and(|s| s.success())
    };
    if !made(&null, "3") || !made(&full, "7") {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let repo = Repo::shipped();
    let output = export_to(&repo, &null);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(export_to(&repo, &full).status.code(), Some(2));
    for device in [&null, &full] {
        assert!(std::fs::symlink_metadata(device).unwrap().file_type().is_char_device(), "{device:?} is kept");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

#[test]
fn export_through_a_link_writes_its_target_and_keeps_the_link() {
    let repo = Repo::shipped();
    let target = repo.dir.path().join("phu-luc.csv");
    std::fs::write(&target, "old").unwrap();
    let link = repo.dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = export_to(&repo, &link);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert!(std::fs::read(&target).unwrap() == exported(&repo), "its target holds the table");
}

#[test]
fn export_into_a_fifo_delivers_the_bytes() {
    let repo = Repo::shipped();
    let fifo = repo.dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (send, received) = std::sync::mpsc::channel();
    let reading = fifo.clone();
    std::thread::spawn(move || {
        let bytes = std::fs::read(&reading);
        let _ = send.send(bytes.map_err(|e| e.to_string()));
    });
    let output = export_to(&repo, &fifo);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is kept");
    let bytes = received.recv_timeout(Duration::from_secs(10)).expect("the reader got the bytes").unwrap();
    assert!(bytes == exported(&repo), "the reader got the table");
}

#[test]
fn export_into_a_folder_is_refused() {
    let repo = Repo::shipped();
    let folder = repo.dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let output = export_to(&repo, &folder);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(folder.is_dir());
}

/// A report's files come from the repository, where git can put links: a link among them
/// would make the report write wherever it points. Refused, the link and its target kept.
#[test]
fn report_refuses_links_in_its_folder() {
    let repo = Repo::shipped();
    let outside = repo.dir.path().join("outside.md");
    std::fs::write(&outside, "keep").unwrap();
    let dir = repo.dir.path().join("reports/2025-H1");
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("bao-cao-2025-H1.md");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let output = repo.plan_cmd().args(["report", "2025-H1", "--force", "--lang", "en"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bao-cao-2025-H1.md") && stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

/// Nor is the period's folder, or reports/, followed when it is a link.
#[test]
fn report_refuses_a_linked_folder() {
    for linked in ["reports", "reports/2025-H1"] {
        let repo = Repo::shipped();
        let elsewhere = tempfile::tempdir().unwrap();
        let link = repo.dir.path().join(linked);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        let output = repo.plan_cmd().args(["report", "2025-H1", "--lang", "en"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{linked}: {stderr}");
        assert!(stderr.contains("symbolic link"), "{linked}: {stderr}");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "{linked}: nothing written there");
    }
}
