//! plan/agencies.toml: the registry of agencies and collective owners.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::fields::{Fields, Located, TableRef};
use crate::registry::{Agency, AgencyRef, Collective, FormerName, Kind, MembershipChange, Registry};
use crate::source::SourceFile;

const FIELDS: &[&str] = &["admins", "admin_signing_keys", "agency", "collective"];
const AGENCY_FIELDS: &[&str] = &[
    "id",
    "name",
    "short",
    "aliases",
    "kind",
    "emails",
    "signing_keys",
    "until",
    "successors",
    "successor_for",
    "former_names",
];
const FORMER_NAME_FIELDS: &[&str] = &["name", "short", "until"];
const COLLECTIVE_FIELDS: &[&str] = &["id", "name", "short", "aliases", "members", "changes"];
const CHANGE_FIELDS: &[&str] = &["from", "add", "remove"];

pub fn read(file: &SourceFile, table: TableRef, diagnostics: &mut Vec<Diagnostic>) -> Registry {
    let mut fields = Fields::new(file, table, FIELDS, diagnostics);
    let mut registry = Registry::default();
    let mut ids = HashSet::new();
    let mut emails: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    registry.admins = fields.strings("admins").unwrap_or_default().into_iter().map(|(e, _)| email_key(&e)).collect();
    registry.admin_signing_keys = signing_keys(&mut fields, "admin_signing_keys");

    let mut succession = Vec::new();
    for table in fields.tables("agency") {
        let mut agency = Fields::new(file, table, AGENCY_FIELDS, fields.diagnostics);
        let id = agency.required_string("id", "id = \"so-khcn\"");
        let name = agency.required_string("name", "name = \"Sở Khoa học và Công nghệ\"");
        let short = agency.string("short");
        let aliases = agency.strings("aliases").unwrap_or_default();
        let agency_emails = agency.strings("emails").unwrap_or_default();
        let agency_keys = signing_keys(&mut agency, "signing_keys");
        let kind = match agency.required_string("kind", "kind = \"department\"") {
            Some((text, span)) => Kind::parse(&text).or_else(|| {
                agency.report(span, Problem::UnknownKind { kind: text });
                None
            }),
            None => None,
        };
        let until = agency.date("until");
        let successors = agency.strings("successors").unwrap_or_default();
        if until.is_none() && !successors.is_empty() && !agency.has("until") {
            let span = successors[0].1.clone();
            agency.report(span, Problem::SuccessorsWithoutEnd);
        }
        let successor_for = successor_for(&mut agency);
        let former_names = former_names(&mut agency);
        let (Some((id, id_span)), Some((name, name_span)), Some(kind)) = (id, name, kind) else {
            continue;
        };
        // Ids name keys' owners in git's allowed-signers file, where spaces, commas and
        // wildcards have meanings of their own.
        if !is_agency_id(&id) {
            agency.report(id_span, Problem::InvalidAgencyId { id });
            continue;
        }
        if !ids.insert(id.clone()) {
            agency.report(id_span, Problem::DuplicateAgencyId { id });
            continue;
        }
        let mut own_emails = Vec::new();
        for (email, span) in agency_emails {
            let email = email_key(&email);
            if let Some(first) = emails.get(&email) {
                agency.report(span, Problem::NameClash { name: email, first: first.clone() });
            } else {
                emails.insert(email.clone(), name.clone());
                own_emails.push(email);
            }
        }
        let target = AgencyRef::Agency(registry.agencies.len());
        succession.push(Succession { agency: registry.agencies.len(), successors, successor_for });
        registry.agencies.push(Agency {
            id: id.clone(),
            short: short.as_ref().map_or_else(|| name.clone(), |s| s.0.clone()),
            name: name.clone(),
            aliases: aliases.iter().map(|a| a.0.clone()).collect(),
            kind,
            emails: own_emails,
            signing_keys: agency_keys,
            until: until.map(|u| u.0),
            successors: Vec::new(),
            successor_for: Vec::new(),
            former_names: former_names.iter().map(|f| f.0.clone()).collect(),
        });
        let former = former_names.into_iter().flat_map(|(f, span)| {
            let short = f.short.map(|s| (s, span.clone()));
            std::iter::once((f.name, span)).chain(short)
        });
        register(
            &mut registry,
            &mut agency,
            target,
            [(id, id_span), (name, name_span)].into_iter().chain(short).chain(aliases).chain(former),
        );
    }
    resolve_successors(&mut registry, file, succession, fields.diagnostics);

    for table in fields.tables("collective") {
        let mut collective = Fields::new(file, table, COLLECTIVE_FIELDS, fields.diagnostics);
        let id = collective.required_string("id", "id = \"toan-tinh\"");
        let name = collective.required_string("name", "name = \"Các ngành, các cấp, cơ quan, đơn vị trong toàn tỉnh\"");
        let short = collective.string("short");
        let aliases = collective.strings("aliases").unwrap_or_default();
        let members = match collective.strings("members") {
            Some(members) if !members.is_empty() => Some(members),
            // Listed empty, as `plan import` writes a collective it cannot know the members
            // of: read, with a warning that asks DOST to fill them in.
            Some(_) => {
                let span = collective.anchor();
                let name = name.as_ref().map_or_else(String::new, |n| n.0.clone());
                collective.report(span, Problem::CollectiveWithoutMembers { name });
                Some(Vec::new())
            }
            None => {
                collective.report(
                    collective.anchor(),
                    Problem::MissingField { key: "members", example: "members = [\"so-khcn\", \"so-tai-chinh\"]" },
                );
                None
            }
        };
        let (Some((id, id_span)), Some((name, name_span)), Some(members)) = (id, name, members) else {
            continue;
        };
        if !ids.insert(id.clone()) {
            collective.report(id_span, Problem::DuplicateAgencyId { id });
            continue;
        }
        let member_ids = member_ids(&registry, &mut collective, members);
        let changes = membership_changes(&registry, &mut collective);
        let target = AgencyRef::Collective(registry.collectives.len());
        registry.collectives.push(Collective {
            id: id.clone(),
            short: short.as_ref().map_or_else(|| name.clone(), |s| s.0.clone()),
            name: name.clone(),
            aliases: aliases.iter().map(|a| a.0.clone()).collect(),
            members: member_ids,
            changes,
        });
        register(
            &mut registry,
            &mut collective,
            target,
            [(id, id_span), (name, name_span)].into_iter().chain(short).chain(aliases),
        );
    }
    registry
}

