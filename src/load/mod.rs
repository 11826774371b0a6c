//! Files → typed plan. Finds the plan folder, reads every file (task files in parallel)
//! and collects every problem on the way.

pub mod agencies;
pub mod cache;
pub mod changes;
pub mod document;
pub mod events;
pub mod fields;
pub mod fuzz;
pub mod meta;
pub mod pages;
pub mod proposals;
pub mod task;
pub mod threads;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{Event, Meta, Plan};
use crate::registry::Registry;
use crate::source::{Folder, SourceFile};

/// The plan folder and the name messages show for it.
#[derive(Clone, Debug)]
pub struct PlanDir {
    pub root: PathBuf,
    /// Paths in messages are relative to the folder's parent, so they start with this.
    pub display_root: String,
}

impl PlanDir {
    pub fn new(root: PathBuf) -> Self {
        let display_root = root
            .canonicalize()
            .ok()
            .as_deref()
            .and_then(Path::file_name)
            .or_else(|| root.file_name())
            .map_or_else(|| "plan".to_string(), |n| n.to_string_lossy().into_owned());
        PlanDir { root, display_root }
    }

    pub fn display(&self, relative: &Path) -> String {
        let mut out = self.display_root.clone();
        for part in relative.components() {
            out.push('/');
            out.push_str(&part.as_os_str().to_string_lossy());
        }
        out
    }

    pub fn tasks_dir(&self) -> PathBuf {
        self.root.join("tasks")
    }
}

/// Why no plan could be loaded at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("no plan found: neither {0} nor any folder above it has a plan/ folder with plan.toml")]
    NotFound(PathBuf),
    #[error("{0} is not a plan folder: it has no plan.toml")]
    NoPlanToml(PathBuf),
}

impl FindError {
    /// The message in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (FindError::NotFound(dir), crate::i18n::Lang::Vi) => format!(
                "không tìm thấy kế hoạch: cả {} lẫn các thư mục cha đều không có thư mục plan/ chứa plan.toml",
                dir.display()
            ),
            (FindError::NoPlanToml(dir), crate::i18n::Lang::Vi) => {
                format!("{} không phải thư mục kế hoạch: không có tệp plan.toml", dir.display())
            }
            (error, crate::i18n::Lang::En) => error.to_string(),
        }
    }
}

/// The plan to use: `explicit` (from --plan or PLAN_DIR: the plan folder, or the folder
/// that holds it as `plan/`), else the `plan/` folder of `cwd` or of its nearest ancestor,
/// as git finds its repository.
pub fn find(explicit: Option<&Path>, cwd: &Path) -> Result<PlanDir, FindError> {
    if let Some(dir) = explicit {
        let dir = if dir.is_absolute() { dir.to_path_buf() } else { cwd.join(dir) };
        if holds_plan_toml(&dir) {
            return Ok(PlanDir::new(dir));
        }
        let inner = dir.join("plan");
        if holds_plan_toml(&inner) {
            return Ok(PlanDir::new(inner));
        }
        return Err(FindError::NoPlanToml(dir));
    }
    for ancestor in cwd.ancestors() {
        let candidate = ancestor.join("plan");
        if holds_plan_toml(&candidate) {
            return Ok(PlanDir::new(candidate));
        }
    }
    Err(FindError::NotFound(cwd.to_path_buf()))
}

/// Whether `dir` has a plan.toml. A link there still marks the plan folder, so that loading
/// it reports the link by name rather than "no plan found".
fn holds_plan_toml(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join("plan.toml")).is_ok_and(|m| m.is_file() || m.is_symlink())
}

/// A plan as far as it could be read, with every problem found.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
}

/// What every task file is read against: the metadata, the registry and the events.
#[derive(Debug, Default)]
pub struct Base {
    pub meta: Meta,
    pub registry: Registry,
    pub events: BTreeMap<String, Event>,
}

impl Base {
    pub fn task_context(&self) -> task::Context<'_> {
        task::Context {
            registry: &self.registry,
            events: &self.events,
            groups: self.meta.groups.iter().map(|g| g.id.as_str()).collect(),
            group_list: self.meta.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", "),
            issued: self.meta.issued,
            no_updates_after: None,
        }
    }
}

