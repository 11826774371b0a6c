//! `plan check`: validate the whole plan and report every problem in one run.

use crate::cmd::{Exit, Io, Session};
use crate::diagnostic::{Diagnostic, Problem};
use crate::i18n;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let mut loaded = crate::load::load_with(&session.dir, session.load_options(false));
    // An update dated after the as-of date reports what has not happened yet. Texts are not
    // kept after loading, so the few files concerned are read again to show the place.
    for task in &loaded.plan.tasks {
        let future: Vec<_> = task.updates.iter().filter(|u| u.date > session.as_of).collect();
        if future.is_empty() {
            continue;
        }
        let file =
            crate::source::SourceFile::reread(session.dir.display(&task.path), &session.dir.root.join(&task.path));
        for update in future {
            let problem = Problem::FutureUpdate { date: i18n::date(update.date), as_of: i18n::date(session.as_of) };
            // The header `[[updates]]` on its line.
            let start = file.line_start(update.line as usize);
            let end = file.text[start..].find('\n').map_or(file.text.len(), |i| start + i);
            loaded.diagnostics.push(Diagnostic::new(&file, start..end.max(start), problem));
        }
    }
    let exit = session.print_diagnostics(&loaded.diagnostics, io.err)?;
    let lang = session.lang;
    let count = loaded.diagnostics.len();
    let summary = if exit == Exit::Clean {
        match lang {
            crate::i18n::Lang::Vi => format!(
                "{}: {} nhiệm vụ, {} cơ quan, không có lỗi.\n",
                session.dir.display_root,
                loaded.plan.tasks.len(),
                loaded.plan.registry.agencies.len()
            ),
            crate::i18n::Lang::En => format!(
                "{}: {} tasks, {} agencies, no problems.\n",
                session.dir.display_root,
                loaded.plan.tasks.len(),
                loaded.plan.registry.agencies.len()
            ),
        }
    } else {
        let files: std::collections::HashSet<_> = loaded.diagnostics.iter().map(|d| &d.file.display_path).collect();
        match lang {
            crate::i18n::Lang::Vi => format!("{}: {count} lỗi trong {} tệp.\n", session.dir.display_root, files.len()),
            crate::i18n::Lang::En => format!(
                "{}: {count} problem{} in {} file{}.\n",
                session.dir.display_root,
                if count == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ),
        }
    };
    if exit == Exit::Clean {
        io.out.write_all(summary.as_bytes())?;
    } else {
        write!(io.err, "{summary}")?;
    }
    Ok(exit)
}
