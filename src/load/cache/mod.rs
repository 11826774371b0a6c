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
//! The file is a format number and a key (little-endian `u32` and `u64`), then one record
//! per task file, in the order files are read: its path, its entry and its long texts
//! (expected result, note, the update records' notes and evidence), each a little-endian
//! `u32` length, the part's CRC-32 and that many bytes (postcard). A part whose checksum
//! does not match, or whose length runs past the file's end or over `MAX_PART` — a
//! damaged file — ends the cache's use: the files from there on are parsed. Records are
//! read one at a time as the files are looked up, so a national plan's cache is never held
//! in memory whole; most commands never show the long texts, which are most of a plan's
//! bytes, and skip them. Only a regular file is read or replaced at plan/.cache.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

mod stored;

use crate::model::Task;

/// The cache file's name in the plan folder (ignored by git through plan/.gitignore).
pub const CACHE_FILE: &str = ".cache";
/// Files changed this recently when the cache is written are left out of it.
const RACY: Duration = Duration::from_secs(2);

/// [`RACY`], or the milliseconds in `PLAN_CACHE_RACY_MS`: the test suite shortens the
/// window so that it need not wait two seconds for files to be old enough to cache.
fn racy() -> Duration {
    static WINDOW: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *WINDOW.get_or_init(|| {
        std::env::var("PLAN_CACHE_RACY_MS")
            .ok()
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .map_or(RACY, Duration::from_millis)
    })
}
/// Bumped whenever the cached types change shape.
const FORMAT: u32 = 6;

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

    /// As [`Stamp::of`], from what [`crate::source::Folder::stat`] gives: the same fields,
    /// whose integer types differ from one platform to another.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)]
    pub fn of_stat(stat: &rustix::fs::Stat) -> Stamp {
        Stamp {
            len: stat.st_size as u64,
            ino: stat.st_ino as u64,
            mtime: (stat.st_mtime as i64, stat.st_mtime_nsec as u32),
            ctime: (stat.st_ctime as i64, stat.st_ctime_nsec as u32),
        }
    }

    /// Whether the file changed so recently that a later change could keep the same stamp.
    fn is_racy(&self, now: SystemTime) -> bool {
        let newest = self.mtime.max(self.ctime);
        let changed = SystemTime::UNIX_EPOCH + Duration::new(newest.0.max(0) as u64, newest.1);
        changed + racy() > now
    }
}

/// One cached task file. Its task comes without its long texts unless they were asked for.
#[derive(Deserialize)]
pub struct Entry {
    pub stamp: Stamp,
    pub id_location: String,
    pub id_span: (u32, u32),
    #[serde(deserialize_with = "loaded_task")]
    pub task: Box<Task>,
    /// Where its texts are in the cache file, when they were left there.
    #[serde(skip)]
    pub texts: Option<TextsAt>,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    id_location: &'a str,
    id_span: (u32, u32),
    task: stored::StoredTask<'a>,
}

fn loaded_task<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Box<Task>, D::Error> {
    stored::LoadedTask::deserialize(deserializer).map(|task| task.0)
}

/// A record's texts in the cache file read: their offset, length and checksum.
#[derive(Clone, Copy, Debug)]
pub struct TextsAt {
    offset: u64,
    len: u32,
    crc: u32,
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

/// The bytes before the records: the format and the key.
const PREAMBLE: usize = 12;
/// The longest part a record may have. A part is one task's entry or texts, kilobytes in any
/// real plan; a damaged or crafted length beyond this is not allocated, and a task whose
/// part would be longer is simply not cached.
const MAX_PART: u32 = 16 << 20;

/// The records of a valid cache, read as the task files are looked up (in the order the
/// cache was written, so looking entries up is a walk, not a search).
pub struct Cache {
    key: u64,
    /// None when there is no valid cache. Kept once the records run out, for the texts
    /// to be copied from it.
    reader: Option<Reader>,
    with_texts: bool,
    /// How many records were read or stepped over, to know whether the cache needs writing again.
    seen: usize,
    /// Whether the records ran out, or one could not be read: nothing more is read then.
    finished: bool,
}

/// The cache file, read forward. The file is replaced by renaming, never rewritten in
/// place, so texts left in it can still be copied from it when a new cache is stored.
struct Reader {
    file: BufReader<File>,
    /// Where the next byte read is in the file.
    offset: u64,
    /// The path of the next record, once read.
    next_path: Option<String>,
    /// The buffer records are read into, one part at a time.
    buffer: Vec<u8>,
    /// The file's length: no part runs past it, whatever a damaged file says.
    len: u64,
}

impl Reader {
    /// The length and checksum of the next part; none when the length is more than the
    /// file has left or than any part may be.
    fn read_header(&mut self) -> Option<(u32, u32)> {
        let mut bytes = [0; 8];
        self.file.read_exact(&mut bytes).ok()?;
        self.offset += 8;
        let (len, crc) = bytes.split_at(4);
        let len = u32::from_le_bytes(len.try_into().ok()?);
        let fits = len <= MAX_PART && self.offset + u64::from(len) <= self.len;
        fits.then_some((len, u32::from_le_bytes(crc.try_into().ok()?)))
    }

