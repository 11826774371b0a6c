//! The periodic report (the plan, III.1) as an administrative document: the province's
//! report compiled by the office reports go through, or one agency's own report. Built
//! from task views taken on one day; every figure comes from [`crate::figures`], so the
//! report agrees with `plan summary`, `plan agencies` and `plan overdue` for that day.
//! Generated facts fill the sections an official expects; what only the specialist can
//! write is left as marked places.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::eval::{Obligation, State};
use crate::figures::{self, TaskState, TaskView, Totals};
use crate::i18n::{date, Lang};
use crate::model::{Plan, Task};
use crate::period::Period;
use crate::render::document::{Align, Block, Column, Document, Row, Table};
use crate::render::letterhead::Letterhead;
use crate::status::Status;

/// Everything a report is written from.
pub struct Inputs<'a, 'p> {
    pub plan: &'p Plan,
    /// The tasks' views on `as_of`: all of them, or the agency's own ([`figures::agency_views`]).
    pub views: &'a [TaskView<'p>],
    pub period: &'a Period,
    /// The day the figures are taken.
    pub as_of: NaiveDate,
    /// The agency whose own report this is; none for the province's report.
    pub agency: Option<usize>,
    pub letterhead: Letterhead,
    /// What the figures leave out, when the plan has problems.
    pub warning: Option<String>,
    /// The chart of states by group, when drawn.
    pub chart: Option<Vec<u8>>,
    /// The appendix's name as the report cites it.
    pub appendix: String,
    pub lang: Lang,
}

/// The chart's series: every state an item can be in, with its colour.
pub fn chart_series(lang: Lang) -> Vec<(String, (u8, u8, u8))> {
    let states = [
        (State::DoneOnTime, (46, 125, 50)),
        (State::DoneLate, (139, 195, 74)),
        (State::Overdue, (198, 40, 40)),
        (State::DueToday, (251, 140, 0)),
        (State::OnTrack, (30, 136, 229)),
        (State::Ongoing, (0, 137, 123)),
        (State::Waiting, (158, 158, 158)),
        (State::NoDeadline, (206, 206, 206)),
        (State::Dropped, (121, 85, 72)),
    ];
    states.iter().map(|(state, colour)| (state.label(lang).to_string(), *colour)).collect()
}

/// The chart's bars: one per group, the counts in the order of [`chart_series`] (which is
/// that of [`Totals::parts`]).
pub fn chart_groups(groups: &[(&str, Totals)]) -> Vec<(String, Vec<u32>)> {
    groups
        .iter()
        .map(|(g, t)| (g.to_string(), t.parts().iter().map(|&n| u32::try_from(n).unwrap_or(u32::MAX)).collect()))
        .collect()
}

/// The chart of states by group, its legend limited to the states some item is in.
pub fn chart(groups: &[(&str, Totals)], lang: Lang) -> anyhow::Result<Vec<u8>> {
    let bars = chart_groups(groups);
    let series = chart_series(lang);
    let used: Vec<usize> = (0..series.len()).filter(|&i| bars.iter().any(|(_, counts)| counts[i] > 0)).collect();
    let series: Vec<_> = used.iter().map(|&i| series[i].clone()).collect();
    let bars: Vec<_> = bars.into_iter().map(|(g, counts)| (g, used.iter().map(|&i| counts[i]).collect())).collect();
    crate::render::chart::stacked_bars(chart_title(lang), &bars, &series)
}

/// The chart's title.
pub fn chart_title(lang: Lang) -> &'static str {
    lang.pick("Tình trạng thực hiện các nội dung theo nhóm nhiệm vụ", "State of the items by group of tasks")
}

