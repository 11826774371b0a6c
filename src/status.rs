//! The statuses an agency reports in an update record.

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
