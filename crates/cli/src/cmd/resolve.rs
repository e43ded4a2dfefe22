//! `fairwatch resolve`: resolve every exhibitor appearance into companies, link vendor
//! reference lists and lineage, and fill the review queue. Other commands run it on
//! demand; this runs it explicitly and reports.

use super::Global;
use crate::output::{print_json, Format, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    let s = crate::pipeline::resolve_and_store(&mut store, g.quiet)?;
    if args.json {
        return print_json(&s);
    }
    let mut t = Table::new(vec!["measure", "value"]);
    for (k, v) in [
        ("appearances", s.appearances.to_string()),
        ("distinct name keys", s.name_keys.to_string()),
        ("candidate pairs scored", s.candidate_pairs.to_string()),
        ("companies", s.companies.to_string()),
        (
            "companies known by several names",
            s.companies_with_several_names.to_string(),
        ),
        ("pairs waiting for review", s.review_pairs.to_string()),
        ("vendor records", s.vendor_records.to_string()),
        ("vendor records linked", s.vendor_links.to_string()),
        ("lineage relations", s.lineage.to_string()),
        ("seconds", format!("{:.2}", s.seconds)),
    ] {
        t.push(vec![k.to_string(), v]);
    }
    t.print(Format::Table)?;
    g.note("Next: `fairwatch company show <name>`, `fairwatch review`, `fairwatch export appearances`.");
    Ok(())
}
