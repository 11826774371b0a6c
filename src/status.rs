//! The statuses an agency reports in an update record.

use crate::i18n::Lang;

/// A status an agency reports. Keys are English; labels are shown in Vietnamese.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
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

    /// Reads a status typed on the command line: its key (`done`), or its label in
    /// Vietnamese or English, with or without diacritics, in any case ("hoàn thành",
    /// "dang thuc hien", "In progress").
    pub fn read_typed(text: &str) -> Option<Status> {
        let typed = crate::text::name_key(text);
        Status::ALL.into_iter().find(|s| {
            [s.key(), s.label(Lang::Vi), s.label(Lang::En)].iter().any(|name| crate::text::name_key(name) == typed)
        })
    }

    pub const ALL: [Status; 5] =
        [Status::Done, Status::InProgress, Status::NotStarted, Status::Blocked, Status::Dropped];

    /// The statuses one may type, in `lang`: "hoàn thành (done), đang thực hiện (in-progress), ...".
    pub fn typed_list(lang: Lang) -> String {
        let names: Vec<String> = Status::ALL
            .iter()
            .map(|s| match lang {
                Lang::Vi => format!("{} ({})", s.label(Lang::Vi).to_lowercase(), s.key()),
                Lang::En => s.key().to_string(),
            })
            .collect();
        names.join(", ")
    }

    /// Blocked and dropped need a note saying why.
    pub fn needs_note(self) -> bool {
        matches!(self, Status::Blocked | Status::Dropped)
    }
}

/// `--status`: what [`Status::read_typed`] reads; completions and help offer the keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct TypedStatus;

impl clap::builder::TypedValueParser for TypedStatus {
    type Value = Status;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Status, clap::Error> {
        let text = value.to_string_lossy();
        Status::read_typed(&text).ok_or_else(|| {
            let lang = crate::i18n::current();
            let text = crate::text::nfc(&text);
            let message = match lang {
                Lang::Vi => {
                    format!("trạng thái không hợp lệ \"{text}\"; các trạng thái: {}\n", Status::typed_list(lang))
                }
                Lang::En => format!("unknown status \"{text}\"; statuses: {}\n", Status::typed_list(lang)),
            };
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, message)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Status::ALL.into_iter().map(|s| clap::builder::PossibleValue::new(s.key()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_from_keys_and_labels_in_either_language() {
        assert_eq!(Status::read_typed("hoàn thành"), Some(Status::Done));
        assert_eq!(Status::read_typed("HOAN THANH"), Some(Status::Done));
        assert_eq!(Status::read_typed("Đang thực hiện"), Some(Status::InProgress));
        assert_eq!(Status::read_typed("chua trien khai"), Some(Status::NotStarted));
        assert_eq!(Status::read_typed("vướng mắc"), Some(Status::Blocked));
        assert_eq!(Status::read_typed("dung thuc hien"), Some(Status::Dropped));
        assert_eq!(Status::read_typed("in-progress"), Some(Status::InProgress));
        assert_eq!(Status::read_typed("not started"), Some(Status::NotStarted));
        assert_eq!(Status::read_typed("xong"), None);
        assert_eq!(Status::read_typed(""), None);
        for status in Status::ALL {
            assert_eq!(Status::parse(status.key()), Some(status));
        }
    }
}
