//! Every listing command in every format it offers, and CSV that LibreOffice's default
//! import (which splits on both `,` and `;`) reads into the right columns.

mod common;

use common::Repo;

const AS_OF: &str = "2025-07-10";

/// The shipped plan with updates whose notes hold both separators, quotes, a line break
/// and a formula, from two agencies on a task owned by two.
fn with_updates() -> Repo {
    let repo = Repo::shipped();
    let update = |args: &[&str]| repo.update(args);
    update(&[
        "10",
        "--by",
        "so-noi-vu",
        "--status",
        "done",
        "--date",
        "2025-03-25",
        "--evidence",
        "KH số 12; ngày 20/3",
    ]);
    update(&[
        "47",
        "--by",
        "so-tai-chinh",
        "--status",
        "in-progress",
        "--date",
        "2025-06-30",
        "--note",
        "a, b; \"c\"\nd",
    ]);
    update(&["40", "--by", "cong-an-tinh", "--status", "blocked", "--date", "2025-06-20", "--note", "=1+1"]);
    repo
}

/// Asserts every row splits into as many columns as the header, both as LibreOffice splits
/// and as a CSV reader with the file's own delimiter does; returns the reader's rows.
fn assert_columns(what: &str, bytes: &[u8], delimiter: u8) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let split = common::split_like_libreoffice(text, &[',', ';']);
    let width = split[0].len();
    for (i, row) in split.iter().enumerate() {
        assert_eq!(row.len(), width, "{what}: row {i} splits into {} columns, not {width}: {row:?}", row.len());
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().len(), width, "{what}");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap_or_else(|e| panic!("{what}: {e}"))).collect();
    assert_eq!(rows.len() + 1, split.len(), "{what}: as many rows either way");
    rows
}

fn run(repo: &Repo, args: &[&str]) -> Vec<u8> {
    run_plain(repo, &[args, &["--as-of", AS_OF]].concat())
}

fn run_plain(repo: &Repo, args: &[&str]) -> Vec<u8> {
    let output = repo.plan_cmd().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

#[test]
fn export_csv_splits_right_on_both_separators() {
    let repo = with_updates();
    let task = |id: &str| repo.read(&format!("tasks/{id}.toml"));
    // The plan's own text that holds a semicolon: these rows shifted once.
    assert!(task("10").contains(';') && task("41").contains(';'));
    for delimiter in [",", ";"] {
        let bytes = run(&repo, &["export", "--format", "csv", "--delimiter", delimiter]);
        let rows = assert_columns(&format!("export {delimiter}"), &bytes, delimiter.as_bytes()[0]);
        assert_eq!(rows.len(), 52, "one row per task");
        let row = |id: &str| rows.iter().find(|r| &r[1] == id).unwrap().clone();
        assert!(row("41").iter().any(|cell| cell.contains(';')), "{:?}", row("41"));
        assert!(row("10").iter().any(|cell| cell.contains(';')), "{:?}", row("10"));
        assert!(rows.iter().filter(|r| r.iter().any(|cell| cell.contains(','))).count() > 30);
        assert!(row("47")[9].contains("a, b; \"c\"\nd"), "{:?}", &row("47")[9]);
        // The plan's list items stay exactly as written; a formula is made inert, invisibly.
        assert!(row("1")[6].starts_with("- Đề án hoàn thành trong quý II/2025"), "{:?}", &row("1")[6]);
        assert!(rows.iter().all(|r| r.iter().all(|cell| !cell.starts_with('\''))));
        assert!(rows.iter().all(|r| r.iter().all(|cell| !cell.starts_with(['=', '+', '@']))));
    }
}

/// The listing commands and the formats each offers, read from the binary's own help so
/// that a new command or format is run too.
fn listing_commands(repo: &Repo) -> Vec<(String, Vec<String>)> {
    let help = String::from_utf8(run_plain(repo, &["--lang", "en", "help"])).unwrap();
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 10, "{help}");
    commands
        .into_iter()
        .filter_map(|command| {
            let help = String::from_utf8(run_plain(repo, &["--lang", "en", &command, "--help"])).unwrap();
            let line = help.lines().find(|l| l.trim_start().starts_with("--format"))?.to_string();
            // "[default: table] [possible values: table, csv, json]"; the list may wrap.
            let rest: String = help.split(&line).nth(1).unwrap().lines().take(3).collect::<Vec<_>>().join(" ");
            let values = format!("{line} {rest}");
            let values = values.split("[possible values: ").nth(1)?.split(']').next()?;
            Some((command, values.split(',').map(|v| v.trim().to_string()).collect()))
        })
        .collect()
}

