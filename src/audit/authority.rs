//! Who may do what in the audited history: the registry, metadata and events an audited
//! commit is judged by. It starts from the audited revision and changes only through an
//! administrator's commit, so no commit (nor a merge's choice of parents) can vouch for itself.

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use crate::git::{self, Entry, Person};
use crate::load::{self, agencies, events, meta, task, Base};
use crate::source::SourceFile;

/// The principal admin keys are listed under in the allowed-signers file; agencies are
/// listed under their ids.
pub const ADMIN_PRINCIPAL: &str = "plan-admin";

/// The plan's own files as one authority saw them.
pub struct Authority {
    pub base: Base,
    signers: OnceLock<Option<tempfile::NamedTempFile>>,
}

/// The files an authority is read from, inside the plan folder.
pub const SOURCES: [&str; 3] = ["plan.toml", "agencies.toml", "events.toml"];

impl Authority {
    /// The authority `rev`'s tree states; `plan_path` maps a file of the plan folder to its
    /// path in the repository.
    pub fn at(top: &Path, rev: &str, plan_path: &dyn Fn(&str) -> String) -> anyhow::Result<Authority> {
        let mut texts: [Option<String>; 3] = Default::default();
        for (i, name) in SOURCES.iter().enumerate() {
            if let Some(entry) = git::entry(top, rev, &plan_path(name))?.filter(Entry::is_regular_file) {
                let bytes = git::blob(top, &entry.object)?;
                texts[i] = crate::source::decode(bytes).ok();
            }
        }
        let mut ignored = Vec::new();
        let parse = |name: &str, text: &Option<String>| SourceFile::new(plan_path(name), text.as_deref().unwrap_or(""));
        let registry = load::document::parse_source(&parse("agencies.toml", &texts[1]), &mut ignored, agencies::read)
            .unwrap_or_default();
        let meta = load::document::parse_source(&parse("plan.toml", &texts[0]), &mut ignored, |file, table, d| {
            meta::read_table(file, table, d, &registry)
        })
        .unwrap_or_default();
        let events = load::document::parse_source(&parse("events.toml", &texts[2]), &mut ignored, events::read)
            .unwrap_or_default();
        Ok(Authority { base: Base { meta, registry, events }, signers: OnceLock::new() })
    }

    pub fn task_context(&self) -> task::Context<'_> {
        self.base.task_context()
    }

    /// An administrator: both who wrote the commit and who committed it are listed as one.
    pub fn is_admin(&self, author: &Person, committer: &Person) -> bool {
        let registry = &self.base.registry;
        registry.is_admin(&author.email) && registry.is_admin(&committer.email)
    }

    /// The agency both the author and the committer commit for, if they are the same one.
    pub fn agency_of(&self, person: &Person) -> Option<usize> {
        self.base.registry.agency_of_email(&person.email)
    }

    /// Whether commits claiming this identity must be signed.
    pub fn has_admin_keys(&self) -> bool {
        !self.base.registry.admin_signing_keys.is_empty()
    }

    pub fn agency_has_keys(&self, agency: usize) -> bool {
        !self.base.registry.agencies[agency].signing_keys.is_empty()
    }

    /// git's allowed-signers file for this authority: each agency's keys under its id, the
    /// administrators' under [`ADMIN_PRINCIPAL`].
    pub fn allowed_signers(&self) -> anyhow::Result<&Path> {
        let file = self.signers.get_or_init(|| {
            let mut file = tempfile::NamedTempFile::new().ok()?;
            let registry = &self.base.registry;
            let mut text = String::new();
            for key in &registry.admin_signing_keys {
                text.push_str(&format!("{ADMIN_PRINCIPAL} namespaces=\"git\" {key}\n"));
            }
            for agency in &registry.agencies {
                for key in &agency.signing_keys {
                    text.push_str(&format!("{} namespaces=\"git\" {key}\n", agency.id));
                }
            }
            file.write_all(text.as_bytes()).ok()?;
            file.flush().ok()?;
            Some(file)
        });
        file.as_ref().map(|f| f.path()).ok_or_else(|| anyhow::anyhow!("cannot write the allowed-signers file"))
    }
}
