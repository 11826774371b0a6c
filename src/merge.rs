//! Three-way merge of a task file, as git's merge driver (`plan merge-driver`) does it and
//! as `plan audit` recomputes it: the append-only records (updates, proposals, amendments)
//! from both sides are kept (each content as many times as a three-way merge of its counts
//! says, new ones in date order); the rest of the file is merged line by line by
//! `git merge-file`, which marks real conflicts.

use std::collections::HashMap;

use crate::records::{self, Kind, RawRecord};

/// Merges three versions of a task file; returns the result and whether it is free of conflicts.
///
/// Each record content is kept as many times as a three-way merge of its counts says (so
/// a record removed on one side stays removed, one added on both sides is kept once, and
/// repeats already in the base are kept): ours in our order, then theirs' new ones in date
/// order. A version that is not a readable task file is merged line by line, conflicts
/// marked.
pub fn merge(base: &str, ours: &str, theirs: &str) -> anyhow::Result<(String, bool)> {
    // A byte-order mark is not part of the TOML; ours keeps its own.
    let bom = |text: &str| text.starts_with('\u{feff}');
    let strip = |text: &'_ str| -> String { text.strip_prefix('\u{feff}').unwrap_or(text).to_string() };
    let (base_text, ours_text, theirs_text) = (strip(base), strip(ours), strip(theirs));
    let (merged, clean) = merge_text(&base_text, &ours_text, &theirs_text)?;
    Ok((if bom(ours) { format!("\u{feff}{merged}") } else { merged }, clean))
}

fn merge_text(base: &str, ours: &str, theirs: &str) -> anyhow::Result<(String, bool)> {
    let (Ok(o), Ok(a), Ok(b)) = (records::parse(base), records::parse(ours), records::parse(theirs)) else {
        let (text, _) = merge_lines(base, ours, theirs)?;
        return Ok((text, false));
    };
    let (head, clean) = if records::same_head(&a.head, &b.head) || records::same_head(&o.head, &b.head) {
        (a.head.clone(), true)
    } else if records::same_head(&o.head, &a.head) {
        (b.head.clone(), true)
    } else {
        merge_lines(&o.head, &a.head, &b.head)?
    };

    let (in_base, in_ours, in_theirs) =
        (records::counts(&o.records), records::counts(&a.records), records::counts(&b.records));
    let count = |counts: &HashMap<&str, usize>, key: &str| counts.get(key).copied().unwrap_or(0);
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for key in in_ours.keys().chain(in_theirs.keys()) {
        let (base, ours, theirs) = (count(&in_base, key), count(&in_ours, key), count(&in_theirs, key));
        let merged = if ours == theirs || theirs == base {
            ours
        } else if ours == base {
            theirs
        } else {
            ours.max(theirs)
        };
        wanted.insert(key, merged);
    }
    let mut take = |record: &RawRecord| match wanted.get_mut(record.key.as_str()) {
        Some(left) if *left > 0 => {
            *left -= 1;
            true
        }
        _ => false,
    };
    let mut kept: Vec<&RawRecord> = a.records.iter().filter(|r| take(r)).collect();
    let mut added: Vec<&RawRecord> = b.records.iter().filter(|r| take(r)).collect();
    added.sort_by(|x, y| x.date.cmp(&y.date));
    kept.extend(added);
    let renumbered = renumbered(&[&a.records, &b.records], &kept);

    let newline = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = head.trim_end().to_string();
    out.push_str(newline);
    for (i, record) in kept.iter().enumerate() {
        out.push_str(newline);
        if renumbered.contains(&i) {
            out.push_str(RENUMBERED);
            out.push_str(newline);
        }
        out.push_str(record.text.trim_end());
        out.push_str(newline);
    }
    Ok((out, clean && renumbered.is_empty()))
}

/// Put above an amendment whose `proposal = N` names another proposal after the merge.
const RENUMBERED: &str =
    "# plan merge-driver: số đề xuất (proposal = N) của điều chỉnh dưới đây đã đổi khi gộp, cần sửa lại / \
the merge renumbered the proposals: check this amendment's `proposal = N`";