pub fn document(inputs: &Inputs) -> Document {
    let Inputs { plan, views, period, as_of, lang, .. } = *inputs;
    let vi = lang == Lang::Vi;
    let head = &inputs.letterhead;
    let registry = &plan.registry;
    let (all, groups) = figures::totals(plan, views);
    let mut blocks = Vec::new();
    let mut table_no = 0;
    if let Some(warning) = &inputs.warning {
        blocks.push(Block::Warning(warning.clone()));
    }

    // The opening spells out the abbreviations the tables use.
    let plan_ref = plan_reference(plan, lang);
    blocks.push(Block::Paragraph(match lang {
        Lang::Vi => format!(
            "Thực hiện {plan_ref}, {} báo cáo tình hình thực hiện {} như sau:",
            head.issuing_name,
            period.title(lang)
        ),
        Lang::En => {
            format!("Under {plan_ref}, {} reports on the {} as follows:", head.issuing_name, period.title(lang))
        }
    }));
    let mut dates = match lang {
        Lang::Vi => format!(
            "Kỳ báo cáo từ ngày {} đến ngày {}; số liệu tính đến ngày {}.",
            date(period.start),
            date(period.cutoff),
            date(as_of)
        ),
        Lang::En => format!(
            "The period runs from {} to {}; the figures are as of {}.",
            date(period.start),
            date(period.cutoff),
            date(as_of)
        ),
    };
    if as_of < period.cutoff {
        dates.push(' ');
        dates.push_str(lang.pick(
            "Kỳ báo cáo chưa kết thúc: số liệu có thể thay đổi đến cuối kỳ.",
            "The period is not over yet: the figures may change until its end.",
        ));
    }
    blocks.push(Block::Paragraph(dates));
    blocks.push(Block::Paragraph(abbreviations(plan, views, lang)));

    // I. Results.
    blocks.push(Block::Section(lang.pick("I. KẾT QUẢ THỰC HIỆN", "I. RESULTS").into()));
    blocks.push(Block::Subsection(lang.pick("1. Kết quả chung", "1. Overall").into()));
    blocks.push(Block::Paragraph(all.sentence(lang)));
    if let Some(note) = crate::render::figures::counting_note(plan, &all, lang) {
        blocks.push(Block::Paragraph(note));
    }
    blocks.push(Block::Placeholder(
        lang.pick(
            "Chuyên viên bổ sung: đánh giá chung về công tác lãnh đạo, chỉ đạo, tổ chức triển khai và kết quả nổi bật trong kỳ",
            "Specialist to add: an overall assessment of the direction, organisation and main results of the period",
        )
        .into(),
    ));

    blocks.push(Block::Subsection(lang.pick("2. Kết quả theo nhóm nhiệm vụ", "2. By group of tasks").into()));
    table_no += 1;
    blocks.push(Block::Paragraph(format!(
        "{} {table_no}. {}",
        lang.pick("Bảng", "Table"),
        lang.pick("Số nội dung theo tình trạng và nhóm nhiệm vụ", "Items by state and group of tasks")
    )));
    blocks.push(Block::Table(group_table(&all, &groups, lang)));
    if let Some(png) = &inputs.chart {
        blocks.push(Block::Image {
            png: png.clone(),
            width_mm: 160.0,
            height_mm: 96.0,
            caption: Some(format!("{} 1. {}", lang.pick("Hình", "Figure"), chart_title(lang))),
        });
    }

    blocks.push(Block::Subsection(lang.pick("3. Nhiệm vụ đã hoàn thành", "3. Tasks done").into()));
    let done = done_table(plan, views, lang);
    if done.rows.is_empty() {
        blocks.push(Block::Paragraph(lang.pick("Chưa có nội dung nào hoàn thành.", "No item is done yet.").into()));
    } else {
        blocks.push(Block::Table(done));
    }

    blocks.push(Block::Subsection(
        lang.pick("4. Tiến độ các nhiệm vụ đang thực hiện", "4. Progress of the others").into(),
    ));
    let progress = progress_table(plan, views, as_of, lang);
    if progress.rows.is_empty() {
        blocks.push(Block::Paragraph(lang.pick("Không có.", "None.").into()));
    } else {
        blocks.push(Block::Table(progress));
    }

    if inputs.agency.is_none() {
        blocks.push(Block::Subsection(lang.pick("5. Kết quả theo cơ quan", "5. By agency").into()));
        let agencies = figures::agencies(plan, views, as_of);
        blocks.push(Block::Table(agency_table(plan, &agencies, lang)));
        blocks.push(Block::Paragraph(crate::render::figures::agency_legend(lang).into()));
    }
    // Decisions taken in the period: said only when there are any, so a report for a
    // period before the first decision reads as it did before.
    let decided = amendments_table(plan, inputs, lang);
    if !decided.rows.is_empty() {
        let number = if inputs.agency.is_none() { 6 } else { 5 };
        blocks.push(Block::Subsection(format!(
            "{number}. {}",
            lang.pick("Điều chỉnh kế hoạch theo quyết định trong kỳ", "Changes to the plan decided in the period")
        )));
        blocks.push(Block::Table(decided));
    }
    blocks.push(Block::Paragraph(format!(
        "{} {}.",
        lang.pick("Tình hình thực hiện từng nhiệm vụ chi tiết tại", "Every task in detail:"),
        inputs.appendix
    )));

    // II. Shortcomings.
    blocks.push(Block::Section(
        lang.pick("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "II. SHORTCOMINGS AND THEIR CAUSES").into(),
    ));
    blocks.push(Block::Subsection(lang.pick("1. Nhiệm vụ quá hạn", "1. Overdue tasks").into()));
    let late: Vec<Obligation> =
        views.iter().flat_map(|v| v.obligations.iter().filter(|o| o.state == State::Overdue).copied()).collect();
    if late.is_empty() {
        blocks.push(Block::Paragraph(lang.pick("Không có nhiệm vụ quá hạn.", "Nothing is overdue.").into()));
    } else {
        blocks.push(Block::Table(overdue_table(plan, &late, as_of, lang)));
    }
    blocks.push(Block::Subsection(
        lang.pick("2. Nhiệm vụ có vướng mắc, dừng thực hiện", "2. Tasks blocked or dropped").into(),
    ));
    let troubled = troubled_table(plan, views, lang);
    if troubled.rows.is_empty() {
        blocks.push(Block::Paragraph(
            lang.pick(
                "Không có cơ quan báo cáo vướng mắc hay dừng thực hiện.",
                "No agency reported a task blocked or dropped.",
            )
            .into(),
        ));
    } else {
        blocks.push(Block::Table(troubled));
    }
    if inputs.agency.is_none() {
        blocks.push(Block::Subsection(
            lang.pick("3. Cơ quan chưa gửi cập nhật trong kỳ", "3. Agencies that sent no update in the period").into(),
        ));
        let silent = silent_agencies(plan, views, period, as_of);
        blocks.push(Block::Paragraph(if silent.is_empty() {
            lang.pick(
                "Các cơ quan còn nhiệm vụ đều đã gửi cập nhật trong kỳ.",
                "Every agency that owes something sent an update.",
            )
            .into()
        } else {
            format!(
                "{} ({}): {}.",
                lang.pick(
                    "Các cơ quan còn nhiệm vụ chưa hoàn thành nhưng chưa gửi cập nhật nào trong kỳ",
                    "Agencies that owe something and sent no update in the period"
                ),
                silent.len(),
                silent.iter().map(|&a| registry.agencies[a].name.as_str()).collect::<Vec<_>>().join("; ")
            )
        }));
    }
    blocks.push(Block::Placeholder(
        lang.pick(
            "Chuyên viên bổ sung: nguyên nhân chủ quan, khách quan của các tồn tại, hạn chế",
            "Specialist to add: the causes of these shortcomings",
        )
        .into(),
    ));

    // III. What comes next.
    blocks.push(Block::Section(
        lang.pick("III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", "III. TASKS AND MEASURES FOR THE NEXT PERIOD").into(),
    ));
    let next = period.next();
    let coming = coming_table(plan, views, as_of, next.cutoff, lang);
    blocks.push(Block::Paragraph(match lang {
        Lang::Vi => format!(
            "1. Các nội dung đến hạn từ nay đến ngày {} (hết kỳ báo cáo tiếp theo), theo cơ quan chủ trì:",
            date(next.cutoff)
        ),
        Lang::En => format!(
            "1. Items falling due from now until {} (the end of the next period), by agency:",
            date(next.cutoff)
        ),
    }));
    if coming.rows.is_empty() {
        blocks.push(Block::Paragraph(lang.pick("Không có.", "None.").into()));
    } else {
        blocks.push(Block::Table(coming));
    }
    blocks.push(Block::Paragraph(
        lang.pick(
            "2. Tiếp tục đôn đốc các cơ quan hoàn thành các nhiệm vụ quá hạn nêu tại Mục II và cập nhật tiến độ hằng tháng.",
            "2. Keep urging the agencies to finish the overdue tasks of part II and to report their progress monthly.",
        )
        .into(),
    ));
    blocks.push(Block::Placeholder(
        lang.pick(
            "Chuyên viên bổ sung: giải pháp trọng tâm kỳ tới",
            "Specialist to add: the main measures for the next period",
        )
        .into(),
    ));

    // IV. Proposals.
    blocks.push(Block::Section(lang.pick("IV. ĐỀ XUẤT, KIẾN NGHỊ", "IV. PROPOSALS").into()));
    let awaited = awaited_events(plan, views);
    if !awaited.is_empty() {
        let lines: Vec<String> = awaited
            .iter()
            .map(|(description, ids)| {
                // The plan's own descriptions often name their task already.
                let unnamed: Vec<&str> = ids
                    .iter()
                    .map(String::as_str)
                    .filter(|id| !description.contains(&format!("nhiệm vụ {id}")))
                    .collect();
                if unnamed.is_empty() {
                    format!("- {description}")
                } else {
                    format!("- {description} ({} {})", lang.pick("nhiệm vụ", "tasks"), unnamed.join(", "))
                }
            })
            .collect();
        blocks.push(Block::Paragraph(format!(
            "{}\n{}",
            lang.pick(
                "Các nhiệm vụ sau đang chờ văn bản, hướng dẫn của Trung ương; đề nghị kiến nghị các bộ, ngành sớm ban hành:",
                "These tasks wait on central government documents; ask the ministries to issue them soon:"
            ),
            lines.join("\n")
        )));
    }
    let proposals = proposals_table(plan, inputs, lang);
    if !proposals.rows.is_empty() {
        blocks.push(Block::Paragraph(
            lang.pick(
                "Các đề xuất điều chỉnh nhiệm vụ của các cơ quan, đề nghị UBND tỉnh xem xét, quyết định:",
                "The agencies' proposals to change their tasks, for the People's Committee to decide:",
            )
            .into(),
        ));
        blocks.push(Block::Table(proposals));
    }
    blocks.push(Block::Placeholder(
        lang.pick(
            "Chuyên viên bổ sung: đề xuất, kiến nghị với UBND tỉnh, các bộ, ngành Trung ương",
            "Specialist to add: proposals to the People's Committee and the ministries",
        )
        .into(),
    ));
    if vi {
        blocks.push(Block::Paragraph(format!("Trên đây là báo cáo của {}./.", head.issuing_name)));
    } else {
        blocks.push(Block::Paragraph(format!("This is the report of {}.", head.issuing_name)));
    }

    let subject = match lang {
        Lang::Vi => format!("Tình hình thực hiện {}\n{}", short_plan_reference(plan, lang), period.title(lang)),
        Lang::En => format!("Implementation of {}\n{}", short_plan_reference(plan, lang), period.title(lang)),
    };
    let recipients = recipients(plan, inputs.agency, head);
    Document {
        parent_body: head.parent_body.clone(),
        issuing_body: head.issuing_body.clone(),
        number: head.number.clone(),
        place_date: head.place_date.clone(),
        kind: Some(lang.pick("BÁO CÁO", "REPORT").into()),
        subject: Some(subject),
        blocks,
        recipients,
        signer_authority: head.signer_authority.clone(),
        signer_name: head.signer_name.clone(),
        ..Document::default()
    }
}

/// The abbreviations the tables use, spelled out once before them: the column headings
/// and every short name of an agency the report can name.
fn abbreviations(plan: &Plan, views: &[TaskView], lang: Lang) -> String {
    let mut seen = HashSet::new();
    let mut seen_collectives = HashSet::new();
    let mut pairs: Vec<(String, String)> = vec![
        ("HT".into(), lang.pick("hoàn thành", "done").into()),
        ("TW".into(), lang.pick("Trung ương", "central government").into()),
        ("TT".into(), lang.pick("thứ tự (số nhiệm vụ trong Kế hoạch)", "number of the task in the plan").into()),
    ];
    let registry = &plan.registry;
    for view in views {
        let agencies = registry.expand(&[view.task.owner.as_slice(), view.task.partners.as_slice()].concat());
        for a in agencies {
            let agency = &registry.agencies[a];
            if agency.short != agency.name && seen.insert(a) {
                pairs.push((agency.short.clone(), agency.name.clone()));
            }
        }
        for r in view.task.owner.iter() {
            if let crate::registry::AgencyRef::Collective(c) = r {
                let collective = &registry.collectives[*c];
                if collective.short != collective.name && seen_collectives.insert(*c) {
                    pairs.push((collective.short.clone(), collective.name.clone()));
                }
            }
        }
    }
    let list: Vec<String> = pairs.iter().map(|(short, long)| format!("{short}: {long}")).collect();
    format!("{} {}.", lang.pick("Chữ viết tắt trong báo cáo:", "Abbreviations:"), list.join("; "))
}

/// "Kế hoạch số /KH-UBND của Ủy ban nhân dân (UBND) tỉnh Ninh Thuận về …", with the
/// abbreviation introduced.
fn plan_reference(plan: &Plan, lang: Lang) -> String {
    let issuer = plan.meta.issuer.replacen("Ủy ban nhân dân", "Ủy ban nhân dân (UBND)", 1);
    let number = plan.meta.number.trim();
    match lang {
        Lang::Vi => format!("Kế hoạch số {number} của {issuer} ({})", plan.meta.title),
        Lang::En => format!("plan no. {number} of the {issuer} ({})", plan.meta.title),
    }
}

/// "Kế hoạch số /KH-UBND của UBND tỉnh Ninh Thuận", for the subject line.
fn short_plan_reference(plan: &Plan, lang: Lang) -> String {
    let issuer = plan.meta.issuer.replacen("Ủy ban nhân dân", "UBND", 1);
    let number = plan.meta.number.trim();
    match lang {
        Lang::Vi => format!("Kế hoạch số {number} của {issuer}"),
        Lang::En => format!("plan no. {number} of the {issuer}"),
    }
}

fn recipients(plan: &Plan, agency: Option<usize>, head: &Letterhead) -> Vec<String> {
    let keep = format!("Lưu: VT, {}", crate::render::letterhead::initials(&head.issuing_name));
    match agency {
        None if !plan.meta.office.recipients.is_empty() => plan.meta.office.recipients.clone(),
        None => vec![
            format!("{} (b/c)", plan.meta.issuer.replacen("Ủy ban nhân dân", "UBND", 1)),
            "Các sở, ban, ngành, UBND các huyện, thành phố".into(),
            keep,
        ],
        Some(_) => {
            let office = plan
                .meta
                .reporting_via
                .as_deref()
                .and_then(|v| plan.registry.resolve(v))
                .map(|r| format!("{} (tổng hợp)", plan.registry.name(r)));
            let mut lines = vec![format!("{} (b/c)", plan.meta.issuer.replacen("Ủy ban nhân dân", "UBND", 1))];
            lines.extend(office);
            lines.push(keep);
            lines
        }
    }
}

/// "16", or "45a" under its numbered task: the TT column.
/// The amendments decided from the period's start to the figures' day (for an agency's
/// report, those of the tasks it owes).
fn amendments_table(plan: &Plan, inputs: &Inputs, lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 5.0, Align::Left),
        Column::new(lang.pick("Quyết định", "Decision"), 3.2, Align::Left),
        Column::new(lang.pick("Nội dung điều chỉnh", "What it changes"), 4.0, Align::Left),
    ];
    let ours: HashSet<&str> = inputs.views.iter().map(|v| v.task.id.as_str()).collect();
    let rows = crate::decisions::amendments_between(plan, inputs.period.start, inputs.as_of)
        .into_iter()
        .filter(|(task, _)| ours.contains(task.id.as_str()))
        .map(|(task, a)| {
            let mut what = a.changes(lang);
            if let Some((wording, _)) = &a.deadline {
                what.push_str(&format!(": {wording}"));
            }
            Row::new(vec![
                number(task),
                task_cell(task),
                format!("{}\n{} {}", a.decision.reference, lang.pick("ngày", "of"), date(a.decision.date)),
                what,
            ])
        })
        .collect();
    Table { columns, rows, font_pt: None }
}

