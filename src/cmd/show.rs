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
    let Some(task_index) = plan.task_index(args.id.trim()) else {
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
    };
    let task = &plan.tasks[task_index];
    let label = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let mut s = String::new();
    let group = plan.group_title(&task.group).unwrap_or_default();
    writeln!(s, "{} {} — {} {}: {group}", label("Nhiệm vụ", "Task"), task.id, label("nhóm", "group"), task.group)?;
    if let Some(heading) = &task.heading {
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
        writeln!(s, "  {}. {} → {}{how}", i + 1, m.label, describe_schedule(plan, m, lang))?;
    }
    if let Some(note) = &task.note {
        writeln!(s, "{}: {note}", label("Ghi chú", "Note"))?;
    }
    writeln!(s, "{}: {}", label("Tệp", "File"), session.dir.display(&task.path))?;

    writeln!(s, "\n{} {}:", label("Tình trạng tính đến ngày", "Status as of"), i18n::date(session.as_of))?;
    let obligations = eval::task_obligations(plan, task_index, session.as_of, plan.meta.due_soon_days);
    let header =
        [label("Cơ quan", "Agency"), label("Mốc", "Milestone"), label("Hạn", "Due"), label("Tình trạng", "State")];
    let rows = obligations
        .iter()
        .map(|o| {
            let milestone = match o.occurrence {
                Some(year) => format!("{} ({year})", o.milestone + 1),
                None => (o.milestone + 1).to_string(),
            };
            let mut state = o.state.label(lang).to_string();
            if let Some(days) = o.days_overdue(session.as_of).filter(|_| o.state == eval::State::Overdue) {
                state = match lang {
                    Lang::Vi => format!("{state} {days} ngày"),
                    Lang::En => format!("{state} by {days} days"),
                };
            }
            vec![
                plan.registry.agencies[o.agency].name.clone(),
                milestone,
                o.due.map(i18n::date).unwrap_or_default(),
                state,
            ]
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    s.push_str(&crate::render::table(&header, rows, crate::render::table_width(), &[]));
    s.push('\n');
    history(&mut s, plan, task, lang)?;
    io.out.write_all(s.as_bytes())?;
    Ok(exit)
}

/// Every update record of the task, in file order.
fn history(s: &mut String, plan: &crate::model::Plan, task: &crate::model::Task, lang: Lang) -> std::fmt::Result {
    if task.updates.is_empty() {
        return writeln!(s, "\n{}", lang.pick("Chưa có cập nhật nào.", "No updates yet."));
    }
    writeln!(s, "\n{} ({}):", lang.pick("Lịch sử cập nhật", "Update history"), task.updates.len())?;
    for u in &task.updates {
        let mut line =
            format!("  {} · {} · {}", i18n::date(u.date), plan.registry.agencies[u.by].name, u.status.label(lang));
        if let Some(progress) = u.progress {
            line.push_str(&format!(" {progress}%"));
        }
        if let Some(m) = u.milestone {
            line.push_str(&format!(" · {} {}", lang.pick("mốc", "milestone"), m + 1));
        }
        if let Some(year) = u.occurrence {
            line.push_str(&format!(" · {} {year}", lang.pick("kỳ", "for")));
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
