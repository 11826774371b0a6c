//! The registry of agencies and collective owners, and name matching against it.

use std::collections::HashMap;

use crate::text::name_key;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Department,
    District,
    Provincial,
    University,
    Press,
    Business,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "department" => Kind::Department,
            "district" => Kind::District,
            "provincial" => Kind::Provincial,
            "university" => Kind::University,
            "press" => Kind::Press,
            "business" => Kind::Business,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub short: String,
    pub aliases: Vec<String>,
    pub kind: Kind,
    /// The e-mail addresses (ASCII lower case) its clerks commit with.
    pub emails: Vec<String>,
    /// The SSH public keys its clerks sign commits with (`ssh-ed25519 AAAA...`).
    pub signing_keys: Vec<String>,
}

/// A name the plan uses for many agencies at once ("Các Sở, ngành, UBND các huyện, thành phố").
#[derive(Clone, Debug)]
pub struct Collective {
    pub id: String,
    pub name: String,
    pub short: String,
    pub aliases: Vec<String>,
    /// Indexes into [`Registry::agencies`].
    pub members: Vec<usize>,
}

/// What a name in a task file points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgencyRef {
    Agency(usize),
    Collective(usize),
}

#[derive(Debug, Default)]
pub struct Registry {
    pub agencies: Vec<Agency>,
    /// E-mail addresses (ASCII lower case) of DOST's administrators, who may change anything.
    pub admins: Vec<String>,
    /// The SSH public keys the administrators sign commits with.
    pub admin_signing_keys: Vec<String>,
    pub collectives: Vec<Collective>,
    /// Every id, name and alias, exactly as written (NFC).
    by_name: HashMap<String, AgencyRef>,
    /// The same, keyed without regard to case, diacritics or punctuation.
    by_key: HashMap<String, Vec<AgencyRef>>,
}

impl Registry {
    /// Registers `name` for `target`; returns the entry that already holds it, if another does.
    pub fn add_name(&mut self, name: &str, target: AgencyRef) -> Option<AgencyRef> {
        if let Some(&existing) = self.by_name.get(name) {
            return (existing != target).then_some(existing);
        }
        self.by_name.insert(name.to_string(), target);
        let refs = self.by_key.entry(name_key(name)).or_default();
        if !refs.contains(&target) {
            refs.push(target);
        }
        None
    }

    /// The agency whose clerks commit with `email`, matched exactly but for ASCII case:
    /// Unicode case folding would let "\u{212A}" (the Kelvin sign) stand for "k".
    pub fn agency_of_email(&self, email: &str) -> Option<usize> {
        self.agencies.iter().position(|a| a.emails.iter().any(|e| e.eq_ignore_ascii_case(email)))
    }

    /// Whether `email` is an administrator's, matched as [`Registry::agency_of_email`] does.
    pub fn is_admin(&self, email: &str) -> bool {
        self.admins.iter().any(|e| e.eq_ignore_ascii_case(email))
    }

    /// The entry an id, name or alias names, written exactly.
    pub fn resolve(&self, name: &str) -> Option<AgencyRef> {
        self.by_name.get(name).copied()
    }

    /// Resolves a name typed on the command line: exactly, or without regard to case and
    /// diacritics when that names one entry only. On failure, gives the closest name.
    pub fn resolve_loose(&self, name: &str) -> Result<AgencyRef, Option<String>> {
        let name = crate::text::nfc(name);
        if let Some(r) = self.resolve(&name) {
            return Ok(r);
        }
        match self.by_key.get(&name_key(&name)).map(Vec::as_slice) {
            Some([only]) => Ok(*only),
            _ => Err(self.suggest(&name)),
        }
    }

    /// The closest known name, found without regard to case or diacritics.
    pub fn suggest(&self, name: &str) -> Option<String> {
        let key = name_key(name);
        if let Some(refs) = self.by_key.get(&key) {
            return refs.first().map(|r| self.name(*r).to_string());
        }
        let best = *crate::text::closest(name, self.by_name.keys().map(String::as_str)).first()?;
        self.resolve(best).map(|r| self.name(r).to_string())
    }

    pub fn name(&self, r: AgencyRef) -> &str {
        match r {
            AgencyRef::Agency(i) => &self.agencies[i].name,
            AgencyRef::Collective(i) => &self.collectives[i].name,
        }
    }

    pub fn short(&self, r: AgencyRef) -> &str {
        match r {
            AgencyRef::Agency(i) => &self.agencies[i].short,
            AgencyRef::Collective(i) => &self.collectives[i].short,
        }
    }

    pub fn id(&self, r: AgencyRef) -> &str {
        match r {
            AgencyRef::Agency(i) => &self.agencies[i].id,
            AgencyRef::Collective(i) => &self.collectives[i].id,
        }
    }

    /// Expands entries to the agencies that owe, each once, in order.
    pub fn expand(&self, refs: &[AgencyRef]) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for r in refs {
            let members = match r {
                AgencyRef::Agency(i) => std::slice::from_ref(i),
                AgencyRef::Collective(c) => self.collectives[*c].members.as_slice(),
            };
            for &m in members {
                if seen.insert(m) {
                    out.push(m);
                }
            }
        }
        out
    }
}