/// The amendments of `merged` (by position) whose `proposal = N` names, in the merged file,
/// another proposal than in a side that holds them. An amendment answers a proposal by its
/// number in the file, and a side's new proposals are numbered after the other side's: a
/// merge that silently moved a decision onto another agency's proposal must be looked at.
fn renumbered(sides: &[&[RawRecord]], merged: &[&RawRecord]) -> Vec<usize> {
    let in_merged = proposal_keys(merged.iter().copied());
    let mut out = Vec::new();
    for (position, record) in merged.iter().enumerate().filter(|(_, r)| r.kind == Kind::Amendment) {
        let Some(index) = answered(record) else { continue };
        let moved = sides.iter().any(|side| {
            side.iter().any(|r| r.key == record.key) && proposal_keys(side.iter()).get(index) != in_merged.get(index)
        });
        if moved {
            out.push(position);
        }
    }
    out
}

/// The proposals' contents in file order: proposal N is the N-th.
fn proposal_keys<'a>(records: impl IntoIterator<Item = &'a RawRecord<'a>>) -> Vec<&'a str> {
    records.into_iter().filter(|r| r.kind == Kind::Proposal).map(|r| r.key.as_str()).collect()
}

/// The 0-based index of the proposal an amendment answers (`proposal = N`), if it names one.
fn answered(amendment: &RawRecord) -> Option<usize> {
    let number = amendment.table.get("proposal")?.as_integer()?;
    usize::try_from(number).ok()?.checked_sub(1)
}