/// Member ids resolved to agencies; anything else is reported.
fn member_ids(registry: &Registry, collective: &mut Fields, members: Vec<Located<String>>) -> Vec<usize> {
    let mut out = Vec::with_capacity(members.len());
    for (member, span) in members {
        match registry.resolve(&member) {
            Some(AgencyRef::Agency(i)) if registry.agencies[i].id == member => out.push(i),
            Some(AgencyRef::Collective(_)) => collective.report(span, Problem::MemberIsCollective { id: member }),
            _ => {
                let suggestion = registry
                    .resolve_loose(&member)
                    .ok()
                    .or_else(|| registry.suggest(&member).and_then(|name| registry.resolve(&name)))
                    .map(|r| registry.id(r).to_string());
                collective.report(span, Problem::UnknownMember { id: member, suggestion });
            }
        }
    }
    out
}

/// `changes = [{ from = 2025-07-01, add = ["..."], remove = ["..."] }]`.
fn membership_changes(registry: &Registry, collective: &mut Fields) -> Vec<MembershipChange> {
    let file = collective.file();
    let mut out = Vec::new();
    for table in collective.tables("changes") {
        let mut change = Fields::new(file, table, CHANGE_FIELDS, collective.diagnostics);
        let from = change.date("from");
        if !change.has("from") {
            change.missing("from", "from = 2025-07-01");
        }
        let add = change.strings("add").unwrap_or_default();
        let remove = change.strings("remove").unwrap_or_default();
        let add = member_ids(registry, &mut change, add);
        let remove = member_ids(registry, &mut change, remove);
        if let Some((from, _)) = from {
            out.push(MembershipChange { from, add, remove });
        }
    }
    out.sort_by_key(|c| c.from);
    out
}

/// An agency's successors as written, resolved once every agency is known.
struct Succession {
    agency: usize,
    successors: Vec<Located<String>>,
    successor_for: Vec<(String, Located<String>)>,
}

/// `successor_for = { "12" = "xa-phuoc-dinh" }`: task id → the successor taking that task.
fn successor_for(agency: &mut Fields) -> Vec<(String, Located<String>)> {
    let Some((table, _)) = agency.table("successor_for") else { return Vec::new() };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut out = Vec::new();
    for (key, value) in entries {
        match value.get_ref().as_str() {
            Some(name) => out.push((key.get_ref().to_string(), (crate::text::nfc(name).into_owned(), value.span()))),
            None => agency.report(
                value.span(),
                Problem::WrongType {
                    key: key.get_ref().to_string(),
                    expected: "string",
                    found: value.get_ref().type_str(),
                },
            ),
        }
    }
    out
}

fn former_names(agency: &mut Fields) -> Vec<Located<FormerName>> {
    let file = agency.file();
    let mut out = Vec::new();
    for table in agency.tables("former_names") {
        let span = table.1.clone();
        let mut former = Fields::new(file, table, FORMER_NAME_FIELDS, agency.diagnostics);
        let name = former.required_string("name", "name = \"Sở Thông tin và Truyền thông\"");
        let short = former.string("short").map(|s| s.0);
        let until = former.date("until");
        if !former.has("until") {
            former.missing("until", "until = 2025-03-01");
        }
        if let (Some((name, _)), Some((until, _))) = (name, until) {
            out.push((FormerName { name, short, until }, span));
        }
    }
    out
}

