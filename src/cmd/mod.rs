//! One module per subcommand, each owning its arguments and its `run`.

pub mod agencies;
pub mod agency;
pub mod amend;
pub mod audit;
pub mod check;
pub mod completions;
pub mod event;
pub mod export;
pub mod git_setup;
pub mod import;
pub mod list;
pub mod log;
pub mod merge_driver;
pub mod overdue;
pub mod proposals;
pub mod propose;
pub mod remind;
pub mod report;
pub mod show;
pub mod summary;
pub mod task_file;
pub mod update;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostic::{Problem, Refusal};
use crate::i18n::Lang;
use crate::load::{Loaded, PlanDir};

/// Where a command writes, as ripgrep's printers do: `out` for what it answers (standard
/// output, streamed), `err` for what it says about the run (standard error). Tests and other
/// callers give any writers they like.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// The process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Problems = 1,
    Error = 2,
}

/// What every command runs with.
pub struct Session {
    pub dir: PlanDir,
    pub as_of: NaiveDate,
    /// Whether `--as-of` was given: a report then takes its figures on that day rather
    /// than at its period's cut-off.
    pub as_of_given: bool,
    pub lang: Lang,
    /// Whether unchanged task files may be taken from plan/.cache.
    pub use_cache: bool,
    /// Whether messages on stderr may use colour.
    pub color: bool,
    /// How wide human output may be, and whether it keeps to ASCII marks.
    pub screen: crate::render::Screen,
}

impl Session {
    /// Loads the plan and writes its problems to `err`; the exit code tells whether any
    /// were found.
    ///
    /// The plan lives until the process ends: a command reads it once and exits, and not
    /// freeing a national plan's hundreds of thousands of strings one by one saves time.
    ///
    /// The plan is as it stands on the session's as-of date (see [`crate::in_force`]).
    pub fn load(&self, err: &mut dyn Write) -> std::io::Result<(&'static Loaded, Exit)> {
        self.load_as(false, &|_| self.as_of, err)
    }

    /// As [`Session::load`], with the tasks' long texts (expected result, note, the update
    /// records' notes and evidence), for the commands that show them.
    pub fn load_with_texts(&self, err: &mut dyn Write) -> std::io::Result<(&'static Loaded, Exit)> {
        self.load_as(true, &|_| self.as_of, err)
    }

    /// As [`Session::load_with_texts`], the plan as it stands on the day `on` picks from its
    /// metadata (a report's figures date).
    pub fn load_with_texts_on(
        &self,
        on: &dyn Fn(&crate::model::Meta) -> NaiveDate,
        err: &mut dyn Write,
    ) -> std::io::Result<(&'static Loaded, Exit)> {
        self.load_as(true, on, err)
    }

    fn load_as(
        &self,
        texts: bool,
        on: &dyn Fn(&crate::model::Meta) -> NaiveDate,
        err: &mut dyn Write,
    ) -> std::io::Result<(&'static Loaded, Exit)> {
        let options = self.load_options(texts);
        let mut loaded = crate::load::load_with(&self.dir, options);
        let date = on(&loaded.plan.meta);
        crate::in_force::apply(&mut loaded.plan, date);
        let loaded: &'static Loaded = Box::leak(Box::new(loaded));
        // Warnings are for `plan check`; the other commands say only what stops them.
        let problems: Vec<_> = loaded.diagnostics.iter().filter(|d| !d.problem.is_warning()).cloned().collect();
        let exit = self.print_diagnostics(&problems, err)?;
        Ok((loaded, exit))
    }

    /// How this session loads a plan: from the cache unless `--no-cache`, with or
    /// without the long texts.
    pub fn load_options(&self, texts: bool) -> crate::load::Options {
        crate::load::Options { use_cache: self.use_cache, texts, no_updates_after: None }
    }

    /// Writes problems to `err`, in file order; the exit code says what kind they were.
    pub fn print_diagnostics(
        &self,
        diagnostics: &[crate::diagnostic::Diagnostic],
        err: &mut dyn Write,
    ) -> std::io::Result<Exit> {
        let has_io_problem = diagnostics.iter().any(|d| d.problem.is_io());
        let mut diagnostics: Vec<_> = diagnostics.iter().collect();
        diagnostics.sort_by(|a, b| {
            crate::text::natural_cmp(&a.file.display_path, &b.file.display_path).then(a.offset().cmp(&b.offset()))
        });
        let mut text = String::new();
        for diagnostic in &diagnostics {
            text.push_str(&diagnostic.render(self.lang, self.color));
            text.push_str("\n\n");
        }
        err.write_all(text.as_bytes())?;
        Ok(if has_io_problem {
            Exit::Error
        } else if diagnostics.iter().all(|d| d.problem.is_warning()) {
            Exit::Clean
        } else {
            Exit::Problems
        })
    }

    /// Resolves an `--agency` value typed by a user to the agencies it stands for.
    pub fn agencies_named(&self, loaded: &Loaded, name: &str) -> anyhow::Result<Vec<usize>> {
        let registry = &loaded.plan.registry;
        match registry.resolve_loose(name) {
            Ok(r) => Ok(registry.expand(&[r])),
            Err(suggestion) => {
                Err(Refusal::from(Problem::UnknownAgency { name: crate::text::nfc(name).into_owned(), suggestion })
                    .into())
            }
        }
    }
}

