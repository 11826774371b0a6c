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
//! - **Record** ([`records`]): an update, proposal or amendment record as written in the
//!   file, for git's merge driver, the audit and `plan log`.
//! - **Proposal** ([`model::Proposal`], `[[proposals]]`): a change a lead agency asks for;
//!   **amendment** ([`model::Amendment`], `[[amendments]]`): a change the People's Committee
//!   decided, in force from its decision's date ([`in_force`]); an extension (gia hạn) is an
//!   amendment of the deadline.
//! - **Successor**: the agency that takes over an ended agency's unfinished work
//!   (`until`, `successors` in the registry; [`registry::Registry::in_charge_on`]).

pub mod audit;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod deadline;
pub mod decisions;
pub mod diagnostic;
pub mod edit;
pub mod eval;
pub mod figures;
pub mod git;
pub mod help_vi;
pub mod i18n;
pub mod import;
pub mod in_force;
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
