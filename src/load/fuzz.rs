//! Entry points for fuzzing and property tests: the two parsers that read what users write.

use std::path::Path;

use crate::deadline::{self, YearMonth};
use crate::load::{document, task, Base};
use crate::source::SourceFile;

/// Interprets any wording; must never panic.
pub fn deadline(wording: &str) -> usize {
    deadline::parse(wording, YearMonth { year: 2025, month: 2 }).map_or(0, |m| m.len())
}

/// Reads any bytes as the task file `tasks/99.toml` against `base`; must never panic.
/// Returns how many problems were found.
pub fn task_file(base: &Base, bytes: &[u8]) -> usize {
    let Ok(text) = crate::source::decode(bytes.to_vec()) else { return 1 };
    let file = SourceFile::new("plan/tasks/99.toml".into(), &text);
    let ctx = base.task_context();
    let mut problems = Vec::new();
    let read = document::parse_source(&file, &mut problems, |file, table, diags| {
        task::read(&ctx, Path::new("tasks/99.toml"), file, table, diags)
    });
    // Rendering every problem is part of what must not panic.
    for problem in &problems {
        let _ = problem.render(crate::i18n::Lang::Vi, false);
    }
    problems.len() + usize::from(read.is_none())
}
