//! The documents as an office sees them: LibreOffice (headless) prints them to PDF, and
//! poppler's tools read the pages back. Nothing is skipped: without the programs the
//! tests fail and say how to install them (`.ci/tools`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The size of a word's box in pdftotext's `-bbox-layout` over the size of its font:
/// poppler gives every word of a font the font's full height (ascent to descent, here
/// Liberation Serif, Times New Roman's metric twin, as LibreOffice embeds it), whatever its
/// letters, so the ratio is the same for every word of that font. Measured, and checked
/// by `tests/office_appendix.rs` on cells of known sizes.
pub const WORD_BOX_PER_POINT: f64 = 1.30;

const NEEDED: &str = "LibreOffice is needed: run .ci/tools";

/// Runs a program that must be installed, with a time limit.
fn run(program: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    assert!(found, "{program} is not on PATH. {NEEDED}");
    let output = crate::common::output_within(Command::new(program).args(args), Duration::from_secs(300));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Prints `path` to PDF with LibreOffice, beside it, and returns the PDF's path. Each call
/// has its own LibreOffice profile, so tests running at once do not share (and lock) one.
pub fn to_pdf(path: &Path) -> PathBuf {
    let dir = path.parent().expect("a file in a folder");
    let profile = tempfile::tempdir().expect("temp dir");
    let profile_url = format!("-env:UserInstallation=file://{}", profile.path().display());
    run(
        "soffice",
        &[
            profile_url.as_ref(),
            "--headless".as_ref(),
            "--convert-to".as_ref(),
            "pdf".as_ref(),
            "--outdir".as_ref(),
            dir.as_os_str(),
            path.as_os_str(),
        ],
    );
    let pdf = path.with_extension("pdf");
    assert!(pdf.is_file(), "LibreOffice wrote no {}", pdf.display());
    pdf
}

/// Each page's width and height in points (A4 landscape: 841.89 × 595.28).
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let output = run("pdfinfo", &["-f".as_ref(), "1".as_ref(), "-l".as_ref(), "100000".as_ref(), pdf.as_os_str()]);
    // "Page    1 size: 841.89 x 595.304 pts (A4)"
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with("Page ") && line.contains(" size: "))
        .map(|line| {
            let size = line.split(" size: ").nth(1).unwrap();
            let mut numbers = size.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
            (numbers.next().unwrap(), numbers.next().unwrap())
        })
        .collect()
}

/// The text laid out as on the page (`pdftotext -layout`): columns side by side.
pub fn text(pdf: &Path) -> String {
    let output = run("pdftotext", &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The text in the order it was drawn (`pdftotext -raw`): a table cell's lines together.
pub fn text_as_drawn(pdf: &Path) -> String {
    let output = run("pdftotext", &["-raw".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A word on a page and its box, in points from the page's top left.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
}

impl Word {
    /// The size of its font in points, from its box's height (see [`WORD_BOX_PER_POINT`]).
    pub fn font_size(&self) -> f64 {
        (self.y_max - self.y_min) / WORD_BOX_PER_POINT
    }
}

/// Every word of the PDF with its box (`pdftotext -bbox-layout`).
pub fn words(pdf: &Path) -> Vec<Word> {
    let output = run("pdftotext", &["-bbox-layout".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let attribute = |tag: &str, name: &str| -> f64 {
        let tag = format!(" {tag}");
        let key = format!(" {name}=\"");
        let value = &tag[tag.find(&key).unwrap() + key.len()..];
        value[..value.find('"').unwrap()].parse().unwrap()
    };
    let mut words = Vec::new();
    for (page, text) in html.split("<page ").skip(1).enumerate() {
        for word in text.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap();
            words.push(Word {
                page: page + 1,
                text: text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""),
                x_min: attribute(tag, "xMin"),
                y_min: attribute(tag, "yMin"),
                x_max: attribute(tag, "xMax"),
                y_max: attribute(tag, "yMax"),
            });
        }
    }
    words
}

/// The smallest font size in points of any word on the pages (the body text, the headings
/// and the footer alike).
pub fn min_body_font_height(pdf: &Path) -> f64 {
    words(pdf).iter().map(Word::font_size).fold(f64::MAX, f64::min)
}
