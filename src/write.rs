//! Writing plan files without ever losing data: one writer at a time, and each file
//! replaced whole by rename, so a crash leaves the old file or the new one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail};

use crate::i18n::Lang;

/// Held while a command writes to the plan; other writers wait for it.
pub struct PlanLock {
    _file: File,
}

/// The lock file's name inside the plan folder (ignored by git through plan/.gitignore).
pub const LOCK_FILE: &str = ".lock";

/// How long a writer waits for the lock unless `PLAN_LOCK_TIMEOUT` says otherwise.
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);
/// The variable that sets the wait, in seconds.
pub const LOCK_TIMEOUT_VAR: &str = "PLAN_LOCK_TIMEOUT";
/// How often a waiting writer tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// Takes the plan's write lock, waiting for it a bounded time: a writer that hangs (on a
/// slow git hook, say) must not block every other one forever.
/// While waiting, says once on stderr who holds it; gives up with an error naming them.
/// `plan_root` is the plan folder; `display` names the lock file in messages.
pub fn lock(plan_root: &Path, display: &str, lang: Lang, err: &mut dyn Write) -> anyhow::Result<PlanLock> {
    let timeout = lock_timeout(lang)?;
    let mut file = open_lock_file(&plan_root.join(LOCK_FILE), display, lang)?;
    let started = Instant::now();
    let mut announced = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::Error(error)) => bail!("{display}: {error}"),
            Err(TryLockError::WouldBlock) => {}
        }
        let holder = read_holder(&mut file);
        if started.elapsed() >= timeout {
            bail!(
                "{display} {} {} {} ({} {holder}); {}",
                lang.pick("vẫn bị giữ sau", "still held after"),
                timeout.as_secs_f64(),
                lang.pick("giây", "s"),
                lang.pick("bởi", "by"),
                lang.pick(
                    "thử lại sau; khoá tự được trả khi tiến trình giữ nó kết thúc",
                    "try again later; the lock is freed when the process holding it ends"
                )
            );
        }
        if !announced {
            announced = true;
            writeln!(
                err,
                "{} {display} ({} {holder})...",
                lang.pick("đang chờ khoá", "waiting for"),
                lang.pick("đang giữ:", "held by")
            )?;
        }
        std::thread::sleep(LOCK_POLL.min(timeout.saturating_sub(started.elapsed())));
    }
    write_holder(&mut file);
    Ok(PlanLock { _file: file })
}

/// The wait from `PLAN_LOCK_TIMEOUT` (seconds, fractions allowed), else 30 s; set but
/// empty counts as unset, as shells make it easy to do.
fn lock_timeout(lang: Lang) -> anyhow::Result<Duration> {
    let value = std::env::var_os(LOCK_TIMEOUT_VAR).unwrap_or_default();
    let text = value.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(LOCK_TIMEOUT);
    }
    text.trim().parse::<f64>().ok().and_then(|secs| Duration::try_from_secs_f64(secs).ok()).ok_or_else(|| {
        anyhow!(
            "{LOCK_TIMEOUT_VAR}={text}: {}",
            lang.pick("không phải số giây (ví dụ 30 hoặc 0.5)", "not a number of seconds (e.g. 30 or 0.5)")
        )
    })
}

/// Opens (or creates) the lock file, never through a link (the holder's line is written
/// into it) and never waiting on a FIFO.
fn open_lock_file(path: &Path, display: &str, lang: Lang) -> anyhow::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let refusal = |error: crate::source::ReadError| anyhow!("{}", error.message(display, lang));
    let file = match options.open(path) {
        Ok(file) => file,
        // A link (ELOOP) or a FIFO without reader (ENXIO): say what is there instead.
        Err(error) => return Err(crate::source::open_regular(path).err().map_or(error.into(), refusal)),
    };
    if !file.metadata()?.is_file() {
        return Err(refusal(crate::source::ReadError::NotRegular));
    }
    Ok(file)
}

/// The first line the holder wrote in the lock file, made safe to print.
fn read_holder(file: &mut File) -> String {
    let mut bytes = Vec::new();
    let _ = file.seek(SeekFrom::Start(0)).and_then(|_| file.take(4096).read_to_end(&mut bytes));
    let text = String::from_utf8_lossy(&bytes);
    let line: String = text.lines().next().unwrap_or("").trim().chars().take(200).collect();
    if line.is_empty() {
        "?".to_string()
    } else {
        crate::text::escape_controls(&line).into_owned()
    }
}

/// Writes this process's id and command line into the lock file, for waiters to show. Only
/// informative: a failure to write it does not make the lock any less held.
fn write_holder(file: &mut File) {
    let command: Vec<String> = std::env::args().collect();
    let line = format!("{} {}\n", std::process::id(), command.join(" "));
    let _ = file.set_len(0).and_then(|()| file.seek(SeekFrom::Start(0))).and_then(|_| file.write_all(line.as_bytes()));
}

/// Replaces `path` with `bytes`: writes a temporary file in the same folder, flushes it to
/// disk with the original's permissions, renames it over the original and flushes the folder.
///
/// An error names `path`, never the temporary file, which the user never asked for.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_inner(path, bytes).map_err(|error| naming_target(path, &error))
}