/// The proposals awaiting a decision on the figures' day (for an agency's report, its own).
fn proposals_table(plan: &Plan, inputs: &Inputs, lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Cơ quan đề xuất", "Proposed by"), 2.6, Align::Left),
        Column::new(lang.pick("Nội dung đề xuất", "Asked for"), 4.6, Align::Left),
        Column::new(lang.pick("Lý do", "Reason"), 4.6, Align::Left),
    ];
    let rows = crate::decisions::proposals(plan, inputs.as_of, true)
        .into_iter()
        .filter(|v| inputs.agency.is_none_or(|a| v.proposal.by == a))
        .map(|v| {
            Row::new(vec![
                number(v.task),
                format!("{}\n{}", plan.registry.agencies[v.proposal.by].name, date(v.proposal.date)),
                crate::decisions::asked(plan, v.proposal, lang),
                v.proposal.reason.clone(),
            ])
        })
        .chain(
            crate::decisions::new_tasks(plan, inputs.as_of, true)
                .into_iter()
                .filter(|v| inputs.agency.is_none_or(|a| v.proposal.by == a))
                .map(|v| {
                    Row::new(vec![
                        lang.pick("Mới", "New").to_string(),
                        format!("{}\n{}", plan.registry.agencies[v.proposal.by].name, date(v.proposal.date)),
                        crate::decisions::asked_new(plan, v.proposal, lang),
                        v.proposal.reason.clone(),
                    ])
                }),
        )
        .collect();
    Table { columns, rows, font_pt: None }
}

