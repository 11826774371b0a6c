//! The appendix as an official prints it: `plan export --format xlsx` opened and printed to
//! PDF by LibreOffice, the pages read back with poppler. Needs LibreOffice, poppler and the
//! Liberation fonts (`.ci/tools` installs them); it fails, never skips, without them.

mod common;

use common::office;
use common::Repo;

const AS_OF: &str = "2025-07-10";

/// Text with all whitespace taken out: a cell's lines wrap anywhere, at a hyphen too.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The shipped plan's appendix, printed.
fn printed_appendix(repo: &Repo) -> std::path::PathBuf {
    let xlsx = repo.dir.path().join("phu-luc.xlsx");
    repo.plan_cmd().args(["export", "--format", "xlsx", "--as-of", AS_OF, "-o"]).arg(&xlsx).assert().code(0);
    office::to_pdf(&xlsx)
}

#[test]
fn the_appendix_prints_whole_on_a4_landscape_in_10_pt_or_more() {
    let repo = Repo::shipped();
    let pdf = printed_appendix(&repo);
    let sizes = office::page_sizes(&pdf);
    assert!(sizes.len() > 5, "{} pages", sizes.len());
    for (i, (width, height)) in sizes.iter().enumerate() {
        assert!((width - 841.89).abs() < 1.0 && (height - 595.28).abs() < 1.0, "page {}: {width} × {height}", i + 1);
    }
    let layout = office::text(&pdf);
    assert!(layout.contains("PHỤ LỤC"));
    assert!(layout.contains(&format!("Trang 1/{}", sizes.len())), "page numbers");
    // Every task's title, whole (a table's columns stand side by side in the page's layout,
    // so the text is read in the order it was drawn, cell by cell).
    let drawn = squeezed(&office::text_as_drawn(&pdf));
    let tasks = std::fs::read_dir(repo.plan().join("tasks")).unwrap();
    let mut checked = 0;
    for entry in tasks {
        let task: toml::Table = toml::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let title = task["title"].as_str().unwrap();
        assert!(drawn.contains(&squeezed(title)), "task {}'s title is not whole: {title}", task["id"]);
        checked += 1;
    }
    assert_eq!(checked, 52);
    // The body at 11 pt, nothing below 10 pt on the page.
    let smallest = office::min_body_font_height(&pdf);
    assert!(smallest >= 10.0, "the smallest text is {smallest:.2} pt");
    // Rows as tall as their text: no line drawn over another.
    let words = office::words(&pdf);
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let overlap_x = a.x_max.min(b.x_max) - a.x_min.max(b.x_min);
            let overlap_y = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
            assert!(
                a.page != b.page || overlap_x <= 1.0 || overlap_y <= 3.0,
                "page {}: {:?} and {:?} overlap",
                a.page,
                a.text,
                b.text
            );
        }
    }
}

/// The font size read off a word's box is the size it was set in, within a quarter point.
#[test]
fn word_boxes_give_the_font_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sizes.xlsx");
    let sizes = [8.0, 10.0, 11.0, 14.0];
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, size) in sizes.iter().enumerate() {
        let format = rust_xlsxwriter::Format::new().set_font_name("Times New Roman").set_font_size(*size);
        sheet.write_string_with_format(row as u32, 0, format!("Cỡ{size}"), &format).unwrap();
    }
    workbook.save(&path).unwrap();
    let pdf = office::to_pdf(&path);
    let words = office::words(&pdf);
    for size in sizes {
        let word = words.iter().find(|w| w.text == format!("Cỡ{size}")).unwrap_or_else(|| panic!("{words:?}"));
        assert!((word.font_size() - size).abs() < 0.25, "{size} pt read as {:.2}", word.font_size());
    }
    assert!((office::min_body_font_height(&pdf) - 8.0).abs() < 0.25);
}
