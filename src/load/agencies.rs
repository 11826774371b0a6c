//! plan/agencies.toml: the registry of agencies and collective owners.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::fields::{Fields, TableRef};
use crate::registry::{Agency, AgencyRef, Collective, Kind, Registry};
use crate::source::SourceFile;

const FIELDS: &[&str] = &["admins", "admin_signing_keys", "agency", "collective"];
const AGENCY_FIELDS: &[&str] = &["id", "name", "short", "aliases", "kind", "emails", "signing_keys"];
const COLLECTIVE_FIELDS: &[&str] = &["id", "name", "short", "aliases", "members"];

pub fn read(file: &SourceFile, table: TableRef, diagnostics: &mut Vec<Diagnostic>) -> Registry {
    let mut fields = Fields::new(file, table, FIELDS, diagnostics);
    let mut registry = Registry::default();
    let mut ids = HashSet::new();
    let mut emails: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    registry.admins = fields.strings("admins").unwrap_or_default().into_iter().map(|(e, _)| email_key(&e)).collect();
    registry.admin_signing_keys = signing_keys(&mut fields, "admin_signing_keys");

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
        registry.agencies.push(Agency {
            id: id.clone(),
            short: short.as_ref().map_or_else(|| name.clone(), |s| s.0.clone()),
            name: name.clone(),
            aliases: aliases.iter().map(|a| a.0.clone()).collect(),
            kind,
            emails: own_emails,
            signing_keys: agency_keys,
        });
        register(
            &mut registry,
            &mut agency,
            target,
            [(id, id_span), (name, name_span)].into_iter().chain(short).chain(aliases),
        );
    }

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
        let mut member_ids = Vec::with_capacity(members.len());
        for (member, span) in members {
            match registry.resolve(&member) {
                Some(AgencyRef::Agency(i)) if registry.agencies[i].id == member => member_ids.push(i),
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
        let target = AgencyRef::Collective(registry.collectives.len());
        registry.collectives.push(Collective {
            id: id.clone(),
            short: short.as_ref().map_or_else(|| name.clone(), |s| s.0.clone()),
            name: name.clone(),
            aliases: aliases.iter().map(|a| a.0.clone()).collect(),
            members: member_ids,
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
