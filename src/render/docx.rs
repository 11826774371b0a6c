//! Writes a [`Document`] as a Word file (.docx) in the layout of Decree 30/2020/NĐ-CP
//! (see shared/docs/nd30-layout.md): what the People's Committee files and prints, opened
//! in Word, LibreOffice or WPS alike.
//!
//! docx-rs builds the parts; two things it cannot do are done on its output:
//! - it has no "repeat header row" (`w:tblHeader`): header rows are given a marker row
//!   height that is rewritten into `w:tblHeader` (see [`HEADER_ROW_MARK`]);
//! - its zip entries may carry the time of writing (zip's `time` feature, if anything in
//!   the build enables it): the archive is repacked with fixed times, so the same
//!   document gives the same bytes on every machine.
//!
//! Ids docx-rs would draw from process-wide counters (images) are given explicitly, for
//! the same reason.

use std::io::{Cursor, Read, Write};

use anyhow::Context;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, Header, HeightRule, LineSpacing, LineSpacingType, PageMargin,
    PageNum, PageOrientationType, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run,
    RunFonts, Shading, ShdType, SpecialIndentType, Table as DocxTable, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::document::{Align, Block, Document, RowKind, Table};

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// English Metric Units per millimetre, the unit of image sizes.
const EMU_PER_MM: f64 = 36_000.0;

/// A4 in twips.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN_TOP_MM: f64 = 20.0;
const MARGIN_BOTTOM_MM: f64 = 20.0;
const MARGIN_LEFT_MM: f64 = 30.0;
const MARGIN_RIGHT_MM: f64 = 15.0;
/// The page number sits in the top margin, this far from the paper's edge.
const HEADER_DISTANCE_MM: f64 = 10.0;

const FONT: &str = "Times New Roman";
/// Sizes in points; docx counts half-points.
const BODY_PT: f64 = 14.0;
const TABLE_PT: f64 = 12.0;
const FIRST_LINE_INDENT_MM: f64 = 12.7;
/// How far the header block reaches into the left margin.
const HEADER_OUTDENT_MM: f64 = 10.0;

/// docx-rs writes a row height as `w:trHeight` with the number as given: a header row gets
/// this height (1 twip, "at least", i.e. no effect) and [`mark_header_rows`] adds
/// `w:tblHeader` wherever it appears. No other row is given a height this small.
const HEADER_ROW_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