    /// The next part of a record, in the buffer, if it is as it was written.
    fn read_part(&mut self) -> Option<&[u8]> {
        let (len, crc) = self.read_header()?;
        self.buffer.clear();
        self.buffer.try_reserve(len as usize).ok()?;
        (&mut self.file).take(u64::from(len)).read_to_end(&mut self.buffer).ok()?;
        self.offset += u64::from(len);
        (self.buffer.len() == len as usize && crc32fast::hash(&self.buffer) == crc).then_some(&self.buffer)
    }

    /// Steps over the next part, returning where it is.
    fn skip_part(&mut self) -> Option<TextsAt> {
        let (len, crc) = self.read_header()?;
        let at = TextsAt { offset: self.offset, len, crc };
        self.file.seek_relative(i64::from(len)).ok()?;
        self.offset += u64::from(len);
        Some(at)
    }

    /// The next record's path; none at the end of the records.
    fn peek_path(&mut self) -> Option<&str> {
        if self.next_path.is_none() {
            let path = String::from_utf8(self.read_part()?.to_vec()).ok()?;
            self.next_path = Some(path);
        }
        self.next_path.as_deref()
    }
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
        crate::source::read_bytes(&root.join(name)).ok().hash(&mut hasher);
    }
    hasher.finish()
}

/// The cache, if there is a readable one built for these inputs; otherwise an empty one.
/// With `with_texts`, entries come with their texts. Only a regular file is read: a FIFO
/// there would block every command, and a link could point anywhere.
pub fn open(root: &Path, key: u64, with_texts: bool) -> Cache {
    let reader = crate::source::open_regular(&root.join(CACHE_FILE)).ok().and_then(|(file, metadata)| {
        let len = metadata.len();
        let mut file = BufReader::with_capacity(64 * 1024, file);
        let mut preamble = [0; PREAMBLE];
        file.read_exact(&mut preamble).ok()?;
        let (format, stored_key) = preamble.split_at(4);
        let valid = format == FORMAT.to_le_bytes() && stored_key == key.to_le_bytes();
        valid.then(|| Reader { file, offset: PREAMBLE as u64, next_path: None, buffer: Vec::new(), len })
    });
    Cache { key, finished: reader.is_none(), reader, with_texts, seen: 0 }
}

impl Cache {
    /// The cached record for `relative`, if the file is exactly as it was, still to be
    /// decoded (see [`Record::decode`], which may run on another thread). Asked for in the
    /// order files are read; records of files no longer there are stepped over.
    pub fn take(&mut self, relative: &Path, stamp: Stamp) -> Option<Record> {
        let record = self.walk_to(relative.to_str()?)?;
        // The stamp leads the entry: it is read without decoding the rest.
        let (stored, _) = postcard::take_from_bytes::<Stamp>(&record.entry).ok()?;
        (stored == stamp).then_some(record)
    }

    fn walk_to(&mut self, wanted: &str) -> Option<Record> {
        if self.finished {
            return None;
        }
        let with_texts = self.with_texts;
        let reader = self.reader.as_mut()?;
        let seen = &mut self.seen;
        // Some(None): no record for `wanted`; None: the records ran out or one is unreadable.
        let read = (|| loop {
            match crate::load::path_order(reader.peek_path()?, wanted) {
                std::cmp::Ordering::Greater => return Some(None),
                std::cmp::Ordering::Less => {
                    reader.next_path = None;
                    reader.skip_part()?;
                    reader.skip_part()?;
                    *seen += 1;
                }
                std::cmp::Ordering::Equal => {
                    reader.next_path = None;
                    *seen += 1;
                    let entry = reader.read_part()?.to_vec();
                    let texts = if with_texts {
                        StoredTexts::Read(reader.read_part()?.to_vec())
                    } else {
                        StoredTexts::LeftAt(reader.skip_part()?)
                    };
                    return Some(Some(Record { entry, texts }));
                }
            }
        })();
        read.unwrap_or_else(|| {
            // Nothing after the end, or after a record that cannot be read, is used.
            self.finished = true;
            None
        })
    }

