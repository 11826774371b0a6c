//! `plan import`: the shipped plan written as its official table (.docx, and the .xlsx
//! appendix) and imported back gives the same tasks; fixtures built here for the hard
//! cases of real plans (header variants in another order, merged cells, sub-items under a
//! lead-in, a table split over pages, blank cells, collectives, deadline wording no one
//! can read); CSV as Excel writes it; refusals.

mod common;

use std::path::Path;

use common::Repo;
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("plan")
        .unwrap()
        .current_dir(dir)
        .env_remove("PLAN_DIR")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// What a task says, with its agencies as ids the plan's registry resolves them to.
fn tasks(plan: &Path) -> Vec<String> {
    let loaded = plan::load::load_with(
        &plan::load::PlanDir::new(plan.to_path_buf()),
        plan::load::Options { use_cache: false, texts: true, no_updates_after: None },
    );
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| !d.problem.is_warning()).collect();
    assert!(errors.is_empty(), "{}: {errors:?}", plan.display());
    let p = &loaded.plan;
    let ids = |refs: &[plan::registry::AgencyRef]| refs.iter().map(|r| p.registry.id(*r)).collect::<Vec<_>>().join(",");
    p.tasks
        .iter()
        .map(|t| {
            let schedules: Vec<String> = t.milestones.iter().map(|m| format!("{:?}", m.schedule)).collect();
            format!(
                "{} [{}] {:?} {:?} | {} | {} | {:?} | {:?} {:?}",
                t.id,
                t.group,
                t.heading,
                t.title,
                ids(&t.owner),
                ids(&t.partners),
                t.result,
                t.deadline,
                schedules
            )
        })
        .collect()
}

