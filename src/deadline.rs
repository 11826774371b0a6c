//! Interpreting a deadline as the plan words it ("Trong quý II/2025", "Thường xuyên",
//! "Trong 01 tháng, sau khi Trung ương có văn bản hướng dẫn") into milestones.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use regex::{Captures, Regex};

use crate::text::fold;

/// A month and year, e.g. the month the plan was issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    /// Reads "02/2025", "2/2025" or "2025-02".
    pub fn parse(text: &str) -> Option<YearMonth> {
        let text = text.trim();
        let (year, month) = match text.split_once('/') {
            Some((m, y)) => (y, m),
            None => text.split_once('-')?,
        };
        let ym = YearMonth { year: year.trim().parse().ok()?, month: month.trim().parse().ok()? };
        (1..=12).contains(&ym.month).then_some(ym)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("month checked in parse")
    }
}

/// Which day of the month a yearly milestone falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayOfMonth {
    Fixed(u32),
    Last,
}

/// A span of time after an event: "Trong 01 tháng" → one month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offset {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

impl Offset {
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Offset::Days(n) => date.checked_add_days(Days::new(n.into())),
            Offset::Weeks(n) => date.checked_add_days(Days::new(u64::from(n) * 7)),
            Offset::Months(n) => date.checked_add_months(Months::new(n)),
            Offset::Years(n) => date.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }

    pub fn describe(self, vi: bool) -> String {
        let (n, vi_unit, en_unit) = match self {
            Offset::Days(n) => (n, "ngày", "day"),
            Offset::Weeks(n) => (n, "tuần", "week"),
            Offset::Months(n) => (n, "tháng", "month"),
            Offset::Years(n) => (n, "năm", "year"),
        };
        if vi {
            format!("{n} {vi_unit}")
        } else if n == 1 {
            format!("1 {en_unit}")
        } else {
            format!("{n} {en_unit}s")
        }
    }
}

/// When a milestone falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// Due on one day.
    Due(NaiveDate),
    /// Due every year on the same day; each year's occurrence is owed separately.
    Yearly { month: u32, day: DayOfMonth, first_year: i32 },
    /// Continuous work, never overdue by date.
    Ongoing,
    /// Waits on a central-government event; due at the event plus the offset, if any.
    AfterEvent { offset: Option<Offset> },
    /// No deadline set yet.
    NoDeadline,
}

impl Schedule {
    /// The one due date of a dated milestone; none for the others.
    pub fn due(&self) -> Option<NaiveDate> {
        match self {
            Schedule::Due(date) => Some(*date),
            _ => None,
        }
    }

    /// The due date of the occurrence in `year` of a yearly milestone.
    pub fn yearly_due(month: u32, day: DayOfMonth, year: i32) -> Option<NaiveDate> {
        match day {
            DayOfMonth::Fixed(d) => NaiveDate::from_ymd_opt(year, month, d),
            DayOfMonth::Last => last_of_month(year, month),
        }
    }
}

/// One milestone read from the wording: its own words and its schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedMilestone {
    pub label: String,
    pub schedule: Schedule,
}

/// Why a wording was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("no date, period or known phrase found")]
    Unrecognized,
    #[error("no such date: {0}")]
    NoSuchDate(String),
    #[error("the date has no year and the wording does not say it repeats every year")]
    MissingYear,
    #[error("one milestone names several different dates")]
    SeveralDates,
    #[error("empty wording")]
    Empty,
    #[error("a number is written with digits other than 0-9: {0}")]
    OtherDigits(String),
}

impl DeadlineError {
    pub fn describe(&self, vi: bool) -> String {
        if !vi {
            return self.to_string();
        }
        match self {
            DeadlineError::Unrecognized => "không thấy ngày, kỳ hạn hay cụm từ quen thuộc nào".into(),
            DeadlineError::NoSuchDate(d) => format!("ngày không tồn tại: {d}"),
            DeadlineError::MissingYear => "ngày không ghi năm mà cũng không lặp lại hằng năm".into(),
            DeadlineError::SeveralDates => "một mốc nêu nhiều ngày khác nhau".into(),
            DeadlineError::Empty => "thời hạn để trống".into(),
            DeadlineError::OtherDigits(word) => format!("số viết bằng chữ số khác 0–9: {word}"),
        }
    }
}

