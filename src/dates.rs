//! Dates as the plan writes them: ISO (`2025-06-30`) in files, arguments and machine output;
//! people read them as dd/mm/yyyy through [`crate::i18n::date`].

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// Reads a date typed on the command line (`--as-of`, `--date`, `--signed`, the event's
/// date) as the tool prints it, `01/07/2025` or `1/7/2025`, or as files write it,
/// `2025-07-01`. The message, when it is not a date, is in the language the command line
/// asks for (clap parses values before the command knows it).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    read_date(text).map_err(|error| error.message(crate::i18n::current(), text))
}

/// Why typed text is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not written as a date at all.
    NotADate,
    /// Written as one, of a day the calendar does not have (30/02/2025).
    NoSuchDay,
}

impl DateError {
    pub fn message(self, lang: Lang, text: &str) -> String {
        match (self, lang) {
            (DateError::NotADate, Lang::Vi) => format!(
                "\"{text}\" không phải là ngày: ghi dạng ngày/tháng/năm (01/07/2025) hoặc năm-tháng-ngày (2025-07-01)"
            ),
            (DateError::NotADate, Lang::En) => {
                format!("\"{text}\" is not a date: write it dd/mm/yyyy (01/07/2025) or YYYY-MM-DD (2025-07-01)")
            }
            (DateError::NoSuchDay, Lang::Vi) => format!("ngày không tồn tại: {text}"),
            (DateError::NoSuchDay, Lang::En) => format!("no such day: {text} does not exist"),
        }
    }
}

/// [`parse_date`] without the message: `YYYY-MM-DD`, `dd/mm/yyyy` or `d/m/yyyy`.
pub fn read_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let numbers = |parts: Vec<&str>, widths: [std::ops::RangeInclusive<usize>; 3]| -> Option<[u32; 3]> {
        let [a, b, c] = parts[..] else { return None };
        let mut out = [0; 3];
        for ((part, width), slot) in [a, b, c].into_iter().zip(widths).zip(&mut out) {
            if !width.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        Some(out)
    };
    let (year, month, day) = if let Some([y, m, d]) = numbers(text.split('-').collect(), [4..=4, 2..=2, 2..=2]) {
        (y, m, d)
    } else if let Some([d, m, y]) = numbers(text.split('/').collect(), [1..=2, 1..=2, 4..=4]) {
        (y, m, d)
    } else {
        return Err(DateError::NotADate);
    };
    let year = i32::try_from(year).map_err(|_| DateError::NotADate)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay)
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
        assert_eq!(read_date(&iso(date)), Ok(date));
        assert_eq!(to_toml(date).unwrap().to_string(), "2025-06-30");
        let far = NaiveDate::from_ymd_opt(12000, 1, 1).unwrap();
        assert_eq!(to_toml(far), None);
        let parsed: toml::Table = toml::from_str("a = 2025-06-30\nb = 2025-06-30T10:00:00").unwrap();
        assert_eq!(from_toml(parsed["a"].as_datetime().unwrap()), Some(date));
        assert_eq!(from_toml(parsed["b"].as_datetime().unwrap()), None);
    }

    #[test]
    fn dates_are_read_as_the_tool_prints_them_and_as_files_write_them() {
        let date = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(read_date("01/07/2025"), date(2025, 7, 1));
        assert_eq!(read_date("1/7/2025"), date(2025, 7, 1));
        assert_eq!(read_date("25/3/2025"), date(2025, 3, 25));
        assert_eq!(read_date(" 2025-07-01 "), date(2025, 7, 1));
        assert_eq!(read_date(&crate::i18n::date(date(2025, 12, 31).unwrap())), date(2025, 12, 31));
        for no_such_day in ["2025-02-30", "30/02/2025", "31/4/2025", "2025-13-01", "00/01/2025", "29/02/2025"] {
            assert_eq!(read_date(no_such_day), Err(DateError::NoSuchDay), "{no_such_day}");
        }
        assert_eq!(read_date("29/02/2024"), date(2024, 2, 29));
        for not_a_date in ["", "hôm nay", "2025-7-1", "01/07/25", "1/7/2025/1", "2025/07/01", "+1/7/2025", "1/07/ 2025"]
        {
            assert_eq!(read_date(not_a_date), Err(DateError::NotADate), "{not_a_date}");
        }
    }

    #[test]
    fn the_message_speaks_the_language_typed() {
        assert_eq!(DateError::NoSuchDay.message(Lang::Vi, "30/02/2025"), "ngày không tồn tại: 30/02/2025");
        assert!(DateError::NotADate.message(Lang::En, "x").contains("dd/mm/yyyy"));
    }
}
