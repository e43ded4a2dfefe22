//! `fairwatch ingest [PATH]`: load the bundled dataset (the CAAT record and the vendor
//! lists), or a newer CAAT snapshot from a directory or archive. Idempotent: the same
//! content twice changes nothing.

use std::path::PathBuf;

use fairwatch_sources::caat::{CaatImporter, CaatProvenance};
use fairwatch_sources::input::Input;

use super::Global;
use crate::output::print_json;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A directory or archive (.tar.gz, .tgz, .tar, .zip) in the CAAT layout; the
    /// bundled snapshot when omitted.
    pub path: Option<PathBuf>,
    /// Upstream version of the snapshot (e.g. the git commit), recorded as provenance.
    #[arg(long, value_name = "TEXT", requires = "path")]
    pub version: Option<String>,
    /// When the snapshot was retrieved (YYYY-MM-DD), recorded as provenance.
    #[arg(long, value_name = "DATE", requires = "path")]
    pub retrieved: Option<String>,
    /// Where the snapshot came from [default: the CAAT repository].
    #[arg(long, value_name = "URL", requires = "path")]
    pub url: Option<String>,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open()?;
    g.note(format!("Database: {}", g.db_path().display()));
    let Some(path) = &args.path else {
        // The whole bundled dataset: the fair record and the vendor lists.
        let mut outcomes = Vec::new();
        for importer in crate::bundled::all() {
            outcomes.push(super::store_loaded(g, &mut store, importer.as_ref())?);
        }
        if args.json {
            print_json(&outcomes)?;
        }
        return Ok(());
    };
    let importer = CaatImporter {
        input: Input::from_path(path)?,
        provenance: CaatProvenance {
            url: args.url.or_else(|| CaatProvenance::bundled().url),
            version: args.version,
            retrieved: args.retrieved,
            licence: CaatProvenance::bundled().licence,
            note: None,
        },
    };
    let outcome = super::store_loaded(g, &mut store, &importer)?;
    if args.json {
        print_json(&outcome)?;
    }
    Ok(())
}
