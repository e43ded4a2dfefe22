//! `fairwatch compare "name A" "name B"`: one pair scored by the screening matcher, with
//! the decision at the operating threshold and the reasons. Word rarity comes from the
//! lists in the database (loaded from the bundle on first use), as in screening.

use super::Global;
use crate::output::{print_json, terminal_safe};
use fairwatch_screen::{Query, Settings};
use fairwatch_sources::lists::EntityKind;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(required_unless_present = "pairs")]
    pub a: Option<String>,
    #[arg(required_unless_present = "pairs")]
    pub b: Option<String>,
    /// Instead of one pair: measure precision and recall on a labelled file
    /// (`a,b,type,label[,category,note]`, label 1 or 0), e.g. eval/screen-pairs.csv.
    #[arg(long, conflicts_with_all = ["a", "b"])]
    pub pairs: Option<std::path::PathBuf>,
    /// With --pairs: list every pair decided wrongly.
    #[arg(long, requires = "pairs")]
    pub misses: bool,
    /// What both names are.
    #[arg(long = "type", value_enum)]
    pub kind: Option<Kind>,
    /// The threshold to decide at [default: the operating threshold].
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Compare the two names only: do not also link them through a list entry that
    /// gives both (one as a name, the other close to another of its names).
    #[arg(long)]
    pub names_only: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum Kind {
    Company,
    Person,
}

