//! Reporting periods: `2025-H1` (6-monthly, cut off 30/06), `2025-H2` (31/12), `2025`
//! (yearly, cut off 30/11) and `2025-07` (monthly), as the plan's reporting rules set them.

use chrono::{Datelike, NaiveDate};

use crate::deadline::last_of_month;
use crate::i18n::Lang;

/// A reporting period: its name, first day and cut-off date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub cutoff: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    HalfYear(u32),
    Year,
    Month,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || format!("'{text}' is not a period: write 2025-H1, 2025-H2, 2025 or 2025-07");
        let (year, rest) = text.split_once('-').map_or((text, None), |(y, r)| (y, Some(r)));
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(bad)?;
        let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad);
        let (kind, start, cutoff) = match rest {
            None => (PeriodKind::Year, NaiveDate::from_ymd_opt(year - 1, 12, 1).ok_or_else(bad)?, date(11, 30)?),
            Some("H1" | "h1") => (PeriodKind::HalfYear(1), date(1, 1)?, date(6, 30)?),
            Some("H2" | "h2") => (PeriodKind::HalfYear(2), date(7, 1)?, date(12, 31)?),
            Some(month) if month.len() == 2 => {
                let month: u32 = month.parse().map_err(|_| bad())?;
                (PeriodKind::Month, date(month, 1)?, last_of_month(year, month).ok_or_else(bad)?)
            }
            Some(_) => return Err(bad()),
        };
        let name = match kind {
            PeriodKind::HalfYear(h) => format!("{year}-H{h}"),
            PeriodKind::Year => year.to_string(),
            PeriodKind::Month => format!("{year}-{:02}", start.month()),
        };
        Ok(Period { name, kind, start, cutoff })
    }

    /// "6 tháng đầu năm 2025", "năm 2025", "tháng 7/2025".
    pub fn title(&self, lang: Lang) -> String {
        let year = self.cutoff.year();
        match (self.kind, lang) {
            (PeriodKind::HalfYear(1), Lang::Vi) => format!("6 tháng đầu năm {year}"),
            (PeriodKind::HalfYear(_), Lang::Vi) => format!("6 tháng cuối năm {year}"),
            (PeriodKind::Year, Lang::Vi) => format!("năm {year}"),
            (PeriodKind::Month, Lang::Vi) => format!("tháng {}/{year}", self.start.month()),
            (PeriodKind::HalfYear(1), Lang::En) => format!("first half of {year}"),
            (PeriodKind::HalfYear(_), Lang::En) => format!("second half of {year}"),
            (PeriodKind::Year, Lang::En) => format!("year {year}"),
            (PeriodKind::Month, Lang::En) => format!("{}/{year}", self.start.month()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_and_their_cutoffs() {
        let h1 = Period::parse("2025-H1").unwrap();
        assert_eq!((h1.start, h1.cutoff, h1.name.as_str()), (d(2025, 1, 1), d(2025, 6, 30), "2025-H1"));
        let year = Period::parse("2025").unwrap();
        assert_eq!((year.start, year.cutoff), (d(2024, 12, 1), d(2025, 11, 30)));
        let month = Period::parse("2025-07").unwrap();
        assert_eq!((month.start, month.cutoff), (d(2025, 7, 1), d(2025, 7, 31)));
        assert_eq!(Period::parse("2024-02").unwrap().cutoff, d(2024, 2, 29));
        for bad in ["2025-13", "2025-H3", "25", "2025-7", "x", "2025-"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(h1.title(Lang::Vi), "6 tháng đầu năm 2025");
    }
}