fn number(task: &Task) -> String {
    task.id.clone()
}

fn task_cell(task: &Task) -> String {
    match &task.heading {
        Some(heading) => format!("{}\n{}", crate::text::truncate(heading, 120), task.title),
        None => task.title.clone(),
    }
}

fn owners(plan: &Plan, task: &Task) -> String {
    crate::render::refs_text(plan, &task.owner, task.owner_text.as_deref())
}

fn group_table(all: &Totals, groups: &[(&str, Totals)], lang: Lang) -> Table {
    let (header, rows) = crate::render::figures::group_table(all, groups, lang);
    let mut columns = vec![Column::new(lang.pick("Nhóm", "Group"), 1.2, Align::Center)];
    // "Thường xuyên" needs room for its longest word at 11 pt.
    columns.extend(header[1..].iter().map(|h| {
        let weight = if h.contains("Thường") || h.contains("On-") { 1.45 } else { 1.0 };
        Column::new(h.replace('\n', " "), weight, Align::Center)
    }));
    let last = rows.len().saturating_sub(1);
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| if i == last { Row::total(cells) } else { Row::new(cells) })
        .collect();
    Table { columns, rows, font_pt: Some(11.0) }
}

fn agency_table(plan: &Plan, agencies: &[figures::AgencyFigures], lang: Lang) -> Table {
    let (header, rows) = crate::render::figures::agency_table(plan, agencies, lang);
    let mut columns = vec![Column::new(header[0], 3.2, Align::Left)];
    columns.extend(header[1..].iter().map(|h| Column::new(h.replace('\n', " "), 1.0, Align::Center)));
    let rows = rows.into_iter().map(Row::new).collect();
    Table { columns, rows, font_pt: Some(11.0) }
}

