//! Problems found in a plan, each tied to a place in a file, rendered in the shape of
//! cargo's errors: message, `--> path:line:col`, the source line with a caret, a hint.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::i18n::Lang;
use crate::source::{ReadError, SourceFile};

/// Everything `plan check` can find wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Unreadable {
        error: String,
    },
    NotUtf8,
    Syntax {
        message: String,
    },
    /// Leftover git merge-conflict markers, at these line numbers.
    MergeConflict {
        lines: Vec<usize>,
    },
    UnknownField {
        key: String,
        known: &'static [&'static str],
        suggestion: Option<String>,
    },
    MissingField {
        key: &'static str,
        example: &'static str,
    },
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    EmptyValue {
        key: String,
    },
    InvalidId {
        id: String,
    },
    DuplicateTaskId {
        id: String,
        first: String,
    },
    FileNameMismatch {
        id: String,
        file_stem: String,
    },
    UnknownAgency {
        name: String,
        suggestion: Option<String>,
    },
    OwnerAlsoPartner {
        name: String,
    },
    DuplicateAgencyRef {
        name: String,
    },
    DeadlineNotUnderstood {
        wording: String,
        reason: crate::deadline::DeadlineError,
    },
    InvalidDate {
        text: String,
    },
    EventNotNamed,
    EventNotUsed {
        key: String,
    },
    UnknownEvent {
        key: String,
        suggestion: Option<String>,
    },
    /// `plan event set` on an event whose date is already recorded, without `--force`.
    EventAlreadySet {
        key: String,
        date: String,
        note: Option<String>,
    },
    UnknownGroup {
        id: String,
        known: String,
    },
    DuplicateGroup {
        id: String,
    },
    DuplicateAgencyId {
        id: String,
    },
    NameClash {
        name: String,
        first: String,
    },
    UnknownMember {
        id: String,
        suggestion: Option<String>,
    },
    MemberIsCollective {
        id: String,
    },
    UnknownKind {
        kind: String,
    },
    BadIssued {
        text: String,
    },
    BadDayMonth {
        key: &'static str,
        text: String,
    },
    UnknownReportPeriod {
        text: String,
    },
    BadSigningKey {
        key: String,
    },
    InvalidAgencyId {
        id: String,
    },
    NoTasks,
    ConflictingFields {
        first: &'static str,
        second: &'static str,
    },
    UnknownStatus {
        status: String,
    },
    NoteRequired {
        status: &'static str,
    },
    ProgressOutOfRange {
        value: i64,
    },
    NoSuchMilestone {
        number: i64,
        count: usize,
    },
    NoSuchOccurrence {
        year: i64,
        first: Option<i32>,
    },
    OccurrenceNeeded,
    NotInvolved {
        agency: String,
    },
    PartnerDone {
        agency: String,
    },
    FutureUpdate {
        date: String,
        as_of: String,
    },
    /// An update dated before the month the plan was issued (1900-01-01, a slip of the year).
    UpdateBeforeIssued {
        date: String,
        issued: String,
    },
    /// A date typed on the command line that has not come yet.
    FutureDate {
        date: String,
        as_of: String,
    },
    /// A task id that names no task, with the ids closest to it.
    UnknownTask {
        id: String,
        near: Vec<String>,
    },
    /// A task id the plan splits into lettered parts ("45" for 45a, 45b, 45c), where one
    /// part must be named.
    TaskInParts {
        id: String,
        parts: Vec<String>,
    },
    /// A collective named where one agency must be.
    CollectiveNotAgency {
        name: String,
    },
    ControlCharacter {
        key: String,
    },
    ProgressWithDone {
        value: i64,
    },
    OccurrenceAlreadyDone {
        due: String,
        next: i32,
    },
    DuplicateUpdate {
        date: String,
    },
    /// A task whose expected result (Yêu cầu về kết quả) is blank, as some plans leave it: a
    /// warning.
    BlankResult,
    /// A successor (`successors`, `successor_for`) that names no agency.
    UnknownSuccessor {
        name: String,
        suggestion: Option<String>,
    },
    /// Successors given to an agency that has no `until`.
    SuccessorsWithoutEnd,
    /// Agencies that succeed each other in a circle ("a → b → a").
    SuccessionCycle {
        chain: String,
    },
    /// A successor that has itself ended on or before the day it takes over.
    SuccessorEndedFirst {
        successor: String,
        until: String,
    },
    /// A record in the name of an agency that no longer existed on its date.
    AgencyEnded {
        agency: String,
        until: String,
        successors: Vec<String>,
    },
    /// A proposal by an agency that does not lead the task.
    ProposalNotByLead {
        agency: String,
    },
    /// A proposal or amendment that changes nothing.
    ChangesNothing {
        record: &'static str,
    },
    /// An amendment answering a proposal the file does not have.
    NoSuchProposal {
        number: i64,
        count: usize,
    },
    /// A decision dated before the plan was issued.
    DecidedBeforeIssued {
        date: String,
        issued: String,
    },
    /// A collective whose members are not listed yet (`members = []`, as `plan import`
    /// writes them): a warning; until DOST lists them, nobody owes its tasks.
    CollectiveWithoutMembers {
        name: String,
    },
    // A plan file that is a link, or a FIFO, device or folder: never read (`path` as shown).
    Symlinked {
        path: String,
    },
    NotRegularFile {
        path: String,
    },
}

