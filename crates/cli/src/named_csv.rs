//! Reading the plain CSV files users keep beside the database (reviewers' decisions,
//! lineage, labelled pairs): columns by header name, each row with its line number, and
//! errors that name the file and line.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;

/// One data row: its 1-based line in the file and its cells by column name.
pub struct Row {
    pub line: usize,
    cells: HashMap<String, String>,
}

impl Row {
    /// The cell of `column`, verbatim; empty when the column or the cell is missing.
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

/// A file's display name and its rows. `required` columns must be in the header, or
/// the error shows `expected_header`.
pub fn read(
    path: &Path,
    required: &[&str],
    expected_header: &str,
) -> anyhow::Result<(String, Vec<Row>)> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("cannot read {name}"))?;
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{name}: line 1: not valid CSV"))?
        .iter()
        .map(str::to_string)
        .collect();
    if let Some(missing) = required.iter().find(|r| !headers.iter().any(|h| h == *r)) {
        anyhow::bail!(
            "{name}: line 1: no column {missing:?}; expected the header {expected_header}"
        );
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| format!("{name}: line {line}: not valid CSV"))?;
        let cells = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), v.to_string()))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok((name, rows))
}
