//! `plan import FILE [--out DIR] [--registry FILE]`: a plan from the Word document (.docx),
//! workbook (.xlsx) or text table (.csv, .tsv) it was issued in, written as a new plan
//! folder, checked as `plan check` checks it, with a summary of what was read and what
//! the clerk must decide.

use std::path::{Path, PathBuf};

use crate::cmd::{Exit, Io, Session};
use crate::i18n::Lang;
use crate::import::{self, table, Block, Grid};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The plan as issued: a Word document (.docx), an Excel workbook (.xlsx) or a table saved as text (.csv, .tsv)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The new plan folder (default: plan/ in the current folder); it must not exist yet, or be empty
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Match the agencies to this registry (an agencies.toml), which the new plan takes as its own
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
}

pub fn run(args: &Args, lang: Lang, io: &mut Io) -> anyhow::Result<Exit> {
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("plan"));
    refuse_existing(&out, lang)?;
    let path = &args.file;
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("{} {}: {e}", lang.pick("không đọc được", "cannot read"), path.display()))?;
    let (read, lines) = read_table(path, &bytes, lang)?;
    let (registry, registry_text) = match &args.registry {
        Some(file) => {
            let (registry, text) = read_registry(file, lang, io)?;
            (Some(registry), Some(text))
        }
        None => (None, None),
    };
    let meta = import::meta::read(&lines);
    let imported = import::plan::build(read, meta, registry.as_ref());
    let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let files = import::write::files(&imported, registry_text.as_deref(), &source);
    write_folder(&out, &files, lang)?;

    // The new plan, checked as `plan check` checks it.
    let dir = crate::load::PlanDir::new(out.clone());
    let loaded =
        crate::load::load_with(&dir, crate::load::Options { use_cache: false, texts: true, no_updates_after: None });
    let session = Session {
        dir,
        as_of: chrono::Local::now().date_naive(),
        as_of_given: false,
        lang,
        use_cache: false,
        color: false,
        screen: crate::render::Screen::detect(None, false),
    };
    let exit = session.print_diagnostics(&loaded.diagnostics, io.err)?;
    let summary = summary(&imported, &out, &source, args.registry.as_deref(), lang);
    io.out.write_all(summary.as_bytes())?;
    Ok(exit)
}

/// An --out folder that holds anything is never written into.
fn refuse_existing(out: &Path, lang: Lang) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()) => Ok(()),
        Ok(_) => anyhow::bail!(
            "{} {}\n  = {}: {}",
            out.display(),
            lang.pick(
                "đã có và không trống; plan import không ghi đè",
                "already exists and is not empty; plan import does not overwrite it"
            ),
            lang.pick("gợi ý", "hint"),
            lang.pick(
                "chọn thư mục mới với --out, ví dụ --out ke-hoach-moi",
                "choose a new folder with --out, e.g. --out new-plan"
            ),
        ),
    }
}