impl Problem {
    /// A warning is shown but is no problem: the file is read, and the exit code stays 0.
    pub fn is_warning(&self) -> bool {
        matches!(self, Problem::BlankResult | Problem::CollectiveWithoutMembers { .. })
    }

    /// An I/O problem makes the run exit 2 rather than 1.
    pub fn is_io(&self) -> bool {
        matches!(self, Problem::Unreadable { .. })
    }

    /// The one-line message and the hint, in `lang`, for a file (`plan check`).
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        self.text_for(lang, Interface::File)
    }

    /// The one-line message and the hint, in `lang`; the hint says what to write where the
    /// user is: a line in the file, or an option on the command line.
    pub fn text_for(&self, lang: Lang, interface: Interface) -> (String, Option<String>) {
        use Problem::*;
        let typed = interface == Interface::CommandLine;
        let vi = lang == Lang::Vi;
        let did_you_mean = |s: &Option<String>| {
            s.as_ref().map(|s| if vi { format!("có phải là \"{s}\"?") } else { format!("did you mean \"{s}\"?") })
        };
        match self {
            Unreadable { error } => (
                if vi { format!("không đọc được tệp: {error}") } else { format!("cannot read the file: {error}") },
                Some(lang.pick("kiểm tra tệp còn tồn tại và có quyền đọc", "check that the file exists and is readable").into()),
            ),
            NotUtf8 => (
                lang.pick("tệp không phải văn bản UTF-8", "the file is not UTF-8 text").into(),
                Some(lang.pick("lưu lại tệp với bảng mã UTF-8 (trong Notepad: Save As → Encoding: UTF-8)", "save the file again as UTF-8 (in Notepad: Save As → Encoding: UTF-8)").into()),
            ),
            Syntax { message } => (
                if vi { format!("lỗi cú pháp TOML: {message}") } else { format!("TOML syntax error: {message}") },
                Some(lang.pick("mỗi dòng có dạng khoá = \"giá trị\"; chuỗi đặt trong dấu nháy kép, danh sách trong [ ]", "each line reads key = \"value\"; strings go in double quotes, lists in [ ]").into()),
            ),
            MergeConflict { lines } => {
                let lines = lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
                (
                    if vi { format!("xung đột git chưa giải quyết: dấu xung đột ở dòng {lines}") } else { format!("unresolved git merge conflict: conflict markers on lines {lines}") },
                    Some(lang.pick(
                        "giữ phần đúng giữa các dấu <<<<<<<, ======= và >>>>>>>, xoá các dấu đó, rồi commit (git add <tệp> && git commit)",
                        "keep the right text between the <<<<<<<, ======= and >>>>>>> markers, delete the markers, then commit (git add <file> && git commit)",
                    ).into()),
                )
            }
            UnknownField { key, known, suggestion } => (
                if vi { format!("trường không hợp lệ `{key}`") } else { format!("unknown field `{key}`") },
                Some(match suggestion {
                    Some(s) => if vi { format!("có phải là `{s}`? Các trường hợp lệ: {}", known.join(", ")) } else { format!("did you mean `{s}`? Valid fields: {}", known.join(", ")) },
                    None => if vi { format!("các trường hợp lệ: {}", known.join(", ")) } else { format!("valid fields: {}", known.join(", ")) },
                }),
            ),
            MissingField { key, example } => (
                if vi { format!("thiếu trường `{key}`") } else { format!("missing field `{key}`") },
                Some(if vi { format!("thêm một dòng, ví dụ: {example}") } else { format!("add a line such as: {example}") }),
            ),
            WrongType { key, expected, found } => (
                if vi { format!("trường `{key}` phải là {}, không phải {}", type_vi(expected), type_vi(found)) } else { format!("field `{key}` must be {expected}, not {found}") },
                Some(lang.pick("chuỗi viết trong dấu nháy kép: \"...\"; danh sách: [\"...\", \"...\"]; ngày: 2025-06-30", "strings are written in double quotes: \"...\"; lists: [\"...\", \"...\"]; dates: 2025-06-30").into()),
            ),
            EmptyValue { key } => (
                if vi { format!("trường `{key}` đang để trống") } else { format!("field `{key}` is empty") },
                Some(lang.pick("điền nội dung theo văn bản kế hoạch", "fill it in from the plan document").into()),
            ),
            InvalidId { id } => (
                if vi { format!("số thứ tự nhiệm vụ không hợp lệ \"{id}\"") } else { format!("invalid task id \"{id}\"") },
                Some(lang.pick("chỉ dùng chữ, số, dấu - hoặc _ (ví dụ \"16\", \"45a\")", "use letters, digits, - or _ only (e.g. \"16\", \"45a\")").into()),
            ),
            DuplicateTaskId { id, first } => (
                if vi { format!("trùng số thứ tự nhiệm vụ \"{id}\"") } else { format!("duplicate task id \"{id}\"") },
                Some(if vi { format!("đã dùng tại {first}; đặt số khác cho một trong hai nhiệm vụ") } else { format!("already used at {first}; give one of the two tasks another id") }),
            ),
            FileNameMismatch { id, file_stem } => (
                if vi { format!("số thứ tự \"{id}\" không khớp tên tệp \"{file_stem}.toml\"") } else { format!("id \"{id}\" does not match the file name \"{file_stem}.toml\"") },
                Some(if vi { format!("đổi tên tệp thành \"{id}.toml\" hoặc sửa id thành \"{file_stem}\"") } else { format!("rename the file to \"{id}.toml\" or set id = \"{file_stem}\"") }),
            ),
            UnknownAgency { name, suggestion } => (
                if vi { format!("không có cơ quan \"{name}\" trong danh mục") } else { format!("unknown agency \"{name}\"") },
                Some(match did_you_mean(suggestion) {
                    Some(s) => s,
                    None => lang.pick("thêm cơ quan vào plan/agencies.toml, hoặc viết đúng tên, tên viết tắt hay mã (id) đã có ở đó", "add the agency to plan/agencies.toml, or write a name, alias or id listed there").into(),
                }),
            ),
            OwnerAlsoPartner { name } => (
                if vi { format!("\"{name}\" vừa là cơ quan chủ trì vừa là cơ quan phối hợp") } else { format!("\"{name}\" is both owner and partner") },
                Some(lang.pick("giữ cơ quan ở một trong hai danh sách `owner` hoặc `partners`", "keep the agency in only one of `owner` and `partners`").into()),
            ),
            DuplicateAgencyRef { name } => (
                if vi { format!("\"{name}\" được ghi hai lần") } else { format!("\"{name}\" is listed twice") },
                Some(lang.pick("xoá lần ghi thứ hai", "remove the second entry").into()),
            ),
            DeadlineNotUnderstood { wording, reason } => (
                if vi { format!("không hiểu thời hạn \"{wording}\": {}", reason.describe(true)) } else { format!("deadline \"{wording}\" not understood: {reason}") },
                Some(lang.pick(
                    "giữ nguyên câu chữ của kế hoạch và thêm hạn cụ thể bên dưới, ví dụ: due = 2025-06-30; dạng được hiểu: \"Trong quý II/2025\", \"Năm 2025\", \"30/06/2025\", \"Tháng 6/2025\", \"Thường xuyên\", \"Hằng năm\"",
                    "keep the plan's wording and add an explicit date below it, e.g. due = 2025-06-30; understood forms: \"Trong quý II/2025\", \"Năm 2025\", \"30/06/2025\", \"Tháng 6/2025\", \"Thường xuyên\", \"Hằng năm\"",
                ).into()),
            ),
            InvalidDate { text } => (
                if vi { format!("ngày không tồn tại: {text}") } else { format!("no such date: {text}") },
                Some(lang.pick("kiểm tra lại ngày và tháng", "check the day and the month").into()),
            ),
            EventNotNamed => (
                lang.pick("thời hạn chờ một sự kiện của Trung ương nhưng chưa nêu sự kiện nào", "the deadline waits on a central-government event, but no event is named").into(),
                Some(lang.pick("thêm event = \"<mã>\" với mã là một mục trong plan/events.toml", "add event = \"<key>\" naming an entry of plan/events.toml").into()),
            ),
            EventNotUsed { key } => (
                if vi { format!("nêu sự kiện \"{key}\" nhưng thời hạn không chờ sự kiện nào") } else { format!("event \"{key}\" is named but the deadline waits on no event") },
                Some(lang.pick("xoá dòng event, hoặc ghi thời hạn dạng \"Sau khi Trung ương ...\"", "remove the event line, or word the deadline as \"Sau khi Trung ương ...\"").into()),
            ),
            UnknownEvent { key, suggestion } => (
                if vi { format!("không có sự kiện \"{key}\" trong plan/events.toml") } else { format!("event \"{key}\" is not defined in plan/events.toml") },
                Some(did_you_mean(suggestion).unwrap_or_else(|| {
                    lang.pick("thêm mục [<mã>] với description = \"...\" vào plan/events.toml", "add a [<key>] entry with description = \"...\" to plan/events.toml").into()
                })),
            ),
            EventAlreadySet { key, date, note } => {
                let note = note.as_ref().map_or_else(String::new, |n| format!(" (\"{n}\")"));
                (
                    if vi { format!("sự kiện \"{key}\" đã được ghi ngày {date}{note}") } else { format!("event \"{key}\" already has the date {date}{note}") },
                    Some(lang.pick("thêm --force để thay ngày đã ghi (ghi chú cũ bị bỏ nếu không có --note mới)", "add --force to replace the recorded date (the old note is dropped unless --note gives a new one)").into()),
                )
            }
            UnknownGroup { id, known } => (
                if vi { format!("không có nhóm nhiệm vụ \"{id}\"") } else { format!("unknown task group \"{id}\"") },
                Some(if vi { format!("các nhóm trong plan/plan.toml: {known}") } else { format!("groups defined in plan/plan.toml: {known}") }),
            ),
            DuplicateGroup { id } => (
                if vi { format!("nhóm \"{id}\" được khai báo hai lần") } else { format!("group \"{id}\" is defined twice") },
                Some(lang.pick("mỗi nhóm chỉ khai báo một lần", "define each group once").into()),
            ),
            DuplicateAgencyId { id } => (
                if vi { format!("trùng mã cơ quan \"{id}\"") } else { format!("duplicate agency id \"{id}\"") },
                Some(lang.pick("mỗi cơ quan cần một mã riêng", "give each agency its own id").into()),
            ),
            NameClash { name, first } => (
                if vi { format!("tên \"{name}\" đã dùng cho \"{first}\"") } else { format!("name \"{name}\" already belongs to \"{first}\"") },
                Some(lang.pick("một tên hay tên viết tắt chỉ được trỏ tới một cơ quan", "a name or alias may point to one agency only").into()),
            ),
            UnknownMember { id, suggestion } => (
                if vi { format!("thành viên \"{id}\" không phải mã cơ quan nào") } else { format!("member \"{id}\" is not an agency id") },
                Some(did_you_mean(suggestion).unwrap_or_else(|| lang.pick("thành viên ghi bằng mã (id) của cơ quan", "list members by agency id").into())),
            ),
            MemberIsCollective { id } => (
                if vi { format!("\"{id}\" là một nhóm cơ quan, không thể là thành viên") } else { format!("\"{id}\" is a collective and cannot be a member") },
                Some(lang.pick("liệt kê trực tiếp các cơ quan thành viên", "list the member agencies themselves").into()),
            ),
            UnknownKind { kind } => (
                if vi { format!("loại cơ quan không hợp lệ \"{kind}\"") } else { format!("unknown agency kind \"{kind}\"") },
                Some(format!("{}: department, district, provincial, university, press, business", lang.pick("các loại", "kinds"))),
            ),
            BadIssued { text } => (
                if vi { format!("tháng ban hành không hợp lệ \"{text}\"") } else { format!("invalid month of issue \"{text}\"") },
                Some(lang.pick("ghi dạng tháng/năm, ví dụ issued = \"02/2025\"", "write it as month/year, e.g. issued = \"02/2025\"").into()),
            ),
            BadDayMonth { key, text } => (
                if vi { format!("{key}: ngày không hợp lệ \"{text}\"") } else { format!("{key}: invalid day \"{text}\"") },
                Some(lang.pick("ghi dạng ngày/tháng, ví dụ \"30/06\"", "write it as day/month, e.g. \"30/06\"").into()),
            ),
            UnknownReportPeriod { text } => (
                if vi { format!("kỳ báo cáo không hợp lệ \"{text}\"") } else { format!("unknown report period \"{text}\"") },
                Some(format!("{}: half-year, year, month", lang.pick("các kỳ", "periods"))),
            ),
            InvalidAgencyId { id } => (
                if vi { format!("mã cơ quan không hợp lệ \"{id}\"") } else { format!("invalid agency id \"{id}\"") },
                Some(lang.pick("chỉ dùng chữ thường không dấu, số và dấu - (ví dụ \"so-khcn\"); \"plan-admin\" dành cho quản trị viên", "use lower-case letters, digits and - only (e.g. \"so-khcn\"); \"plan-admin\" is kept for the administrators").into()),
            ),
            BadSigningKey { key } => (
                if vi { format!("{key}: không phải khoá công khai SSH") } else { format!("{key}: not an SSH public key") },
                Some(lang.pick("chép nguyên dòng của tệp .pub, ví dụ \"ssh-ed25519 AAAAC3Nza... van-thu\"", "copy the whole line of the .pub file, e.g. \"ssh-ed25519 AAAAC3Nza... clerk\"").into()),
            ),
            ConflictingFields { first, second } => (
                if vi { format!("không dùng `{first}` cùng với `{second}`") } else { format!("`{first}` and `{second}` cannot be used together") },
                Some(if vi { format!("giữ một trong hai: `{first}` cho một hạn duy nhất, `{second}` cho nhiều mốc") } else { format!("keep one: `{first}` for a single date, `{second}` for several milestones") }),
            ),
            UnknownStatus { status } => (
                if vi { format!("trạng thái không hợp lệ \"{status}\"") } else { format!("unknown status \"{status}\"") },
                Some(format!("{}: {}", lang.pick("các trạng thái", "statuses"), crate::status::Status::KEYS.join(", "))),
            ),
            NoteRequired { status } => (
                if vi { format!("trạng thái \"{status}\" cần ghi chú lý do") } else { format!("status \"{status}\" needs a note") },
                Some(if typed {
                    lang.pick("thêm --note \"...\" nêu vướng mắc hoặc lý do dừng", "add --note \"...\" saying what blocks it or why it stopped")
                } else {
                    lang.pick("thêm note = \"...\" nêu vướng mắc hoặc lý do dừng", "add note = \"...\" saying what blocks it or why it stopped")
                }.into()),
            ),
            ProgressOutOfRange { value } => (
                if vi { format!("tiến độ {value} nằm ngoài 0–100") } else { format!("progress {value} is outside 0–100") },
                Some(lang.pick("ghi phần trăm hoàn thành, từ 0 đến 100", "give the percentage done, from 0 to 100").into()),
            ),
            NoSuchMilestone { number, count } => (
                if vi { format!("nhiệm vụ không có mốc {number}") } else { format!("the task has no milestone {number}") },
                Some(if vi { format!("nhiệm vụ có {count} mốc, đánh số từ 1 (xem `plan show`)") } else { format!("the task has {count} milestone(s), numbered from 1 (see `plan show`)") }),
            ),
            NoSuchOccurrence { year, first } => (
                if vi { format!("không có kỳ {year} của mốc hằng năm") } else { format!("no occurrence {year} of the yearly milestone") },
                Some(match first {
                    Some(first) => if vi { format!("mốc hằng năm bắt đầu từ năm {first}") } else { format!("the yearly milestone starts in {first}") },
                    None => lang.pick("`for` chỉ dùng cho mốc lặp lại hằng năm", "`for` is only for milestones that repeat every year").into(),
                }),
            ),
            OccurrenceNeeded => (
                lang.pick("báo cáo hoàn thành mốc hằng năm cần ghi rõ năm", "a done report on a yearly milestone must name its year").into(),
                Some(if typed {
                    lang.pick("thêm --for <năm>, ví dụ --for 2025", "add --for <year>, e.g. --for 2025")
                } else {
                    lang.pick("thêm for = <năm>, ví dụ for = 2025", "add for = <year>, e.g. for = 2025")
                }.into()),
            ),
            NotInvolved { agency } => (
                if vi { format!("\"{agency}\" không chủ trì cũng không phối hợp nhiệm vụ này") } else { format!("\"{agency}\" neither leads nor supports this task") },
                Some(lang.pick("chỉ cơ quan chủ trì hoặc phối hợp được cập nhật tình hình", "only the lead or partner agencies may report on it").into()),
            ),
            PartnerDone { agency } => (
                if vi { format!("\"{agency}\" là cơ quan phối hợp, không thể báo hoàn thành") } else { format!("\"{agency}\" is a partner and cannot mark the task done") },
                Some(lang.pick("cơ quan chủ trì báo hoàn thành; cơ quan phối hợp dùng in-progress hoặc blocked", "the lead agency marks it done; partners report in-progress or blocked").into()),
            ),
            FutureDate { date, as_of } => (
                if vi { format!("ngày {date} chưa đến; tính đến ngày {as_of}") } else { format!("the date {date} has not come yet as of {as_of}") },
                Some(lang.pick("chỉ ghi những việc đã diễn ra; dùng --as-of nếu ghi cho một ngày khác", "record only what has happened; use --as-of to work as of another day").into()),
            ),
            UnknownTask { id, near } => (
                if vi { format!("không có nhiệm vụ \"{id}\"") } else { format!("no task \"{id}\"") },
                Some(if near.is_empty() {
                    lang.pick("xem danh sách bằng `plan list`", "see `plan list`").into()
                } else {
                    format!("{} {}?", lang.pick("có phải là", "did you mean"), near.join(", "))
                }),
            ),
            TaskInParts { id, parts } => (
                if vi {
                    format!("nhiệm vụ {id} gồm {} nội dung: {}; cập nhật ghi vào từng nội dung", parts.len(), parts.join(", "))
                } else {
                    format!("task {id} has {} parts: {}; an update goes on one of them", parts.len(), parts.join(", "))
                },
                Some(format!("{} plan update {} --by ... --status ...", lang.pick("ví dụ:", "e.g."), parts[0])),
            ),
            CollectiveNotAgency { name } => (
                if vi { format!("\"{name}\" là một nhóm cơ quan") } else { format!("\"{name}\" is a collective") },
                Some(lang.pick("mỗi cơ quan thành viên tự cập nhật phần của mình", "each member agency reports for itself").into()),
            ),
            FutureUpdate { date, as_of } => (
                if vi { format!("ngày cập nhật {date} sau ngày {as_of}") } else { format!("update dated {date}, after {as_of}") },
                Some(lang.pick("cập nhật chỉ ghi những việc đã diễn ra", "an update records what has happened").into()),
            ),
            UpdateBeforeIssued { date, issued } => (
                if vi { format!("ngày cập nhật {date} trước khi kế hoạch được ban hành ({issued})") } else { format!("update dated {date}, before the plan was issued ({issued})") },
                Some(lang.pick("kiểm tra lại năm của ngày cập nhật", "check the year of the update's date").into()),
            ),
            UnknownSuccessor { name, suggestion } => (
                if vi { format!("cơ quan kế thừa \"{name}\" không có trong danh mục") } else { format!("successor \"{name}\" is not in the registry") },
                Some(did_you_mean(suggestion).unwrap_or_else(|| lang.pick("ghi mã (id) của một cơ quan trong agencies.toml; thêm cơ quan mới vào danh mục trước", "name an agency id of agencies.toml; add a new agency to the registry first").into())),
            ),
            SuccessorsWithoutEnd => (
                lang.pick("có cơ quan kế thừa (successors) nhưng không có ngày kết thúc (until)", "successors given without an end date (until)").into(),
                Some(lang.pick("thêm until = YYYY-MM-DD: ngày đầu tiên cơ quan không còn hoạt động (ngày hiệu lực của quyết định sáp nhập)", "add until = YYYY-MM-DD: the first day the agency no longer exists (the merger's effective date)").into()),
            ),
            SuccessionCycle { chain } => (
                if vi { format!("cơ quan kế thừa lẫn nhau thành vòng: {chain}") } else { format!("agencies succeed each other in a circle: {chain}") },
                Some(lang.pick("mỗi cơ quan chỉ được kế thừa bởi cơ quan còn hoạt động sau nó; sửa successors", "each agency passes its work to one that outlives it; fix successors").into()),
            ),
            SuccessorEndedFirst { successor, until } => (
                if vi { format!("cơ quan kế thừa \"{successor}\" đã kết thúc từ {until}, trước khi nhận việc") } else { format!("successor \"{successor}\" ended on {until}, before taking over") },
                Some(lang.pick("ghi cơ quan kế thừa còn hoạt động vào ngày đó, hoặc sửa ngày until", "name a successor that exists on that day, or fix the until date").into()),
            ),
            AgencyEnded { agency, until, successors } => (
                if vi { format!("{agency} không còn hoạt động từ ngày {until}") } else { format!("{agency} no longer exists from {until}") },
                Some(if successors.is_empty() {
                    lang.pick("bản ghi sau ngày đó do cơ quan tiếp nhận nhiệm vụ ghi", "records after that day are made by the agency that took over its work").into()
                } else if vi {
                    format!("cơ quan kế thừa: {}; bản ghi sau ngày đó ghi --by cơ quan kế thừa", successors.join(", "))
                } else {
                    format!("its successors: {}; records after that day are made --by a successor", successors.join(", "))
                }),
            ),
            ProposalNotByLead { agency } => (
                if vi { format!("{agency} không chủ trì nhiệm vụ này nên không đề xuất điều chỉnh") } else { format!("{agency} does not lead this task, so it cannot propose changes") },
                Some(lang.pick("đề xuất do cơ quan chủ trì gửi Sở Khoa học và Công nghệ tổng hợp (mục III.4 của kế hoạch)", "the lead agency proposes, through the Department of Science and Technology (plan, III.4)").into()),
            ),
            ChangesNothing { record } => (
                if vi {
                    let record = if *record == "proposal" { "đề xuất" } else { "điều chỉnh" };
                    format!("{record} này không thay đổi gì")
                } else {
                    format!("this {record} changes nothing")
                },
                Some(lang.pick("ghi ít nhất một trong: deadline, due, result, owner, partners, cancel = true", "give at least one of deadline, due, result, owner, partners, cancel = true").into()),
            ),
            NoSuchProposal { number, count } => (
                if vi { format!("không có đề xuất số {number} (tệp có {count} đề xuất)") } else { format!("no proposal {number} (the file has {count})") },
                Some(lang.pick("số đề xuất đếm từ 1 theo thứ tự [[proposals]] trong tệp", "proposals are numbered from 1 in the order of [[proposals]] in the file").into()),
            ),
            DecidedBeforeIssued { date, issued } => (
                if vi { format!("ngày {date} trước khi kế hoạch được ban hành ({issued})") } else { format!("dated {date}, before the plan was issued ({issued})") },
                Some(lang.pick("kiểm tra lại ngày của quyết định", "check the decision's date").into()),
            ),
            CollectiveWithoutMembers { name } => (
                if vi {
                    format!("nhóm cơ quan \"{name}\" chưa có thành viên: chưa cơ quan nào phải thực hiện các nhiệm vụ giao cho nhóm")
                } else {
                    format!("the collective \"{name}\" has no members yet: no agency owes the tasks given to it")
                },
                Some(lang.pick("Sở KH&CN điền mã các cơ quan thành viên, ví dụ members = [\"so-tai-chinh\", \"so-noi-vu\"]", "DOST lists the member agencies' ids, e.g. members = [\"so-tai-chinh\", \"so-noi-vu\"]").into()),
            ),
            BlankResult => (
                lang.pick("\"Yêu cầu về kết quả\" (result) để trống", "the expected result (result) is blank").into(),
                Some(lang.pick("vẫn hợp lệ nếu kế hoạch để trống ô này; nếu không, chép nội dung từ văn bản kế hoạch", "valid if the plan leaves this cell blank; otherwise copy it from the plan document").into()),
            ),
            ControlCharacter { key } => (
                if vi { format!("trường `{key}` chứa ký tự điều khiển không in được") } else { format!("field `{key}` holds a control character") },
                Some(lang.pick("xoá ký tự đó; văn bản chỉ gồm chữ, số, dấu câu, xuống dòng", "remove it; text may hold letters, digits, punctuation and line breaks").into()),
            ),
            ProgressWithDone { value } => (
                if vi { format!("trạng thái hoàn thành đi kèm tiến độ {value}%") } else { format!("status done with progress {value}%") },
                Some(lang.pick("bỏ --progress (hoàn thành là 100%), hoặc chọn trạng thái in-progress", "leave out --progress (done is 100%), or choose status in-progress").into()),
            ),
            OccurrenceAlreadyDone { due, next } => (
                if vi { format!("cơ quan đã báo cáo hoàn thành kỳ hạn {due}; kỳ sau chưa đến") } else { format!("the agency has reported the occurrence due {due} done; the next one is not due yet") },
                Some(if vi { format!("nếu đúng là đã hoàn thành sớm kỳ sau, ghi rõ --for {next}") } else { format!("if the next one really is done early, say so with --for {next}") }),
            ),
            DuplicateUpdate { date } => (
                if vi { format!("cập nhật này giống hệt cập nhật gần nhất của cơ quan (ngày {date})") } else { format!("this update is the same as the agency's latest one (of {date})") },
                Some(lang.pick("không cần gửi lại; nếu có tiến triển, ghi tiến độ, ghi chú hoặc minh chứng mới", "no need to send it again; if something changed, give the new progress, note or evidence").into()),
            ),
            Symlinked { path } => (
                if vi { format!("{path} là một liên kết (symlink); plan không đọc theo liên kết") } else { format!("{path} is a symbolic link; plan does not follow links") },
                Some(lang.pick("thay liên kết bằng chính tệp", "replace the link with the file itself").into()),
            ),
            NotRegularFile { path } => (
                if vi { format!("{path} không phải tệp thường (FIFO, thiết bị hay thư mục); plan không đọc") } else { format!("{path} is not a regular file (a FIFO, a device or a folder); plan does not read it") },
                Some(lang.pick("đặt vào đó một tệp văn bản thường", "put a plain text file there").into()),
            ),
            NoTasks => (
                lang.pick("kế hoạch chưa có nhiệm vụ nào", "the plan has no tasks").into(),
                Some(lang.pick("mỗi nhiệm vụ là một tệp plan/tasks/<số>.toml (xem README)", "each task is a file plan/tasks/<id>.toml (see the README)").into()),
            ),
        }
    }
}

