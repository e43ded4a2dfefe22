//! `fairwatch report`: the findings as a static HTML site. On a fresh machine it loads
//! the bundled data, resolves, classifies and answers first, so this one command is the
//! whole job. Prints where the report is and a short summary of the findings.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

use super::Global;
use crate::progress::Bar;
use fairwatch_sources::Progress;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to write the site into (replaced if it holds an earlier report).
    #[arg(long, default_value = "fairwatch-report", value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut store = g.open_with_data()?;
    let m = crate::pipeline::methodology(g)?;
    let publication = crate::pipeline::publication(g, &mut store, m)?;
    let built = started.elapsed().as_secs_f64();
    let bar = Bar::new();
    bar.start(0, "writing pages");
    let mut last = 0;
    let summary = fairwatch_web::write_report(&publication, &args.out, &mut |done, total| {
        if done == 1 {
            bar.start(total as u64, "writing pages");
        }
        bar.advance((done - last) as u64);
        last = done;
    })
    .with_context(|| format!("cannot write the report into {}", args.out.display()))?;
    bar.finish();
    let index = std::fs::canonicalize(summary.dir.join("index.html"))
        .unwrap_or_else(|_| summary.dir.join("index.html"));
    let a = &publication.answers;
    let f = &a.finding;
    let tier = |t: &str| {
        a.q1.by_tier
            .iter()
            .find(|(k, _)| k.as_str() == t)
            .map_or(0, |(_, n)| *n)
    };
    println!("Report written: {}", index.display());
    println!(
        "  {} pages and {} downloads ({:.1} MB) in {:.1} s ({:.1} s of it preparing the data).",
        summary.pages,
        summary.downloads,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        built
    );
    println!();
    println!(
        "Findings for {}-{} ({} methodology):",
        f.window.from, f.window.to, f.methodology
    );
    println!(
        "  Q1 {} firms with evidence of {}: {} high, {} medium, {} low confidence.",
        a.q1.firms.len(),
        f.capabilities.join("/"),
        tier("high"),
        tier("medium"),
        tier("low")
    );
    println!(
        "  Q2 {} of {} with a known headquarters ({}) market outside their home {}.",
        a.q2.numerator,
        a.q2.denominator,
        a.q2.share
            .map_or("n/a".into(), |s| format!("{:.1}%", s * 100.0)),
        a.q2.region_scheme
    );
    if let Some(top) = a.q3.fairs.first() {
        println!(
            "  Q3 The top fair is {} ({} firms) of {} fairs.",
            crate::output::terminal_safe(&top.series),
            top.firms,
            a.q3.fairs.len()
        );
    }
    let group = |key: &str| {
        publication
            .methodology
            .spec
            .groups
            .get(key)
            .map_or_else(|| key.to_string(), |g| g.label.clone())
    };
    println!(
        "  Q4 {} firms marketed where the {} are; {} of them also at fairs of {}.",
        a.q4.firms.len(),
        group(&a.q4.adversaries),
        a.q4.irresponsible,
        group(&a.q4.allies)
    );
    println!();
    println!("  dataset sha256     {}", f.dataset_sha256);
    println!("  methodology sha256 {}", f.methodology_sha256);
    Ok(())
}