/// Reads plan.toml, agencies.toml and events.toml: everything but the tasks.
pub fn load_base(dir: &PlanDir, diagnostics: &mut Vec<Diagnostic>) -> Base {
    let registry = document::with_document(
        &dir.root.join("agencies.toml"),
        dir.display(Path::new("agencies.toml")),
        diagnostics,
        agencies::read,
    )
    .unwrap_or_default();
    let meta = document::with_document(
        &dir.root.join("plan.toml"),
        dir.display(Path::new("plan.toml")),
        diagnostics,
        |file, table, diags| meta::read_table(file, table, diags, &registry),
    )
    .unwrap_or_default();
    let events_path = dir.root.join(EVENTS_FILE);
    // A link counts as present (and is reported); only a missing file means no events yet.
    let events = if std::fs::symlink_metadata(&events_path).is_ok() {
        document::with_document(&events_path, dir.display(Path::new(EVENTS_FILE)), diagnostics, events::read)
            .unwrap_or_default()
    } else {
        BTreeMap::new()
    };
    Base { meta, registry, events }
}

pub const EVENTS_FILE: &str = "events.toml";

/// Reads one task file; `relative` is its path inside the plan folder.
pub fn read_task(
    dir: &PlanDir,
    ctx: &task::Context,
    path: &Path,
    relative: &Path,
) -> (Option<task::Draft>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let draft = document::with_document(path, dir.display(relative), &mut found, |source, table, diags| {
        task::read(ctx, relative, source, table, diags)
    });
    (draft, found)
}

/// As [`read_task`], for a file the listing of plan/tasks has just given as regular: it is
/// opened in its folder ([`crate::source::Folder::read_listed`]).
fn read_listed_task(dir: &PlanDir, ctx: &task::Context, file: &TaskFile) -> (Option<task::Draft>, Vec<Diagnostic>) {
    let bytes = match (&file.folder, file.path.file_name()) {
        (Some(folder), Some(name)) => folder.read_listed(name),
        _ => crate::source::read_listed_bytes(&file.path),
    };
    let mut found = Vec::new();
    let draft = document::with_bytes(bytes, dir.display(&file.relative), &mut found, |source, table, diags| {
        task::read(ctx, &file.relative, source, table, diags)
    });
    (draft, found)
}

/// What a load reads besides the plan itself.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Whether unchanged task files may be taken from plan/.cache (see [`cache`]).
    pub use_cache: bool,
    /// Whether tasks keep their long texts: the expected result, the note, and the update
    /// records' notes and evidence. Most commands never show them, and they are most of a
    /// plan's bytes.
    pub texts: bool,
    /// For `plan check`: an update record dated after this day is reported as a problem.
    /// A cached task holding one is read from its file, so the problem points into the very
    /// text that was parsed.
    pub no_updates_after: Option<chrono::NaiveDate>,
}

impl Default for Options {
    fn default() -> Self {
        Options { use_cache: true, texts: true, no_updates_after: None }
    }
}

/// Reads the whole plan: the base, then every task file in parallel, taking unchanged
/// files from the cache.
pub fn load(dir: &PlanDir) -> Loaded {
    load_with(dir, Options::default())
}

