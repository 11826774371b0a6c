//! Helpers shared by the integration tests: a temporary copy of the shipped plan and
//! the real `plan` binary run on it.

#![allow(dead_code)]

pub mod git;
pub mod office;

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

    /// Runs `plan ARGS --plan <this plan>` in this process (no new process: for the many
    /// cases where the process itself is not what is tested) and returns the exit code,
    /// standard output and standard error.
    pub fn run(&self, args: &[&str]) -> Run {
        let plan = self.plan();
        let mut argv: Vec<std::ffi::OsString> = vec!["plan".into()];
        argv.extend(args.iter().map(|a| a.into()));
        argv.push("--plan".into());
        argv.push(plan.into());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = plan::cli::run_args(argv, &mut plan::cmd::Io { out: &mut out, err: &mut err });
        Run {
            code: i32::from(code),
            stdout: String::from_utf8(out).expect("UTF-8 output"),
            stderr: String::from_utf8(err).expect("UTF-8 errors"),
        }
    }

    /// Records an update with `plan update ARGS`, which must succeed.
    pub fn update(&self, args: &[&str]) {
        let output = self.plan_cmd().arg("update").args(args).output().expect("run plan update");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// The `plan` binary, run in the repository's root with a clean environment.
    pub fn plan_cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("plan").expect("binary built");
        cmd.current_dir(self.dir.path()).env_remove("PLAN_DIR").env_remove("COLUMNS").env("NO_COLOR", "1");
        cmd.env("PLAN_CACHE_RACY_MS", RACY_MS.to_string());
        cmd
    }
}

/// What an in-process run of `plan` gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Copies the plan's own files: what `plan` leaves while it works (the cache, the lock, a
/// temporary file), which the shipped folder has once any command ran there, stays behind.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == ".cache" || name == ".lock" || name.starts_with(".plan-") {
            continue;
        }
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

/// Runs `cmd` with its output captured, killing it and failing the test if it has not
/// finished within `limit`: a command that blocks (on a FIFO, say) must not hang the suite.
pub fn output_within(cmd: &mut std::process::Command, limit: std::time::Duration) -> std::process::Output {
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    // Pipes are drained meanwhile, so a child writing much output cannot block on them.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let join = |h: Option<std::thread::JoinHandle<Vec<u8>>>| h.map(|h| h.join().expect("reader")).unwrap_or_default();
    std::process::Output { status, stdout: join(stdout), stderr: join(stderr) }
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

impl Repo {
    /// The `plan` binary as a std command, set up as [`Repo::plan_cmd`] is.
    pub fn plan_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("plan"));
        cmd.current_dir(self.dir.path()).env_remove("PLAN_DIR").env("NO_COLOR", "1");
        cmd.env("PLAN_CACHE_RACY_MS", RACY_MS.to_string());
        cmd
    }
}

/// The cache's "changed too recently to cache" window in the tests (plan's own is two
/// seconds): files become cacheable after [`settle`].
pub const RACY_MS: u64 = 200;

/// Waits until files written so far are old enough for the cache.
pub fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(RACY_MS + 100));
}

/// Splits CSV as LibreOffice's default import does: on every separator given (it splits on
/// both `,` and `;`), a field that starts with a quote running to its closing quote (a
/// doubled quote inside is one quote); a leading byte-order mark is not part of the text.
pub fn split_like_libreoffice(text: &str, separators: &[char]) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (vec![], vec![], String::new());
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = text.strip_prefix('\u{feff}').unwrap_or(text).chars().peekable();
    while let Some(c) = chars.next() {
        let separator = separators.contains(&c);
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if at_start => quoted = true,
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ if separator && !quoted => row.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
        at_start = !quoted && (c == '\n' || separator);
    }
    assert!(field.is_empty() && row.is_empty(), "the text ends with a line end");
    rows
}
