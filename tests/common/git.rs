//! A province's shared repository in a test: the shipped plan, DOST's administrator, three
//! agencies' clerks with their e-mails, and commits made as any of them.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Repo;

pub const ADMIN: (&str, &str) = ("Quản trị Sở KH&CN", "admin@skhcn.example");
/// Sở KH&CN's clerk: a partner of task 16.
pub const SKHCN: (&str, &str) = ("Văn thư Sở KH&CN", "vanthu@skhcn.example");
/// Sở Công Thương's clerk: the owner of task 16.
pub const SCT: (&str, &str) = ("Văn thư Sở Công Thương", "vanthu@sct.example");
/// Sở Tài chính's clerk: neither leads nor supports task 16.
pub const STC: (&str, &str) = ("Văn thư Sở Tài chính", "vanthu@stc.example");

pub fn git_with(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> String {
    let output = Command::new("git").current_dir(dir).envs(envs.iter().copied()).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Runs git with `who` as both author and committer.
pub fn git_as(dir: &Path, who: (&str, &str), args: &[&str]) -> String {
    let env = as_person(who);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    git_with(dir, &env, args)
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    git_with(dir, &[], args)
}

pub fn plan(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir).env_remove("PLAN_DIR").env("NO_COLOR", "1").args(args).output().unwrap()
}

/// The environment that makes git record `who` as both author and committer.
pub fn as_person(who: (&str, &str)) -> Vec<(&'static str, String)> {
    vec![
        ("GIT_AUTHOR_NAME", who.0.to_string()),
        ("GIT_AUTHOR_EMAIL", who.1.to_string()),
        ("GIT_COMMITTER_NAME", who.0.to_string()),
        ("GIT_COMMITTER_EMAIL", who.1.to_string()),
    ]
}

pub fn record(header: &str, by: &str, date: &str, status: &str) -> String {
    format!("\n{header}\nby = \"{by}\"\ndate = {date}\nstatus = \"{status}\"\n")
}

/// The province's repository after DOST's administrator set it up as the README says: the
/// bootstrap commit (tagged `plan-audit-base`, where the audit starts), then the clerks'
/// e-mails added by the administrator.
pub struct Server {
    pub repo: Repo,
    /// Where the audit starts.
    pub base: String,
    /// The state each attack starts from.
    pub start: String,
}

impl Server {
    pub fn new() -> Server {
        let repo = Repo::shipped();
        let server = Server { repo, base: String::new(), start: String::new() };
        let root = server.root();
        git(&root, &["init", "-q", "-b", "main"]);
        git(&root, &["config", "user.name", ADMIN.0]);
        git(&root, &["config", "user.email", ADMIN.1]);
        let setup = plan(&root, &["git-setup"]);
        assert!(setup.status.success(), "{}", String::from_utf8_lossy(&setup.stderr));
        server.repo.edit("agencies.toml", "admins = []", &format!("admins = [\"{}\"]", ADMIN.1));
        git(&root, &["add", "-A"]);
        git(&root, &["commit", "-qm", "Kế hoạch"]);
        git(&root, &["tag", "plan-audit-base"]);
        for (alias_line, email) in [
            ("aliases = [\"Sở KH&CN\", \"Sở KHCN\", \"DOST\"]", SKHCN.1),
            ("aliases = [\"Sở CT\", \"Sở Công thương\"]", SCT.1),
            ("aliases = [\"Sở TC\"]", STC.1),
        ] {
            server.repo.edit("agencies.toml", alias_line, &format!("{alias_line}\nemails = [\"{email}\"]"));
        }
        git(&root, &["commit", "-qam", "E-mail của văn thư các sở"]);
        let base = git(&root, &["rev-parse", "plan-audit-base"]).trim().to_string();
        let start = server.head();
        Server { base, start, ..server }
    }

    pub fn root(&self) -> PathBuf {
        self.repo.dir.path().to_path_buf()
    }

    pub fn head(&self) -> String {
        git(&self.root(), &["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Commits every change in the work tree as `who`; returns the short hash.
    pub fn commit(&self, who: (&str, &str), message: &str) -> String {
        git(&self.root(), &["add", "-A"]);
        git_as(&self.root(), who, &["commit", "-qm", message]);
        self.head()[..7].to_string()
    }

    pub fn append(&self, id: &str, text: &str) {
        let path = format!("tasks/{id}.toml");
        let old = self.repo.read(&path);
        self.repo.write(&path, old + text);
    }

    pub fn audit(&self) -> (Option<i32>, String) {
        self.audit_with(&[])
    }

    pub fn audit_with(&self, extra: &[&str]) -> (Option<i32>, String) {
        let mut args = vec!["audit", "--since", &self.base, "--lang", "en"];
        args.extend_from_slice(extra);
        let output = plan(&self.root(), &args);
        let text = String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
        (output.status.code(), text)
    }

    /// Back to the trusted state, for the next attack.
    pub fn reset(&self) {
        git(&self.root(), &["reset", "-q", "--hard", &self.start]);
        git(&self.root(), &["clean", "-qfd"]);
    }
}

/// A key pair made with ssh-keygen: the private key's path and the public key's line.
pub fn ssh_key(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen (openssh-client) is installed");
    assert!(status.success());
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public.trim().to_string())
}

impl Server {
    pub fn commit_signed(&self, who: (&str, &str), key: &Path, message: &str) -> String {
        git(&self.root(), &["add", "-A"]);
        let signing_key = format!("user.signingkey={}", key.display());
        git_as(&self.root(), who, &["-c", "gpg.format=ssh", "-c", &signing_key, "commit", "-S", "-qm", message]);
        self.head()[..7].to_string()
    }
}
