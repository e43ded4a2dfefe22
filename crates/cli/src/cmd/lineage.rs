//! `fairwatch lineage import|export|list`: lineage between firms (renamed_to,
//! spun_off_from, acquired_by, subsidiary_of), from the user's own file beside what the
//! vendor lists and exhibitor names say. The file is CSV with the header
//! `subject,kind,object,date,note`, names as they appear in the record or a vendor list.

use std::path::PathBuf;

use fairwatch_core::model::LineageKind;
use fairwatch_store::UserLineageRow;

use super::Global;
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add (or update) lineage from a CSV file: subject,kind,object,date,note.
    Import { file: PathBuf },
    /// Print the user's lineage as CSV (to keep in git).
    Export,
    /// Every lineage relation after resolution, with its evidence.
    List {
        #[command(flatten)]
        format: FormatArgs,
    },
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    match cmd {
        Command::Import { file } => {
            let (name, lines) = crate::named_csv::read(
                &file,
                &["subject", "kind", "object"],
                "subject,kind,object[,date,note]",
            )?;
            let mut rows = Vec::new();
            for r in &lines {
                let line = r.line;
                let get = |column: &str| r.get(column).trim().to_string();
                let kind = get("kind");
                if LineageKind::parse(&kind).is_none() {
                    anyhow::bail!(
                        "{name}: line {line}: kind {kind:?} must be renamed_to, spun_off_from, acquired_by or subsidiary_of"
                    );
                }
                let (subject, object) = (get("subject"), get("object"));
                if subject.is_empty() || object.is_empty() {
                    anyhow::bail!("{name}: line {line}: subject and object must name two firms");
                }
                let date = Some(get("date")).filter(|d| !d.is_empty());
                if let Some(d) = &date {
                    if let Some(problem) = fairwatch_core::dates::date_problem(d, true) {
                        anyhow::bail!("{name}: line {line}: date {d:?}: {problem}");
                    }
                }
                rows.push(UserLineageRow {
                    subject,
                    kind,
                    object,
                    date,
                    note: get("note"),
                });
            }
            store.add_user_lineage(&rows)?;
            g.note(format!(
                "Imported {} lineage relations from {name}; they apply at the next resolution.",
                rows.len()
            ));
            Ok(())
        }
        Command::Export => {
            let mut t = Table::new(vec!["subject", "kind", "object", "date", "note"]);
            for r in store.user_lineage()? {
                t.push(vec![r.subject, r.kind, r.object, opt(&r.date), r.note]);
            }
            t.print_csv_raw()
        }
        Command::List { format } => {
            crate::pipeline::ensure_resolved(g, &mut store)?;
            let rows = store.all_lineage()?;
            if format.format() == Format::Json {
                return print_json(&rows);
            }
            let mut t = Table::new(vec![
                "subject",
                "kind",
                "object",
                "date",
                "subject id",
                "object id",
                "evidence",
            ]);
            for l in rows {
                t.push(vec![
                    l.subject_name,
                    l.kind,
                    l.object_name,
                    opt(&l.date),
                    opt(&l.subject_id),
                    opt(&l.object_id),
                    l.evidence,
                ]);
            }
            t.print(format.format())
        }
    }
}
