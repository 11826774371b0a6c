//! One task file: `plan/tasks/<id>.toml`.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::deadline::{self, Schedule, YearMonth};
use crate::diagnostic::{Diagnostic, Problem};
use crate::load::changes;
use crate::load::fields::{Fields, Located, TableRef};
use crate::model::Update;
use crate::model::{Event, Milestone, Task};
use crate::registry::{AgencyRef, Registry};
use crate::rules::{self, Field, Involved, Proposed};
use crate::source::SourceFile;
use crate::status::Status;

pub const FIELDS: &[&str] = &[
    "id",
    "group",
    "heading",
    "title",
    "owner",
    "owner_text",
    "partners",
    "partners_text",
    "result",
    "deadline",
    "due",
    "event",
    "note",
    "milestones",
    "updates",
    "proposals",
    "amendments",
    "decision",
    "decided",
    "proposal",
];
const MILESTONE_FIELDS: &[&str] = &["name", "deadline", "due", "event"];
pub const UPDATE_FIELDS: &[&str] = &["by", "date", "status", "progress", "note", "evidence", "milestone", "for"];

/// What every task file is checked against.
pub struct Context<'p> {
    pub registry: &'p Registry,
    pub events: &'p BTreeMap<String, Event>,
    pub groups: HashSet<&'p str>,
    /// The group ids, for hints.
    pub group_list: String,
    pub issued: YearMonth,
    /// When set (by `plan check`), an update record dated after this day is a problem: it
    /// reports what has not happened yet.
    pub no_updates_after: Option<chrono::NaiveDate>,
}

/// A task file as read: its id if it has one (for the duplicate check) and the task
/// itself when the file had no problem. The file's text is not kept.
pub struct Draft {
    pub id: Option<Located<String>>,
    /// Where the id is, as `path:line:col`, to point at the first of two duplicates.
    pub id_location: Option<String>,
    /// Boxed: a national plan's drafts pass through several lists before they become the plan.
    pub task: Option<Box<Task>>,
}

