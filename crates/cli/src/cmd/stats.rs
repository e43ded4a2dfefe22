//! `fairwatch stats`: counts over the whole record.

use super::Global;
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let store = g.open_with_data()?;
    let s = store.stats()?;
    if args.format.format() == Format::Json {
        return print_json(&s);
    }
    let mut t = Table::new(vec!["measure", "value"]);
    for (k, v) in [
        ("sources", s.sources.to_string()),
        ("events", s.events.to_string()),
        (
            "events with exhibitor lists",
            s.events_with_exhibitors.to_string(),
        ),
        (
            "events with delegation lists",
            s.events_with_delegations.to_string(),
        ),
        ("series", s.series.to_string()),
        ("exhibitor appearances", s.appearances.to_string()),
        (
            "distinct exhibitor names",
            s.distinct_exhibitor_names.to_string(),
        ),
        ("delegations", s.delegations.to_string()),
        ("organisers", s.organisers.to_string()),
        ("host countries", s.host_countries.to_string()),
        ("cancelled events", s.cancelled_events.to_string()),
        ("first year", opt(&s.first_year)),
        ("last year", opt(&s.last_year)),
    ] {
        t.push(vec![k.to_string(), v]);
    }
    t.print(args.format.format())
}
