//! A persistent cache of parsed task files, `plan/.cache`, that never serves stale data.
//!
//! An entry is used only when the file's size, inode, modification time and status-change
//! time (to the nanosecond) are exactly those recorded, and only if the plan's metadata,
//! registry and events are byte for byte those the cache was built with. The kernel sets
//! the status-change time on every write, rename or `git checkout`, and no tool can set it
//! back; a file changed within the timestamp granularity of its previous version is never
//! cached in the first place, because files changed less than two seconds before the cache
//! is written are left out of it (git's "racily clean" rule). Files with problems are
//! never cached. `--no-cache` bypasses all of this.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::model::Task;

/// The cache file's name in the plan folder (ignored by git through plan/.gitignore).
pub const CACHE_FILE: &str = ".cache";
/// Files changed this recently when the cache is written are left out of it.
const RACY: Duration = Duration::from_secs(2);
/// Bumped whenever the cached types change shape.
const FORMAT: u32 = 1;

/// Dates in the cache as days since the common era: compact and read without parsing.
pub mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(date.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(deserializer)?;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| serde::de::Error::custom("date out of range"))
    }
}

/// What identifies one version of a file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    ino: u64,
    mtime: (i64, u32),
    ctime: (i64, u32),
}

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: metadata.len(),
                ino: metadata.ino(),
                mtime: (metadata.mtime(), metadata.mtime_nsec() as u32),
                ctime: (metadata.ctime(), metadata.ctime_nsec() as u32),
            }
        }
        #[cfg(not(unix))]
        {
            let since = |t: std::io::Result<SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
            };
            Stamp { len: metadata.len(), ino: 0, mtime: since(metadata.modified()), ctime: since(metadata.created()) }
        }
    }

    /// Whether the file changed so recently that a later change could keep the same stamp.
    fn is_racy(&self, now: SystemTime) -> bool {
        let newest = self.mtime.max(self.ctime);
        let changed = SystemTime::UNIX_EPOCH + Duration::new(newest.0.max(0) as u64, newest.1);
        changed + RACY > now
    }
}

/// One cached task file.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub stamp: Stamp,
    pub id_location: String,
    pub id_span: (u32, u32),
    pub task: Task,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    key: u64,
    entries: Vec<(String, Entry)>,
}

#[derive(Serialize)]
struct CacheFileRef<'a> {
    format: u32,
    key: u64,
    entries: Vec<(&'a str, EntryRef<'a>)>,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    id_location: &'a str,
    id_span: (u32, u32),
    task: &'a Task,
}

/// The entries of a valid cache, in the order the task files are read (the cache is
/// written in that order, so looking entries up is a walk, not a search).
pub struct Cache {
    pub key: u64,
    entries: std::vec::IntoIter<(String, Entry)>,
    next: Option<(String, Entry)>,
    /// How many entries the file held, to know whether it needs writing again.
    pub stored: usize,
}

/// A key for everything a task's reading depends on besides its own file: the metadata,
/// registry and events, and the program itself, so that a new build — which may read a
/// wording differently — never trusts what an older one cached.
pub fn key(root: &Path) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
    let program = std::env::current_exe().and_then(std::fs::metadata).ok().map(|m| Stamp::of(&m));
    program.map(|s| (s.len, s.ino, s.mtime, s.ctime)).hash(&mut hasher);
    for name in ["plan.toml", "agencies.toml", crate::load::EVENTS_FILE] {
        std::fs::read(root.join(name)).ok().hash(&mut hasher);
    }
    hasher.finish()
}

/// The cache, if there is a readable one built for these inputs; otherwise an empty one.
pub fn open(root: &Path, key: u64) -> Cache {
    let empty = Cache { key, entries: Vec::new().into_iter(), next: None, stored: 0 };
    let Ok(bytes) = std::fs::read(root.join(CACHE_FILE)) else { return empty };
    match postcard::from_bytes::<CacheFile>(&bytes) {
        Ok(file) if file.format == FORMAT && file.key == key => {
            let stored = file.entries.len();
            let mut entries = file.entries.into_iter();
            let next = entries.next();
            Cache { key, entries, next, stored }
        }
        _ => empty,
    }
}

impl Cache {
    /// The cached entry for `relative`, if the file is exactly as it was. Asked for in the
    /// order files are read; entries of files no longer there are skipped.
    pub fn take(&mut self, relative: &Path, stamp: Stamp) -> Option<Entry> {
        let wanted = relative.to_str()?;
        while let Some((path, _)) = &self.next {
            match crate::text::natural_cmp(path, wanted) {
                std::cmp::Ordering::Less => self.next = self.entries.next(),
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Equal => {
                    let (_, entry) = self.next.take()?;
                    self.next = self.entries.next();
                    return (entry.stamp == stamp).then_some(entry);
                }
            }
        }
        None
    }
}

/// A task that read without problems, as it may be stored.
pub struct Cacheable<'a> {
    pub relative: &'a Path,
    pub stamp: Stamp,
    pub id_location: &'a str,
    pub id_span: (u32, u32),
    pub task: &'a Task,
    /// Whether it came from the cache rather than from its file.
    pub reused: bool,
}

/// Writes the cache when what it should hold differs from what it holds. Failing to write
/// (a read-only checkout, say) only costs speed next time.
pub fn store(root: &Path, key: u64, previously_stored: usize, tasks: &[Cacheable]) {
    let now = SystemTime::now();
    let keep: Vec<&Cacheable> = tasks.iter().filter(|t| t.reused || !t.stamp.is_racy(now)).collect();
    let reused = tasks.iter().filter(|t| t.reused).count();
    if keep.len() == reused && reused == previously_stored {
        return;
    }
    let file = CacheFileRef {
        format: FORMAT,
        key,
        entries: keep
            .iter()
            .filter_map(|t| {
                Some((
                    t.relative.to_str()?,
                    EntryRef { stamp: t.stamp, id_location: t.id_location, id_span: t.id_span, task: t.task },
                ))
            })
            .collect(),
    };
    if let Ok(bytes) = postcard::to_allocvec(&file) {
        let _ = crate::write::write_atomic(&root.join(CACHE_FILE), &bytes);
    }
}
