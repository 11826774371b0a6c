//! Reporting periods: `2025-H1` (6-monthly, cut off 30/06), `2025-H2` (31/12), `2025`
//! (yearly, cut off 30/11) and `2025-07` (monthly), as the plan's reporting rules set them.

use chrono::{Datelike, NaiveDate};

use crate::deadline::last_of_month;
use crate::i18n::Lang;
use crate::model::{ReportPeriod, ReportRule};

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
        let bad = || match crate::i18n::current() {
            crate::i18n::Lang::Vi => {
                format!("\"{text}\" không phải kỳ báo cáo: viết 2025-H1, 2025-H2, 2025 hoặc 2025-07")
            }
            crate::i18n::Lang::En => format!("'{text}' is not a period: write 2025-H1, 2025-H2, 2025 or 2025-07"),
        };
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

    /// The period after this one, of the same kind.
    pub fn next(&self) -> Period {
        let year = self.cutoff.year();
        let name = match self.kind {
            PeriodKind::HalfYear(1) => format!("{year}-H2"),
            PeriodKind::HalfYear(_) => format!("{}-H1", year + 1),
            PeriodKind::Year => (year + 1).to_string(),
            PeriodKind::Month if self.start.month() == 12 => format!("{}-01", year + 1),
            PeriodKind::Month => format!("{year}-{:02}", self.start.month() + 1),
        };
        // Every name built above is one `parse` reads, for years up to 2100.
        Period::parse(&name).unwrap_or_else(|_| self.clone())
    }

    /// The rule of plan.toml for this kind of period, if the plan sets one.
    pub fn rule<'m>(&self, rules: &'m [ReportRule]) -> Option<&'m ReportRule> {
        let kind = match self.kind {
            PeriodKind::HalfYear(_) => ReportPeriod::HalfYear,
            PeriodKind::Year => ReportPeriod::Year,
            PeriodKind::Month => ReportPeriod::Month,
        };
        rules.iter().find(|r| r.period == kind)
    }

    /// The day the report's figures are taken: `given` (`--as-of`) when there is one,
    /// else the cut-off plan.toml sets for this kind of report (the data-closing day), else
    /// the period's end — or `today` if that is earlier, since a report is often written
    /// before its period is over.
    pub fn figures_date(&self, rules: &[ReportRule], given: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
        if let Some(given) = given {
            return given;
        }
        let cutoff = self
            .rule(rules)
            .and_then(|r| r.cutoff)
            .and_then(|(day, month)| NaiveDate::from_ymd_opt(self.cutoff.year(), month, day))
            .unwrap_or(self.cutoff);
        cutoff.min(today)
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
        assert_eq!(h1.next().name, "2025-H2");
        assert_eq!(Period::parse("2025-H2").unwrap().next().name, "2026-H1");
        assert_eq!(year.next().name, "2026");
        assert_eq!(Period::parse("2025-12").unwrap().next().name, "2026-01");
        assert_eq!(month.next().name, "2025-08");
    }

    #[test]
    fn figures_are_taken_at_the_cutoff_or_today_or_as_given() {
        let h1 = Period::parse("2025-H1").unwrap();
        let rule = |cutoff| ReportRule {
            name: "6 tháng".into(),
            period: ReportPeriod::HalfYear,
            before: Some((30, 6)),
            cutoff,
        };
        let later = d(2026, 1, 1);
        assert_eq!(h1.figures_date(&[], None, later), d(2025, 6, 30));
        assert_eq!(h1.figures_date(&[rule(Some((15, 6)))], None, later), d(2025, 6, 15));
        assert_eq!(h1.figures_date(&[rule(None)], None, later), d(2025, 6, 30));
        // Written on 20/06, before the period is over: the figures are today's.
        assert_eq!(h1.figures_date(&[rule(Some((25, 6)))], None, d(2025, 6, 20)), d(2025, 6, 20));
        assert_eq!(h1.figures_date(&[rule(Some((15, 6)))], Some(d(2025, 6, 1)), later), d(2025, 6, 1));
        // A yearly rule does not apply to a half-year.
        let year = ReportRule { period: ReportPeriod::Year, cutoff: Some((20, 11)), ..rule(None) };
        assert_eq!(h1.figures_date(std::slice::from_ref(&year), None, later), d(2025, 6, 30));
        assert_eq!(Period::parse("2025").unwrap().figures_date(&[year], None, later), d(2025, 11, 20));
    }
}