// The patterns are matched against folded text whose whitespace is single ASCII spaces
// and whose digits are 0-9 (`parse_one` refuses a wording written with other digits): so
// they name a space and the digits 0-9 rather than Unicode's `\s` and `\d`, whose classes
// made compiling them a quarter of `plan update`'s time (2.8 ms of compiling for all of
// them, 1.1 ms with these). `\x20` is a space in the verbose pattern, which ignores spaces
// written as such.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<iso>\b(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})\b)
        |(?P<dmy>\b(?P<d1>[0-9]{1,2})[/.](?P<m1>[0-9]{1,2})[/.](?P<y1>[0-9]{4})\b)
        |(?P<quarter>\bquy\x20*(?P<q>iv|iii|ii|i|[1-4])(?:\x20*(?:/|-|nam)?\x20*(?P<qy>[0-9]{4}))?)
        |(?P<half>\b(?:6|sau)\x20+thang\x20+(?P<h>dau|cuoi)\x20+nam(?:\x20+(?P<hy>[0-9]{4}))?)
        |(?P<my>\b(?:thang\x20*)?(?P<m2>[0-9]{1,2})\x20*(?:/|-|nam)\x20*(?P<y2>[0-9]{4})\b)
        |(?P<dm>\b(?P<d3>[0-9]{1,2})/(?P<m3>[0-9]{1,2})\b)
        |(?P<month>\bthang\x20*(?P<m4>[0-9]{1,2})\b)
        |(?P<range>\b[0-9]{4}\x20*(?:-|–|den\x20+nam|den)\x20*(?P<rb>[0-9]{4})\b)
        |(?P<year>\b(?P<y5>[0-9]{4})\b)",
    )
    .expect("valid date pattern")
});

static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:trong +(?:vong +|thoi +han +)?)?(?P<n>[0-9]{1,4}) +(?P<unit>ngay|tuan|thang|nam)")
        .expect("valid offset pattern")
});

static EVENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bsau +khi\b").expect("valid event pattern"));
static NO_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"theo +tien +do|tien +do +se +duoc +cap +nhat|chua +xac +dinh|theo +chu +truong")
        .expect("valid pattern")
});
static ONGOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"thuong +xuyen|lien +tuc|bat +dau +tu|theo +ke +hoach +phan +bo|\btu +nam +[0-9]{4}\b")
        .expect("valid pattern")
});
static UNTIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bden\b").expect("valid pattern"));
static YEARLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"hang +nam|moi +nam|(?:nhung|cac) +nam +tiep +theo").expect("valid pattern"));
/// A decimal digit other than 0-9, such as the full-width "２" some input methods type;
/// compiled only for a wording that has a non-ASCII numeric character.
static OTHER_DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{Nd}--0-9]").expect("valid pattern"));
static PER_PLAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\btheo +(?:kh|ke +hoach)\b").expect("valid pattern"));

/// Interprets a deadline into its milestones. A wording with bullets
/// ("- Đề án hoàn thành trong quý II/2025 - Các hoạt động triển khai thường xuyên")
/// gives one milestone per bullet.
pub fn parse(wording: &str, issued: YearMonth) -> Result<Vec<ParsedMilestone>, DeadlineError> {
    let parts = split_bullets(wording);
    if parts.is_empty() {
        return Err(DeadlineError::Empty);
    }
    parts
        .into_iter()
        .map(|part| Ok(ParsedMilestone { label: part.to_string(), schedule: parse_one(part, issued)? }))
        .collect()
}

/// Splits at a dash, plus sign or bullet that stands alone before a word, so that
/// "2025 - 2026" stays whole.
fn split_bullets(wording: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = wording.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let is_bullet = matches!(c, '-' | '–' | '+' | '•')
            && (i == 0 || chars[i - 1].1.is_whitespace())
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_whitespace())
            && chars[i + 1..].iter().find(|(_, n)| !n.is_whitespace()).is_some_and(|&(_, n)| n.is_alphabetic());
        if is_bullet {
            parts.push(&wording[start..pos]);
            start = pos + c.len_utf8();
        }
    }
    parts.push(&wording[start..]);
    parts.into_iter().map(|p| p.trim().trim_end_matches([';', ',', '.']).trim()).filter(|p| !p.is_empty()).collect()
}