pub fn load_with(dir: &PlanDir, options: Options) -> Loaded {
    threads::start_pool();
    // The metadata, registry and events are read while the task files are listed and the
    // cache is read: neither needs the other.
    let ((base, mut diagnostics), (task_paths, listing_problems, mut cache)) = rayon::join(
        || {
            let mut diagnostics = Vec::new();
            (load_base(dir, &mut diagnostics), diagnostics)
        },
        || {
            let mut problems = Vec::new();
            let files = task_files(dir, options.use_cache, &mut problems);
            let cache = options.use_cache.then(|| cache::open(&dir.root, cache::key(&dir.root), options.texts));
            (files, problems, cache)
        },
    );
    diagnostics.extend(listing_problems);
    let ctx = task::Context { no_updates_after: options.no_updates_after, ..base.task_context() };
    // Without a cache to write, texts no command shows are let go as soon as a file is read,
    // so a national plan's largest strings are never all held at once.
    let drop_texts_now = !options.texts && !options.use_cache;
    let from_file = |file: &TaskFile| {
        let (mut draft, found) = read_listed_task(dir, &ctx, file);
        if let Some(task) = draft.as_mut().and_then(|d| d.task.as_deref_mut()).filter(|_| drop_texts_now) {
            drop_texts(task);
        }
        (draft, found, cache::Origin::File)
    };
    // Cached records are read in file order a slice at a time, then decoded — or their
    // files parsed — in parallel; no more than a slice of raw records is held at once.
    let mut drafts: Vec<(Option<task::Draft>, Vec<Diagnostic>, cache::Origin)> = Vec::with_capacity(task_paths.len());
    let mut from_source = 0;
    for slice in task_paths.chunks(1024) {
        let records: Vec<Option<cache::Record>> = slice
            .iter()
            .map(|file| cache.as_mut().zip(file.stamp).and_then(|(cache, stamp)| cache.take(&file.relative, stamp)))
            .collect();
        from_source += records.iter().filter(|record| record.is_none()).count();
        if from_source > pages::MANY_FILES {
            pages::without_huge_pages();
        }
        drafts.par_extend(slice.par_iter().zip(records).map(|(file, record)| {
            let Some(entry) = record.and_then(cache::Record::decode) else { return from_file(file) };
            if options.no_updates_after.is_some_and(|day| entry.task.updates.iter().any(|u| u.date > day)) {
                return from_file(file);
            }
            let span = entry.id_span.0 as usize..entry.id_span.1 as usize;
            let origin = match entry.texts {
                Some(at) => cache::Origin::CacheWithoutTexts(at),
                None => cache::Origin::CacheWithTexts,
            };
            let draft = task::Draft {
                id: Some((entry.task.id.clone(), span)),
                id_location: Some(entry.id_location),
                task: Some(entry.task),
            };
            (Some(draft), Vec::new(), origin)
        }));
    }
    let new_task_proposals = new_task_proposals(dir, &ctx, &mut diagnostics);
    drop(ctx);
    let Base { meta, registry, events } = base;

    let task_count = drafts.len();
    // For each file, the location of the first file that holds the same id, if another
    // does; the ids are borrowed to be compared, not copied.
    let duplicate_of: Vec<Option<String>> = {
        let mut first_of: HashMap<&str, &str> = HashMap::with_capacity(task_count);
        drafts
            .iter()
            .map(|(draft, _, _)| {
                let draft = draft.as_ref()?;
                let ((id, _), location) = (draft.id.as_ref()?, draft.id_location.as_ref()?);
                match first_of.entry(id) {
                    Entry::Occupied(first) => Some(first.get().to_string()),
                    Entry::Vacant(entry) => {
                        entry.insert(location);
                        None
                    }
                }
            })
            .collect()
    };
    let mut tasks = Vec::with_capacity(task_count);
    // For each task kept, when there is a cache to write: its file, id location and span,
    // where it came from, and whether it may be cached. A file read with warnings is not
    // cached, so that every run gives them again.
    let caching = cache.is_some();
    type Kept<'f> = (&'f TaskFile, String, (u32, u32), cache::Origin, bool);
    let mut kept: Vec<Kept> = Vec::with_capacity(if caching { task_count } else { 0 });
    for (((draft, found, origin), file), duplicate_of) in drafts.into_iter().zip(&task_paths).zip(duplicate_of) {
        let cacheable = found.is_empty();
        diagnostics.extend(found);
        let Some(draft) = draft else { continue };
        let (Some((id, span)), Some(location)) = (&draft.id, draft.id_location) else { continue };
        if let Some(first) = duplicate_of {
            // The second file's text is not kept (it may have come from the cache): its id
            // is found again by parsing it, so the caret points into the text shown.
            let (source, at) =
                located_id(dir, file).unwrap_or_else(|| (SourceFile::new(dir.display(&file.relative), ""), 0..0));
            let problem = Problem::DuplicateTaskId { id: id.clone(), first };
            diagnostics.push(Diagnostic::new(&source, at, problem));
            continue;
        }
        if let Some(task) = draft.task {
            if caching {
                kept.push((file, location, (span.start as u32, span.end as u32), origin, cacheable));
            }
            tasks.push(task);
        }
    }
    if let Some(cache) = &mut cache {
        let cacheable: Vec<cache::Cacheable> = kept
            .iter()
            .zip(&tasks)
            .filter(|((.., cacheable), _)| *cacheable)
            .filter_map(|((file, location, span, origin, _), task)| {
                Some(cache::Cacheable {
                    relative: &file.relative,
                    stamp: file.stamp?,
                    id_location: location,
                    id_span: *span,
                    task,
                    origin: *origin,
                })
            })
            .collect();
        cache::store(&dir.root, cache, &cacheable);
    }
    drop(kept);
    drop(cache);
    if !options.texts && !drop_texts_now {
        // Files read afresh hold their texts until they are cached; without them, a command
        // sees the same plan whether or not the cache served it.
        tasks.iter_mut().for_each(|task| drop_texts(task));
    }
    if task_count == 0 {
        let file = SourceFile::new(dir.display(Path::new("tasks")), "");
        diagnostics.push(Diagnostic::new(&file, 0..0, Problem::NoTasks));
    }
    // Already in order when ids match file names (the usual case): then this only checks.
    tasks.sort_by(|a, b| crate::text::natural_cmp(&a.id, &b.id));
    Loaded { plan: Plan { root: dir.root.clone(), meta, registry, events, tasks, new_task_proposals }, diagnostics }
}

