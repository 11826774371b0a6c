//! Writes sample documents of each kind the office files, for a look in LibreOffice or a
//! test that converts them to PDF:
//!
//! ```sh
//! cargo run --example docx_sample -- /tmp/x
//! soffice --headless --convert-to pdf --outdir /tmp/x /tmp/x/*.docx
//! ```
//!
//! Writes `bao-cao.docx` (a report, portrait, with a table running onto page 2, a chart
//! and a warning), `cong-van.docx` (a reminder letter) and `phu-luc.docx` (a landscape
//! appendix), plus the chart as `bieu-do.png`.

use plan::render::chart;
use plan::render::document::{Align, Block, Column, Document, Row, Table};
use plan::render::docx;

fn main() -> anyhow::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;

    let states = [
        ("Hoàn thành".to_string(), (46, 125, 50)),
        ("Quá hạn".to_string(), (198, 40, 40)),
        ("Chưa đến hạn".to_string(), (30, 136, 229)),
        ("Chờ Trung ương".to_string(), (158, 158, 158)),
    ];
    let groups: Vec<(String, Vec<u32>)> = ["I", "II", "III", "IV", "V", "VI", "VII"]
        .iter()
        .enumerate()
        .map(|(i, g)| (g.to_string(), vec![i as u32 % 3 + 1, i as u32 % 2, 3, i as u32 % 4]))
        .collect();
    let png = chart::stacked_bars("Tình trạng thực hiện nhiệm vụ theo nhóm", &groups, &states)?;
    std::fs::write(dir.join("bieu-do.png"), &png)?;

    let header = Document {
        parent_body: Some("UBND TỈNH NINH THUẬN".into()),
        issuing_body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
        number: "Số:          /BC-SKHCN".into(),
        place_date: "Ninh Thuận, ngày      tháng      năm 2025".into(),
        recipients: vec!["UBND tỉnh (b/c)".into(), "Các sở, ban, ngành".into(), "Lưu: VT, QLKH".into()],
        signer_authority: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
        ..Document::default()
    };

    let tasks = |n: usize| -> Table {
        Table {
            columns: vec![
                Column::new("TT", 1.0, Align::Center),
                Column::new("Nhiệm vụ", 7.0, Align::Left),
                Column::new("Cơ quan chủ trì", 3.5, Align::Left),
                Column::new("Thời hạn", 2.2, Align::Center),
                Column::new("Số ngày quá hạn", 2.0, Align::Right),
            ],
            rows: std::iter::once(Row::group("I. Nâng cao nhận thức, đột phá về đổi mới tư duy"))
                .chain((1..=n).map(|i| {
                    Row::new(vec![
                        i.to_string(),
                        format!("Xây dựng kế hoạch triển khai Đề án chuyển đổi số thường xuyên, nhiệm vụ số {i}"),
                        "Sở Khoa học và Công nghệ".into(),
                        "30/06/2025".into(),
                        format!("{}", i * 3),
                    ])
                }))
                .chain(std::iter::once(Row::total(vec![
                    "".into(),
                    "Tổng cộng".into(),
                    "".into(),
                    "".into(),
                    n.to_string(),
                ])))
                .collect(),
            font_pt: None,
        }
    };

    let report = Document {
        kind: Some("BÁO CÁO".into()),
        subject: Some(
            "Tình hình thực hiện Kế hoạch số 02/KH-UBND của UBND tỉnh\n6 tháng đầu năm 2025".into(),
        ),
        blocks: vec![
            Block::Warning("Báo cáo lập khi kế hoạch còn lỗi: nhiệm vụ 16 không đọc được và không có trong số liệu.".into()),
            Block::Paragraph("Thực hiện Kế hoạch số 02/KH-UBND ngày 15/01/2025 của Ủy ban nhân dân (UBND) tỉnh về thực hiện Nghị quyết số 57-NQ/TW, Sở Khoa học và Công nghệ (Sở KH&CN) báo cáo như sau:".into()),
            Block::Section("I. KẾT QUẢ THỰC HIỆN".into()),
            Block::Subsection("1. Kết quả chung".into()),
            Block::Paragraph("Kế hoạch có 50 nhiệm vụ (52 nội dung); đến ngày 20/6/2025 đã hoàn thành 12 nội dung, quá hạn 10 nội dung.".into()),
            Block::Placeholder("Chuyên viên bổ sung: đánh giá chung về kết quả thực hiện".into()),
            Block::Image { png, width_mm: 160.0, height_mm: 96.0, caption: Some("Hình 1. Tình trạng thực hiện nhiệm vụ theo nhóm".into()) },
            Block::Subsection("2. Nhiệm vụ quá hạn".into()),
            Block::Table(tasks(25)),
            Block::Section("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN".into()),
            Block::Placeholder("Chuyên viên bổ sung: nguyên nhân".into()),
            Block::Section("III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI".into()),
            Block::Paragraph("Đôn đốc các cơ quan hoàn thành nhiệm vụ quá hạn.".into()),
            Block::Section("IV. ĐỀ XUẤT, KIẾN NGHỊ".into()),
            Block::Placeholder("Chuyên viên bổ sung: kiến nghị".into()),
        ],
        ..header.clone()
    };
    std::fs::write(dir.join("bao-cao.docx"), docx::write(&report)?)?;

    let letter = Document {
        number: "Số:          /SKHCN-QLKH".into(),
        excerpt: Some("V/v đôn đốc thực hiện Kế hoạch số 02/KH-UBND".into()),
        addressees: vec!["Sở Tài chính".into()],
        blocks: vec![
            Block::Paragraph("Theo dõi việc thực hiện Kế hoạch số 02/KH-UBND, đến ngày 20/6/2025 Quý cơ quan còn các nhiệm vụ sau chưa hoàn thành:".into()),
            Block::Table(tasks(3)),
            Block::Paragraph("Đề nghị Quý cơ quan khẩn trương thực hiện và báo cáo kết quả về Sở Khoa học và Công nghệ.".into()),
        ],
        recipients: vec!["Như trên".into(), "Lưu: VT, QLKH".into()],
        ..header.clone()
    };
    std::fs::write(dir.join("cong-van.docx"), docx::write(&letter)?)?;

    let appendix = Document {
        kind: Some("PHỤ LỤC".into()),
        subject: Some("Danh mục nhiệm vụ quá hạn".into()),
        subject_note: Some("(Kèm theo Báo cáo số      /BC-SKHCN ngày      của Sở Khoa học và Công nghệ)".into()),
        attached: true,
        blocks: vec![Block::Table(tasks(30))],
        landscape: true,
        ..header
    };
    std::fs::write(dir.join("phu-luc.docx"), docx::write(&appendix)?)?;
    Ok(())
}
