//! Tables and text for people, at every width: words and dates are never split across
//! lines, no line ends in spaces, and no line is wider than asked unless one word forces
//! it. Commands run in this process (`plan::cli::run_args`), with `--width N`; one test runs
//! the binary to see that piped output and `COLUMNS` are followed.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::Repo;

const AS_OF: &str = "2025-07-10";

/// The shipped plan with a few updates recorded, as `plan update` writes them.
fn sample() -> Repo {
    let repo = Repo::shipped();
    let updates: [&[&str]; 5] = [
        &["10", "--by", "so-noi-vu", "--status", "done", "--date", "2025-03-25", "--evidence", "Kế hoạch số 12/KH-SNV"],
        &["47", "--by", "so-tai-chinh", "--status", "done", "--date", "2025-03-30"],
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
        &["16", "--by", "so-khcn", "--status", "in-progress", "--progress", "40", "--date", "2025-06-01"],
        &[
            "16",
            "--by",
            "so-cong-thuong",
            "--status",
            "in-progress",
            "--note",
            "Đang lấy ý kiến các sở, ngành về dự thảo kế hoạch triển khai",
            "--date",
            "2025-06-02",
        ],
    ];
    for args in updates {
        let run = repo.run(&[&["update"], args, &["--as-of", AS_OF]].concat());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    repo
}

/// Every word (maximal run of letters) of the plan's files and of the tool's own texts.
fn vocabulary(repo: &Repo) -> HashSet<String> {
    let mut words = HashSet::new();
    let mut add = |text: &str| {
        for word in plan::text::nfc(text).split(|c: char| !c.is_alphabetic()) {
            words.insert(word.to_string());
        }
    };
    let mut files = vec![repo.plan()];
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            add(&text);
        }
    }
    words
}

/// The commands with tables, as a clerk types them.
const COMMANDS: &[&[&str]] = &[
    &["overdue"],
    &["overdue", "--within", "30", "--as-of", "2025-06-20"],
    &["overdue", "--expand", "--as-of", "2025-06-30", "--within", "7"],
    &["list"],
    &["agencies"],
    &["agency", "Sở KH&CN"],
    &["summary"],
    &["log"],
    &["show", "16"],
];

/// Checks one output at one width (0: natural, as piped). The rule: a line is at most
/// `width` columns, but for a table whose columns, each as narrow as its longest word,
/// are still wider (its rules are then wider than `width`, and no line is wider than its
/// rules), and for a prose line whose overflow is a single word.
fn check(text: &str, width: usize, vocabulary: &HashSet<String>, what: &str) {
    let date = regex::Regex::new(r"[\p{L}0-9/.]*/[\p{L}0-9/.]*").unwrap();
    let mut rule = 0;
    for line in text.lines() {
        assert_eq!(line, line.trim_end(), "{what}: trailing spaces in {line:?}");
        let columns = plan::text::width(line);
        if line.starts_with('─') || line.starts_with('═') {
            rule = columns;
        }
        if width > 0 && columns > width {
            let in_table = rule > width && columns <= rule;
            let one_word = !line.trim().contains(' ');
            assert!(in_table || one_word, "{what}: a line of {columns} columns at {width}:\n{line}\n\n{text}");
        }
        for word in line.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            assert!(
                vocabulary.contains(word),
                "{what}: {word:?} is no whole word of the plan or the tool:\n{line}\n\n{text}"
            );
        }
        for found in date.find_iter(line) {
            let parts: Vec<&str> = found.as_str().split('/').collect();
            // Dates and counts: "31/03/2025", "0/4"; not "II/2025", "plan/tasks/16.toml".
            let numbers = parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
            let whole = parts.iter().all(|p| !p.is_empty()) && (parts.len() < 3 || parts[2].len() == 4);
            let whole = whole || !numbers;
            assert!(whole, "{what}: a date or count cut in {:?}:\n{line}\n\n{text}", found.as_str());
        }
    }
}

#[test]
fn every_table_reads_well_at_every_width() {
    let repo = sample();
    let vocabulary = vocabulary(&repo);
    for args in COMMANDS {
        for width in [0, 60, 80, 120, 200] {
            let width_arg = width.to_string();
            let mut argv: Vec<&str> = args.to_vec();
            if !args.contains(&"--as-of") {
                argv.extend(["--as-of", AS_OF]);
            }
            argv.extend(["--width", &width_arg]);
            let run = repo.run(&argv);
            assert_eq!(run.code, 0, "{argv:?}: {}", run.stderr);
            check(&run.stdout, width, &vocabulary, &format!("{argv:?}"));
            let ascii = repo.run(&[argv.as_slice(), &["--ascii"]].concat());
            assert!(!ascii.stdout.contains('↳'), "{argv:?} --ascii");
        }
    }
}

