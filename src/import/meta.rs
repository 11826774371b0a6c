//! The plan's number, date, issuer, title and signer from the document's own text: the
//! header block ("ỦY BAN NHÂN DÂN / TỈNH NINH THUẬN", "Số: 02/KH-UBND", "Ninh Thuận, ngày
//! 15 tháng 02 năm 2025"), the kind and subject ("KẾ HOẠCH", "Triển khai …") and the
//! signature ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Trần Quốc Nam").

use std::sync::LazyLock;

use regex::Regex;

use crate::deadline::YearMonth;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub issued: Option<YearMonth>,
    pub place: Option<String>,
    pub signed_by: Option<String>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Số\s*:\s*(?P<n>.*)$").expect("pattern"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<place>[^,\d]{2,40}),\s*ngày\b[^,]*?tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})")
        .expect("pattern")
});
static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"nhiệm vụ của (?P<title>(?:Kế hoạch|Chương trình) .+?)(?:, tính đến ngày .*)?$").expect("pattern")
});
const KINDS: &[&str] = &["KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "CHƯƠNG TRÌNH"];
const AUTHORITY: &[&str] = &["TM.", "KT.", "Q.", "TL.", "TUQ."];

/// What `lines` (the document's text outside the plan's table, in order) say of the plan.
pub fn read(lines: &[String]) -> Meta {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let mut meta = Meta::default();
    let number_at = lines.iter().position(|l| NUMBER.is_match(l));
    if let Some(at) = number_at {
        let n = NUMBER.captures(lines[at]).map(|c| c["n"].split_whitespace().collect::<String>()).unwrap_or_default();
        meta.number = (!n.is_empty()).then_some(n);
        let caps: Vec<&str> = lines[..at].iter().copied().filter(|l| is_caps(l) && !is_motto(l)).collect();
        meta.issuer = issuer(&caps);
    }
    if let Some(c) = lines.iter().find_map(|l| DATE.captures(l)) {
        meta.place = Some(c["place"].trim().to_string());
        if let (Some(m), Ok(y)) = (c.name("m"), c["y"].parse::<i32>()) {
            meta.issued = YearMonth::parse(&format!("{}/{y}", m.as_str()));
        }
    }
    if let Some(at) = lines.iter().position(|l| KINDS.contains(l)) {
        if let Some(subject) = lines.get(at + 1) {
            let kind = sentence_case(lines[at]);
            meta.title = Some(if crate::text::fold(subject).starts_with(&crate::text::fold(&kind)) {
                subject.to_string()
            } else {
                format!("{kind} {}", lower_first(subject))
            });
        }
    }
    if meta.title.is_none() {
        // The printed appendix's line: "Tình hình thực hiện các nhiệm vụ của Kế hoạch …,
        // tính đến ngày …".
        meta.title = lines.iter().find_map(|l| APPENDIX.captures(l)).map(|c| c["title"].trim().to_string());
    }
    meta.signed_by = signer(&lines, meta.issuer.as_deref());
    meta
}

fn is_caps(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

fn is_motto(line: &str) -> bool {
    let f = crate::text::fold(line);
    f.starts_with("cong hoa xa hoi") || f.starts_with("doc lap")
}

/// The issuing body: "ỦY BAN NHÂN DÂN" over "TỈNH NINH THUẬN", or the last line (the
/// body under its parent: "UBND TỈNH …" over "SỞ …").
fn issuer(caps: &[&str]) -> Option<String> {
    let line = match caps {
        [] => return None,
        [.., a, b]
            if crate::text::fold(a).starts_with("uy ban nhan dan") && !crate::text::fold(a).contains(" tinh") =>
        {
            format!("{a} {b}")
        }
        [.., last] => last.to_string(),
    };
    Some(proper_case(&line))
}

/// An issuing body written in capitals as it is written in sentences: "ỦY BAN NHÂN DÂN
/// TỈNH NINH THUẬN" → "Ủy ban nhân dân tỉnh Ninh Thuận", "BỘ KHOA HỌC VÀ CÔNG NGHỆ" → "Bộ
/// Khoa học và Công nghệ".
pub fn proper_case(caps: &str) -> String {
    let lower = caps.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut place = false;
    let mut component_start = true;
    for (i, w) in words.iter().enumerate() {
        let word = if i == 0 || place || component_start { upper_first(w) } else { w.to_string() };
        out.push(word);
        component_start = false;
        if matches!(*w, "tỉnh" | "huyện" | "xã" | "phố" | "quận") {
            place = true;
        } else if matches!(*w, "và" | "-") || w.ends_with(',') || (i == 0 && matches!(*w, "sở" | "bộ" | "ban" | "cục"))
        {
            component_start = true;
        }
    }
    let text = out.join(" ");
    text.replace("Ủy Ban Nhân Dân", "Ủy ban nhân dân").replace("Ủy ban nhân dân Tỉnh", "Ủy ban nhân dân tỉnh")
}

fn sentence_case(caps: &str) -> String {
    upper_first(&caps.to_lowercase())
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), text.chars().nth(1)) {
        // "UBND" stays as it is.
        (Some(c), Some(d)) if !d.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// "Trần Quốc Nam, Chủ tịch Ủy ban nhân dân tỉnh": the name under the signature, with the
/// last line of the authority above it.
fn signer(lines: &[&str], issuer: Option<&str>) -> Option<String> {
    let start = lines.iter().rposition(|l| AUTHORITY.iter().any(|a| l.starts_with(a)))?;
    let mut at = start;
    while lines.get(at + 1).is_some_and(|l| is_caps(l)) {
        at += 1;
    }
    let name = lines.get(at + 1).filter(|l| l.split_whitespace().count() <= 6 && !l.ends_with(':'))?;
    let position =
        sentence_case(lines[at]).replace("Phó chủ tịch", "Phó Chủ tịch").replace("Phó giám đốc", "Phó Giám đốc");
    let position = if at == start {
        // "KT. CHỦ TỊCH" on one line.
        position.split_once(' ').map_or(position.clone(), |(_, p)| upper_first(p))
    } else {
        position
    };
    let of = issuer.map(|i| {
        let f = crate::text::fold(i);
        match f.find(" tinh ").or_else(|| f.find(" thanh pho ")) {
            // "Ủy ban nhân dân tỉnh Ninh Thuận" → "Ủy ban nhân dân tỉnh".
            Some(_) if f.starts_with("uy ban nhan dan") => {
                let words: Vec<&str> = i.split_whitespace().collect();
                let keep = words.iter().position(|w| matches!(*w, "tỉnh" | "phố")).map_or(words.len(), |p| p + 1);
                words[..keep].join(" ")
            }
            _ => i.to_string(),
        }
    });
    Some(match of {
        Some(of) => format!("{name}, {position} {of}"),
        None => format!("{name}, {position}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_and_signature_of_a_provinces_plan() {
        let lines: Vec<String> = [
            "ỦY BAN NHÂN DÂN",
            "TỈNH NINH THUẬN",
            "Số: /KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Ninh Thuận, ngày      tháng 02 năm 2025",
            "KẾ HOẠCH",
            "Triển khai Chương trình hành động của Chính phủ",
            "Nơi nhận:",
            "- Như trên;",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Trần Quốc Nam",
        ]
        .map(String::from)
        .to_vec();
        let meta = read(&lines);
        assert_eq!(meta.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Ninh Thuận"));
        assert_eq!(meta.number.as_deref(), Some("/KH-UBND"));
        assert_eq!(meta.issued, Some(YearMonth { year: 2025, month: 2 }));
        assert_eq!(meta.place.as_deref(), Some("Ninh Thuận"));
        assert_eq!(meta.title.as_deref(), Some("Kế hoạch triển khai Chương trình hành động của Chính phủ"));
        assert_eq!(meta.signed_by.as_deref(), Some("Trần Quốc Nam, Chủ tịch Ủy ban nhân dân tỉnh"));
        assert_eq!(proper_case("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"), "Bộ Văn hóa, Thể thao và Du lịch");
        assert_eq!(read(&[]), Meta::default());
    }
}
