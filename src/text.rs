//! Vietnamese text handling: NFC storage, diacritic-insensitive keys, display width.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_width::UnicodeWidthStr;

/// Returns `text` in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Folds one character to its base letter, lower case: `Ở` → `o`, `đ` → `d`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    let base = std::iter::once(c).nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Folds text for comparison without regard to case or diacritics, whether the text came
/// in composed (NFC) or decomposed (NFD) form.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| !is_combining_mark(*c)).map(fold_char).collect()
}

/// A key for matching names typed in any case, with or without diacritics and
/// with any punctuation or spacing: "Sở KH&CN" and "so kh cn" give the same key.
pub fn name_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !is_combining_mark(*c)).map(fold_char) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Shortens `text` to at most `max` columns, ending in "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// Orders text as people number things: "2" < "10" < "45a" < "45b", and
/// "tasks/4.toml" < "tasks/10.toml". Runs of digits compare by value.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    chunks(a).cmp(chunks(b)).then_with(|| a.cmp(b))
}

/// A string's [`natural_cmp`] order, worked out once: for sorting many strings, where
/// comparing keys is far cheaper than scanning both strings at every comparison.
#[derive(Debug, PartialEq, Eq)]
pub struct NaturalKey<'a> {
    chunks: Vec<Chunk<'a>>,
    text: &'a str,
}

impl<'a> NaturalKey<'a> {
    pub fn new(text: &'a str) -> Self {
        NaturalKey { chunks: chunks(text).collect(), text }
    }
}

impl Ord for NaturalKey<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.chunks.cmp(&other.chunks).then_with(|| self.text.cmp(other.text))
    }
}

impl PartialOrd for NaturalKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A run of digits or of other characters.
#[derive(Debug, PartialEq, Eq)]
struct Chunk<'a> {
    text: &'a str,
    /// For a run of digits, the digits without leading zeros.
    digits: Option<&'a str>,
}

/// The runs of digits and of other characters of `text`, in order.
fn chunks(text: &str) -> impl Iterator<Item = Chunk<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let numeric = rest.chars().next()?.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != numeric).unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(Chunk { text: chunk, digits: numeric.then(|| chunk.trim_start_matches('0')) })
    })
}

impl Ord for Chunk<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.digits, other.digits) {
            (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)),
            _ => self.text.cmp(other.text),
        }
    }
}

impl PartialOrd for Chunk<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Text from outside (a commit's author, e-mail, subject, a path) made safe to print: control
/// characters and bidirectional overrides, which could rewrite or hide what a terminal
/// shows, are written as `\u{..}` escapes; everything else, Vietnamese included, is kept.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_vietnamese_and_neutralises_terminal_controls() {
        assert_eq!(escape_controls("Văn thư Sở Tài chính"), "Văn thư Sở Tài chính");
        assert_eq!(escape_controls("a\x1b[2K\rb"), "a\\u{1b}[2K\\u{d}b");
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Sở Công Thương".nfd().collect();
        assert_ne!(nfd, "Sở Công Thương");
        assert_eq!(nfc(&nfd), "Sở Công Thương");
    }

    #[test]
    fn name_keys_ignore_case_diacritics_and_punctuation() {
        assert_eq!(name_key("So Cong Thuong"), name_key("Sở Công Thương"));
        assert_eq!(name_key("Sở KH&CN"), "so kh cn");
        assert_eq!(name_key("ĐÀO TẠO"), "dao tao");
        assert_eq!(fold("Quý IV/2025"), "quy iv/2025");
        let nfd: String = "Hằng năm, Sở Công Thương".nfd().collect();
        assert_eq!(fold(&nfd), "hang nam, so cong thuong");
        assert_eq!(name_key(&nfd), "hang nam so cong thuong");
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("Đề án truyền thông", 8), "Đề án t…");
        assert_eq!(truncate("ngắn", 10), "ngắn");
        assert!(width(&truncate("Xây dựng và triển khai Đề án", 12)) <= 12);
    }

    #[test]
    fn natural_keys_order_as_natural_cmp_does() {
        let texts = [
            "",
            "a",
            "ab",
            "a1",
            "a01",
            "a001b",
            "a1b",
            "1a",
            "01",
            "1",
            "9",
            "10",
            "x9y",
            "x10y",
            "45a",
            "45b",
            "Ở",
            "p00-000001",
            "p00-1",
            "p00-",
            "0",
            "00",
            "007",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(NaturalKey::new(a).cmp(&NaturalKey::new(b)), natural_cmp(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["10", "45b", "2", "45a", "1", "x", "007"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["1", "2", "007", "10", "45a", "45b", "x"]);
        let mut paths = vec!["plan/tasks/10.toml", "plan/tasks/4.toml", "plan/agencies.toml"];

        paths.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(paths, ["plan/agencies.toml", "plan/tasks/4.toml", "plan/tasks/10.toml"]);
    }
}
