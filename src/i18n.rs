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

/// The language the command line asks for (`--lang en`, `--lang=en`), for messages given
/// while clap parses values, before the command knows it; Vietnamese otherwise.
pub fn typed_lang() -> Lang {
    lang_of_args(std::env::args_os())
}

/// [`typed_lang`] of the arguments `args`.
pub fn lang_of_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Lang {
    let mut lang = Lang::Vi;
    let mut next_is_lang = false;
    for arg in args {
        let arg = arg.to_string_lossy().into_owned();
        let value = if next_is_lang { Some(arg.as_str()) } else { arg.strip_prefix("--lang=") };
        if let Some(value) = value {
            lang = if value == "en" { Lang::En } else { Lang::Vi };
        }
        next_is_lang = arg == "--lang";
    }
    lang
}

/// dd/mm/yyyy, the date form of every human output.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