pub fn read(
    ctx: &Context,
    relative: &Path,
    file: &SourceFile,
    table: TableRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Draft {
    let before = diagnostics.len();
    let file_stem = relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut f = Fields::new(file, table, FIELDS, diagnostics);

    let id = f.required_string("id", "id = \"16\"");
    if let Some((id, span)) = &id {
        if !is_plain_id(id) {
            f.report(span.clone(), Problem::InvalidId { id: id.clone() });
        } else if *id != file_stem {
            f.report(span.clone(), Problem::FileNameMismatch { id: id.clone(), file_stem: file_stem.clone() });
        }
    }
    let group = f.required_string("group", "group = \"I\"");
    if let Some((group, span)) = &group {
        if !ctx.groups.contains(group.as_str()) {
            f.report(span.clone(), Problem::UnknownGroup { id: group.clone(), known: ctx.group_list.clone() });
        }
    }
    let heading = f.string("heading").map(|v| v.0);
    let title = f.required_string("title", "title = \"Xây dựng kế hoạch ...\"");
    let mut written_owner = None;
    let owner = match f.strings("owner") {
        None if !f.has("owner") => {
            let anchor = f.anchor();
            f.report(anchor, Problem::MissingField { key: "owner", example: "owner = [\"Sở Khoa học và Công nghệ\"]" });
            None
        }
        None => None,
        Some(names) if names.is_empty() => {
            let span = f.anchor();
            f.report(span, Problem::EmptyValue { key: "owner".into() });
            None
        }
        Some(names) => {
            written_owner = as_written(ctx.registry, &names);
            Some(resolve_all(ctx.registry, &mut f, names))
        }
    };
    let owner_text = f.string("owner_text").map(|v| v.0).or(written_owner);
    let partner_names = f.strings("partners");
    let written_partners = partner_names.as_ref().and_then(|names| as_written(ctx.registry, names));
    let partners = partner_names.map(|names| resolve_all(ctx.registry, &mut f, names)).unwrap_or_default();
    if let Some(owner) = &owner {
        for (partner, span) in &partners {
            if owner.iter().any(|(o, _)| o == partner) {
                let name = ctx.registry.name(*partner).to_string();
                f.report(span.clone(), Problem::OwnerAlsoPartner { name });
            }
        }
    }
    let partners_text = f.string("partners_text").map(|v| v.0).or(written_partners);
    // Plans issued by ministries and provinces leave "Yêu cầu về kết quả" blank in some
    // rows: a blank result is read, with a warning.
    let result = match f.string("result") {
        None if !f.has("result") => {
            f.missing("result", "result = \"Kế hoạch được ban hành\"");
            None
        }
        Some((text, span)) if text.trim().is_empty() => {
            f.report(span.clone(), Problem::BlankResult);
            Some((text, span))
        }
        other => other,
    };
    let deadline = f.required_string("deadline", "deadline = \"Trong quý II/2025\"");
    let note = f.string("note").map(|v| v.0);
    let event = f.string("event");
    if let Some((key, span)) = &event {
        check_event(ctx, &mut f, key, span.clone());
    }
    let milestones =
        deadline.as_ref().map(|(wording, span)| milestones(ctx, &mut f, wording, span.clone(), event.as_ref()));

    let added = changes::added(ctx, &mut f);
    let answers = changes::answers(&mut f, added.is_some());
    let task_id = id.as_ref().map_or("", |(id, _)| id.as_str());
    let owner_refs: Vec<AgencyRef> = owner.iter().flatten().map(|r| r.0).collect();
    let partner_refs: Vec<AgencyRef> = partners.iter().map(|r| r.0).collect();
    let proposal_count = f.count("proposals");
    let amendments = changes::amendments(ctx, &mut f, proposal_count);
    let leads = ever(ctx.registry, &owner_refs, amendments.iter().filter_map(|a| a.owner.as_deref()));
    let proposals = changes::proposals(ctx, &mut f, task_id, &leads);
    let involved = owner.as_ref().map(|_| {
        let partners = ever(ctx.registry, &partner_refs, amendments.iter().filter_map(|a| a.partners.as_deref()));
        Involved::with_successors(ctx.registry, task_id, leads.clone(), partners)
    });
    // An update may be about a milestone of the deadline as issued or as amended.
    let widest = std::iter::once(milestones.as_deref())
        .chain(amendments.iter().map(|a| a.deadline.as_ref().map(|d| d.1.as_slice())))
        .flatten()
        .max_by_key(|m| m.len());
    let updates = updates(ctx, &mut f, involved.as_ref(), widest);

    let ok = f.diagnostics[before..].iter().all(|d| d.problem.is_warning());
    let task = match (ok, &id, group, title, owner, result, deadline, milestones) {
        (
            true,
            Some((id, _)),
            Some((group, _)),
            Some((title, _)),
            Some(owner),
            Some((result, _)),
            Some((deadline, _)),
            Some(milestones),
        ) => Some(Box::new(Task {
            id: id.clone(),
            group,
            heading,
            title,
            owner: owner.into_iter().map(|r| r.0).collect(),
            owner_text,
            partners: partners.into_iter().map(|r| r.0).collect(),
            partners_text,
            result,
            deadline,
            note,
            milestones,
            updates,
            proposals,
            amendments,
            added,
            answers,
            cancelled: None,
            path: relative.to_path_buf(),
        })),
        _ => None,
    };
    let id_location = id.as_ref().map(|(_, span)| file.location_near_start(span.start));
    Draft { id, id_location, task }
}

/// The agencies a task involves at any time: as issued, as amended, and whoever takes over
/// their work (the rules of an update record).
pub fn involved(registry: &Registry, task: &Task) -> Involved {
    let leads = leads(registry, task);
    let partners = ever(registry, &task.partners, task.amendments.iter().filter_map(|a| a.partners.as_deref()));
    Involved::with_successors(registry, &task.id, leads, partners)
}

/// The agencies that lead the task at some time: as issued or as amended.
pub fn leads(registry: &Registry, task: &Task) -> Vec<usize> {
    ever(registry, &task.owner, task.amendments.iter().filter_map(|a| a.owner.as_deref()))
}

/// The longest list of milestones the task has had: an update's milestone number is
/// checked against it.
pub fn widest_milestones(task: &Task) -> &[Milestone] {
    std::iter::once(task.milestones.as_slice())
        .chain(task.amendments.iter().filter_map(|a| a.deadline.as_ref().map(|d| d.1.as_slice())))
        .max_by_key(|m| m.len())
        .unwrap_or_default()
}

/// The agencies `refs` and every list of `later` expand to, each once.
fn ever<'a>(registry: &Registry, refs: &[AgencyRef], later: impl Iterator<Item = &'a [AgencyRef]>) -> Vec<usize> {
    let mut all = registry.expand(refs);
    for refs in later {
        for a in registry.expand(refs) {
            if !all.contains(&a) {
                all.push(a);
            }
        }
    }
    all
}

