//! A Word document (.docx): its paragraphs and tables, in order, from `word/document.xml`
//! (read with zip and quick-xml). Cells merged over several columns (`w:gridSpan`) keep
//! their text in the first; cells merged over several rows (`w:vMerge`) repeat it in each;
//! a table inside a cell gives its text to that cell.

use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::{clean_text, Block, Grid, GridRow, Origin};

/// The most of `word/document.xml` read: 256 MB.
const DOCUMENT_LIMIT: u64 = 256 << 20;

/// The blocks of the document's body, or why it cannot be read.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    // A plan's body is a few megabytes; a file that inflates past the limit is refused
    // rather than read into memory whole (a "zip bomb").
    archive
        .by_name("word/document.xml")
        .map_err(|e| e.to_string())?
        .take(DOCUMENT_LIMIT + 1)
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    if xml.len() as u64 > DOCUMENT_LIMIT {
        return Err(format!("word/document.xml is larger than {} MB", DOCUMENT_LIMIT >> 20));
    }
    parse(&xml)
}

#[derive(Default)]
struct RawCell {
    paragraphs: Vec<String>,
    span: usize,
    /// Some(true) starts a vertical merge, Some(false) continues one.
    vmerge: Option<bool>,
}

#[derive(Default)]
struct RawRow {
    grid_before: usize,
    cells: Vec<RawCell>,
}

#[derive(Default)]
struct RawTable {
    rows: Vec<RawRow>,
    row: Option<RawRow>,
    cell: Option<RawCell>,
}

/// Reads the body of `word/document.xml`.
pub fn parse(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<RawTable> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let (mut in_text, mut in_run, mut skipping) = (false, 0usize, 0usize);
    let mut count = 0;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if skipping > 0 {
                    if !empty {
                        skipping += 1;
                    }
                    continue;
                }
                match name {
                    // The same content again, for applications that cannot read the choice.
                    "mc:Fallback" if !empty => skipping = 1,
                    "w:tbl" if !empty => tables.push(RawTable::default()),
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row = Some(RawRow::default());
                            if empty {
                                t.rows.extend(t.row.take());
                            }
                        }
                    }
                    "w:gridBefore" => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.row.as_mut()) {
                            row.grid_before = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(RawCell { span: 1, ..RawCell::default() });
                            if empty {
                                end_cell(t);
                            }
                        }
                    }
                    "w:gridSpan" => {
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                        }
                    }
                    "w:vMerge" => {
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.vmerge = Some(val(e).as_deref() == Some("restart"));
                        }
                    }
                    "w:p" if !empty => paragraphs.push(String::new()),
                    "w:p" => end_paragraph(String::new(), &mut paragraphs, &mut tables, &mut blocks),
                    "w:r" if !empty => in_run += 1,
                    "w:t" if !empty => in_text = true,
                    "w:tab" if in_run > 0 => push_text(&mut paragraphs, "\t"),
                    "w:br" | "w:cr" if in_run > 0 => push_text(&mut paragraphs, "\n"),
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:tbl" => {
                        let Some(mut table) = tables.pop() else { continue };
                        if let Some(row) = table.row.take() {
                            table.rows.push(row);
                        }
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            // A table in a cell: its text joins the cell's.
                            Some(cell) => {
                                for row in &table.rows {
                                    for c in &row.cells {
                                        cell.paragraphs.extend(c.paragraphs.iter().cloned());
                                    }
                                }
                            }
                            None => {
                                count += 1;
                                blocks.push(Block::Table(to_grid(table.rows, count)));
                            }
                        }
                    }
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.extend(t.row.take());
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            end_cell(t);
                        }
                    }
                    "w:p" => {
                        let text = paragraphs.pop().unwrap_or_default();
                        end_paragraph(text, &mut paragraphs, &mut tables, &mut blocks);
                    }
                    "w:r" => in_run = in_run.saturating_sub(1),
                    "w:t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text && skipping == 0 => {
                let text = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                push_text(&mut paragraphs, &text);
            }
            Event::CData(ref t) if in_text && skipping == 0 => {
                push_text(&mut paragraphs, t.as_ref());
            }
            Event::GeneralRef(ref r) if in_text && skipping == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    push_text(&mut paragraphs, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

fn val(e: &BytesStart) -> Option<String> {
    e.try_get_attribute("w:val").ok().flatten().map(|a| a.value.into_owned())
}

fn push_text(paragraphs: &mut [String], text: &str) {
    if let Some(p) = paragraphs.last_mut() {
        p.push_str(text);
    }
}

fn end_cell(table: &mut RawTable) {
    if let (Some(cell), Some(row)) = (table.cell.take(), table.row.as_mut()) {
        row.cells.push(cell);
    }
}

/// A finished paragraph goes to the paragraph it sits in (a text box), the cell it sits
/// in, or the body.
fn end_paragraph(text: String, paragraphs: &mut [String], tables: &mut [RawTable], blocks: &mut Vec<Block>) {
    if let Some(outer) = paragraphs.last_mut() {
        if !text.is_empty() {
            outer.push('\n');
            outer.push_str(&text);
        }
    } else if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
        cell.paragraphs.push(text);
    } else if tables.is_empty() {
        blocks.push(Block::Paragraph(clean_text(&text)));
    }
}

