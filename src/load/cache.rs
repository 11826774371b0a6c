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
//!
//! The file is a format number and the length of the entries' section (little-endian
//! `u32` and `u64`), the entries (postcard), then the tasks' long texts — expected result,
//! note, and the update records' notes and evidence — one block per entry. Most commands
//! never show those texts, and most of a plan's bytes are in them: such commands read the
//! entries' section only.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::model::Task;

/// The cache file's name in the plan folder (ignored by git through plan/.gitignore).
pub const CACHE_FILE: &str = ".cache";
/// Files changed this recently when the cache is written are left out of it.
const RACY: Duration = Duration::from_secs(2);
/// Bumped whenever the cached types change shape.
const FORMAT: u32 = 2;

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

/// One cached task file. Its task's updates come without their texts until
/// [`Cache::take`] attaches them.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub stamp: Stamp,
    pub id_location: String,
    pub id_span: (u32, u32),
    pub task: Box<Task>,
    /// Where its updates' texts are in the texts' section.
    pub texts: TextsBlock,
}

/// A byte range in the texts' section, holding one task's [`Texts`].
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct TextsBlock {
    offset: u64,
    len: u32,
}

#[derive(Deserialize)]
struct Head {
    key: u64,
    entries: Vec<(String, Entry)>,
}

#[derive(Serialize)]
struct HeadRef<'a> {
    key: u64,
    entries: Vec<(&'a str, EntryRef<'a>)>,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    id_location: &'a str,
    id_span: (u32, u32),
    task: &'a Task,
    texts: TextsBlock,
}

/// A task's long texts: its expected result and note, and each update's note and evidence.
#[derive(Deserialize)]
struct Texts {
    result: String,
    note: Option<String>,
    updates: Vec<NoteAndEvidence>,
}

type NoteAndEvidence = (Option<Box<str>>, Option<Box<str>>);

#[derive(Serialize)]
struct TextsRef<'a> {
    result: &'a str,
    note: Option<&'a str>,
    updates: Vec<(Option<&'a str>, Option<&'a str>)>,
}

impl<'a> TextsRef<'a> {
    fn of(task: &'a Task) -> Self {
        TextsRef {
            result: &task.result,
            note: task.note.as_deref(),
            updates: task.updates.iter().map(|u| (u.note.as_deref(), u.evidence.as_deref())).collect(),
        }
    }
}

/// The bytes before the entries: the format and the entries' length.
const PREAMBLE: usize = 12;

/// The entries of a valid cache, in the order the task files are read (the cache is
/// written in that order, so looking entries up is a walk, not a search).
pub struct Cache {
    pub key: u64,
    entries: std::vec::IntoIter<(String, Entry)>,
    next: Option<(String, Entry)>,
    /// How many entries the file held, to know whether it needs writing again.
    pub stored: usize,
    /// The texts' section, when the texts were asked for.
    texts: Option<Vec<u8>>,
    /// The file read, kept open: the cache is replaced by renaming, never rewritten in
    /// place, so texts not read at first can still be copied from it when storing.
    file: Option<(File, u64)>,
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
/// With `with_texts`, entries come with their texts.
pub fn open(root: &Path, key: u64, with_texts: bool) -> Cache {
    let empty = Cache { key, entries: Vec::new().into_iter(), next: None, stored: 0, texts: None, file: None };
    read(root, key, with_texts).map_or(empty, |Opened { head, texts, file, texts_start }| {
        let stored = head.entries.len();
        let mut entries = head.entries.into_iter();
        let next = entries.next();
        Cache { key, entries, next, stored, texts, file: Some((file, texts_start)) }
    })
}

struct Opened {
    head: Head,
    texts: Option<Vec<u8>>,
    file: File,
    texts_start: u64,
}

fn read(root: &Path, key: u64, with_texts: bool) -> Option<Opened> {
    let mut file = File::open(root.join(CACHE_FILE)).ok()?;
    let size = file.metadata().ok()?.len();
    let mut preamble = [0; PREAMBLE];
    file.read_exact(&mut preamble).ok()?;
    let (format, head_len) = preamble.split_at(4);
    let head_len = u64::from_le_bytes(head_len.try_into().ok()?);
    if u32::from_le_bytes(format.try_into().ok()?) != FORMAT || head_len > size.saturating_sub(PREAMBLE as u64) {
        return None;
    }
    let mut bytes = vec![0; usize::try_from(head_len).ok()?];
    file.read_exact(&mut bytes).ok()?;
    let head: Head = postcard::from_bytes(&bytes).ok().filter(|head: &Head| head.key == key)?;
    drop(bytes);
    let texts_start = PREAMBLE as u64 + head_len;
    let texts = if with_texts {
        let mut texts = Vec::with_capacity(usize::try_from(size - texts_start).ok()?);
        file.read_to_end(&mut texts).ok()?;
        Some(texts)
    } else {
        None
    };
    Some(Opened { head, texts, file, texts_start })
}

impl Cache {
    /// The cached entry for `relative`, if the file is exactly as it was. Asked for in the
    /// order files are read; entries of files no longer there are skipped.
    pub fn take(&mut self, relative: &Path, stamp: Stamp) -> Option<Entry> {
        let wanted = relative.to_str()?;
        while let Some((path, _)) = &self.next {
            match crate::load::path_order(path, wanted) {
                std::cmp::Ordering::Less => self.next = self.entries.next(),
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Equal => {
                    let (_, mut entry) = self.next.take()?;
                    self.next = self.entries.next();
                    if entry.stamp != stamp {
                        return None;
                    }
                    if let Some(section) = &self.texts {
                        attach_texts(&mut entry.task, block(section, entry.texts)?)?;
                    }
                    return Some(entry);
                }
            }
        }
        None
    }

