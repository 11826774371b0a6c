//! How the plan's types are written in the cache: serde's remote definitions, so that the
//! model itself knows nothing of the cache and derives serde only where output needs it.
//! Each definition lists the fields of its type in order; the long texts are left out
//! (they are stored apart, see the parent module).

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::deadline::{DayOfMonth, Offset, Schedule};
use crate::model::Update;
use crate::model::{Amendment, Decision, Extension, Milestone, Proposal, Task};
use crate::registry::AgencyRef;
use crate::status::Status;

#[derive(Serialize, Deserialize)]
#[serde(remote = "Task")]
pub struct TaskDef {
    id: String,
    group: String,
    heading: Option<String>,
    title: String,
    #[serde(with = "agency_refs")]
    owner: Vec<AgencyRef>,
    owner_text: Option<String>,
    #[serde(with = "agency_refs")]
    partners: Vec<AgencyRef>,
    partners_text: Option<String>,
    #[serde(skip)]
    result: String,
    deadline: String,
    #[serde(skip)]
    note: Option<String>,
    #[serde(with = "milestones")]
    milestones: Vec<Milestone>,
    #[serde(with = "updates")]
    updates: Vec<Update>,
    #[serde(with = "proposals")]
    proposals: Vec<Proposal>,
    #[serde(with = "amendments")]
    amendments: Vec<Amendment>,
    #[serde(with = "decision")]
    added: Option<Decision>,
    answers: Option<usize>,
    // Set only as of a date, after loading.
    #[serde(skip)]
    cancelled: Option<Decision>,
    path: PathBuf,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Decision")]
struct DecisionDef {
    reference: String,
    #[serde(with = "days")]
    date: NaiveDate,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Proposal")]
struct ProposalDef {
    by: usize,
    #[serde(with = "days")]
    date: NaiveDate,
    reason: String,
    deadline: Option<String>,
    result: Option<String>,
    #[serde(with = "agency_ref_lists")]
    owner: Option<Vec<AgencyRef>>,
    #[serde(with = "agency_ref_lists")]
    partners: Option<Vec<AgencyRef>>,
    cancel: bool,
    line: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Amendment")]
struct AmendmentDef {
    #[serde(with = "DecisionDef")]
    decision: Decision,
    #[serde(with = "new_deadline")]
    deadline: Option<(String, Vec<Milestone>)>,
    result: Option<String>,
    #[serde(with = "agency_ref_lists")]
    owner: Option<Vec<AgencyRef>>,
    #[serde(with = "agency_ref_lists")]
    partners: Option<Vec<AgencyRef>>,
    cancel: bool,
    proposal: Option<usize>,
    line: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "AgencyRef")]
enum AgencyRefDef {
    Agency(usize),
    Collective(usize),
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Milestone")]
struct MilestoneDef {
    label: String,
    #[serde(with = "ScheduleDef")]
    schedule: Schedule,
    event: Option<String>,
    explicit: bool,
    // Set only as of a date, after loading.
    #[serde(skip)]
    extended: Option<Box<Extension>>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Schedule")]
enum ScheduleDef {
    Due(#[serde(with = "days")] NaiveDate),
    Yearly {
        month: u32,
        #[serde(with = "DayOfMonthDef")]
        day: DayOfMonth,
        first_year: i32,
    },
    Ongoing,
    AfterEvent {
        #[serde(with = "offset")]
        offset: Option<Offset>,
    },
    NoDeadline,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "DayOfMonth")]
enum DayOfMonthDef {
    Fixed(u32),
    Last,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Offset")]
enum OffsetDef {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Update")]
struct UpdateDef {
    by: usize,
    #[serde(with = "days")]
    date: NaiveDate,
    #[serde(with = "StatusDef")]
    status: Status,
    progress: Option<u8>,
    #[serde(skip)]
    note: Option<Box<str>>,
    #[serde(skip)]
    evidence: Option<Box<str>>,
    milestone: Option<usize>,
    occurrence: Option<i32>,
    line: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Status")]
enum StatusDef {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Dropped,
}

/// A remote-defined type as a value of its own, for lists and options of it.
macro_rules! through {
    ($wrapper:ident, $ty:ty, $def:ident) => {
        struct $wrapper<T>(T);

        impl Serialize for $wrapper<&$ty> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $def::serialize(self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $wrapper<$ty> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $def::deserialize(deserializer).map($wrapper)
            }
        }
    };
}

/// A list of a remote-defined type, each item through its definition.
macro_rules! list_of {
    ($module:ident, $wrapper:ident, $ty:ty) => {
        mod $module {
            use super::*;

            pub fn serialize<S: Serializer>(items: &[$ty], serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(items.iter().map($wrapper))
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<$ty>, D::Error> {
                Ok(Vec::<$wrapper<$ty>>::deserialize(deserializer)?.into_iter().map(|item| item.0).collect())
            }
        }
    };
}

through!(ThroughAgencyRef, AgencyRef, AgencyRefDef);
through!(ThroughProposal, Proposal, ProposalDef);
through!(ThroughAmendment, Amendment, AmendmentDef);
through!(ThroughDecision, Decision, DecisionDef);
list_of!(proposals, ThroughProposal, Proposal);
list_of!(amendments, ThroughAmendment, Amendment);
through!(ThroughMilestone, Milestone, MilestoneDef);
through!(ThroughUpdate, Update, UpdateDef);
through!(ThroughOffset, Offset, OffsetDef);
list_of!(agency_refs, ThroughAgencyRef, AgencyRef);
list_of!(milestones, ThroughMilestone, Milestone);
list_of!(updates, ThroughUpdate, Update);

mod decision {
    use super::*;

    pub fn serialize<S: Serializer>(decision: &Option<Decision>, serializer: S) -> Result<S::Ok, S::Error> {
        decision.as_ref().map(ThroughDecision).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decision>, D::Error> {
        Ok(Option::<ThroughDecision<Decision>>::deserialize(deserializer)?.map(|d| d.0))
    }
}

mod agency_ref_lists {
    use super::*;

    pub fn serialize<S: Serializer>(refs: &Option<Vec<AgencyRef>>, serializer: S) -> Result<S::Ok, S::Error> {
        refs.as_ref().map(|refs| refs.iter().map(ThroughAgencyRef).collect::<Vec<_>>()).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<AgencyRef>>, D::Error> {
        let refs = Option::<Vec<ThroughAgencyRef<AgencyRef>>>::deserialize(deserializer)?;
        Ok(refs.map(|refs| refs.into_iter().map(|r| r.0).collect()))
    }
}

mod new_deadline {
    use super::*;

    pub fn serialize<S: Serializer>(
        deadline: &Option<(String, Vec<Milestone>)>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        deadline
            .as_ref()
            .map(|(wording, ms)| (wording, ms.iter().map(ThroughMilestone).collect::<Vec<_>>()))
            .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<(String, Vec<Milestone>)>, D::Error> {
        let deadline = Option::<(String, Vec<ThroughMilestone<Milestone>>)>::deserialize(deserializer)?;
        Ok(deadline.map(|(wording, ms)| (wording, ms.into_iter().map(|m| m.0).collect())))
    }
}

mod offset {
    use super::*;

    pub fn serialize<S: Serializer>(offset: &Option<Offset>, serializer: S) -> Result<S::Ok, S::Error> {
        offset.as_ref().map(ThroughOffset).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Offset>, D::Error> {
        Ok(Option::<ThroughOffset<Offset>>::deserialize(deserializer)?.map(|offset| offset.0))
    }
}

/// A task as the cache writes it.
pub struct StoredTask<'a>(pub &'a Task);

impl Serialize for StoredTask<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TaskDef::serialize(self.0, serializer)
    }
}

/// A task as the cache reads it back (boxed, as the loader keeps tasks).
pub struct LoadedTask(pub Box<Task>);

impl<'de> Deserialize<'de> for LoadedTask {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TaskDef::deserialize(deserializer).map(|task| LoadedTask(Box::new(task)))
    }
}

/// Dates in the cache as days since the common era: compact and read without parsing.
mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(date.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(deserializer)?;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| serde::de::Error::custom("date out of range"))
    }
}