/// The .docx bytes of `doc`. The same document always gives the same bytes.
pub fn write(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let (page_w, page_h) = if doc.landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
    let text_width_mm = f64::from(page_w) / TWIPS_PER_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;
    let layout = Layout { text_width_mm };

    let mut docx = Docx::new()
        .page_size(page_w, page_h)
        .page_margin(
            PageMargin::new()
                .top(twips(MARGIN_TOP_MM))
                .bottom(twips(MARGIN_BOTTOM_MM))
                .left(twips(MARGIN_LEFT_MM))
                .right(twips(MARGIN_RIGHT_MM))
                .header(twips(HEADER_DISTANCE_MM))
                .footer(twips(HEADER_DISTANCE_MM))
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(half_points(BODY_PT))
        // From page 2 on: the page number, centred at the top. Page 1 has its own, empty
        // header (w:titlePg), as the decree wants no number there.
        .header(Header::new().add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new()).size(half_points(BODY_PT)),
        ))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .footer(Footer::new().add_paragraph(Paragraph::new()));
    if doc.landscape {
        docx = docx.page_orient(PageOrientationType::Landscape);
    }

    if !doc.attached {
        docx = docx.add_table(layout.header_block(doc));
    }
    if let Some(kind) = &doc.kind {
        docx = docx.add_paragraph(centred(kind, BODY_PT, Style::Bold).line_spacing(spacing(18.0, 0.0)));
    }
    if let Some(subject) = &doc.subject {
        let before = if doc.kind.is_some() { 0.0 } else { 12.0 };
        docx = docx.add_paragraph(centred(subject, BODY_PT, Style::Bold).line_spacing(spacing(before, 0.0)));
        if let Some(note) = &doc.subject_note {
            docx = docx.add_paragraph(centred(note, BODY_PT, Style::Italic));
        }
        docx = docx.add_paragraph(rule(40.0, text_width_mm, 0.0));
    }
    if !doc.addressees.is_empty() {
        for p in addressees(&doc.addressees) {
            docx = docx.add_paragraph(p);
        }
    }

    let mut images = 0;
    // The last paragraph goes with the closing onto the same page: a signature never
    // stands alone on a page.
    let last = doc.blocks.len().checked_sub(1).filter(|_| !doc.attached);
    for (index, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Table(table) => {
                docx = docx.add_table(layout.table(table));
                // Two tables in a row would merge into one; a small gap also reads better.
                docx = docx.add_paragraph(Paragraph::new().size(half_points(6.0)).line_spacing(exact_line(6.0)));
            }
            Block::Image { png, width_mm, height_mm, caption } => {
                images += 1;
                let (w_px, h_px) = png_size(png).context("an image of the document is not a readable PNG")?;
                let pic = Pic::new_with_dimensions(png.clone(), w_px, h_px)
                    .size(emu(*width_mm), emu(*height_mm))
                    .id(format!("rIdImage{images}"));
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .keep_next(caption.is_some())
                        .line_spacing(spacing(6.0, 0.0))
                        .add_run(Run::new().add_image(pic)),
                );
                if let Some(caption) = caption {
                    docx = docx.add_paragraph(centred(caption, 13.0, Style::Italic).line_spacing(spacing(3.0, 6.0)));
                }
            }
            Block::Warning(text) => {
                docx = docx.add_table(layout.warning(text));
                docx = docx.add_paragraph(Paragraph::new().size(half_points(6.0)).line_spacing(exact_line(6.0)));
            }
            other => docx = docx.add_paragraph(body_paragraph(other).keep_next(Some(index) == last)),
        }
    }

    if !doc.attached {
        docx = docx.add_paragraph(Paragraph::new().keep_next(true));
        docx = docx.add_table(layout.closing(doc));
    }

    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).context("writing the Word document")?;
    repack(&out.into_inner())
}

/// Widths that depend on the page's orientation.
struct Layout {
    text_width_mm: f64,
}