/// A date or period named in the wording; the year is absent in "quý II hằng năm".
#[derive(Clone, Copy, Debug)]
enum Period {
    Day { day: u32, month: u32 },
    Month(u32),
    Quarter(u32),
    Half(u32),
    Year,
}

impl Period {
    /// First and last day of the period in `year`.
    fn bounds(self, year: i32, text: &str) -> Result<(NaiveDate, NaiveDate), DeadlineError> {
        let no_such = || DeadlineError::NoSuchDate(text.trim().to_string());
        let month_bounds = |first: u32, last: u32| -> Result<(NaiveDate, NaiveDate), DeadlineError> {
            let start = NaiveDate::from_ymd_opt(year, first, 1).ok_or_else(no_such)?;
            Ok((start, last_of_month(year, last).ok_or_else(no_such)?))
        };
        match self {
            Period::Day { day, month } => {
                let d = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(no_such)?;
                Ok((d, d))
            }
            Period::Month(m) => month_bounds(m, m),
            Period::Quarter(q) => month_bounds(q * 3 - 2, q * 3),
            Period::Half(h) => month_bounds(h * 6 - 5, h * 6),
            Period::Year => month_bounds(1, 12),
        }
    }
}

/// A dated expression: the period, its year if written, and whether it reads "trước ..." (before).
struct DateExpr<'t> {
    period: Period,
    year: Option<i32>,
    before: bool,
    text: &'t str,
}

impl DateExpr<'_> {
    fn due_in(&self, year: i32) -> Result<NaiveDate, DeadlineError> {
        let (start, end) = self.period.bounds(year, self.text)?;
        if self.before {
            start.pred_opt().ok_or_else(|| DeadlineError::NoSuchDate(self.text.to_string()))
        } else {
            Ok(end)
        }
    }
}

fn parse_one(part: &str, issued: YearMonth) -> Result<Schedule, DeadlineError> {
    let folded = fold(part);
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if EVENT.is_match(&folded) {
        let offset = OFFSET.captures(&folded).and_then(|c| {
            let n: u32 = c["n"].parse().ok()?;
            Some(match &c["unit"] {
                "ngay" => Offset::Days(n),
                "tuan" => Offset::Weeks(n),
                "thang" => Offset::Months(n),
                _ => Offset::Years(n),
            })
        });
        return Ok(Schedule::AfterEvent { offset });
    }
    if NO_DEADLINE.is_match(&folded) {
        return Ok(Schedule::NoDeadline);
    }
    if ONGOING.is_match(&folded) && !UNTIL.is_match(&folded) {
        return Ok(Schedule::Ongoing);
    }
    // A number in other digits is refused, not skipped: skipping it would read the wording
    // without it ("１５/06/2025" as June 2025).
    if folded.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        if let Some(word) = part.split_whitespace().find(|word| OTHER_DIGIT.is_match(word)) {
            return Err(DeadlineError::OtherDigits(word.to_string()));
        }
    }
    let yearly = YEARLY.is_match(&folded);
    let exprs = DATE.captures_iter(&folded).map(|c| date_expr(&folded, &c)).collect::<Result<Vec<_>, _>>()?;
    if exprs.is_empty() {
        return if yearly {
            yearly_schedule(&DateExpr { period: Period::Year, year: None, before: false, text: "" }, issued)
        } else if PER_PLAN.is_match(&folded) {
            Ok(Schedule::Ongoing)
        } else {
            Err(DeadlineError::Unrecognized)
        };
    }
    let mut schedules = exprs.iter().map(|e| {
        if yearly {
            yearly_schedule(e, issued)
        } else {
            e.year.ok_or(DeadlineError::MissingYear).and_then(|y| e.due_in(y)).map(Schedule::Due)
        }
    });
    let first = schedules.next().expect("at least one expression")?;
    for other in schedules {
        if other? != first {
            return Err(DeadlineError::SeveralDates);
        }
    }
    Ok(first)
}

fn yearly_schedule(expr: &DateExpr, issued: YearMonth) -> Result<Schedule, DeadlineError> {
    // The month and day are read off a non-leap reference year; a due date on the
    // last day of its month stays on the last day (28 or 29 February).
    let reference = expr.due_in(2001)?;
    let day = if last_of_month(reference.year(), reference.month()) == Some(reference) {
        DayOfMonth::Last
    } else {
        DayOfMonth::Fixed(reference.day())
    };
    let month = reference.month();
    let first_year = match expr.year {
        Some(y) => expr.due_in(y)?.year(),
        None => {
            let from = issued.first_day();
            let mut year = issued.year;
            while Schedule::yearly_due(month, day, year).is_none_or(|d| d < from) {
                year += 1;
            }
            year
        }
    };
    Ok(Schedule::Yearly { month, day, first_year })
}

