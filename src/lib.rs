//! `plan`: follow a provincial action plan kept as TOML files in git.
//!
//! Data flows one way: [`load`] (files → [`model`]) → [`eval`] and [`figures`] (pure
//! functions of the model and one as-of date) → [`render`] (table, CSV, JSON, XLSX). The
//! commands in [`cmd`] wire them together; [`cli`] parses arguments and picks the exit code.
//!
//! The words, as the README uses them:
//! - **Milestone** ([`model::Milestone`]): one due point of a task, read from its deadline
//!   wording ("Trong quý II/2025") or given explicitly; a yearly one has an **occurrence**
//!   each year ([`eval::Occurrence`]).
//! - **Status** ([`status::Status`]): what an agency reports in an update record
//!   ([`model::Update`], `[[updates]]`): not-started, in-progress, done, blocked, dropped.
//! - **Obligation** ([`eval::Obligation`]): one task × milestone × occurrence × owing agency;
//!   its **state** ([`eval::State`]) is done on time, done late, overdue, due soon, ... as of a date.
//! - **Task state** ([`figures::TaskState`]): a whole task's state as the Government Office
//!   counts it, from its obligations; [`figures`] also adds them up by group and by agency.
//! - **Record** ([`records`]): an update record as written in the file, for git's merge
//!   driver, the audit and `plan log`.

pub mod audit;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod deadline;
pub mod diagnostic;
pub mod edit;
pub mod eval;
pub mod figures;
pub mod git;
pub mod help_vi;
pub mod i18n;
pub mod import;
pub mod load;
pub mod merge;
pub mod model;
pub mod period;
pub mod records;
pub mod registry;
pub mod remind;
pub mod render;
pub mod rules;
pub mod source;
pub mod status;
pub mod text;
pub mod write;