    /// Whether entries come with their texts.
    pub fn has_texts(&self) -> bool {
        self.texts.is_some()
    }

    /// A block of the texts' section as stored, read from the file opened.
    fn stored_block(&self, texts: TextsBlock) -> Option<Vec<u8>> {
        if let Some(section) = &self.texts {
            return block(section, texts).map(<[u8]>::to_vec);
        }
        let (mut file, start) = self.file.as_ref().map(|(file, start)| (file, *start))?;
        file.seek(SeekFrom::Start(start.checked_add(texts.offset)?)).ok()?;
        let mut bytes = vec![0; texts.len as usize];
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    }
}

fn block(section: &[u8], texts: TextsBlock) -> Option<&[u8]> {
    let start = usize::try_from(texts.offset).ok()?;
    section.get(start..start.checked_add(texts.len as usize)?)
}

/// Gives the task its texts; none when the block does not fit it.
fn attach_texts(task: &mut Task, bytes: &[u8]) -> Option<()> {
    let texts: Texts = postcard::from_bytes(bytes).ok()?;
    if texts.updates.len() != task.updates.len() {
        return None;
    }
    task.result = texts.result;
    task.note = texts.note;
    for (update, (note, evidence)) in task.updates.iter_mut().zip(texts.updates) {
        update.note = note;
        update.evidence = evidence;
    }
    Some(())
}

/// A task that read without problems, as it may be stored.
pub struct Cacheable<'a> {
    pub relative: &'a Path,
    pub stamp: Stamp,
    pub id_location: &'a str,
    pub id_span: (u32, u32),
    pub task: &'a Task,
    pub origin: Origin,
}

/// Where a task came from, which says where its texts are.
#[derive(Clone, Copy, Debug)]
pub enum Origin {
    /// Read from its file: the task holds its texts.
    File,
    /// From the cache with its texts attached.
    CacheWithTexts,
    /// From the cache without them: they are still in the cache file, there.
    CacheWithoutTexts(TextsBlock),
}

/// Writes the cache when what it should hold differs from what it holds. Failing to write
/// (a read-only checkout, say) only costs speed next time.
pub fn store(root: &Path, cache: &Cache, tasks: &[Cacheable]) {
    let now = SystemTime::now();
    let reused = |t: &&Cacheable| !matches!(t.origin, Origin::File);
    let keep: Vec<&Cacheable> = tasks.iter().filter(|t| reused(t) || !t.stamp.is_racy(now)).collect();
    let reused_count = tasks.iter().filter(reused).count();
    if keep.len() == reused_count && reused_count == cache.stored {
        return;
    }
    let mut texts = Vec::new();
    let mut entries = Vec::with_capacity(keep.len());
    for t in keep {
        let block = match t.origin {
            Origin::CacheWithoutTexts(block) => cache.stored_block(block),
            Origin::File | Origin::CacheWithTexts => postcard::to_allocvec(&TextsRef::of(t.task)).ok(),
        };
        let (Some(block), Some(relative)) = (block, t.relative.to_str()) else { continue };
        let Ok(len) = u32::try_from(block.len()) else { continue };
        let texts_block = TextsBlock { offset: texts.len() as u64, len };
        texts.extend_from_slice(&block);
        entries.push((
            relative,
            EntryRef {
                stamp: t.stamp,
                id_location: t.id_location,
                id_span: t.id_span,
                task: t.task,
                texts: texts_block,
            },
        ));
    }
    let Ok(head) = postcard::to_allocvec(&HeadRef { key: cache.key, entries }) else { return };
    let mut bytes = Vec::with_capacity(PREAMBLE + head.len() + texts.len());
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(head.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(&texts);
    let _ = crate::write::write_atomic(&root.join(CACHE_FILE), &bytes);
}
