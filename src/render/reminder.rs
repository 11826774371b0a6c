//! The follow-up letter (công văn đôn đốc) to one agency, its e-mail and the index of a
//! run: what `plan remind` writes. Pure: the same reminder gives the same bytes.

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::State;
use crate::i18n::{date, Lang};
use crate::model::Plan;
use crate::remind::{half_year_start, Item, Reason, Reminder};
use crate::render::document::{Align, Block, Column, Document, Row, Table};
use crate::render::letterhead::{abbreviate_committee, Letterhead, LETTER_UNIT};

/// What every letter of one run shares.
pub struct Run<'a> {
    pub plan: &'a Plan,
    pub as_of: NaiveDate,
    /// The day the agencies are asked to report by.
    pub reply_by: NaiveDate,
    /// Who sends the letters: the office reports go through.
    pub letterhead: &'a Letterhead,
    /// The office's e-mail address, for the e-mails' `From:`.
    pub from: Option<&'a str>,
    /// That the plan has problems and what the letters leave out.
    pub warning: Option<&'a str>,
    pub lang: Lang,
}

/// "Kế hoạch số 02/KH-UBND của Ủy ban nhân dân tỉnh Ninh Thuận", or "… của UBND tỉnh
/// Ninh Thuận" when `short`, as an excerpt writes it.
fn plan_citation(plan: &Plan, short: bool, lang: Lang) -> String {
    let number = plan.meta.number.trim();
    let (word, of) = (lang.pick("Kế hoạch", "Plan"), lang.pick("của", "of"));
    let mut text =
        if number.is_empty() { word.to_string() } else { format!("{word} {}{number}", lang.pick("số ", "No. ")) };
    if !plan.meta.issuer.is_empty() {
        let issuer = if short { abbreviate_committee(&plan.meta.issuer) } else { plan.meta.issuer.clone() };
        text.push_str(&format!(" {of} {issuer}"));
    }
    text
}

/// "Nhiệm vụ 16: <title>", with the wording of a dated milestone when the task has
/// several (an undated one's wording is its due column).
fn task_text(item: &Item, lang: Lang) -> String {
    let task = item.obligation.task;
    let mut text = format!("{} {}: {}", lang.pick("Nhiệm vụ", "Task"), task.id, task.title);
    if task.milestones.len() > 1 && item.obligation.due.is_some() {
        if let Some(milestone) = task.milestones.get(item.obligation.milestone) {
            text.push_str(&format!("\n({})", milestone.label.trim().trim_start_matches("- ")));
        }
    }
    text
}

/// The due date, or the plan's wording when the milestone has none.
fn due_text(item: &Item, lang: Lang) -> String {
    let o = &item.obligation;
    match o.due {
        Some(due) => crate::render::due_text(Some(due), &o.task.milestones[o.milestone], lang),
        None => o
            .task
            .milestones
            .get(o.milestone)
            .map_or_else(|| o.task.deadline.clone(), |m| m.label.trim().trim_start_matches("- ").to_string()),
    }
}

/// "Quá hạn 12 ngày", "Đến hạn hôm nay", "Còn 3 ngày", "Chưa báo cáo từ 01/07/2025", and
/// the agency's latest update when it has sent one.
fn status_text(item: &Item, as_of: NaiveDate, lang: Lang) -> String {
    let o = &item.obligation;
    let days = o.days_overdue(as_of).unwrap_or(0);
    let mut text = match (item.reason, o.state) {
        (Reason::Overdue, _) => match lang {
            Lang::Vi => format!("Quá hạn {days} ngày"),
            Lang::En => format!("{days} days overdue"),
        },
        (Reason::DueSoon, State::DueToday) => lang.pick("Đến hạn hôm nay", "Due today").to_string(),
        (Reason::DueSoon, _) => match lang {
            Lang::Vi => format!("Còn {} ngày", -days),
            Lang::En => format!("{} days left", -days),
        },
        (Reason::Unreported, _) => {
            format!("{} {}", lang.pick("Chưa báo cáo từ", "No report since"), date(half_year_start(as_of)))
        }
    };
    if let Some(update) = o.latest {
        let progress = update.progress.map(|p| format!(" {p}%")).unwrap_or_default();
        text.push_str(&format!(
            "\n({} {}: {}{progress})",
            lang.pick("báo cáo gần nhất", "last report"),
            date(update.date),
            update.status.label(lang)
        ));
    }
    text
}

