//! Owner and partner cells as agencies: each cell split into names (at ";", line breaks,
//! "," and "và" — but not inside a name such as "Sở Văn hóa, Thể thao và Du lịch"), each
//! name matched to the registry given, or to an agency made for it, the same agency
//! whatever the case, the diacritics or the abbreviation ("Sở KH&CN" = "Sở Khoa học và
//! Công nghệ"). Names the plan uses for many agencies at once ("Các sở, ban, ngành", "UBND
//! các huyện, thành phố") become collectives whose members DOST fills in.

use crate::registry::{AgencyRef, Kind, Registry};
use crate::text::{fold, name_key};

/// What a name stands for: an entry of the registry given, or one made by the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Known(AgencyRef),
    New(usize),
}

/// An agency or collective made by the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub id: String,
    pub name: String,
    pub short: String,
    pub aliases: Vec<String>,
    /// None for a collective.
    pub kind: Option<Kind>,
}

#[derive(Clone, Debug)]
struct Word {
    /// Folded letters and digits: "khcn", "so".
    text: String,
    /// Written in capitals or with "&": may stand for the initials of several words.
    abbr: bool,
    /// Byte offset in the text it came from.
    start: usize,
}

struct Name {
    text: String,
    key: String,
    words: Vec<Word>,
    target: Target,
    collective: bool,
}

/// The names known so far and the entries made.
pub struct Matcher<'r> {
    registry: Option<&'r Registry>,
    names: Vec<Name>,
    pub created: Vec<NewEntry>,
    /// How many times a registry entry was named, for the summary.
    pub matched: std::collections::HashSet<AgencyRef>,
}

impl<'r> Matcher<'r> {
    pub fn new(registry: Option<&'r Registry>) -> Self {
        let mut m = Matcher { registry, names: Vec::new(), created: Vec::new(), matched: Default::default() };
        if let Some(registry) = registry {
            for (i, a) in registry.agencies.iter().enumerate() {
                for name in std::iter::once(&a.name).chain(&a.aliases).chain(std::iter::once(&a.short)) {
                    m.add_name(name, Target::Known(AgencyRef::Agency(i)), false);
                }
            }
            for (i, c) in registry.collectives.iter().enumerate() {
                for name in std::iter::once(&c.name).chain(&c.aliases).chain(std::iter::once(&c.short)) {
                    m.add_name(name, Target::Known(AgencyRef::Collective(i)), true);
                }
            }
        }
        m
    }

    fn add_name(&mut self, text: &str, target: Target, collective: bool) {
        if self.names.iter().any(|n| n.text == text && n.target == target) {
            return;
        }
        self.names.push(Name { text: text.to_string(), key: name_key(text), words: words(text), target, collective });
    }

    /// The full name of what `target` stands for.
    pub fn name(&self, target: Target) -> &str {
        match target {
            Target::Known(r) => self.registry.map_or("", |reg| reg.name(r)),
            Target::New(i) => &self.created[i].name,
        }
    }

    pub fn is_collective(&self, target: Target) -> bool {
        match target {
            Target::Known(r) => matches!(r, AgencyRef::Collective(_)),
            Target::New(i) => self.created[i].kind.is_none(),
        }
    }

    /// The entry `text` names, if any, without making one.
    pub fn find(&self, text: &str) -> Option<Target> {
        self.equivalent(text)
    }

    /// The entry `text` names as a whole: written the same, the same but for case,
    /// diacritics and punctuation, or the same with abbreviations.
    fn equivalent(&self, text: &str) -> Option<Target> {
        let key = name_key(text);
        if key.is_empty() {
            return None;
        }
        if let Some(n) = self.names.iter().find(|n| n.text == text) {
            return Some(n.target);
        }
        if let Some(n) = self.names.iter().find(|n| n.key == key) {
            return Some(n.target);
        }
        let w = words(text);
        self.names.iter().find(|n| equivalent(&w, &n.words)).map(|n| n.target)
    }