/// Ids name files, so they are kept to letters, digits, `-` and `_`: "16", "45a".
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The names as the plan wrote them, joined, when some name is not the registry's own
/// name of what it refers to ("Các sở, ngành trong tỉnh" for the collective "Các sở,
/// ngành liên quan"): every output then prints the plan's wording, not the registry's.
fn as_written(registry: &Registry, names: &[Located<String>]) -> Option<String> {
    let differs = names.iter().any(|(name, _)| registry.resolve(name).is_some_and(|r| registry.name(r) != name));
    differs.then(|| names.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join("; "))
}

pub(crate) fn resolve_all(
    registry: &Registry,
    f: &mut Fields,
    names: Vec<Located<String>>,
) -> Vec<(AgencyRef, Range<usize>)> {
    let mut out: Vec<(AgencyRef, Range<usize>)> = Vec::with_capacity(names.len());
    for (name, span) in names {
        match registry.resolve(&name) {
            Some(r) if out.iter().any(|(o, _)| *o == r) => f.report(span, Problem::DuplicateAgencyRef { name }),
            Some(r) => out.push((r, span)),
            None => {
                let suggestion = registry.suggest(&name);
                f.report(span, Problem::UnknownAgency { name, suggestion });
            }
        }
    }
    out
}

fn check_event(ctx: &Context, f: &mut Fields, key: &str, span: Range<usize>) -> bool {
    if ctx.events.contains_key(key) {
        return true;
    }
    let suggestion = crate::text::closest(key, ctx.events.keys().map(String::as_str)).first().map(|k| k.to_string());
    f.report(span, Problem::UnknownEvent { key: key.to_string(), suggestion });
    false
}

/// The task's milestones: explicit `[[milestones]]`, or one explicit `due`, or the
/// interpretation of the wording.
fn milestones(
    ctx: &Context,
    f: &mut Fields,
    wording: &str,
    wording_span: Range<usize>,
    event: Option<&Located<String>>,
) -> Vec<Milestone> {
    let tables = f.tables("milestones");
    let due = f.date("due");
    let mut out = Vec::new();
    if !tables.is_empty() {
        if let Some((_, span)) = due {
            f.report(span, Problem::ConflictingFields { first: "due", second: "milestones" });
        }
        let file = f.file();
        for table in tables {
            let mut m = Fields::new(file, table, MILESTONE_FIELDS, f.diagnostics);
            let Some((name, _)) = m.required_string("name", "name = \"Đề án\"") else {
                continue;
            };
            let own_event = m.string("event");
            if let Some((key, span)) = &own_event {
                check_event(ctx, &mut m, key, span.clone());
            }
            let event = own_event.as_ref().or(event);
            match (m.date("due"), m.string("deadline")) {
                (Some((date, _)), None) => out.push(Milestone {
                    label: name,
                    schedule: Schedule::Due(date),
                    event: None,
                    explicit: true,
                    extended: None,
                }),
                (None, Some((text, span))) => {
                    for parsed in interpret(ctx, &mut m, &text, span.clone()) {
                        out.push(with_event(&mut m, name.clone(), parsed.schedule, event, span.clone()));
                    }
                }
                (Some((_, span)), Some(_)) => {
                    m.report(span, Problem::ConflictingFields { first: "due", second: "deadline" })
                }
                (None, None) => {
                    let anchor = m.anchor();
                    m.report(
                        anchor,
                        Problem::MissingField {
                            key: "deadline",
                            example: "deadline = \"Trong quý II/2025\"  # hoặc due = 2025-06-30",
                        },
                    );
                }
            }
        }
    } else if let Some((date, _)) = due {
        out.push(Milestone {
            label: wording.to_string(),
            schedule: Schedule::Due(date),
            event: None,
            explicit: true,
            extended: None,
        });
    } else {
        for parsed in interpret(ctx, f, wording, wording_span.clone()) {
            out.push(with_event(f, parsed.label, parsed.schedule, event, wording_span.clone()));
        }
    }
    if let Some((key, span)) = event {
        if !out.iter().any(|m| matches!(m.schedule, Schedule::AfterEvent { .. })) && !out.is_empty() {
            f.report(span.clone(), Problem::EventNotUsed { key: key.clone() });
        }
    }
    // Kept for the life of the plan: no spare capacity.
    out.shrink_to_fit();
    out
}

