//! `plan show ID`: everything about one task, with each milestone's interpretation.

use std::fmt::Write as _;

use crate::cmd::{Exit, Io, Session};
use crate::eval;
use crate::i18n::{self, Lang};
use crate::render::{describe_schedule, refs_text};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The task's number in the plan ("16", "45a")
    pub id: String,
}

pub fn run(args: &Args, session: &Session, io: &mut Io) -> anyhow::Result<Exit> {
    let (loaded, exit) = session.load_with_texts(io.err)?;
    let plan = &loaded.plan;
    let lang = session.lang;
    let id = args.id.trim();
    let mut s = String::new();
    if let Some(task_index) = plan.task_index(id) {
        one(&mut s, session, plan, task_index, true)?;
    } else {
        let parts = plan.parts(id);
        if parts.is_empty() {
            // A task whose file has problems (printed above) is not "no such task".
            if crate::load::task::is_plain_id(args.id.trim()) {
                let file = session.dir.display(&std::path::Path::new("tasks").join(format!("{}.toml", args.id.trim())));
                if loaded.diagnostics.iter().any(|d| d.file.display_path == file) {
                    let text = match lang {
                        Lang::Vi => format!(
                            "lỗi: không hiện được nhiệm vụ {}: {file} có lỗi ở trên; sửa rồi chạy lại\n",
                            args.id.trim()
                        ),
                        Lang::En => format!(
                            "error: cannot show task {}: {file} has the problems above; fix them and run again\n",
                            args.id.trim()
                        ),
                    };
                    io.err.write_all(text.as_bytes())?;
                    return Ok(Exit::Problems);
                }
            }
            return Err(crate::cmd::unknown_task(&args.id, plan.tasks.iter().map(|t| t.id.as_str())).into());
        }
        // The plan's item 45 is its heading and parts 45a, 45b, ...: the heading once, then each part.
        let first = &plan.tasks[parts[0]];
        let ids: Vec<&str> = parts.iter().map(|&i| plan.tasks[i].id.as_str()).collect();
        let group = plan.group_title(&first.group).unwrap_or_default();
        let label = |vi: &str, en: &str| lang.pick(vi, en).to_string();
        writeln!(s, "{} {id} — {} {}: {group}", label("Nhiệm vụ", "Task"), label("nhóm", "group"), first.group)?;
        let shared = parts.iter().all(|&i| plan.tasks[i].heading == first.heading);
        if let Some(heading) = first.heading.as_ref().filter(|_| shared) {
            writeln!(s, "{heading}")?;
        }
        let count = parts.len();
        match lang {
            Lang::Vi => writeln!(s, "gồm {count} nội dung: {}", ids.join(", "))?,
            Lang::En => writeln!(s, "{count} parts: {}", ids.join(", "))?,
        }
        for &i in &parts {
            writeln!(s, "\n{}\n", "═".repeat(40))?;
            one(&mut s, session, plan, i, !shared)?;
        }
    }
    io.out.write_all(s.as_bytes())?;
    Ok(exit)
}

