//! Spreadsheets: Excel workbooks (.xlsx, read with calamine) and delimited text (.csv,
//! .tsv, read with the csv crate) as [`Grid`]s, rows numbered as the spreadsheet shows them.

use calamine::{Data, Reader};

use super::{clean_text, Grid, GridRow, Origin};

/// Each sheet of a workbook, by name, as a grid; a cell merged over several rows gives its
/// value to each of them, and one merged across the whole table marks its row.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<(String, Grid)>, String> {
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        let merges = workbook.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let (Some(start), Some(end)) = (range.start(), range.end()) else {
            sheets.push((name, Grid::default()));
            continue;
        };
        let (first_col, last_col) = (start.1, end.1);
        let width = (last_col - first_col + 1) as usize;
        let mut rows: Vec<GridRow> = (start.0..=end.0)
            .map(|r| GridRow {
                cells: (first_col..=last_col)
                    .map(|c| range.get_value((r, c)).map(text_of).unwrap_or_default())
                    .collect(),
                spans_all: false,
                origin: Origin { table: None, row: r as usize + 1 },
            })
            .collect();
        for merge in merges {
            let ((r0, c0), (r1, c1)) = (merge.start, merge.end);
            let Some(top) = r0.checked_sub(start.0).map(|r| r as usize) else { continue };
            let Some(col) = c0.checked_sub(first_col).map(|c| c as usize) else { continue };
            if top >= rows.len() || col >= width {
                continue;
            }
            let value = rows[top].cells[col].clone();
            for r in (top + 1)..=((r1 - start.0) as usize).min(rows.len() - 1) {
                rows[r].cells[col] = value.clone();
            }
            if c0 <= first_col && c1 >= last_col && width > 1 {
                for r in top..=((r1 - start.0) as usize).min(rows.len() - 1) {
                    rows[r].spans_all = true;
                }
            }
        }
        sheets.push((name, Grid { rows }));
    }
    Ok(sheets)
}

/// A cell's value as the clerk sees it: whole numbers without ".0", dates as dd/mm/yyyy.
fn text_of(data: &Data) -> String {
    match data {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => clean_text(s),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => crate::i18n::date(dt.date()),
            Some(dt) => dt.format("%d/%m/%Y %H:%M").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Delimited text as the grids it could be, one per delimiter worth trying: a tab for
/// .tsv; for .csv the semicolon and the comma (Excel writes either, by the machine's list
/// separator) and the tab. A byte-order mark is dropped, CRLF line ends are read.
pub fn read_delimited(bytes: &[u8], tsv: bool) -> Result<Vec<Grid>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiters: &[u8] = if tsv { b"\t" } else { b";,\t" };
    let mut grids = Vec::new();
    for &delimiter in delimiters {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            // The row number a spreadsheet shows the record on.
            let line = rows.len() + 1;
            rows.push(GridRow {
                cells: record.iter().map(clean_text).collect(),
                spans_all: false,
                origin: Origin { table: None, row: line },
            });
        }
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for row in &mut rows {
            row.cells.resize(width, String::new());
        }
        grids.push(Grid { rows });
    }
    Ok(grids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_as_excel_writes_it_is_read_with_either_separator() {
        let text = "\u{feff}TT;Nhiệm vụ;Cơ quan chủ trì\r\n1;\"Việc một; hai\r\ndòng\";Sở Y tế\r\n";
        let grids = read_delimited(text.as_bytes(), false).unwrap();
        assert_eq!(grids[0].rows[0].cells, ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]);
        assert_eq!(grids[0].rows[1].cells, ["1", "Việc một; hai\ndòng", "Sở Y tế"]);
        assert_eq!(grids[0].rows[1].origin.row, 2);
        assert_eq!(grids[1].rows[0].cells.len(), 1, "the comma reading is there too");
    }
}