    /// The entry `text` starts with, followed by words of the plan's own ("Sở Nội vụ phối
    /// hợp thẩm định"), or the collective it shares most of its words with ("Các ngành, các
    /// cấp, cơ quan đơn vị được phân công …" for "Các ngành, các cấp, cơ quan đơn vị toàn tỉnh").
    fn with_tail(&self, text: &str) -> Option<Target> {
        let w = words(text);
        let mut best: Option<(usize, Target)> = None;
        for n in &self.names {
            if n.words.len() < 2 || n.words.len() >= w.len() {
                continue;
            }
            for k in (1..w.len()).rev() {
                let tail = text[w[k].start..].chars().next().unwrap_or(' ');
                if (tail.is_lowercase() || tail == '(') && equivalent(&w[..k], &n.words) {
                    if best.is_none_or(|(len, _)| k > len) {
                        best = Some((k, n.target));
                    }
                    break;
                }
            }
        }
        if best.is_some() {
            return best.map(|b| b.1);
        }
        for n in self.names.iter().filter(|n| n.collective) {
            let common = w.iter().zip(&n.words).take_while(|(a, b)| a.text == b.text).count();
            if common >= 5 && common * 10 >= n.words.len() * 7 && best.is_none_or(|(len, _)| common > len) {
                best = Some((common, n.target));
            }
        }
        best.map(|b| b.1)
    }

    /// Whether `text` is, exactly, one of the names of `target`.
    pub fn is_name_of(&self, text: &str, target: Target) -> bool {
        self.names.iter().any(|n| n.text == text && n.target == target)
    }

    /// The agencies a cell names, each once, in order, with the words that named each.
    pub fn cell(&mut self, text: &str) -> Vec<(Target, String)> {
        let mut out: Vec<(Target, String)> = Vec::new();
        for piece in pieces(text) {
            let (prefix, body) = distributed(&piece);
            let body = without_parentheses(&body);
            let segments: Vec<String> =
                split_and(&body).split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            let join = |i: usize, j: usize| format!("{prefix}{}", segments[i..=j].join(", "));
            let mut i = 0;
            while i < segments.len() {
                // The longest run of segments that names a known entry; or, up to the next
                // segment that starts a name of its own, a known entry followed by words of
                // the plan's own; or a new entry.
                let whole = (i..segments.len()).rev().find_map(|j| self.equivalent(&join(i, j)).map(|t| (j, t)));
                let mut end = i;
                while end + 1 < segments.len() && !starts_agency(&segments[end + 1]) {
                    end += 1;
                }
                let tail = (whole.is_none_or(|(j, _)| j < end)).then(|| self.with_tail(&join(i, end))).flatten();
                let (j, target) = match (tail, whole) {
                    (Some(target), _) => (end, target),
                    (None, Some((j, target))) => {
                        self.alias(target, &join(i, j));
                        (j, target)
                    }
                    (None, None) => (end, self.create(&join(i, end))),
                };
                if let Target::Known(r) = target {
                    self.matched.insert(r);
                }
                if !out.iter().any(|(t, _)| *t == target) {
                    out.push((target, join(i, j)));
                }
                i = j + 1;
            }
        }
        out
    }

    /// Keeps another spelling of an entry made by the import as its alias; the fuller
    /// one (fewer abbreviations) becomes its name.
    fn alias(&mut self, target: Target, text: &str) {
        let Target::New(i) = target else { return };
        let entry = &mut self.created[i];
        // Spellings that differ only in case or diacritics are matched anyway.
        let key = name_key(text);
        if std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .chain(std::iter::once(&entry.short))
            .any(|n| name_key(n) == key)
        {
            return;
        }
        let abbreviations = |t: &str| words(t).iter().filter(|w| w.abbr).count();
        if abbreviations(text) < abbreviations(&entry.name) {
            // The id and short name follow the fuller name; nothing is written until the end.
            let old = std::mem::replace(&mut entry.name, text.to_string());
            if entry.short == old {
                entry.short = short_name(text);
            }
            if entry.short != old && !entry.aliases.contains(&old) {
                entry.aliases.push(old);
            }
            let base = slug(text);
            let taken = |id: &String| {
                self.created.iter().enumerate().any(|(j, c)| j != i && &c.id == id)
                    || self.registry.is_some_and(|r| {
                        r.agencies.iter().any(|a| &a.id == id) || r.collectives.iter().any(|c| &c.id == id)
                    })
            };
            if !taken(&base) {
                self.created[i].id = base;
            }
        } else {
            entry.aliases.push(text.to_string());
        }
        let collective = self.created[i].kind.is_none();
        self.add_name(text, target, collective);
    }

