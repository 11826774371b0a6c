//! The registry of agencies and collective owners, and name matching against it.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

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
    /// The first day it no longer exists (merged, dissolved): from then on its successors
    /// owe what it had not completed.
    pub until: Option<NaiveDate>,
    /// Indexes into [`Registry::agencies`] of the agencies that take over its work.
    pub successors: Vec<usize>,
    /// Task ids whose work one named successor takes over, instead of all of them.
    pub successor_for: Vec<(String, usize)>,
    /// Names it had before a rename, each with the first day of the next name.
    pub former_names: Vec<FormerName>,
}

/// A name an agency bore until a rename took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormerName {
    pub name: String,
    pub short: Option<String>,
    /// The first day of the next name.
    pub until: NaiveDate,
}

impl Agency {
    /// Whether it has ended by `date`.
    pub fn ended_by(&self, date: NaiveDate) -> bool {
        self.until.is_some_and(|until| until <= date)
    }
}

/// A name the plan uses for many agencies at once ("Các Sở, ngành, UBND các huyện, thành phố").
#[derive(Clone, Debug)]
pub struct Collective {
    pub id: String,
    pub name: String,
    pub short: String,
    pub aliases: Vec<String>,
    /// Indexes into [`Registry::agencies`]: the members as the plan was issued, until
    /// [`crate::in_force::apply`] sets them as of a date.
    pub members: Vec<usize>,
    /// Changes of membership, each from a date on (`changes = [{ from = ..., add = [...],
    /// remove = [...] }]`).
    pub changes: Vec<MembershipChange>,
}

/// Agencies that join or leave a collective from a date on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipChange {
    pub from: NaiveDate,
    pub add: Vec<usize>,
    pub remove: Vec<usize>,
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
    /// Every id, name and alias, exactly as written (NFC), with the order it was added in.
    by_name: HashMap<String, (AgencyRef, usize)>,
    /// The same, keyed without regard to case, diacritics or punctuation, each key's
    /// entries in the order their names were added. Built when first asked for: only a
    /// name typed on the command line is matched loosely, and folding every name of a
    /// national registry was about 5 % of `plan update`'s time.
    by_key: OnceLock<HashMap<String, Vec<AgencyRef>>>,
}

impl Registry {
    /// Registers `name` for `target`; returns the entry that already holds it, if another does.
    pub fn add_name(&mut self, name: &str, target: AgencyRef) -> Option<AgencyRef> {
        if let Some(&(existing, _)) = self.by_name.get(name) {
            return (existing != target).then_some(existing);
        }
        let order = self.by_name.len();
        self.by_name.insert(name.to_string(), (target, order));
        self.by_key.take();
        None
    }

    fn by_key(&self) -> &HashMap<String, Vec<AgencyRef>> {
        self.by_key.get_or_init(|| {
            let mut names: Vec<(&String, &(AgencyRef, usize))> = self.by_name.iter().collect();
            names.sort_unstable_by_key(|(_, (_, order))| *order);
            let mut by_key: HashMap<String, Vec<AgencyRef>> = HashMap::with_capacity(names.len());
            for (name, &(target, _)) in names {
                let refs = by_key.entry(name_key(name)).or_default();
                if !refs.contains(&target) {
                    refs.push(target);
                }
            }
            by_key
        })
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
        self.by_name.get(name).map(|&(target, _)| target)
    }

    /// Resolves a name typed on the command line: exactly, or without regard to case and
    /// diacritics when that names one entry only. On failure, gives the closest name.
    pub fn resolve_loose(&self, name: &str) -> Result<AgencyRef, Option<String>> {
        let name = crate::text::nfc(name);
        if let Some(r) = self.resolve(&name) {
            return Ok(r);
        }
        match self.by_key().get(&name_key(&name)).map(Vec::as_slice) {
            Some([only]) => Ok(*only),
            _ => Err(self.suggest(&name)),
        }
    }

    /// The closest known name, found without regard to case or diacritics.
    pub fn suggest(&self, name: &str) -> Option<String> {
        let key = name_key(name);
        if let Some(refs) = self.by_key().get(&key) {
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

    /// Who owes, on `date`, the work on task `task` that `agency` owed: the agency itself
    /// while it exists, else its successors (the one named for the task, else all), each
    /// in turn as of `date`. An ended agency without successors keeps its work.
    pub fn in_charge_on(&self, agency: usize, task: &str, date: NaiveDate) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_in_charge(agency, task, date, 0, &mut out);
        out
    }

    fn collect_in_charge(&self, agency: usize, task: &str, date: NaiveDate, depth: usize, out: &mut Vec<usize>) {
        let a = &self.agencies[agency];
        // `plan check` refuses cycles; the depth only guards against one read regardless.
        if !a.ended_by(date) || a.successors.is_empty() || depth > 32 {
            if !out.contains(&agency) {
                out.push(agency);
            }
            return;
        }
        match a.successor_for.iter().find(|(id, _)| id == task) {
            Some(&(_, next)) => self.collect_in_charge(next, task, date, depth + 1, out),
            None => {
                for &next in &a.successors {
                    self.collect_in_charge(next, task, date, depth + 1, out);
                }
            }
        }
    }

    /// Expands entries to the agencies that owe, each once, in order.
    pub fn expand(&self, refs: &[AgencyRef]) -> Vec<usize> {
        // The usual task names one agency: nothing to look up or to leave out twice.
        if let [AgencyRef::Agency(i)] = refs {
            return vec![*i];
        }
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