/// The plan's table in the file, and the document's other text (for its metadata).
fn read_table(path: &Path, bytes: &[u8], lang: Lang) -> anyhow::Result<(table::Read, Vec<String>)> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let not_found = || {
        import::unreadable(
            path,
            lang.pick(
                "không thấy bảng nhiệm vụ: cần một dòng tiêu đề có cột \"Nhiệm vụ\" và ít nhất hai cột khác",
                "no task table found: it needs a header row with a \"Nhiệm vụ\" column and two others at least",
            ),
            lang.pick(
                "các cột đọc được: TT/STT; Nhiệm vụ/Nội dung nhiệm vụ; Cơ quan chủ trì/Đơn vị chủ trì; Cơ quan phối hợp/Đơn vị phối hợp; Yêu cầu về kết quả/Kết quả, sản phẩm; Thời gian hoàn thành/Thời hạn/Tiến độ",
                "columns read: TT/STT; Nhiệm vụ/Nội dung nhiệm vụ; Cơ quan chủ trì/Đơn vị chủ trì; Cơ quan phối hợp/Đơn vị phối hợp; Yêu cầu về kết quả/Kết quả, sản phẩm; Thời gian hoàn thành/Thời hạn/Tiến độ",
            ),
        )
    };
    match extension.as_str() {
        "docx" | "docm" => {
            let blocks = import::docx::read(bytes).map_err(|e| {
                import::unreadable(
                    path,
                    &format!(
                        "{}: {e}",
                        lang.pick("không đọc được như tệp Word (.docx)", "cannot be read as a Word file (.docx)")
                    ),
                    lang.pick(
                        "mở bằng Word hoặc LibreOffice rồi lưu lại dạng .docx (tệp .doc cũ cũng vậy)",
                        "open it in Word or LibreOffice and save it as .docx (an old .doc file too)",
                    ),
                )
            })?;
            let grids: Vec<&Grid> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(g) => Some(g),
                    Block::Paragraph(_) => None,
                })
                .collect();
            let read = table::read(&grids).ok_or_else(not_found)?;
            let mut lines = Vec::new();
            let mut table_index = 0;
            for block in &blocks {
                match block {
                    Block::Paragraph(text) => lines.extend(text.split('\n').map(str::to_string)),
                    Block::Table(grid) => {
                        if !read.used.contains(&table_index) {
                            lines.extend(grid_lines(grid, grid.rows.len()));
                        }
                        table_index += 1;
                    }
                }
            }
            Ok((read, lines))
        }
        "xlsx" | "xlsm" => {
            let sheets = import::sheet::read_xlsx(bytes).map_err(|e| {
                import::unreadable(
                    path,
                    &format!(
                        "{}: {e}",
                        lang.pick("không đọc được như tệp Excel (.xlsx)", "cannot be read as an Excel file (.xlsx)")
                    ),
                    lang.pick(
                        "mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx",
                        "open it in Excel or LibreOffice and save it as .xlsx",
                    ),
                )
            })?;
            sheets
                .iter()
                .find_map(|(_, grid)| {
                    let read = table::read(&[grid])?;
                    let header = table::find_header(&grid.rows).map_or(0, |h| h.0);
                    Some((read, grid_lines(grid, header)))
                })
                .ok_or_else(not_found)
        }
        "csv" | "tsv" | "txt" => {
            let grids = import::sheet::read_delimited(bytes, extension == "tsv").map_err(|e| {
                import::unreadable(
                    path,
                    &format!("{}: {e}", lang.pick("không đọc được như văn bản UTF-8", "cannot be read as UTF-8 text")),
                    lang.pick(
                        "trong Excel chọn Lưu thành \"CSV UTF-8 (Comma delimited)\"",
                        "in Excel choose Save As \"CSV UTF-8 (Comma delimited)\"",
                    ),
                )
            })?;
            grids
                .iter()
                .find_map(|grid| {
                    let read = table::read(&[grid])?;
                    let header = table::find_header(&grid.rows).map_or(0, |h| h.0);
                    Some((read, grid_lines(grid, header)))
                })
                .ok_or_else(not_found)
        }
        _ => Err(import::unreadable(
            path,
            lang.pick("không phải tệp .docx, .xlsx, .csv hay .tsv", "is not a .docx, .xlsx, .csv or .tsv file"),
            lang.pick(
                "lưu văn bản kế hoạch dạng Word (.docx) hoặc bảng dạng Excel (.xlsx) rồi nhập tệp đó",
                "save the plan as a Word document (.docx) or its table as a workbook (.xlsx) and import that",
            ),
        )),
    }
}

/// The text of the first `rows` rows of a grid, line by line, cell by cell.
fn grid_lines(grid: &Grid, rows: usize) -> Vec<String> {
    grid.rows[..rows.min(grid.rows.len())]
        .iter()
        .flat_map(|r| r.cells.iter().flat_map(|c| c.split('\n').map(str::to_string)).collect::<Vec<_>>())
        .collect()
}

