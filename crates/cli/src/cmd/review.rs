//! `fairwatch review`: the pairs near the decision threshold, one at a time, with their
//! evidence: merge, keep apart, or skip. Decisions are stored by raw name, survive
//! re-ingest and re-resolution, and export with `fairwatch decisions export`.

use std::io::{BufRead, Write};

use super::Global;
use crate::output::{print_json, terminal_safe, Format, Table};
use fairwatch_store::DecisionRow;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// List the queue instead of reviewing it.
    #[arg(long)]
    pub list: bool,
    /// Print the queue as JSON (with --list).
    #[arg(long, requires = "list")]
    pub json: bool,
    /// Who is deciding (recorded with each decision) [default: $USER].
    #[arg(long, env = "FAIRWATCH_REVIEWER")]
    pub who: Option<String>,
    /// At most this many pairs.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    crate::pipeline::ensure_resolved(g, &mut store)?;
    let queue: Vec<_> = store.review_pairs()?.into_iter().take(args.limit).collect();
    if args.list {
        if args.json {
            return print_json(&queue);
        }
        let mut t = Table::new(vec!["score", "name a", "name b", "why not merged"]);
        for p in &queue {
            t.push(vec![
                format!("{:.1}", p.score),
                p.name_a.clone(),
                p.name_b.clone(),
                p.reason.clone(),
            ]);
        }
        return t.print(Format::Table);
    }
    if queue.is_empty() {
        println!("The review queue is empty.");
        return Ok(());
    }
    let who = args
        .who
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut decided = Vec::new();
    println!(
        "{} pairs to review. For each: [m]erge, [k]eep apart, [s]kip, [q]uit.",
        queue.len()
    );
    for (i, p) in queue.iter().enumerate() {
        println!(
            "\n[{}/{}] score {:.1} ({})",
            i + 1,
            queue.len(),
            p.score,
            p.reason
        );
        println!(
            "  A: {}   (company {})",
            terminal_safe(&p.name_a),
            terminal_safe(&p.company_a)
        );
        println!(
            "  B: {}   (company {})",
            terminal_safe(&p.name_b),
            terminal_safe(&p.company_b)
        );
        if let Ok(features) = serde_json::from_str::<Vec<serde_json::Value>>(&p.features) {
            for f in features {
                println!(
                    "     {:+5.1}  {:<18} {}",
                    f["weight"].as_f64().unwrap_or(0.0),
                    f["name"].as_str().unwrap_or(""),
                    terminal_safe(f["detail"].as_str().unwrap_or(""))
                );
            }
        }
        let kind = loop {
            print!("  > ");
            std::io::stdout().flush()?;
            let Some(line) = lines.next().transpose()? else {
                break None;
            };
            match line.trim() {
                "m" | "merge" => break Some("merge"),
                "k" | "keep" | "keep apart" => break Some("keep_apart"),
                "s" | "skip" | "" => break Some("skip"),
                "q" | "quit" => break None,
                other => println!("  {other:?}? answer m, k, s or q"),
            }
        };
        match kind {
            None => break,
            Some("skip") => continue,
            Some(kind) => decided.push((
                DecisionRow {
                    kind: kind.into(),
                    name_a: p.name_a.clone(),
                    name_b: p.name_b.clone(),
                    who: who.clone(),
                    note: String::new(),
                    decided_at: String::new(),
                },
                serde_json::json!({
                    "review_pair": p.id,
                    "score": p.score,
                    "reason": p.reason,
                    "company_a": p.company_a,
                    "company_b": p.company_b,
                })
                .to_string(),
            )),
        }
    }
    if decided.is_empty() {
        println!("\nNo decisions recorded.");
        return Ok(());
    }
    let details: Vec<String> = decided.iter().map(|(_, detail)| detail.clone()).collect();
    let decided: Vec<DecisionRow> = decided.into_iter().map(|(d, _)| d).collect();
    store.add_decisions_audited(&decided, &details, "cli")?;
    println!(
        "\nRecorded {} decisions by {who}; re-resolving...",
        decided.len()
    );
    let s = crate::pipeline::resolve_and_store(&mut store, g.quiet)?;
    println!(
        "{} companies; {} pairs left for review.",
        s.companies, s.review_pairs
    );
    Ok(())
}