fn date_expr<'t>(folded: &'t str, c: &Captures<'t>) -> Result<DateExpr<'t>, DeadlineError> {
    let whole = c.get(0).expect("match");
    let before_text = folded[..whole.start()].trim_end();
    let before = before_text.ends_with("truoc") || before_text.ends_with("truoc ngay");
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let no_such = || DeadlineError::NoSuchDate(whole.as_str().to_string());
    let month = |m: Option<u32>| m.filter(|m| (1..=12).contains(m)).ok_or_else(no_such);
    let (period, year) = if c.name("iso").is_some() {
        (Period::Day { day: num("id").ok_or_else(no_such)?, month: month(num("im"))? }, year("iy"))
    } else if c.name("dmy").is_some() {
        (Period::Day { day: num("d1").ok_or_else(no_such)?, month: month(num("m1"))? }, year("y1"))
    } else if let Some(q) = c.name("q") {
        let quarter = match q.as_str() {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            _ => 4,
        };
        (Period::Quarter(quarter), year("qy"))
    } else if let Some(h) = c.name("h") {
        (Period::Half(if h.as_str() == "dau" { 1 } else { 2 }), year("hy"))
    } else if c.name("my").is_some() {
        (Period::Month(month(num("m2"))?), year("y2"))
    } else if c.name("dm").is_some() {
        (Period::Day { day: num("d3").ok_or_else(no_such)?, month: month(num("m3"))? }, None)
    } else if c.name("month").is_some() {
        (Period::Month(month(num("m4"))?), None)
    } else if c.name("range").is_some() {
        (Period::Year, year("rb"))
    } else {
        (Period::Year, year("y5"))
    };
    let expr = DateExpr { period, year, before, text: whole.as_str() };
    // Validate the day against the month now, so "30/02/2025" is an error even in a yearly wording.
    expr.period.bounds(year.unwrap_or(2000), expr.text)?;
    Ok(expr)
}