fn type_vi(name: &str) -> &str {
    match name {
        "string" => "chuỗi",
        "array" => "danh sách",
        "table" => "bảng",
        "integer" => "số nguyên",
        "float" => "số thực",
        "boolean" => "giá trị đúng/sai",
        "datetime" | "date" => "ngày",
        "array of strings" => "danh sách chuỗi",
        "array of tables" => "danh sách bảng",
        other => other,
    }
}

/// Where the user gives what a problem's hint asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interface {
    /// A plan file: `note = "..."`.
    File,
    /// The command line: `--note "..."`.
    CommandLine,
}

impl Problem {
    /// The problem without a place: message and hint, for what a command refuses to do
    /// (typed on the command line).
    pub fn render_plain(&self, lang: Lang) -> String {
        let (message, hint) = self.text_for(lang, Interface::CommandLine);
        let mut out = format!("{}: {message}\n", lang.pick("lỗi", "error"));
        if let Some(hint) = hint {
            out.push_str(&format!("  = {}: {hint}\n", lang.pick("gợi ý", "hint")));
        }
        out
    }
}

/// A command refusing what was typed on its command line: an unknown task or agency, a
/// date to come, an update the rules do not allow. Every command returns it the same way,
/// `cli` renders it in one place, and the run exits 2.
#[derive(Debug)]
pub struct Refusal(pub Vec<Problem>);

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Self {
        Refusal(vec![problem])
    }
}

