//! Helpers shared by the integration tests: a temporary copy of the shipped plan and
//! the real `plan` binary run on it.

#![allow(dead_code)]

pub mod git;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary repository holding a copy of the shipped `plan/` folder.
pub struct Repo {
    pub dir: TempDir,
}

impl Repo {
    pub fn shipped() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plan"), &dir.path().join("plan"));
        Repo { dir }
    }

    pub fn plan(&self) -> PathBuf {
        self.dir.path().join("plan")
    }

    pub fn task_path(&self, id: &str) -> PathBuf {
        self.plan().join("tasks").join(format!("{id}.toml"))
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.plan().join(relative)).expect("read plan file")
    }

    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        std::fs::write(self.plan().join(relative), text).expect("write plan file");
    }

    /// Replaces `from` by `to` in a plan file, failing if `from` is absent.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, text.replacen(from, to, 1));
    }

    /// The `plan` binary, run in the repository's root with a clean environment.
    pub fn plan_cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("plan").expect("binary built");
        cmd.current_dir(self.dir.path()).env_remove("PLAN_DIR").env("NO_COLOR", "1");
        cmd
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs `plan overdue --format json` and returns the set of task ids, in plan order.
pub fn overdue_ids(repo: &Repo, as_of: &str) -> Vec<String> {
    let output = repo.plan_cmd().args(["overdue", "--as-of", as_of, "--format", "json"]).output().expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let mut ids: Vec<String> = records.iter().map(|r| r["id"].as_str().expect("id").to_string()).collect();
    ids.sort_by(|a, b| plan::text::natural_cmp(a, b));
    ids.dedup();
    ids
}
