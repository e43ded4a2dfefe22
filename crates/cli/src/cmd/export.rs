//! `fairwatch export appearances`: every exhibitor appearance with its company (event
//! slug, raw name, company id and canonical name, subsidiary/division qualifier).

use super::Global;
use crate::output::{opt, print_json, Format, Table};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Every appearance with its company (CSV by default).
    Appearances(Args),
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON instead of CSV.
    #[arg(long)]
    pub json: bool,
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let Command::Appearances(args) = cmd;
    let mut store = g.open_with_data()?;
    crate::pipeline::ensure_resolved(g, &mut store)?;
    let rows = store.export_appearances()?;
    if args.json {
        return print_json(&rows);
    }
    let mut t = Table::new(vec![
        "event_slug",
        "year",
        "raw_name",
        "company_id",
        "company_name",
        "qualifier",
        "country_iso2",
    ]);
    for r in rows {
        t.push(vec![
            r.event_slug,
            opt(&r.year),
            r.raw_name,
            opt(&r.company_id),
            opt(&r.company_name),
            opt(&r.qualifier),
            opt(&r.country_iso2),
        ]);
    }
    t.print(Format::Csv)
}