/// plan/proposals.toml, when there is one (a link counts as there, and is reported).
pub fn new_task_proposals(
    dir: &PlanDir,
    ctx: &task::Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<crate::model::NewTaskProposal> {
    let path = dir.root.join(proposals::FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Vec::new();
    }
    document::with_document(&path, dir.display(Path::new(proposals::FILE)), diagnostics, |file, table, d| {
        proposals::read(ctx, file, table, d)
    })
    .unwrap_or_default()
}

/// Lets go of a task's long texts: its expected result, its note, its updates' notes and
/// evidence (see [`Options::texts`]).
fn drop_texts(task: &mut crate::model::Task) {
    task.result = String::new();
    task.note = None;
    for update in &mut task.updates {
        update.note = None;
        update.evidence = None;
    }
}

/// A task file's text and where its `id` value is, from one more parse of the file.
fn located_id(dir: &PlanDir, file: &TaskFile) -> Option<(SourceFile, std::ops::Range<usize>)> {
    let mut ignored = Vec::new();
    document::with_document(&file.path, dir.display(&file.relative), &mut ignored, |source, (table, _), _| {
        table.get("id").map(|value| (source.clone(), value.span()))
    })
    .flatten()
}

/// A task file found in plan/tasks.
pub struct TaskFile {
    pub path: PathBuf,
    /// Its path inside the plan folder: `tasks/16.toml`.
    pub relative: PathBuf,
    /// Its stamp for the cache, when the cache is used.
    pub stamp: Option<cache::Stamp>,
    /// The folder it was listed in, held open; none if the folder could not be opened, and
    /// the file is then read by its path.
    pub folder: Option<Arc<Folder>>,
}

/// Every `*.toml` under plan/tasks in [`path_order`], so that "first defined" is stable,
/// with their stamps (taken in parallel) when `with_stamps`.
fn task_files(dir: &PlanDir, with_stamps: bool, diagnostics: &mut Vec<Diagnostic>) -> Vec<TaskFile> {
    let tasks_dir = dir.tasks_dir();
    if !tasks_dir.exists() {
        return Vec::new();
    }
    // Links are not followed: a task file that points elsewhere could read, or on update
    // replace, a file outside the plan. Each file is listed with a slot for its order key.
    let mut files = Vec::new();
    let mut folders: HashMap<PathBuf, Option<Arc<Folder>>> = HashMap::new();
    for entry in walkdir::WalkDir::new(&tasks_dir) {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_toml = path.extension().is_some_and(|e| e == "toml");
                let hidden = entry.file_name().as_encoded_bytes().starts_with(b".");
                if !is_toml || hidden {
                    continue;
                }
                let relative = path.strip_prefix(&dir.root).unwrap_or(path).to_path_buf();
                if entry.file_type().is_file() {
                    let parent = path.parent().unwrap_or(&tasks_dir);
                    let folder = match folders.get(parent) {
                        Some(folder) => folder.clone(),
                        // Each folder held open takes a file descriptor: a plan of
                        // thousands of folders must leave some for the files themselves.
                        None if folders.len() >= FOLDERS_HELD_OPEN => None,
                        None => {
                            let folder = Folder::open(parent).ok().map(Arc::new);
                            folders.insert(parent.to_path_buf(), folder.clone());
                            folder
                        }
                    };
                    files.push((None, TaskFile { path: entry.into_path(), relative, stamp: None, folder }));
                } else if entry.path_is_symlink() {
                    let path = dir.display(&relative);
                    let file = SourceFile::new(path.clone(), "");
                    diagnostics.push(Diagnostic::new(&file, 0..0, Problem::Symlinked { path }));
                }
            }
            Err(error) => {
                let relative = error.path().and_then(|p| p.strip_prefix(&dir.root).ok()).unwrap_or(Path::new("tasks"));
                let file = SourceFile::new(dir.display(relative), "");
                diagnostics.push(Diagnostic::new(&file, 0..0, Problem::Unreadable { error: error.to_string() }));
            }
        }
    }
    let mut files = in_path_order(files);
    if with_stamps {
        files.par_iter_mut().for_each(|file| file.stamp = stamp(file));
    }
    files
}

