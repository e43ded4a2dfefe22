//! `fairwatch events`: list events, filtered by series, years, host country or region.

use anyhow::Context;

use fairwatch_core::country::{Continent, Gazetteer};
use fairwatch_store::EventFilter;

use super::{country_code, Global};
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Series, by key or name: `milipol-paris`, "Milipol Paris", `dsei`.
    #[arg(long)]
    pub series: Option<String>,
    /// First year (inclusive).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year (inclusive).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Host country: ISO code or name (repeatable).
    #[arg(long, value_name = "COUNTRY")]
    pub host: Vec<String>,
    /// Host region (continent): africa, asia, europe, north_america, south_america, oceania.
    #[arg(long)]
    pub region: Option<String>,
    /// Only events with an exhibitor list.
    #[arg(long)]
    pub with_exhibitors: bool,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// Parses a continent from its key or label, case-insensitively.
pub fn continent(text: &str) -> anyhow::Result<Continent> {
    let key = text.trim().to_lowercase().replace([' ', '-'], "_");
    Continent::ALL
        .into_iter()
        .find(|c| c.as_str() == key)
        .with_context(|| {
            let names: Vec<_> = Continent::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown region {text:?}: use one of {}", names.join(", "))
        })
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let gazetteer = Gazetteer::builtin();
    let mut hosts: Option<Vec<String>> = None;
    if !args.host.is_empty() {
        hosts = Some(
            args.host
                .iter()
                .map(|h| country_code(&gazetteer, h))
                .collect::<anyhow::Result<_>>()?,
        );
    }
    if let Some(region) = &args.region {
        let c = continent(region)?;
        let in_region: Vec<String> = gazetteer
            .all()
            .filter(|x| x.continent == c)
            .map(|x| x.iso2.to_string())
            .collect();
        hosts = Some(match hosts {
            Some(h) => h.into_iter().filter(|x| in_region.contains(x)).collect(),
            None => in_region,
        });
    }
    let store = g.open_with_data()?;
    let rows = store.events(&EventFilter {
        series: args.series,
        from_year: args.from,
        to_year: args.to,
        hosts,
        with_exhibitors: args.with_exhibitors,
        limit: args.limit,
    })?;
    if args.format.format() == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new(vec![
        "slug",
        "year",
        "dates",
        "host",
        "exhibitors",
        "delegations",
        "name",
    ]);
    for e in rows {
        let dates = match (&e.start_date, &e.end_date, &e.approx_date) {
            (Some(s), Some(end), _) if s != end => format!("{s}..{end}"),
            (Some(s), _, _) => s.clone(),
            (None, _, Some(a)) => format!("~{a}"),
            _ => String::new(),
        };
        t.push(vec![
            e.slug,
            opt(&e.year),
            dates,
            opt(&e.host_iso2),
            e.exhibitors.to_string(),
            e.delegations.to_string(),
            e.name,
        ]);
    }
    t.print(args.format.format())
}