fn done_table(plan: &Plan, views: &[TaskView], lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 4.6, Align::Left),
        Column::new(lang.pick("Cơ quan chủ trì", "Lead agency"), 2.4, Align::Left),
        Column::new(lang.pick("Hạn", "Due"), 2.1, Align::Center),
        Column::new(lang.pick("Ngày hoàn thành", "Done on"), 2.1, Align::Center),
        Column::new(lang.pick("Kết quả, minh chứng", "Result, evidence"), 3.5, Align::Left),
    ];
    let mut rows = Vec::new();
    for view in views.iter().filter(|v| v.state.is_done()) {
        let done: Vec<&Obligation> = view.obligations.iter().filter(|o| o.state.is_done()).collect();
        let due = crate::render::export::met_due(view);
        let finished = done.iter().filter_map(|o| o.latest.map(|u| u.date)).max();
        let mut evidence: Vec<String> = Vec::new();
        for o in &done {
            if let Some(u) = o.latest {
                let text =
                    [u.evidence.as_deref(), u.note.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("; ");
                let line =
                    format!("{}: {}", plan.registry.agencies[u.by].short, if text.is_empty() { "–" } else { &text });
                if !evidence.contains(&line) {
                    evidence.push(line);
                }
            }
        }
        let mut state = view.state.label(lang).to_string();
        if view.state == TaskState::DoneLate {
            state = format!("\n({state})");
        } else {
            state.clear();
        }
        rows.push(Row::new(vec![
            number(view.task),
            task_cell(view.task),
            owners(plan, view.task),
            crate::render::view_due_text(view, due, lang),
            format!("{}{state}", finished.map(date).unwrap_or_default()),
            evidence.join("\n"),
        ]));
    }
    Table { columns, rows, font_pt: None }
}

