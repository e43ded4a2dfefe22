//! `fairwatch doctor`: how well countries resolved, what stays unresolved, and the fix:
//! a mapping file (`text,iso2` per line) that is stored in the database, survives
//! re-ingest, and re-resolves every row at once.

use std::path::PathBuf;

use anyhow::Context;

use fairwatch_core::country::Gazetteer;
use fairwatch_store::CountryReport;

use super::Global;
use crate::output::{print_json, terminal_safe, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A CSV file of `text,iso2` rows (e.g. `Borneo,MY`) mapping spellings in the data
    /// to ISO codes; stored in the database and applied to every row.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Print the stored mapping as CSV (to keep it in git) and exit.
    #[arg(long)]
    pub export_mapping: bool,
    /// List every unresolved text, not only the 20 most frequent.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// Reads a mapping file: `text,iso2` rows; a header row and `#` comments are allowed.
fn read_mapping(path: &PathBuf, gazetteer: &Gazetteer) -> anyhow::Result<Vec<(String, String)>> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot read the mapping file {name}"))?;
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{name}: row {}: not valid CSV", i + 1))?;
        let line = record.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        let text = record.get(0).unwrap_or("").trim();
        let code = record.get(1).unwrap_or("").trim();
        if i == 0 && text.eq_ignore_ascii_case("text") {
            continue;
        }
        if text.is_empty() || code.is_empty() {
            anyhow::bail!("{name}: line {line}: expected `text,iso2` (e.g. `Borneo,MY`)");
        }
        let country = gazetteer.get(code).with_context(|| {
            format!(
                "{name}: line {line}: {code:?} is not an ISO 3166-1 alpha-2 code (e.g. FR, GB, US)"
            )
        })?;
        rows.push((text.to_string(), country.iso2.to_string()));
    }
    Ok(rows)
}

fn pct(n: i64, d: i64) -> String {
    if d == 0 {
        "n/a".into()
    } else {
        format!("{:.2}%", 100.0 * n as f64 / d as f64)
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    if args.export_mapping {
        let mut t = Table::new(vec!["text", "iso2"]);
        for (text, iso2) in store.country_mappings()? {
            t.push(vec![text, iso2]);
        }
        return t.print(Format::Csv);
    }
    if let Some(path) = &args.mapping {
        let rows = read_mapping(path, &Gazetteer::builtin())?;
        store.add_country_mappings(&rows)?;
        let changed = store.recompute_countries(&super::resolver(&store)?)?;
        g.note(format!(
            "Stored {} mappings from {}; {changed} rows re-resolved.",
            rows.len(),
            path.display()
        ));
    }
    let report = store.country_report()?;
    if args.format.format() == Format::Json {
        return print_json(&report);
    }
    print_report(&report, args.all)
}

fn print_report(r: &CountryReport, all: bool) -> anyhow::Result<()> {
    let mut t = Table::new(vec!["what", "resolved", "of", "share"]);
    t.push(vec![
        "exhibitor rows with a country or address".into(),
        r.appearances_resolved.to_string(),
        r.appearances_with_location.to_string(),
        pct(r.appearances_resolved, r.appearances_with_location),
    ]);
    t.push(vec![
        "delegations (to ISO codes)".into(),
        r.delegations_resolved.to_string(),
        r.delegations.to_string(),
        pct(r.delegations_resolved, r.delegations),
    ]);
    t.push(vec![
        "delegations of international organisations".into(),
        r.delegations_organisations.to_string(),
        String::new(),
        String::new(),
    ]);
    t.push(vec![
        "events with a list, host known".into(),
        r.events_with_lists_hosted.to_string(),
        r.events_with_lists.to_string(),
        pct(r.events_with_lists_hosted, r.events_with_lists),
    ]);
    t.push(vec![
        "all events, host known".into(),
        r.events_hosted.to_string(),
        r.events.to_string(),
        pct(r.events_hosted, r.events),
    ]);
    t.print(Format::Table)?;

    println!("\nEvidence behind each resolved country:");
    let mut t = Table::new(vec!["for", "evidence", "rows"]);
    for (what, evidence, n) in &r.evidence {
        t.push(vec![what.clone(), evidence.clone(), n.to_string()]);
    }
    t.print(Format::Table)?;

    let limit = if all { usize::MAX } else { 20 };
    for (title, list) in [
        (
            "Unresolved exhibitor country texts",
            &r.unresolved_exhibitor_texts,
        ),
        (
            "Unresolved delegation names (organisations included)",
            &r.unresolved_delegations,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        println!("\n{title} ({} distinct):", list.len());
        let mut t = Table::new(vec!["rows", "text", "example event"]);
        for u in list.iter().take(limit) {
            t.push(vec![
                u.rows.to_string(),
                format!("{:?}", u.text),
                u.example_event.clone(),
            ]);
        }
        t.print(Format::Table)?;
        if list.len() > limit {
            println!("... {} more (--all lists them)", list.len() - limit);
        }
    }
    let missing: Vec<_> = r.events_without_host.iter().filter(|(_, l)| *l).collect();
    if !missing.is_empty() {
        println!("\nEvents with a list but no host country:");
        for (slug, _) in missing {
            println!("  {}", terminal_safe(slug));
        }
    }
    println!(
        "\nTo fix a spelling, add a `text,iso2` line to a CSV file and run \
         `fairwatch doctor --mapping FILE`."
    );
    Ok(())
}
