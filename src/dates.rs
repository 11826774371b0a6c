//! Dates as the plan writes them: ISO (`2025-06-30`) in files, arguments and machine output;
//! people read them as dd/mm/yyyy through [`crate::i18n::date`].

use chrono::{Datelike, NaiveDate};

/// Reads a date typed as `YYYY-MM-DD` (the `--as-of`, `--date` and event arguments).
pub fn parse_iso(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        let lang = crate::i18n::current();
        match lang {
            crate::i18n::Lang::Vi => format!("\"{text}\" không phải ngày viết dạng YYYY-MM-DD (ví dụ 2025-07-01)"),
            crate::i18n::Lang::En => format!("'{text}' is not a date written YYYY-MM-DD (e.g. 2025-07-01)"),
        }
    })
}

/// `2025-06-30`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The date as a TOML date for toml_edit; none for a year TOML cannot write (before 0 or
/// after 9999).
pub fn to_toml(date: NaiveDate) -> Option<toml_edit::Datetime> {
    let date = toml_edit::Date {
        year: u16::try_from(date.year()).ok().filter(|y| *y <= 9999)?,
        month: u8::try_from(date.month()).ok()?,
        day: u8::try_from(date.day()).ok()?,
    };
    Some(toml_edit::Datetime { date: Some(date), time: None, offset: None })
}

/// A TOML value that is a plain date (no time, no offset), as a calendar date.
pub fn from_toml(value: &toml::value::Datetime) -> Option<NaiveDate> {
    let date = value.date.filter(|_| value.time.is_none() && value.offset.is_none())?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_out_of_range_years_are_refused() {
        let date = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(parse_iso(&iso(date)), Ok(date));
        assert!(parse_iso("30/06/2025").is_err());
        assert_eq!(to_toml(date).unwrap().to_string(), "2025-06-30");
        let far = NaiveDate::from_ymd_opt(12000, 1, 1).unwrap();
        assert_eq!(to_toml(far), None);
        let parsed: toml::Table = toml::from_str("a = 2025-06-30\nb = 2025-06-30T10:00:00").unwrap();
        assert_eq!(from_toml(parsed["a"].as_datetime().unwrap()), Some(date));
        assert_eq!(from_toml(parsed["b"].as_datetime().unwrap()), None);
    }
}
