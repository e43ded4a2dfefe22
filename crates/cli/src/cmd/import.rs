//! `fairwatch import <file>`: one exhibitor list (CSV, XLSX, ODS) for one event, e.g. an
//! ISS World list a researcher transcribed. The event is described by a sidecar TOML
//! file (`--sidecar`, or `<file>.toml` beside the list) and/or flags; flags win.
//! Formats and the sidecar are documented in docs/DATA.md.

use std::path::PathBuf;

use fairwatch_sources::exhibitor_list::{EventSpec, ExhibitorListImporter};

use super::Global;
use crate::output::print_json;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The list: .csv (UTF-8 or Windows-1252; `,` `;` or tab), .xlsx, .xls or .ods.
    pub path: PathBuf,
    /// A TOML file describing the event [default: the list's name with .toml, if present].
    #[arg(long, value_name = "FILE")]
    pub sidecar: Option<PathBuf>,
    /// The sheet to read from a workbook [default: the first].
    #[arg(long)]
    pub sheet: Option<String>,
    /// Map a field to a column header, e.g. `--column name="Company Name"` (repeatable;
    /// fields: name, alias, country, address, website, email, telephone, category,
    /// exhibitor_url).
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    pub columns: Vec<String>,
    /// Event name, e.g. "ISS World Europe 2019".
    #[arg(long)]
    pub name: Option<String>,
    /// Series key: lowercase letters, digits and `-`, e.g. `iss-world-europe`.
    #[arg(long)]
    pub series: Option<String>,
    /// Edition, e.g. 2019.
    #[arg(long)]
    pub edition: Option<String>,
    /// Event slug [default: <series>-<edition>].
    #[arg(long)]
    pub slug: Option<String>,
    /// Host country: name or ISO code.
    #[arg(long, value_name = "COUNTRY")]
    pub host_country: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start_date: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub end_date: Option<String>,
    /// When only the year or month is known: YYYY or YYYY-MM.
    #[arg(long, value_name = "DATE")]
    pub approx_date: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub venue: Option<String>,
    /// Where the list was published.
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// When you retrieved it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub retrieved: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub licence: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// The list is known to be incomplete.
    #[arg(long)]
    pub list_incomplete: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

impl Args {
    /// The event description: sidecar first, then flags on top.
    fn spec(&self) -> anyhow::Result<EventSpec> {
        let sidecar = self.sidecar.clone().or_else(|| {
            let beside = EventSpec::sidecar_for(&self.path);
            beside.is_file().then_some(beside)
        });
        let mut spec = match &sidecar {
            Some(path) => EventSpec::from_toml_file(path)?,
            None => EventSpec::default(),
        };
        let set = |field: &mut String, flag: &Option<String>| {
            if let Some(v) = flag {
                *field = v.clone();
            }
        };
        set(&mut spec.name, &self.name);
        set(&mut spec.series, &self.series);
        set(&mut spec.edition, &self.edition);
        for (field, flag) in [
            (&mut spec.slug, &self.slug),
            (&mut spec.host_country, &self.host_country),
            (&mut spec.start_date, &self.start_date),
            (&mut spec.end_date, &self.end_date),
            (&mut spec.approx_date, &self.approx_date),
            (&mut spec.city, &self.city),
            (&mut spec.venue, &self.venue),
            (&mut spec.source_url, &self.source_url),
            (&mut spec.retrieved, &self.retrieved),
            (&mut spec.publisher, &self.publisher),
            (&mut spec.licence, &self.licence),
            (&mut spec.note, &self.note),
        ] {
            if flag.is_some() {
                field.clone_from(flag);
            }
        }
        spec.list_incomplete |= self.list_incomplete;
        spec.columns.apply_overrides(&self.columns)?;
        let origin = match &sidecar {
            Some(p) => format!("{} and the command line", p.display()),
            None => "the command line (flags --name, --series, ...)".to_string(),
        };
        spec.validate(&origin)?;
        Ok(spec)
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let importer = ExhibitorListImporter {
        path: args.path.clone(),
        spec: args.spec()?,
        sheet: args.sheet.clone(),
    };
    let mut store = g.open_with_data()?;
    let outcome = super::store_loaded(g, &mut store, &importer)?;
    if args.json {
        print_json(&outcome)?;
    }
    Ok(())
}
