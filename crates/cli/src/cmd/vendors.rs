//! `fairwatch vendors import <file>` and `fairwatch vendors list`: surveillance-vendor
//! reference lists (a MISP galaxy cluster, `.json` or `.json.gz`, or a CSV vendor list in
//! the `vendor-facts.csv` layout). The bundled lists load with `fairwatch ingest`.

use std::path::PathBuf;

use fairwatch_sources::vendors::{MispGalaxyImporter, VendorCsvImporter, VendorInput};
use fairwatch_sources::Importer;

use super::Global;
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Load a vendor list: MISP galaxy cluster JSON (.json, .json.gz) or CSV (.csv).
    Import {
        file: PathBuf,
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The vendor records in the database.
    List {
        #[command(flatten)]
        format: FormatArgs,
    },
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Import { file, json } => {
            let name = file.display().to_string().to_ascii_lowercase();
            let importer: Box<dyn Importer> = if name.ends_with(".csv") || name.ends_with(".csv.gz")
            {
                Box::new(VendorCsvImporter::new(VendorInput::Path(file)))
            } else if name.ends_with(".json") || name.ends_with(".json.gz") {
                Box::new(MispGalaxyImporter::new(VendorInput::Path(file)))
            } else {
                anyhow::bail!(
                    "{}: unknown vendor-list format; give a MISP galaxy cluster (.json, .json.gz) or a CSV list (.csv)",
                    file.display()
                );
            };
            let mut store = g.open_with_data()?;
            let outcome = super::store_loaded(g, &mut store, importer.as_ref())?;
            if json {
                print_json(&outcome)?;
            }
            Ok(())
        }
        Command::List { format } => {
            let store = g.open_with_data()?;
            let rows = store.vendors()?;
            if format.format() == Format::Json {
                return print_json(&rows);
            }
            let mut t = Table::new(vec![
                "list",
                "name",
                "hq",
                "capabilities",
                "synonyms",
                "url",
            ]);
            for r in rows {
                t.push(vec![
                    r.source_key,
                    r.vendor.name,
                    opt(&r.vendor.hq_iso2),
                    r.vendor.capabilities.join(", "),
                    r.vendor.synonyms.join("; "),
                    r.vendor.official_urls.first().cloned().unwrap_or_default(),
                ]);
            }
            t.print(format.format())
        }
    }
}
