//! What an agency reports about a task: the statuses and the update records.

use chrono::NaiveDate;

use crate::i18n::Lang;

/// A status an agency reports. Keys are English; labels are shown in Vietnamese.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Dropped,
}

impl Status {
    pub const KEYS: &'static [&'static str] = &["not-started", "in-progress", "done", "blocked", "dropped"];

    pub fn parse(key: &str) -> Option<Status> {
        Some(match key {
            "not-started" => Status::NotStarted,
            "in-progress" => Status::InProgress,
            "done" => Status::Done,
            "blocked" => Status::Blocked,
            "dropped" => Status::Dropped,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Dropped => "dropped",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::NotStarted => lang.pick("Chưa triển khai", "Not started"),
            Status::InProgress => lang.pick("Đang thực hiện", "In progress"),
            Status::Done => lang.pick("Hoàn thành", "Done"),
            Status::Blocked => lang.pick("Vướng mắc", "Blocked"),
            Status::Dropped => lang.pick("Dừng thực hiện", "Dropped"),
        }
    }

    /// Blocked and dropped need a note saying why.
    pub fn needs_note(self) -> bool {
        matches!(self, Status::Blocked | Status::Dropped)
    }
}

/// One update record of a task file (`[[updates]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Index into the registry's agencies.
    pub by: usize,
    pub date: NaiveDate,
    pub status: Status,
    pub progress: Option<u8>,
    /// Loaded only for the commands that show them (see `load::Options::texts`).
    pub note: Option<Box<str>>,
    pub evidence: Option<Box<str>>,
    /// Index of the milestone it is about; none means the whole task.
    pub milestone: Option<usize>,
    /// The year of the yearly occurrence it is about.
    pub occurrence: Option<i32>,
    /// The 1-based line of its `[[updates]]` header in the task file.
    pub line: u32,
}

impl Update {
    /// Whether this update speaks about milestone `milestone`, occurrence `occurrence`.
    pub fn covers(&self, milestone: usize, occurrence: Option<i32>) -> bool {
        self.milestone.is_none_or(|m| m == milestone)
            && match (occurrence, self.occurrence) {
                (Some(year), Some(theirs)) => year == theirs,
                // A record for one year speaks of that year's occurrence only, and a record
                // without a year does not complete any year of a yearly milestone.
                (Some(_), None) | (None, Some(_)) => false,
                (None, None) => true,
            }
    }
}
