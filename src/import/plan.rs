//! The plan as imported: the table's tasks with their agencies matched, their deadlines
//! read as `plan check` reads them, the events they wait on, and what the clerk must decide.

use std::collections::BTreeMap;

use crate::deadline::{self, Schedule, YearMonth};
use crate::registry::Registry;

use super::agencies::{Matcher, NewEntry, Target};
use super::meta::Meta;
use super::table::{self, Group, Item, Skip};
use super::Origin;

/// One task file to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub item: Item,
    /// Names as the registry knows them.
    pub owner: Vec<String>,
    /// The cell verbatim, when the names above do not say it ("Sở KH&CN", a remark).
    pub owner_text: Option<String>,
    pub partners: Vec<String>,
    pub partners_text: Option<String>,
    /// The events.toml key of the central-government event its deadline waits on.
    pub event: Option<String>,
    pub reading: Reading,
}

/// How a deadline was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    Understood,
    /// Kept verbatim; `plan check` asks for an explicit date. The reason, in both languages.
    NotUnderstood {
        vi: String,
        en: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub key: String,
    pub description: String,
}

/// Everything the import writes and reports.
#[derive(Debug)]
pub struct Imported {
    pub meta: Meta,
    pub groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub events: Vec<Event>,
    pub created: Vec<NewEntry>,
    /// Registry entries named by the table.
    pub matched: usize,
    pub skipped: Vec<(Origin, Skip)>,
    pub ignored_columns: Vec<String>,
    /// The DOST office reports go through, when the agencies name it.
    pub reporting_via: Option<String>,
}

/// The month deadlines are read against when the document does not say when it was issued.
pub fn issued_or_default(meta: &Meta) -> YearMonth {
    meta.issued.unwrap_or(crate::model::Meta::default().issued)
}

pub fn build(read: table::Read, meta: Meta, registry: Option<&Registry>) -> Imported {
    let mut matcher = Matcher::new(registry);
    let issued = issued_or_default(&meta);
    let mut events: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut tasks = Vec::with_capacity(read.items.len());
    for item in read.items {
        let owners = matcher.cell(&item.owner);
        let partners: Vec<(Target, String)> =
            matcher.cell(&item.partners).into_iter().filter(|p| !owners.iter().any(|o| o.0 == p.0)).collect();
        let (owner, owner_text) = names(&matcher, &owners, &item.owner);
        let (partners, partners_text) = names(&matcher, &partners, &item.partners);
        let (reading, event) = match deadline::parse(&item.deadline, issued) {
            Ok(milestones) => {
                let waits = milestones.iter().any(|m| matches!(m.schedule, Schedule::AfterEvent { .. }));
                let event = waits.then(|| {
                    let (key, description) = event_of(&item.deadline);
                    let entry = events.entry(key.clone()).or_insert((description, Vec::new()));
                    entry.1.push(item.id.clone());
                    key
                });
                (Reading::Understood, event)
            }
            Err(error) => (Reading::NotUnderstood { vi: error.describe(true), en: error.describe(false) }, None),
        };
        tasks.push(Task { item, owner, owner_text, partners, partners_text, event, reading });
    }
    let events = events
        .into_iter()
        .map(|(key, (description, ids))| {
            let description = format!("{description} (nhiệm vụ {})", ids.join(", "));
            Event { key, description }
        })
        .collect();
    // Reports go through DOST (Sở Khoa học và Công nghệ) when the table names it.
    let reporting_via = matcher.find("Sở Khoa học và Công nghệ").map(|t| match t {
        Target::Known(r) => registry.map(|reg| reg.id(r).to_string()).unwrap_or_default(),
        Target::New(i) => matcher.created[i].id.clone(),
    });
    let matched = matcher.matched.len();
    Imported {
        meta,
        groups: read.groups,
        tasks,
        events,
        created: matcher.created,
        matched,
        skipped: read.skipped,
        ignored_columns: read.ignored_columns,
        reporting_via,
    }
}

/// The names to write for `targets`: as the cell wrote them where that is one of the
/// entry's names, else the entry's name; and the cell's own words when they say more.
fn names(matcher: &Matcher, targets: &[(Target, String)], cell: &str) -> (Vec<String>, Option<String>) {
    let names: Vec<String> = targets
        .iter()
        .map(
            |(t, written)| if matcher.is_name_of(written, *t) { written.clone() } else { matcher.name(*t).to_string() },
        )
        .collect();
    let cell = cell.trim();
    let text = (!cell.is_empty() && names.join("; ") != cell).then(|| cell.to_string());
    (names, text)
}

/// The key and description of the event a wording waits on: the words after "sau khi".
fn event_of(wording: &str) -> (String, String) {
    let folded = crate::text::fold(wording);
    let after = folded.find("sau khi").map(|at| {
        // `fold` keeps one character for each, so the offsets of the two texts agree in
        // characters.
        let chars = folded[..at + "sau khi".len()].chars().count();
        wording.chars().skip(chars).collect::<String>()
    });
    let what = after.as_deref().unwrap_or(wording).trim().trim_end_matches('.').to_string();
    // The words that tell events apart: "van-ban-huong-dan" for "Trung ương có văn bản
    // hướng dẫn thực hiện".
    const COMMON: &[&str] = &["trung", "uong", "co", "cac", "cua", "va", "thuc", "hien", "lien", "quan"];
    let key: Vec<String> =
        crate::text::name_key(&what).split(' ').filter(|w| !COMMON.contains(w)).take(4).map(str::to_string).collect();
    let key = key.join("-");
    let key = if key.is_empty() || !key.is_ascii() { "su-kien".to_string() } else { key };
    let mut chars = what.chars();
    let description = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    (key, description)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_event_is_named_after_what_it_waits_for() {
        let (key, description) = super::event_of("Trong 01 tháng, sau khi Trung ương có văn bản hướng dẫn thực hiện");
        assert_eq!(key, "van-ban-huong-dan");
        assert_eq!(description, "Trung ương có văn bản hướng dẫn thực hiện");
    }
}
