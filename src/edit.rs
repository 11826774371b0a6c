//! One edit of one plan file, the same way for every command that writes one (`update`,
//! `event set`, `git-setup --admin`): the plan's lock is taken, the file is read under it
//! (never through a link), the new bytes keep its byte-order mark and line endings, the
//! caller reads them back as the loader will, and the file is replaced atomically.

use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::load::PlanDir;
use crate::write::PlanLock;

/// A plan file opened for one edit; the lock is held until the edit is dropped.
pub struct Edit {
    pub path: PathBuf,
    /// The path shown in messages: `plan/tasks/16.toml`.
    pub display: String,
    /// The file's bytes as read under the lock.
    pub original: Vec<u8>,
    _lock: PlanLock,
}

impl Edit {
    /// Takes the lock and reads `relative` (a path inside the plan folder) under it, so an
    /// edit another process made meanwhile is kept.
    pub fn begin(dir: &PlanDir, relative: &Path, lang: Lang, err: &mut dyn std::io::Write) -> anyhow::Result<Edit> {
        let lock_display = dir.display(Path::new(crate::write::LOCK_FILE));
        let lock = crate::write::lock(&dir.root, &lock_display, lang, err)?;
        let path = dir.root.join(relative);
        let display = dir.display(relative);
        let original =
            crate::source::read_bytes(&path).map_err(|error| anyhow::anyhow!("{}", error.message(&display, lang)))?;
        Ok(Edit { path, display, original, _lock: lock })
    }

    /// The file as text: UTF-8, without its byte-order mark, with `\n` line endings.
    pub fn text(&self, lang: Lang) -> anyhow::Result<String> {
        let text = crate::source::decode(self.original.clone())
            .map_err(|error| anyhow::anyhow!("{}", error.message(&self.display, lang)))?;
        Ok(text.replace("\r\n", "\n"))
    }

    /// `text` (with `\n` line endings) as the file's bytes: its byte-order mark and its
    /// CRLF line endings put back when the original had them.
    pub fn bytes_like_original(&self, text: &str) -> Vec<u8> {
        let text = if self.original.windows(2).any(|w| w == b"\r\n") {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        let mut bytes = text.into_bytes();
        if self.original.starts_with(b"\xEF\xBB\xBF") {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        bytes
    }

    /// Replaces the file with `bytes` (already read back by the caller).
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        crate::write::write_atomic(&self.path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_and_line_endings_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan");
        std::fs::create_dir_all(&plan).unwrap();
        std::fs::write(plan.join("a.toml"), b"\xEF\xBB\xBFa = 1\r\nb = 2\r\n").unwrap();
        let dir = PlanDir::new(plan);
        let edit = Edit::begin(&dir, Path::new("a.toml"), Lang::En, &mut std::io::sink()).unwrap();
        let text = edit.text(Lang::En).unwrap();
        assert_eq!(text, "a = 1\nb = 2\n");
        assert_eq!(edit.bytes_like_original(&(text + "c = 3\n")), b"\xEF\xBB\xBFa = 1\r\nb = 2\r\nc = 3\r\n");
        edit.write(b"x = 1\n").unwrap();
        assert_eq!(std::fs::read(dir.root.join("a.toml")).unwrap(), b"x = 1\n");
    }
}
