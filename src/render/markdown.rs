//! A [`Document`] as Markdown: the same report, readable in the forge's web view and in a
//! diff between two runs. The filed document is the .docx; this one carries no layout.

use std::fmt::Write as _;

use crate::render::document::{Align, Block, Document, RowKind};

/// A Markdown table cell: one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace("\r\n", " ").replace('\n', " ")
}

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    if !doc.attached {
        if let Some(parent) = &doc.parent_body {
            let _ = writeln!(out, "{parent}  ");
        }
        let _ = writeln!(out, "**{}**  ", doc.issuing_body);
        let _ = writeln!(out, "{}  ", doc.number);
        if let Some(excerpt) = &doc.excerpt {
            let _ = writeln!(out, "{excerpt}  ");
        }
        let _ = writeln!(out, "*{}*\n", doc.place_date.trim_end());
    }
    if let Some(kind) = &doc.kind {
        let _ = writeln!(out, "# {kind}\n");
    }
    if let Some(subject) = &doc.subject {
        let _ = writeln!(out, "**{}**\n", subject.replace('\n', " – "));
    }
    if let Some(note) = &doc.subject_note {
        let _ = writeln!(out, "*{note}*\n");
    }
    for addressee in &doc.addressees {
        let _ = writeln!(out, "Kính gửi: {addressee}\n");
    }
    for block in &doc.blocks {
        match block {
            Block::Section(text) => {
                let _ = writeln!(out, "## {text}\n");
            }
            Block::Subsection(text) => {
                let _ = writeln!(out, "### {text}\n");
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{}\n", text.replace('\n', "  \n"));
            }
            Block::Placeholder(text) => {
                let _ = writeln!(out, "> *[{}]*\n", text.trim_start_matches('[').trim_end_matches(']'));
            }
            Block::Warning(text) => {
                let _ = writeln!(out, "> **{text}**\n");
            }
            Block::Image { caption, .. } => {
                if let Some(caption) = caption {
                    let _ = writeln!(out, "*{caption}*\n");
                }
            }
            Block::Table(table) => {
                let titles: Vec<String> = table.columns.iter().map(|c| cell(&c.title)).collect();
                let _ = writeln!(out, "| {} |", titles.join(" | "));
                let rules: Vec<&str> = table
                    .columns
                    .iter()
                    .map(|c| match c.align {
                        Align::Left => "---",
                        Align::Center => ":---:",
                        Align::Right => "---:",
                    })
                    .collect();
                let _ = writeln!(out, "| {} |", rules.join(" | "));
                for row in &table.rows {
                    let cells: Vec<String> = match row.kind {
                        RowKind::Group => {
                            let mut cells = vec![format!("**{}**", cell(row.cells.first().map_or("", |c| c)))];
                            cells.resize(table.columns.len(), String::new());
                            cells
                        }
                        RowKind::Total => row.cells.iter().map(|c| format!("**{}**", cell(c))).collect(),
                        RowKind::Normal => row.cells.iter().map(|c| cell(c)).collect(),
                    };
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    if !doc.attached && !doc.recipients.is_empty() {
        let _ = writeln!(out, "---\n\n*Nơi nhận:*");
        for r in &doc.recipients {
            let _ = writeln!(out, "- {r}");
        }
        out.push('\n');
        let _ = writeln!(out, "**{}**  ", doc.signer_authority.join(" / "));
        if !doc.signer_name.is_empty() {
            let _ = writeln!(out, "**{}**", doc.signer_name);
        }
    }
    out
}
