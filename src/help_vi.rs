//! `--help` in Vietnamese. The English texts are the doc comments of the arguments' structs;
//! here each subcommand and argument has its Vietnamese text, keyed by the subcommand's
//! path ("" for `plan` itself, "event set") and the argument's id, and [`localize`] puts
//! them in place of the English ones when the user's language is Vietnamese. A test checks
//! that every subcommand and every argument has one.

use clap::Command;

use crate::i18n::Lang;

/// (subcommand path, argument id or "" for the subcommand itself, Vietnamese text).
const TEXTS: &[(&str, &str, &str)] = &[
    // Shared by several subcommands.
    ("*", "format", "Dạng kết quả: bảng (table), CSV hoặc JSON"),
    ("*", "no_bom", "Không ghi dấu BOM UTF-8 ở đầu tệp CSV"),
    ("*", "delimiter", "Ký tự phân cách cột của CSV, ví dụ ';' khi máy dùng dấu chấm phẩy làm dấu phân cách danh sách"),
    ("*", "allow_errors", "Vẫn ghi văn bản dù kế hoạch có lỗi; khi đó văn bản cảnh báo ở trang đầu những tệp nào không được tính vào số liệu"),
    // plan itself and its global options.
    ("", "", "Theo dõi kế hoạch thực hiện Nghị quyết 57-NQ/TW lưu dưới dạng tệp TOML"),
    ("", "plan", "Thư mục kế hoạch (mặc định: thư mục plan/ trong thư mục hiện tại hoặc thư mục cha gần nhất)"),
    ("", "as_of", "Tính đến ngày này thay vì hôm nay"),
    ("", "lang", "Ngôn ngữ của nhãn và thông báo (vi: tiếng Việt, en: tiếng Anh)"),
    ("", "width", "Bảng và văn bản vừa N cột (mặc định: biến COLUMNS, nếu không thì bề rộng cửa sổ lệnh; khi chuyển sang lệnh khác giữ bề rộng tự nhiên, như --width 0)"),
    ("", "ascii", "Chỉ dùng ký hiệu ASCII trong bảng (\">\" thay cho \"↳\"), cho cửa sổ lệnh có phông chữ thiếu ký hiệu"),
    ("", "no_cache", "Đọc lại mọi tệp nhiệm vụ, không dùng bộ đệm (plan/.cache)"),
    ("check", "", "Kiểm tra toàn bộ kế hoạch và báo mọi lỗi"),
    ("overdue", "", "Các mốc đã quá hạn mà cơ quan còn nợ"),
    ("overdue", "agency", "Chỉ những việc cơ quan này còn nợ (mã, tên đầy đủ hoặc tên viết tắt; một nhóm cơ quan là từng thành viên)"),
    ("overdue", "within", "Thêm các mốc sắp đến hạn trong N ngày tới"),
    ("overdue", "expand", "Nêu tên từng cơ quan thành viên của nhóm còn nợ, không chỉ số lượng"),
    ("list", "", "Danh sách nhiệm vụ của kế hoạch"),
    ("list", "agency", "Chỉ các nhiệm vụ cơ quan này chủ trì hoặc phối hợp (mã, tên đầy đủ hoặc tên viết tắt)"),
    ("list", "group", "Chỉ các nhiệm vụ của nhóm này (I–VII)"),
    ("show", "", "Mọi thông tin về một nhiệm vụ: tình trạng của từng cơ quan và lịch sử cập nhật"),
    ("show", "id", "Số thứ tự nhiệm vụ trong kế hoạch (\"16\", \"45a\")"),
    ("agencies", "", "Mỗi cơ quan một dòng: nhiệm vụ chủ trì, phối hợp, tình trạng, tỷ lệ hoàn thành"),
    ("agency", "", "Danh sách việc của một cơ quan"),
    ("agency", "name", "Cơ quan (mã, tên đầy đủ hoặc tên viết tắt)"),
    ("summary", "", "Số liệu tổng hợp theo cách tính của Văn phòng Chính phủ, toàn kế hoạch và theo nhóm"),
    ("export", "", "Toàn bộ kế hoạch dưới dạng bảng họp (CSV, XLSX hoặc JSON)"),
    ("export", "output", "Ghi ra tệp này thay vì ra màn hình (bắt buộc với xlsx khi in ra màn hình)"),
    ("export", "attached", "Dòng dưới tiêu đề phụ lục in ra (xlsx), ví dụ \"(Kèm theo Báo cáo số 12/BC-SKHCN ngày 25/6/2025)\""),
    ("import", "", "Nhập kế hoạch từ bảng trong văn bản Word hoặc Excel đã ban hành"),
    ("import", "file", "Kế hoạch đã ban hành: văn bản Word (.docx), bảng Excel (.xlsx) hoặc bảng lưu dạng văn bản (.csv, .tsv)"),
    ("import", "out", "Thư mục kế hoạch mới (mặc định: plan/ trong thư mục hiện tại); thư mục phải chưa có hoặc đang trống"),
    ("import", "registry", "Đối chiếu cơ quan với danh sách này (một tệp agencies.toml); kế hoạch mới dùng luôn danh sách đó"),
    ("report", "", "Viết báo cáo định kỳ vào reports/KỲ/"),
    ("report", "period", "2025-H1 (6 tháng, đến 30/06), 2025-H2 (31/12), 2025 (năm, đến 30/11) hoặc 2025-07 (tháng)"),
    ("report", "agency", "Viết báo cáo riêng của cơ quan này (cơ quan ban hành, với các nhiệm vụ của mình)"),
    ("report", "number", "Số văn bản khi đã vào sổ, ví dụ \"125/BC-SKHCN\" (nếu không, để trống)"),
    ("report", "signed", "Ngày ký (nếu không, để trống)"),
    ("report", "force", "Ghi đè báo cáo cùng kỳ đã có"),
    ("remind", "", "Viết công văn đôn đốc và thư điện tử của Sở KH&CN vào reports/nhac-viec-NGÀY/"),
    ("remind", "within", "Nhắc cả các mốc sắp đến hạn trong N ngày tới (mặc định: due_soon_days của plan.toml)"),
    ("remind", "agency", "Chỉ cơ quan này (mã, tên hoặc tên viết tắt; một nhóm cơ quan là từng thành viên)"),
    ("remind", "number", "Số công văn khi đã vào sổ (\"125/SKHCN-VP\"), nếu không để trống để điền"),
    ("remind", "signed", "Ngày ký, nếu không để trống để điền"),
    ("remind", "reply_by", "Hạn các cơ quan gửi báo cáo (mặc định: hạn báo cáo tiếp theo trong plan.toml, nếu không thì một tuần sau ngày tính)"),
    ("remind", "force", "Ghi đè các công văn đã viết cho cùng ngày"),
    ("update", "", "Ghi cập nhật tình hình của một cơ quan vào tệp của nhiệm vụ"),
    ("update", "id", "Số thứ tự nhiệm vụ (\"16\", \"45a\")"),
    ("update", "by", "Cơ quan báo cáo (mã, tên đầy đủ hoặc tên viết tắt)"),
    ("update", "status", "Trạng thái: not-started (chưa triển khai), in-progress (đang thực hiện), done (hoàn thành), blocked (vướng mắc), dropped (dừng thực hiện)"),
    ("update", "progress", "Phần trăm đã hoàn thành, 0–100"),
    ("update", "note", "Diễn biến; bắt buộc với blocked và dropped"),
    ("update", "note_file", "Đọc ghi chú từ tệp (UTF-8), hoặc từ đầu vào chuẩn với `-`: cho ghi chú dài"),
    ("update", "evidence_file", "Đọc minh chứng từ tệp (UTF-8), hoặc từ đầu vào chuẩn với `-`"),
    ("update", "evidence", "Minh chứng (\"Kế hoạch số 123/KH-SKHCN ngày 20/6/2025\")"),
    ("update", "milestone", "Mốc được báo cáo (1, 2, ... như `plan show` đánh số); mặc định: cả nhiệm vụ"),
    ("update", "occurrence", "Năm của kỳ thuộc mốc hằng năm; mặc định: năm sớm nhất cơ quan chưa hoàn thành"),
    ("update", "date", "Ngày cập nhật (mặc định: ngày tính)"),
    ("update", "commit", "Commit luôn thay đổi bằng git, với lời nhắn nêu cơ quan và nhiệm vụ"),
    ("propose", "", "Đề xuất điều chỉnh một nhiệm vụ (thời hạn, kết quả, cơ quan, bãi bỏ) để UBND tỉnh quyết định"),
    ("propose", "id", "Số thứ tự nhiệm vụ (\"10\", \"45a\"); với --new-task, số đề nghị cho nhiệm vụ mới"),
    ("propose", "new_task", "Đề xuất nhiệm vụ mới (ghi vào plan/proposals.toml) thay vì điều chỉnh nhiệm vụ có sẵn"),
    ("propose", "group", "Nhóm của nhiệm vụ mới (I, II, ...)"),
    ("propose", "title", "Tên nhiệm vụ mới"),
    ("propose", "by", "Cơ quan đề xuất: cơ quan chủ trì nhiệm vụ (mã, tên đầy đủ hoặc tên viết tắt)"),
    ("propose", "reason", "Lý do đề xuất"),
    ("propose", "deadline", "Thời hạn mới, ghi như kế hoạch ghi (\"Trong quý III/2025\")"),
    ("propose", "result", "Yêu cầu về kết quả mới"),
    ("propose", "owner", "Cơ quan chủ trì mới (lặp lại cho nhiều cơ quan)"),
    ("propose", "partners", "Cơ quan phối hợp mới (lặp lại cho nhiều cơ quan)"),
    ("propose", "cancel", "Bãi bỏ nhiệm vụ"),
    ("propose", "date", "Ngày đề xuất (mặc định: ngày tính)"),
    ("propose", "commit", "Commit luôn thay đổi bằng git, với lời nhắn nêu cơ quan và nhiệm vụ"),
    ("proposals", "", "Các đề xuất điều chỉnh đang chờ quyết định"),
    ("proposals", "all", "Cả các đề xuất đã có quyết định"),
    ("amend", "", "Ghi điều chỉnh do UBND tỉnh quyết định, có hiệu lực từ ngày quyết định"),
    ("amend", "id", "Số thứ tự nhiệm vụ (\"10\", \"45a\"); với --new-task, số của nhiệm vụ mới"),
    ("amend", "decision", "Số hiệu quyết định (\"Quyết định số 123/QĐ-UBND\")"),
    ("amend", "decided", "Ngày quyết định: điều chỉnh áp dụng từ ngày này"),
    ("amend", "deadline", "Thời hạn mới, ghi như kế hoạch ghi (\"Trong quý III/2025\")"),
    ("amend", "result", "Yêu cầu về kết quả mới"),
    ("amend", "owner", "Cơ quan chủ trì mới (lặp lại cho nhiều cơ quan)"),
    ("amend", "partners", "Cơ quan phối hợp mới (lặp lại cho nhiều cơ quan)"),
    ("amend", "cancel", "Bãi bỏ nhiệm vụ"),
    ("amend", "due", "Hạn mới, khi quyết định ghi ngày cụ thể thay cho lời"),
    ("amend", "proposal", "Đề xuất mà quyết định trả lời (1, 2, ... như plan proposals đánh số: trong tệp của nhiệm vụ, hoặc với --new-task trong plan/proposals.toml)"),
    ("amend", "new_task", "Thêm nhiệm vụ mới theo quyết định, thay vì điều chỉnh nhiệm vụ có sẵn"),
    ("amend", "group", "Nhóm của nhiệm vụ mới (I, II, ...)"),
    ("amend", "title", "Tên nhiệm vụ mới"),
    ("amend", "commit", "Commit luôn thay đổi bằng git, với lời nhắn nêu quyết định"),
    ("event", "", "Ghi các sự kiện của Trung ương mà thời hạn của nhiệm vụ chờ"),
    ("event set", "", "Ghi ngày một sự kiện diễn ra"),
    ("event set", "key", "Mã của sự kiện trong plan/events.toml"),
    ("event set", "date", "Ngày sự kiện diễn ra"),
    ("event set", "note", "Sự kiện là gì (\"Văn bản số 123/BKHCN ngày ...\"); thay ghi chú đã ghi trước"),
    ("event set", "force", "Thay ngày đã ghi (ghi chú cũ bị bỏ nếu không có --note mới)"),
    ("event set", "commit", "Commit luôn thay đổi bằng git, với lời nhắn nêu sự kiện"),
    ("event list", "", "Danh sách sự kiện, ngày diễn ra và các nhiệm vụ đang chờ"),
    ("log", "", "Lịch sử các bản ghi cập nhật, với commit và người ghi của từng bản"),
    ("log", "id", "Chỉ các cập nhật của nhiệm vụ này"),
    ("audit", "", "Kiểm tra các commit từ REV: cập nhật chỉ được thêm, mỗi cập nhật đúng tên cơ quan của người ghi"),
    ("audit", "since", "Kiểm tra các commit sau mốc này (nhánh, thẻ hoặc commit), đến HEAD"),
    ("audit", "require_signed", "Mỗi commit phải có chữ ký SSH hợp lệ bằng một khoá của cơ quan (hoặc của quản trị viên Sở KH&CN) trong plan/agencies.toml"),
    ("git-setup", "", "Đăng ký trình hợp nhất (merge driver) cho tệp nhiệm vụ trong .gitattributes và cấu hình git"),
    ("git-setup", "admin", "Ghi thêm địa chỉ thư này làm quản trị viên của Sở KH&CN trong plan/agencies.toml"),
    ("git-setup", "admin_key", "Và khoá công khai SSH này (dòng của tệp .pub) làm khoá ký của quản trị viên"),
    ("completions", "", "Tự hoàn thành lệnh cho shell (bash, zsh, fish, powershell)"),
    ("completions", "shell", "Shell: bash, zsh, fish hoặc powershell"),
    ("merge-driver", "", "Trình hợp nhất tệp nhiệm vụ của git (git gọi: plan merge-driver %O %A %B)"),
    ("merge-driver", "base", "Bản của tổ tiên chung (%O)"),
    ("merge-driver", "ours", "Bản của ta (%A); kết quả ghi vào đây"),
    ("merge-driver", "theirs", "Bản của bên kia (%B)"),
];

