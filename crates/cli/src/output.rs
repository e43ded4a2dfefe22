//! Printing results: aligned tables for people, `--json` and `--csv` for machines.
//!
//! Every string from the data is hostile. On the terminal, control characters (escape
//! sequences that could rewrite the screen) are shown as `�`; in CSV, cells that a
//! spreadsheet would run as a formula are prefixed with `'`.

use std::io::Write;

use comfy_table::{ContentArrangement, LineStyle, Table as Comfy, TableStyle};
use serde::Serialize;

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args, Debug, Clone, Copy)]
pub struct FormatArgs {
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV instead of a table (formula-like cells are neutralised with a leading ').
    #[arg(long)]
    pub csv: bool,
}

impl FormatArgs {
    pub fn format(self) -> Format {
        if self.json {
            Format::Json
        } else if self.csv {
            Format::Csv
        } else {
            Format::Table
        }
    }
}

/// Replaces control characters (except newline and tab, which are shown as spaces in
/// tables anyway) so that data cannot drive the terminal.
pub fn terminal_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// One line for a table cell: control characters replaced, whitespace runs collapsed.
fn cell(s: &str) -> String {
    terminal_safe(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

pub use fairwatch_core::text::csv_safe;

/// Aligned columns, a dashed line under the header, no borders: easy to read, grep and
/// paste.
const PLAIN: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('-').junction(' '));

/// A table of strings, printable as aligned text or CSV.
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// CSV without the formula guard, for files Fairwatch reads back verbatim.
    pub fn print_csv_raw(&self) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(std::io::stdout().lock());
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()?;
        Ok(())
    }

    /// CSV with the header, formula-like cells neutralised.
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }

    pub fn print(&self, format: Format) -> anyhow::Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match format {
            Format::Csv => out.write_all(self.to_csv()?.as_bytes())?,
            Format::Table | Format::Json => {
                let mut t = Comfy::new();
                t.load_style(PLAIN)
                    .set_content_arrangement(ContentArrangement::Disabled)
                    .set_header(self.headers.iter().map(|h| h.to_string()));
                for row in &self.rows {
                    t.add_row(row.iter().map(|c| cell(c)));
                }
                // comfy-table pads the last column; trailing spaces are noise in files.
                for line in t.to_string().lines() {
                    writeln!(out, "{}", line.trim_end())?;
                }
            }
        }
        Ok(())
    }
}

/// Pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `key: value` lines for one record on the terminal.
pub fn print_fields(fields: &[(&str, String)]) -> anyhow::Result<()> {
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (k, v) in fields {
        writeln!(out, "{k:>width$}  {}", cell(v))?;
    }
    Ok(())
}

pub fn opt(v: &Option<impl ToString>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+1"), "'+1");
        assert_eq!(csv_safe("@SUM"), "'@SUM");
        assert_eq!(csv_safe("Thales"), "Thales");
    }

    #[test]
    fn terminal_escape_sequences_are_defused() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(cell("two\nlines\t here"), "two lines here");
    }
}