/// The rows as a grid: every row as wide as the widest, merged cells applied.
fn to_grid(rows: Vec<RawRow>, table: usize) -> Grid {
    let width = rows.iter().map(|r| r.grid_before + r.cells.iter().map(|c| c.span).sum::<usize>()).max().unwrap_or(0);
    let mut grid = Grid::default();
    for (i, row) in rows.into_iter().enumerate() {
        let mut cells = vec![String::new(); width];
        let mut col = row.grid_before;
        let spans_all = width > 1 && row.grid_before == 0 && row.cells.len() == 1 && row.cells[0].span >= width;
        for cell in &row.cells {
            if col >= width {
                break;
            }
            cells[col] = if cell.vmerge == Some(false) {
                grid.rows.last().map(|above: &GridRow| above.cells[col].clone()).unwrap_or_default()
            } else {
                clean_text(&cell.paragraphs.join("\n"))
            };
            col += cell.span;
        }
        grid.rows.push(GridRow { cells, spans_all, origin: Origin { table: Some(table), row: i + 1 } });
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, extra: &str) -> String {
        let paragraphs: String =
            text.split('|').map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>")).collect();
        format!("<w:tc><w:tcPr>{extra}</w:tcPr>{paragraphs}</w:tc>")
    }

    #[test]
    fn merged_cells_and_paragraphs_are_read_as_a_grid() {
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>Số: 12/KH-UBND</w:t></w:r></w:p><w:tbl>\
             <w:tr>{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl></w:body></w:document>",
            cell("I. Nhóm một", "<w:gridSpan w:val=\"3\"/>"),
            cell("1", ""),
            cell("Dòng một|Dòng hai &amp; ba", ""),
            cell("Sở Tài chính", "<w:vMerge w:val=\"restart\"/>"),
            cell("2", ""),
            cell("Việc hai", ""),
            cell("", "<w:vMerge/>"),
        );
        let blocks = parse(&xml).unwrap();
        assert_eq!(blocks[0], Block::Paragraph("Số: 12/KH-UBND".into()));
        let Block::Table(grid) = &blocks[1] else { panic!("{blocks:?}") };
        assert!(grid.rows[0].spans_all);
        assert_eq!(grid.rows[0].cells, ["I. Nhóm một", "", ""]);
        assert_eq!(grid.rows[1].cells, ["1", "Dòng một\nDòng hai & ba", "Sở Tài chính"]);
        assert_eq!(grid.rows[2].cells, ["2", "Việc hai", "Sở Tài chính"]);
        assert_eq!(grid.rows[2].origin, Origin { table: Some(1), row: 3 });
    }
}