/// The registry given with --registry and its text; one with problems is refused.
fn read_registry(file: &Path, lang: Lang, io: &mut Io) -> anyhow::Result<(crate::registry::Registry, String)> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("{} {}: {e}", lang.pick("không đọc được", "cannot read"), file.display()))?;
    let mut diagnostics = Vec::new();
    let registry = crate::load::document::with_document(
        file,
        file.display().to_string(),
        &mut diagnostics,
        crate::load::agencies::read,
    );
    let problems: Vec<_> = diagnostics.iter().filter(|d| !d.problem.is_warning()).collect();
    if !problems.is_empty() || registry.is_none() {
        for d in &problems {
            writeln!(io.err, "{}\n", d.render(lang, false))?;
        }
        anyhow::bail!(
            "{} {}",
            file.display(),
            lang.pick("có lỗi ở trên: sửa rồi nhập lại", "has the problems above: fix them and import again")
        );
    }
    Ok((registry.expect("checked"), text))
}

/// Writes the files into a new folder beside `out` and renames it to `out`: a run that
/// fails leaves no half-written plan.
fn write_folder(out: &Path, files: &[(String, String)], lang: Lang) -> anyhow::Result<()> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| anyhow::anyhow!("{} {}: {e}", lang.pick("không tạo được", "cannot create"), parent.display()))?;
    let temp = tempfile::Builder::new().prefix(".plan-import-").tempdir_in(parent).map_err(|e| {
        anyhow::anyhow!("{} {}: {e}", lang.pick("không ghi được vào", "cannot write in"), parent.display())
    })?;
    std::fs::create_dir(temp.path().join("tasks"))?;
    for (relative, text) in files {
        crate::write::write_atomic(&temp.path().join(relative), text.as_bytes())?;
    }
    if std::fs::symlink_metadata(out).is_ok() {
        // Empty, as checked: the rename replaces it.
        std::fs::remove_dir(out)?;
    }
    let kept = temp.keep();
    std::fs::rename(&kept, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        anyhow::anyhow!("{} {}: {e}", lang.pick("không ghi được", "cannot write"), out.display())
    })?;
    Ok(())
}