#[test]
fn piped_output_has_full_titles_and_at_80_the_titles_get_the_room() {
    let repo = sample();
    let title = "Xây dựng kế hoạch hỗ trợ, thúc đẩy doanh nghiệp, nhất là doanh nghiệp vừa và nhỏ";
    let piped = repo.run(&["overdue", "--as-of", AS_OF, "--width", "0"]).stdout;
    assert!(piped.contains(title), "{piped}");
    assert!(!piped.contains('…'), "nothing is cut: {piped}");
    let at_80 = repo.run(&["overdue", "--as-of", AS_OF, "--width", "80"]).stdout;
    let title_column = at_80.lines().nth(1).unwrap().find("Cơ quan").unwrap();
    assert!(title_column >= 35, "the title takes the room: {at_80}");
}

#[test]
fn plan_agency_grows_with_the_width() {
    let repo = sample();
    let widest = |width: &str| {
        let text = repo.run(&["agency", "Sở KH&CN", "--as-of", AS_OF, "--width", width]).stdout;
        text.lines().map(plan::text::width).max().unwrap()
    };
    assert_eq!(widest("120"), 120);
    assert_eq!(widest("200"), 200);
}

#[test]
fn due_soon_rows_say_how_many_days_are_left_and_the_footer_counts_them() {
    let repo = sample();
    let run = repo.run(&["overdue", "--within", "30", "--as-of", "2025-06-20", "--width", "0"]);
    assert!(run.stdout.contains("còn 10 ngày"), "{}", run.stdout);
    assert!(run.stdout.contains("nhiệm vụ đến hạn trong 30 ngày tới"), "{}", run.stdout);
    let today = repo.run(&["overdue", "--within", "7", "--as-of", "2025-06-30", "--width", "0"]);
    assert!(today.stdout.contains("đến hạn hôm nay"), "{}", today.stdout);
    let en = repo.run(&["overdue", "--within", "30", "--as-of", "2025-06-20", "--lang", "en", "--width", "0"]);
    assert!(en.stdout.contains("in 10 days") && en.stdout.contains("due in the next 30 days"), "{}", en.stdout);
}

#[test]
fn a_collective_row_says_how_many_members_still_owe_and_expand_names_them() {
    let repo = sample();
    let run =
        repo.run(&["update", "2", "--by", "so-y-te", "--status", "done", "--date", "2025-06-10", "--as-of", AS_OF]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.run(&["overdue", "--as-of", AS_OF, "--width", "0"]).stdout;
    assert!(text.contains("Các ngành, các cấp: 19/20 chưa hoàn thành"), "{text}");
    let expanded = repo.run(&["overdue", "--as-of", AS_OF, "--width", "0", "--expand"]).stdout;
    assert!(expanded.contains("19/20 chưa hoàn thành (Sở KH&CN, "), "{expanded}");
    assert!(!expanded.contains("Sở Y tế"), "{expanded}");
}

#[test]
fn ascii_replaces_the_arrow() {
    let repo = sample();
    let text = repo.run(&["overdue", "--as-of", AS_OF, "--width", "80", "--ascii"]).stdout;
    assert!(text.contains("\n      > Đề án hoàn thành") && !text.contains('↳'), "{text}");
}

/// The binary, piped: natural width; with COLUMNS, that width.
#[test]
fn the_binary_follows_columns_and_keeps_piped_output_whole() {
    let repo = sample();
    let piped = repo.plan_cmd().args(["overdue", "--as-of", AS_OF]).output().unwrap();
    let piped = String::from_utf8(piped.stdout).unwrap();
    assert!(!piped.contains('…') && piped.lines().map(plan::text::width).max().unwrap() > 120, "{piped}");
    let narrow = repo.plan_cmd().args(["overdue", "--as-of", AS_OF]).env("COLUMNS", "70").output().unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert!(narrow.lines().all(|l| plan::text::width(l) <= 70), "{narrow}");
}

#[test]
fn the_check_catches_split_words_and_dates() {
    let repo = Repo::shipped();
    let vocabulary = vocabulary(&repo);
    for bad in ["Sở Tài chí\nnh", " 47   31/03/2\n      025", "trailing \n", "Xây dựng và triển khai Đề án"]
    {
        let caught = std::panic::catch_unwind(|| check(bad, 20, &vocabulary, "sample"));
        assert!(caught.is_err(), "{bad:?} passed the check");
    }
    check("Sở Tài chính\n31/03/2025", 20, &vocabulary, "sample");
}