#[test]
fn every_listing_command_works_in_every_format() {
    let repo = with_updates();
    let found = listing_commands(&repo);
    let names: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    for expected in ["overdue", "list", "agencies", "agency", "summary", "export", "log"] {
        assert!(names.contains(&expected), "{expected} is a listing command: {found:?}");
    }
    // What a command needs besides its format.
    let arguments = |command: &str| -> Vec<&str> {
        match command {
            "agency" => vec!["Sở KH&CN"],
            "show" => vec!["16"],
            _ => vec![],
        }
    };
    let mut runs = 0;
    for (command, formats) in &found {
        for format in formats {
            let mut args = vec![command.as_str()];
            args.extend(arguments(command));
            args.extend(["--format", format.as_str()]);
            let what = args.join(" ");
            let bytes = run(&repo, &args);
            assert!(!bytes.is_empty(), "{what}: no output");
            match format.as_str() {
                "csv" => {
                    assert_columns(&what, &bytes, b',');
                    let mut semicolon = args.clone();
                    semicolon.extend(["--delimiter", ";"]);
                    assert_columns(&format!("{what} ;"), &run(&repo, &semicolon), b';');
                }
                "json" => {
                    serde_json::from_slice::<serde_json::Value>(&bytes)
                        .unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
                }
                "xlsx" => {
                    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
                    assert!(archive.by_name("xl/worksheets/sheet1.xml").is_ok(), "{what}");
                }
                "docx" => {
                    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
                    assert!(archive.by_name("word/document.xml").is_ok(), "{what}");
                }
                "table" => {
                    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
                }
                other => panic!("{what}: a format this test does not know: {other}"),
            }
            runs += 1;
        }
    }
    assert!(runs >= 7 * 3, "{runs} runs");
}

/// LibreOffice's default import splits on `,` and `;` alike: a field holding either is
/// quoted whatever the delimiter, and nothing else is.
#[test]
fn both_separators_are_quoted_whatever_the_delimiter() {
    use plan::render::csv::{write, CsvOptions};
    #[derive(serde::Serialize, Default)]
    struct Row<'a> {
        id: &'a str,
        note: &'a str,
        days: i64,
    }
    let rows = [Row { id: "a,b", note: "c;d", days: 1 }, Row { id: "plain", note: "x\ty", days: 2 }];
    let written = |delimiter| String::from_utf8(write(&rows, CsvOptions { no_bom: true, delimiter }).unwrap()).unwrap();
    assert_eq!(written(b','), "id,note,days\n\"a,b\",\"c;d\",1\nplain,x\ty,2\n");
    assert_eq!(written(b';'), "id;note;days\n\"a,b\";\"c;d\";1\nplain;x\ty;2\n");
    assert_eq!(written(b'\t'), "id\tnote\tdays\n\"a,b\"\t\"c;d\"\t1\nplain\t\"x\ty\"\t2\n");
    assert_eq!(written(b'|'), "id|note|days\n\"a,b\"|\"c;d\"|1\nplain|x\ty|2\n");
    for delimiter in [b',', b';', b'\t', b'|'] {
        let text = written(delimiter);
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
        let cells: Vec<Vec<String>> =
            reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(cells, [["a,b", "c;d", "1"], ["plain", "x\ty", "2"]]);
        let split = common::split_like_libreoffice(&text, &[',', ';', char::from(delimiter)]);
        assert!(split.iter().all(|row| row.len() == 3), "{split:?}");
    }
}
