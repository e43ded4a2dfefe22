//! `fairwatch search <name>`: exhibitor appearances whose name contains the query,
//! ignoring case and diacritics ("thales" finds "THALES", "Thalès").

use super::Global;
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Part of an exhibitor name.
    pub query: String,
    /// First event year (inclusive).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last event year (inclusive).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// At most this many appearances.
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let store = g.open_with_data()?;
    let rows = store.search_appearances(&args.query, args.from, args.to, args.limit)?;
    if rows.len() == args.limit {
        g.note(format!(
            "(showing the first {}; raise --limit for more)",
            args.limit
        ));
    }
    if args.format.format() == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new(vec![
        "event",
        "year",
        "host",
        "name",
        "country",
        "categories",
    ]);
    for r in rows {
        t.push(vec![
            r.event_slug,
            opt(&r.event_year),
            opt(&r.event_host),
            r.name,
            opt(&r.country_iso2),
            r.categories.join("; "),
        ]);
    }
    t.print(args.format.format())
}