fn heading(reason: Reason, count: usize, lang: Lang) -> String {
    let (numeral, vi, en) = match reason {
        Reason::Overdue => ("I", "Nhiệm vụ quá hạn", "Overdue"),
        Reason::DueSoon => ("II", "Nhiệm vụ đến hạn, sắp đến hạn", "Due today or soon"),
        Reason::Unreported => ("III", "Nhiệm vụ chưa báo cáo kết quả", "Not reported on"),
    };
    format!("{numeral}. {} ({count})", lang.pick(vi, en))
}

/// The items grouped by reason, in the letter's order.
fn groups<'r, 'p>(reminder: &'r Reminder<'p>) -> Vec<(Reason, Vec<&'r Item<'p>>)> {
    let mut out: Vec<(Reason, Vec<&Item>)> = Vec::new();
    for item in &reminder.items {
        match out.last_mut() {
            Some((reason, items)) if *reason == item.reason => items.push(item),
            _ => out.push((item.reason, vec![item])),
        }
    }
    out
}

/// "2 nhiệm vụ quá hạn, 1 nhiệm vụ sắp đến hạn và 3 nhiệm vụ chưa báo cáo kết quả".
fn summary(reminder: &Reminder, lang: Lang) -> String {
    let c = reminder.counts();
    let mut parts = Vec::new();
    let mut part = |n: usize, vi: &str, en: &str| {
        if n > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{n} nhiệm vụ {vi}"),
                Lang::En => format!("{n} {en}"),
            });
        }
    };
    part(c.overdue, "quá hạn", "overdue");
    part(c.due_today, "đến hạn hôm nay", "due today");
    part(c.due_soon, "sắp đến hạn", "due soon");
    part(c.unreported, "chưa báo cáo kết quả", "not reported on");
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("và", "and")),
        None => String::new(),
    }
}

/// The paragraphs before the list.
fn opening(run: &Run, agency: &str, reminder: &Reminder) -> Vec<String> {
    let plan = run.plan;
    let office = &run.letterhead.issuing_name;
    let citation = plan_citation(plan, false, run.lang);
    let about = plan.meta.title.trim();
    let about = about.strip_prefix("Kế hoạch ").map_or_else(|| format!("({about})"), str::to_string);
    let as_of = date(run.as_of);
    match run.lang {
        Lang::Vi => vec![
            format!(
                "Thực hiện {citation} {about} (sau đây gọi là Kế hoạch), {office} được giao theo dõi, đôn đốc các cơ quan, đơn vị triển khai thực hiện và tổng hợp, báo cáo Ủy ban nhân dân tỉnh."
            ),
            format!(
                "Theo dữ liệu theo dõi Kế hoạch đến ngày {as_of}, {agency} còn {}, cụ thể như sau:",
                summary(reminder, run.lang)
            ),
        ],
        Lang::En => vec![
            format!(
                "Under {citation}, {about}, the {office} follows up the agencies' implementation and reports to the provincial People's Committee."
            ),
            format!(
                "According to the plan's records as of {as_of}, {agency} has {}, as follows:",
                summary(reminder, run.lang)
            ),
        ],
    }
}

/// The request after the list.
fn request(run: &Run, agency: &str) -> Vec<String> {
    let office = &run.letterhead.issuing_name;
    let by = date(run.reply_by);
    match run.lang {
        Lang::Vi => vec![
            format!(
                "Đề nghị {agency} khẩn trương thực hiện và báo cáo kết quả (cập nhật tình hình bằng lệnh plan update, kèm văn bản, tài liệu minh chứng) về {office} trước ngày {by} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh."
            ),
            format!(
                "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị {agency} phản ánh về {office} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./."
            ),
        ],
        Lang::En => vec![
            format!(
                "{agency} is requested to carry these out without delay and to report the results (an update recorded with plan update, with the documents as evidence) to the {office} before {by}, for the report to the provincial People's Committee."
            ),
            format!("Any difficulty met should be reported to the {office}, to be put to the People's Committee./."),
        ],
    }
}