/// Each agency's latest update on the task, as the appendix gives them.
fn latest_updates(plan: &Plan, view: &TaskView, as_of: NaiveDate, lang: Lang) -> String {
    let lines = crate::render::export::latest_per_agency(plan, view, as_of, lang);
    if lines.is_empty() {
        lang.pick("Chưa có cập nhật", "No update yet").into()
    } else {
        lines.join("\n")
    }
}

fn progress_table(plan: &Plan, views: &[TaskView], as_of: NaiveDate, lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 4.6, Align::Left),
        Column::new(lang.pick("Cơ quan chủ trì", "Lead agency"), 2.4, Align::Left),
        Column::new(lang.pick("Hạn", "Due"), 2.1, Align::Center),
        Column::new(lang.pick("Tình trạng", "State"), 1.9, Align::Center),
        Column::new(lang.pick("Cập nhật gần nhất", "Latest update"), 3.5, Align::Left),
    ];
    let keep = |state: TaskState| {
        matches!(
            state,
            TaskState::DueToday | TaskState::DueSoon | TaskState::OnTrack | TaskState::Ongoing | TaskState::NoDeadline
        )
    };
    let rows = views
        .iter()
        .filter(|v| keep(v.state))
        .map(|v| {
            Row::new(vec![
                number(v.task),
                task_cell(v.task),
                owners(plan, v.task),
                crate::render::view_due_text(v, v.due, lang),
                v.state.label(lang).into(),
                latest_updates(plan, v, as_of, lang),
            ])
        })
        .collect();
    Table { columns, rows, font_pt: None }
}

