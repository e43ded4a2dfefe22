//! `fairwatch event <slug>`: one event with its exhibitors and delegations.

use anyhow::Context;

use super::Global;
use crate::output::{opt, print_fields, print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The event's slug, e.g. `milipol-paris-2019` (see `fairwatch events`).
    pub slug: String,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let store = g.open_with_data()?;
    let e = store.event(&args.slug)?.with_context(|| {
        format!(
            "no event with slug {:?}; list slugs with `fairwatch events` (e.g. `fairwatch events --series milipol-paris`)",
            args.slug
        )
    })?;
    match args.format.format() {
        Format::Json => print_json(&e),
        Format::Csv => {
            // The exhibitor list is the table worth exporting.
            let mut t = Table::new(vec![
                "position",
                "name",
                "country",
                "categories",
                "websites",
            ]);
            for x in &e.exhibitor_rows {
                t.push(vec![
                    x.position.to_string(),
                    x.name.clone(),
                    opt(&x.country_iso2),
                    x.categories.join("; "),
                    x.websites.join("; "),
                ]);
            }
            t.print(Format::Csv)
        }
        Format::Table => {
            let host = match (
                &e.event.host_iso2,
                &e.event.host_evidence,
                &e.event.host_detail,
            ) {
                (Some(iso), Some(ev), Some(d)) => format!("{iso} (by {ev}: {d})"),
                _ => "unknown".into(),
            };
            let mut fields = vec![
                ("event", e.event.name.clone()),
                ("slug", e.event.slug.clone()),
                (
                    "series",
                    format!("{} (edition {})", e.event.series, e.event.edition),
                ),
                (
                    "dates",
                    match (&e.event.start_date, &e.event.end_date, &e.event.approx_date) {
                        (Some(s), Some(end), _) => format!("{s} to {end}"),
                        (_, _, Some(a)) => format!("about {a}"),
                        _ => String::new(),
                    },
                ),
                ("host country", host),
                (
                    "venue",
                    e.contact
                        .addresses
                        .iter()
                        .filter_map(|a| a.text.clone())
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
                ("websites", e.contact.websites.join(" ")),
                (
                    "organisers",
                    e.organisers
                        .iter()
                        .map(|o| o.name.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                ("exhibitor list", opt(&e.exhibitor_list_url)),
                (
                    "source",
                    // Not the location: it is machine-specific, and `fairwatch sources`
                    // shows it.
                    [
                        Some(e.source.key.clone()),
                        e.source.publisher.clone(),
                        e.source.version.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
                ),
            ];
            if e.exhibitor_list_incomplete {
                fields.push((
                    "note",
                    "the source marks the exhibitor list incomplete".into(),
                ));
            }
            print_fields(&fields)?;
            if !e.exhibitor_rows.is_empty() {
                println!("\nExhibitors ({}):", e.exhibitor_rows.len());
                let mut t = Table::new(vec!["#", "name", "country", "categories"]);
                for x in &e.exhibitor_rows {
                    t.push(vec![
                        (x.position + 1).to_string(),
                        x.name.clone(),
                        opt(&x.country_iso2),
                        x.categories.join("; "),
                    ]);
                }
                t.print(Format::Table)?;
            }
            if !e.delegation_rows.is_empty() {
                println!("\nDelegations ({}):", e.delegation_rows.len());
                let mut t = Table::new(vec!["name", "country", "attended", "retracted"]);
                for d in &e.delegation_rows {
                    t.push(vec![
                        d.name.clone(),
                        if d.countries.is_empty() {
                            d.organisation.clone().unwrap_or_default()
                        } else {
                            d.countries.join(",")
                        },
                        opt(&d.attended),
                        opt(&d.retracted),
                    ]);
                }
                t.print(Format::Table)?;
            }
            Ok(())
        }
    }
}
