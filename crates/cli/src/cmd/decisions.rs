//! `fairwatch decisions export|import`: reviewers' merge / keep-apart decisions as a
//! plain CSV file a team can keep in git (`kind,name_a,name_b,who,note,decided_at`).

use std::path::PathBuf;

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
            let (name, lines) = crate::named_csv::read(
                &file,
                &["kind", "name_a", "name_b"],
                "kind,name_a,name_b[,who,note,decided_at] (as `fairwatch decisions export` writes)",
            )?;
            let mut rows = Vec::new();
            for r in &lines {
                let line = r.line;
                let kind = r.get("kind").to_string();
                if kind != "merge" && kind != "keep_apart" {
                    anyhow::bail!("{name}: line {line}: kind {kind:?} must be merge or keep_apart");
                }
                // Names stay verbatim: they must match the record byte for byte.
                let (name_a, name_b) = (r.get("name_a").to_string(), r.get("name_b").to_string());
                if name_a.is_empty() || name_b.is_empty() || name_a == name_b {
                    anyhow::bail!(
                        "{name}: line {line}: name_a and name_b must be two different names"
                    );
                }
                rows.push(DecisionRow {
                    kind,
                    name_a,
                    name_b,
                    who: r.get("who").to_string(),
                    note: r.get("note").to_string(),
                    decided_at: r.get("decided_at").to_string(),
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