impl Kind {
    pub fn entity(self) -> EntityKind {
        match self {
            Kind::Company => EntityKind::Organisation,
            Kind::Person => EntityKind::Person,
        }
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open()?;
    crate::screening::ensure_lists(g, &mut store)?;
    let settings = Settings {
        threshold: args
            .threshold
            .unwrap_or(fairwatch_screen::DEFAULT_THRESHOLD),
        entry_links: !args.names_only,
        ..Settings::default()
    };
    let (matcher, _) = crate::screening::matcher(&store, None, settings)?;
    if let Some(path) = &args.pairs {
        return evaluate(&matcher, path, args.misses, args.json);
    }
    let kind = args.kind.map(Kind::entity);
    let (a, b) = (args.a.unwrap_or_default(), args.b.unwrap_or_default());
    let q = Query {
        kind,
        ..Query::name(&a)
    };
    let c = matcher
        .compare(&q, &b, kind)
        .map_err(|e| anyhow::anyhow!(e))?;
    if args.json {
        return print_json(&c);
    }
    println!(
        "{} vs {}: score {:.3}, {} at threshold {} ({})",
        terminal_safe(&c.a),
        terminal_safe(&c.b),
        c.score,
        c.decision.replace('_', " "),
        c.threshold,
        c.algorithm
    );
    println!("  name score {:.3}", c.explanation.name_score);
    for w in &c.explanation.words {
        println!(
            "    {:<5} {:<20} {:<20} similarity {:.2}  weight {:.1}",
            w.side,
            terminal_safe(&w.word),
            terminal_safe(w.matched.as_deref().unwrap_or("-")),
            w.similarity,
            w.weight
        );
    }
    for a in &c.explanation.adjustments {
        println!(
            "  {:+.2} {}: {}",
            a.delta,
            a.feature,
            terminal_safe(&a.detail)
        );
    }
    Ok(())
}

/// One labelled pair and its score.
struct Scored {
    a: String,
    b: String,
    kind: &'static str,
    category: String,
    same: bool,
    score: f64,
}

#[derive(serde::Serialize)]
struct Metrics {
    threshold: f64,
    precision: f64,
    recall: f64,
    f1: f64,
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

fn metrics(scored: &[Scored], threshold: f64) -> Metrics {
    let tp = scored
        .iter()
        .filter(|p| p.same && p.score >= threshold)
        .count();
    let fp = scored
        .iter()
        .filter(|p| !p.same && p.score >= threshold)
        .count();
    let fn_ = scored
        .iter()
        .filter(|p| p.same && p.score < threshold)
        .count();
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if tp + fn_ == 0 {
        1.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Metrics {
        threshold,
        precision,
        recall,
        f1,
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
    }
}

/// Precision, recall and F1 on labelled pairs, at the operating threshold and at the
/// best threshold of a sweep (chosen on these labels, so optimistic), per category,
/// and the time taken.
fn evaluate(
    matcher: &fairwatch_screen::Matcher,
    path: &std::path::Path,
    misses: bool,
    json: bool,
) -> anyhow::Result<()> {
    let (name, rows) =
        crate::named_csv::read(path, &["a", "b", "label"], "a,b,type,label[,category,note]")?;
    let mut pairs = Vec::new();
    for r in &rows {
        let same = match r.get("label") {
            "1" | "match" => true,
            "0" | "no_match" => false,
            other => anyhow::bail!("{name}: line {}: label {other:?} must be 1 or 0", r.line),
        };
        let kind = match r.get("type") {
            "person" => Some(EntityKind::Person),
            "company" => Some(EntityKind::Organisation),
            _ => None,
        };
        pairs.push((
            r.get("a").to_string(),
            r.get("b").to_string(),
            kind,
            same,
            r.get("category").to_string(),
        ));
    }
    // Timed as the peer is: the best of five passes over every pair, on one thread;
    // and on every core.
    let batch: Vec<(Query, String, Option<EntityKind>)> = pairs
        .iter()
        .map(|(a, b, kind, _, _)| {
            (
                Query {
                    kind: *kind,
                    ..Query::name(a)
                },
                b.clone(),
                *kind,
            )
        })
        .collect();
    let mut seconds = f64::MAX;
    let mut seconds_parallel = f64::MAX;
    for _ in 0..5 {
        let started = std::time::Instant::now();
        for (q, b, kind) in &batch {
            std::hint::black_box(matcher.compare_score(q, b, *kind));
        }
        seconds = seconds.min(started.elapsed().as_secs_f64());
        let started = std::time::Instant::now();
        std::hint::black_box(matcher.compare_scores(&batch));
        seconds_parallel = seconds_parallel.min(started.elapsed().as_secs_f64());
    }
    let mut scored = Vec::with_capacity(pairs.len());
    for (a, b, kind, same, category) in pairs {
        let q = Query {
            kind,
            ..Query::name(&a)
        };
        let score = matcher.compare_score(&q, &b, kind).unwrap_or(0.0);
        let kind = match kind {
            Some(EntityKind::Person) => "person",
            Some(_) => "company",
            None => "",
        };
        scored.push(Scored {
            a,
            b,
            kind,
            category,
            same,
            score,
        });
    }
    let at = metrics(&scored, matcher.settings.threshold);
    let best = (50..=99)
        .map(|t| metrics(&scored, t as f64 / 100.0))
        .max_by(|x, y| {
            x.f1.total_cmp(&y.f1)
                .then(y.threshold.total_cmp(&x.threshold))
        })
        .expect("a non-empty sweep");
    let by_kind: Vec<(&str, Metrics)> = ["company", "person"]
        .into_iter()
        .map(|k| {
            let subset: Vec<Scored> = scored
                .iter()
                .filter(|p| p.kind == k)
                .map(|p| Scored {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    kind: p.kind,
                    category: p.category.clone(),
                    same: p.same,
                    score: p.score,
                })
                .collect();
            (k, metrics(&subset, matcher.settings.threshold))
        })
        .collect();
    let mut categories: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for p in &scored {
        let right = p.same == (p.score >= matcher.settings.threshold);
        let e = categories.entry(p.category.as_str()).or_default();
        e.0 += usize::from(right);
        e.1 += 1;
    }
    let wrong: Vec<&Scored> = scored
        .iter()
        .filter(|p| p.same != (p.score >= matcher.settings.threshold))
        .collect();
    if json {
        let doc = serde_json::json!({
            "pairs": scored.len(),
            "algorithm": fairwatch_screen::ALGORITHM,
            "at_threshold": at,
            "best_on_these_labels": best,
            "by_type": by_kind.iter().map(|(k, m)| serde_json::json!({"type": k, "metrics": m})).collect::<Vec<_>>(),
            "categories": categories.iter().map(|(k, (r, n))| serde_json::json!({"category": k, "right": r, "pairs": n})).collect::<Vec<_>>(),
            "seconds": seconds,
            "seconds_all_cores": seconds_parallel,
            "misses": wrong.iter().map(|p| serde_json::json!({"a": p.a, "b": p.b, "label": u8::from(p.same), "score": p.score, "category": p.category})).collect::<Vec<_>>(),
        });
        return print_json(&doc);
    }
    println!(
        "{} labelled pairs from {name} ({})",
        scored.len(),
        fairwatch_screen::ALGORITHM
    );
    for (label, m) in [
        ("at the operating threshold", &at),
        ("best threshold on these labels", &best),
    ] {
        println!(
            "  {label} {:.2}: precision {:.3}, recall {:.3}, F1 {:.3} (TP {}, FP {}, FN {})",
            m.threshold,
            m.precision,
            m.recall,
            m.f1,
            m.true_positives,
            m.false_positives,
            m.false_negatives
        );
    }
    for (k, m) in &by_kind {
        println!(
            "  {k:<8} at {:.2}: precision {:.3}, recall {:.3}, F1 {:.3}",
            m.threshold, m.precision, m.recall, m.f1
        );
    }
    println!(
        "  scored in {:.2} ms on one thread ({:.0} pairs/s), {:.2} ms on all cores; best of 5 passes",
        seconds * 1000.0,
        scored.len() as f64 / seconds.max(1e-9),
        seconds_parallel * 1000.0
    );
    for (c, (right, n)) in &categories {
        println!("  {c:<24} {right}/{n} right");
    }
    if misses {
        for p in wrong {
            println!(
                "  miss: {} | {} (label {}, score {:.3}, {})",
                terminal_safe(&p.a),
                terminal_safe(&p.b),
                u8::from(p.same),
                p.score,
                p.category
            );
        }
    }
    Ok(())
}