fn round_trip(format: &str) {
    let repo = Repo::shipped();
    let file = format!("ke-hoach.{format}");
    let (code, _, err) = run(repo.dir.path(), &["export", "--format", format, "-o", &file]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) =
        run(repo.dir.path(), &["import", &file, "--out", "nhap", "--registry", "plan/agencies.toml"]);
    if format == "xlsx" {
        // The appendix names the plan but not who issued it when: the clerk fills them in.
        assert_eq!(code, 1, "{out}\n{err}");
        assert!(err.contains("thiếu trường `issuer`") && err.contains("thiếu trường `issued`"), "{err}");
        assert!(
            out.contains(
                "Chưa thấy trong văn bản: cơ quan ban hành (issuer), số văn bản (number), tháng ban hành (issued)"
            ),
            "{out}"
        );
        let path = repo.dir.path().join("nhap/plan.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("issuer = \"Ủy ban nhân dân tỉnh Ninh Thuận\"\nissued = \"02/2025\"\n{text}"))
            .unwrap();
    } else {
        assert_eq!(code, 0, "{out}\n{err}");
    }
    assert!(out.contains("50 nhiệm vụ (52 nội dung) trong 7 nhóm"), "{out}");
    assert!(out.contains("Thời hạn đọc được: 52/52"), "{out}");
    assert!(out.contains("0 cơ quan và 0 nhóm cơ quan tạo mới"), "{out}");
    assert_eq!(tasks(&repo.dir.path().join("nhap")), tasks(&repo.plan()));
    let (code, _, err) = run(repo.dir.path(), &["check", "--plan", "nhap"]);
    assert_eq!(code, 0, "{err}");
    let (code, overdue, err) = run(repo.dir.path(), &["overdue", "--plan", "nhap", "--as-of", "2025-07-10"]);
    let (_, shipped, _) = run(repo.dir.path(), &["overdue", "--as-of", "2025-07-10"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(overdue, shipped);
}

#[test]
fn the_shipped_plan_as_its_word_table_imports_back_to_the_same_tasks() {
    round_trip("docx");
    // The metadata from the document's header and signature.
    let repo = Repo::shipped();
    run(repo.dir.path(), &["export", "--format", "docx", "-o", "k.docx"]);
    run(repo.dir.path(), &["import", "k.docx", "--out", "nhap"]);
    let meta = std::fs::read_to_string(repo.dir.path().join("nhap/plan.toml")).unwrap();
    for line in [
        "issuer = \"Ủy ban nhân dân tỉnh Ninh Thuận\"",
        "number = \"/KH-UBND\"",
        "issued = \"02/2025\"",
        "signed_by = \"Trần Quốc Nam, Chủ tịch Ủy ban nhân dân tỉnh\"",
        "title = \"Kế hoạch triển khai Chương trình hành động",
    ] {
        assert!(meta.contains(line), "{line}\n{meta}");
    }
}

#[test]
fn the_xlsx_appendix_imports_back_to_the_same_tasks_its_extra_columns_reported() {
    round_trip("xlsx");
    let repo = Repo::shipped();
    run(repo.dir.path(), &["export", "--format", "xlsx", "-o", "k.xlsx"]);
    let (_, out, _) = run(repo.dir.path(), &["import", "k.xlsx", "--out", "nhap", "--lang", "en"]);
    assert!(out.contains("Columns ignored: Hạn; Tình trạng; Cập nhật gần nhất, ghi chú"), "{out}");
}

fn cell(text: &str) -> TableCell {
    text.split('|').fold(TableCell::new(), |c, p| c.add_paragraph(Paragraph::new().add_run(Run::new().add_text(p))))
}

fn row(cells: &[&str]) -> TableRow {
    TableRow::new(cells.iter().map(|c| cell(c)).collect())
}

/// A ministry-style plan: its header in another order with an extra column, a group row
/// across the table, an owner merged over two rows, two paragraphs in a cell, a lead-in
/// with sub-items, the table continued in a second table without its header, blank
/// cells, collectives, abbreviations and a deadline no one can read.
fn hard_plan() -> Vec<u8> {
    let header = row(&[
        "STT",
        "Nội dung nhiệm vụ",
        "Thời hạn hoàn thành",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Kết quả, sản phẩm",
        "Ghi chú",
    ]);
    let numbers = row(&["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]);
    let group = TableRow::new(vec![cell("I. HOÀN THIỆN THỂ CHẾ").grid_span(7)]);
    let first = Table::new(vec![
        header,
        numbers,
        group,
        TableRow::new(vec![
            cell("1"),
            cell("Xây dựng Đề án chuyển đổi số|Giai đoạn 2025-2030"),
            cell("Quý II/2025"),
            cell("Sở KH&CN").vertical_merge(VMergeType::Restart),
            cell("Sở Văn hóa, Thể thao và Du lịch, Sở Tài chính"),
            cell("Đề án"),
            cell(""),
        ]),
        TableRow::new(vec![
            cell("2"),
            cell("Rà soát thủ tục hành chính"),
            cell("Sớm nhất có thể"),
            cell("").vertical_merge(VMergeType::Continue),
            cell("Các sở, ban, ngành; UBND các huyện, thành phố"),
            cell(""),
            cell("x"),
        ]),
    ]);
    let second = Table::new(vec![
        row(&["3", "Nghiên cứu xây dựng chính sách về:", "", "", "", "", ""]),
        row(&["a)", "Thu hút nhân tài", "Năm 2026", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Chính sách", ""]),
        row(&[
            "b)",
            "Hỗ trợ khởi nghiệp",
            "Trong 02 tháng sau khi Bộ KH&CN ban hành hướng dẫn",
            "Sở Tài chính",
            "",
            "Chính sách",
            "",
        ]),
        row(&["4", "Triển khai thường xuyên", "Thường xuyên", "Các bộ, ngành, địa phương", "", "Báo cáo", ""]),
    ]);
    let doc = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("BỘ KHOA HỌC VÀ CÔNG NGHỆ")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Số: 45/KH-BKHCN")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Hà Nội, ngày 20 tháng 3 năm 2025")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("KẾ HOẠCH")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Thực hiện Nghị quyết số 57-NQ/TW")))
        .add_table(first)
        .add_paragraph(Paragraph::new())
        .add_table(second);
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn a_ministrys_word_table_with_the_hard_cases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kh.docx"), hard_plan()).unwrap();
    let (code, out, err) = run(dir.path(), &["import", "kh.docx", "--out", "kh"]);
    // The deadline no one can read is left for the clerk: plan check says so.
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("tasks/2.toml") && err.contains("Sớm nhất có thể"), "{err}");
    assert!(err.contains("cảnh báo") && err.contains("chưa có thành viên"), "{err}");
    assert!(out.contains("4 nhiệm vụ (5 nội dung) trong 1 nhóm"), "{out}");
    assert!(out.contains("Thời hạn đọc được: 4/5"), "{out}");
    assert!(out.contains("bảng 1, dòng 5 (nhiệm vụ 2): \"Sớm nhất có thể\""), "{out}");
    assert!(out.contains("Cột bỏ qua: Ghi chú"), "{out}");
    assert!(out.contains("bảng 1, dòng 2: dòng đánh số cột"), "{out}");
    assert!(
        out.contains("Các sở, ban, ngành; UBND các huyện, thành phố; Các bộ, ngành, địa phương"),
        "collectives to fill: {out}"
    );
    let read = |f: &str| std::fs::read_to_string(dir.path().join("kh").join(f)).unwrap();
    let plan_toml = read("plan.toml");
    assert!(plan_toml.contains("issuer = \"Bộ Khoa học và Công nghệ\""), "{plan_toml}");
    assert!(plan_toml.contains("number = \"45/KH-BKHCN\"") && plan_toml.contains("issued = \"03/2025\""));
    assert!(plan_toml.contains("title = \"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW\""), "{plan_toml}");
    assert!(plan_toml.contains("id = \"I\"\ntitle = \"HOÀN THIỆN THỂ CHẾ\""), "{plan_toml}");
    let one = read("tasks/1.toml");
    assert!(one.contains("Xây dựng Đề án chuyển đổi số\nGiai đoạn 2025-2030"), "{one}");
    assert!(one.contains("owner = [\"Sở KH&CN\"]"), "{one}");
    assert!(one.contains("\"Sở Văn hóa, Thể thao và Du lịch\",\n    \"Sở Tài chính\","), "{one}");
    let two = read("tasks/2.toml");
    assert!(
        two.contains("owner = [\"Sở Khoa học và Công nghệ\"]") || two.contains("owner = [\"Sở KH&CN\"]"),
        "merged: {two}"
    );
    assert!(two.contains("result = \"\"") && two.contains("deadline = \"Sớm nhất có thể\""), "{two}");
    let a = read("tasks/3a.toml");
    assert!(
        a.contains("heading = \"Nghiên cứu xây dựng chính sách về:\"") && a.contains("title = \"Thu hút nhân tài\""),
        "{a}"
    );
    let b = read("tasks/3b.toml");
    assert!(b.contains("event = "), "{b}");
    let agencies = read("agencies.toml");
    // "Sở KH&CN" and "Sở Khoa học và Công nghệ" are one agency.
    assert_eq!(agencies.matches("kind = \"department\"").count(), 4, "{agencies}");
    assert!(agencies.contains("id = \"so-khcn\""), "{agencies}");
    assert_eq!(agencies.matches("[[collective]]").count(), 3, "{agencies}");
    let events = read("events.toml");
    assert!(events.contains("description = \"Bộ KH&CN ban hành hướng dẫn (nhiệm vụ 3b)\""), "{events}");
    // Once a date is given, the plan passes.
    std::fs::write(
        dir.path().join("kh/tasks/2.toml"),
        two.replace("deadline = \"Sớm nhất có thể\"", "deadline = \"Sớm nhất có thể\"\ndue = 2025-06-30"),
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["check", "--plan", "kh"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(dir.path(), &["overdue", "--plan", "kh", "--as-of", "2025-07-15"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Xây dựng Đề án chuyển đổi số"), "{out}");
}

#[test]
fn csv_as_excel_saves_it_in_vietnam() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}KẾ HOẠCH;;;;;\r\nTT;Nhiệm vụ;Cơ quan chủ trì;Cơ quan phối hợp;Yêu cầu về kết quả;Tiến độ\r\n\
                I;Nhóm một;;;;\r\n1;\"Việc; một\";Sở Y tế;;Kế hoạch;Trong quý III/2025\r\n";
    std::fs::write(dir.path().join("kh.csv"), text).unwrap();
    let (code, out, err) = run(dir.path(), &["import", "kh.csv", "--out", "kh", "--lang", "en"]);
    assert_eq!(code, 1, "title and issuer left to fill: {out}\n{err}");
    assert!(out.contains("Deadlines understood: 1/1"), "{out}");
    assert!(out.contains("Not found in the document: title, issuer, number"), "{out}");
    let task = std::fs::read_to_string(dir.path().join("kh/tasks/1.toml")).unwrap();
    assert!(task.contains("title = \"Việc; một\"") && task.contains("owner = [\"Sở Y tế\"]"), "{task}");
}

#[test]
fn refusals_teach_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plan")).unwrap();
    std::fs::write(dir.path().join("plan/x"), "").unwrap();
    std::fs::write(dir.path().join("kh.csv"), "TT,Nhiệm vụ,Cơ quan chủ trì\n1,Việc,Sở Y tế\n").unwrap();
    let (code, _, err) = run(dir.path(), &["import", "kh.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("không trống") && err.contains("--out"), "{err}");
    std::fs::write(dir.path().join("kh.pdf"), "x").unwrap();
    let (code, _, err) = run(dir.path(), &["import", "kh.pdf", "--out", "a"]);
    assert_eq!(code, 2);
    assert!(err.contains(".docx") && err.contains("gợi ý"), "{err}");
    std::fs::write(dir.path().join("none.csv"), "a,b\n1,2\n").unwrap();
    let (code, _, err) = run(dir.path(), &["import", "none.csv", "--out", "a", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("no task table found") && err.contains("Nhiệm vụ"), "{err}");
    assert!(!dir.path().join("a").exists());
    std::fs::write(dir.path().join("bad.docx"), "not a zip").unwrap();
    let (code, _, err) = run(dir.path(), &["import", "bad.docx", "--out", "a"]);
    assert_eq!(code, 2, "{err}");
}