    fn create(&mut self, name: &str) -> Target {
        let name = name.trim().trim_end_matches(['.', ',', ';', ':']).trim().to_string();
        let kind = guess(&name);
        let taken_ids: Vec<String> = self
            .registry
            .map(|r| {
                r.agencies.iter().map(|a| a.id.clone()).chain(r.collectives.iter().map(|c| c.id.clone())).collect()
            })
            .unwrap_or_default();
        let base = slug(&name);
        let id = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|id| !taken_ids.contains(id) && !self.created.iter().any(|c| &c.id == id))
            .expect("some id is free");
        let mut short = short_name(&name);
        if self.names.iter().any(|n| n.text == short) {
            short = name.clone();
        }
        let target = Target::New(self.created.len());
        self.created.push(NewEntry { id, name: name.clone(), short: short.clone(), aliases: Vec::new(), kind });
        self.add_name(&name, target, kind.is_none());
        self.add_name(&short, target, kind.is_none());
        target
    }
}

/// The words of a name for matching: "và" and lone signs left out.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |out: &mut Vec<Word>, s: usize, e: usize| {
        let token = &text[s..e];
        let letters: String = fold(token).chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.is_empty() {
            return;
        }
        let abbr = token.contains('&')
            || (token.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !token.chars().any(char::is_lowercase));
        if letters == "va" && !abbr {
            return;
        }
        out.push(Word { text: letters, abbr, start: s });
    };
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || c == '&' || unicode_normalization::char::is_combining_mark(c);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(&mut out, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len());
    }
    out
}

/// Whether two names' words say the same, an abbreviation standing for the initials of
/// the words it replaces ("KH&CN" for "Khoa học và Công nghệ", "UBND", "TP").
fn equivalent(a: &[Word], b: &[Word]) -> bool {
    match (a.first(), b.first()) {
        (None, None) => true,
        (Some(x), Some(y)) if x.text == y.text && equivalent(&a[1..], &b[1..]) => true,
        _ => initials_of(a, b) || initials_of(b, a),
    }
}

fn initials_of(a: &[Word], b: &[Word]) -> bool {
    let Some(x) = a.first().filter(|x| x.abbr) else { return false };
    let mut initials = String::new();
    for k in 0..b.len() {
        if b[k].abbr {
            initials.push_str(&b[k].text);
        } else {
            initials.extend(b[k].text.chars().next());
        }
        if initials == x.text && k > 0 && equivalent(&a[1..], &b[k + 1..]) {
            return true;
        }
        if initials.len() >= x.text.len() {
            return false;
        }
    }
    false
}

/// The first words of an agency's name, as plans write them.
const HEADS: &[&str] = &[
    "Sở",
    "Bộ",
    "UBND",
    "Ủy ban",
    "Uỷ ban",
    "Công an",
    "Trung tâm",
    "Ban",
    "Văn phòng",
    "Trường",
    "Đại học",
    "Học viện",
    "Viện",
    "Báo",
    "Đài",
    "Hội",
    "Liên đoàn",
    "Liên minh",
    "Thanh tra",
    "Kho bạc",
    "Cục",
    "Chi cục",
    "Tổng cục",
    "Ngân hàng",
    "Bảo hiểm",
    "Bộ Chỉ huy",
    "Tỉnh đoàn",
    "Đoàn",
    "Phân hiệu",
    "Công ty",
    "Tập đoàn",
    "Tổng công ty",
    "Doanh nghiệp",
    "Các",
    "Hiệp hội",
    "Mặt trận",
    "Cơ quan",
    "Đơn vị",
    "Quỹ",
    "Tòa án",
    "Toà án",
    "Viện kiểm sát",
    "Bệnh viện",
    "Bưu điện",
    "Điện lực",
    "Cảng vụ",
    "Vườn quốc gia",
    "Khu",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Huyện ủy",
    "Hải quan",
    "Cảnh sát",
    "Chi nhánh",
    "Đảng ủy",
    "Hợp tác xã",
    "Liên hiệp",
];