/// Everything about the task at `task_index`; its heading only when `with_heading`.
fn one(
    out: &mut String,
    session: &Session,
    plan: &crate::model::Plan,
    task_index: usize,
    with_heading: bool,
) -> anyhow::Result<()> {
    let lang = session.lang;
    let mut s = String::new();
    let task = &plan.tasks[task_index];
    let label = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let group = plan.group_title(&task.group).unwrap_or_default();
    writeln!(s, "{} {} — {} {}: {group}", label("Nhiệm vụ", "Task"), task.id, label("nhóm", "group"), task.group)?;
    if let Some(heading) = task.heading.as_ref().filter(|_| with_heading) {
        writeln!(s, "{heading}")?;
    }
    writeln!(s, "{}\n", task.title)?;
    let owing = plan.registry.expand(&task.owner);
    writeln!(
        s,
        "{}: {}",
        label("Cơ quan chủ trì", "Lead agency"),
        refs_text(plan, &task.owner, task.owner_text.as_deref())
    )?;
    if owing.len() > 1 {
        let names: Vec<_> = owing.iter().map(|&a| plan.registry.agencies[a].name.as_str()).collect();
        writeln!(s, "  {} ({}): {}", label("gồm", "that is"), owing.len(), names.join("; "))?;
    }
    if !task.partners.is_empty() {
        writeln!(
            s,
            "{}: {}",
            label("Cơ quan phối hợp", "Partners"),
            refs_text(plan, &task.partners, task.partners_text.as_deref())
        )?;
    }
    writeln!(s, "{}: {}", label("Yêu cầu về kết quả", "Expected result"), task.result)?;
    writeln!(s, "{}: {}", label("Thời gian hoàn thành", "Deadline"), task.deadline)?;
    for (i, m) in task.milestones.iter().enumerate() {
        let how = if m.explicit {
            label(" (hạn ghi rõ trong tệp)", " (explicit date in the file)")
        } else {
            String::new()
        };
        let extended =
            crate::render::extension_note(m, m.schedule.due(), lang).map_or_else(String::new, |n| format!(" ({n})"));
        writeln!(s, "  {}. {} → {}{how}{extended}", i + 1, m.label, describe_schedule(plan, m, lang))?;
    }
    if let Some(decision) = &task.cancelled {
        writeln!(
            s,
            "{}: {} ({} {})",
            label("BÃI BỎ", "CANCELLED"),
            decision.reference,
            label("từ ngày", "from"),
            i18n::date(decision.date)
        )?;
    }
    if let Some(note) = &task.note {
        writeln!(s, "{}: {note}", label("Ghi chú", "Note"))?;
    }
    writeln!(s, "{}: {}", label("Tệp", "File"), session.dir.display(&task.path))?;
    let mut s = session.screen.prose(&s, 2);

    writeln!(s, "\n{} {}:", label("Tình trạng tính đến ngày", "Status as of"), i18n::date(session.as_of))?;
    let obligations = eval::task_obligations(plan, task_index, session.as_of, plan.meta.due_soon_days);
    let header =
        [label("Cơ quan", "Agency"), label("Mốc", "Milestone"), label("Hạn", "Due"), label("Tình trạng", "State")];
    let rows = obligations
        .iter()
        .map(|o| {
            // A yearly occurrence is told by its due date, in the next column.
            let milestone = (o.milestone + 1).to_string();
            let mut state = o.state.label(lang).to_string();
            if let Some(days) = o.days_overdue(session.as_of).filter(|_| o.state == eval::State::Overdue) {
                state = match lang {
                    Lang::Vi => format!("{state} {days} ngày"),
                    Lang::En => format!("{state} by {days} days"),
                };
            }
            let mut agency = plan.registry.agencies[o.agency].name.clone();
            if let Some((from, since)) = o.handed_over {
                agency.push_str(&crate::render::taken_over(plan, from, since, lang));
            }
            vec![agency, milestone, crate::render::due_text(o.due, &task.milestones[o.milestone], lang), state]
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    s.push_str(&crate::render::table(&header, rows, session.screen.width, &[]));
    s.push('\n');
    let mut h = String::new();
    changes(&mut h, plan, task, session.as_of, lang)?;
    history(&mut h, plan, task, lang)?;
    s.push_str(&session.screen.prose(&h, 4));
    out.push_str(&s);
    Ok(())
}

/// The task's proposals and amendments, each with its date and what it changes; an
/// amendment decided after the as-of date is said not to be in force yet.
fn changes(
    s: &mut String,
    plan: &crate::model::Plan,
    task: &crate::model::Task,
    as_of: chrono::NaiveDate,
    lang: Lang,
) -> std::fmt::Result {
    if let Some(added) = &task.added {
        writeln!(
            s,
            "\n{}: {} ({})",
            lang.pick("Nhiệm vụ bổ sung theo", "Added to the plan by"),
            added.reference,
            i18n::date(added.date)
        )?;
    }
    if !task.amendments.is_empty() {
        writeln!(
            s,
            "\n{} ({}):",
            lang.pick("Điều chỉnh theo quyết định", "Amendments by decision"),
            task.amendments.len()
        )?;
        let mut amendments: Vec<&crate::model::Amendment> = task.amendments.iter().collect();
        amendments.sort_by_key(|a| a.decision.date);
        for a in amendments {
            let mut line =
                format!("  {} · {} · {}", i18n::date(a.decision.date), a.decision.reference, a.changes(lang));
            if a.decision.date > as_of {
                line.push_str(lang.pick(" (chưa có hiệu lực)", " (not yet in force)"));
            }
            writeln!(s, "{line}")?;
            if let Some((wording, _)) = &a.deadline {
                writeln!(s, "      {}: {wording}", lang.pick("Thời hạn mới", "New deadline"))?;
            }
            if let Some(number) = a.proposal {
                writeln!(s, "      {} {number}", lang.pick("Theo đề xuất số", "Answers proposal"))?;
            }
        }
    }
    if !task.proposals.is_empty() {
        writeln!(s, "\n{} ({}):", lang.pick("Đề xuất điều chỉnh", "Proposals"), task.proposals.len())?;
        for (i, p) in task.proposals.iter().enumerate() {
            let state = match task.proposal_decided(i + 1, as_of) {
                Some(a) => format!("{} {}", lang.pick("đã quyết định:", "decided:"), a.decision.short()),
                None => lang.pick("chờ quyết định", "awaiting a decision").to_string(),
            };
            writeln!(
                s,
                "  {}. {} · {} · {} ({state})",
                i + 1,
                i18n::date(p.date),
                plan.registry.agencies[p.by].name,
                crate::decisions::asked(plan, p, lang)
            )?;
            writeln!(s, "      {}: {}", lang.pick("Lý do", "Reason"), p.reason)?;
        }
    }
    Ok(())
}

/// Every update record of the task, by date (records merged from several agencies' commits
/// stand in the file in merge order; on one date, the file's order).
fn history(s: &mut String, plan: &crate::model::Plan, task: &crate::model::Task, lang: Lang) -> std::fmt::Result {
    if task.updates.is_empty() {
        return writeln!(s, "\n{}", lang.pick("Chưa có cập nhật nào.", "No updates yet."));
    }
    writeln!(s, "\n{} ({}):", lang.pick("Lịch sử cập nhật", "Update history"), task.updates.len())?;
    let mut updates: Vec<&crate::model::Update> = task.updates.iter().collect();
    updates.sort_by_key(|u| u.date);
    for u in updates {
        let mut line =
            format!("  {} · {} · {}", i18n::date(u.date), plan.registry.agencies[u.by].name, u.status.label(lang));
        if let Some(progress) = u.progress {
            line.push_str(&format!(" {progress}%"));
        }
        if let Some(m) = u.milestone {
            line.push_str(&format!(" · {} {}", lang.pick("mốc", "milestone"), m + 1));
        }
        if let Some(year) = u.occurrence {
            let occurrence = crate::render::occurrence_label(task.occurrence_due(u.milestone, year), year, lang);
            line.push_str(&format!(" · {} {occurrence}", lang.pick("kỳ", "occurrence")));
        }
        writeln!(s, "{line}")?;
        if let Some(note) = &u.note {
            writeln!(s, "      {}: {note}", lang.pick("Ghi chú", "Note"))?;
        }
        if let Some(evidence) = &u.evidence {
            writeln!(s, "      {}: {evidence}", lang.pick("Minh chứng", "Evidence"))?;
        }
    }
    Ok(())
}