/// Three-way line merge of the heads with `git merge-file`; conflicts get the usual markers.
fn merge_lines(base: &str, ours: &str, theirs: &str) -> anyhow::Result<(String, bool)> {
    let dir = tempfile::tempdir()?;
    let write = |name: &str, text: &str| -> anyhow::Result<String> {
        let path = dir.path().join(name);
        std::fs::write(&path, text)?;
        Ok(path.to_string_lossy().into_owned())
    };
    let (o, a, b) = (write("base", base)?, write("ours", ours)?, write("theirs", theirs)?);
    let output = std::process::Command::new("git")
        .args(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", &a, &o, &b])
        .output()?;
    // git merge-file exits with the number of conflicts, or a negative value on error.
    match output.status.code() {
        Some(0) => Ok((String::from_utf8_lossy(&output.stdout).into_owned(), true)),
        Some(n) if n > 0 => Ok((String::from_utf8_lossy(&output.stdout).into_owned(), false)),
        _ => anyhow::bail!("git merge-file failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"16\"\ntitle = \"Đề án\"\n";

    fn record(by: &str, date: &str) -> String {
        format!("\n[[updates]]\nby = \"{by}\"\ndate = {date}\nstatus = \"in-progress\"\n")
    }

    #[test]
    fn records_from_both_sides_are_kept_once_in_date_order() {
        let base = format!("{HEAD}{}", record("a", "2025-01-01"));
        let ours = format!("{base}{}", record("b", "2025-03-01"));
        let theirs = format!("{base}{}{}", record("d", "2025-04-01"), record("c", "2025-02-01"));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean);
        assert_eq!(
            merged,
            format!(
                "{HEAD}{}{}{}{}",
                record("a", "2025-01-01"),
                record("b", "2025-03-01"),
                record("c", "2025-02-01"),
                record("d", "2025-04-01")
            )
        );
        let (again, _) = merge(&base, &merged, &merged).unwrap();
        assert_eq!(again, merged, "merging the same records twice adds nothing");
    }

    #[test]
    fn a_record_removed_on_one_side_stays_removed() {
        let base = format!("{HEAD}{}", record("a", "2025-01-01"));
        let (merged, clean) = merge(&base, HEAD, &format!("{base}{}", record("b", "2025-02-01"))).unwrap();
        assert!(clean);
        assert_eq!(merged, format!("{HEAD}{}", record("b", "2025-02-01")));
    }

    #[test]
    fn a_note_holding_a_header_line_merges_and_base_repeats_are_kept() {
        let tricky =
            "\n[[updates]]\nby = \"a\"\ndate = 2025-01-01\nstatus = \"blocked\"\nnote = \"\"\"\n[[updates]]\n\"\"\"\n";
        let base = format!("{HEAD}{tricky}{}{}", record("a", "2025-01-02"), record("a", "2025-01-02"));
        let ours = format!("{base}{}", record("b", "2025-03-01"));
        let theirs = format!("{base}{}", record("c", "2025-02-01"));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean);
        assert_eq!(merged, format!("{ours}{}", record("c", "2025-02-01")));
        assert_eq!(records::parse(&merged).unwrap().records.len(), 5);
    }

    #[test]
    fn other_spellings_of_the_header_are_records_too() {
        let base = HEAD.to_string();
        let ours = format!("{HEAD}\n[[ updates ]] # a\nby = \"a\"\ndate = 2025-01-01\nstatus = \"done\"\n");
        let theirs = format!("{HEAD}{}", record("b", "2025-02-01"));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean);
        assert_eq!(merged, format!("{ours}{}", record("b", "2025-02-01")));
    }

    fn proposal(header: &str, by: &str, date: &str) -> String {
        format!("\n{header}\nby = \"{by}\"\ndate = {date}\nreason = \"Chờ hướng dẫn\"\ndeadline = \"Trong năm 2026\"\n")
    }

    fn amendment(decided: &str, proposal: usize) -> String {
        format!("\n[[amendments]]\ndecision = \"Quyết định số 1/QĐ-UBND\"\ndecided = {decided}\ndeadline = \"Trong năm 2026\"\nproposal = {proposal}\n")
    }

    #[test]
    fn two_agencies_proposing_at_once_merge_cleanly_and_keep_their_kinds() {
        let base = format!("{HEAD}{}", record("a", "2025-01-01"));
        let ours = format!("{base}{}", proposal("[[proposals]]", "a", "2025-03-01"));
        let theirs =
            format!("{base}{}{}", record("b", "2025-02-01"), proposal("[[ \"proposals\" ]]", "b", "2025-04-01"));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean, "{merged}");
        assert_eq!(
            merged,
            format!("{ours}{}{}", record("b", "2025-02-01"), proposal("[[ \"proposals\" ]]", "b", "2025-04-01"))
        );
        let kinds: Vec<_> = records::parse(&merged).unwrap().records.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Kind::Update, Kind::Proposal, Kind::Update, Kind::Proposal]);
    }

    #[test]
    fn an_update_and_a_proposal_with_the_same_fields_are_both_kept() {
        let fields = "by = \"a\"\ndate = 2025-03-01\n";
        let ours = format!("{HEAD}\n[[updates]]\n{fields}");
        let theirs = format!("{HEAD}\n[[proposals]]\n{fields}");
        let (merged, clean) = merge(HEAD, &ours, &theirs).unwrap();
        assert!(clean);
        assert_eq!(merged, format!("{ours}\n[[proposals]]\n{fields}"));
    }

    #[test]
    fn an_amendment_answering_a_proposal_the_merge_renumbers_is_left_for_a_human() {
        // Theirs: DOST decides on Sở b's proposal, its first. Ours: Sở a proposed meanwhile,
        // so after the merge Sở b's proposal is the second.
        let ours = format!("{HEAD}{}", proposal("[[proposals]]", "a", "2025-03-01"));
        let theirs = format!("{HEAD}{}{}", proposal("[[proposals]]", "b", "2025-03-02"), amendment("2025-04-01", 1));
        let (merged, clean) = merge(HEAD, &ours, &theirs).unwrap();
        assert!(!clean, "{merged}");
        assert!(merged.contains(&format!("{RENUMBERED}\n[[amendments]]")), "{merged}");
        assert!(records::parse(&merged).is_ok(), "still a task file: {merged}");

        // A decision on a proposal both sides already had keeps its number: clean.
        let base = format!("{HEAD}{}", proposal("[[proposals]]", "b", "2025-03-02"));
        let ours = format!("{base}{}", proposal("[[proposals]]", "a", "2025-03-03"));
        let theirs = format!("{base}{}", amendment("2025-04-01", 1));
        let (merged, clean) = merge(&base, &ours, &theirs).unwrap();
        assert!(clean, "{merged}");
        assert_eq!(merged, format!("{ours}{}", amendment("2025-04-01", 1)));
    }

    #[test]
    fn a_side_that_does_not_parse_is_a_conflict() {
        let (merged, clean) =
            merge(HEAD, &format!("{HEAD}oops ="), &format!("{HEAD}{}", record("b", "2025-02-01"))).unwrap();
        assert!(!clean, "{merged}");
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let ours = HEAD.replace("Đề án", "Đề án A");
        let theirs = HEAD.replace("Đề án", "Đề án B");
        let (merged, clean) = merge(HEAD, &ours, &theirs).unwrap();
        assert!(!clean);
        assert!(merged.contains("<<<<<<< ours") && merged.contains(">>>>>>> theirs"), "{merged}");
        let (one_side, clean) = merge(HEAD, &ours, HEAD).unwrap();
        assert!(clean);
        assert!(one_side.contains("Đề án A"));
    }
}