fn summary(imported: &import::plan::Imported, out: &Path, source: &str, registry: Option<&Path>, lang: Lang) -> String {
    use std::fmt::Write as _;
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    let items = imported.tasks.len();
    let mut numbers: Vec<String> = imported
        .tasks
        .iter()
        .map(|t| t.item.id.trim_end_matches(|c: char| c.is_ascii_alphabetic()).to_string())
        .collect();
    numbers.dedup();
    let _ = writeln!(s, "{} {source} {} {}", lang.pick("Đã nhập", "Imported"), lang.pick("vào", "into"), out.display());
    let _ = writeln!(
        s,
        "- {}",
        if vi {
            format!("Nhiệm vụ: {} nhiệm vụ ({items} nội dung) trong {} nhóm", numbers.len(), imported.groups.len())
        } else {
            format!("Tasks: {} tasks ({items} items) in {} groups", numbers.len(), imported.groups.len())
        }
    );
    let agencies = imported.created.iter().filter(|c| c.kind.is_some()).count();
    let collectives: Vec<&str> =
        imported.created.iter().filter(|c| c.kind.is_none()).map(|c| c.name.as_str()).collect();
    let _ = writeln!(
        s,
        "- {}",
        match (registry, vi) {
            (Some(r), true) => format!(
                "Cơ quan: {} khớp với {}, {agencies} cơ quan và {} nhóm cơ quan tạo mới",
                imported.matched,
                r.display(),
                collectives.len()
            ),
            (Some(r), false) => format!(
                "Agencies: {} matched in {}, {agencies} agencies and {} collectives created",
                imported.matched,
                r.display(),
                collectives.len()
            ),
            (None, true) =>
                format!("Cơ quan: {agencies} cơ quan và {} nhóm cơ quan tạo mới trong agencies.toml", collectives.len()),
            (None, false) =>
                format!("Agencies: {agencies} agencies and {} collectives created in agencies.toml", collectives.len()),
        }
    );
    if !collectives.is_empty() {
        let _ = writeln!(
            s,
            "- {}: {}",
            lang.pick(
                "Nhóm cơ quan cần Sở KH&CN điền thành viên (members)",
                "Collectives whose members DOST must fill in"
            ),
            collectives.join("; ")
        );
    }
    let unread: Vec<&import::plan::Task> =
        imported.tasks.iter().filter(|t| matches!(t.reading, import::plan::Reading::NotUnderstood { .. })).collect();
    let _ =
        writeln!(s, "- {}: {}/{items}", lang.pick("Thời hạn đọc được", "Deadlines understood"), items - unread.len());
    for task in unread {
        let import::plan::Reading::NotUnderstood { vi: why_vi, en: why_en } = &task.reading else { continue };
        let _ = writeln!(
            s,
            "  - {} ({} {}): \"{}\" — {}; {} tasks/{}.toml",
            task.item.origin.describe(lang),
            lang.pick("nhiệm vụ", "task"),
            task.item.id,
            task.item.deadline,
            if vi { why_vi } else { why_en },
            lang.pick("thêm ngày hạn (due = YYYY-MM-DD) vào", "add a due date (due = YYYY-MM-DD) to"),
            task.item.id
        );
    }
    if !imported.events.is_empty() {
        let _ = writeln!(
            s,
            "- {}: {}",
            lang.pick("Sự kiện Trung ương (events.toml)", "Central-government events (events.toml)"),
            imported.events.len()
        );
        for event in &imported.events {
            let _ = writeln!(s, "  - {}: {}", event.key, event.description);
        }
    }
    if !imported.ignored_columns.is_empty() {
        let _ =
            writeln!(s, "- {}: {}", lang.pick("Cột bỏ qua", "Columns ignored"), imported.ignored_columns.join("; "));
    }
    if !imported.skipped.is_empty() {
        let _ = writeln!(s, "- {}: {}", lang.pick("Dòng bỏ qua", "Rows skipped"), imported.skipped.len());
        for (origin, why) in &imported.skipped {
            let why = match why {
                table::Skip::RepeatedHeader => lang.pick("lặp lại dòng tiêu đề", "the header repeated").to_string(),
                table::Skip::ColumnNumbers => lang.pick("dòng đánh số cột", "the columns' numbers").to_string(),
                table::Skip::NoTitle => lang.pick("không có nội dung nhiệm vụ", "no task in it").to_string(),
                table::Skip::JoinedTo(id) => {
                    if vi {
                        format!("không có số thứ tự: nối vào nhiệm vụ {id}")
                    } else {
                        format!("no number: joined to task {id}")
                    }
                }
            };
            let _ = writeln!(s, "  - {}: {why}", origin.describe(lang));
        }
    }
    let meta = &imported.meta;
    let missing: Vec<&str> = [
        (meta.title.is_none(), lang.pick("tên kế hoạch (title)", "title")),
        (meta.issuer.is_none(), lang.pick("cơ quan ban hành (issuer)", "issuer")),
        (meta.number.is_none(), lang.pick("số văn bản (number)", "number")),
        (meta.issued.is_none(), lang.pick("tháng ban hành (issued)", "month of issue (issued)")),
        (meta.signed_by.is_none(), lang.pick("người ký (signed_by)", "signer (signed_by)")),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            s,
            "- {}: {} — {}",
            lang.pick("Chưa thấy trong văn bản", "Not found in the document"),
            missing.join(", "),
            lang.pick("điền vào plan.toml", "fill them in plan.toml")
        );
    }
    let _ = writeln!(
        s,
        "{}: plan check --plan {dir}; plan overdue --plan {dir}",
        lang.pick("Tiếp theo", "Next"),
        dir = out.display()
    );
    s
}