    /// A record's texts as stored, read from the file opened.
    fn stored_texts(&mut self, at: TextsAt) -> Option<Vec<u8>> {
        let file = self.reader.as_mut()?.file.get_mut();
        file.seek(SeekFrom::Start(at.offset)).ok()?;
        let mut bytes = vec![0; at.len as usize];
        file.read_exact(&mut bytes).ok()?;
        (crc32fast::hash(&bytes) == at.crc).then_some(bytes)
    }

    /// Whether every record of the file was seen: if it holds more, they are of files no
    /// longer there, and the cache needs writing again.
    fn all_seen(&mut self) -> bool {
        self.finished || self.reader.as_mut().is_some_and(|reader| reader.peek_path().is_none())
    }
}

/// A record of the cache, as read.
pub struct Record {
    entry: Vec<u8>,
    texts: StoredTexts,
}

enum StoredTexts {
    Read(Vec<u8>),
    /// Left in the cache file, there.
    LeftAt(TextsAt),
}

impl Record {
    /// The entry, with its texts if they were read; none if the record does not decode
    /// (the file is then parsed instead).
    pub fn decode(self) -> Option<Entry> {
        let mut entry: Entry = postcard::from_bytes(&self.entry).ok()?;
        match self.texts {
            StoredTexts::Read(bytes) => attach_texts(&mut entry.task, postcard::from_bytes(&bytes).ok()?)?,
            StoredTexts::LeftAt(at) => entry.texts = Some(at),
        }
        Some(entry)
    }
}

/// Gives the task its texts; none when they do not fit it.
fn attach_texts(task: &mut Task, texts: Texts) -> Option<()> {
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
    /// From the cache with its texts.
    CacheWithTexts,
    /// From the cache without them: they are still in the cache file, there.
    CacheWithoutTexts(TextsAt),
}

/// Writes the cache when what it should hold differs from what it holds. Failing to write
/// (a read-only checkout, say) only costs speed next time.
pub fn store(root: &Path, cache: &mut Cache, tasks: &[Cacheable]) {
    let now = SystemTime::now();
    let reused = |t: &&Cacheable| !matches!(t.origin, Origin::File);
    let keep: Vec<&Cacheable> = tasks.iter().filter(|t| reused(t) || !t.stamp.is_racy(now)).collect();
    let reused_count = tasks.iter().filter(reused).count();
    if keep.len() == reused_count && reused_count == cache.seen && cache.all_seen() {
        return;
    }
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&cache.key.to_le_bytes());
    for t in keep {
        let texts = match t.origin {
            Origin::CacheWithoutTexts(at) => cache.stored_texts(at),
            Origin::File | Origin::CacheWithTexts => postcard::to_allocvec(&TextsRef::of(t.task)).ok(),
        };
        let entry = EntryRef {
            stamp: t.stamp,
            id_location: t.id_location,
            id_span: t.id_span,
            task: stored::StoredTask(t.task),
        };
        let (Some(path), Ok(entry), Some(texts)) = (t.relative.to_str(), postcard::to_allocvec(&entry), texts) else {
            continue;
        };
        // A record the reader would refuse is left out, its file parsed each time.
        if [path.as_bytes(), &entry, &texts].iter().any(|part| part.len() > MAX_PART as usize) {
            continue;
        }
        for part in [path.as_bytes(), &entry, &texts] {
            let len = part.len() as u32;
            bytes.extend_from_slice(&len.to_le_bytes());
            bytes.extend_from_slice(&crc32fast::hash(part).to_le_bytes());
            bytes.extend_from_slice(part);
        }
    }
    let path = root.join(CACHE_FILE);
    if replaceable(&path) {
        let _ = crate::write::write_atomic(&path, &bytes);
    }
}

/// Whether the cache may be written at `path`: nothing is there, or a regular file. A FIFO,
/// a device or a link someone put there is left as it is, and the cache goes unwritten.
fn replaceable(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata.is_file(),
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}
