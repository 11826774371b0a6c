//! Property tests: the deadline parser and the task-file loader never panic, whatever they
//! are given, and what they accept they accept consistently.

use std::path::Path;

use plan::load::{fuzz, load_base, PlanDir};
use proptest::prelude::*;

fn base() -> plan::load::Base {
    let dir = PlanDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan"));
    let mut problems = Vec::new();
    let base = load_base(&dir, &mut problems);
    assert!(problems.is_empty());
    base
}

/// Pieces of real wordings, so that random combinations reach deep into the parser.
const WORDS: &[&str] = &[
    "Trong",
    "quý",
    "Quý",
    "I",
    "II",
    "III",
    "IV",
    "IV2025",
    "/",
    "năm",
    "Năm",
    "2025",
    "2026",
    "tháng",
    "Tháng",
    "01",
    "6",
    "13",
    "30/06/2025",
    "30/02/2025",
    "2025-06-30",
    "2025-02-30",
    "trước",
    "sau khi",
    "Trung ương",
    "hằng năm",
    "Hàng năm",
    "thường xuyên",
    "Thường xuyên",
    "- ",
    " - ",
    "–",
    "và những năm tiếp theo",
    "Theo tiến độ",
    "từ năm",
    "đến",
    "ngày",
    "6 tháng đầu năm",
    "Trong 01 tháng",
    "Bắt đầu từ năm",
    "theo KH",
    "9999",
    "0000",
    "99999999999",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_a_deadline_never_panics(text in "\\PC{0,80}") {
        fuzz::deadline(&text);
    }

    #[test]
    fn any_mix_of_deadline_words_never_panics(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..8)) {
        let wording = words.join(" ");
        fuzz::deadline(&wording);
        // The same words in NFD mean the same thing.
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(wording.as_str()).collect();
        prop_assert_eq!(
            plan::deadline::parse(&wording, plan::deadline::YearMonth { year: 2025, month: 2 }).ok().map(|m| m.iter().map(|m| m.schedule).collect::<Vec<_>>()),
            plan::deadline::parse(&nfd, plan::deadline::YearMonth { year: 2025, month: 2 }).ok().map(|m| m.iter().map(|m| m.schedule).collect::<Vec<_>>())
        );
    }

    #[test]
    fn any_bytes_as_a_task_file_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        fuzz::task_file(&base(), &bytes);
    }

    #[test]
    fn mangled_task_files_never_panic(cut in 0usize..2000, insert in "\\PC{0,12}") {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan/tasks/1.toml")).unwrap();
        let cut = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let mangled = format!("{}{insert}{}", &text[..cut], &text[cut..]);
        fuzz::task_file(&base(), mangled.as_bytes());
    }
}

#[test]
fn the_shipped_task_files_read_without_problems_through_the_fuzz_entry() {
    let base = base();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan/tasks")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap().replacen(
            &format!("id = \"{}\"", path.file_stem().unwrap().to_string_lossy()),
            "id = \"99\"",
            1,
        );
        assert_eq!(fuzz::task_file(&base, text.as_bytes()), 0, "{}", path.display());
    }
}

/// A task file with two records, as the merge driver and the audit see them.
const WITH_RECORDS: &str = "id = \"16\"\ntitle = \"Đề án\"\n\n[[updates]]\nby = \"so-cong-thuong\"\ndate = 2025-03-01\nstatus = \"in-progress\"\nnote = \"\"\"\n[[updates]]\n\"\"\"\n\n[[updates]]\nby = \"so-khcn\"\ndate = 2025-04-01\nstatus = \"blocked\"\nnote = \"Chờ\"\n";

fn mangle(text: &str, cut: usize, insert: &str) -> String {
    let cut = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}{insert}{}", &text[..cut], &text[cut..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_update_records_never_panics(text in "\\PC{0,200}") {
        let _ = plan::records::parse(&text);
    }

    /// The merge driver never panics, and a clean merge of files that read is a file that
    /// reads, holding every record of ours.
    #[test]
    fn merging_mangled_task_files_never_panics(cut in 0usize..300, insert in "\\PC{0,16}", record in "[a-z]{1,8}") {
        let ours = mangle(WITH_RECORDS, cut, &insert);
        let theirs = format!("{WITH_RECORDS}\n[[updates]]\nby = \"{record}\"\ndate = 2025-05-01\nstatus = \"done\"\n");
        let (merged, clean) = plan::merge::merge(WITH_RECORDS, &ours, &theirs).unwrap();
        if let (true, Ok(parsed_ours)) = (clean, plan::records::parse(&ours)) {
            let parsed = plan::records::parse(&merged);
            prop_assert!(parsed.is_ok(), "{merged}");
            let merged_keys: Vec<String> = parsed.unwrap().records.iter().map(|r| r.key.clone()).collect();
            for record in &parsed_ours.records {
                prop_assert!(merged_keys.contains(&record.key), "{merged}");
            }
        }
    }
}