fn overdue_table(plan: &Plan, late: &[Obligation], as_of: NaiveDate, lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 5.5, Align::Left),
        Column::new(lang.pick("Cơ quan chưa hoàn thành", "Agencies owing"), 3.0, Align::Left),
        Column::new(lang.pick("Hạn", "Due"), 2.1, Align::Center),
        Column::new(lang.pick("Số ngày quá hạn", "Days late"), 1.4, Align::Center),
    ];
    let rows = crate::eval::group_by_milestone(late)
        .iter()
        .map(|(o, owing)| {
            // A yearly occurrence is told by the due date in its own column.
            let title = task_cell(o.task);
            Row::new(vec![
                number(o.task),
                title,
                crate::render::owing_cell(plan, o.task, owing, lang, true),
                crate::render::due_text(o.due, &o.task.milestones[o.milestone], lang),
                o.days_overdue(as_of).unwrap_or(0).to_string(),
            ])
        })
        .collect();
    Table { columns, rows, font_pt: None }
}

fn troubled_table(plan: &Plan, views: &[TaskView], lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 4.5, Align::Left),
        Column::new(lang.pick("Cơ quan", "Agency"), 2.2, Align::Left),
        Column::new(lang.pick("Tình trạng, ngày báo cáo", "State, reported"), 1.8, Align::Center),
        Column::new(lang.pick("Nội dung vướng mắc, lý do", "What blocks it, why"), 4.0, Align::Left),
    ];
    let mut rows = Vec::new();
    let mut listed = HashSet::new();
    for view in views {
        for o in &view.obligations {
            let Some(u) = o.latest.filter(|u| matches!(u.status, Status::Blocked | Status::Dropped)) else {
                continue;
            };
            if listed.insert((view.task.id.as_str(), u.by, u.date, u.line)) {
                rows.push(Row::new(vec![
                    number(view.task),
                    task_cell(view.task),
                    plan.registry.agencies[u.by].name.clone(),
                    format!("{}\n{}", u.status.label(lang), date(u.date)),
                    u.note.as_deref().unwrap_or("–").to_string(),
                ]));
            }
        }
    }
    Table { columns, rows, font_pt: None }
}