impl Layout {
    /// The header block: a borderless table, the issuing body on the left (40 %), the
    /// motto on the right (60 %), each line centred in its column.
    fn header_block(&self, doc: &Document) -> DocxTable {
        let (left_mm, right_mm) = self.two_columns();
        let mut left = Vec::new();
        if let Some(parent) = &doc.parent_body {
            left.push(centred(parent, 13.0, Style::Plain));
        }
        left.push(centred(&doc.issuing_body, 13.0, Style::Bold));
        left.push(rule(25.0, left_mm, 0.0));
        left.push(centred(&doc.number, 13.0, Style::Plain).line_spacing(spacing(6.0, 0.0)));
        if let Some(excerpt) = &doc.excerpt {
            left.push(centred(excerpt, 12.0, Style::Plain).line_spacing(spacing(3.0, 0.0)));
        }

        let right = vec![
            centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13.0, Style::Bold),
            centred("Độc lập - Tự do - Hạnh phúc", 14.0, Style::Bold),
            // As long as the line above: Times New Roman bold 14 pt sets it in about 66 mm.
            rule(66.0, right_mm, 0.0),
            centred(&doc.place_date, 14.0, Style::Italic).line_spacing(spacing(6.0, 0.0)),
        ];
        // Wider than the text, into the left margin, as the decree's samples are: the names
        // of most departments then fit on one line at 13 pt.
        borderless(vec![(left_mm + HEADER_OUTDENT_MM, left), (right_mm, right)], false)
            .indent(-twips(HEADER_OUTDENT_MM))
    }

    /// "Nơi nhận:" on the left, the signature on the right.
    fn closing(&self, doc: &Document) -> DocxTable {
        let (left_mm, right_mm) = self.two_columns();
        let mut left = vec![Paragraph::new().add_run(text_run("Nơi nhận:", 12.0, Style::BoldItalic))];
        let last = doc.recipients.len().saturating_sub(1);
        for (i, recipient) in doc.recipients.iter().enumerate() {
            let bare = recipient.trim().trim_start_matches("- ").trim_end_matches([';', '.']);
            let end = if i == last { "." } else { ";" };
            left.push(Paragraph::new().add_run(text_run(&format!("- {bare}{end}"), 11.0, Style::Plain)));
        }
        let mut right: Vec<Paragraph> =
            doc.signer_authority.iter().map(|line| centred(line, 14.0, Style::Bold)).collect();
        // Room for the signature and the seal.
        for _ in 0..4 {
            right.push(centred("", 14.0, Style::Plain));
        }
        right.push(centred(&doc.signer_name, 14.0, Style::Bold));
        // Kept whole: a signature never stands on a page without its authority.
        borderless(vec![(left_mm, left), (right_mm, right)], true)
    }

    /// A warning in a red, shaded box over the text width: a one-cell table, which every
    /// application draws alike (paragraph borders are not).
    fn warning(&self, text: &str) -> DocxTable {
        let width = twips(self.text_width_mm) as usize;
        let border = |position| TableBorder::new(position).border_type(BorderType::Single).size(12).color("C00000");
        let paragraph = Paragraph::new()
            .align(AlignmentType::Both)
            .line_spacing(spacing(3.0, 3.0))
            .add_run(text_run(text, BODY_PT, Style::Bold).color("C00000"));
        let cell =
            cell(width, vec![paragraph]).shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill("FDE9E7"));
        DocxTable::new(vec![TableRow::new(vec![cell]).cant_split()])
            .set_grid(vec![width])
            .layout(TableLayoutType::Fixed)
            .width(width, WidthType::Dxa)
            .set_borders(
                TableBorders::with_empty()
                    .set(border(TableBorderPosition::Top))
                    .set(border(TableBorderPosition::Bottom))
                    .set(border(TableBorderPosition::Left))
                    .set(border(TableBorderPosition::Right)),
            )
            .margins(TableCellMargins::new().margin(60, 120, 60, 120))
    }

    fn two_columns(&self) -> (f64, f64) {
        let left = (self.text_width_mm * 0.4).round();
        (left, self.text_width_mm - left)
    }

    /// A bordered table over the whole text width, with fixed column widths so that no
    /// application narrows a column until its words break mid-syllable.
    fn table(&self, table: &Table) -> DocxTable {
        let size = table.font_pt.unwrap_or(TABLE_PT);
        let total_weight: f64 = table.columns.iter().map(|c| c.weight.max(0.0)).sum();
        let total_twips = twips(self.text_width_mm);
        let widths: Vec<usize> = if total_weight > 0.0 {
            table.columns.iter().map(|c| (f64::from(total_twips) * c.weight.max(0.0) / total_weight) as usize).collect()
        } else {
            vec![total_twips as usize / table.columns.len().max(1); table.columns.len()]
        };

        let header = TableRow::new(
            table
                .columns
                .iter()
                .zip(&widths)
                .map(|(column, &w)| {
                    cell(w, vec![cell_paragraph(&column.title, size, Style::Bold, AlignmentType::Center)])
                        .vertical_align(VAlignType::Center)
                })
                .collect(),
        )
        .cant_split()
        .row_height(1.0)
        .height_rule(HeightRule::AtLeast);

        let mut rows = vec![header];
        for row in &table.rows {
            let cells = match row.kind {
                RowKind::Group => {
                    let text = row.cells.first().map(String::as_str).unwrap_or("");
                    vec![cell(widths.iter().sum(), vec![cell_paragraph(text, size, Style::Bold, AlignmentType::Left)])
                        .grid_span(widths.len())]
                }
                RowKind::Normal | RowKind::Total => {
                    let style = if row.kind == RowKind::Total { Style::Bold } else { Style::Plain };
                    table
                        .columns
                        .iter()
                        .zip(&widths)
                        .enumerate()
                        .map(|(i, (column, &w))| {
                            let text = row.cells.get(i).map(String::as_str).unwrap_or("");
                            cell(w, vec![cell_paragraph(text, size, style, alignment(column.align))])
                        })
                        .collect()
                }
            };
            rows.push(TableRow::new(cells).cant_split());
        }

        let border = |position| TableBorder::new(position).border_type(BorderType::Single).size(4).color("000000");
        let borders = TableBorders::with_empty()
            .set(border(TableBorderPosition::Top))
            .set(border(TableBorderPosition::Bottom))
            .set(border(TableBorderPosition::Left))
            .set(border(TableBorderPosition::Right))
            .set(border(TableBorderPosition::InsideH))
            .set(border(TableBorderPosition::InsideV));
        DocxTable::new(rows)
            .set_grid(widths.clone())
            .layout(TableLayoutType::Fixed)
            .width(widths.iter().sum(), WidthType::Dxa)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(40, 80, 40, 80))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    Italic,
    BoldItalic,
}

