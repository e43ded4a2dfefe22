//! `fairwatch classify`: classifies every company under the methodology (capabilities,
//! confidence tiers, evidence), stores the result, and prints how many companies land
//! in each tier of each capability. `fairwatch company show` shows the evidence.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Global;
use crate::output::{print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct Row {
    capability: String,
    label: String,
    high: usize,
    medium: usize,
    low: usize,
    below_every_tier: usize,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let m = crate::pipeline::methodology(g)?;
    let mut store = g.open_with_data()?;
    let s = crate::pipeline::study(g, &mut store, &m)?;
    let mut counts: BTreeMap<&str, [usize; 4]> = m
        .spec
        .capabilities
        .iter()
        .map(|c| (c.id.as_str(), [0; 4]))
        .collect();
    for assessments in &s.classes.companies {
        for a in assessments {
            let slot = match a.tier {
                Some(t) => t as usize,
                None => 3,
            };
            if let Some(c) = counts.get_mut(a.capability.as_str()) {
                c[slot] += 1;
            }
        }
    }
    let rows: Vec<Row> = counts
        .into_iter()
        .map(|(id, c)| Row {
            capability: id.to_string(),
            label: m.capability_label(id).to_string(),
            high: c[0],
            medium: c[1],
            low: c[2],
            below_every_tier: c[3],
        })
        .collect();
    g.note(format!(
        "Classified {} companies under {} {} (methodology sha256 {}) in {:.2} s.",
        s.data.companies.len(),
        m.spec.methodology.name,
        m.spec.methodology.version,
        &m.sha256[..12],
        s.classify_seconds
    ));
    if args.format.format() == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new(vec![
        "capability",
        "high",
        "medium",
        "low",
        "below every tier",
    ]);
    for r in rows {
        t.push(vec![
            r.capability,
            r.high.to_string(),
            r.medium.to_string(),
            r.low.to_string(),
            r.below_every_tier.to_string(),
        ]);
    }
    t.print(args.format.format())
}