/// What the documents an office files need to know of a plan that has problems.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct AllowErrors {
    /// Write the document even though the plan has problems; the document then says, in a
    /// warning on its first page, which files its figures leave out
    #[arg(long)]
    pub allow_errors: bool,
}

/// Whether a document may be written from `loaded`, whose problems have been printed with
/// exit code `exit`. A plan with problems gives figures that silently leave out the files
/// that have them, so it is refused (exit 1, with the way out said) unless the user allows
/// it; then the warning to print in the document is returned.
pub fn documents_gate(
    loaded: &Loaded,
    exit: Exit,
    allow: AllowErrors,
    lang: Lang,
    err: &mut dyn Write,
) -> std::io::Result<Result<Option<String>, Exit>> {
    if exit == Exit::Clean {
        return Ok(Ok(None));
    }
    let problems = loaded.diagnostics.iter().filter(|d| !d.problem.is_warning());
    let mut files: Vec<&str> = problems.clone().map(|d| d.file.display_path.as_str()).collect();
    files.sort_by(|a, b| crate::text::natural_cmp(a, b));
    files.dedup();
    if !allow.allow_errors {
        let text = lang.pick(
            "không ghi văn bản: kế hoạch có lỗi ở trên, nên số liệu sẽ thiếu các tệp có lỗi. Sửa lỗi (plan check), hoặc thêm --allow-errors để vẫn ghi, kèm cảnh báo trong văn bản",
            "no document written: the plan has the problems above, so its figures would leave out the files that have them. Fix them (plan check), or add --allow-errors to write it anyway, with a warning in the document",
        );
        writeln!(err, "{}: {text}", lang.pick("lỗi", "error"))?;
        return Ok(Err(Exit::Problems));
    }
    let count = problems.count();
    let warning = match lang {
        Lang::Vi => format!(
            "CẢNH BÁO: kế hoạch còn {count} lỗi chưa sửa (xem plan check); số liệu trong văn bản này không tính các tệp sau: {}.",
            files.join(", ")
        ),
        Lang::En => format!(
            "WARNING: the plan has {count} problem(s) not fixed (see plan check); the figures in this document leave out these files: {}.",
            files.join(", ")
        ),
    };
    Ok(Ok(Some(warning)))
}

/// The folder `reports/<relative>/` beside the plan folder that a document command writes
/// `files` into, once it is safe to: no folder from `reports/` down may be a link (git can
/// put a link to anywhere in a repository: written through, the documents would land
/// outside it), and files already there are only replaced with `force` (a link counts as
/// there, even one to nothing). `what` says what is there: "báo cáo", "thư nhắc".
pub fn documents_folder(
    session: &Session,
    relative: &Path,
    files: &[String],
    force: bool,
    what: (&str, &str),
) -> anyhow::Result<PathBuf> {
    let lang = session.lang;
    let root = session.dir.root.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let dir = root.join("reports").join(relative);
    for folder in dir.ancestors().take_while(|f| f.starts_with(&root) && *f != root) {
        refuse_linked_folder(folder, lang)?;
    }
    if !force && files.iter().any(|n| std::fs::symlink_metadata(dir.join(n)).is_ok()) {
        let there = match lang {
            Lang::Vi => format!("đã có {} tại {}", what.0, dir.display()),
            Lang::En => format!("a {} already exists in {}", what.1, dir.display()),
        };
        anyhow::bail!("{there}; {}", lang.pick("thêm --force để ghi đè", "add --force to overwrite it"));
    }
    Ok(dir)
}

/// Refuses a folder that is a symbolic link: plan does not write documents through links.
fn refuse_linked_folder(folder: &Path, lang: Lang) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_symlink()) {
        anyhow::bail!(
            "{} {}",
            folder.display(),
            lang.pick(
                "là một liên kết (symlink); plan không ghi báo cáo theo liên kết: thay nó bằng một thư mục",
                "is a symbolic link; plan does not write reports through links: replace it with a folder"
            )
        );
    }
    Ok(())
}

/// The refusal of a task id that names no task, suggesting up to three of `ids`.
pub fn unknown_task<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> crate::diagnostic::Refusal {
    let mut near: Vec<String> = crate::text::closest(id, ids).into_iter().take(3).map(str::to_string).collect();
    near.sort_by(|a, b| crate::text::natural_cmp(a, b));
    crate::diagnostic::Problem::UnknownTask { id: id.to_string(), near }.into()
}

/// Output formats of the listing commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// The output options every listing command takes.
#[derive(clap::Args, Debug)]
pub struct Output {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub csv: crate::render::csv::CsvOptions,
}

impl Output {
    /// The machine format asked for, if any; none means a table for people.
    pub fn machine(&self) -> Option<crate::render::MachineFormat> {
        match self.format {
            Format::Table => None,
            Format::Csv => Some(crate::render::MachineFormat::Csv),
            Format::Json => Some(crate::render::MachineFormat::Json),
        }
    }

    /// `records` in the machine format, CSV by the options given.
    pub fn records<T: serde::Serialize + Default>(
        &self,
        machine: crate::render::MachineFormat,
        records: &[T],
    ) -> anyhow::Result<Vec<u8>> {
        crate::render::records(machine, records, self.csv)
    }
}