/// The letter to `reminder`'s agency.
pub fn letter(run: &Run, reminder: &Reminder) -> Document {
    let plan = run.plan;
    let lang = run.lang;
    let agency = &plan.registry.agencies[reminder.agency].name;
    let head = run.letterhead;
    let mut blocks = Vec::new();
    if let Some(warning) = run.warning {
        blocks.push(Block::Warning(warning.to_string()));
    }
    blocks.extend(opening(run, agency, reminder).into_iter().map(Block::Paragraph));

    let mut rows = Vec::new();
    let mut number = 0;
    for (reason, items) in groups(reminder) {
        rows.push(Row::group(heading(reason, items.len(), lang)));
        for item in items {
            number += 1;
            rows.push(Row::new(vec![
                number.to_string(),
                task_text(item, lang),
                due_text(item, lang),
                status_text(item, run.as_of, lang),
            ]));
        }
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("TT", 0.9, Align::Center),
            Column::new(lang.pick("Nhiệm vụ", "Task"), 8.0, Align::Left),
            Column::new(lang.pick("Hạn", "Due"), 2.5, Align::Center),
            Column::new(lang.pick("Tình trạng", "State"), 3.6, Align::Left),
        ],
        rows,
        font_pt: None,
    }));
    blocks.extend(request(run, agency).into_iter().map(Block::Paragraph));

    let excerpt = match lang {
        Lang::Vi => format!("V/v đôn đốc thực hiện {}", plan_citation(plan, true, lang)),
        Lang::En => format!("Re: follow-up of {}", plan_citation(plan, true, lang)),
    };
    Document {
        parent_body: head.parent_body.clone(),
        issuing_body: head.issuing_body.clone(),
        number: head.number.clone(),
        excerpt: Some(excerpt),
        place_date: head.place_date.clone(),
        kind: None,
        subject: None,
        subject_note: None,
        addressees: vec![agency.clone()],
        blocks,
        recipients: vec![
            lang.pick("Như trên", "As above").to_string(),
            lang.pick("UBND tỉnh (b/c)", "Provincial People's Committee (for information)").to_string(),
            format!("{}: VT, {LETTER_UNIT}", lang.pick("Lưu", "Filed")),
        ],
        signer_authority: head.signer_authority.clone(),
        signer_name: head.signer_name.clone(),
        landscape: false,
        attached: false,
    }
}

/// "57" from a title citing "Nghị quyết số 57-NQ/TW", for the e-mails' subject tag.
fn resolution_number(title: &str) -> Option<&str> {
    let rest = &title[title.find("Nghị quyết số ")? + "Nghị quyết số ".len()..];
    let number = &rest[..rest.find(|c: char| !c.is_ascii_digit())?];
    (!number.is_empty()).then_some(number)
}

/// The e-mail's subject: "[Kế hoạch 57] Đôn đốc thực hiện nhiệm vụ – Sở Tài chính".
pub fn subject(plan: &Plan, agency: usize, lang: Lang) -> String {
    let tag = match resolution_number(&plan.meta.title) {
        Some(n) => format!("[{} {n}]", lang.pick("Kế hoạch", "Plan")),
        None => format!("[{}]", lang.pick("Kế hoạch", "Plan")),
    };
    let short = &plan.registry.agencies[agency].short;
    format!("{tag} {} – {short}", lang.pick("Đôn đốc thực hiện nhiệm vụ", "Follow-up of tasks"))
}

/// The e-mail's plain-text body: the same list as the letter, one item a paragraph.
pub fn email_body(run: &Run, reminder: &Reminder) -> String {
    let lang = run.lang;
    let agency = &run.plan.registry.agencies[reminder.agency].name;
    let mut text = format!("{}: {agency}\n\n", lang.pick("Kính gửi", "To"));
    if let Some(warning) = run.warning {
        text.push_str(&format!("{warning}\n\n"));
    }
    for paragraph in opening(run, agency, reminder) {
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    let mut number = 0;
    for (reason, items) in groups(reminder) {
        text.push_str(&heading(reason, items.len(), lang));
        text.push('\n');
        for item in items {
            number += 1;
            let task = task_text(item, lang).replace('\n', " ");
            let status = status_text(item, run.as_of, lang).replace('\n', " ");
            text.push_str(&format!(
                "{number}. {task}\n   {}: {} – {status}\n",
                lang.pick("Hạn", "Due"),
                due_text(item, lang)
            ));
        }
        text.push('\n');
    }
    for paragraph in request(run, agency) {
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{}\n\n--\n{}\n",
        lang.pick(
            "Công văn đôn đốc có số, ký và đóng dấu được gửi kèm qua hệ thống quản lý văn bản.",
            "The signed follow-up letter is sent through the document management system."
        ),
        run.letterhead.issuing_name
    ));
    text
}