/// Times New Roman for every script: without `eastAsia` and `cs`, Word picks another
/// font for some runs of Vietnamese text.
fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

fn twips(mm: f64) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

fn emu(mm: f64) -> u32 {
    (mm * EMU_PER_MM).round() as u32
}

fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// Spacing before and after a paragraph, in points, single line spacing.
fn spacing(before_pt: f64, after_pt: f64) -> LineSpacing {
    LineSpacing::new()
        .before((before_pt * 20.0) as u32)
        .after((after_pt * 20.0) as u32)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

fn exact_line(pt: f64) -> LineSpacing {
    LineSpacing::new().before(0).after(0).line((pt * 20.0) as i32).line_rule(LineSpacingType::Exact)
}

/// A run of `text` in the given size and style; '\n' becomes a line break.
fn text_run(text: &str, pt: f64, style: Style) -> Run {
    let mut run = Run::new().fonts(fonts()).size(half_points(pt));
    run = match style {
        Style::Plain => run,
        Style::Bold => run.bold(),
        Style::Italic => run.italic(),
        Style::BoldItalic => run.bold().italic(),
    };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn centred(text: &str, pt: f64, style: Style) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0.0, 0.0)).add_run(text_run(text, pt, style))
}

/// A short horizontal rule, `width_mm` long, centred in a space `within_mm` wide: an
/// empty paragraph three points high with a bottom border (and no other: docx-rs would
/// add a thin box), narrowed by its indents.
fn rule(width_mm: f64, within_mm: f64, before_pt: f64) -> Paragraph {
    let side = twips(((within_mm - width_mm) / 2.0).max(0.0));
    let mut p = Paragraph::new()
        .size(half_points(2.0))
        .line_spacing(
            LineSpacing::new().before((before_pt * 20.0) as u32).after(0).line(60).line_rule(LineSpacingType::Exact),
        )
        .indent(Some(side), None, Some(side), None);
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty()
            .set(ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6).space(1)),
    );
    p
}

/// "Kính gửi: X" on one line, or "Kính gửi:" with one "- X;" line per addressee.
fn addressees(names: &[String]) -> Vec<Paragraph> {
    let para = |text: String, indent_mm: f64| {
        Paragraph::new()
            .indent(Some(twips(indent_mm)), None, None, None)
            .line_spacing(spacing(0.0, 0.0))
            .add_run(text_run(&text, BODY_PT, Style::Plain))
    };
    if let [one] = names {
        return vec![Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(spacing(12.0, 12.0))
            .add_run(text_run(&format!("Kính gửi: {one}"), BODY_PT, Style::Plain))];
    }
    let mut out = vec![para("Kính gửi:".to_string(), 35.0).line_spacing(spacing(12.0, 0.0))];
    let last = names.len().saturating_sub(1);
    for (i, name) in names.iter().enumerate() {
        let end = if i == last { "." } else { ";" };
        let bare = name.trim().trim_end_matches([';', '.']);
        out.push(para(format!("- {bare}{end}"), 58.0));
    }
    if let Some(p) = out.pop() {
        out.push(p.line_spacing(spacing(0.0, 12.0)));
    }
    out
}

