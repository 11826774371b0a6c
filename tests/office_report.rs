//! The report and an agency's report as an official files them: the .docx `plan report`
//! writes, opened and printed to PDF by LibreOffice, the pages read back with poppler.
//! Needs LibreOffice, poppler and the Liberation fonts (`.ci/tools` installs them); it
//! fails, never skips, without them.

mod common;

use common::office;
use common::Repo;

/// The shipped plan with a task done (with its evidence) and one blocked.
fn sample() -> Repo {
    let repo = Repo::shipped();
    for args in [
        &["10", "--by", "so-noi-vu", "--status", "done", "--date", "2025-03-25", "--evidence", "Kế hoạch số 12/KH-SNV"]
            [..],
        &[
            "40",
            "--by",
            "cong-an-tinh",
            "--status",
            "blocked",
            "--note",
            "Chờ Bộ Công an hướng dẫn",
            "--date",
            "2025-06-20",
        ],
    ] {
        repo.update(args);
    }
    repo
}

/// The pages' text, one string per page.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    office::text(pdf).split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

/// The text as drawn with all whitespace taken out: a cell's lines wrap anywhere.
fn squeezed(pdf: &std::path::Path) -> String {
    office::text_as_drawn(pdf).chars().filter(|c| !c.is_whitespace()).collect()
}

fn has(pdf: &std::path::Path, text: &str) -> bool {
    squeezed(pdf).contains(&text.chars().filter(|c| !c.is_whitespace()).collect::<String>())
}

fn first_line(page: &str) -> &str {
    page.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
}

fn assert_administrative_layout(pdf: &std::path::Path, issuing_body: &str) {
    let sizes = office::page_sizes(pdf);
    assert!(sizes.len() >= 3, "{} pages", sizes.len());
    for (i, (width, height)) in sizes.iter().enumerate() {
        assert!((width - 595.3).abs() < 1.0 && (height - 841.9).abs() < 1.0, "page {}: {width} × {height}", i + 1);
    }
    let pages = pages(pdf);
    let first = &pages[0];
    for line in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", issuing_body, "BÁO CÁO", "Số:"]
    {
        assert!(first.contains(line), "page 1 lacks {line:?}:\n{first}");
    }
    // Page numbers at the top, from page 2 on.
    assert!(first_line(first).parse::<u32>().is_err(), "page 1 has no number: {}", first_line(first));
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert_eq!(first_line(page), (i + 1).to_string(), "page {}", i + 1);
    }
    let all = pages.join("\n");
    for section in [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
    ] {
        assert!(all.contains(section), "no {section:?}");
    }
    // Body and tables in 10 pt or more (the header block's lines are 12–14 pt).
    let smallest = office::min_body_font_height(pdf);
    assert!(smallest >= 10.0, "smallest text {smallest:.1} pt");
    let fonts = std::process::Command::new("pdffonts").arg(pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.lines().skip(2).all(|l| l.contains("LiberationSerif")), "only Times New Roman's twin:\n{fonts}");
}

#[test]
fn the_report_prints_as_an_administrative_document() {
    let repo = sample();
    repo.plan_cmd().args(["report", "2025-H1"]).assert().code(0);
    let dir = repo.dir.path().join("reports/2025-H1");
    let pdf = office::to_pdf(&dir.join("bao-cao-2025-H1.docx"));
    assert_administrative_layout(&pdf, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert!(has(&pdf, "UBND TỈNH NINH THUẬN"));
    assert!(has(&pdf, "Tổng số 50 nhiệm vụ (52 nội dung)"), "the summary sentence");
    assert!(has(&pdf, "Sở Nội vụ: Kế hoạch số 12/KH-SNV"), "a completed task's evidence");
    assert!(has(&pdf, "Chờ Bộ Công an hướng dẫn"), "a blocked task's note");
    assert!(has(&pdf, "Chuyên viên bổ sung"), "places for the specialist's words");
}

#[test]
fn an_agency_report_is_issued_by_the_agency() {
    let repo = sample();
    repo.plan_cmd().args(["report", "2025-H1", "--agency", "Sở Nội vụ"]).assert().code(0);
    let docx = repo.dir.path().join("reports/2025-H1/so-noi-vu/bao-cao-2025-H1-so-noi-vu.docx");
    let pdf = office::to_pdf(&docx);
    assert_administrative_layout(&pdf, "SỞ NỘI VỤ");
    assert!(has(&pdf, "Kế hoạch số 12/KH-SNV"), "its completed task with its evidence");
    assert!(!has(&pdf, "Chờ Bộ Công an hướng dẫn"), "another agency's trouble is not its own");
    assert!(has(&pdf, "Sở Khoa học và Công nghệ (tổng hợp)"), "sent through DOST");
}