/// Whether `text` starts a new agency's name: one of [`HEADS`], capitalised, or a word in
/// capitals ("BCH", "VNPT").
fn starts_agency(text: &str) -> bool {
    let text = text.trim_start_matches(['-', '+', '•', ' ']);
    let first = text.split_whitespace().next().unwrap_or("");
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !first.chars().any(char::is_lowercase);
    caps || HEADS.iter().any(|h| text.strip_prefix(h).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
}

/// The cell's parts between ";" and line breaks; a line starting in lower case continues
/// the one before. Bullets and closing punctuation are dropped.
fn pieces(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        let continues = line.chars().next().is_some_and(char::is_lowercase);
        match lines.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(line);
            }
            _ => lines.push(line.to_string()),
        }
    }
    lines
        .iter()
        .flat_map(|l| l.split(';'))
        .map(|p| p.trim().trim_start_matches(['-', '+', '•', '–', '*']).trim().trim_end_matches(['.', ',', ';']).trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// "Các sở: Nông nghiệp và Môi trường, Công Thương" as ("Sở ", "Nông nghiệp và Môi
/// trường, Công Thương"): the head word goes before each name of the list.
fn distributed(piece: &str) -> (String, String) {
    if let Some((before, list)) = piece.split_once(':') {
        let f = fold(before.trim());
        if let Some(head) = f.strip_prefix("cac ") {
            let head = match head {
                "so" => "Sở",
                "bo" => "Bộ",
                "ban" => "Ban",
                "huyen" => "UBND huyện",
                "truong" => "Trường",
                _ => return (String::new(), piece.to_string()),
            };
            return (format!("{head} "), list.trim().to_string());
        }
    }
    (String::new(), piece.to_string())
}

/// Text without its parenthesised remarks: "Công an tỉnh (mỗi đơn vị chủ động xây dựng KH)".
fn without_parentheses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// " và " before another agency's name as a comma: "Sở Tài chính và Sở Y tế".
fn split_and(text: &str) -> String {
    let parts: Vec<&str> = text.split(" và ").collect();
    let mut out = parts[0].to_string();
    for part in &parts[1..] {
        out.push_str(if starts_agency(part) && !part.starts_with("Các") { ", " } else { " và " });
        out.push_str(part);
    }
    out
}

/// The kind of agency a name's form says, or none for a collective.
pub fn guess(name: &str) -> Option<Kind> {
    let f = name_key(name);
    let f = f.replacen("uy ban nhan dan", "ubnd", 1);
    let kind = if f.starts_with("dai hoc")
        || f.starts_with("truong")
        || f.starts_with("hoc vien")
        || f.starts_with("phan hieu")
        || f.contains("cao dang")
    {
        Kind::University
    } else if f.starts_with("bao ")
        || f.starts_with("dai ")
        || f.contains("bao chi")
        || f.contains("thong tan")
        || f.contains("truyen hinh")
        || f.contains("phat thanh")
        || f.starts_with("tap chi")
    {
        Kind::Press
    } else if f.contains("doanh nghiep")
        || ["cong ty", "tap doan", "tong cong ty", "hiep hoi", "vnpt", "viettel", "hop tac xa"]
            .iter()
            .any(|p| f.starts_with(p))
    {
        Kind::Business
    } else if ["so ", "van phong", "thanh tra"].iter().any(|p| f.starts_with(p))
        || (f.starts_with("bo ") && !f.starts_with("bo chi huy"))
    {
        Kind::Department
    } else if f.starts_with("ubnd ")
        && ["huyen", "thanh pho", "thi xa", "quan", "xa", "phuong"].iter().any(|p| f[5..].starts_with(p))
    {
        Kind::District
    } else {
        Kind::Provincial
    };
    let many = f.starts_with("cac ") || f.contains("ubnd cac ") || f.starts_with("moi ") || f.starts_with("toan ");
    match kind {
        Kind::Business | Kind::Press | Kind::University if many => Some(kind),
        _ if many => None,
        _ => Some(kind),
    }
}

/// A stable id from the name: "so-khcn", "so-noi-vu", "ubnd-huyen-bac-ai".
pub fn slug(name: &str) -> String {
    let key = name_key(name).replacen("uy ban nhan dan", "ubnd", 1);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty() && w.is_ascii()).collect();
    let slug = match words.split_first() {
        Some((head, rest)) if matches!(*head, "so" | "bo") && rest.len() > 3 => {
            let initials: String = rest.iter().filter(|w| **w != "va").filter_map(|w| w.chars().next()).collect();
            format!("{head}-{initials}")
        }
        _ => {
            let mut out = String::new();
            for w in words.iter().take(6) {
                if out.len() + w.len() > 40 {
                    break;
                }
                if !out.is_empty() {
                    out.push('-');
                }
                out.push_str(w);
            }
            out
        }
    };
    if slug.is_empty() {
        "co-quan".to_string()
    } else {
        slug
    }
}