/// Resolves every agency's successors and checks them: known agencies, existing on the day
/// they take over, and no circle.
fn resolve_successors(
    registry: &mut Registry,
    file: &SourceFile,
    succession: Vec<Succession>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut report = |span, problem| diagnostics.push(Diagnostic::new(file, span, problem));
    let mut spans = std::collections::HashMap::new();
    for entry in succession {
        if let Some((_, span)) = entry.successors.first().or(entry.successor_for.first().map(|(_, s)| s)) {
            spans.insert(entry.agency, span.clone());
        }
        let mut resolve = |(name, span): &Located<String>| match registry.resolve(name) {
            Some(AgencyRef::Agency(i)) if i != entry.agency => Some(i),
            Some(AgencyRef::Agency(_)) => {
                let chain = format!("{name} → {name}");
                report(span.clone(), Problem::SuccessionCycle { chain });
                None
            }
            Some(AgencyRef::Collective(_)) => {
                report(span.clone(), Problem::CollectiveNotAgency { name: name.clone() });
                None
            }
            None => {
                let suggestion = registry.suggest(name);
                report(span.clone(), Problem::UnknownSuccessor { name: name.clone(), suggestion });
                None
            }
        };
        let successors: Vec<(usize, std::ops::Range<usize>)> =
            entry.successors.iter().filter_map(|s| resolve(s).map(|i| (i, s.1.clone()))).collect();
        let per_task: Vec<(String, usize, std::ops::Range<usize>)> = entry
            .successor_for
            .iter()
            .filter_map(|(task, s)| resolve(s).map(|i| (task.clone(), i, s.1.clone())))
            .collect();
        if let Some(until) = registry.agencies[entry.agency].until {
            for (successor, span) in
                successors.iter().map(|(i, s)| (*i, s)).chain(per_task.iter().map(|(_, i, s)| (*i, s)))
            {
                if let Some(theirs) = registry.agencies[successor].until.filter(|theirs| *theirs <= until) {
                    let problem = Problem::SuccessorEndedFirst {
                        successor: registry.agencies[successor].name.clone(),
                        until: crate::i18n::date(theirs),
                    };
                    report(span.clone(), problem);
                }
            }
        }
        let agency = &mut registry.agencies[entry.agency];
        agency.successors = successors.into_iter().map(|(i, _)| i).collect();
        agency.successor_for = per_task.into_iter().map(|(task, i, _)| (task, i)).collect();
    }
    // A circle through several agencies: a depth-first walk along successors, each agency
    // visited once.
    let mut colour = vec![0u8; registry.agencies.len()];
    for start in 0..registry.agencies.len() {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(registry, start, &mut colour, &mut path) {
            let chain: Vec<&str> = cycle.iter().map(|&i| registry.agencies[i].id.as_str()).collect();
            let span = spans.get(&cycle[0]).cloned().unwrap_or(0..0);
            report(span, Problem::SuccessionCycle { chain: chain.join(" → ") });
        }
    }
}

/// A circle of successors reachable from `at` (0: not seen, 1: on the path, 2: done).
fn find_cycle(registry: &Registry, at: usize, colour: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
    match colour[at] {
        2 => return None,
        1 => {
            let from = path.iter().position(|&p| p == at)?;
            let mut cycle = path[from..].to_vec();
            cycle.push(at);
            return Some(cycle);
        }
        _ => {}
    }
    colour[at] = 1;
    path.push(at);
    let agency = &registry.agencies[at];
    let next: Vec<usize> =
        agency.successors.iter().copied().chain(agency.successor_for.iter().map(|(_, i)| *i)).collect();
    for n in next {
        if let Some(cycle) = find_cycle(registry, n, colour, path) {
            return Some(cycle);
        }
    }
    path.pop();
    colour[at] = 2;
    None
}

fn register(
    registry: &mut Registry,
    fields: &mut Fields,
    target: AgencyRef,
    names: impl Iterator<Item = (String, std::ops::Range<usize>)>,
) {
    for (name, span) in names {
        if let Some(existing) = registry.add_name(&name, target) {
            let first = registry.name(existing).to_string();
            fields.report(span, Problem::NameClash { name, first });
        }
    }
}

/// E-mail addresses are compared without regard to ASCII case only (see
/// [`Registry::agency_of_email`]).
fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// SSH public keys as git's allowed-signers file takes them: `<type> <base64>`, one line.
fn signing_keys(fields: &mut Fields, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (text, span) in fields.strings(key).unwrap_or_default() {
        let words: Vec<&str> = text.split_whitespace().collect();
        let well_formed = matches!(words[..], [kind, data, ..]
            if (kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-"))
                && data.len() > 16
                && data.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)));
        if well_formed {
            out.push(format!("{} {}", words[0], words[1]));
        } else {
            fields.report(span, Problem::BadSigningKey { key: key.to_string() });
        }
    }
    out
}

/// Lower-case ASCII letters, digits and `-`, not the administrators' principal.
fn is_agency_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && id != "plan-admin"
}