fn text(path: &str, id: &str) -> Option<&'static str> {
    TEXTS.iter().find(|(p, i, _)| *p == path && *i == id).map(|(_, _, t)| *t)
}

/// `command` with its help in `lang`: for Vietnamese, every about and help text from
/// [`TEXTS`], clap's own headings and words in Vietnamese.
pub fn localize(command: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => command,
        Lang::Vi => localize_at(command, ""),
    }
}

fn localize_at(mut command: Command, path: &str) -> Command {
    if let Some(about) = text(path, "") {
        command = command.about(about).long_about(None);
    }
    command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .display_order(usize::MAX - 1)
                .help("In hướng dẫn này"),
        );
    if command.get_version().is_some() {
        command = command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .display_order(usize::MAX)
                .help("In số phiên bản"),
        );
    }
    let ids: Vec<(String, bool)> =
        command.get_arguments().map(|a| (a.get_id().to_string(), a.is_positional())).collect();
    for (order, (id, positional)) in ids.into_iter().enumerate() {
        let help = text(path, &id).or_else(|| text("*", &id));
        command = command.mut_arg(&id, |arg| {
            // Headings in Vietnamese; the order stays the declared one.
            let arg = arg.help_heading(if positional { "Đối số" } else { "Tuỳ chọn" }).display_order(order);
            match help {
                Some(help) => arg.help(help).long_help(None),
                None => arg,
            }
        });
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        command = command.mut_subcommand(&name, |sub| localize_at(sub, &sub_path));
    }
    command
}

const TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// Clap's few words left in rendered help ("[OPTIONS]", "[default: vi]"), in Vietnamese.
pub fn finish(help: &str) -> String {
    help.replace("[OPTIONS]", "[TUỲ CHỌN]")
        .replace("[default:", "[mặc định:")
        .replace("[possible values:", "[giá trị:")
        .replace("[env:", "[biến môi trường:")
        .replace("[aliases:", "[tên khác:")
        .replace("[alias:", "[tên khác:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(command: &Command, path: &str, missing: &mut Vec<String>) {
        if !path.is_empty() && text(path, "").is_none() {
            missing.push(format!("(\"{path}\", \"\", {:?}),", command.get_about().map(|a| a.to_string())));
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if text(path, id).is_none() && text("*", id).is_none() {
                missing.push(format!("(\"{path}\", \"{id}\", {:?}),", arg.get_help().map(|a| a.to_string())));
            }
        }
        for sub in command.get_subcommands() {
            let sub_path =
                if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
            walk(sub, &sub_path, missing);
        }
    }

    /// A new subcommand or argument without a Vietnamese text fails here.
    #[test]
    fn every_subcommand_and_argument_has_a_vietnamese_text() {
        let mut missing = Vec::new();
        walk(&<crate::cli::Cli as clap::CommandFactory>::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese help for:\n{}", missing.join("\n"));
    }
}
