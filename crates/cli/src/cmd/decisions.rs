//! `fairwatch decisions export|import`: reviewers' merge / keep-apart decisions as a
//! plain CSV file a team can keep in git (`kind,name_a,name_b,who,note,decided_at`).

use std::path::PathBuf;

use anyhow::Context;

use fairwatch_store::DecisionRow;

use super::Global;
use crate::output::Table;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Print every decision as CSV.
    Export,
    /// Add (or update) decisions from a CSV file written by `export`.
    Import { file: PathBuf },
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    match cmd {
        Command::Export => {
            let mut t = Table::new(vec![
                "kind",
                "name_a",
                "name_b",
                "who",
                "note",
                "decided_at",
            ]);
            for d in store.decisions()? {
                t.push(vec![
                    d.kind,
                    d.name_a,
                    d.name_b,
                    d.who,
                    d.note,
                    d.decided_at,
                ]);
            }
            // Names are written verbatim (not formula-guarded): the file is read back by
            // `import`, and the names must match the record byte for byte.
            t.print_csv_raw()
        }
        Command::Import { file } => {
            let name = file.display().to_string();
            let mut reader =
                csv::Reader::from_path(&file).with_context(|| format!("cannot read {name}"))?;
            let headers = reader.headers()?.clone();
            let col = |h: &str| headers.iter().position(|x| x == h);
            let (Some(k), Some(a), Some(b)) = (col("kind"), col("name_a"), col("name_b")) else {
                anyhow::bail!("{name}: line 1: expected the header kind,name_a,name_b[,who,note,decided_at] (as `fairwatch decisions export` writes)");
            };
            let mut rows = Vec::new();
            for (i, record) in reader.records().enumerate() {
                let line = i + 2;
                let record =
                    record.with_context(|| format!("{name}: line {line}: not valid CSV"))?;
                let get =
                    |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_string();
                let kind = get(Some(k));
                if kind != "merge" && kind != "keep_apart" {
                    anyhow::bail!("{name}: line {line}: kind {kind:?} must be merge or keep_apart");
                }
                let (name_a, name_b) = (get(Some(a)), get(Some(b)));
                if name_a.is_empty() || name_b.is_empty() || name_a == name_b {
                    anyhow::bail!(
                        "{name}: line {line}: name_a and name_b must be two different names"
                    );
                }
                rows.push(DecisionRow {
                    kind,
                    name_a,
                    name_b,
                    who: get(col("who")),
                    note: get(col("note")),
                    decided_at: get(col("decided_at")),
                });
            }
            store.add_decisions(&rows)?;
            g.note(format!(
                "Imported {} decisions from {name}; they apply at the next resolution.",
                rows.len()
            ));
            Ok(())
        }
    }
}
