//! `plan`: follow a provincial action plan kept as TOML files in git.
//!
//! Data flows one way: [`load`] (files → [`model`]) → [`eval`] (pure functions of the
//! model and one as-of date) → [`render`] (table, CSV, JSON).

pub mod audit;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod deadline;
pub mod diagnostic;
pub mod eval;
pub mod git;
pub mod i18n;
pub mod load;
pub mod merge;
pub mod model;
pub mod progress;
pub mod records;
pub mod registry;
pub mod render;
pub mod rules;
pub mod source;
pub mod status;
pub mod text;
pub mod write;