/// A paragraph of the body: justified, first line indented, 6 pt between paragraphs.
fn body(text_runs: Vec<Run>) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(twips(FIRST_LINE_INDENT_MM))), None, None)
        .line_spacing(spacing(6.0, 0.0).line(276));
    for run in text_runs {
        p = p.add_run(run);
    }
    p
}

fn body_paragraph(block: &Block) -> Paragraph {
    match block {
        Block::Section(text) => body(vec![text_run(text, BODY_PT, Style::Bold)]).keep_next(true),
        Block::Subsection(text) => body(vec![text_run(text, BODY_PT, Style::Bold)]).keep_next(true),
        Block::Paragraph(text) => body(vec![text_run(text, BODY_PT, Style::Plain)]),
        Block::Placeholder(hint) => {
            let text = if hint.starts_with('[') { hint.clone() } else { format!("[{hint}]") };
            body(vec![text_run(&text, BODY_PT, Style::Italic).highlight("yellow")])
        }
        Block::Warning(_) | Block::Table(_) | Block::Image { .. } => unreachable!("written as tables or drawings"),
    }
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

fn cell_paragraph(text: &str, pt: f64, style: Style, align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).line_spacing(spacing(1.0, 1.0)).add_run(text_run(text, pt, style))
}

fn cell(width_twips: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut cell = TableCell::new().width(width_twips, WidthType::Dxa);
    for p in paragraphs {
        cell = cell.add_paragraph(p);
    }
    cell
}

/// A table without borders, one cell per column, for the header block and the closing.
fn borderless(columns: Vec<(f64, Vec<Paragraph>)>, keep_whole: bool) -> DocxTable {
    let widths: Vec<usize> = columns.iter().map(|(mm, _)| twips(*mm) as usize).collect();
    let cells = columns.into_iter().zip(&widths).map(|((_, paragraphs), &w)| cell(w, paragraphs)).collect();
    let row = if keep_whole { TableRow::new(cells).cant_split() } else { TableRow::new(cells) };
    DocxTable::without_borders(vec![row])
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 40, 0, 40))
}

/// The width and height in pixels of a PNG, from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

/// Rewrites docx-rs's archive: same entries in the same order, fixed times and
/// permissions, compressed; header rows marked to repeat.
fn repack(docx: &[u8]) -> anyhow::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).context("reading back the Word document")?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        if name == "word/document.xml" {
            bytes = mark_header_rows(&bytes)?;
        }
        out.start_file(name, options)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

