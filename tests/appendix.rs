//! The printed appendix (Phụ lục) as `plan export --format xlsx` writes it: checked in the
//! workbook's own XML (page setup, print scale, row heights, fonts, merges) and cells.
//! `tests/office_appendix.rs` checks the same file as LibreOffice prints it.

mod common;

use std::io::Read;

use common::Repo;

const AS_OF: &str = "2025-07-10";

/// The shipped plan with a task done on time (10), one done late (18), and a task owned by
/// two agencies (47) with an update from each.
fn sample() -> Repo {
    let repo = Repo::shipped();
    let update = |args: &[&str]| repo.update(args);
    update(&["10", "--by", "so-noi-vu", "--status", "done", "--date", "2025-03-25"]);
    update(&["18", "--by", "so-nn-mt", "--status", "done", "--date", "2025-05-05"]);
    update(&["47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-30", "--evidence", "KH số 5/KH-STC"]);
    update(&[
        "47",
        "--by",
        "so-khcn",
        "--status",
        "in-progress",
        "--progress",
        "50",
        "--note",
        "Đang dự thảo",
        "--date",
        "2025-06-02",
    ]);
    repo
}

fn export(repo: &Repo, format: &str) -> Vec<u8> {
    let output = repo.plan_cmd().args(["export", "--format", format, "--as-of", AS_OF]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// One part of the workbook, as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The values of `attribute` in each `<element ...>` of `xml`, in order.
fn attributes(xml: &str, element: &str, attribute: &str) -> Vec<Option<String>> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .map(|tag| {
            let tag = format!(" {}", &tag[..tag.find('>').unwrap()]);
            let key = format!(" {attribute}=\"");
            tag.find(&key).map(|at| {
                let value = &tag[at + key.len()..];
                value[..value.find('"').unwrap()].to_string()
            })
        })
        .collect()
}

/// "A6:I63" as (first row, last row), 1-based.
fn rows_of(range: &str) -> (u32, u32) {
    let row = |cell: &str| cell.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse::<u32>().unwrap();
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    (row(first), row(last))
}

struct Sheet {
    range: calamine::Range<calamine::Data>,
}

impl Sheet {
    fn open(xlsx: &[u8]) -> Sheet {
        use calamine::Reader;
        let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        Sheet { range: workbook.worksheet_range("Phụ lục").unwrap() }
    }

    fn value(&self, row: u32, col: u32) -> Option<&calamine::Data> {
        self.range.get_value((row, col))
    }

    fn text(&self, row: u32, col: u32) -> String {
        self.value(row, col).map(|v| v.to_string()).unwrap_or_default()
    }

    /// The row (0-based) of a task, by its TT.
    fn task(&self, id: &str) -> u32 {
        (0..self.range.height() as u32).find(|&r| self.text(r, 0) == id).unwrap_or_else(|| panic!("task {id}"))
    }
}

#[test]
fn prints_on_a4_landscape_with_body_text_of_at_least_10_pt() {
    let xlsx = export(&sample(), "xlsx");
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert_eq!(attributes(&sheet, "pageSetup", "paperSize"), [Some("9".to_string())]);
    assert_eq!(attributes(&sheet, "pageSetup", "orientation"), [Some("landscape".to_string())]);
    // The scale: any explicit one, and what fitting the columns to the page width takes.
    let scale =
        attributes(&sheet, "pageSetup", "scale")[0].as_ref().map_or(100.0, |s| s.parse::<f64>().unwrap()) / 100.0;
    let margin = |side| attributes(&sheet, "pageMargins", side)[0].as_ref().unwrap().parse::<f64>().unwrap() * 72.0;
    let printable = 841.89 - margin("left") - margin("right");
    let widths: Vec<f64> =
        attributes(&sheet, "col", "width").into_iter().map(|w| w.unwrap().parse().unwrap()).collect();
    assert_eq!(widths.len(), 9, "nine printed columns");
    // A column's width counts digits of the workbook's font, padding included: Excel draws
    // a Times New Roman 11 digit 7 pixels wide (5.25 pt), LibreOffice 5.5 pt.
    let excel: f64 = widths.iter().map(|w| (w * 7.0).trunc() * 0.75).sum();
    let libreoffice: f64 = widths.iter().map(|w| w * 5.5).sum();
    let fit = (printable / excel.max(libreoffice)).min(1.0);
    let styles = part(&xlsx, "xl/styles.xml");
    let sizes: Vec<f64> = attributes(&styles, "sz", "val").into_iter().map(|s| s.unwrap().parse().unwrap()).collect();
    let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
    assert!(smallest >= 11.0, "fonts: {sizes:?}");
    assert!(smallest * scale * fit >= 10.0, "{smallest} pt × {scale} × {fit:.3} on the page");
    assert!(fit > 0.999, "the columns ({excel:.0} pt, {libreoffice:.0} pt) fit {printable:.0} pt at 100 %");
    // Times New Roman everywhere, the workbook's default font included.
    let fonts = attributes(&styles, "name", "val");
    assert!(!fonts.is_empty() && fonts.iter().all(|f| f.as_deref() == Some("Times New Roman")), "{fonts:?}");
    // The header row repeated on each page, "Trang n/N" in the footer, the header frozen.
    assert!(part(&xlsx, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
    assert!(sheet.contains("<oddFooter>") && sheet.contains("Trang &amp;P/&amp;N"), "page numbers");
    assert!(sheet.contains("state=\"frozen\""));
}

#[test]
fn every_row_of_the_table_has_its_height() {
    let xlsx = export(&sample(), "xlsx");
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    let filter = attributes(&sheet, "autoFilter", "ref")[0].clone().unwrap();
    let (header, last) = rows_of(&filter);
    assert_eq!(last - header, 52 + 7, "a row per task and per group: {filter}");
    let numbers = attributes(&sheet, "row", "r");
    let heights = attributes(&sheet, "row", "ht");
    let custom = attributes(&sheet, "row", "customHeight");
    for row in header..=last {
        let i = numbers
            .iter()
            .position(|r| r.as_deref() == Some(row.to_string().as_str()))
            .unwrap_or_else(|| panic!("row {row}"));
        let height: f64 = heights[i].as_ref().unwrap_or_else(|| panic!("row {row} has no height")).parse().unwrap();
        assert_eq!(custom[i].as_deref(), Some("1"), "row {row}");
        assert!((15.0..=409.0).contains(&height), "row {row}: {height}");
    }
    // The tallest text makes the tallest rows: task 2's result runs over many lines.
    let sheet_cells = Sheet::open(&xlsx);
    let height_of = |id: &str| {
        let row = (sheet_cells.task(id) + 1).to_string();
        heights[numbers.iter().position(|r| r.as_deref() == Some(row.as_str())).unwrap()]
            .as_ref()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert!(height_of("2") > 8.0 * 13.0, "{}", height_of("2"));
}

#[test]
fn has_the_appendix_title_and_no_merged_cells_where_it_sorts() {
    let xlsx = export(&sample(), "xlsx");
    let cells = Sheet::open(&xlsx);
    assert_eq!(cells.text(0, 0), "PHỤ LỤC");
    assert!(
        cells.text(1, 0).starts_with("Tình hình thực hiện các nhiệm vụ của Kế hoạch triển khai"),
        "{}",
        cells.text(1, 0)
    );
    assert!(cells.text(1, 0).ends_with("tính đến ngày 10/07/2025"), "{}", cells.text(1, 0));
    assert_eq!(cells.text(2, 0), "(Kèm theo Báo cáo số …)");
    let styles = part(&xlsx, "xl/styles.xml");
    assert!(styles.contains("<i/>"), "the attachment line in italic");
    // The legend names every fill used.
    let legend: Vec<String> = (0..9).map(|c| cells.text(3, c)).collect();
    for meaning in ["Quá hạn", "Đã hoàn thành quá hạn", "Đã hoàn thành đúng hạn"] {
        assert!(legend.iter().any(|l| l.contains(meaning)), "{legend:?}");
    }
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    let (header, last) = rows_of(attributes(&sheet, "autoFilter", "ref")[0].as_ref().unwrap());
    let merges = attributes(&sheet, "mergeCell", "ref");
    assert_eq!(merges.len(), 3, "the title's three lines: {merges:?}");
    for merge in merges {
        let (first, end) = rows_of(merge.as_ref().unwrap());
        assert!(end < header || first > last, "{merge:?} inside the filtered rows {header}-{last}");
    }
    // Groups are heading rows: the group in TT, its title in the task column.
    let group_row = cells.task("II");
    assert!(cells.text(group_row, 1).starts_with("Hoàn thiện thể chế"));
}

#[test]
fn the_line_under_the_title_can_be_given() {
    let repo = sample();
    let line = "(Kèm theo Báo cáo số     /BC-SKHCN ngày    /7/2025 của Sở Khoa học và Công nghệ)";
    let output =
        repo.plan_cmd().args(["export", "--format", "xlsx", "--attached", line, "--as-of", AS_OF]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(Sheet::open(&output.stdout).text(2, 0), line);
}

#[test]
fn tt_is_a_number_where_it_is_one() {
    let xlsx = export(&sample(), "xlsx");
    let cells = Sheet::open(&xlsx);
    assert!(matches!(cells.value(cells.task("16"), 0), Some(calamine::Data::Float(f)) if *f == 16.0));
    assert!(matches!(cells.value(cells.task("45a"), 0), Some(calamine::Data::String(s)) if s == "45a"));
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("numberStoredAsText=\"1\""), "45a's warning silenced");
}

#[test]
fn a_completed_task_keeps_its_due_date() {
    let repo = sample();
    let xlsx = export(&repo, "xlsx");
    let cells = Sheet::open(&xlsx);
    let due = |id: &str| match cells.value(cells.task(id), 6) {
        Some(calamine::Data::DateTime(d)) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            (epoch + chrono::Days::new(d.as_f64() as u64)).to_string()
        }
        other => panic!("task {id}: {other:?}"),
    };
    assert_eq!(cells.text(cells.task("10"), 7), "Đã hoàn thành đúng hạn");
    assert_eq!(due("10"), "2025-03-31");
    assert_eq!(cells.text(cells.task("18"), 7), "Đã hoàn thành quá hạn");
    assert_eq!(due("18"), "2025-03-31");
    // The same in the CSV.
    let csv = export(&repo, "csv");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[1] == id).unwrap().clone();
    assert_eq!(&row("10")[7], "31/03/2025");
    assert_eq!(&row("18")[7], "31/03/2025");
}

#[test]
fn a_task_of_two_agencies_shows_each_ones_latest_update() {
    let repo = sample();
    let both = "Sở Tài chính (30/03/2025): Hoàn thành – KH số 5/KH-STC\nSở KH&CN (02/06/2025): Đang thực hiện 50% – Đang dự thảo";
    let xlsx = export(&repo, "xlsx");
    let cells = Sheet::open(&xlsx);
    assert_eq!(cells.text(cells.task("47"), 8), both);
    let csv = export(&repo, "csv");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows.iter().find(|r| &r[1] == "47").unwrap()[9], both);
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let repo = sample();
    assert!(export(&repo, "xlsx") == export(&repo, "xlsx"));
}