/// The e-mail as an RFC 5322 message, the same bytes for the same reminder: `Date:` at
/// 08:00 (UTC+7) on the as-of day, a `Message-ID` made from a hash of the message, one
/// UTF-8 text part (no MIME boundary), the subject as encoded words. `To:` holds the
/// agency's addresses from the registry; with none the header is left out and the message
/// is a draft for the clerk to address. `X-Unsent: 1` makes Outlook open it as a draft to
/// send.
pub fn email(run: &Run, reminder: &Reminder) -> anyhow::Result<Vec<u8>> {
    use mail_builder::headers::address::Address;
    use mail_builder::headers::raw::Raw;
    use mail_builder::MessageBuilder;

    let agency = &run.plan.registry.agencies[reminder.agency];
    let subject = subject(run.plan, reminder.agency, run.lang);
    let body = email_body(run, reminder);
    let date = run.as_of.format("%a, %d %b %Y 08:00:00 +0700").to_string();
    let domain = run.from.and_then(|f| f.rsplit_once('@')).map_or("ke-hoach.invalid", |(_, d)| d);
    let mut hasher = crc32fast::Hasher::new();
    for part in [subject.as_str(), &agency.emails.join(","), run.from.unwrap_or(""), &date, &body] {
        hasher.update(part.as_bytes());
        hasher.update(b"\0");
    }
    let message_id = format!("nhac-viec-{}.{}.{:08x}@{domain}", run.as_of, agency.id, hasher.finalize());

    let mut message = MessageBuilder::new();
    if let Some(from) = run.from {
        message = message.from((run.letterhead.issuing_name.clone(), from.to_string()));
    }
    if !agency.emails.is_empty() {
        let to: Vec<Address> =
            agency.emails.iter().map(|e| Address::new_address(Some(agency.name.clone()), e.clone())).collect();
        message = message.to(Address::new_list(to));
    }
    let message = message
        .subject(subject)
        .header("Date", Raw::new(date))
        .message_id(message_id)
        .header("X-Unsent", Raw::new("1"))
        .text_body(body);
    Ok(message.write_to_vec()?)
}

/// One row of the run's index, danh-sach.csv.
#[derive(Serialize, Default)]
pub struct IndexRow {
    pub agency: String,
    pub name: String,
    /// The registry's addresses, "; " between them.
    pub emails: String,
    pub overdue: usize,
    pub due_today: usize,
    pub due_soon: usize,
    pub unreported: usize,
    /// The letter's file name; empty when none is written.
    pub letter: String,
    pub email: String,
    pub note: String,
}

/// The index row of `reminder`'s agency.
pub fn index_row(plan: &Plan, reminder: &Reminder, lang: Lang) -> IndexRow {
    let agency = &plan.registry.agencies[reminder.agency];
    let c = reminder.counts();
    let note = if agency.emails.is_empty() {
        lang.pick(
            "chưa có địa chỉ e-mail (emails trong plan/agencies.toml): tệp .eml không có người nhận",
            "no e-mail address (emails in plan/agencies.toml): the .eml has no recipient",
        )
        .to_string()
    } else {
        String::new()
    };
    IndexRow {
        agency: agency.id.clone(),
        name: agency.name.clone(),
        emails: agency.emails.join("; "),
        overdue: c.overdue,
        due_today: c.due_today,
        due_soon: c.due_soon,
        unreported: c.unreported,
        letter: format!("{}.docx", agency.id),
        email: format!("{}.eml", agency.id),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resolution_number_is_read_from_the_title() {
        assert_eq!(resolution_number("thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024"), Some("57"));
        assert_eq!(resolution_number("Kế hoạch chuyển đổi số"), None);
        assert_eq!(resolution_number("Nghị quyết số -NQ"), None);
    }
}