impl Refusal {
    /// Each problem as `lỗi: ...` with its hint, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        self.0.iter().map(|p| p.render_plain(lang)).collect()
    }

    /// Whether what was typed was understood and refused because it breaks a rule of the
    /// plan (exit 1, as problems found in files are), rather than not understood — an
    /// unknown task, agency or date (exit 2, a usage error).
    pub fn breaks_a_rule(&self) -> bool {
        self.0.iter().any(Problem::is_rule)
    }
}

impl Problem {
    /// A rule a record must follow, as opposed to a name or value that is not understood.
    pub fn is_rule(&self) -> bool {
        use Problem::*;
        matches!(
            self,
            NoteRequired { .. }
                | ProgressOutOfRange { .. }
                | ProgressWithDone { .. }
                | NotInvolved { .. }
                | PartnerDone { .. }
                | OccurrenceNeeded
                | NoSuchOccurrence { .. }
                | OccurrenceAlreadyDone { .. }
                | DuplicateUpdate { .. }
                | ControlCharacter { .. }
                | FutureDate { .. }
                | FutureUpdate { .. }
                | UpdateBeforeIssued { .. }
                | TaskInParts { .. }
                | EventAlreadySet { .. }
                | AgencyEnded { .. }
                | ProposalNotByLead { .. }
                | ChangesNothing { .. }
                | NoSuchProposal { .. }
                | DecidedBeforeIssued { .. }
        )
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<String> = self.0.iter().map(|p| p.text(Lang::En).0).collect();
        write!(f, "{}", messages.join("; "))
    }
}

