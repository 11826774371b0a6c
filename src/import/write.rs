//! The imported plan as the files of a plan folder: plan.toml, agencies.toml, events.toml
//! and tasks/<id>.toml, in the shipped plan's layout, with comments where the clerk has
//! something to decide. Pure: the texts, not the writing.

use std::fmt::Write as _;

use crate::registry::Kind;

use super::plan::{Imported, Reading, Task};

/// A TOML string.
fn q(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

fn list(items: &[String]) -> String {
    match items {
        [] => "[]".to_string(),
        [one] => format!("[{}]", q(one)),
        many => {
            let mut out = "[\n".to_string();
            for item in many {
                let _ = writeln!(out, "    {},", q(item));
            }
            out.push(']');
            out
        }
    }
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Department => "department",
        Kind::District => "district",
        Kind::Provincial => "provincial",
        Kind::University => "university",
        Kind::Press => "press",
        Kind::Business => "business",
    }
}

/// The files, as (path inside the plan folder, text). `registry` is the text of the
/// registry given with `--registry`, which the plan takes as its own; `source` names the
/// file imported.
pub fn files(imported: &Imported, registry: Option<&str>, source: &str) -> Vec<(String, String)> {
    let mut files = vec![
        ("plan.toml".to_string(), plan_toml(imported, source)),
        ("agencies.toml".to_string(), agencies_toml(imported, registry)),
        ("events.toml".to_string(), events_toml(imported)),
    ];
    for task in &imported.tasks {
        files.push((format!("tasks/{}.toml", task.item.id), task_toml(task)));
    }
    files
}

fn plan_toml(imported: &Imported, source: &str) -> String {
    let meta = &imported.meta;
    let mut out = format!("# The plan's own metadata, imported from {source} by `plan import`.\n");
    let mut field = |key: &str, value: Option<String>, example: &str| match value {
        Some(v) => {
            let _ = writeln!(out, "{key} = {}", q(&v));
        }
        None => {
            let _ = writeln!(
                out,
                "# Chưa thấy trong văn bản: điền vào (not found in the document: fill in)\n# {key} = {example}"
            );
        }
    };
    field("title", meta.title.clone(), "\"Kế hoạch triển khai ...\"");
    field("issuer", meta.issuer.clone(), "\"Ủy ban nhân dân tỉnh ...\"");
    field("number", meta.number.clone(), "\"12/KH-UBND\"");
    field("issued", meta.issued.map(|m| format!("{:02}/{}", m.month, m.year)), "\"02/2025\"");
    field("signed_by", meta.signed_by.clone(), "\"Họ và tên, Chủ tịch Ủy ban nhân dân tỉnh\"");
    out.push_str(
        "# A milestone counts as due soon (sắp đến hạn) this many days before its due date.\ndue_soon_days = 7\n",
    );
    if imported.reporting_via.is_some() || meta.place.is_some() {
        out.push_str("\n[reporting]\n");
        if let Some(via) = &imported.reporting_via {
            let _ = writeln!(out, "via = {}\nfollow_up = \"monthly\"", q(via));
        }
        if let Some(place) = &meta.place {
            let _ = writeln!(out, "place = {}", q(place));
        }
    }
    out.push_str("\n# The plan's groups of tasks (nhóm nhiệm vụ).\n");
    for group in &imported.groups {
        let _ = write!(out, "\n[[groups]]\nid = {}\n", q(&group.id));
        if group.title.is_empty() {
            out.push_str("# Tên nhóm chưa có trong bảng: điền vào (the table gives no title: fill it in)\n");
        }
        let _ = writeln!(out, "title = {}", q(&group.title));
    }
    out
}

const REGISTRY_HEADER: &str = "\
# Registry of the agencies the plan names (Cơ quan chủ trì, Cơ quan phối hợp), made by
# `plan import` from the plan's table: one agency per name, the same agency whatever the
# case, diacritics or abbreviation. Check the names, kinds and short names.
#
# kind: department  – a department (Sở) or department-level body
#       district    – a district-level People's Committee
#       provincial  – another body (police, military command, service centre)
#       university  – a university or its branch
#       press       – press and media
#       business    – businesses outside the administration
#
# A collective is a name the plan uses for many agencies at once: DOST lists its members
# (agency ids from above) in `members`; `plan check` reminds of each one left empty.

admins = []
admin_signing_keys = []
";

fn agencies_toml(imported: &Imported, registry: Option<&str>) -> String {
    let mut out = match registry {
        Some(text) if imported.created.is_empty() => return text.to_string(),
        Some(text) => {
            let mut out = text.to_string();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("\n# ---- Added by `plan import`: named by the plan's table, not found above ----\n");
            out
        }
        None => REGISTRY_HEADER.to_string(),
    };
    for entry in imported.created.iter().filter(|e| e.kind.is_some()) {
        let _ = write!(
            out,
            "\n[[agency]]\nid = {}\nname = {}\nshort = {}\naliases = {}\nkind = {}\n",
            q(&entry.id),
            q(&entry.name),
            q(&entry.short),
            list(&entry.aliases),
            q(kind_key(entry.kind.expect("filtered"))),
        );
    }
    for entry in imported.created.iter().filter(|e| e.kind.is_none()) {
        let _ = write!(
            out,
            "\n[[collective]]\nid = {}\nname = {}\nshort = {}\naliases = {}\n\
             # Sở KH&CN điền mã các cơ quan thành viên (DOST lists the member agencies' ids)\nmembers = []\n",
            q(&entry.id),
            q(&entry.name),
            q(&entry.short),
            list(&entry.aliases),
        );
    }
    out
}

fn events_toml(imported: &Imported) -> String {
    let mut out = "\
# Central-government events that start a task's clock.
#
# A task whose deadline waits on an event names it with `event = \"<key>\"`.
# When the event happens, record its date here (or with `plan event set`):
#     date = 2025-05-15
"
    .to_string();
    for event in &imported.events {
        let _ = write!(out, "\n[{}]\ndescription = {}\n", event.key, q(&event.description));
    }
    out
}

fn task_toml(task: &Task) -> String {
    let item = &task.item;
    let mut out = format!("id = {}\ngroup = {}\n", q(&item.id), q(&item.group));
    if let Some(heading) = &item.heading {
        let _ = writeln!(out, "heading = {}", q(heading));
    }
    let _ = writeln!(out, "title = {}", q(&item.title));
    let _ = writeln!(out, "owner = {}", list(&task.owner));
    if let Some(text) = &task.owner_text {
        let _ = writeln!(out, "owner_text = {}", q(text));
    }
    let _ = writeln!(out, "partners = {}", list(&task.partners));
    if let Some(text) = &task.partners_text {
        let _ = writeln!(out, "partners_text = {}", q(text));
    }
    let _ = writeln!(out, "result = {}", q(&item.result));
    if let Reading::NotUnderstood { vi, .. } = &task.reading {
        let _ = writeln!(
            out,
            "# Thời hạn chưa đọc được ({vi}): thêm ngày hạn, ví dụ due = 2025-12-31\n\
             # (the deadline's wording was not understood: add an explicit due date)"
        );
    }
    let _ = writeln!(out, "deadline = {}", q(&item.deadline));
    if let Some(event) = &task.event {
        let _ = writeln!(out, "event = {}", q(event));
    }
    out
}
