//! Writing plan files without ever losing data: one writer at a time, and each file
//! replaced whole by rename, so a crash leaves the old file or the new one.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Held while a command writes to the plan; other writers wait for it.
pub struct PlanLock {
    _file: File,
}

/// The lock file's name inside the plan folder (ignored by git through plan/.gitignore).
pub const LOCK_FILE: &str = ".lock";

/// Waits for and takes the plan's write lock.
pub fn lock(plan_root: &Path) -> std::io::Result<PlanLock> {
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(plan_root.join(LOCK_FILE))?;
    file.lock()?;
    Ok(PlanLock { _file: file })
}

/// Replaces `path` with `bytes`: writes a temporary file in the same folder, flushes it to
/// disk with the original's permissions, renames it over the original and flushes the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
    fn appended_text_follows_the_files_line_endings() {
        assert_eq!(append_text(b"a = 1\r\n", "[[x]]\nb = 2\n"), b"a = 1\r\n\r\n[[x]]\r\nb = 2\r\n");
        assert_eq!(append_text(b"a = 1", "[[x]]\n"), b"a = 1\n\n[[x]]\n");
        assert_eq!(append_text(b"", "[[x]]\n"), b"[[x]]\n");
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
