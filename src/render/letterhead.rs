//! Who a document is from, as the header block and the signature of Decree 30/2020 need
//! it: the parent body, the issuing body, the number, the place and date, the signer.
//! Shared by the periodic report, an agency's own report and the reminder letters, so
//! every document the office files is headed the same way.

use chrono::{Datelike, NaiveDate};

use crate::model::Plan;
use crate::registry::Kind;

/// The parts of a document that say who issues it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letterhead {
    pub parent_body: Option<String>,
    pub issuing_body: String,
    /// The issuing body's name as written in sentences: "Sở Khoa học và Công nghệ".
    pub issuing_name: String,
    /// "Số:        /BC-SKHCN".
    pub number: String,
    /// "Ninh Thuận, ngày 05 tháng 7 năm 2025", or with blanks left for the office.
    pub place_date: String,
    pub signer_authority: Vec<String>,
    pub signer_name: String,
}

/// The drafting unit a letter's number and its "Lưu:" line name when none is given: the
/// office (Văn phòng).
pub const LETTER_UNIT: &str = "VP";

/// What the caller knows of the document: its kind's code in the number ("BC" for a
/// report, "" for a letter (công văn): "Số: …/SKHCN-VP"), and what the user gave on the command line.
pub struct Issue<'a> {
    pub code: &'a str,
    /// `--number`: the number as registered ("125/BC-SKHCN"), else a blank to fill.
    pub number: Option<&'a str>,
    /// `--signed`: the date of signature, else blanks to fill.
    pub signed: Option<NaiveDate>,
}

/// The letterhead of a document issued by `agency` (an index into the registry), or by
/// the office reports go through (`[reporting] via`) when `agency` is none, or by the
/// plan's issuer when the plan names no such office.
pub fn letterhead(plan: &Plan, agency: Option<usize>, issue: &Issue) -> Letterhead {
    let registry = &plan.registry;
    let office = plan.meta.reporting_via.as_deref().and_then(|v| registry.resolve(v)).and_then(|r| match r {
        crate::registry::AgencyRef::Agency(a) => Some(a),
        crate::registry::AgencyRef::Collective(_) => None,
    });
    let issuer = agency.or(office);
    // The office's own settings apply to what the office itself issues.
    let settings = (issuer == office).then_some(&plan.meta.office);
    let (name, kind) = match issuer {
        Some(a) => (registry.agencies[a].name.clone(), Some(registry.agencies[a].kind)),
        None => (plan.meta.issuer.clone(), None),
    };
    let parent_body = match kind {
        Some(Kind::Department | Kind::Provincial) if !plan.meta.issuer.is_empty() => {
            Some(upper(&abbreviate_committee(&plan.meta.issuer)))
        }
        _ => None,
    };
    // plan.toml's number is the reports' ("/BC-SKHCN"): a letter is numbered as a công
    // văn, "Số:        /SKHCN-VP", the drafting unit being the office (Văn phòng) unless
    // `--number` says otherwise.
    let report_number = settings.and_then(|s| s.number.as_deref()).filter(|_| !issue.code.is_empty());
    let number = match (issue.number, report_number) {
        (Some(number), _) => format!("Số: {number}"),
        (None, Some(tail)) => format!("Số:        {tail}"),
        (None, None) if issue.code.is_empty() => format!("Số:        /{}-{LETTER_UNIT}", initials(&name)),
        (None, None) => format!("Số:        /{}-{}", issue.code, initials(&name)),
    };
    let place = settings.and_then(|s| s.place.clone()).unwrap_or_else(|| place_of(&plan.meta.issuer));
    let place_date = match issue.signed {
        Some(date) => format!("{place}, {}", written_date(date)),
        None => format!("{place}, ngày      tháng      năm       "),
    };
    let signer_authority = match settings.map(|s| s.signer.clone()).filter(|s| !s.is_empty()) {
        Some(lines) => lines,
        None => default_signer(kind),
    };
    let signer_name = settings.and_then(|s| s.signer_name.clone()).unwrap_or_default();
    Letterhead {
        parent_body,
        issuing_body: upper(&name),
        issuing_name: name,
        number,
        place_date,
        signer_authority,
        signer_name,
    }
}

/// "ngày 05 tháng 7 năm 2025": days below 10 and months below 3 with a leading zero, as
/// Decree 30 writes them.
pub fn written_date(date: NaiveDate) -> String {
    let month = if date.month() < 3 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

fn upper(text: &str) -> String {
    text.to_uppercase()
}

/// "Ủy ban nhân dân tỉnh Ninh Thuận" → "UBND tỉnh Ninh Thuận", as header blocks write
/// the parent body and excerpts (trích yếu) the issuer.
pub fn abbreviate_committee(issuer: &str) -> String {
    for long in ["Ủy ban nhân dân", "Uỷ ban nhân dân"] {
        if let Some(rest) = issuer.strip_prefix(long) {
            return format!("UBND{rest}");
        }
    }
    issuer.to_string()
}

/// The place of "<place>, ngày …": the province of "Ủy ban nhân dân tỉnh Ninh Thuận".
fn place_of(issuer: &str) -> String {
    for unit in ["tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "] {
        if let Some((_, place)) = issuer.split_once(unit) {
            return place.to_string();
        }
    }
    "…".to_string()
}

/// The initials a number uses for the issuing body: "SKHCN" for "Sở Khoa học và Công
/// nghệ", "UBND" for any People's Committee.
pub fn initials(name: &str) -> String {
    if abbreviate_committee(name) != name {
        return "UBND".to_string();
    }
    name.split_whitespace()
        .filter(|word| !matches!(*word, "và" | "của" | "tại"))
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_alphabetic())
        .map(|c| crate::text::fold_char(c).to_ascii_uppercase())
        .collect()
}

fn default_signer(kind: Option<Kind>) -> Vec<String> {
    let lines: &[&str] = match kind {
        Some(Kind::Department) => &["GIÁM ĐỐC"],
        Some(Kind::District) | None => &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        Some(_) => &["THỦ TRƯỞNG CƠ QUAN"],
    };
    lines.iter().map(|l| l.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_dates_as_offices_write_them() {
        assert_eq!(initials("Sở Khoa học và Công nghệ"), "SKHCN");
        assert_eq!(initials("Sở Nội vụ"), "SNV");
        assert_eq!(initials("Ủy ban nhân dân huyện Bác Ái"), "UBND");
        assert_eq!(initials("Công an tỉnh"), "CAT");
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(written_date(d(2025, 7, 5)), "ngày 05 tháng 7 năm 2025");
        assert_eq!(written_date(d(2025, 2, 15)), "ngày 15 tháng 02 năm 2025");
        assert_eq!(written_date(d(2025, 12, 1)), "ngày 01 tháng 12 năm 2025");
        assert_eq!(abbreviate_committee("Ủy ban nhân dân tỉnh Ninh Thuận"), "UBND tỉnh Ninh Thuận");
        assert_eq!(place_of("Ủy ban nhân dân tỉnh Ninh Thuận"), "Ninh Thuận");
    }
}
