//! `plan/proposals.toml`: new tasks agencies propose (`plan propose --new-task`), for the
//! People's Committee to decide (`plan amend --new-task --proposal N`). Records are only
//! appended, as in a task file; the agency that proposes must lead the task it proposes.

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::fields::{Fields, TableRef};
use crate::load::task::{self, Context};
use crate::model::NewTaskProposal;
use crate::registry::AgencyRef;
use crate::source::SourceFile;

pub const FILE: &str = "proposals.toml";
const FIELDS: &[&str] = &["proposals"];
const RECORD_FIELDS: &[&str] =
    &["by", "date", "reason", "id", "group", "title", "owner", "partners", "result", "deadline"];

pub fn read(
    ctx: &Context,
    file: &SourceFile,
    table: TableRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<NewTaskProposal> {
    let mut fields = Fields::new(file, table, FIELDS, diagnostics);
    let mut out = Vec::new();
    let mut lines = crate::source::LineCounter::new(&file.text);
    for table in fields.tables("proposals") {
        let header = table.1.clone();
        let mut p = Fields::new(file, table, RECORD_FIELDS, fields.diagnostics);
        let by = crate::load::changes::agency(ctx, &mut p, "by");
        let date = p.date("date");
        if !p.has("date") {
            p.missing("date", "date = 2025-04-01");
        }
        let reason = p.required_string("reason", "reason = \"...\"");
        let id = p.string("id").map(|i| i.0);
        let group = p.required_string("group", "group = \"III\"");
        if let Some((group, span)) = &group {
            if !ctx.groups.contains(group.as_str()) {
                p.report(span.clone(), Problem::UnknownGroup { id: group.clone(), known: ctx.group_list.clone() });
            }
        }
        let title = p.required_string("title", "title = \"Xây dựng ...\"");
        let owner = match p.strings("owner") {
            Some(names) if !names.is_empty() => Some(task::resolve_all(ctx.registry, &mut p, names)),
            Some(_) => {
                let span = p.anchor();
                p.report(span, Problem::EmptyValue { key: "owner".into() });
                None
            }
            None => {
                p.missing("owner", "owner = [\"Sở Khoa học và Công nghệ\"]");
                None
            }
        };
        let partners =
            p.strings("partners").map(|names| task::resolve_all(ctx.registry, &mut p, names)).unwrap_or_default();
        let result = p.string("result").map(|r| r.0).unwrap_or_default();
        let deadline = p.required_string("deadline", "deadline = \"Trong quý IV/2025\"");
        let (
            Some((by, by_span)),
            Some((date, _)),
            Some((reason, _)),
            Some((group, _)),
            Some((title, _)),
            Some(owner),
            Some((deadline, _)),
        ) = (by, date, reason, group, title, owner, deadline)
        else {
            continue;
        };
        let owner: Vec<AgencyRef> = owner.into_iter().map(|o| o.0).collect();
        let leads = ctx.registry.expand(&owner);
        if let Some(problem) = crate::load::changes::proposal_refused(ctx.registry, "", &leads, by, date) {
            p.report(by_span, problem);
        }
        out.push(NewTaskProposal {
            by,
            date,
            reason,
            id,
            group,
            title,
            owner,
            partners: partners.into_iter().map(|p| p.0).collect(),
            result,
            deadline,
            line: lines.line(header.start) as u32,
        });
    }
    out
}