fn mark_header_rows(xml: &[u8]) -> anyhow::Result<Vec<u8>> {
    let xml = std::str::from_utf8(xml).context("the document part is not UTF-8")?;
    Ok(xml.replace(HEADER_ROW_MARK, &format!("{HEADER_ROW_MARK}<w:tblHeader />")).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::document::{Column, Row};

    /// A document with a bit of everything, as a report would have it.
    pub(crate) fn sample() -> Document {
        let png = crate::render::chart::stacked_bars(
            "Tình trạng nhiệm vụ theo nhóm",
            &[("I".into(), vec![3, 2, 1]), ("II".into(), vec![1, 4, 0])],
            &[
                ("Hoàn thành".into(), (46, 125, 50)),
                ("Quá hạn".into(), (198, 40, 40)),
                ("Chờ Trung ương".into(), (120, 120, 120)),
            ],
        )
        .expect("chart");
        Document {
            parent_body: Some("UBND TỈNH NINH THUẬN".into()),
            issuing_body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            number: "Số:        /BC-SKHCN".into(),
            excerpt: None,
            place_date: "Ninh Thuận, ngày      tháng 6 năm 2025".into(),
            kind: Some("BÁO CÁO".into()),
            subject: Some("Tình hình thực hiện Kế hoạch số 02/KH-UBND\n6 tháng đầu năm 2025".into()),
            addressees: vec![],
            blocks: vec![
                Block::Warning("Báo cáo lập khi kế hoạch còn lỗi: tệp 16.toml bị bỏ qua.".into()),
                Block::Section("I. KẾT QUẢ THỰC HIỆN".into()),
                Block::Subsection("1. Kết quả chung".into()),
                Block::Paragraph("Tổng số 50 nhiệm vụ (52 nội dung) <&> \"đã\" hoàn thành.\nDòng thứ hai.".into()),
                Block::Placeholder("Chuyên viên bổ sung: đánh giá chung".into()),
                Block::Table(Table {
                    columns: vec![
                        Column::new("TT", 1.0, Align::Center),
                        Column::new("Nhóm nhiệm vụ", 6.0, Align::Left),
                        Column::new("Tổng số", 2.0, Align::Right),
                    ],
                    // Long enough to run onto the next page, where the header row repeats.
                    rows: std::iter::once(Row::group("Nhóm I"))
                        .chain((1..=30).map(|i| {
                            Row::new(vec![i.to_string(), format!("Nhiệm vụ thường xuyên số {i}"), "10".into()])
                        }))
                        .chain(std::iter::once(Row::total(vec!["".into(), "Tổng cộng".into(), "300".into()])))
                        .collect(),
                    font_pt: None,
                }),
                Block::Image { png, width_mm: 160.0, height_mm: 90.0, caption: Some("Hình 1. Tình trạng".into()) },
            ],
            recipients: vec!["UBND tỉnh (b/c)".into(), "Lưu: VT, QLKH".into()],
            signer_authority: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
            signer_name: String::new(),
            landscape: false,
            subject_note: None,
            attached: false,
        }
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
        let mut s = String::new();
        archive.by_name(name).unwrap_or_else(|_| panic!("{name} in the docx")).read_to_string(&mut s).expect("utf-8");
        s
    }

    #[test]
    fn the_page_is_a4_portrait_with_the_decrees_margins() {
        let xml = part(&write(&sample()).unwrap(), "word/document.xml");
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{xml}");
        assert!(xml.contains(r#"w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#), "{xml}");
        assert!(!xml.contains("w:orient=\"landscape\""));
    }

    #[test]
    fn a_landscape_document_turns_the_page() {
        let doc = Document { landscape: true, ..sample() };
        let xml = part(&write(&doc).unwrap(), "word/document.xml");
        assert!(xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#), "{xml}");
    }

    #[test]
    fn times_new_roman_is_set_for_every_script() {
        let docx = write(&sample()).unwrap();
        let styles = part(&docx, "word/styles.xml");
        let document = part(&docx, "word/document.xml");
        for attribute in ["ascii", "hAnsi", "eastAsia", "cs"] {
            let font = format!(r#"w:{attribute}="Times New Roman""#);
            assert!(styles.contains(&font), "{font}: {styles}");
            assert!(document.contains(&font), "{font}");
        }
        assert!(styles.contains(r#"<w:sz w:val="28" />"#), "body 14 pt: {styles}");
        assert!(!document.contains("w:asciiTheme") && !styles.contains("w:asciiTheme"));
    }

    #[test]
    fn the_header_block_has_the_motto_and_the_bodies() {
        let xml = part(&write(&sample()).unwrap(), "word/document.xml");
        for text in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UBND TỈNH NINH THUẬN",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "Số:        /BC-SKHCN",
            "BÁO CÁO",
            "Nơi nhận:",
            "- UBND tỉnh (b/c);",
            "- Lưu: VT, QLKH.",
            "KT. GIÁM ĐỐC",
        ] {
            assert!(xml.contains(text), "{text}");
        }
        assert!(xml.contains("&lt;&amp;&gt;"), "text is escaped");
    }

    #[test]
    fn page_numbers_start_on_page_two() {
        let docx = write(&sample()).unwrap();
        let xml = part(&docx, "word/document.xml");
        assert!(xml.contains("<w:titlePg />"), "{xml}");
        assert!(xml.contains(r#"w:type="first""#) && xml.contains(r#"w:type="default""#));
        let headers: Vec<String> = (1..=2).map(|i| part(&docx, &format!("word/header{i}.xml"))).collect();
        assert_eq!(headers.iter().filter(|h| h.contains("<w:instrText>PAGE</w:instrText>")).count(), 1);
    }

    #[test]
    fn tables_have_borders_fixed_widths_and_a_repeated_header() {
        let xml = part(&write(&sample()).unwrap(), "word/document.xml");
        assert!(xml.contains(r#"<w:insideV w:val="single" w:sz="4""#), "{xml}");
        assert!(xml.contains(r#"<w:tblLayout w:type="fixed" />"#));
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert!(xml.contains("<w:cantSplit />"));
        assert!(xml.contains(r#"<w:gridSpan w:val="3" />"#), "the group row spans the table");
    }

    #[test]
    fn an_image_is_embedded_with_its_relationship() {
        let docx = write(&sample()).unwrap();
        let rels = part(&docx, "word/_rels/document.xml.rels");
        assert!(rels.contains(r#"Id="rIdImage1""#) && rels.contains("media/rIdImage1.png"), "{rels}");
        let mut archive = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
        let mut png = Vec::new();
        archive.by_name("word/media/rIdImage1.png").unwrap().read_to_end(&mut png).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        // 160 mm wide.
        assert!(part(&docx, "word/document.xml").contains(r#"cx="5760000""#));
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        let first = write(&sample()).unwrap();
        assert_eq!(write(&sample()).unwrap(), first);
        let mut archive = zip::ZipArchive::new(Cursor::new(&first)).unwrap();
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            assert_eq!(entry.last_modified(), Some(zip::DateTime::default()), "{:?}", entry.name());
        }
    }

    #[test]
    fn a_letter_has_an_excerpt_and_addressees_and_no_kind() {
        let doc = Document {
            kind: None,
            subject: None,
            excerpt: Some("V/v đôn đốc thực hiện Kế hoạch số 02/KH-UBND".into()),
            addressees: vec!["Sở Tài chính".into(), "Sở Nội vụ".into()],
            ..sample()
        };
        let xml = part(&write(&doc).unwrap(), "word/document.xml");
        assert!(xml.contains("V/v đôn đốc"));
        assert!(xml.contains("Kính gửi:") && xml.contains("- Sở Tài chính;") && xml.contains("- Sở Nội vụ."));
        assert!(!xml.contains("BÁO CÁO"));
    }

    #[test]
    fn an_attached_appendix_has_no_header_block_and_no_closing() {
        let doc = Document {
            kind: Some("PHỤ LỤC".into()),
            subject_note: Some("(Kèm theo Báo cáo số      /BC-SKHCN)".into()),
            attached: true,
            landscape: true,
            ..sample()
        };
        let xml = part(&write(&doc).unwrap(), "word/document.xml");
        assert!(xml.contains("PHỤ LỤC") && xml.contains("(Kèm theo Báo cáo số"));
        assert!(!xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && !xml.contains("Nơi nhận:"));
    }

    /// Writes the sample to `$PLAN_DOCX_SAMPLE` (default /tmp/plan-docx-sample.docx), for a
    /// look in LibreOffice: `cargo test --lib render::docx -- --ignored`.
    #[test]
    #[ignore = "writes a file for a manual look"]
    fn write_the_sample() {
        let path = std::env::var("PLAN_DOCX_SAMPLE").unwrap_or_else(|_| "/tmp/plan-docx-sample.docx".into());
        std::fs::write(&path, write(&sample()).unwrap()).unwrap();
    }
}