pub(crate) fn interpret(
    ctx: &Context,
    f: &mut Fields,
    wording: &str,
    span: Range<usize>,
) -> Vec<deadline::ParsedMilestone> {
    match read_wording(wording, ctx.issued) {
        Ok(parsed) => parsed,
        Err(deadline::DeadlineError::NoSuchDate(text)) => {
            f.report(span, Problem::InvalidDate { text });
            Vec::new()
        }
        Err(error) => {
            f.report(span, Problem::DeadlineNotUnderstood { wording: wording.to_string(), reason: error });
            Vec::new()
        }
    }
}

pub(crate) fn with_event(
    f: &mut Fields,
    label: String,
    schedule: Schedule,
    event: Option<&Located<String>>,
    span: Range<usize>,
) -> Milestone {
    let event = match schedule {
        Schedule::AfterEvent { .. } => match event {
            Some((key, _)) => Some(key.clone()),
            None => {
                f.report(span, Problem::EventNotNamed);
                None
            }
        },
        _ => None,
    };
    Milestone { label, schedule, event, explicit: false, extended: None }
}

/// The `[[updates]]` records, each checked against the task's rules when the task itself
/// could be read.
fn updates(
    ctx: &Context,
    f: &mut Fields,
    involved: Option<&Involved>,
    milestones: Option<&[Milestone]>,
) -> Vec<Update> {
    let file = f.file();
    let tables = f.tables("updates");
    let mut out = Vec::with_capacity(tables.len());
    let mut lines = crate::source::LineCounter::new(&file.text);
    for table in tables {
        let header = table.1.clone();
        let mut u = Fields::new(file, table, UPDATE_FIELDS, f.diagnostics);
        let by =
            u.required_string("by", "by = \"so-khcn\"").and_then(|(name, span)| match ctx.registry.resolve(&name) {
                Some(AgencyRef::Agency(i)) => Some((i, span)),
                _ => {
                    let suggestion = ctx.registry.suggest(&name);
                    u.report(span, Problem::UnknownAgency { name, suggestion });
                    None
                }
            });
        let date = u.date("date");
        if !u.has("date") {
            let anchor = u.anchor();
            u.report(anchor, Problem::MissingField { key: "date", example: "date = 2025-06-20" });
        }
        let status =
            u.required_string("status", "status = \"in-progress\"").and_then(|(key, span)| match Status::parse(&key) {
                Some(status) => Some((status, span)),
                None => {
                    u.report(span, Problem::UnknownStatus { status: key });
                    None
                }
            });
        let progress = u.integer("progress");
        let note = u.string("note");
        let evidence = u.string("evidence");
        let milestone = u.integer("milestone");
        let occurrence = u.integer("for");
        if let (Some((date, _)), Some(as_of)) = (&date, ctx.no_updates_after) {
            if *date > as_of {
                let (date, as_of) = (crate::i18n::date(*date), crate::i18n::date(as_of));
                u.report(header_line(file, header.start), Problem::FutureUpdate { date, as_of });
            }
        }
        if let Some((date, span)) = &date {
            if let Some(problem) = before_issued(*date, ctx.issued) {
                u.report(span.clone(), problem);
            }
        }
        let (Some((by, by_span)), Some((date, _)), Some((status, status_span))) = (by, date, status) else { continue };
        if let (Some(involved), Some(milestones)) = (involved, milestones) {
            let proposed = Proposed {
                by,
                status,
                progress: progress.as_ref().map(|p| p.0),
                note: note.as_ref().map(|n| n.0.as_str()),
                milestone: milestone.as_ref().map(|m| m.0),
                occurrence: occurrence.as_ref().map(|o| o.0),
                date,
            };
            for (field, problem) in rules::check(ctx.registry, involved, milestones, &proposed) {
                let span = match field {
                    Field::By => Some(by_span.clone()),
                    Field::Status => Some(status_span.clone()),
                    Field::Progress => progress.as_ref().map(|p| p.1.clone()),
                    Field::Note => note.as_ref().map(|n| n.1.clone()),
                    Field::Milestone => milestone.as_ref().map(|m| m.1.clone()),
                    Field::Occurrence => occurrence.as_ref().map(|o| o.1.clone()),
                };
                u.report(span.unwrap_or_else(|| header.clone()), problem);
            }
        }
        out.push(Update {
            by,
            date,
            status,
            progress: progress.and_then(|p| u8::try_from(p.0).ok()),
            note: note.map(|n| n.0.into_boxed_str()),
            evidence: evidence.map(|e| e.0.into_boxed_str()),
            milestone: milestone.and_then(|m| usize::try_from(m.0).ok()).and_then(|m| m.checked_sub(1)),
            occurrence: occurrence.and_then(|o| i32::try_from(o.0).ok()),
            line: lines.line(header.start) as u32,
        });
    }
    out
}

