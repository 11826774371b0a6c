//! Writes a synthetic national plan repository for benchmarks: N tasks spread over
//! provinces and their agencies, every deadline form `plan` understands, single,
//! multi-agency and collective owners, K valid updates per task and Vietnamese text of
//! realistic length. The result passes `plan check`.
//!
//! cargo run --release --example generate -- --tasks 10000 --updates 10 --out /tmp/plan-10k

use std::fmt::Write as _;
use std::path::PathBuf;

const DEPARTMENTS: &[(&str, &str)] = &[
    ("so-khcn", "Sở Khoa học và Công nghệ"),
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tai-chinh", "Sở Tài chính"),
    ("so-cong-thuong", "Sở Công Thương"),
    ("so-nn-mt", "Sở Nông nghiệp và Môi trường"),
    ("so-gd-dt", "Sở Giáo dục và Đào tạo"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch"),
    ("so-xay-dung", "Sở Xây dựng"),
    ("so-y-te", "Sở Y tế"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("cong-an", "Công an tỉnh"),
    ("ubnd-huyen-1", "Ủy ban nhân dân huyện Một"),
    ("ubnd-huyen-2", "Ủy ban nhân dân huyện Hai"),
    ("ubnd-huyen-3", "Ủy ban nhân dân huyện Ba"),
];

const PROVINCES: &[&str] = &[
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
];

const DEADLINES: &[&str] = &[
    "Trong quý I/2025",
    "Trong Quý II năm 2025",
    "Trong quý IV2025",
    "Trong năm 2025",
    "Năm 2026",
    "Hoàn thành Báo cáo rà soát trong năm 2025",
    "- Đề án hoàn thành trong quý II/2025 - Các hoạt động triển khai thường xuyên, tuần, tháng quý, năm",
    "- Kế hoạch hoàn thành trước tháng 01 hằng năm - Các nhiệm vụ cụ thể được triển khai theo KH",
    "Thường xuyên",
    "Nhiệm vụ thường xuyên",
    "Bắt đầu từ năm 2025",
    "Xúc tiến các thủ tục chuẩn bị đầu tư từ năm 2025",
    "Theo kế hoạch phân bổ kinh phí hằng năm",
    "Trong 01 tháng, sau khi Trung ương có văn bản hướng dẫn thực hiện",
    "Sau khi Trung ương ban hành các chính sách liên quan",
    "Theo tiến độ ban hành các chính sách của Trung ương",
    "Tiến độ sẽ được cập nhật theo chủ trương của Trung ương",
    "30/06/2025",
    "06/2025",
    "Tháng 9/2025",
    "Quý III/2025",
    "2026",
    "2025 - 2026",
    "Hằng năm",
    "Năm 2025 và những năm tiếp theo",
    "2025-06-30",
];

const VERBS: &[&str] =
    &["Xây dựng và triển khai", "Nghiên cứu, đề xuất", "Rà soát, hoàn thiện", "Tổ chức thực hiện", "Đẩy mạnh ứng dụng"];
const OBJECTS: &[&str] = &[
    "Đề án phát triển hạ tầng số và chuyển đổi số trong các cơ quan nhà nước",
    "Kế hoạch thúc đẩy đổi mới sáng tạo, khởi nghiệp sáng tạo trong doanh nghiệp vừa và nhỏ",
    "chương trình đào tạo nguồn nhân lực chất lượng cao về khoa học, công nghệ",
    "cơ chế, chính sách khuyến khích đầu tư cho nghiên cứu và phát triển (R&D)",
    "nền tảng dữ liệu dùng chung, bảo đảm liên thông, tích hợp, chia sẻ dữ liệu",
];
const SUFFIXES: &[&str] = &[
    "trên địa bàn tỉnh, bảo đảm hiệu quả, thiết thực",
    "gắn với mục tiêu phát triển kinh tế - xã hội giai đoạn 2025 - 2030",
    "theo Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
];

fn main() {
    let mut tasks = 10_000usize;
    let mut updates = 10usize;
    let mut out = PathBuf::from("plan-bench");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--tasks" => tasks = value.parse().expect("--tasks N"),
            "--updates" => updates = value.parse().expect("--updates K"),
            "--out" => out = PathBuf::from(value),
            other => panic!("unknown argument {other}; use --tasks N --updates K --out DIR"),
        }
    }
    let plan = out.join("plan");
    std::fs::create_dir_all(plan.join("tasks")).expect("create the plan folder");
    let mut rng = fastrand::Rng::with_seed(57);

    let mut meta = String::from(
        "title = \"Kế hoạch tổng hợp quốc gia thực hiện Nghị quyết số 57-NQ/TW (dữ liệu tổng hợp để đo hiệu năng)\"\n\
         issuer = \"Bộ Khoa học và Công nghệ\"\nissued = \"02/2025\"\ndue_soon_days = 7\n\n\
         [reporting]\nvia = \"p00-so-khcn\"\nfollow_up = \"monthly\"\n\n",
    );
    for (id, title) in [
        ("I", "Nâng cao nhận thức"),
        ("II", "Hoàn thiện thể chế"),
        ("III", "Hạ tầng"),
        ("IV", "Nhân lực"),
        ("V", "Chuyển đổi số"),
        ("VI", "Doanh nghiệp"),
        ("VII", "Hợp tác quốc tế"),
    ] {
        let _ = writeln!(meta, "[[groups]]\nid = \"{id}\"\ntitle = \"{title}\"\n");
    }
    std::fs::write(plan.join("plan.toml"), meta).expect("write plan.toml");

    let provinces = PROVINCES.len().min(tasks.div_ceil(30).max(1));
    let mut registry = String::from("admins = [\"admin@bo-khcn.example\"]\n\n");
    for (p, province) in PROVINCES.iter().enumerate().take(provinces) {
        for (id, name) in DEPARTMENTS {
            let kind = if id.starts_with("ubnd") {
                "district"
            } else if *id == "cong-an" {
                "provincial"
            } else {
                "department"
            };
            let _ = writeln!(
                registry,
                "[[agency]]\nid = \"p{p:02}-{id}\"\nname = \"{name} {province}\"\nshort = \"{id} p{p:02}\"\naliases = []\nkind = \"{kind}\"\nemails = [\"vanthu.{id}@p{p:02}.example\"]\n"
            );
        }
    }
    for (p, province) in PROVINCES.iter().enumerate().take(provinces) {
        let members: Vec<String> = DEPARTMENTS.iter().map(|(id, _)| format!("\"p{p:02}-{id}\"")).collect();
        let _ = writeln!(
            registry,
            "[[collective]]\nid = \"p{p:02}-toan-tinh\"\nname = \"Các ngành, các cấp, cơ quan, đơn vị trong toàn tỉnh {province}\"\naliases = []\nmembers = [{}]\n",
            members.join(", ")
        );
    }
    std::fs::write(plan.join("agencies.toml"), registry).expect("write agencies.toml");
    std::fs::write(
        plan.join("events.toml"),
        "[huong-dan]\ndescription = \"Trung ương có văn bản hướng dẫn\"\ndate = 2025-05-15\n\n[chinh-sach]\ndescription = \"Trung ương ban hành chính sách\"\n",
    )
    .expect("write events.toml");

    let groups = ["I", "II", "III", "IV", "V", "VI", "VII"];
    for t in 0..tasks {
        let p = t % provinces;
        let id = format!("p{p:02}-{:06}", t);
        let deadline = DEADLINES[t % DEADLINES.len()];
        let agency = |i: usize| format!("p{p:02}-{}", DEPARTMENTS[i % DEPARTMENTS.len()].0);
        let lead = rng.usize(..DEPARTMENTS.len());
        let (owner, owing): (Vec<String>, Vec<String>) = match t % 5 {
            0 => (vec![format!("p{p:02}-toan-tinh")], (0..DEPARTMENTS.len()).map(agency).collect()),
            1 => (vec![agency(lead), agency(lead + 1)], vec![agency(lead), agency(lead + 1)]),
            _ => (vec![agency(lead)], vec![agency(lead)]),
        };
        let partners: Vec<String> = if t % 5 == 0 { vec![] } else { vec![agency(lead + 2), agency(lead + 3)] };
        let title = format!(
            "{} {} {} ({}, nhiệm vụ {t})",
            VERBS[rng.usize(..VERBS.len())],
            OBJECTS[rng.usize(..OBJECTS.len())],
            SUFFIXES[rng.usize(..SUFFIXES.len())],
            PROVINCES[p]
        );
        let result = format!(
            "{} được ban hành và tổ chức thực hiện; báo cáo kết quả định kỳ 6 tháng, hằng năm gửi Sở Khoa học và Công nghệ tổng hợp. {}",
            OBJECTS[rng.usize(..OBJECTS.len())],
            SUFFIXES[rng.usize(..SUFFIXES.len())]
        );
        let quote = |v: &[String]| v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
        let mut text = format!(
            "id = \"{id}\"\ngroup = \"{}\"\ntitle = \"{title}\"\nowner = [{}]\npartners = [{}]\nresult = \"{result}\"\ndeadline = \"{deadline}\"\n",
            groups[t % groups.len()],
            quote(&owner),
            quote(&partners)
        );
        if deadline.contains("Trong 01 tháng") {
            text.push_str("event = \"huong-dan\"\n");
        } else if deadline.starts_with("Sau khi") {
            text.push_str("event = \"chinh-sach\"\n");
        }
        let yearly = deadline.contains("hằng năm") && !deadline.starts_with("Theo")
            || deadline == "Hằng năm"
            || deadline.contains("năm tiếp theo");
        for k in 0..updates {
            let day = 60 + (k * 45 + rng.usize(..30)) as i64;
            let date = chrono_like(day);
            let (by, status) = if k + 1 == updates && t % 3 == 0 {
                (owing[rng.usize(..owing.len())].clone(), "done")
            } else if k % 4 == 3 {
                (owing[rng.usize(..owing.len())].clone(), "blocked")
            } else if !partners.is_empty() && k % 2 == 1 {
                (partners[rng.usize(..partners.len())].clone(), "in-progress")
            } else {
                (owing[rng.usize(..owing.len())].clone(), "in-progress")
            };
            let _ = write!(
                text,
                "\n[[updates]]\nby = \"{by}\"\ndate = {date}\nstatus = \"{status}\"\nprogress = {}\n",
                // Done is all of it: `plan check` refuses done at less than 100 %.
                if status == "done" { 100 } else { (k * 100 / updates.max(1)).min(100) }
            );
            if status == "blocked" {
                text.push_str("note = \"Chờ hướng dẫn của Trung ương về cơ chế tài chính\"\n");
            } else {
                let _ = writeln!(text, "evidence = \"Báo cáo số {}/BC-{} ngày {date}\"", k + 1, by.to_uppercase());
            }
            if yearly && status == "done" {
                text.push_str("for = 2025\n");
            }
        }
        std::fs::write(plan.join("tasks").join(format!("{id}.toml")), text).expect("write a task");
    }
    println!("{} tasks, {} updates each, in {}", tasks, updates, plan.display());
}

/// The date `days` after 1 January 2025, as YYYY-MM-DD.
fn chrono_like(days: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    (base + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}
