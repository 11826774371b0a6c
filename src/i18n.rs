//! The two languages of human output. Vietnamese first; machine output keeps English keys.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// dd/mm/yyyy, the date form of every human output.
pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // As `%d/%m/%Y` would write it, without reading the pattern for each of a long table's
    // dates; chrono writes a year beyond four digits with its sign.
    if (0..=9999).contains(&d.year()) {
        format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
    } else {
        d.format("%d/%m/%Y").to_string()
    }
}

static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// The language of this run's messages, for the few places that cannot be handed it:
/// value parsers run by clap while arguments are parsed, and messages made deep below a
/// command. Vietnamese until set.
pub fn current() -> Lang {
    match CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Vi,
    }
}

/// Sets the language of this run's messages.
pub fn set_current(lang: Lang) {
    CURRENT.store(lang as u8, std::sync::atomic::Ordering::Relaxed);
}

/// The language `--lang` asks for on a command line not parsed yet (`--lang en`,
/// `--lang=en`, before any `--`), if it asks for one.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => args.next().map(|v| v.into_owned()),
            other => other.strip_prefix("--lang=").map(str::to_string),
        };
        match value.as_deref() {
            Some("en") => found = Some(Lang::En),
            Some("vi") => found = Some(Lang::Vi),
            _ => {}
        }
    }
    found
}

/// Whether the locale (LC_ALL, else LC_MESSAGES, else LANG, the first one set) is English.
pub fn locale_is_english() -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .next()
        .is_some_and(|v| v.starts_with("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_read_from_the_arguments_before_parsing() {
        let args = |s: &str| s.split(' ').map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_in_args(&args("plan show 16 --lang en")), Some(Lang::En));
        assert_eq!(lang_in_args(&args("plan --lang=en show 16")), Some(Lang::En));
        assert_eq!(lang_in_args(&args("plan --lang en show 16 --lang vi")), Some(Lang::Vi));
        assert_eq!(lang_in_args(&args("plan show 16")), None);
        assert_eq!(lang_in_args(&args("plan update 16 --note -- --lang en")), None);
    }
}