impl std::error::Error for Refusal {}

/// A problem at a place in a file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub file: SourceFile,
    pub span: Range<usize>,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn new(file: &SourceFile, span: Range<usize>, problem: Problem) -> Self {
        Diagnostic { file: file.clone(), span, problem }
    }

    /// Byte offset where the problem starts, for ordering.
    pub fn offset(&self) -> usize {
        self.span.start
    }

    pub fn render(&self, lang: Lang, color: bool) -> String {
        let (message, hint) = self.problem.text(lang);
        let error = if self.problem.is_warning() {
            Level::WARNING.with_name(lang.pick("cảnh báo", "warning"))
        } else {
            Level::ERROR.with_name(lang.pick("lỗi", "error"))
        };
        let text: &str = &self.file.text;
        let end = crate::source::floor_char_boundary(text, self.span.end.clamp(self.span.start, text.len()));
        let start = crate::source::floor_char_boundary(text, self.span.start.min(end));
        // Only the lines the problem is on are handed to the renderer, so a large file costs
        // no more than a small one.
        let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let line = text[..first].matches('\n').count() + 1;
        let mut group = error.primary_title(message).element(
            Snippet::source(&text[first..last])
                .line_start(line)
                .path(self.file.display_path.as_str())
                .annotation(AnnotationKind::Primary.span(start - first..end - first)),
        );
        if let Some(hint) = hint {
            group = group.element(Level::HELP.with_name(lang.pick("gợi ý", "hint")).message(hint));
        }
        let report: &[Group] = &[group];
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(report)
    }
}

impl ReadError {
    /// The problem to report about the file shown as `display_path`.
    pub fn problem(&self, display_path: &str) -> Problem {
        match self {
            ReadError::Io(error) => Problem::Unreadable { error: error.to_string() },
            ReadError::Symlink => Problem::Symlinked { path: display_path.to_string() },
            ReadError::NotRegular => Problem::NotRegularFile { path: display_path.to_string() },
            ReadError::NotUtf8 { .. } => Problem::NotUtf8,
        }
    }

    /// One line naming the file, for a command that stops on it.
    pub fn message(&self, display_path: &str, lang: Lang) -> String {
        let (message, _) = self.problem(display_path).text(lang);
        match self {
            ReadError::Symlink | ReadError::NotRegular => message,
            ReadError::Io(_) | ReadError::NotUtf8 { .. } => format!("{display_path}: {message}"),
        }
    }
}
