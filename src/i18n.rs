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
    d.format("%d/%m/%Y").to_string()
}