/// Agencies that owe something not done and sent no update dated within the period.
fn silent_agencies(plan: &Plan, views: &[TaskView], period: &Period, as_of: NaiveDate) -> Vec<usize> {
    let in_period = |d: NaiveDate| d >= period.start && d <= as_of;
    let reporting: HashSet<usize> =
        plan.tasks.iter().flat_map(|t| t.updates.iter().filter(|u| in_period(u.date)).map(|u| u.by)).collect();
    let mut owing = Vec::new();
    let mut seen = HashSet::new();
    for view in views {
        for o in &view.obligations {
            let open = !o.state.is_done() && !matches!(o.state, State::Dropped | State::Waiting | State::NoDeadline);
            if open && !reporting.contains(&o.agency) && seen.insert(o.agency) {
                owing.push(o.agency);
            }
        }
    }
    owing.sort_unstable();
    owing
}

/// Items falling due after `as_of` up to `until`, not done, grouped by owing agency.
fn coming_table(plan: &Plan, views: &[TaskView], as_of: NaiveDate, until: NaiveDate, lang: Lang) -> Table {
    let columns = vec![
        Column::new(lang.pick("TT", "No."), 0.9, Align::Center),
        Column::new(lang.pick("Nhiệm vụ", "Task"), 6.5, Align::Left),
        Column::new(lang.pick("Hạn", "Due"), 2.1, Align::Center),
    ];
    /// A due date, the task and the year of a yearly occurrence.
    type Coming<'t> = (NaiveDate, &'t Task, Option<i32>);
    let mut by_agency: BTreeMap<usize, Vec<Coming>> = BTreeMap::new();
    for view in views {
        for o in &view.obligations {
            if let Some(due) =
                o.due.filter(|d| *d > as_of && *d <= until && !o.state.is_done() && o.state != State::Dropped)
            {
                let items = by_agency.entry(o.agency).or_default();
                if !items.iter().any(|(d, t, y)| *d == due && t.id == o.task.id && *y == o.occurrence) {
                    items.push((due, o.task, o.occurrence));
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (agency, mut items) in by_agency {
        items.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| crate::text::natural_cmp(&a.1.id, &b.1.id)));
        rows.push(Row::group(plan.registry.agencies[agency].name.clone()));
        for (due, task, _) in items {
            rows.push(Row::new(vec![number(task), task_cell(task), date(due)]));
        }
    }
    Table { columns, rows, font_pt: None }
}

/// Events the plan still waits on, with the tasks waiting, in the events' order.
fn awaited_events(plan: &Plan, views: &[TaskView]) -> Vec<(String, Vec<String>)> {
    let mut out: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for view in views {
        for o in view.obligations.iter().filter(|o| o.state == State::Waiting) {
            if let Some(key) = o.task.milestones[o.milestone].event.as_deref() {
                let ids = out.entry(key).or_default();
                if !ids.contains(&o.task.id) {
                    ids.push(o.task.id.clone());
                }
            }
        }
    }
    out.into_iter()
        .map(|(key, ids)| (plan.events.get(key).map_or(key.to_string(), |e| e.description.clone()), ids))
        .collect()
}
