//! `fairwatch evaluate [PAIRS.csv]`: resolution quality against labelled pairs of raw
//! names (default `eval/er-pairs.csv`): pairwise precision, recall, F1, B-cubed figures,
//! accuracy per kind of pair, and every pair the resolver got wrong.

use std::collections::HashMap;
use std::path::PathBuf;

use fairwatch_core::resolve::eval::{evaluate, LabelledPair, Metrics, Miss};

use super::Global;
use crate::output::{print_json, Format, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// CSV with `name_a,name_b,label,kind[,note]`, label `match` or `no_match`.
    #[arg(default_value = "eval/er-pairs.csv")]
    pub pairs: PathBuf,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
    /// For every wrong pair, show why: each name's node and company, how the candidate
    /// rules found the pair (if they did), its score with every feature, and the score
    /// of the two companies' anchors. Re-runs the resolution in memory.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

/// Reads a labelled pair file.
pub fn read_pairs(path: &std::path::Path) -> anyhow::Result<Vec<LabelledPair>> {
    let (name, rows) = crate::named_csv::read(
        path,
        &["name_a", "name_b", "label"],
        "name_a,name_b,label[,kind,note]",
    )?;
    rows.iter()
        .map(|r| {
            let same = match r.get("label") {
                "match" => true,
                "no_match" => false,
                other => anyhow::bail!(
                    "{name}: line {}: label {other:?} must be match or no_match",
                    r.line
                ),
            };
            Ok(LabelledPair {
                a: r.get("name_a").to_string(),
                b: r.get("name_b").to_string(),
                same,
                kind: r.get("kind").to_string(),
            })
        })
        .collect()
}

/// Scores the stored resolution against `pairs`.
pub fn metrics(store: &fairwatch_store::Store, pairs: &[LabelledPair]) -> anyhow::Result<Metrics> {
    // A raw name's company: the one most of its appearances belong to.
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for row in store.export_appearances()? {
        if let Some(c) = row.company_id {
            *counts
                .entry(row.raw_name)
                .or_default()
                .entry(c)
                .or_default() += 1;
        }
    }
    let company: HashMap<String, String> = counts
        .into_iter()
        .map(|(name, cs)| {
            let best = cs
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(c, _)| c)
                .unwrap_or_default();
            (name, best)
        })
        .collect();
    Ok(evaluate(pairs, &|n: &str| company.get(n).cloned()))
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let pairs = read_pairs(&args.pairs)?;
    let mut store = g.open_with_data()?;
    crate::pipeline::ensure_resolved(g, &mut store)?;
    let m = metrics(&store, &pairs)?;
    if args.json {
        return print_json(&m);
    }
    let mut t = Table::new(vec!["measure", "value"]);
    for (k, v) in [
        ("labelled pairs", m.pairs.to_string()),
        (
            "evaluated (both names in the data)",
            m.evaluated.to_string(),
        ),
        ("true positives", m.true_positives.to_string()),
        (
            "false positives (wrong merges)",
            m.false_positives.to_string(),
        ),
        (
            "false negatives (missed merges)",
            m.false_negatives.to_string(),
        ),
        ("true negatives", m.true_negatives.to_string()),
        ("pairwise precision", format!("{:.4}", m.precision)),
        ("pairwise recall", format!("{:.4}", m.recall)),
        ("pairwise F1", format!("{:.4}", m.f1)),
        ("B-cubed precision", format!("{:.4}", m.bcubed_precision)),
        ("B-cubed recall", format!("{:.4}", m.bcubed_recall)),
    ] {
        t.push(vec![k.to_string(), v]);
    }
    t.print(Format::Table)?;
    println!("\nBy kind of pair:");
    let mut t = Table::new(vec!["kind", "pairs", "correct"]);
    for (kind, (n, ok)) in &m.by_kind {
        t.push(vec![kind.clone(), n.to_string(), ok.to_string()]);
    }
    t.print(Format::Table)?;
    if !m.misses.is_empty() {
        println!("\nWrong ({}):", m.misses.len());
        let mut t = Table::new(vec!["error", "kind", "name a", "name b"]);
        for x in &m.misses {
            t.push(vec![
                x.error.to_string(),
                x.kind.clone(),
                x.a.clone(),
                x.b.clone(),
            ]);
        }
        t.print(Format::Table)?;
    }
    if args.explain && !m.misses.is_empty() {
        explain(&store, &m.misses)?;
    }
    if !m.unknown_names.is_empty() {
        println!("\nNames not found in the data: {}", m.unknown_names.len());
    }
    Ok(())
}

/// Prints why each wrong pair came out as it did.
fn explain(store: &fairwatch_store::Store, misses: &[Miss]) -> anyhow::Result<()> {
    use fairwatch_core::country::Gazetteer;
    use fairwatch_core::names::Normaliser;
    use fairwatch_core::resolve::{self, explain_pairs, Settings};

    let records = store.resolver_records()?;
    let decisions = crate::pipeline::resolver_inputs(store)?.decisions;
    let normaliser = Normaliser::new(&Gazetteer::builtin());
    let res = resolve::resolve(&records, &normaliser, &decisions, Settings::default());
    let node_of_raw = resolve::node_of_raw(&records, &res.node_of_record);
    let node_of = |raw: &str| node_of_raw.get(raw).copied();
    let describe = |n: usize| -> String {
        let node = &res.nodes[n];
        let countries: Vec<String> = node
            .countries
            .iter()
            .map(|(c, k)| format!("{c}:{k}"))
            .collect();
        format!(
            "[{}] rows {} countries {} domains {} company {:?}",
            node.id,
            node.records.len(),
            countries.join(","),
            node.domains.join(","),
            res.companies[res.company_of_node[n]].id
        )
    };
    let features = |s: &fairwatch_core::resolve::Scored| -> String {
        s.features
            .iter()
            .map(|f| format!("{} {:+} ({})", f.name, f.weight, f.detail))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let found: Vec<(&Miss, (usize, usize))> = misses
        .iter()
        .filter_map(|x| Some((x, (node_of(&x.a)?, node_of(&x.b)?))))
        .collect();
    let pairs: Vec<(usize, usize)> = found.iter().map(|(_, p)| *p).collect();
    println!("\nWhy:");
    for ((x, (a, b)), e) in found.iter().zip(explain_pairs(&res, &pairs)) {
        let (a, b) = (*a, *b);
        println!("\n{} {:?} / {:?}", x.error, x.a, x.b);
        println!("  a: {}", describe(a));
        println!("  b: {}", describe(b));
        let how = e
            .link
            .map(|l| format!("{l:?}"))
            .unwrap_or_else(|| "not a candidate".into());
        println!(
            "  pair ({how}): {:.2}: {}",
            e.scored.score,
            features(&e.scored)
        );
        if e.anchors != (a, b) {
            println!(
                "  anchors [{}] / [{}]: {:.2}: {}",
                res.nodes[e.anchors.0].id,
                res.nodes[e.anchors.1].id,
                e.anchors_scored.score,
                features(&e.anchors_scored)
            );
        }
    }
    Ok(())
}