/// How many folders of plan/tasks a load holds open (one per province of a national plan,
/// and well within macOS's default of 256 open files); files in others are read by path.
const FOLDERS_HELD_OPEN: usize = 64;

/// A listed file's stamp, looked at in its folder where that is held open.
fn stamp(file: &TaskFile) -> Option<cache::Stamp> {
    #[cfg(unix)]
    if let (Some(folder), Some(name)) = (&file.folder, file.path.file_name()) {
        return folder.stat(name).ok().map(|stat| cache::Stamp::of_stat(&stat));
    }
    std::fs::symlink_metadata(&file.path).ok().map(|m| cache::Stamp::of(&m))
}

/// The files in [`path_order`] of their paths inside the plan folder, each given with a
/// slot for its key.
fn in_path_order(files: Vec<(Option<Vec<u8>>, TaskFile)>) -> Vec<TaskFile> {
    // A national plan lists hundreds of thousands of files: keys and sort on every core, the
    // keys as bytes compared with memcmp where every path has them, and the files sorted
    // where they lie rather than copied into new lists.
    let mut keyed = files;
    keyed.par_iter_mut().for_each(|(key, file)| *key = order_bytes(&file.relative.to_string_lossy()));
    if keyed.iter().all(|(key, _)| key.is_some()) {
        keyed.par_sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        return keyed.into_iter().map(|(_, file)| file).collect();
    }
    // Keys borrow the paths, so the files are put in order by their positions.
    let texts: Vec<String> = keyed.iter().map(|(_, file)| file.relative.to_string_lossy().into_owned()).collect();
    let keys: Vec<PathKey> = texts.par_iter().map(|text| PathKey::new(text)).collect();
    let mut positions: Vec<usize> = (0..keyed.len()).collect();
    positions.par_sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut files: Vec<Option<TaskFile>> = keyed.into_iter().map(|(_, file)| Some(file)).collect();
    positions.into_iter().filter_map(|position| files[position].take()).collect()
}

const SEPARATORS: &[char] = &['/', '\\'];

/// The order task files are read and cached in: folder by folder, names in natural order
/// (the names are the ids, so the loaded tasks need no reordering).
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    let mut left = a.split(SEPARATORS);
    let mut right = b.split(SEPARATORS);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => match crate::text::natural_cmp(x, y) {
                std::cmp::Ordering::Equal => continue,
                order => return order,
            },
        }
    }
}

/// [`path_order`] as bytes that compare (byte by byte) as the paths do: per component, each
/// run of digits as `'0'`, its length without leading zeros (two bytes) and those digits,
/// each other run as its text and a NUL, a NUL, then the component's text and a NUL; after
/// the components, a NUL and the whole path. A run of digits sorts against other text as
/// its first digit does, which the `'0'` stands for; a NUL ends a run, a component or the
/// path before anything that goes on. None for a path with an empty component, a NUL or a
/// run of over 65,535 digits, which [`PathKey`] sorts instead.
fn order_bytes(path: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(path.len() * 3 + 8);
    for component in path.split(SEPARATORS) {
        if component.is_empty() || component.contains('\0') {
            return None;
        }
        let mut rest = component;
        while let Some(first) = rest.chars().next() {
            let numeric = first.is_ascii_digit();
            let end = rest.find(|c: char| c.is_ascii_digit() != numeric).unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            rest = tail;
            if numeric {
                let digits = run.trim_start_matches('0');
                out.push(b'0');
                out.extend_from_slice(&u16::try_from(digits.len()).ok()?.to_be_bytes());
                out.extend_from_slice(digits.as_bytes());
            } else {
                out.extend_from_slice(run.as_bytes());
                out.push(0);
            }
        }
        out.push(0);
        out.extend_from_slice(component.as_bytes());
        out.push(0);
    }
    out.push(0);
    out.extend_from_slice(path.as_bytes());
    Some(out)
}