pub fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUED: YearMonth = YearMonth { year: 2025, month: 2 };

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one(wording: &str) -> Schedule {
        let parsed = parse(wording, ISSUED).unwrap_or_else(|e| panic!("{wording}: {e}"));
        assert_eq!(parsed.len(), 1, "{wording}: {parsed:?}");
        parsed[0].schedule
    }

    #[test]
    fn any_whitespace_between_words_reads_as_a_space() {
        // Word documents put no-break and thin spaces, tabs and line breaks between words.
        assert_eq!(one("Trong\u{a0}quý\tII/2025"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("Thường\u{2009}xuyên"), Schedule::Ongoing);
        assert_eq!(one("Trong 6\u{a0}tháng\ncuối năm 2025"), Schedule::Due(d(2025, 12, 31)));
        assert_eq!(
            one("Trong 01\u{3000}tháng, sau\u{a0}khi Trung ương có văn bản hướng dẫn"),
            Schedule::AfterEvent { offset: Some(Offset::Months(1)) }
        );
        // A number in other digits is refused, not skipped; a numbered bullet is no digit.
        assert_eq!(parse("Năm ２０２５", ISSUED), Err(DeadlineError::OtherDigits("２０２５".into())));
        assert_eq!(parse("Hạn １５/06/2025", ISSUED), Err(DeadlineError::OtherDigits("１５/06/2025".into())));
        assert_eq!(parse("Tháng ٢/2025", ISSUED), Err(DeadlineError::OtherDigits("٢/2025".into())));
        assert_eq!(one("① Trong quý II/2025"), Schedule::Due(d(2025, 6, 30)));
    }

    #[test]
    fn quarters_end_on_their_last_day() {
        assert_eq!(one("Trong quý I/2025"), Schedule::Due(d(2025, 3, 31)));
        assert_eq!(one("Trong Quý I năm 2025"), Schedule::Due(d(2025, 3, 31)));
        assert_eq!(one("Trong quý II năm 2025"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("Trong quý III/2025"), Schedule::Due(d(2025, 9, 30)));
        assert_eq!(one("Trong quý III năm 2025"), Schedule::Due(d(2025, 9, 30)));
        assert_eq!(one("Hoàn thành trong quý IV/2025"), Schedule::Due(d(2025, 12, 31)));
        assert_eq!(one("Trong quý IV2025"), Schedule::Due(d(2025, 12, 31)));
        assert_eq!(one("Trong quý IV năm 2025"), Schedule::Due(d(2025, 12, 31)));
        assert_eq!(one("Trong quý I năm 2025"), Schedule::Due(d(2025, 3, 31)));
        assert_eq!(one("Kế hoạch hoàn thành trong quý II/2025"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("Quý II/2025"), Schedule::Due(d(2025, 6, 30)));
    }

    #[test]
    fn years_end_on_31_december() {
        for wording in [
            "Trong năm 2025",
            "Năm 2025",
            "Hoàn thành trong năm 2025",
            "Đề án hoàn thành trong năm 2025",
            "Hoàn thành Báo cáo tiền khả thi trong năm 2025",
            "Hoàn thành Báo cáo rà soát, đánh giá tác động của việc thực hiện các chính sách trong thời gian qua và đề xuất giải pháp trong năm 2025",
            "2025",
            "2024 - 2025",
            "2023-2025",
        ] {
            assert_eq!(one(wording), Schedule::Due(d(2025, 12, 31)), "{wording}");
        }
    }

    #[test]
    fn bulleted_wording_gives_one_milestone_per_bullet() {
        let parsed = parse(
            "- Đề án hoàn thành trong quý II/2025 - Các hoạt động triển khai thường xuyên, tuần, tháng quý, năm",
            ISSUED,
        )
        .unwrap();
        assert_eq!(
            parsed,
            vec![
                ParsedMilestone {
                    label: "Đề án hoàn thành trong quý II/2025".into(),
                    schedule: Schedule::Due(d(2025, 6, 30))
                },
                ParsedMilestone {
                    label: "Các hoạt động triển khai thường xuyên, tuần, tháng quý, năm".into(),
                    schedule: Schedule::Ongoing
                },
            ]
        );
    }

    #[test]
    fn before_january_every_year_is_due_each_31_december_from_the_first_after_issue() {
        let parsed = parse(
            "- Kế hoạch hoàn thành trước tháng 01 hằng năm - Các nhiệm vụ cụ thể được triển khai theo KH",
            ISSUED,
        )
        .unwrap();
        assert_eq!(parsed[0].schedule, Schedule::Yearly { month: 12, day: DayOfMonth::Last, first_year: 2025 });
        assert_eq!(parsed[1].schedule, Schedule::Ongoing);
        assert_eq!(Schedule::yearly_due(12, DayOfMonth::Last, 2026), Some(d(2026, 12, 31)));
    }

    #[test]
    fn ongoing_wordings_are_never_dated() {
        for wording in [
            "Thường xuyên",
            "Nhiệm vụ thường xuyên",
            "Thường xuyên, gắn với công tác thi đua, khen thưởng hằng năm",
            "Bắt đầu từ năm 2025",
            "Xúc tiến các thủ tục chuẩn bị đầu tư từ năm 2025",
            "Theo kế hoạch phân bổ kinh phí hằng năm",
        ] {
            assert_eq!(one(wording), Schedule::Ongoing, "{wording}");
        }
    }

    #[test]
    fn event_wordings_wait_with_their_offset() {
        assert_eq!(
            one("Trong 01 tháng, sau khi Trung ương có văn bản hướng dẫn thực hiện"),
            Schedule::AfterEvent { offset: Some(Offset::Months(1)) }
        );
        assert_eq!(one("Sau khi Trung ương ban hành các chính sách liên quan"), Schedule::AfterEvent { offset: None });
        assert_eq!(one("Sau khi Trung ương triển khai Chương trình"), Schedule::AfterEvent { offset: None });
        assert_eq!(
            one("Trong vòng 15 ngày sau khi có hướng dẫn"),
            Schedule::AfterEvent { offset: Some(Offset::Days(15)) }
        );
        assert_eq!(Offset::Months(1).after(d(2025, 1, 31)), Some(d(2025, 2, 28)));
    }

    #[test]
    fn progress_wordings_have_no_deadline_yet() {
        for wording in [
            "Theo tiến độ ban hành các chính sách của Trung ương",
            "Theo tiến độ tại các Kế hoạch, Chương trình",
            "Tiến độ sẽ được cập nhật theo chủ trương của Trung ương",
        ] {
            assert_eq!(one(wording), Schedule::NoDeadline, "{wording}");
        }
    }

    #[test]
    fn forms_of_other_plans() {
        assert_eq!(one("30/06/2025"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("Trước ngày 15/7/2025"), Schedule::Due(d(2025, 7, 14)));
        assert_eq!(one("06/2025"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("Tháng 2/2028"), Schedule::Due(d(2028, 2, 29)));
        assert_eq!(one("Tháng 9 năm 2025"), Schedule::Due(d(2025, 9, 30)));
        assert_eq!(one("2025-06-30"), Schedule::Due(d(2025, 6, 30)));
        assert_eq!(one("2025 - 2026"), Schedule::Due(d(2026, 12, 31)));
        assert_eq!(one("Giai đoạn 2025-2030"), Schedule::Due(d(2030, 12, 31)));
        assert_eq!(one("Từ năm 2025 đến năm 2027"), Schedule::Due(d(2027, 12, 31)));
        assert_eq!(one("6 tháng đầu năm 2026"), Schedule::Due(d(2026, 6, 30)));
        assert_eq!(one("Hằng năm"), Schedule::Yearly { month: 12, day: DayOfMonth::Last, first_year: 2025 });
        assert_eq!(one("Hàng năm"), Schedule::Yearly { month: 12, day: DayOfMonth::Last, first_year: 2025 });
        assert_eq!(one("Quý I hằng năm"), Schedule::Yearly { month: 3, day: DayOfMonth::Last, first_year: 2025 });
        assert_eq!(
            one("Trước ngày 30/11 hằng năm"),
            Schedule::Yearly { month: 11, day: DayOfMonth::Fixed(29), first_year: 2025 }
        );
        assert_eq!(
            one("Năm 2026 và những năm tiếp theo"),
            Schedule::Yearly { month: 12, day: DayOfMonth::Last, first_year: 2026 }
        );
        assert_eq!(
            one("Trước tháng 3 hằng năm"),
            Schedule::Yearly { month: 2, day: DayOfMonth::Last, first_year: 2025 }
        );
        assert_eq!(one("Quý IV/2025 (ngày 31/12/2025)"), Schedule::Due(d(2025, 12, 31)));
    }

    #[test]
    fn decomposed_wording_means_the_same() {
        use unicode_normalization::UnicodeNormalization;
        for wording in ["Trong quý II năm 2025", "Kế hoạch hoàn thành trước tháng 01 hằng năm", "Thường xuyên"]
        {
            let nfd: String = wording.nfd().collect();
            assert_eq!(
                parse(&nfd, ISSUED),
                parse(wording, ISSUED)
                    .map(|m| m.into_iter().map(|p| ParsedMilestone { label: p.label.nfd().collect(), ..p }).collect()),
                "{wording}"
            );
        }
    }

    #[test]
    fn wordings_not_understood_are_errors() {
        assert_eq!(parse("Sớm nhất có thể", ISSUED), Err(DeadlineError::Unrecognized));
        assert_eq!(parse("30/02/2025", ISSUED), Err(DeadlineError::NoSuchDate("30/02/2025".into())));
        assert_eq!(parse("2025-02-30", ISSUED), Err(DeadlineError::NoSuchDate("2025-02-30".into())));
        assert_eq!(parse("Tháng 13/2025", ISSUED), Err(DeadlineError::NoSuchDate("thang 13/2025".into())));
        assert_eq!(parse("Trong quý II", ISSUED), Err(DeadlineError::MissingYear));
        assert_eq!(parse("Quý I/2025 hoặc quý III/2026", ISSUED), Err(DeadlineError::SeveralDates));
        assert_eq!(parse("  ", ISSUED), Err(DeadlineError::Empty));
    }

    #[test]
    fn issue_month_reads_both_orders() {
        assert_eq!(YearMonth::parse("02/2025"), Some(ISSUED));
        assert_eq!(YearMonth::parse("2025-02"), Some(ISSUED));
        assert_eq!(YearMonth::parse("13/2025"), None);
        assert_eq!(YearMonth::parse("x"), None);
    }
}