/// The problem of an update dated before the first day of the month the plan was issued.
pub fn before_issued(date: chrono::NaiveDate, issued: YearMonth) -> Option<Problem> {
    let first = chrono::NaiveDate::from_ymd_opt(issued.year, issued.month, 1)?;
    (date < first).then(|| Problem::UpdateBeforeIssued {
        date: crate::i18n::date(date),
        issued: format!("{:02}/{}", issued.month, issued.year),
    })
}

/// The span of the line a table header starts at (`[[updates]]`, whatever its spelling).
pub(crate) fn header_line(file: &SourceFile, start: usize) -> Range<usize> {
    let end = file.text[start..].find(['\r', '\n']).map_or(file.text.len(), |i| start + i);
    start..end
}

type Reading = Result<Vec<deadline::ParsedMilestone>, deadline::DeadlineError>;

thread_local! {
    /// A plan repeats a few dozen wordings thousands of times ("Trong năm 2025",
    /// "Thường xuyên"): each parsing thread reads each wording once.
    static READINGS: std::cell::RefCell<(YearMonth, std::collections::HashMap<String, Reading>)> =
        std::cell::RefCell::new((YearMonth { year: 0, month: 0 }, std::collections::HashMap::new()));
}

/// How many wordings a thread remembers; a plan of all-different wordings only costs the
/// reading it would have done anyway.
const READINGS_KEPT: usize = 4096;

/// [`deadline::parse`], remembered per thread.
fn read_wording(wording: &str, issued: YearMonth) -> Reading {
    READINGS.with(|readings| {
        let (read_for, readings) = &mut *readings.borrow_mut();
        // Readings depend on the month the plan was issued; one plan is read at a time.
        if *read_for != issued {
            *read_for = issued;
            readings.clear();
        }
        if let Some(reading) = readings.get(wording) {
            return reading.clone();
        }
        let reading = deadline::parse(wording, issued);
        if readings.len() >= READINGS_KEPT {
            readings.clear();
        }
        readings.insert(wording.to_string(), reading.clone());
        reading
    })
}