/// [`path_order`] worked out once per path, for sorting a national plan's files.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct PathKey<'a> {
    components: Vec<crate::text::NaturalKey<'a>>,
    text: &'a str,
}

impl<'a> PathKey<'a> {
    fn new(text: &'a str) -> Self {
        PathKey { components: text.split(SEPARATORS).map(crate::text::NaturalKey::new).collect(), text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_order_as_path_order_does() {
        let paths =
            ["tasks/10.toml", "tasks/9.toml", "tasks/a/1.toml", "tasks/a-b.toml", "tasks/a.toml", "tasks/A/2.toml"];
        for a in paths {
            for b in paths {
                assert_eq!(PathKey::new(a).cmp(&PathKey::new(b)), path_order(a, b), "{a} {b}");
            }
        }
        for a in paths {
            for b in paths {
                let (x, y) = (order_bytes(a).unwrap(), order_bytes(b).unwrap());
                assert_eq!(x.cmp(&y), path_order(a, b), "{a} {b}");
            }
        }
        let file =
            |path: &str| (None, TaskFile { path: path.into(), relative: path.into(), stamp: None, folder: None });
        let sorted: Vec<PathBuf> =
            in_path_order(paths.iter().map(|p| file(p)).collect()).into_iter().map(|f| f.path).collect();
        let expected =
            ["tasks/9.toml", "tasks/10.toml", "tasks/A/2.toml", "tasks/a/1.toml", "tasks/a-b.toml", "tasks/a.toml"];
        assert_eq!(sorted, expected.map(PathBuf::from));
    }

    #[test]
    fn a_file_looked_at_in_its_folder_has_the_stamp_its_path_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("16.toml");
        std::fs::write(&path, "id = \"16\"\n").unwrap();
        let folder = Folder::open(dir.path()).ok().map(Arc::new);
        assert!(folder.is_some());
        let file = TaskFile { path: path.clone(), relative: "tasks/16.toml".into(), stamp: None, folder };
        let by_path = cache::Stamp::of(&std::fs::symlink_metadata(&path).unwrap());
        assert_eq!(stamp(&file), Some(by_path));
        let folder = file.folder.as_ref().unwrap();
        assert_eq!(folder.read_listed(path.file_name().unwrap()).unwrap(), b"id = \"16\"\n");
        // A file swapped after the listing is refused as one read by its path would be.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&path, dir.path().join("17.toml")).unwrap();
            assert!(matches!(folder.read_listed("17.toml".as_ref()), Err(crate::source::ReadError::Symlink)));
            std::fs::create_dir(dir.path().join("18.toml")).unwrap();
            assert!(matches!(folder.read_listed("18.toml".as_ref()), Err(crate::source::ReadError::NotRegular)));
            assert!(matches!(folder.read_listed("19.toml".as_ref()), Err(crate::source::ReadError::Io(_))));
        }
    }

    #[test]
    fn order_bytes_compare_as_path_order_does_on_any_path() {
        // Digits with and without leading zeros, letters of both cases, marks below and
        // above the digits, a letter with a diacritic, separators.
        let alphabet = ['0', '0', '1', '2', '9', 'a', 'A', 'z', '-', '.', '_', '~', 'ở', '/', '\\'];
        let mut rng = fastrand::Rng::with_seed(57);
        let paths: Vec<String> = (0..400)
            .map(|_| {
                let len = rng.usize(1..12);
                (0..len).map(|_| alphabet[rng.usize(..alphabet.len())]).collect()
            })
            .collect();
        for a in &paths {
            for b in &paths {
                match (order_bytes(a), order_bytes(b)) {
                    (Some(x), Some(y)) => assert_eq!(x.cmp(&y), path_order(a, b), "{a:?} {b:?}"),
                    _ => assert!(a.split(SEPARATORS).any(str::is_empty) || b.split(SEPARATORS).any(str::is_empty)),
                }
            }
        }
        assert_eq!(order_bytes("tasks//1.toml"), None);
    }
}