/// `error`, met while replacing `path`, as an error naming `path` alone, in the run's language.
fn naming_target(path: &Path, error: &std::io::Error) -> std::io::Error {
    use std::io::ErrorKind;
    let vi = crate::i18n::current() == Lang::Vi;
    let reason = match error.kind() {
        ErrorKind::PermissionDenied if vi => "không có quyền ghi".to_string(),
        ErrorKind::NotFound if vi => "thư mục không tồn tại".to_string(),
        ErrorKind::StorageFull if vi => "ổ đĩa đã đầy".to_string(),
        ErrorKind::ReadOnlyFilesystem if vi => "hệ thống tệp chỉ cho đọc".to_string(),
        ErrorKind::IsADirectory if vi => "là một thư mục".to_string(),
        // The OS's own words, without the path tempfile adds to them.
        kind => {
            // tempfile wraps the OS's error in one naming the temporary file.
            let os = error.get_ref().and_then(|e| e.source()).and_then(|e| e.downcast_ref::<std::io::Error>());
            let code = error.raw_os_error().or_else(|| os.and_then(std::io::Error::raw_os_error));
            code.map_or_else(|| kind.to_string(), |code| std::io::Error::from_raw_os_error(code).to_string())
        }
    };
    let what = if vi { "không ghi được" } else { "cannot write" };
    std::io::Error::new(error.kind(), format!("{what} {}: {reason}", path.display()))
}

fn write_atomic_inner(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".plan-").suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets the usual permissions (0666 less the umask), not a temp file's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        temp.as_file().set_permissions(metadata.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Whether [`write_output`] follows a symbolic link at the path it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// The path was typed by the user (`-o /dev/stdout`): what it points at is meant.
    Follow,
    /// The path comes from the repository, where git can put a link to anywhere.
    Refuse,
}

/// Writes a command's output to `path` without ever replacing what is not a regular file:
/// a regular file or a new path is replaced by [`write_atomic`]; a FIFO or a character
/// device (a terminal, /dev/null) is opened and written, and stays what it was; a folder,
/// a socket or a block device is refused. A link is refused, or with [`Links::Follow`]
/// judged by what it points at and written through.
pub fn write_output(path: &Path, bytes: &[u8], links: Links, lang: Lang) -> anyhow::Result<()> {
    let shown = path.display();
    let failed = |error: std::io::Error| anyhow!("{} {shown}: {error}", lang.pick("không ghi được", "cannot write"));
    let here = match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return write_atomic(path, bytes).map_err(|error| anyhow!("{error}"));
        }
        Err(error) => return Err(failed(error)),
        Ok(metadata) => metadata,
    };
    if here.is_file() {
        return write_atomic(path, bytes).map_err(|error| anyhow!("{error}"));
    }
    if here.is_symlink() && links == Links::Refuse {
        bail!(
            "{shown} {}",
            lang.pick(
                "là một liên kết (symlink); plan không ghi theo liên kết ở đây: xoá nó rồi chạy lại",
                "is a symbolic link; plan does not write through links here: remove it and run again"
            )
        );
    }
    let target = std::fs::metadata(path).map_err(failed)?;
    if !written_through(&target) {
        bail!(
            "{shown} {}",
            lang.pick(
                "không phải tệp thường, FIFO hay thiết bị ký tự; không ghi vào",
                "is not a regular file, a FIFO or a character device; nothing written"
            )
        );
    }
    write_through(path, bytes).map_err(failed)
}

/// What is written in place rather than replaced: a regular file behind a link, a FIFO, a
/// character device.
fn written_through(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        kind.is_file() || kind.is_fifo() || kind.is_char_device()
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

/// Opens `path` (truncating a regular file) and writes `bytes` into it. What was opened is
/// checked again: the path may have changed since it was looked at.
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    if !written_through(&file.metadata()?) {
        return Err(std::io::Error::other("not a regular file, a FIFO or a character device"));
    }
    file.write_all(bytes)?;
    file.flush()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Appends `addition` (written with `\n`) to `original`, in the original's line endings,
/// after a blank line.
pub fn append_text(original: &[u8], addition: &str) -> Vec<u8> {
    let crlf = original.windows(2).any(|w| w == b"\r\n");
    let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = original.to_vec();
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.extend_from_slice(newline);
    }
    if !out.is_empty() {
        out.extend_from_slice(newline);
    }
    for line in addition.lines() {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_names_the_file_never_the_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("gone").join("16.toml");
        crate::i18n::set_current(Lang::Vi);
        let message = write_atomic(&target, b"x").unwrap_err().to_string();
        assert_eq!(message, format!("không ghi được {}: thư mục không tồn tại", target.display()));
        // A folder where the file should be: the rename fails.
        let folder = dir.path().join("folder.toml");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside"), "x").unwrap();
        let message = write_atomic(&folder, b"x").unwrap_err().to_string();
        assert!(!message.contains(".plan-") && message.contains("folder.toml"), "{message}");
    }

    #[test]
    fn appended_text_follows_the_files_line_endings() {
        assert_eq!(append_text(b"a = 1\r\n", "[[x]]\nb = 2\n"), b"a = 1\r\n\r\n[[x]]\r\nb = 2\r\n");
        assert_eq!(append_text(b"a = 1", "[[x]]\n"), b"a = 1\n\n[[x]]\n");
        assert_eq!(append_text(b"", "[[x]]\n"), b"[[x]]\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_lock_file_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "keep").unwrap();
        let root = dir.path().join("plan");
        std::fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(LOCK_FILE)).unwrap();
        let error = lock(&root, "plan/.lock", Lang::En, &mut std::io::sink()).err().expect("refused").to_string();
        assert!(error.contains("plan/.lock is a symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1.toml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