/// The name tables print: "Sở KH&CN" for "Sở Khoa học và Công nghệ", "UBND huyện Bác Ái".
pub fn short_name(name: &str) -> String {
    let name = name.replacen("Ủy ban nhân dân", "UBND", 1).replacen("Uỷ ban nhân dân", "UBND", 1);
    for head in ["Sở ", "Bộ "] {
        if let Some(rest) = name.strip_prefix(head) {
            if rest.split_whitespace().filter(|w| *w != "và").count() > 3 {
                let groups: Vec<String> = rest
                    .split(" và ")
                    .map(|g| {
                        g.split(|c: char| c.is_whitespace() || c == ',')
                            .filter_map(|w| w.chars().next())
                            .flat_map(char::to_uppercase)
                            .collect()
                    })
                    .collect();
                return format!("{head}{}", groups.join("&"));
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(m: &Matcher, targets: &[(Target, String)]) -> Vec<String> {
        targets.iter().map(|t| m.name(t.0).to_string()).collect()
    }

    #[test]
    fn a_cell_is_split_between_agencies_not_inside_a_name() {
        let mut m = Matcher::new(None);
        let t = m.cell("Sở Văn hóa, Thể thao và Du lịch, Sở Tài chính; Công an tỉnh\nUBND các huyện, thành phố");
        assert_eq!(
            names(&m, &t),
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Công an tỉnh", "UBND các huyện, thành phố"]
        );
        assert!(m.is_collective(t[3].0) && !m.is_collective(t[0].0));
        let t = m.cell("Các sở: Tài chính, Văn hóa, Thể thao và Du lịch");
        assert_eq!(names(&m, &t), ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch"]);
        let t = m.cell("Sở Tài chính và Sở Nội vụ");
        assert_eq!(names(&m, &t), ["Sở Tài chính", "Sở Nội vụ"]);
    }

    #[test]
    fn spellings_of_one_agency_are_one_agency() {
        let mut m = Matcher::new(None);
        let a = m.cell("Sở KH&CN");
        let b = m.cell("Sở Khoa học và Công nghệ");
        let c = m.cell("sở khoa học và công nghệ");
        assert_eq!(a[0].0, b[0].0);
        assert_eq!(b[0].0, c[0].0);
        let entry = &m.created[0];
        assert_eq!(entry.name, "Sở Khoa học và Công nghệ");
        assert!(entry.aliases.is_empty(), "the short name is the abbreviation: {entry:?}");
        assert_eq!((entry.id.as_str(), entry.short.as_str()), ("so-khcn", "Sở KH&CN"));
        assert_eq!(m.cell("UBND tỉnh")[0].0, m.cell("Ủy ban nhân dân tỉnh")[0].0);
        assert_ne!(m.cell("UBND huyện Bác Ái")[0].0, m.cell("UBND huyện Ninh Sơn")[0].0);
    }

    #[test]
    fn kinds_are_guessed_from_the_form() {
        assert_eq!(guess("Sở Y tế"), Some(Kind::Department));
        assert_eq!(guess("Ủy ban nhân dân huyện Bác Ái"), Some(Kind::District));
        assert_eq!(guess("Công an tỉnh"), Some(Kind::Provincial));
        assert_eq!(guess("Trường Đại học Nha Trang"), Some(Kind::University));
        assert_eq!(guess("Đài Phát thanh và Truyền hình tỉnh"), Some(Kind::Press));
        assert_eq!(guess("Các doanh nghiệp viễn thông"), Some(Kind::Business));
        assert_eq!(guess("Các sở, ban, ngành"), None);
        assert_eq!(guess("UBND các huyện, thành phố"), None);
        assert_eq!(guess("Các bộ, ngành, địa phương"), None);
        assert_eq!(short_name("Sở Giáo dục và Đào tạo"), "Sở GD&ĐT");
        assert_eq!(short_name("Sở Văn hóa, Thể thao và Du lịch"), "Sở VHTT&DL");
        assert_eq!(slug("Ủy ban nhân dân huyện Bác Ái"), "ubnd-huyen-bac-ai");
    }
}
