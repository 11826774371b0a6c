//! `plan check`: validate the whole plan and report every problem in one run.

use crate::cmd::{Exit, Io, Session};

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    // An update dated after the as-of date reports what has not happened yet.
    let options = crate::load::Options { no_updates_after: Some(session.as_of), ..session.load_options(false) };
    // Not freed, as Session::load does not free: freeing a national plan string by string
    // costs more than the process's end does.
    let loaded: &'static crate::load::Loaded = Box::leak(Box::new(crate::load::load_with(&session.dir, options)));
    let exit = session.print_diagnostics(&loaded.diagnostics, io.err)?;
    let lang = session.lang;
    let count = loaded.diagnostics.iter().filter(|d| !d.problem.is_warning()).count();
    let summary = if exit == Exit::Clean {
        match lang {
            crate::i18n::Lang::Vi => format!(
                "{}: {}, {} cơ quan, không có lỗi.\n",
                session.dir.display_root,
                crate::figures::count_phrase(&loaded.plan, lang),
                loaded.plan.registry.agencies.len()
            ),
            crate::i18n::Lang::En => format!(
                "{}: {}, {} agencies, no problems.\n",
                session.dir.display_root,
                crate::figures::count_phrase(&loaded.plan, lang),
                loaded.plan.registry.agencies.len()
            ),
        }
    } else {
        let problems = loaded.diagnostics.iter().filter(|d| !d.problem.is_warning());
        let files: std::collections::HashSet<_> = problems.map(|d| &d.file.display_path).collect();
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
